//! The layer as providers use it: entities agree with each other, and every
//! network action shows in every read (SPEC G-3, C-6).

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::scenario::Scenario;

const A: &str = "696ce9e780e0483585e4e553";
const B: &str = "65a1b2c3d4e5f60718293a4b";

fn now() -> DateTime<Utc> {
    "2024-06-03T10:00:00Z".parse().unwrap_or_default()
}

fn linkedin() -> LinkedIn {
    let s = Scenario::default_scenario();
    LinkedIn::new(
        Arc::new(People::new(s.seed, &s.people)),
        s.linkedin.clone(),
        now(),
    )
}

fn stranger(li: &LinkedIn, account: &str) -> String {
    (0..)
        .map(|i| format!("jane-roe-{i}"))
        .find(|h| li.degree(account, h) != Degree::First)
        .unwrap_or_default()
}

// G-3: a member's experience names companies that exist, by the same slug and name.
#[test]
fn experience_companies_resolve_to_the_same_companies() {
    let li = linkedin();
    for i in 0..100 {
        let p = li.person(&format!("member-{i}"));
        let c = li
            .company_by_slug(&p.company_slug)
            .expect("current company exists");
        assert_eq!(c.name, p.company);
        assert_eq!(c.industry, p.industry);
        assert_eq!(
            li.company_by_id(c.id).map(|c| c.slug),
            Some(p.company_slug.to_string())
        );
        for e in p.experience() {
            let c = li
                .company_by_slug(&e.company_slug)
                .expect("past company exists");
            assert_eq!(c.name, e.company, "{}", p.handle);
        }
        assert!(p.location.geo_id.and_then(places::by_geo_id).is_some());
    }
}

// Issue 10 item 26: the pinned person is coherent like a generated one.
#[test]
fn pinned_person_is_coherent_in_place_company_and_education() {
    let li = linkedin();
    let p = li.person("anandi-devi");
    assert_eq!(p.location.full(), "Delhi, India");
    assert_eq!(p.location.geo_id, Some(places::city(0).geo_id));
    assert!(
        p.experience().iter().all(|e| e.location == "Delhi, India"),
        "{:?}",
        p.experience()
    );
    assert_eq!(p.experience()[0].company, "ConnectSafely");
    assert_eq!(p.experience()[0].title, "Go-To-Market (GTM) Engineer");
    assert_eq!(
        li.company_by_slug(&p.company_slug).map(|c| c.name),
        Some("ConnectSafely".into())
    );
    assert!(
        p.education().iter().any(|e| e.degree.contains("MBA")),
        "headline says MBA: {:?}",
        p.education()
    );
    // Generated people pass the same checks.
    let q = li.person("member-7");
    assert!(q
        .experience()
        .iter()
        .all(|e| e.location == q.location.full()));
}

// C-4: a search handle's traits hold when the member is built, in any world.
#[test]
fn search_handles_carry_their_traits_into_the_member() {
    let li = linkedin();
    let t = Traits {
        title: Some("Head of Growth".into()),
        company: Some(li.directory().at(12).slug),
        city: Some(5),
        ..Traits::default()
    };
    let h = members::search_handle(li.seed(), &t, 3);
    let p = li.person(&h);
    assert_eq!(p.title, "Head of Growth");
    assert_eq!(p.company_slug, li.directory().at(12).slug);
    assert_eq!(p.location.city, places::city(5).name);
    assert_eq!(
        li.people.handle_for_urn(&p.urn).as_deref(),
        Some(h.as_str())
    );
    assert_ne!(members::search_handle(li.seed(), &t, 4), h);
}

