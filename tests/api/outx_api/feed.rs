//! The watchlist feed and engagement (outx.md §5, flows 1–4): posts appear
//! over virtual time, filters and paging, queued likes and comments.

use serde_json::{json, Value};

use super::*;

fn posts(app: &TestApp, query: &str) -> Value {
    ok(get(app, DEMO, &format!("/api-posts?{query}")))
}

fn data(v: &Value) -> Vec<Value> {
    v["data"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_keyword_watchlist_feeds_api_posts_and_more_arrive_every_fetch() {
    // outx.md §5.1, flow 2: a first fetch at creation, then one per fetchFreqInHours
    let app = spawn();
    let id = create_watchlist(
        &app,
        DEMO,
        "/api-keyword-watchlist",
        &json!({ "keywords": ["kubernetes"], "fetchFreqInHours": 6 }),
    );
    let first = posts(&app, &format!("watchlist_id={id}"));
    let n = first["pagination"]["total"].as_u64().unwrap();
    assert!(n > 0, "{first}");
    for p in data(&first) {
        assert!(
            p["content"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("kubernetes"),
            "{p}"
        );
        assert_eq!(p["watchlist_id"], json!(id));
        assert_eq!(p["source"], json!("linkedin"));
        assert!(
            p["created_at"].as_i64().unwrap() > 1_600_000_000_000,
            "epoch ms: {p}"
        );
        assert!(p["linkedin_post_urn"]
            .as_str()
            .unwrap()
            .starts_with("urn:li:activity:"));
    }
    app.advance(5.0 * 3600.0);
    assert_eq!(
        posts(&app, &format!("watchlist_id={id}"))["pagination"]["total"].as_u64(),
        Some(n)
    );
    app.advance(3600.0);
    let later = posts(&app, &format!("watchlist_id={id}"))["pagination"]["total"]
        .as_u64()
        .unwrap();
    assert!(later > n, "{later} after the second fetch, {n} before");
    // Paused: nothing new; the list and its count stay.
    ok(put(
        &app,
        DEMO,
        "/api-keyword-watchlist",
        &json!({ "id": id, "disable": true }),
    ));
    app.advance(24.0 * 3600.0);
    assert_eq!(
        posts(&app, &format!("watchlist_id={id}"))["pagination"]["total"].as_u64(),
        Some(later)
    );
}

#[test]
fn a_people_watchlist_collects_what_its_members_post() {
    // outx.md §4.6, §5.1: the same posts fetch-profiles-posts shows
    let app = spawn();
    let id = create_watchlist(
        &app,
        DEMO,
        "/api-people-watchlist",
        &json!({ "profiles": ["anandi-devi"] }),
    );
    app.advance(30.0 * 86_400.0);
    let page = posts(&app, &format!("watchlist_id={id}&page_size=100"));
    let list = data(&page);
    assert!(!list.is_empty(), "{page}");
    assert!(
        list.iter()
            .all(|p| p["author"]["slug"] == json!("anandi-devi")),
        "{page}"
    );
    let t = task(
        &app,
        DEMO,
        "/linkedin-agent/fetch-profiles-posts",
        &json!({ "profile_urns": ["anandi-devi"] }),
    );
    let out = finish(&app, DEMO, &t);
    let urns: Vec<&Value> = out["task_output"]["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["social_urn"])
        .collect();
    assert!(
        urns.contains(&&list[0]["linkedin_post_urn"]),
        "newest watchlist post is among the member's latest"
    );
    // Newest first; filtering by the author works, by another does not.
    let times: Vec<i64> = list
        .iter()
        .map(|p| p["created_at"].as_i64().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(
        posts(&app, &format!("watchlist_id={id}&people_slug=someone-else"))["pagination"]["total"],
        json!(0)
    );
    assert_eq!(
        posts(&app, &format!("watchlist_id={id}&people_slug=anandi-devi"))["pagination"]["total"],
        page["pagination"]["total"]
    );
}

#[test]
fn posts_filter_sort_and_page_as_documented() {
    // outx.md §5.1 parameters
    let app = spawn();
    let kw = create_watchlist(
        &app,
        DEMO,
        "/api-company-watchlist",
        &json!({ "companies": ["microsoft", "openai"] }),
    );
    app.advance(20.0 * 86_400.0);
    let all = posts(&app, &format!("watchlist_id={kw}&page_size=100"));
    let total = all["pagination"]["total"].as_u64().unwrap() as usize;
    assert!(total >= 3, "{all}");
    let p1 = posts(&app, &format!("watchlist_id={kw}&page=1&page_size=2"));
    let p2 = posts(&app, &format!("watchlist_id={kw}&page=2&page_size=2"));
    assert_eq!(data(&p1), data(&all)[..2]);
    assert_eq!(data(&p2), data(&all)[2..4.min(total)]);
    assert_eq!(p1["pagination"]["total_pages"], json!(total.div_ceil(2)));
    let popular = data(&posts(
        &app,
        &format!("watchlist_id={kw}&sort_by=popular_first&page_size=100"),
    ));
    let eng = |p: &Value| {
        p["likes_count"].as_u64().unwrap()
            + 2 * p["comments_count"].as_u64().unwrap()
            + 3 * p["shares_count"].as_u64().unwrap()
    };
    assert!(popular.windows(2).all(|w| eng(&w[0]) >= eng(&w[1])));
    let word = data(&all)[0]["content"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_lowercase();
    let found = data(&posts(
        &app,
        &format!("watchlist_id={kw}&search_term={word}&page_size=100"),
    ));
    assert!(
        !found.is_empty()
            && found.iter().all(|p| p["content"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains(&word))
    );
    let ms = data(&posts(
        &app,
        &format!("watchlist_id={kw}&company_slug=microsoft&page_size=100"),
    ));
    assert!(!ms.is_empty() && ms.iter().all(|p| p["author"]["slug"] == json!("microsoft")));
    // Dates: today and later only.
    let today = &app.now()[..10];
    let recent = data(&posts(
        &app,
        &format!("watchlist_id={kw}&start_date={today}&page_size=100"),
    ));
    let day_start = chrono::DateTime::parse_from_rfc3339(&format!("{today}T00:00:00Z"))
        .unwrap()
        .timestamp_millis();
    assert!(recent
        .iter()
        .all(|p| p["created_at"].as_i64().unwrap() >= day_start));
    assert_error(
        &get(&app, DEMO, "/api-posts?start_date=soon"),
        400,
        "Invalid start_date: expected YYYY-MM-DD",
    );
    assert_error(
        &get(&app, DEMO, "/api-posts?watchlist_id=nope"),
        400,
        "Invalid watchlist ID(s)",
    );
    assert_error(
        &get(&app, OTHER, &format!("/api-posts?watchlist_id={kw}")),
        403,
        "Access denied",
    );
    // Without watchlist_id every watchlist of the team counts; other teams see none.
    assert_eq!(
        posts(&app, "")["pagination"]["total"].as_u64(),
        Some(total as u64)
    );
    assert_eq!(
        ok(get(&app, OTHER, "/api-posts"))["pagination"]["total"],
        json!(0)
    );
}

#[test]
fn a_like_shows_in_interactions_after_the_delay() {
    // outx.md §5.3, flow 3: queued; interactions, counts and interacted=true follow
    let app = spawn();
    let id = create_watchlist(
        &app,
        DEMO,
        "/api-keyword-watchlist",
        &json!({ "keywords": ["marketing"] }),
    );
    let post0 = data(&posts(&app, &format!("watchlist_id={id}")))[0].clone();
    let r = ok(post(
        &app,
        DEMO,
        "/api-like",
        &json!({ "post_id": post0["id"], "user_email": DEMO_ADMIN }),
    ));
    assert_eq!(r["success"], json!(true));
    assert_eq!(r["message"], json!("Like task created successfully"));
    assert!(r["task_id"].is_string());
    let i = ok(get(
        &app,
        DEMO,
        &format!("/api-interactions?watchlist_id={id}"),
    ));
    assert_eq!(
        i["pagination"]["total"],
        json!(0),
        "not before the delay: {i}"
    );
    assert_eq!(
        posts(&app, &format!("watchlist_id={id}&interacted=true"))["pagination"]["total"],
        json!(0)
    );
    app.advance(30.0);
    let i = ok(get(
        &app,
        DEMO,
        &format!("/api-interactions?watchlist_id={id}"),
    ));
    assert_eq!(i["pagination"]["total"], json!(1));
    assert_eq!(i["pagination"]["total_likes"], json!(1));
    let item = &i["data"][0];
    assert_eq!(item["interaction_type"], json!("like"));
    assert_eq!(item["post"]["id"], post0["id"]);
    assert_eq!(item["author"]["author_type"], json!("user"));
    assert_eq!(i["graph"].as_array().unwrap().len(), 7);
    assert_eq!(i["graph"][6]["likes"], json!(1));
    let liked = data(&posts(&app, &format!("watchlist_id={id}&interacted=true")));
    assert_eq!(liked.len(), 1);
    assert_eq!(
        liked[0]["likes_count"].as_u64().unwrap(),
        post0["likes_count"].as_u64().unwrap() + 1
    );
}

#[test]
fn a_comment_shows_with_its_text_and_filters_by_type() {
    // outx.md §5.4, §5.2 interaction_type
    let app = spawn();
    let id = create_watchlist(
        &app,
        DEMO,
        "/api-keyword-watchlist",
        &json!({ "keywords": ["sales"] }),
    );
    let p = data(&posts(&app, &format!("watchlist_id={id}")))[0].clone();
    ok(post(
        &app,
        DEMO,
        "/api-comment",
        &json!({ "post_id": p["id"], "user_email": DEMO_ADMIN, "comment_text": "Great insight!" }),
    ));
    ok(post(
        &app,
        DEMO,
        "/api-like",
        &json!({ "post_id": p["id"], "user_email": DEMO_ADMIN }),
    ));
    app.advance(31.0);
    let c = ok(get(
        &app,
        DEMO,
        &format!("/api-interactions?watchlist_id={id}&interaction_type=comment"),
    ));
    assert_eq!(c["pagination"]["total"], json!(1));
    assert_eq!(c["data"][0]["text"], json!("Great insight!"));
    let all = ok(get(
        &app,
        DEMO,
        &format!("/api-interactions?watchlist_id={id}&page_size=1"),
    ));
    assert_eq!(all["pagination"]["total"], json!(2));
    assert_eq!(all["data"].as_array().unwrap().len(), 1);
    let actor = all["data"][0]["author"]["id"].as_str().unwrap().to_string();
    assert_eq!(
        ok(get(
            &app,
            DEMO,
            &format!("/api-interactions?watchlist_id={id}&actor_ids=nobody,{actor}")
        ))["pagination"]["total"],
        json!(2)
    );
    assert_eq!(
        ok(get(
            &app,
            DEMO,
            &format!("/api-interactions?watchlist_id={id}&actor_ids=nobody")
        ))["pagination"]["total"],
        json!(0)
    );
}

#[test]
fn likes_and_comments_are_validated_as_documented() {
    // outx.md §5.3–§5.4 errors
    let app = spawn();
    let kw = create_watchlist(
        &app,
        DEMO,
        "/api-keyword-watchlist",
        &json!({ "keywords": ["sales"] }),
    );
    let rd = create_watchlist(
        &app,
        DEMO,
        "/api-reddit-watchlist",
        &json!({ "keywords": ["crm"] }),
    );
    let p = data(&posts(&app, &format!("watchlist_id={kw}")))[0]["id"].clone();
    let reddit = data(&posts(&app, &format!("watchlist_id={rd}")))[0].clone();
    assert_eq!(reddit["source"], json!("reddit"));
    assert_eq!(reddit["social_urn"], json!(null));
    for (path, body, status, msg) in [
        (
            "/api-like",
            json!({ "user_email": DEMO_ADMIN }),
            400,
            "Missing required parameter: post_id",
        ),
        (
            "/api-like",
            json!({ "post_id": p }),
            400,
            "Missing required parameter: user_email",
        ),
        (
            "/api-like",
            json!({ "post_id": p, "user_email": DEMO_ADMIN, "actor_type": "bot" }),
            400,
            "Invalid actor_type. Must be 'user' or 'company'",
        ),
        (
            "/api-like",
            json!({ "post_id": p, "user_email": DEMO_ADMIN, "actor_type": "company" }),
            400,
            "company_title is required when actor_type is 'company'",
        ),
        (
            "/api-like",
            json!({ "post_id": reddit["id"], "user_email": DEMO_ADMIN }),
            400,
            "Post does not support like functionality (missing social_urn)",
        ),
        (
            "/api-comment",
            json!({ "post_id": reddit["id"], "user_email": DEMO_ADMIN, "comment_text": "x" }),
            400,
            "Post does not support comment functionality (missing social_urn)",
        ),
        (
            "/api-comment",
            json!({ "post_id": p, "user_email": DEMO_ADMIN }),
            400,
            "Missing required parameter: comment_text",
        ),
        (
            "/api-comment",
            json!({ "post_id": p, "user_email": DEMO_ADMIN, "comment_text": " " }),
            400,
            "comment_text cannot be empty",
        ),
        (
            "/api-like",
            json!({ "post_id": "123e4567-e89b-12d3-a456-426614174000", "user_email": DEMO_ADMIN }),
            404,
            "Post not found",
        ),
        (
            "/api-like",
            json!({ "post_id": p, "user_email": "stranger@x.io" }),
            400,
            "User stranger@x.io is not a member of this team",
        ),
    ] {
        assert_error(&post(&app, DEMO, path, &body), status, msg);
    }
    // Another team cannot engage with this team's post.
    assert_error(
        &post(
            &app,
            OTHER,
            "/api-like",
            &json!({ "post_id": p, "user_email": "admin@other.outx.test" }),
        ),
        404,
        "Post not found",
    );
    assert_error(
        &get(&app, DEMO, "/api-interactions"),
        400,
        "watchlist_id is required and must be a string",
    );
    assert_error(
        &get(&app, DEMO, "/api-interactions?watchlist_id=abc"),
        400,
        "Invalid watchlist ID: abc",
    );
    assert_error(
        &get(&app, OTHER, &format!("/api-interactions?watchlist_id={kw}")),
        403,
        "Access denied: You don't have permission to access this watchlist",
    );
}

#[test]
fn deleting_a_watchlist_takes_its_posts_and_interactions() {
    // outx.md §4.4, flow 1
    let app = spawn();
    let id = create_watchlist(
        &app,
        DEMO,
        "/api-keyword-watchlist",
        &json!({ "keywords": ["sales"] }),
    );
    let p = data(&posts(&app, &format!("watchlist_id={id}")))[0]["id"].clone();
    ok(post(
        &app,
        DEMO,
        "/api-like",
        &json!({ "post_id": p, "user_email": DEMO_ADMIN }),
    ));
    ok(delete(
        &app,
        DEMO,
        &format!("/api-keyword-watchlist?id={id}"),
        None,
    ));
    assert_eq!(posts(&app, "")["pagination"]["total"], json!(0));
    assert_error(
        &get(&app, DEMO, &format!("/api-posts?watchlist_id={id}")),
        400,
        "Invalid watchlist ID(s)",
    );
    assert_error(
        &get(&app, DEMO, &format!("/api-interactions?watchlist_id={id}")),
        400,
        &format!("Invalid watchlist ID: {id}"),
    );
}

#[test]
fn a_like_post_by_urn_shows_on_the_matching_watchlist_post() {
    // outx.md §6 flow 4: like-post by URN of a watchlist post records the interaction there too
    let app = spawn();
    let id = create_watchlist(
        &app,
        DEMO,
        "/api-keyword-watchlist",
        &json!({ "keywords": ["growth"] }),
    );
    let p = data(&posts(&app, &format!("watchlist_id={id}")))[0].clone();
    let t = task(
        &app,
        DEMO,
        "/linkedin-agent/like-post",
        &json!({ "social_urn": p["linkedin_post_urn"] }),
    );
    assert_eq!(finish(&app, DEMO, &t)["status"], json!("completed"));
    let i = ok(get(
        &app,
        DEMO,
        &format!("/api-interactions?watchlist_id={id}"),
    ));
    assert_eq!(i["pagination"]["total_likes"], json!(1));
    assert_eq!(i["data"][0]["post"]["id"], p["id"]);
}

#[test]
fn a_prompt_watchlist_starts_collecting_once_its_keywords_exist() {
    // outx.md §4.1 prompt mode, flow 2
    let app = spawn();
    let id = create_watchlist(
        &app,
        DEMO,
        "/api-keyword-watchlist",
        &json!({ "prompt": "founders hiring engineers", "fetchFreqInHours": 1 }),
    );
    assert_eq!(
        posts(&app, &format!("watchlist_id={id}"))["pagination"]["total"],
        json!(0)
    );
    app.advance(3600.0);
    let later = posts(&app, &format!("watchlist_id={id}"));
    assert!(
        later["pagination"]["total"].as_u64().unwrap() > 0,
        "{later}"
    );
}
