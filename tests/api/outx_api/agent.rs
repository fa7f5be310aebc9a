//! The LinkedIn agent task types (outx.md §3, §2.6, flow 5): each answers at
//! once with a task id; its outcome is read with get-task-status.

use serde_json::{json, Value};

use super::*;

const A: &str = "/linkedin-agent";

fn run(app: &TestApp, path: &str, body: &Value) -> Value {
    let id = task(app, DEMO, &format!("{A}/{path}"), body);
    finish(app, DEMO, &id)
}

fn completed(app: &TestApp, path: &str, body: &Value) -> Value {
    let d = run(app, path, body);
    assert_eq!(d["status"], json!("completed"), "{d}");
    d
}

fn profile_urn(app: &TestApp, slug: &str) -> String {
    let d = completed(app, "fetch-profile", &json!({ "profile_slug": slug }));
    d["task_output"]["profile_urn"]
        .as_str()
        .expect("urn")
        .to_string()
}

#[test]
fn every_task_type_echoes_its_input_with_defaults_and_its_type() {
    // outx.md §2.6: task_input = the fields plus task_type, defaults filled in
    let app = spawn();
    for (path, body, expected) in [
        (
            "fetch-profiles-posts",
            json!({ "profile_urns": ["anandi-devi"] }),
            json!({ "task_type": "agent_profiles_posts_fetch", "profile_urns": ["anandi-devi"] }),
        ),
        (
            "fetch-company",
            json!({ "company_slug": "microsoft" }),
            json!({ "task_type": "agent_company_fetch", "company_slug": "microsoft" }),
        ),
        (
            "fetch-company-posts",
            json!({ "company_slug": "openai" }),
            json!({ "task_type": "agent_company_posts_fetch", "company_slug": "openai" }),
        ),
        (
            "fetch-connections",
            json!({}),
            json!({ "task_type": "agent_fetch_connections", "start": 0, "count": 40 }),
        ),
        (
            "search-profiles",
            json!({ "title": "CTO" }),
            json!({ "task_type": "agent_search_profiles", "title": "CTO", "count": 25 }),
        ),
        (
            "send-message",
            json!({ "recipient_urn": "connected-ravi", "message": "Hi" }),
            json!({ "task_type": "agent_send_message", "recipient_urn": "connected-ravi", "message": "Hi" }),
        ),
        (
            "send-connection-request",
            json!({ "profile_urn": "jane-doe", "note": "  Hello  " }),
            json!({ "task_type": "agent_send_connection_request", "profile_urn": "jane-doe", "note": "Hello" }),
        ),
        (
            "like-post",
            json!({ "social_urn": "urn:li:activity:7123456789012345678" }),
            json!({ "task_type": "agent_like_post", "social_urn": "urn:li:activity:7123456789012345678" }),
        ),
        (
            "comment-post",
            json!({ "social_urn": "urn:li:activity:7123456789012345678", "comment_text": "Nice" }),
            json!({ "task_type": "agent_comment_post", "social_urn": "urn:li:activity:7123456789012345678", "comment_text": "Nice" }),
        ),
    ] {
        let r = ok(post(&app, DEMO, &format!("{A}/{path}"), &body));
        assert!(
            r["message"]
                .as_str()
                .unwrap()
                .ends_with("task created successfully"),
            "{path}: {r}"
        );
        let id = r["api_agent_task_id"].as_str().unwrap();
        let s = ok(get(
            &app,
            DEMO,
            &format!("{A}/get-task-status?api_agent_task_id={id}"),
        ));
        assert_eq!(s["data"]["status"], json!("pending"), "{path}");
        assert_eq!(s["data"]["task_input"], expected, "{path}");
        assert_eq!(s["data"]["task_output"], json!(null), "{path}");
        // Team-scoped like every task (OX-2).
        assert_error(
            &get(
                &app,
                OTHER,
                &format!("{A}/get-task-status?api_agent_task_id={id}"),
            ),
            404,
            "Agent task not found",
        );
    }
}

