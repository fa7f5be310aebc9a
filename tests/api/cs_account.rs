//! ConnectSafely account routes, the host-root health check, and the fixes
//! real clients needed on the seed routes (catalog 3.A, 3.D, 3.J; SPEC G-2).

use serde_json::json;

use super::helpers::*;

const KEY: &str = "cs_live_demo";
const OTHER_KEY: &str = "cs_live_other";
const DEFAULT_ACCOUNT: &str = "696ce9e780e0483585e4e553";
const NON_PREMIUM: &str = "65a1b2c3d4e5f60718293a4b";
const OTHER_ACCOUNT: &str = "66b2c3d4e5f60718293a4b5c";

fn get(app: &TestApp, path: &str, key: &str) -> Reply {
    app.send(app.client.get(app.url(path)).bearer_auth(key))
}

// ------------------------------------------------------------------ account

#[test]
fn account_status_is_flat_without_success_for_the_default_account() {
    // catalog 3.D GET /account/status
    let app = spawn();
    let r = get(&app, "/linkedin/account/status", KEY);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["id"], DEFAULT_ACCOUNT);
    assert!(r.json.get("success").is_none(), "{}", r.text);
    assert_eq!(r.json["platform"], "ConnectSafely");
    assert_eq!(r.json["status"], "AVAILABLE");
    assert_eq!(r.json["enabled"], true);
    assert_eq!(r.json["hasTokens"], true);
    assert_eq!(r.json["lastUsed"], "2024-01-15T10:30:00.000Z");
    assert_eq!(r.json["linkedinPlan"]["premiumType"], "SALES_NAVIGATOR");
    assert_eq!(r.json["linkedinPlan"]["isPremium"], true);
    assert!(r.json["firstName"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(r.json["publicId"].as_str().is_some_and(|s| !s.is_empty()));
}

#[test]
fn account_status_by_post_answers_like_get() {
    // catalog 3.D: the cookbook's template and auth guide POST it
    let app = spawn();
    let g = get(&app, "/linkedin/account/status", KEY);
    let p = app.post_bearer("/linkedin/account/status", KEY, &json!({}));
    assert_eq!(p.status, 200, "{}", p.text);
    assert_eq!(p.json, g.json);
}

#[test]
fn account_status_query_names_an_account_of_the_key() {
    // catalog 3.D: accountId query (newest version)
    let app = spawn();
    let r = get(
        &app,
        &format!("/linkedin/account/status?accountId={NON_PREMIUM}"),
        KEY,
    );
    assert_eq!(r.json["id"], NON_PREMIUM);
    assert_eq!(r.json["linkedinPlan"]["premiumType"], "NON_PREMIUM");
    assert_eq!(r.json["linkedinPlan"]["isPremium"], false);
    let r = get(
        &app,
        &format!("/linkedin/account/status?accountId={OTHER_ACCOUNT}"),
        KEY,
    );
    assert_eq!(r.status, 404);
}

#[test]
fn account_status_by_id_checks_format_then_ownership() {
    // catalog 3.D GET /account/{accountId}/status
    let app = spawn();
    let r = get(&app, "/linkedin/account/acc_12345/status", KEY);
    assert_eq!(r.status, 400);
    assert_eq!(r.json["error"], "Invalid account ID format");
    let r = get(
        &app,
        &format!("/linkedin/account/{OTHER_ACCOUNT}/status"),
        KEY,
    );
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        json!({ "error": "LinkedIn account not found or not accessible", "message": "LinkedIn account not found or not accessible" })
    );
    let r = get(
        &app,
        &format!("/linkedin/account/{OTHER_ACCOUNT}/status"),
        OTHER_KEY,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json["id"], OTHER_ACCOUNT);
    let r = get(
        &app,
        &format!("/linkedin/account/{OTHER_ACCOUNT}/status"),
        "nope",
    );
    assert_eq!(r.status, 401);
}