#[test]
fn connected_handles_initial_connections_and_strangers_have_their_degrees() {
    let li = linkedin();
    assert_eq!(li.degree(A, "connected-bob"), Degree::First);
    assert_eq!(li.degree(A, "anandi-devi"), Degree::First);
    let conns = li.connections(A);
    assert_eq!(conns.len(), li.connection_count(A));
    assert_eq!(
        conns.len(),
        li.config.connections_per_account as usize + 1,
        "initial ones plus the pinned connected person"
    );
    assert!(conns
        .iter()
        .all(|c| li.degree(A, &c.handle) == Degree::First));
    assert!(conns
        .windows(2)
        .all(|w| w[0].connected_at >= w[1].connected_at));
    // Another account has other connections.
    let last = &conns[conns.len() - 1].handle;
    assert_ne!(li.degree(B, last), Degree::First);
    let s = stranger(&li, A);
    assert!(matches!(li.degree(A, &s), Degree::Second | Degree::Third));
    assert_eq!(li.degree(A, &s), linkedin().degree(A, &s), "stable");
}

// G-3: connect → pending sent invitation, shown by relationship and the sent list; withdraw removes it.
#[test]
fn connect_writes_a_pending_invitation_and_withdraw_removes_it() {
    let li = linkedin();
    let s = stranger(&li, A);
    let out = li.connect(A, &s, Some("Hi".into()), now());
    let Ok(ConnectOutcome::Sent(inv)) = out else {
        panic!("{out:?}");
    };
    assert!(li.relationship(A, &s).invitation_sent);
    assert_eq!(li.relationship(A, &s).status(), "PENDING_SENT");
    assert!(!li.relationship(B, &s).invitation_sent, "per account");
    assert_eq!(li.sent_invitations(A), vec![inv.clone()]);
    assert_eq!(
        li.connect(A, &s, None, now()),
        Err(NetworkError::InvitationPending(s.clone()))
    );
    assert_eq!(
        li.connect(A, "connected-x", None, now()),
        Err(NetworkError::AlreadyConnected("connected-x".into()))
    );
    assert_eq!(
        li.connect(A, "notfound-x", None, now()),
        Err(NetworkError::MemberNotFound("notfound-x".into()))
    );
    assert_eq!(li.withdraw(A, &s), Ok(inv));
    assert!(!li.relationship(A, &s).invitation_sent);
    assert_eq!(
        li.withdraw(A, &s),
        Err(NetworkError::NoPendingInvitation(s))
    );
}

// G-3: accepting a received invitation makes a connection; ignoring only removes it.
#[test]
fn accepting_a_received_invitation_connects_and_ignoring_does_not() {
    let li = linkedin();
    let received = li.received_invitations(A);
    assert_eq!(
        received.len(),
        li.config.received_invitations_per_account as usize
    );
    let conn: Vec<&ReceivedInvitation> = received
        .iter()
        .filter(|i| i.category == InvitationCategory::Connection)
        .collect();
    let (first, second) = (conn[0].clone(), conn[1].clone());
    assert!(li.relationship(A, &first.handle).invitation_received);
    assert_ne!(li.degree(A, &first.handle), Degree::First);
    let before = li.connection_count(A);
    assert_eq!(
        li.respond(A, first.id, Response::Accept, now()),
        Ok(first.clone())
    );
    assert_eq!(li.degree(A, &first.handle), Degree::First);
    assert_eq!(li.connection_count(A), before + 1);
    assert_eq!(li.connections(A)[0].handle, first.handle, "newest first");
    assert!(!li.relationship(A, &first.handle).invitation_received);
    assert_eq!(
        li.respond(A, second.id, Response::Ignore, now()),
        Ok(second.clone())
    );
    assert_ne!(li.degree(A, &second.handle), Degree::First);
    assert_eq!(li.received_invitations(A).len(), received.len() - 2);
    assert!(
        li.respond(A, second.id, Response::Accept, now()).is_err(),
        "answered once"
    );
    // An organization invitation accepted follows the page.
    if let Some(org) = received
        .iter()
        .find(|i| i.category == InvitationCategory::Organization)
    {
        assert!(li.respond(A, org.id, Response::Accept, now()).is_ok());
        let slug = org.company.clone().unwrap_or_default();
        assert!(li.is_following(A, &FollowTarget::Company(slug)));
    }
}