#[test]
fn each_task_type_validates_its_body() {
    // outx.md §3.2–§3.10 errors (400 before anything is queued)
    let app = spawn();
    for (path, body, msg) in [
        (
            "fetch-profiles-posts",
            json!({}),
            "Missing or invalid 'profile_urns'",
        ),
        (
            "fetch-profiles-posts",
            json!({ "profile_urns": [] }),
            "Missing or invalid 'profile_urns'",
        ),
        (
            "fetch-profiles-posts",
            json!({ "profile_urns": [1] }),
            "Missing or invalid 'profile_urns'",
        ),
        ("like-post", json!({}), "Missing or invalid 'social_urn'"),
        (
            "like-post",
            json!({ "social_urn": "urn:li:person:x" }),
            "Missing or invalid 'social_urn'",
        ),
        (
            "comment-post",
            json!({ "social_urn": "urn:li:activity:1" }),
            "Missing or invalid 'comment_text'",
        ),
        (
            "comment-post",
            json!({ "social_urn": "urn:li:activity:1", "comment_text": "  " }),
            "Missing or invalid 'comment_text'",
        ),
        (
            "fetch-company",
            json!({ "company_slug": "" }),
            "Missing or invalid 'company_slug'",
        ),
        (
            "fetch-company-posts",
            json!({}),
            "Missing or invalid 'company_slug'",
        ),
        (
            "send-message",
            json!({ "message": "Hi" }),
            "Missing or invalid 'recipient_urn'",
        ),
        (
            "send-message",
            json!({ "recipient_urn": "x", "message": "   " }),
            "Missing or invalid 'message'",
        ),
        (
            "send-message",
            json!({ "recipient_urn": "x", "message": "m".repeat(10_001) }),
            "Message text is too long (max 10000 characters)",
        ),
        (
            "send-connection-request",
            json!({}),
            "Missing or invalid 'profile_urn'",
        ),
        (
            "send-connection-request",
            json!({ "profile_urn": "x", "note": 5 }),
            "Invalid 'note': must be a string",
        ),
        (
            "send-connection-request",
            json!({ "profile_urn": "x", "note": "n".repeat(301) }),
            "Invalid 'note': must be 300 characters or fewer",
        ),
        (
            "search-profiles",
            json!({}),
            "At least one search filter is required",
        ),
        (
            "search-profiles",
            json!({ "geo_urn": "103644278" }),
            "Invalid 'geo_urn': must be an array of strings",
        ),
        (
            "fetch-connections",
            json!({ "keyword": 5 }),
            "Invalid 'keyword': must be a string",
        ),
        (
            "fetch-connections",
            json!({ "sort_type": true }),
            "Invalid 'sort_type': must be a string",
        ),
        (
            "fetch-connections",
            json!({ "start": -1 }),
            "Invalid 'start': must be a non-negative integer",
        ),
        (
            "fetch-connections",
            json!({ "count": 0 }),
            "Invalid 'count': must be a positive integer",
        ),
    ] {
        assert_error(&post(&app, DEMO, &format!("{A}/{path}"), &body), 400, msg);
    }
}

#[test]
fn a_team_without_an_admin_cannot_act_on_linkedin() {
    // outx.md §2.6: 404 No admin user found in the team
    let app = spawn_scenario(with_outx(
        json!({ "teams": [{ "id": "members", "keys": ["outx_members"], "members": [{ "email": "m@x.io", "role": "member" }] }] }),
    ));
    for (path, body) in [
        ("like-post", json!({ "social_urn": "urn:li:activity:1" })),
        (
            "comment-post",
            json!({ "social_urn": "urn:li:activity:1", "comment_text": "x" }),
        ),
        (
            "send-message",
            json!({ "recipient_urn": "x", "message": "Hi" }),
        ),
        ("send-connection-request", json!({ "profile_urn": "x" })),
        ("fetch-connections", json!({})),
    ] {
        assert_error(
            &post(&app, "outx_members", &format!("{A}/{path}"), &body),
            404,
            "No admin user found in the team",
        );
    }
}

