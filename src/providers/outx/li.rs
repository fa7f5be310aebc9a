//! What OutX takes from the shared LinkedIn model (SPEC G-3), in OutX's
//! shapes: members and their profiles, companies, posts, people search, and
//! each acting admin's network (connections, invitations, messages,
//! reactions, comments). The one place this provider touches
//! `crate::linkedin`; every member, company and post here is the one
//! ConnectSafely and Atomus serve.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::linkedin::search::PeopleQuery;
use crate::linkedin::{ids, Degree, HandleKind, NetworkError, Post, ReactionType};
use crate::state::World;

use super::feed::{Post as FeedPost, PostAuthor};
use super::model::ProfileOutput;
use super::tasks::SearchInput;
use super::watchlists::Watchlist;

pub enum MemberStatus {
    Member,
    NotFound,
    Unavailable,
}

pub fn member_status(world: &World, slug: &str) -> MemberStatus {
    match world.linkedin.kind(slug) {
        HandleKind::Member => MemberStatus::Member,
        HandleKind::NotFound => MemberStatus::NotFound,
        HandleKind::Unavailable => MemberStatus::Unavailable,
    }
}

pub fn profile(world: &World, slug: &str) -> ProfileOutput {
    ProfileOutput::from_person(&world.linkedin.person(slug))
}

/// The member a profile URN (`urn:li:fsd_profile:…`, `urn:li:person:…`, the
/// bare id) or handle names, if any.
pub fn member_for_urn(world: &World, urn: &str) -> Option<String> {
    world.linkedin.resolve_member(urn)
}

/// A post as fetch-profiles-posts and fetch-company-posts show it.
#[derive(Debug, Clone, Serialize)]
pub struct PostOut {
    /// `urn:li:activity:…`: what like-post and comment-post take.
    pub social_urn: String,
    pub url: String,
    pub text: String,
    /// ISO 8601 with milliseconds.
    pub posted_at: String,
    pub likes_count: u32,
    pub comments_count: u32,
    pub shares_count: u32,
    pub post_type: &'static str,
    pub hashtags: Vec<String>,
    pub author_name: String,
    pub author_headline: String,
    pub author_urn: String,
}

fn post_out(p: &Post) -> PostOut {
    PostOut {
        social_urn: p.urn(),
        url: p.url(),
        text: p.text.clone(),
        posted_at: crate::clock::iso(p.posted_at),
        likes_count: p.num_likes,
        comments_count: p.num_comments,
        shares_count: p.num_shares,
        post_type: p.media.as_str(),
        hashtags: p.hashtags.clone(),
        author_name: p.author_name.clone(),
        author_headline: p.author_headline.clone(),
        author_urn: p.author_urn.clone(),
    }
}

pub fn member_posts(world: &World, handle: &str, now: DateTime<Utc>, n: usize) -> Vec<PostOut> {
    world
        .linkedin
        .member_posts(handle, now, n)
        .iter()
        .map(post_out)
        .collect()
}

pub fn company_exists(world: &World, slug: &str) -> bool {
    world.linkedin.company_brief(slug).is_some()
}

/// A company page as fetch-company shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CompanyOut {
    pub name: String,
    pub company_slug: String,
    pub company_urn: String,
    pub company_id: String,
    pub industry: &'static str,
    pub employee_count: u32,
    pub company_size: &'static str,
    pub description: String,
    pub tagline: String,
    pub headquarters: String,
    pub logo_url: String,
    pub website: String,
    pub followers: u32,
    pub founded: i32,
    pub url: String,
}

pub fn company(world: &World, slug: &str) -> Option<CompanyOut> {
    world.linkedin.company_by_slug(slug).map(|c| CompanyOut {
        company_urn: c.urn(),
        company_id: c.id.to_string(),
        url: c.url(),
        headquarters: c.hq().full(),
        name: c.name,
        company_slug: c.slug,
        industry: c.industry,
        employee_count: c.employee_count,
        company_size: c.size,
        description: c.description,
        tagline: c.tagline,
        logo_url: c.logo_url,
        website: c.website,
        followers: c.followers,
        founded: c.founded,
    })
}