#[test]
fn connecting_to_someone_who_invited_the_account_accepts_their_invitation() {
    let li = linkedin();
    let inv = li.received_invitations(A)[0].clone();
    assert!(matches!(
        li.connect(A, &inv.handle, None, now()),
        Ok(ConnectOutcome::Accepted(_))
    ));
    assert_eq!(li.degree(A, &inv.handle), Degree::First);
    assert!(li.received_invitations(A).iter().all(|i| i.id != inv.id));
}

#[test]
fn follow_and_unfollow_show_in_relationship_and_follows() {
    let li = linkedin();
    let t = FollowTarget::Member("jane-roe".into());
    assert_eq!(li.follow(A, &t, now()), Ok(true));
    assert_eq!(li.follow(A, &t, now()), Ok(false), "already followed");
    assert!(li.relationship(A, "jane-roe").following);
    assert!(!li.relationship(B, "jane-roe").following);
    assert_eq!(li.follows(A).len(), 1);
    assert_eq!(li.unfollow(A, &t), Ok(true));
    assert_eq!(li.unfollow(A, &t), Ok(false));
    assert!(!li.relationship(A, "jane-roe").following);
    assert!(li
        .follow(A, &FollowTarget::Member("notfound-q".into()), now())
        .is_err());
    assert_eq!(
        li.follow(A, &FollowTarget::Company("acme".into()), now()),
        Ok(true)
    );
}

#[test]
fn messages_create_one_conversation_per_member_and_show_in_every_read() {
    let li = linkedin();
    let seeded = li.conversations(A).map(|c| c.len()).unwrap_or_default();
    assert_eq!(seeded, li.config.conversations_per_account as usize);
    assert!(li.conversation_with(A, "jane-roe").is_none());
    let (c, m) = li
        .send_message(A, "jane-roe", "Hello", None, Vec::new(), now())
        .expect("sent");
    assert!(c
        .urn
        .starts_with("urn:li:msg_conversation:(urn:li:fsd_profile:ACoAA"));
    assert!(m.urn.starts_with("urn:li:msg_message:("));
    let (c2, m2) = li
        .send_message(
            A,
            "Jane-Roe",
            "Again",
            None,
            Vec::new(),
            now() + Duration::minutes(1),
        )
        .expect("sent");
    assert_eq!(c2.urn, c.urn, "same conversation");
    assert_ne!(m2.urn, m.urn);
    let all = li.conversations(A).unwrap_or_default();
    assert_eq!(all.len(), seeded + 1);
    assert_eq!(all[0].urn, c.urn, "most recent first");
    assert_eq!(
        li.conversation(A, &c.urn).map(|c| c.messages.len()),
        Some(2)
    );
    assert!(li.conversation_with(B, "jane-roe").is_none(), "per account");
    assert!(li.mark_unread(A, &c.urn).is_ok());
    assert_eq!(li.conversation(A, &c.urn).map(|c| c.unread), Some(1));
    assert!(li.mark_read(A, &c.urn).is_ok());
    assert_eq!(li.conversation(A, &c.urn).map(|c| c.unread), Some(0));
    assert!(li.react_to_message(A, &c.urn, &m.urn, "👍", true).is_ok());
    assert_eq!(
        li.recall_message(A, &c.urn, &m.urn).map(|m| m.text),
        Ok("Hello".into())
    );
    assert_eq!(
        li.conversation(A, &c.urn).map(|c| c.messages.len()),
        Some(1)
    );
    assert!(li.recall_message(A, &c.urn, &m.urn).is_err());
    assert!(li
        .send_message(A, "notfound-z", "x", None, Vec::new(), now())
        .is_err());
}

fn some_post(li: &LinkedIn) -> Post {
    (0..)
        .find_map(|i| li.member_posts(&format!("poster-{i}"), now(), 1).pop())
        .expect("someone posted")
}

