//! ConnectSafely posts (catalog §3.E), through HTTP against the real
//! server: what an account does to a post shows at once in every read of
//! it (G-3, catalog §5.9), and comments count against the daily budget (G-4).

use serde_json::{json, Value};

use super::helpers::*;

const KEY: &str = "cs_live_demo";
const OTHER_KEY: &str = "cs_live_other";
const LATEST: &str = "/linkedin/posts/latest";
const REACT: &str = "/linkedin/posts/react";
const COMMENT: &str = "/linkedin/posts/comment";
const COMMENTS: &str = "/linkedin/posts/comments";
const ALL: &str = "/linkedin/posts/comments/all";
const SCRAPE: &str = "/linkedin/posts/scrape";
const CREATE: &str = "/linkedin/posts/create";

/// A member with posts by now, and those posts (newest first).
fn poster(app: &TestApp) -> (String, Vec<Value>) {
    for i in 0..200 {
        let handle = format!("poster-{i}");
        let r = app.post_bearer(LATEST, KEY, &json!({ "profileId": handle, "count": 20 }));
        assert_eq!(r.status, 200, "{}", r.text);
        let posts = r.json["posts"].as_array().cloned().unwrap_or_default();
        if posts.len() >= 2 {
            return (handle, posts);
        }
    }
    panic!("no member with posts among 200");
}

/// A post with at least `n` comments.
fn commented_post(app: &TestApp, n: u64) -> Value {
    for i in 0..400 {
        let r = app.post_bearer(
            LATEST,
            KEY,
            &json!({ "profileId": format!("talker-{i}"), "count": 20 }),
        );
        for p in r.json["posts"].as_array().cloned().unwrap_or_default() {
            if p["numComments"].as_u64().unwrap_or(0) >= n {
                return p;
            }
        }
    }
    panic!("no post with {n} comments");
}

fn scrape(app: &TestApp, url: &Value) -> Reply {
    app.post_bearer(SCRAPE, KEY, &json!({ "postUrl": url }))
}

#[test]
fn latest_posts_are_newest_first_and_the_same_posts_scrape_returns() {
    // Catalog §3.E posts/latest: posts[].url/content/numLikes/numComments/
    // numShares/isRepost/timestamp, read by N8N and the cookbook; G-3.
    let app = spawn();
    let (handle, posts) = poster(&app);
    let stamps: Vec<&str> = posts
        .iter()
        .map(|p| p["timestamp"].as_str().unwrap_or_default())
        .collect();
    assert!(stamps.windows(2).all(|w| w[0] >= w[1]), "{stamps:?}");
    for p in &posts {
        assert_eq!(p["author"]["publicIdentifier"], json!(handle));
        for k in ["numLikes", "numComments", "numShares"] {
            assert!(p[k].is_u64(), "{k}");
        }
        assert!(p["isRepost"].is_boolean());
    }
    let s = scrape(&app, &posts[0]["url"]);
    assert_eq!(s.status, 200, "{}", s.text);
    assert_eq!(s.json["data"]["content"], posts[0]["content"]);
    assert_eq!(s.json["data"]["engagement"]["likes"], posts[0]["numLikes"]);
    assert!(s.json["data"]["media"]["hasImages"].is_boolean());
    let p = app.post_bearer("/linkedin/profile", KEY, &json!({ "profileId": handle }));
    assert_eq!(
        s.json["data"]["author"]["name"],
        json!(format!(
            "{} {}",
            p.json["profile"]["firstName"].as_str().unwrap_or_default(),
            p.json["profile"]["lastName"].as_str().unwrap_or_default()
        ))
    );
    // count bounds the answer; a profile URL means its public id (G-2).
    let one = app.post_bearer(
        LATEST,
        KEY,
        &json!({ "profileId": format!("https://www.linkedin.com/in/{handle}/"), "count": 1 }),
    );
    assert_eq!(one.json["posts"].as_array().map(Vec::len), Some(1));
    assert_eq!(one.json["posts"][0]["urn"], posts[0]["urn"]);
}

#[test]
fn latest_validation_unknown_member_and_bounds() {
    let app = spawn();
    let r = app.post_bearer(LATEST, KEY, &json!({ "count": 5 }));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["error"],
        "Either profileId or profileUrn must be provided"
    );
    let r = app.post_bearer(LATEST, KEY, &json!({ "profileId": "a", "count": 21 }));
    assert_eq!(r.status, 400);
    assert_eq!(r.json["error"]["issues"][0]["code"], "too_big");
    let r = app.post_bearer(LATEST, KEY, &json!({ "profileId": "notfound-jane" }));
    assert_eq!(r.status, 404, "{}", r.text);
    assert_eq!(r.json["error"], "LinkedIn profile not found: notfound-jane");
}