pub fn company_posts(world: &World, slug: &str, now: DateTime<Utc>, n: usize) -> Vec<PostOut> {
    world
        .linkedin
        .company_posts(slug, now, n)
        .iter()
        .map(post_out)
        .collect()
}

/// The numeric id of `urn:li:activity:<id>`.
fn activity_id(urn: &str) -> Option<u64> {
    urn.trim()
        .strip_prefix("urn:li:activity:")
        .and_then(|id| id.parse::<u64>().ok())
}

pub fn is_post_urn(urn: &str) -> bool {
    activity_id(urn).is_some()
}

fn network_error(e: NetworkError) -> String {
    match e {
        NetworkError::PostNotFound(urn) => format!("Post not found: {urn}"),
        NetworkError::MemberNotFound(h) => format!("Profile not found: {h}"),
        NetworkError::AlreadyConnected(h) => format!("Already connected to {h}"),
        NetworkError::InvitationPending(h) => format!("An invitation to {h} is already pending"),
        NetworkError::NotConnected(h) => {
            format!("Recipient is not a 1st-degree connection: {h}")
        }
        e => {
            let s = e.to_string();
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or(s)
        }
    }
}

/// A like by `account` on the post `urn` (a second like is a no-op).
pub fn react(world: &World, account: &str, urn: &str, now: DateTime<Utc>) -> Result<(), String> {
    let id = activity_id(urn).ok_or_else(|| format!("Post not found: {urn}"))?;
    world
        .linkedin
        .react(account, id, ReactionType::Like, now)
        .map(|_| ())
        .map_err(network_error)
}

/// A comment by `account` on the post `urn`; its URN.
pub fn comment(
    world: &World,
    account: &str,
    urn: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let id = activity_id(urn).ok_or_else(|| format!("Post not found: {urn}"))?;
    world
        .linkedin
        .comment(account, id, text, now)
        .map(|c| c.urn())
        .map_err(network_error)
}

/// A direct message from `account` to a 1st-degree connection.
pub fn send_message(
    world: &World,
    account: &str,
    handle: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(), String> {
    if world.linkedin.degree(account, handle) != Degree::First {
        return Err(network_error(NetworkError::NotConnected(
            handle.to_string(),
        )));
    }
    world
        .linkedin
        .send_message(account, handle, text, None, Vec::new(), now)
        .map(|_| ())
        .map_err(network_error)
}

/// A connection request from `account`: a pending sent invitation.
pub fn invite(
    world: &World,
    account: &str,
    handle: &str,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), String> {
    world
        .linkedin
        .connect(account, handle, note.map(str::to_string), now)
        .map(|_| ())
        .map_err(network_error)
}

/// A connection as fetch-connections lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ConnectionOut {
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub headline: String,
    /// Usable as fetch-profile's `profile_slug`.
    pub public_identifier: String,
    /// Usable as send-message's `recipient_urn`.
    pub entity_urn: String,
    pub profile_image_url: Option<String>,
    pub connected_at: String,
}

/// A page of `account`'s 1st-degree connections, optionally filtered by a
/// name fragment; newest first with `recent`, else by last name.
pub fn connections(
    world: &World,
    account: &str,
    keyword: Option<&str>,
    recent: bool,
    start: u64,
    count: u64,
) -> Vec<ConnectionOut> {
    let needle = keyword.map(str::to_lowercase);
    let mut all: Vec<(ConnectionOut, DateTime<Utc>)> = world
        .linkedin
        .connections(account)
        .into_iter()
        .map(|c| {
            let p = world.linkedin.person(&c.handle);
            (
                ConnectionOut {
                    name: p.full_name(),
                    first_name: p.first_name.to_string(),
                    last_name: p.last_name.to_string(),
                    headline: p.headline.to_string(),
                    public_identifier: p.handle.to_string(),
                    entity_urn: p.urn.to_string(),
                    profile_image_url: Some(p.profile_picture.clone())
                        .filter(|u| !u.is_empty())
                        .map(Into::into),
                    connected_at: crate::clock::iso(c.connected_at),
                },
                c.connected_at,
            )
        })
        .filter(|(c, _)| {
            needle
                .as_ref()
                .is_none_or(|n| c.name.to_lowercase().contains(n))
        })
        .collect();
    if !recent {
        all.sort_by(|a, b| {
            (a.0.last_name.to_lowercase(), a.0.first_name.to_lowercase())
                .cmp(&(b.0.last_name.to_lowercase(), b.0.first_name.to_lowercase()))
        });
    }
    all.into_iter()
        .skip(usize::try_from(start).unwrap_or(usize::MAX))
        .take(usize::try_from(count).unwrap_or(usize::MAX))
        .map(|(c, _)| c)
        .collect()
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub headline: String,
    pub location: String,
    pub profile_slug: String,
    pub profile_urn: String,
    pub profile_url: String,
    /// 1, 2 or 3 (3rd and beyond), from the acting admin.
    pub connection_degree: u8,
}