#[test]
fn premium_reports_the_scenario_plan() {
    // catalog 3.D GET /account/{accountId}/premium
    let app = spawn();
    let r = get(
        &app,
        &format!("/linkedin/account/{DEFAULT_ACCOUNT}/premium"),
        KEY,
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["success"], true);
    assert_eq!(r.json["isPremium"], true);
    assert_eq!(r.json["hasSalesNavigator"], true);
    assert_eq!(r.json["premiumType"], "SALES_NAVIGATOR");
    let status = get(&app, "/linkedin/account/status", KEY);
    assert_eq!(
        r.json["accountName"],
        format!(
            "{} {}",
            status.json["firstName"].as_str().unwrap_or(""),
            status.json["lastName"].as_str().unwrap_or("")
        )
    );
    let r = get(
        &app,
        &format!("/linkedin/account/{NON_PREMIUM}/premium"),
        KEY,
    );
    assert_eq!(r.json["isPremium"], false);
    assert_eq!(r.json["premiumType"], "NON_PREMIUM");
    assert_eq!(r.json["features"], json!([]));
}

#[test]
fn accounts_is_a_bare_array_filtered_by_q() {
    // catalog 3.D GET /accounts
    let app = spawn();
    let r = get(&app, "/linkedin/accounts", KEY);
    assert_eq!(r.status, 200);
    let all = r.json.as_array().expect("bare array").clone();
    let ids: Vec<&str> = all.iter().filter_map(|a| a["id"].as_str()).collect();
    assert_eq!(ids, [DEFAULT_ACCOUNT, NON_PREMIUM]);
    assert!(all.iter().all(|a| a["apiSeatAllocated"] == true));
    let by_id = get(&app, &format!("/linkedin/accounts?q={NON_PREMIUM}"), KEY);
    assert_eq!(by_id.json.as_array().map(Vec::len), Some(1));
    assert_eq!(by_id.json[0]["id"], NON_PREMIUM);
    let slug = all[0]["publicId"].as_str().expect("publicId");
    let by_url = get(
        &app,
        &format!("/linkedin/accounts?q=https://www.linkedin.com/in/{slug}/"),
        KEY,
    );
    assert_eq!(by_url.json.as_array().map(Vec::len), Some(1));
    assert_eq!(by_url.json[0]["id"], DEFAULT_ACCOUNT);
    let first = all[0]["firstName"]
        .as_str()
        .expect("firstName")
        .to_uppercase();
    let by_text = get(&app, &format!("/linkedin/accounts?q={first}"), KEY);
    assert!(by_text
        .json
        .as_array()
        .is_some_and(|a| a.iter().any(|x| x["id"] == DEFAULT_ACCOUNT)));
    let none = get(&app, "/linkedin/accounts?q=zzzz-nobody", KEY);
    assert_eq!(none.json, json!([]));
}

#[test]
fn last_used_moves_with_each_call_that_uses_the_account() {
    // catalog §5.1: lastUsed is updated by each call
    let app = spawn();
    app.advance(90.0);
    let r = get(&app, "/linkedin/account/status", KEY);
    assert_eq!(r.json["lastUsed"], "2024-01-15T10:31:30.000Z");
    let list = get(&app, "/linkedin/accounts", KEY);
    assert_eq!(list.json[1]["lastUsed"], "2024-01-15T10:30:00.000Z");
}

#[test]
fn health_at_the_host_root_checks_the_key() {
    // catalog 3.J: the N8N credential test
    let app = spawn();
    let r = get(&app, "/health", KEY);
    assert_eq!(r.status, 200);
    assert_eq!(r.json, json!({ "status": "ok" }));
    assert_eq!(get(&app, "/health", "cs_wrong").status, 401);
    assert_eq!(app.get("/health").status, 401);
}

// ------------------------------------------------------------------ fixes on the seed routes