#[test]
fn profile_posts_carry_activity_urns_that_like_and_comment_act_on() {
    // outx.md §3.2–§3.4, flow 4: the same post, its counts move
    let app = spawn();
    let urn = profile_urn(&app, "anandi-devi");
    let d = completed(
        &app,
        "fetch-profiles-posts",
        &json!({ "profile_urns": [urn, "urn:li:fsd_profile:ACoAAnobody"] }),
    );
    let posts = d["task_output"]["posts"].as_array().expect("posts").clone();
    assert!(!posts.is_empty(), "{d}");
    for p in &posts {
        assert!(
            p["social_urn"]
                .as_str()
                .unwrap()
                .starts_with("urn:li:activity:"),
            "{p}"
        );
        assert_eq!(p["author_name"], json!("Anandi Devi"));
    }
    let first = posts[0].clone();
    let social = first["social_urn"].as_str().unwrap();
    let like = completed(&app, "like-post", &json!({ "social_urn": social }));
    assert_eq!(
        like["task_output"],
        json!({ "liked": true, "social_urn": social })
    );
    let c = completed(
        &app,
        "comment-post",
        &json!({ "social_urn": social, "comment_text": "Well said" }),
    );
    assert_eq!(c["task_output"]["commented"], json!(true));
    assert!(
        c["task_output"]["comment_urn"]
            .as_str()
            .is_some_and(|u| u.starts_with("urn:li:comment:")),
        "{c}"
    );
    let again = completed(
        &app,
        "fetch-profiles-posts",
        &json!({ "profile_urns": [urn] }),
    );
    let same = again["task_output"]["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["social_urn"] == first["social_urn"])
        .cloned()
        .expect("same post");
    assert_eq!(
        same["likes_count"].as_u64().unwrap(),
        first["likes_count"].as_u64().unwrap() + 1
    );
    assert!(same["comments_count"].as_u64().unwrap() > first["comments_count"].as_u64().unwrap());
    // A URN of no post ends failed.
    let f = run(
        &app,
        "like-post",
        &json!({ "social_urn": "urn:li:activity:1" }),
    );
    assert_eq!(f["status"], json!("failed"));
    assert!(f["task_output"]["error"].as_str().is_some(), "{f}");
}

#[test]
fn a_profiles_posts_task_naming_nobody_fails() {
    let app = spawn();
    let d = run(
        &app,
        "fetch-profiles-posts",
        &json!({ "profile_urns": ["notfound-zed"] }),
    );
    assert_eq!(d["status"], json!("failed"));
    assert_eq!(
        d["task_output"],
        json!({ "error": "No profile found for the given URNs" })
    );
}

#[test]
fn a_company_and_its_posts_come_from_the_shared_model() {
    // outx.md §3.5–§3.6
    let app = spawn();
    let d = completed(
        &app,
        "fetch-company",
        &json!({ "company_slug": "https://www.linkedin.com/company/microsoft/" }),
    );
    let c = &d["task_output"];
    assert_eq!(c["company_slug"], json!("microsoft"));
    for k in [
        "name",
        "company_urn",
        "industry",
        "description",
        "headquarters",
        "logo_url",
        "website",
    ] {
        assert!(c[k].as_str().is_some_and(|s| !s.is_empty()), "{k}: {c}");
    }
    assert!(c["employee_count"].as_u64().is_some() && c["followers"].as_u64().is_some());
    let p = completed(
        &app,
        "fetch-company-posts",
        &json!({ "company_slug": "microsoft" }),
    );
    let posts = p["task_output"]["posts"].as_array().expect("posts");
    assert!(!posts.is_empty());
    assert!(posts.iter().all(|x| x["author_name"] == c["name"]), "{p}");
}

#[test]
fn a_connection_request_becomes_a_pending_invitation_not_a_connection() {
    // outx.md §3.8, flow 5: pending, not listed, not messageable; twice fails
    let app = spawn();
    let target = "jane-doe-outx";
    let d = completed(
        &app,
        "send-connection-request",
        &json!({ "profile_urn": target, "note": "Hello" }),
    );
    assert_eq!(d["task_output"], json!({ "sent": true }));
    let again = run(
        &app,
        "send-connection-request",
        &json!({ "profile_urn": target }),
    );
    assert_eq!(again["status"], json!("failed"));
    assert!(
        again["task_output"]["error"]
            .as_str()
            .unwrap()
            .contains("already pending"),
        "{again}"
    );
    let m = run(
        &app,
        "send-message",
        &json!({ "recipient_urn": target, "message": "Hi" }),
    );
    assert_eq!(m["status"], json!("failed"));
    assert!(
        m["task_output"]["error"]
            .as_str()
            .unwrap()
            .contains("not a 1st-degree connection"),
        "{m}"
    );
    let conns = completed(
        &app,
        "fetch-connections",
        &json!({ "keyword": "jane", "count": 100 }),
    );
    assert!(conns["task_output"]["connections"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["public_identifier"] != json!(target)));
    // Already connected: fails, counts nothing.
    let c = run(
        &app,
        "send-connection-request",
        &json!({ "profile_urn": "connected-ravi" }),
    );
    assert_eq!(c["status"], json!("failed"));
    assert!(
        c["task_output"]["error"]
            .as_str()
            .unwrap()
            .contains("Already connected"),
        "{c}"
    );
}

#[test]
fn messages_reach_first_degree_connections_only() {
    // outx.md §3.7: 1st-degree rule; the POST always answers 200
    let app = spawn();
    let d = completed(
        &app,
        "send-message",
        &json!({ "recipient_urn": "connected-ravi", "message": "Hi" }),
    );
    assert_eq!(d["task_output"], json!({ "sent": true }));
    let conns = completed(&app, "fetch-connections", &json!({ "count": 1 }));
    let friend = conns["task_output"]["connections"][0]["entity_urn"]
        .as_str()
        .expect("a connection")
        .to_string();
    let person = friend.replace("urn:li:fsd_profile:", "urn:li:person:");
    completed(
        &app,
        "send-message",
        &json!({ "recipient_urn": person, "message": "Hi again" }),
    );
    let stranger = profile_urn(&app, "some-stranger-123");
    let f = run(
        &app,
        "send-message",
        &json!({ "recipient_urn": stranger, "message": "Hi" }),
    );
    assert_eq!(f["status"], json!("failed"));
    let nobody = run(
        &app,
        "send-message",
        &json!({ "recipient_urn": "urn:li:person:ACoAAnobody", "message": "Hi" }),
    );
    assert_eq!(nobody["status"], json!("failed"));
}

#[test]
fn the_invitation_limit_answers_429_at_creation_and_rolls_over_a_week() {
    // outx.md §3.8 429, G-4: per acting admin, rolling 7 days, scenario setting
    let app = spawn_scenario(with_outx(json!({ "invitations": { "perWeek": 2 } })));
    // An already-connected target fails and uses nothing up.
    let c = run(
        &app,
        "send-connection-request",
        &json!({ "profile_urn": "connected-ravi" }),
    );
    assert_eq!(c["status"], json!("failed"));
    for who in ["a-one", "a-two"] {
        task(
            &app,
            DEMO,
            &format!("{A}/send-connection-request"),
            &json!({ "profile_urn": who }),
        );
    }
    let over = post(
        &app,
        DEMO,
        &format!("{A}/send-connection-request"),
        &json!({ "profile_urn": "a-three" }),
    );
    assert_error(
        &over,
        429,
        "LinkedIn invitation limit reached. Please wait before sending more connection requests.",
    );
    // Another team's admin has a limit of its own.
    task(
        &app,
        OTHER,
        &format!("{A}/send-connection-request"),
        &json!({ "profile_urn": "a-three" }),
    );
    app.advance(7.0 * 86_400.0);
    task(
        &app,
        DEMO,
        &format!("{A}/send-connection-request"),
        &json!({ "profile_urn": "a-three" }),
    );
}

#[test]
fn connections_page_with_start_and_count_and_filter_by_name() {
    // outx.md §3.10: raise start by count until a page is short
    let app = spawn();
    let all = completed(&app, "fetch-connections", &json!({ "count": 100 }));
    let list = all["task_output"]["connections"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(all["task_output"]["total"], json!(list.len()));
    assert!(list.len() >= 3, "{all}");
    for c in &list {
        for k in [
            "name",
            "first_name",
            "last_name",
            "headline",
            "public_identifier",
            "entity_urn",
        ] {
            assert!(c[k].is_string(), "{k}: {c}");
        }
    }
    let page = completed(
        &app,
        "fetch-connections",
        &json!({ "start": 1, "count": 2 }),
    );
    assert_eq!(
        page["task_output"]["connections"].as_array().unwrap()[..],
        list[1..3]
    );
    let name = list[0]["first_name"].as_str().unwrap().to_lowercase();
    let f = completed(
        &app,
        "fetch-connections",
        &json!({ "keyword": name, "count": 100 }),
    );
    let hits = f["task_output"]["connections"].as_array().unwrap();
    assert!(
        !hits.is_empty()
            && hits
                .iter()
                .all(|c| c["name"].as_str().unwrap().to_lowercase().contains(&name))
    );
    let over = ok(post(
        &app,
        DEMO,
        &format!("{A}/fetch-connections"),
        &json!({ "count": 500 }),
    ));
    let d = finish(&app, DEMO, over["api_agent_task_id"].as_str().unwrap());
    assert_eq!(d["task_input"]["count"], json!(100));
}

#[test]
fn search_results_match_their_filters_when_fetched() {
    // outx.md §3.9, G-3: search agrees with fetch
    let app = spawn();
    let d = completed(
        &app,
        "search-profiles",
        &json!({ "title": "Data Scientist", "geo_urn": ["103644278"], "count": 4 }),
    );
    let hits = d["task_output"]["profiles"].as_array().unwrap().clone();
    assert_eq!(hits.len(), 4);
    assert_eq!(d["task_output"]["total"], json!(4));
    for h in &hits {
        assert!(
            [1, 2, 3].contains(&h["connection_degree"].as_u64().unwrap()),
            "{h}"
        );
        let slug = h["profile_slug"].as_str().unwrap();
        let p = completed(&app, "fetch-profile", &json!({ "profile_slug": slug }));
        let out = &p["task_output"];
        assert_eq!(out["name"], h["name"]);
        assert_eq!(
            out["experience"][0]["title"],
            json!("Data Scientist"),
            "{out}"
        );
        assert!(
            out["location"].as_str().unwrap().ends_with("United States"),
            "{out}"
        );
    }
    // The same query gives the same people; count above 50 is 50.
    let again = completed(
        &app,
        "search-profiles",
        &json!({ "title": "Data Scientist", "geo_urn": ["103644278"], "count": 4 }),
    );
    assert_eq!(again["task_output"], d["task_output"]);
    let many = completed(
        &app,
        "search-profiles",
        &json!({ "keywords": "rust", "count": 80 }),
    );
    assert_eq!(
        many["task_output"]["profiles"].as_array().unwrap().len(),
        50
    );
}

#[test]
fn search_by_name_company_urn_and_industry_narrows_when_fetched() {
    // outx.md §3.9, G-3: first_name, current_company (a URN) and industry are
    // filters of the shared people search, so each hit fetched still has them.
    let app = spawn();
    let world = app.mock.state().world();
    let company = world.linkedin.directory().at(7);
    let d = completed(
        &app,
        "search-profiles",
        &json!({ "first_name": "Priya", "current_company": [format!("urn:li:fsd_company:{}", company.id)], "industry": [company.industry], "count": 3 }),
    );
    let hits = d["task_output"]["profiles"].as_array().unwrap().clone();
    assert_eq!(hits.len(), 3, "{d}");
    for h in &hits {
        let slug = h["profile_slug"].as_str().unwrap();
        let p = completed(&app, "fetch-profile", &json!({ "profile_slug": slug }));
        let out = &p["task_output"];
        assert!(out["name"].as_str().unwrap().starts_with("Priya "), "{out}");
        assert_eq!(
            out["experience"][0]["company"],
            json!(company.name),
            "{out}"
        );
    }
    // An industry the company is not in finds nobody.
    let none = completed(
        &app,
        "search-profiles",
        &json!({ "current_company": [company.id.to_string()], "industry": ["No Such Industry"] }),
    );
    assert_eq!(none["task_output"]["profiles"], json!([]));
}