/// The numeric id a URN (`urn:li:fsd_company:1441`, `urn:li:geo:103644278`)
/// or a bare number carries.
fn urn_number(s: &str) -> Option<u64> {
    let s = s.trim();
    let last = if s.starts_with("urn:") {
        s.rsplit(':').next()?
    } else {
        s
    };
    last.parse::<u64>().ok()
}

/// The model's query for a search's filters, or None when a place filter
/// names no place (then nobody matches). `company` and `current_company`
/// are one list of current companies, any of them (decision): URNs and
/// numbers by id, the rest by name.
fn model_query(q: &SearchInput) -> Option<PeopleQuery> {
    let mut companies = Vec::new();
    let mut company_ids = Vec::new();
    let listed = q.current_company.iter().flatten();
    for c in q.company.iter().chain(listed) {
        match urn_number(c) {
            Some(id) => company_ids.push(id.to_string()),
            None => companies.push(c.clone()),
        }
    }
    let geo_ids: Vec<u64> = q
        .geo_urn
        .iter()
        .flatten()
        .filter_map(|g| urn_number(g))
        .collect();
    if q.geo_urn.is_some() && geo_ids.is_empty() {
        return None;
    }
    Some(PeopleQuery {
        keywords: q.keywords.clone(),
        title: q.title.clone(),
        first_name: q.first_name.clone(),
        last_name: q.last_name.clone(),
        companies,
        company_ids,
        geo_ids,
        industries: q.industry.clone().unwrap_or_default(),
        school: q.school.clone(),
        ..PeopleQuery::default()
    })
}

/// People matching a search: the shared model's people search (so fetching
/// one later, through any provider, shows a member who still matches), its
/// first `count` hits. Past companies and profile languages are not
/// generated for and so do not narrow the results (README).
pub fn search(world: &World, account: Option<&str>, q: &SearchInput) -> Vec<SearchHit> {
    let Some(mq) = model_query(q) else {
        return Vec::new();
    };
    // No degree filter is asked, so the account only colours the degrees.
    let count = usize::try_from(q.count).unwrap_or(usize::MAX);
    let page = world
        .linkedin
        .search_people(account.unwrap_or_default(), &mq, 0, count);
    page.items
        .iter()
        .map(|handle| {
            let p = world.linkedin.person(handle);
            SearchHit {
                name: p.full_name(),
                first_name: p.first_name.to_string(),
                last_name: p.last_name.to_string(),
                headline: p.headline.to_string(),
                location: p.location.full(),
                profile_slug: p.handle.to_string(),
                profile_urn: p.urn.to_string(),
                profile_url: p.profile_url(),
                connection_degree: account
                    .map_or(3, |a| world.linkedin.degree(a, &p.handle).number()),
            }
        })
        .collect()
}

/// What `/api-like` and interactions show of a member's LinkedIn profile.
pub struct Card {
    pub handle: String,
    pub headline: String,
    /// The member's current company (name, page slug).
    pub company: Option<(String, String)>,
}

pub fn member_card(world: &World, account: &str) -> Card {
    let p = world.linkedin.account_member(account);
    Card {
        handle: p.handle.to_string(),
        headline: p.headline.to_string(),
        company: Some((p.company.to_string(), p.company_slug.to_string()))
            .filter(|(_, s)| !s.is_empty()),
    }
}

// ------------------------------------------------------------ the feed