#[test]
fn visitors_without_max_visitors_fetch_the_whole_range() {
    // SPEC G-2 amending CS-V1: the cookbook's workflows omit maxVisitors
    let app = spawn();
    let r = app.post_bearer(
        "/linkedin/profile/visitors",
        KEY,
        &json!({ "timeRange": "past_90_days", "start": 0, "fetchAll": true }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["visitors"].as_array().map(Vec::len), Some(37));
    assert_eq!(r.json["hasMore"], false);
    assert!(r.json["filters"]
        .as_object()
        .is_some_and(|f| f.get("maxVisitors") == Some(&json!(null))));
    let page = app.post_bearer("/linkedin/profile/visitors", KEY, &json!({}));
    assert_eq!(page.json["visitors"].as_array().map(Vec::len), Some(20));
    assert_eq!(page.json["hasMore"], true);
}

#[test]
fn every_visitor_has_a_navigation_url_null_when_anonymous() {
    // SPEC G-2 amending CS-V2
    let app = spawn();
    let r = app.post_bearer(
        "/linkedin/profile/visitors",
        KEY,
        &json!({ "fetchAll": true }),
    );
    let visitors = r.json["visitors"].as_array().expect("visitors").clone();
    let mut named = 0;
    for v in &visitors {
        assert!(v
            .as_object()
            .is_some_and(|o| o.contains_key("navigationUrl")));
        if v.get("publicIdentifier").is_some() {
            named += 1;
            assert_eq!(v["navigationUrl"], v["profileUrl"]);
        } else {
            assert_eq!(v["navigationUrl"], json!(null));
        }
    }
    assert!(named > 0 && named < visitors.len());
}

#[test]
fn full_profile_urls_mean_their_public_id_on_every_seed_route() {
    // SPEC G-2: the cookbook sends sheet URLs as profileId
    let app = spawn();
    let url = "https://www.linkedin.com/in/jane-doe-77/?originalSubdomain=in";
    let by_url = app.post_bearer("/linkedin/profile", KEY, &json!({ "profileId": url }));
    let by_id = app.post_bearer(
        "/linkedin/profile",
        KEY,
        &json!({ "profileId": "jane-doe-77" }),
    );
    assert_eq!(by_url.status, 200);
    assert_eq!(by_url.json["profileId"], "jane-doe-77");
    assert_eq!(by_url.json["profile"], by_id.json["profile"]);
    assert_eq!(
        by_id.json["cached"], true,
        "the URL fetch was the same profile"
    );
    let c = app.post_bearer(
        "/linkedin/connect",
        KEY,
        &json!({ "profileId": "linkedin.com/in/jane-doe-77" }),
    );
    assert_eq!(c.status, 200, "{}", c.text);
    assert_eq!(c.json["profileUrn"], by_id.json["profile"]["entityUrn"]);
    let e = app.post_bearer(
        "/linkedin/endorse-skill",
        KEY,
        &json!({ "profileId": "http://linkedin.com/in/jane-doe-77", "random": true }),
    );
    assert_eq!(e.status, 200, "{}", e.text);
    assert_eq!(e.json["profileId"], "jane-doe-77");
}

#[test]
fn profile_carries_what_the_prospect_researcher_reads() {
    // catalog 3.A (CB prospect-researcher; AFE Profile type), SPEC G-2
    let app = spawn();
    let r = app.post_bearer(
        "/linkedin/profile",
        KEY,
        &json!({ "profileId": "anandi-devi", "includeExperience": true, "includeGeoLocation": true }),
    );
    assert_eq!(r.status, 200);
    let p = &r.json["profile"];
    assert_eq!(p["location"]["name"], "Delhi, India");
    assert_eq!(p["experience"], r.json["experience"]);
    let roles = p["experience"].as_array().expect("profile.experience");
    assert!(!roles.is_empty());
    for role in roles {
        assert!(role["title"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(role["companyName"].as_str().is_some_and(|s| !s.is_empty()));
        assert_eq!(role["company"], role["companyName"]);
        assert!(role["duration"].as_str().is_some_and(|d| d.contains(" - ")));
    }
    assert!(p["summary"].is_string());
    let without = app.post_bearer(
        "/linkedin/profile",
        KEY,
        &json!({ "profileId": "someone-else-1" }),
    );
    assert!(without.json["profile"].get("experience").is_none());
}

#[test]
fn error_bodies_also_carry_their_text_as_message() {
    // catalog §2 error shapes: N8N reads message then error; AFE reads only message
    let app = spawn();
    let r = app.post_bearer(
        "/linkedin/connect",
        KEY,
        &json!({ "profileId": "notfound-someone" }),
    );
    assert_eq!(r.status, 404);
    assert_eq!(
        r.text,
        r#"{"error":"LinkedIn profile not found: notfound-someone","success":false,"message":"LinkedIn profile not found: notfound-someone"}"#
    );
    let r = app.post_bearer("/linkedin/connect", "bad", &json!({}));
    assert_eq!(
        r.json,
        json!({ "error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials" })
    );
}