#[test]
fn a_reaction_shows_in_the_posts_counts_and_a_second_one_replaces_it() {
    // Catalog §5.9: /posts/react changes the count and the account's reaction.
    let app = spawn();
    let (handle, posts) = poster(&app);
    let url = posts[0]["url"].clone();
    let before = scrape(&app, &url).json["data"]["engagement"]["likes"]
        .as_u64()
        .unwrap_or(0);
    let r = app.post_bearer(
        REACT,
        KEY,
        &json!({ "postUrl": url, "reactionType": "PRAISE" }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["previousReaction"], Value::Null);
    assert_eq!(r.json["numLikes"], json!(before + 1));
    assert_eq!(
        scrape(&app, &url).json["data"]["engagement"]["likes"],
        json!(before + 1)
    );
    let again = app.post_bearer(
        REACT,
        KEY,
        &json!({ "postUrl": url, "reactionType": "LIKE" }),
    );
    assert_eq!(again.json["previousReaction"], "PRAISE");
    assert_eq!(again.json["numLikes"], json!(before + 1));
    let latest = app.post_bearer(LATEST, KEY, &json!({ "profileId": handle, "count": 1 }));
    assert_eq!(latest.json["posts"][0]["myReaction"], "LIKE");
    assert_eq!(latest.json["posts"][0]["numLikes"], json!(before + 1));
    // Another key's account sees the count, not the reaction as its own.
    let other = app.post_bearer(
        LATEST,
        OTHER_KEY,
        &json!({ "profileId": handle, "count": 1 }),
    );
    assert_eq!(other.json["posts"][0]["myReaction"], Value::Null);
    assert_eq!(other.json["posts"][0]["numLikes"], json!(before + 1));
}

#[test]
fn react_validates_the_type_and_the_url() {
    let app = spawn();
    let r = app.post_bearer(
        REACT,
        KEY,
        &json!({ "postUrl": "x", "reactionType": "LOVE" }),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json["error"]["issues"][0]["code"], "invalid_enum_value");
    assert_eq!(
        r.json["error"]["issues"][0]["path"],
        json!(["reactionType"])
    );
    let r = app.post_bearer(
        REACT,
        KEY,
        &json!({ "postUrl": "https://www.linkedin.com/in/jane", "reactionType": "LIKE" }),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["error"],
        "Invalid LinkedIn post URL: https://www.linkedin.com/in/jane"
    );
    let r = app.post_bearer(
        REACT,
        KEY,
        &json!({ "postUrl": "urn:li:activity:1000000000000000001", "reactionType": "LIKE" }),
    );
    assert_eq!(r.status, 404, "{}", r.text);
}

#[test]
fn a_comment_shows_in_the_comment_list_and_the_post_count_at_once() {
    // Catalog §5.9: /posts/comment appends to what /posts/comments(/all) and
    // /posts/scrape read.
    let app = spawn();
    let (_, posts) = poster(&app);
    let url = posts[0]["url"].clone();
    let before = scrape(&app, &url).json["data"]["engagement"]["comments"]
        .as_u64()
        .unwrap_or(0);
    let r = app.post_bearer(
        COMMENT,
        KEY,
        &json!({ "postUrl": url, "comment": "Great insight!" }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("x-ratelimit-action").as_deref(), Some("COMMENT"));
    assert_eq!(r.header("x-ratelimit-used").as_deref(), Some("1"));
    assert_eq!(
        scrape(&app, &url).json["data"]["engagement"]["comments"],
        json!(before + 1)
    );
    let all = app.post_bearer(ALL, KEY, &json!({ "postUrl": url, "maxComments": 5000 }));
    let last = all.json["comments"]
        .as_array()
        .and_then(|c| c.last())
        .cloned()
        .unwrap_or_default();
    assert_eq!(last["commentText"], "Great insight!");
    assert_eq!(last["commentUrn"], r.json["commentUrn"]);
    assert_eq!(last["author"]["publicIdentifier"], last["publicIdentifier"]);
    assert_eq!(all.json["total"], json!(before + 1));
}

#[test]
fn tag_post_author_mentions_the_author_first() {
    let app = spawn();
    let (_, posts) = poster(&app);
    let r = app.post_bearer(
        COMMENT,
        KEY,
        &json!({ "postUrl": posts[0]["url"], "comment": "Agreed", "tagPostAuthor": true }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.json["comment"]["commentText"],
        json!(format!(
            "@{} Agreed",
            posts[0]["author"]["name"].as_str().unwrap_or_default()
        ))
    );
}

#[test]
fn comments_past_the_daily_budget_are_429_and_failed_ones_do_not_count() {
    // G-4: COMMENT, 100 a day (CB); here 2 from the scenario.
    let mut s = default_at(MONDAY_MORNING);
    s.connectsafely.limits.comments_per_day = 2;
    let app = spawn_scenario(s);
    let (_, posts) = poster(&app);
    let url = posts[0]["url"].clone();
    let missing = app.post_bearer(
        COMMENT,
        KEY,
        &json!({ "postUrl": "urn:li:activity:1000000000000000001", "comment": "x" }),
    );
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("x-ratelimit-used").as_deref(), Some("0"));
    for _ in 0..2 {
        assert_eq!(
            app.post_bearer(COMMENT, KEY, &json!({ "postUrl": url, "comment": "x" }))
                .status,
            200
        );
    }
    let r = app.post_bearer(COMMENT, KEY, &json!({ "postUrl": url, "comment": "x" }));
    assert_eq!(r.status, 429, "{}", r.text);
    assert_eq!(
        r.json["error"],
        "Rate limit exceeded for COMMENT: 2/2 used. Resets at 2024-01-16T00:00:00.000Z"
    );
    assert_eq!(r.header("x-ratelimit-remaining").as_deref(), Some("0"));
    app.set_clock("2024-01-16T00:00:01Z");
    assert_eq!(
        app.post_bearer(COMMENT, KEY, &json!({ "postUrl": url, "comment": "x" }))
            .status,
        200
    );
}

#[test]
fn comment_validation_and_company_pages() {
    let app = spawn();
    let (_, posts) = poster(&app);
    let r = app.post_bearer(
        COMMENT,
        KEY,
        &json!({ "postUrl": posts[0]["url"], "comment": "" }),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json["error"]["issues"][0]["code"], "too_small");
    let r = app.post_bearer(
        COMMENT,
        KEY,
        &json!({ "postUrl": posts[0]["url"], "comment": "x".repeat(1251) }),
    );
    assert_eq!(r.json["error"]["issues"][0]["code"], "too_big");
    let r = app.post_bearer(COMMENT, KEY, &json!({ "postUrl": posts[0]["url"], "comment": "hi", "companyUrn": "urn:li:organization:105672170" }));
    assert_eq!(r.status, 403, "{}", r.text);
}

#[test]
fn comment_pages_follow_the_token_and_join_up_to_the_whole_list() {
    // Catalog §3.E posts/comments: offset or token paging, oldest first.
    let app = spawn();
    let post = commented_post(&app, 3);
    let url = post["url"].clone();
    let all = app.post_bearer(
        ALL,
        KEY,
        &json!({ "postUrl": url, "maxComments": 5000, "batchSize": 10 }),
    );
    assert_eq!(all.status, 200, "{}", all.text);
    let total = all.json["total"].as_u64().unwrap_or(0);
    assert_eq!(total, post["numComments"].as_u64().unwrap_or(0));
    let mut joined = Vec::new();
    let mut token: Option<Value> = None;
    for _ in 0..total + 1 {
        let mut body =
            json!({ "postUrl": url, "commentCount": 2, "maxComments": 100, "batchSize": 50 });
        if let Some(t) = &token {
            body["paginationToken"] = t.clone();
        }
        let r = app.post_bearer(COMMENTS, KEY, &body);
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.json["pagination"]["total"], json!(total));
        joined.extend(r.json["comments"].as_array().cloned().unwrap_or_default());
        if r.json["hasMore"] == json!(false) {
            assert_eq!(r.json["nextPaginationToken"], Value::Null);
            break;
        }
        token = Some(r.json["nextPaginationToken"].clone());
    }
    assert_eq!(json!(joined), all.json["comments"]);
    let by_start = app.post_bearer(
        COMMENTS,
        KEY,
        &json!({ "postUrl": url, "start": 1, "commentCount": 1 }),
    );
    assert_eq!(by_start.json["comments"][0], all.json["comments"][1]);
    let c = &all.json["comments"][0];
    for k in [
        "profileUrl",
        "commentText",
        "authorName",
        "publicIdentifier",
    ] {
        assert!(c[k].is_string(), "{k}");
    }
    assert_eq!(c["author"]["publicIdentifier"], c["publicIdentifier"]);
    let capped = app.post_bearer(ALL, KEY, &json!({ "postUrl": url, "maxComments": 10 }));
    assert!(capped.json["count"].as_u64() <= Some(10));
    let bad = app.post_bearer(
        COMMENTS,
        KEY,
        &json!({ "postUrl": url, "paginationToken": "???" }),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json["error"], "Invalid paginationToken");
}

#[test]
fn scrape_answers_in_data_and_refuses_what_is_no_post() {
    // N8N reads data.content, data.author.name, data.engagement.likes, data.media.hasImages.
    let app = spawn();
    let r = app.post_bearer(SCRAPE, KEY, &json!({ "postUrl": "https://www.linkedin.com/posts/jane_x-activity-1000000000000000001-ab" }));
    assert_eq!(r.status, 404, "{}", r.text);
    let r = app.post_bearer(SCRAPE, KEY, &json!({}));
    assert_eq!(r.status, 400);
    assert_eq!(r.json["error"]["issues"][0]["path"], json!(["postUrl"]));
    let (_, posts) = poster(&app);
    // The share-URL form names the same post as the feed URL.
    let id = posts[0]["activityId"].as_str().unwrap_or_default();
    let share = format!("https://www.linkedin.com/posts/someone_topic-activity-{id}-Xy1z");
    let s = app.post_bearer(SCRAPE, KEY, &json!({ "postUrl": share }));
    assert_eq!(s.status, 200, "{}", s.text);
    assert_eq!(s.json["success"], true);
    assert_eq!(s.json["data"]["urn"], posts[0]["urn"]);
}

#[test]
fn a_created_post_shows_in_latest_of_the_accounts_own_member() {
    // Issue 15 consistency: /posts/create → /posts/latest for the account's member.
    let app = spawn();
    let r = app.post_bearer(
        CREATE,
        KEY,
        &json!({ "text": "Hello from mocklink", "visibility": "CONNECTIONS" }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let s = scrape(&app, &r.json["postUrl"]);
    assert_eq!(s.status, 200, "{}", s.text);
    assert_eq!(s.json["data"]["content"], "Hello from mocklink");
    let me = s.json["data"]["author"]["publicIdentifier"].clone();
    let latest = app.post_bearer(LATEST, KEY, &json!({ "profileId": me, "count": 5 }));
    assert_eq!(latest.json["posts"][0]["urn"], r.json["postUrn"]);
    assert_eq!(latest.json["posts"][0]["content"], "Hello from mocklink");
    // The other key's account is another member: its latest posts do not have it.
    let o = app.post_bearer(CREATE, OTHER_KEY, &json!({ "text": "Other" }));
    let other_me =
        scrape(&app, &o.json["postUrl"]).json["data"]["author"]["publicIdentifier"].clone();
    assert_ne!(other_me, me);
}

#[test]
fn create_checks_text_and_assets_and_waits_for_documents() {
    let app = spawn();
    let long = app.post_bearer(CREATE, KEY, &json!({ "text": "x".repeat(3001) }));
    assert_eq!(long.status, 400);
    assert_eq!(long.json["error"]["issues"][0]["code"], "too_big");
    let missing = app.post_bearer(CREATE, KEY, &json!({ "text": "t", "mediaType": "image" }));
    assert_eq!(missing.status, 400);
    let init = |kind: &str| {
        app.post_bearer(
            "/linkedin/posts/upload/init",
            KEY,
            &json!({ "mediaType": kind, "fileSize": 1000, "filename": "f" }),
        )
        .json["assetUrn"]
            .clone()
    };
    let doc = init("document");
    let early = app.post_bearer(
        CREATE,
        KEY,
        &json!({ "text": "t", "mediaType": "document", "assetUrn": doc, "title": "Deck" }),
    );
    assert_eq!(early.status, 400, "{}", early.text);
    assert!(early.json["error"]
        .as_str()
        .is_some_and(|e| e.contains("still processing")));
    let wrong = app.post_bearer(
        CREATE,
        KEY,
        &json!({ "text": "t", "mediaType": "image", "assetUrn": doc }),
    );
    assert_eq!(wrong.status, 400);
    app.advance(60.0);
    let ok = app.post_bearer(
        CREATE,
        KEY,
        &json!({ "text": "t", "mediaType": "document", "assetUrn": doc, "title": "Deck" }),
    );
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert_eq!(ok.json["mediaType"], "document");
    let (a, b) = (init("image"), init("image"));
    let carousel = app.post_bearer(CREATE, KEY, &json!({ "text": "t", "mediaType": "image", "assetUrns": [{ "assetUrn": a }, { "assetUrn": b }] }));
    assert_eq!(carousel.status, 200, "{}", carousel.text);
    assert_eq!(
        scrape(&app, &carousel.json["postUrl"]).json["data"]["media"]["hasImages"],
        true
    );
    let foreign = app.post_bearer(
        CREATE,
        OTHER_KEY,
        &json!({ "text": "t", "mediaType": "image", "assetUrn": a }),
    );
    assert_eq!(foreign.status, 404, "{}", foreign.text);
}