/// Seniority read from a headline, for `/api-posts?seniority_level=`.
fn seniority(headline: &str) -> Option<String> {
    let h = headline.to_lowercase();
    [
        ("chief", "CXO"),
        ("ceo", "CXO"),
        ("cto", "CXO"),
        ("founder", "Owner"),
        ("owner", "Owner"),
        ("vp", "VP"),
        ("vice president", "VP"),
        ("director", "Director"),
        ("head of", "Director"),
        ("manager", "Manager"),
        ("senior", "Senior"),
        ("lead", "Senior"),
        ("intern", "Entry"),
    ]
    .iter()
    .find(|(k, _)| h.contains(k))
    .map(|(_, v)| (*v).to_string())
}

/// A LinkedIn post collected by watchlist `w`.
fn feed_post(
    world: &World,
    w: &Watchlist,
    p: &Post,
    i: usize,
    keyword: Option<String>,
) -> FeedPost {
    let urn = p.urn();
    let (author_type, slug, url, company_slug, headline) = match &p.author {
        crate::linkedin::AuthorRef::Member(h) => {
            let m = world.linkedin.person(h);
            (
                "person",
                m.handle.to_string(),
                Some(m.profile_url()),
                Some(m.company_slug.to_string()).filter(|s| !s.is_empty()),
                m.headline.to_string(),
            )
        }
        crate::linkedin::AuthorRef::Company(s) => (
            "company",
            s.clone(),
            Some(format!("https://www.linkedin.com/company/{s}/")),
            Some(s.clone()),
            p.author_headline.clone(),
        ),
    };
    FeedPost {
        id: super::feed::source::post_id(w.id, &urn),
        watchlist_id: w.id,
        linkedin_post_url: p.url(),
        content: p.text.clone(),
        created_at: p.posted_at.timestamp_millis(),
        likes_count: u64::from(p.num_likes),
        shares_count: u64::from(p.num_shares),
        comments_count: u64::from(p.num_comments),
        bookmark: false,
        post_type: p.media.as_str().to_string(),
        linkedin_post_urn: Some(urn.clone()),
        social_urn: Some(urn),
        language: "en".into(),
        tags: super::feed::source::tags_for(w, i),
        keyword,
        videos: None,
        source: "linkedin",
        author: PostAuthor {
            name: p.author_name.clone(),
            slug,
            seniority_level: seniority(&headline),
            headline,
            author_type,
            url,
            company_slug,
        },
        interacted: false,
    }
}

/// What a keyword watchlist's fetch `salt` finds: for each of `n` slots, a
/// member whose profile matches a keyword rule (a search by its words), and
/// that member's latest post at the fetch, which carries those words.
pub fn keyword_feed(
    world: &World,
    w: &Watchlist,
    at: DateTime<Utc>,
    n: usize,
    salt: u64,
) -> Vec<FeedPost> {
    if w.keywords.is_empty() {
        return Vec::new();
    }
    let seed = world.linkedin.seed();
    (0..n)
        .filter_map(|i| {
            let rule = &w.keywords[i % w.keywords.len()];
            let mut words = vec![rule.keyword.clone()];
            if rule.include_all_required {
                words.extend(rule.required_keywords.iter().cloned());
            } else if let Some(r) = rule.required_keywords.first() {
                words.push(r.clone());
            }
            let key = ids::hash(
                seed,
                &[&w.id.to_string(), &salt.to_string(), &i.to_string()],
            );
            let handle = world
                .linkedin
                .keyword_author(&words.join(" "), (key & 0xFF_FFFF) as u32);
            let post = world
                .linkedin
                .member_posts(&handle, at, 1)
                .into_iter()
                .next()?;
            rule.matches(&post.text)
                .then(|| feed_post(world, w, &post, i, Some(rule.keyword.clone())))
        })
        .collect()
}

/// What a people or company watchlist's members published in `window`.
pub fn tracked_feed(
    world: &World,
    w: &Watchlist,
    window: (DateTime<Utc>, DateTime<Utc>),
    n: usize,
) -> Vec<FeedPost> {
    let mut out = Vec::new();
    for (i, t) in w.targets.iter().enumerate() {
        let posts = match w.kind {
            super::watchlists::Kind::Company => world.linkedin.company_posts(t, window.1, n),
            _ => world.linkedin.member_posts(t, window.1, n),
        };
        out.extend(
            posts
                .iter()
                .filter(|p| p.posted_at > window.0)
                .map(|p| feed_post(world, w, p, i, None)),
        );
    }
    out
}
