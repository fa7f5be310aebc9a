//! ConnectSafely groups (catalog §3.G), through HTTP against the real
//! server: paging, filters, the daily GROUP_MEMBERS budget, and that every
//! member listed is the member `/profile` returns (G-3).

use serde_json::{json, Value};

use super::helpers::*;

const KEY: &str = "cs_live_demo";
const OTHER_ACCOUNT: &str = "65a1b2c3d4e5f60718293a4b";
const MEMBERS: &str = "/linkedin/groups/members";
const BY_URL: &str = "/linkedin/groups/members-by-url";
const RESOLVE: &str = "/linkedin/groups/resolve";
const GROUP: &str = "9357376";

fn members(app: &TestApp, body: Value) -> Reply {
    app.post_bearer(MEMBERS, KEY, &body)
}

fn handles(r: &Reply) -> Vec<String> {
    r.json["members"]
        .as_array()
        .map(|m| {
            m.iter()
                .map(|x| {
                    x["publicIdentifier"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn with_budget(n: u32) -> TestApp {
    let mut s = default_at(MONDAY_MORNING);
    s.connectsafely.limits.group_members_per_day = n;
    spawn_scenario(s)
}

#[test]
fn group_pages_are_stable_and_walk_the_whole_list_until_has_more_is_false() {
    // Catalog §3.G: offset paging; the crewai loop adds `count` to `start`
    // until `hasMore` is false. Same query, same page (G-3 "paging is stable").
    // The budget is lifted: a large group holds more than a day's 1,000.
    let app = with_budget(1_000_000);
    let first = members(&app, json!({ "groupId": GROUP, "start": 0, "count": 50 }));
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(
        first.json,
        members(&app, json!({ "groupId": GROUP, "start": 0, "count": 50 })).json
    );
    let total = first.json["pagination"]["total"].as_u64().unwrap_or(0);
    assert!(total > 0);
    let mut seen = Vec::new();
    let mut start = 0;
    loop {
        let r = members(
            &app,
            json!({ "groupId": GROUP, "start": start, "count": 50 }),
        );
        assert_eq!(r.status, 200, "{}", r.text);
        seen.extend(handles(&r));
        start += 50;
        if r.json["hasMore"] != json!(true) {
            break;
        }
        assert!(start < 100_000, "hasMore never turned false");
    }
    assert_eq!(seen.len() as u64, total);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "a member appears on two pages");
}

#[test]
fn a_listed_member_is_the_member_profile_returns() {
    // G-3: the same entity through /groups/members and /profile.
    let app = spawn();
    let r = members(&app, json!({ "groupId": GROUP, "count": 3 }));
    let m = &r.json["members"][1];
    let p = app.post_bearer(
        "/linkedin/profile",
        KEY,
        &json!({ "profileId": m["publicIdentifier"] }),
    );
    assert_eq!(p.status, 200, "{}", p.text);
    assert_eq!(p.json["profile"]["firstName"], m["firstName"]);
    assert_eq!(p.json["profile"]["lastName"], m["lastName"]);
    assert_eq!(p.json["profile"]["headline"], m["headline"]);
    assert_eq!(p.json["profile"]["entityUrn"], m["profileUrn"]);
    assert_eq!(p.json["profile"]["isPremium"], m["isPremium"]);
    assert_eq!(
        m["fullName"],
        json!(format!(
            "{} {}",
            m["firstName"].as_str().unwrap_or_default(),
            m["lastName"].as_str().unwrap_or_default()
        ))
    );
    let premium = m["isPremium"] == json!(true);
    assert_eq!(
        m["badges"]
            .as_array()
            .is_some_and(|b| b.contains(&json!("premium"))),
        premium
    );
}

#[test]
fn membership_statuses_narrow_the_list_to_those_roles() {
    // Catalog §3.G membershipStatuses: OWNER / MANAGER / MEMBER.
    let app = spawn();
    let owner = members(
        &app,
        json!({ "groupId": GROUP, "membershipStatuses": ["OWNER"] }),
    );
    assert_eq!(owner.status, 200, "{}", owner.text);
    assert_eq!(owner.json["pagination"]["total"], 1);
    assert_eq!(owner.json["members"][0]["membershipStatus"], "OWNER");
    assert_eq!(owner.json["members"][0]["creator"], true);
    let staff = members(
        &app,
        json!({ "groupId": GROUP, "membershipStatuses": ["OWNER", "MANAGER"] }),
    );
    let roles: Vec<Value> = staff.json["members"]
        .as_array()
        .map(|m| m.iter().map(|x| x["membershipStatus"].clone()).collect())
        .unwrap_or_default();
    assert!(
        roles.len() > 1 && roles[1..].iter().all(|r| r == "MANAGER"),
        "{roles:?}"
    );
    let plain = members(
        &app,
        json!({ "groupId": GROUP, "membershipStatuses": ["MEMBER"], "count": 5 }),
    );
    let all = members(&app, json!({ "groupId": GROUP, "count": 5 }));
    assert_eq!(
        plain.json["pagination"]["total"].as_u64().unwrap_or(0)
            + staff.json["pagination"]["total"].as_u64().unwrap_or(0),
        all.json["pagination"]["total"].as_u64().unwrap_or(1)
    );
    assert!(plain.json["members"].as_array().is_some_and(|m| m
        .iter()
        .all(|x| x["membershipStatus"] == "MEMBER" && x["creator"] == false)));
    let bad = members(
        &app,
        json!({ "groupId": GROUP, "membershipStatuses": ["ADMIN"] }),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(
        bad.json["error"]["issues"][0]["path"],
        json!(["membershipStatuses", 0])
    );
}

#[test]
fn typeahead_query_keeps_only_members_whose_name_matches() {
    let app = spawn();
    let r = members(&app, json!({ "groupId": GROUP, "count": 10 }));
    let name = r.json["members"][2]["lastName"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let hits = members(
        &app,
        json!({ "groupId": GROUP, "typeaheadQuery": name.to_uppercase(), "count": 100 }),
    );
    assert_eq!(hits.status, 200, "{}", hits.text);
    let found = hits.json["members"].as_array().cloned().unwrap_or_default();
    assert!(!found.is_empty());
    assert!(found.iter().all(|m| m["fullName"]
        .as_str()
        .is_some_and(|f| f.to_lowercase().contains(&name.to_lowercase()))));
    assert!(hits.json["pagination"]["total"].as_u64() < r.json["pagination"]["total"].as_u64());
}

#[test]
fn members_by_url_echoes_the_url_and_the_id_taken_from_it() {
    // Catalog §3.G members-by-url: groupUrl echoed, groupId extracted.
    let app = spawn();
    let url = format!("https://www.linkedin.com/groups/{GROUP}/");
    let r = app.post_bearer(BY_URL, KEY, &json!({ "groupUrl": url, "count": 5 }));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["groupUrl"], json!(url));
    assert_eq!(r.json["groupId"], GROUP);
    assert_eq!(
        handles(&r),
        handles(&members(&app, json!({ "groupId": GROUP, "count": 5 })))
    );
    let bad = app.post_bearer(
        BY_URL,
        KEY,
        &json!({ "groupUrl": "https://www.linkedin.com/in/jane" }),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json["success"], false);
    assert!(bad.json["error"]
        .as_str()
        .is_some_and(|e| e.contains("Invalid LinkedIn group URL")));
    assert!(members(&app, json!({ "groupId": GROUP }))
        .json
        .get("groupUrl")
        .is_none());
}

#[test]
fn resolve_turns_a_group_url_into_its_id() {
    // AFE mastra: the client fails unless `groupId` is there.
    let app = spawn();
    let r = app.post_bearer(
        RESOLVE,
        KEY,
        &json!({ "groupUrl": format!("https://linkedin.com/groups/{GROUP}?x=1") }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["groupId"], GROUP);
    let listed = members(&app, json!({ "groupId": GROUP, "count": 1 }));
    assert_eq!(r.json["groupName"], listed.json["groupName"]);
    assert_eq!(r.json["memberCount"], listed.json["pagination"]["total"]);
    assert_eq!(
        app.post_bearer(RESOLVE, KEY, &json!({ "groupUrl": "nope" }))
            .status,
        400
    );
    assert_eq!(app.post_bearer(RESOLVE, KEY, &json!({})).status, 400);
}

#[test]
fn get_members_route_answers_as_the_post_route() {
    let app = spawn();
    let r = app.send(
        app.client
            .get(app.url(&format!("/linkedin/groups/{GROUP}/members?start=2&count=4")))
            .bearer_auth(KEY),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        handles(&r),
        handles(&members(
            &app,
            json!({ "groupId": GROUP, "start": 2, "count": 4 })
        ))
    );
    let bad = app.send(
        app.client
            .get(app.url(&format!("/linkedin/groups/{GROUP}/members?count=500")))
            .bearer_auth(KEY),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json["error"]["issues"][0]["path"], json!(["count"]));
    let nope = app.send(
        app.client
            .get(app.url(&format!("/linkedin/groups/{GROUP}/members"))),
    );
    assert_eq!(nope.status, 401);
}

#[test]
fn unknown_group_is_404_and_a_non_numeric_id_is_400() {
    let app = spawn();
    let r = members(&app, json!({ "groupId": "0" }));
    assert_eq!(r.status, 404, "{}", r.text);
    assert_eq!(r.json["success"], false);
    assert_eq!(r.json["error"], "Group not found: 0");
    assert_eq!(members(&app, json!({ "groupId": "abc" })).status, 400);
    let z = members(&app, json!({ "groupId": 9357376 }));
    assert_eq!(z.status, 400);
    assert_eq!(
        z.json["error"]["issues"][0]["message"],
        "Expected string, received number"
    );
}

#[test]
fn group_members_budget_cuts_the_last_page_then_refuses_with_headers() {
    // G-4 (catalog §2: 1,000 group members a day, here 60 from the scenario):
    // the second page of 50 is cut to 10, the next request is 429; both
    // routes share the budget; every answer names GROUP_MEMBERS.
    let app = with_budget(60);
    let a = members(&app, json!({ "groupId": GROUP, "count": 50 }));
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        a.header("x-ratelimit-action").as_deref(),
        Some("GROUP_MEMBERS")
    );
    assert_eq!(a.header("x-ratelimit-used").as_deref(), Some("50"));
    assert_eq!(a.header("x-ratelimit-remaining").as_deref(), Some("10"));
    let b = app.post_bearer(BY_URL, KEY, &json!({ "groupUrl": format!("https://www.linkedin.com/groups/{GROUP}"), "start": 50, "count": 50 }));
    assert_eq!(b.status, 200, "{}", b.text);
    assert_eq!(b.json["members"].as_array().map(Vec::len), Some(10));
    assert_eq!(b.json["hasMore"], true);
    let c = members(&app, json!({ "groupId": GROUP, "start": 60 }));
    assert_eq!(c.status, 429, "{}", c.text);
    assert_eq!(
        c.json["error"],
        json!(format!(
            "Rate limit exceeded for GROUP_MEMBERS: 60/60 used. Resets at 2024-01-16T00:00:00.000Z"
        ))
    );
    assert_eq!(c.header("x-ratelimit-remaining").as_deref(), Some("0"));
    assert_eq!(
        c.header("x-ratelimit-reset").as_deref(),
        Some("2024-01-16T00:00:00.000Z")
    );
    // Per account: the key's other account still has its budget.
    let d = members(
        &app,
        json!({ "groupId": GROUP, "accountId": OTHER_ACCOUNT, "count": 5 }),
    );
    assert_eq!(d.status, 200, "{}", d.text);
    // A new UTC day restores it.
    app.set_clock("2024-01-16T00:00:00Z");
    assert_eq!(
        members(&app, json!({ "groupId": GROUP, "count": 5 })).status,
        200
    );
}

#[test]
fn requests_that_fail_do_not_use_the_group_budget() {
    let app = with_budget(5);
    assert_eq!(members(&app, json!({ "groupId": "0" })).status, 404);
    assert_eq!(
        members(&app, json!({ "groupId": GROUP, "count": 0 })).status,
        400
    );
    let r = members(&app, json!({ "groupId": GROUP, "count": 5 }));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("x-ratelimit-used").as_deref(), Some("5"));
}