// G-3: a member's posts are a time-ordered series; a post found by its URN is the same post.
#[test]
fn member_posts_are_newest_first_and_found_again_by_urn() {
    let li = linkedin();
    let p = some_post(&li);
    let AuthorRef::Member(h) = &p.author else {
        panic!("a member's post");
    };
    let list = li.member_posts(h, now(), 10);
    assert!(list.windows(2).all(|w| w[0].posted_at > w[1].posted_at));
    assert!(list.iter().all(|q| q.posted_at <= now()));
    assert_eq!(li.post_by_urn(&p.urn(), now()), Some(p.clone()));
    assert_eq!(
        linkedin().post(p.id, now()),
        Some(p.clone()),
        "the same in a new world"
    );
    assert_eq!(p.author_name, li.person(h).full_name());
    let comments = li.comments(p.id, now());
    assert_eq!(comments.len() as u32, p.num_comments);
    assert!(comments
        .iter()
        .all(|c| c.created_at <= now() && c.created_at > p.posted_at));
    // Later, more posts.
    let later = now() + Duration::days(365);
    assert!(li.member_posts(h, later, 1)[0].posted_at > p.posted_at);
}

// G-3: reactions and comments change the post's counts and the account's interactions.
#[test]
fn reactions_and_comments_show_on_the_post_and_in_interactions() {
    let li = linkedin();
    let p = some_post(&li);
    assert_eq!(li.react(A, p.id, ReactionType::Like, now()), Ok(None));
    assert_eq!(
        li.react(A, p.id, ReactionType::Praise, now()),
        Ok(Some(ReactionType::Like)),
        "a second reaction replaces the first"
    );
    assert_eq!(li.reaction_of(A, p.id), Some(ReactionType::Praise));
    assert_eq!(
        li.post(p.id, now()).map(|q| q.num_likes),
        Some(p.num_likes + 1)
    );
    let c = li.comment(A, p.id, "Nice", now()).expect("comment");
    let q = li.post(p.id, now()).expect("post");
    assert_eq!(q.num_comments, p.num_comments + 1);
    assert_eq!(li.comments(p.id, now()).last(), Some(&c));
    assert_eq!(c.author, li.account_handle(A));
    assert_eq!(li.interactions(A).len(), 3);
    assert!(li.interactions(B).is_empty());
    assert_eq!(li.unreact(A, p.id), Ok(true));
    assert_eq!(li.post(p.id, now()).map(|q| q.num_likes), Some(p.num_likes));
    let missing = ids::ACTIVITY_BASE + 5;
    assert!(li.react(A, missing, ReactionType::Like, now()).is_err());
}

#[test]
fn created_posts_resolve_by_urn_and_list_with_the_account_member() {
    let li = linkedin();
    let p = li
        .create_post(A, "Hello #rust world", Media::None, Vec::new(), None, now())
        .expect("created");
    assert!(p.own && p.urn().starts_with("urn:li:activity:"));
    assert_eq!(p.hashtags, vec!["rust".to_string()]);
    assert_eq!(li.post_by_urn(&p.urn(), now()), Some(p.clone()));
    assert_eq!(li.own_posts(A, now()), vec![p.clone()]);
    assert_eq!(
        li.member_posts(&li.account_handle(A), now(), 1),
        vec![p.clone()]
    );
    assert!(li.comment(B, p.id, "Congrats", now()).is_ok());
    assert_eq!(li.post(p.id, now()).map(|q| q.num_comments), Some(1));
}

#[test]
fn uploads_need_completing_and_documents_take_a_minute() {
    let li = linkedin();
    let u = li
        .create_upload(A, "video", "a.mp4", 50_000_000, true, now())
        .expect("upload");
    assert!(!u.ready(now()));
    assert!(li.complete_upload(A, &u.asset_urn).is_ok());
    assert!(li.upload(A, &u.asset_urn).is_some_and(|u| u.ready(now())));
    let d = li
        .create_upload(A, "document", "a.pdf", 1000, false, now())
        .expect("upload");
    assert!(!d.ready(now()) && d.ready(now() + Duration::seconds(60)));
    assert!(li.upload(B, &d.asset_urn).is_none());
}

