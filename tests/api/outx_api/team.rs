//! `GET /api-team` (outx.md §5.5) and the plugin rule's exemption (OX-PLUGIN).

use serde_json::json;

use super::*;

#[test]
fn the_team_shows_its_plan_and_watchlist_usage() {
    // outx.md §5.5: limits with their use; flow 1: a create shows in usage
    let app = spawn();
    let t = ok(get(&app, DEMO, "/api-team"));
    assert_eq!(t["team"], json!({ "id": "demo", "name": "demo's Team" }));
    assert_eq!(t["plan"]["name"], json!("Pro"));
    assert_eq!(t["plan"]["expires_at"], json!("2025-01-14T10:30:00Z"));
    assert_eq!(t["limits"]["watchlists"], json!({ "limit": 10, "used": 0 }));
    assert_eq!(
        t["limits"]["team_members"],
        json!({ "limit": 5, "used": 1 })
    );
    assert_eq!(t["members"][0]["email"], json!(DEMO_ADMIN));
    assert_eq!(t["members"][0]["role"], json!("admin"));
    create_watchlist(
        &app,
        DEMO,
        "/api-keyword-watchlist",
        &json!({ "keywords": ["hiring"] }),
    );
    let t = ok(get(&app, DEMO, "/api-team"));
    assert_eq!(t["limits"]["watchlists"]["used"], json!(1));
    // Another team's usage is its own.
    let o = ok(get(&app, OTHER, "/api-team"));
    assert_eq!(o["limits"]["watchlists"]["used"], json!(0));
}

#[test]
fn every_keyed_route_checks_the_key_then_the_plugin() {
    // OX-AUTH, OX-PLUGIN on every keyed call the catalog names
    let app = spawn();
    let routes: [(reqwest::Method, &str); 24] = [
        (reqwest::Method::GET, "/api-team"),
        (reqwest::Method::GET, "/api-posts"),
        (reqwest::Method::GET, "/api-interactions"),
        (reqwest::Method::POST, "/api-like"),
        (reqwest::Method::POST, "/api-comment"),
        (reqwest::Method::POST, "/api-keyword-watchlist"),
        (reqwest::Method::GET, "/api-keyword-watchlist"),
        (reqwest::Method::PUT, "/api-keyword-watchlist"),
        (reqwest::Method::DELETE, "/api-keyword-watchlist"),
        (reqwest::Method::POST, "/api-keyword-watchlist-prompt"),
        (reqwest::Method::PUT, "/api-keyword-watchlist-prompt"),
        (reqwest::Method::POST, "/api-people-watchlist"),
        (reqwest::Method::GET, "/api-company-watchlist"),
        (reqwest::Method::DELETE, "/api-reddit-watchlist"),
        (
            reqwest::Method::POST,
            "/linkedin-agent/fetch-profiles-posts",
        ),
        (reqwest::Method::POST, "/linkedin-agent/like-post"),
        (reqwest::Method::POST, "/linkedin-agent/comment-post"),
        (reqwest::Method::POST, "/linkedin-agent/fetch-company"),
        (reqwest::Method::POST, "/linkedin-agent/fetch-company-posts"),
        (reqwest::Method::POST, "/linkedin-agent/send-message"),
        (
            reqwest::Method::POST,
            "/linkedin-agent/send-connection-request",
        ),
        (reqwest::Method::POST, "/linkedin-agent/search-profiles"),
        (reqwest::Method::POST, "/linkedin-agent/fetch-connections"),
        (reqwest::Method::GET, "/linkedin-agent/get-task-status"),
    ];
    for (m, path) in routes {
        let r = call(&app, m.clone(), path, None, Some(&json!({})));
        assert_error(&r, 401, "Missing API Key");
        let r = call(&app, m.clone(), path, Some("nope"), Some(&json!({})));
        assert_error(&r, 401, "Invalid API Key");
        let r = call(&app, m.clone(), path, Some(NOPLUGIN), Some(&json!({})));
        assert_error(&r, 403, PLUGIN_REQUIRED);
    }
}

#[test]
fn global_data_sharing_exempts_data_routes_but_not_linkedin_actions() {
    // OX-PLUGIN exemption (outx.md §2.2): watchlists, posts, interactions and
    // the team skip the rule; tasks, likes and comments act through a browser.
    let mut s = default_with(|_| {});
    s.outx.teams[2].global_data_sharing = true;
    let app = spawn_scenario(s);
    ok(get(&app, NOPLUGIN, "/api-team"));
    ok(get(&app, NOPLUGIN, "/api-posts"));
    let id = create_watchlist(
        &app,
        NOPLUGIN,
        "/api-reddit-watchlist",
        &json!({ "keywords": ["crm"] }),
    );
    ok(get(
        &app,
        NOPLUGIN,
        &format!("/api-interactions?watchlist_id={id}"),
    ));
    ok(get(&app, NOPLUGIN, "/api-reddit-watchlist"));
    assert_error(
        &post(
            &app,
            NOPLUGIN,
            "/linkedin-agent/fetch-profile",
            &json!({ "profile_slug": "jane" }),
        ),
        403,
        PLUGIN_REQUIRED,
    );
    assert_error(
        &post(
            &app,
            NOPLUGIN,
            "/api-like",
            &json!({ "post_id": "x", "user_email": "y" }),
        ),
        403,
        PLUGIN_REQUIRED,
    );
}