#[test]
fn groups_jobs_and_companies_are_the_same_from_every_lookup() {
    let li = linkedin();
    let (page, total) = li.group_members(9_357_376, 0, 50).expect("group");
    assert!(total >= 1 && page.len() as u32 == total.min(50));
    assert_eq!(li.account_groups(A).len(), 3);
    let jobs = li.jobs_between(now() - Duration::days(7), now(), |_| true, 20);
    for j in &jobs {
        assert_eq!(li.job(j.id, now()).as_ref(), Some(j));
        assert_eq!(
            li.company_by_id(j.company_id).map(|c| c.slug),
            Some(j.company_slug.clone())
        );
    }
}

// C-6: concurrent connects to one member from one account send exactly one invitation.
#[test]
fn concurrent_connects_send_exactly_one_invitation() {
    let li = Arc::new(linkedin());
    let s = stranger(&li, A);
    let ok: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let li = li.clone();
                let s = s.clone();
                scope.spawn(move || usize::from(li.connect(A, &s, None, now()).is_ok()))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    });
    assert_eq!(ok, 1);
    assert_eq!(li.sent_invitations(A).len(), 1);
}

// C-6: concurrent reactions from different accounts all count.
#[test]
fn concurrent_reactions_all_count() {
    let li = Arc::new(linkedin());
    let p = some_post(&li);
    std::thread::scope(|scope| {
        for i in 0..16 {
            let li = li.clone();
            scope.spawn(move || li.react(&format!("acct-{i}"), p.id, ReactionType::Like, now()));
        }
    });
    assert_eq!(
        li.post(p.id, now()).map(|q| q.num_likes),
        Some(p.num_likes + 16)
    );
}

// G-3: search results, fetched afresh (another world, same seed), match the filters.
#[test]
fn people_search_results_match_their_filters_when_fetched() {
    let li = linkedin();
    let company = li.directory().at(40);
    let q = search::PeopleQuery {
        keywords: Some("Engineering Manager OR VP Engineering OR CTO".into()),
        company_ids: vec![company.id.to_string()],
        location: Some("United States".into()),
        degrees: vec![Degree::Second, Degree::Third],
        ..Default::default()
    };
    let page = li.search_people(A, &q, 0, 25);
    assert!(page.total > 0 && page.items.len() == page.total.min(25));
    let fresh = linkedin();
    for h in &page.items {
        let p = fresh.person(h);
        assert!(fresh.matches(A, &p, &q), "{h}: {p:?}");
        assert_eq!(p.company_slug, company.slug);
        assert_eq!(p.location.country_code, "US");
        assert!(
            ["Engineering Manager", "VP Engineering", "CTO"]
                .iter()
                .any(|k| p.headline.contains(k)),
            "{}",
            p.headline
        );
        assert_ne!(fresh.degree(A, h), Degree::First);
    }
    // Stable pages that do not overlap.
    assert_eq!(li.search_people(A, &q, 0, 25), page);
    let next = li.search_people(A, &q, 25, 25);
    assert!(next.items.iter().all(|h| !page.items.contains(h)));
}

#[test]
fn people_search_by_title_name_industry_and_geo_id() {
    let li = linkedin();
    let industry = li.directory().at(3).industry.to_string();
    let q = search::PeopleQuery {
        title: Some("Head of Growth".into()),
        first_name: Some("Priya".into()),
        geo_ids: vec![102_713_980],
        industries: vec![industry.clone()],
        school: Some("University of Delhi".into()),
        ..Default::default()
    };
    let page = li.search_people(A, &q, 0, 10);
    assert!(!page.items.is_empty());
    for h in &page.items {
        let p = li.person(h);
        assert_eq!(p.title, "Head of Growth");
        assert_eq!(p.first_name, "Priya");
        assert_eq!(p.location.country, "India");
        assert_eq!(p.industry, industry);
        assert!(p
            .education()
            .iter()
            .any(|e| e.school == "University of Delhi"));
    }
    // A place that does not exist finds nobody.
    let none = search::PeopleQuery {
        location: Some("Atlantis".into()),
        ..Default::default()
    };
    assert_eq!(li.search_people(A, &none, 0, 10).total, 0);
}

#[test]
fn first_degree_search_lists_matching_connections() {
    let li = linkedin();
    let q = search::PeopleQuery {
        degrees: vec![Degree::First],
        ..Default::default()
    };
    let page = li.search_people(A, &q, 0, 50);
    assert_eq!(page.total, li.connection_count(A).min(search::MAX_RESULTS));
    assert!(page.items.iter().all(|h| li.degree(A, h) == Degree::First));
}

#[test]
fn company_and_job_searches_match_when_fetched() {
    let li = linkedin();
    let word = li
        .directory()
        .at(9)
        .name
        .split(' ')
        .next()
        .unwrap_or("a")
        .to_string();
    let page = li.search_companies(&word, &[], 0, 5);
    assert!(page.total >= 1);
    for c in &page.items {
        assert!(c.name.to_lowercase().contains(&word.to_lowercase()));
        assert_eq!(li.company(&c.id.to_string()).as_ref(), Some(c));
    }
    let google = li.search_companies("Google", &[], 0, 5);
    assert!(google.items.iter().any(|c| c.name == "Google"));
    let us = 103_644_278;
    let jobs = li.search_jobs("Engineer", Some(us), Some(Duration::days(30)), now(), 0, 20);
    assert!(jobs.total > 0);
    for j in &jobs.items {
        assert!(j.title.contains("Engineer") || j.company_name.contains("Engineer"));
        assert!(places::city_in(j.city, us));
        assert!(now() - j.posted_at <= Duration::days(30));
        assert_eq!(li.job(j.id, now()).as_ref(), Some(j));
    }
    assert_eq!(
        li.search_jobs("Engineer", Some(us), Some(Duration::days(30)), now(), 0, 20),
        jobs
    );
}

// G-3: one search never lists a member twice, however deep it pages.
#[test]
fn a_people_search_never_repeats_a_member() {
    let li = linkedin();
    let q = search::PeopleQuery {
        title: Some("CTO".into()),
        ..Default::default()
    };
    let page = li.search_people(A, &q, 0, search::MAX_RESULTS);
    assert_eq!(page.items.len(), page.total);
    let distinct: std::collections::HashSet<&String> = page.items.iter().collect();
    assert_eq!(distinct.len(), page.items.len());
}

// G-3: a keyword search's hits carry the keywords as words, so a 1st-degree
// search (which filters connections) and a drawn hit agree on what matches.
#[test]
fn keyword_hits_carry_the_words_not_just_the_letters() {
    let li = linkedin();
    let q = search::PeopleQuery {
        keywords: Some("CTO".into()),
        ..Default::default()
    };
    let page = li.search_people(A, &q, 0, 200);
    assert!(!page.items.is_empty());
    for h in &page.items {
        let p = li.person(h);
        assert!(li.matches(A, &p, &q), "{}", p.headline);
        assert!(
            p.headline
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.eq_ignore_ascii_case("cto")),
            "{}",
            p.headline
        );
    }
}

// G-3: a post search finds posts whose authors match its people query and
// whose text carries its keywords; newest first when asked; stable.
#[test]
fn post_search_lists_posts_of_matching_authors() {
    let li = linkedin();
    let q = search::PostQuery {
        authors: search::PeopleQuery {
            keywords: Some("Kubernetes".into()),
            title: Some("CTO OR Founder".into()),
            ..Default::default()
        },
        since: Some(now() - Duration::days(30)),
        newest_first: true,
    };
    let page = li.search_posts(A, &q, now(), 0, 50);
    assert!(!page.items.is_empty());
    assert!(page
        .items
        .windows(2)
        .all(|w| w[0].posted_at >= w[1].posted_at));
    for p in &page.items {
        assert!(p.text.contains("Kubernetes"), "{}", p.text);
        assert!(now() - p.posted_at <= Duration::days(30));
        let AuthorRef::Member(h) = &p.author else {
            panic!("a company post: {p:?}");
        };
        assert!(li.matches(A, &li.person(h), &q.authors), "{h}");
    }
    assert_eq!(li.search_posts(A, &q, now(), 0, 50), page);
}
