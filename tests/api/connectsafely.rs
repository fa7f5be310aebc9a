//! ConnectSafely (SPEC §1), through HTTP against the real server.

use serde_json::{json, Value};

use super::helpers::*;

const KEY: &str = "cs_live_demo";
const OTHER_KEY: &str = "cs_live_other";
const DEFAULT_ACCOUNT: &str = "696ce9e780e0483585e4e553";
const NON_PREMIUM: &str = "65a1b2c3d4e5f60718293a4b";
const OTHER_ACCOUNT: &str = "66b2c3d4e5f60718293a4b5c";

const PROFILE: &str = "/linkedin/profile";
const CONNECT: &str = "/linkedin/connect";
const VISITORS: &str = "/linkedin/profile/visitors";
const ENDORSE: &str = "/linkedin/endorse-skill";

/// The tight-limits scenario file (3 profiles/day, 2 connects/week) with the
/// clock frozen on Monday morning.
fn tight() -> TestApp {
    let mut s = scenario_file("tight-limits.json");
    s.clock.start = Some(MONDAY_MORNING.parse().expect("time"));
    s.clock.frozen = true;
    spawn_scenario(s)
}

fn profile(app: &TestApp, id: &str) -> Reply {
    app.post_bearer(PROFILE, KEY, &json!({ "profileId": id }))
}

fn connect(app: &TestApp, id: &str) -> Reply {
    app.post_bearer(CONNECT, KEY, &json!({ "profileId": id }))
}

/// The JSON type of every field, recursively, arrays by their first item:
/// how a client's typed model sees a body.
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
        Value::Array(a) => Value::Array(a.first().map(shape).into_iter().collect()),
        Value::String(_) => json!("string"),
        Value::Number(_) => json!("number"),
        Value::Bool(_) => json!("boolean"),
        Value::Null => json!("null"),
    }
}

/// A text error body as documented, plus the same text as `message`
/// (mocklink's decision: N8N and the agent examples read `message`).
fn msg(mut body: Value) -> Value {
    let text = body["error"].clone();
    if let Some(o) = body.as_object_mut() {
        o.insert("message".into(), text);
    }
    body
}

fn zod(issues: Value) -> Value {
    json!({ "success": false, "error": { "issues": issues, "name": "ZodError" } })
}

/// Uses up `n` unique profiles of the default account.
fn use_profiles(app: &TestApp, n: usize) {
    for i in 0..n {
        let r = profile(app, &format!("filler-person-{i}"));
        assert_eq!(r.status, 200, "{}", r.text);
    }
}

// ------------------------------------------------------------------ auth & accounts

#[test]
fn missing_or_unknown_bearer_key_is_401_on_every_route() {
    // CS-AUTH
    let app = spawn();
    for path in [PROFILE, CONNECT, VISITORS, ENDORSE] {
        let none = app.post_json(path, &json!({ "profileId": "x", "maxVisitors": 1 }));
        assert_eq!(none.status, 401, "{path}");
        assert_eq!(
            none.json,
            msg(json!({ "error": "Unauthorized - Invalid credentials" }))
        );
        let wrong = app.post_bearer(path, "cs_live_nope", &json!({ "profileId": "x" }));
        assert_eq!(wrong.status, 401, "{path}");
        assert_eq!(
            wrong.json,
            msg(json!({ "error": "Unauthorized - Invalid credentials" }))
        );
        assert_eq!(wrong.header("x-ratelimit-limit"), None);
    }
}

#[test]
fn account_id_of_another_form_or_not_owned_is_404_naming_it() {
    // CS-ACCOUNT
    let app = spawn();
    for id in ["acc_12345", OTHER_ACCOUNT] {
        let r = app.post_bearer(
            PROFILE,
            KEY,
            &json!({ "profileId": "anandi-devi", "accountId": id }),
        );
        assert_eq!(r.status, 404);
        assert_eq!(
            r.json,
            msg(json!({ "success": false, "error": format!("LinkedIn account not found: {id}") }))
        );
    }
}

#[test]
fn absent_account_id_uses_the_keys_default_account() {
    // CS-ACCOUNT
    let app = spawn();
    assert_eq!(
        profile(&app, "anandi-devi").json["accountId"],
        DEFAULT_ACCOUNT
    );
    let r = app.post_bearer(PROFILE, OTHER_KEY, &json!({ "profileId": "anandi-devi" }));
    assert_eq!(r.json["accountId"], OTHER_ACCOUNT);
    let named = app.post_bearer(
        PROFILE,
        KEY,
        &json!({ "profileId": "x-y", "accountId": NON_PREMIUM }),
    );
    assert_eq!(named.json["accountId"], NON_PREMIUM);
}

#[test]
fn other_key_cannot_use_the_first_keys_accounts_on_any_route() {
    // CS-ACCOUNT: key isolation
    let app = spawn();
    for path in [PROFILE, CONNECT, VISITORS, ENDORSE] {
        let body = json!({ "accountId": DEFAULT_ACCOUNT, "profileId": "jane-doe", "maxVisitors": 5, "random": true });
        let r = app.post_bearer(path, OTHER_KEY, &body);
        assert_eq!(r.status, 404, "{path}: {}", r.text);
        assert_eq!(
            r.json["error"],
            format!("LinkedIn account not found: {DEFAULT_ACCOUNT}")
        );
    }
}

// ------------------------------------------------------------------ Zod

#[test]
fn missing_profile_id_is_the_seeds_zod_required_issue() {
    // CS-ZOD, CS-P1
    let app = spawn();
    let r = app.post_bearer(PROFILE, KEY, &json!({}));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        zod(
            json!([{ "code": "invalid_type", "expected": "string", "received": "undefined", "path": ["profileId"], "message": "Required" }])
        )
    );
}

#[test]
fn every_wrong_type_is_listed_at_once_in_schema_order() {
    // CS-ZOD
    let app = spawn();
    let r = app.post_bearer(
        PROFILE,
        KEY,
        &json!({ "profileId": 42, "accountId": null, "includeSkills": "yes", "unknownField": [1, 2] }),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        zod(json!([
            { "code": "invalid_type", "expected": "string", "received": "null", "path": ["accountId"], "message": "Expected string, received null" },
            { "code": "invalid_type", "expected": "string", "received": "number", "path": ["profileId"], "message": "Expected string, received number" },
            { "code": "invalid_type", "expected": "boolean", "received": "string", "path": ["includeSkills"], "message": "Expected boolean, received string" }
        ]))
    );
}

#[test]
fn custom_message_over_300_characters_is_too_big() {
    // CS-ZOD, CS-C1
    let app = spawn();
    let r = app.post_bearer(
        CONNECT,
        KEY,
        &json!({ "profileId": "jane-doe", "customMessage": "x".repeat(301) }),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        zod(
            json!([{ "code": "too_big", "maximum": 300, "type": "string", "inclusive": true, "exact": false, "message": "String must contain at most 300 character(s)", "path": ["customMessage"] }])
        )
    );
    let ok = app.post_bearer(
        CONNECT,
        KEY,
        &json!({ "profileId": "jane-doe", "customMessage": "x".repeat(300) }),
    );
    assert_eq!(ok.status, 200, "{}", ok.text);
}

#[test]
fn unknown_time_range_is_invalid_enum_value_with_every_option() {
    // CS-ZOD, CS-V1
    let app = spawn();
    let r = app.post_bearer(
        VISITORS,
        KEY,
        &json!({ "maxVisitors": 5, "timeRange": "yesterday" }),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        zod(json!([{
            "received": "yesterday",
            "code": "invalid_enum_value",
            "options": ["past_7_days", "past_30_days", "past_90_days", "past_1_year", "ALL_TIME"],
            "path": ["timeRange"],
            "message": "Invalid enum value. Expected 'past_7_days' | 'past_30_days' | 'past_90_days' | 'past_1_year' | 'ALL_TIME', received 'yesterday'"
        }]))
    );
}

#[test]
fn malformed_urn_is_invalid_string_regex() {
    // CS-ZOD, CS-C1
    let app = spawn();
    let r = app.post_bearer(CONNECT, KEY, &json!({ "profileUrn": "urn:li:member:123" }));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        zod(
            json!([{ "validation": "regex", "code": "invalid_string", "message": "Invalid", "path": ["profileUrn"] }])
        )
    );
}

#[test]
fn bad_visitor_numbers_are_zod_issues() {
    // CS-ZOD, CS-V1 (maxVisitors is optional since SPEC G-2)
    let app = spawn();
    let r = app.post_bearer(VISITORS, KEY, &json!({ "maxVisitors": 0 }));
    assert_eq!(
        r.json,
        zod(
            json!([{ "code": "too_small", "minimum": 1, "type": "number", "inclusive": true, "exact": false, "message": "Number must be greater than or equal to 1", "path": ["maxVisitors"] }])
        )
    );
    let r = app.post_bearer(
        VISITORS,
        KEY,
        &json!({ "maxVisitors": "10", "count": 2.5, "start": -1 }),
    );
    assert_eq!(r.status, 400);
    let messages: Vec<&str> = r.json["error"]["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .filter_map(|i| i["message"].as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "Expected integer, received float",
            "Number must be greater than or equal to 0",
            "Expected number, received string"
        ]
    );
}

#[test]
fn body_that_is_not_json_gets_the_invalid_json_decision() {
    // CS-ZOD (decision)
    let app = spawn();
    for path in [PROFILE, CONNECT, VISITORS, ENDORSE] {
        let r = app.send(
            app.client
                .post(app.url(path))
                .bearer_auth(KEY)
                .header("content-type", "application/json")
                .body("{\"profileId\": "),
        );
        assert_eq!(r.status, 400, "{path}");
        assert_eq!(
            r.json,
            msg(json!({ "success": false, "error": "Invalid JSON in request body" }))
        );
    }
}

#[test]
fn body_that_is_json_but_not_an_object_is_one_root_issue() {
    // CS-ZOD
    let app = spawn();
    let r = app.post_bearer(PROFILE, KEY, &json!(["anandi-devi"]));
    assert_eq!(
        r.json,
        zod(
            json!([{ "code": "invalid_type", "expected": "object", "received": "array", "path": [], "message": "Expected object, received array" }])
        )
    );
}

// ------------------------------------------------------------------ headers

#[test]
fn profile_answers_carry_profile_rate_limit_headers() {
    // CS-HEADERS
    let app = spawn();
    let r = profile(&app, "anandi-devi");
    assert_eq!(r.header("x-ratelimit-action").as_deref(), Some("PROFILE"));
    assert_eq!(r.header("x-ratelimit-limit").as_deref(), Some("120"));
    assert_eq!(r.header("x-ratelimit-used").as_deref(), Some("1"));
    assert_eq!(r.header("x-ratelimit-remaining").as_deref(), Some("119"));
    assert_eq!(
        r.header("x-ratelimit-reset").as_deref(),
        Some("2024-01-16T00:00:00.000Z")
    );
    // An authenticated validation failure carries them too.
    let bad = app.post_bearer(PROFILE, KEY, &json!({}));
    assert_eq!(bad.header("x-ratelimit-used").as_deref(), Some("1"));
}

#[test]
fn connect_answers_carry_connect_headers_resetting_next_monday() {
    // CS-HEADERS
    let app = spawn();
    let r = connect(&app, "jane-doe");
    assert_eq!(r.header("x-ratelimit-action").as_deref(), Some("CONNECT"));
    assert_eq!(r.header("x-ratelimit-limit").as_deref(), Some("90"));
    assert_eq!(r.header("x-ratelimit-used").as_deref(), Some("1"));
    assert_eq!(r.header("x-ratelimit-remaining").as_deref(), Some("89"));
    assert_eq!(
        r.header("x-ratelimit-reset").as_deref(),
        Some("2024-01-22T00:00:00.000Z")
    );
}

#[test]
fn limits_count_per_linkedin_account_not_per_key() {
    // CS-HEADERS
    let app = spawn();
    profile(&app, "jane-doe");
    profile(&app, "john-doe");
    let second = app.post_bearer(
        PROFILE,
        KEY,
        &json!({ "profileId": "jane-doe", "accountId": NON_PREMIUM }),
    );
    assert_eq!(second.header("x-ratelimit-used").as_deref(), Some("1"));
    let other = app.post_bearer(PROFILE, OTHER_KEY, &json!({ "profileId": "jane-doe" }));
    assert_eq!(other.json["cached"], false);
    assert_eq!(other.header("x-ratelimit-used").as_deref(), Some("1"));
}

// ------------------------------------------------------------------ profile

#[test]
fn pinned_person_matches_seed_000_example_field_for_field() {
    // CS-P1
    let app = spawn();
    let r = app.post_bearer(
        PROFILE,
        KEY,
        &json!({ "profileId": "anandi-devi", "includeGeoLocation": true }),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json,
        json!({
            "success": true,
            "profileId": "anandi-devi",
            "accountId": DEFAULT_ACCOUNT,
            "profile": {
                "firstName": "Anandi",
                "lastName": "Devi",
                "headline": "Go-To-Market (GTM) Engineer @ ConnectSafely | MBA",
                "location": { "countryCode": "in", "postalCode": null, "geoLocationName": null, "name": "Delhi, India", "city": "Delhi" },
                "entityUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o",
                "publicIdentifier": "anandi-devi",
                "profilePicture": "https://media.licdn.com/dms/image/v2/D5603AQF2Iu7GGz-H2A/profile-displayphoto-shrink_100_100/...",
                "isPremium": true,
                "isVerified": true,
                "supportsFreeEmail": r.json["profile"]["supportsFreeEmail"],
                "connectionCount": 958,
                "followerCount": 1243,
                "isConnected": true,
                "connectionDegree": "DISTANCE_1",
                "invitationSent": false,
                "invitationReceived": false,
                "geoLocation": { "city": "Delhi", "state": null, "country": "India", "fullLocation": "Delhi, India", "birthDate": null },
                "summary": r.json["profile"]["summary"]
            },
            "cached": false,
            "expiresAt": "2024-01-15T16:30:00.000Z",
            "message": "Profile information retrieved successfully"
        })
    );
}

#[test]
fn optional_sections_appear_only_when_asked() {
    // CS-P1
    let app = spawn();
    let plain = profile(&app, "jane-doe");
    for k in ["experience", "education", "skills"] {
        assert!(plain.json.get(k).is_none(), "{k}");
    }
    assert!(plain.json["profile"].get("geoLocation").is_none());
    assert!(plain.json["profile"].get("contactInfo").is_none());
    let full = app.post_bearer(
        PROFILE,
        KEY,
        &json!({ "profileId": "jane-doe", "includeExperience": true, "includeEducation": true, "includeSkills": true }),
    );
    assert!(full.json["experience"]
        .as_array()
        .is_some_and(|a| !a.is_empty()));
    assert!(full.json["education"]
        .as_array()
        .is_some_and(|a| !a.is_empty()));
    let skill = &full.json["skills"][0];
    assert!(skill["skillId"].is_string() && skill["name"].is_string());
    assert!(skill["endorsementCount"].is_u64() && skill["isEndorsed"] == false);
}

#[test]
fn contact_info_is_shown_only_for_first_degree_connections() {
    // CS-P1 (decision)
    let app = spawn();
    let ask = |id: &str| {
        app.post_bearer(
            PROFILE,
            KEY,
            &json!({ "profileId": id, "includeContact": true }),
        )
    };
    let stranger = ask("jane-doe");
    assert_eq!(stranger.json["profile"]["isConnected"], false);
    assert!(stranger.json["profile"].get("contactInfo").is_none());
    let friend = ask("connected-jane-doe");
    assert_eq!(friend.json["profile"]["isConnected"], true);
    // The object must be there with both keys; each is a string or null.
    let info = friend.json["profile"]["contactInfo"]
        .as_object()
        .unwrap_or_else(|| panic!("contactInfo missing: {}", friend.text));
    for field in ["email", "phone"] {
        let v = info
            .get(field)
            .unwrap_or_else(|| panic!("contactInfo.{field} missing: {}", friend.text));
        assert!(v.is_string() || v.is_null(), "{field}: {v}");
    }
}

#[test]
fn profile_cache_hit_does_not_count() {
    // CS-P2
    let app = spawn();
    let first = profile(&app, "jane-doe");
    app.advance(5.0 * 3600.0);
    let again = profile(&app, "jane-doe");
    assert_eq!(again.json["cached"], true);
    assert_eq!(again.json["cachedAt"], "2024-01-15T10:30:00.000Z");
    assert_eq!(again.json["expiresAt"], first.json["expiresAt"]);
    assert_eq!(again.json["profile"], first.json["profile"]);
    assert_eq!(again.header("x-ratelimit-used").as_deref(), Some("1"));
    assert!(first.json.get("cachedAt").is_none());
}

#[test]
fn cache_expires_after_six_hours() {
    // CS-P2
    let app = spawn();
    profile(&app, "jane-doe");
    app.advance(6.0 * 3600.0);
    let r = profile(&app, "jane-doe");
    assert_eq!(r.json["cached"], false);
    assert_eq!(r.json["expiresAt"], "2024-01-15T22:30:00.000Z");
}

#[test]
fn force_refresh_skips_the_cache_and_starts_a_new_entry() {
    // CS-P2
    let app = spawn();
    profile(&app, "jane-doe");
    app.advance(3600.0);
    let r = app.post_bearer(
        PROFILE,
        KEY,
        &json!({ "profileId": "jane-doe", "forceRefresh": true }),
    );
    assert_eq!(r.json["cached"], false);
    assert_eq!(r.json["expiresAt"], "2024-01-15T17:30:00.000Z");
    app.advance(3600.0);
    let cached = profile(&app, "jane-doe");
    assert_eq!(cached.json["cachedAt"], "2024-01-15T11:30:00.000Z");
    // Already counted today: the refresh did not count again.
    assert_eq!(cached.header("x-ratelimit-used").as_deref(), Some("1"));
}

#[test]
fn the_121st_unique_profile_is_429_while_cached_answers_still_flow() {
    // CS-P3
    let app = spawn();
    use_profiles(&app, 120);
    let r = profile(&app, "one-too-many");
    assert_eq!(r.status, 429);
    assert_eq!(
        r.json,
        msg(
            json!({ "error": "Rate limit exceeded for PROFILE: 120/120 used. Resets at 2024-01-16T00:00:00.000Z", "success": false })
        )
    );
    assert_eq!(r.header("x-ratelimit-remaining").as_deref(), Some("0"));
    let cached = profile(&app, "filler-person-7");
    assert_eq!(cached.status, 200);
    assert_eq!(cached.json["cached"], true);
    // Counted today already, so a refresh is a fetch that needs no budget.
    let refreshed = app.post_bearer(
        PROFILE,
        KEY,
        &json!({ "profileId": "filler-person-7", "forceRefresh": true }),
    );
    assert_eq!(refreshed.status, 200);
    assert_eq!(refreshed.json["cached"], false);
}

#[test]
fn crossing_midnight_restores_the_profile_budget() {
    // CS-P3
    let app = tight();
    use_profiles(&app, 3);
    assert_eq!(profile(&app, "fourth-person").status, 429);
    app.set_clock("2024-01-16T00:00:00Z");
    let r = profile(&app, "fourth-person");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-ratelimit-used").as_deref(), Some("1"));
    assert_eq!(
        r.header("x-ratelimit-reset").as_deref(),
        Some("2024-01-17T00:00:00.000Z")
    );
}

#[test]
fn unknown_member_is_an_empty_profile_that_counts() {
    // CS-P4
    let app = spawn();
    let r = profile(&app, "notfound-ghost");
    assert_eq!(r.status, 200);
    assert_eq!(r.json["profile"], json!({}));
    assert_eq!(r.json["message"], "Profile not found");
    assert_eq!(r.json["success"], true);
    assert_eq!(r.header("x-ratelimit-used").as_deref(), Some("1"));
}

#[test]
fn invitations_and_endorsements_show_through_on_fresh_fetches() {
    // CS-P5
    let app = spawn();
    let ask = |refresh: bool| {
        app.post_bearer(
            PROFILE,
            KEY,
            &json!({ "profileId": "jane-doe", "includeSkills": true, "forceRefresh": refresh }),
        )
    };
    let before = ask(false);
    assert_eq!(before.json["profile"]["invitationSent"], false);
    let skill = before.json["skills"][0].clone();
    assert_eq!(connect(&app, "jane-doe").status, 200);
    let e = app.post_bearer(
        ENDORSE,
        KEY,
        &json!({ "profileId": "jane-doe", "skillId": skill["skillId"] }),
    );
    assert_eq!(e.status, 200, "{}", e.text);
    // The cached answer is from before both.
    let stale = ask(false);
    assert_eq!(stale.json["cached"], true);
    assert_eq!(stale.json["profile"]["invitationSent"], false);
    let fresh = ask(true);
    assert_eq!(fresh.json["profile"]["invitationSent"], true);
    assert_eq!(fresh.json["skills"][0]["isEndorsed"], true);
    assert_eq!(
        fresh.json["skills"][0]["endorsementCount"].as_u64(),
        skill["endorsementCount"].as_u64().map(|n| n + 1)
    );
}

// ------------------------------------------------------------------ connect

#[test]
fn connect_needs_a_profile_id_or_urn() {
    // CS-C1
    let app = spawn();
    for body in [
        json!({}),
        json!({ "customMessage": "hi" }),
        json!({ "profileId": "" }),
    ] {
        let r = app.post_bearer(CONNECT, KEY, &body);
        assert_eq!(r.status, 400);
        assert_eq!(
            r.json,
            msg(
                json!({ "error": "Either profileId or profileUrn must be provided", "success": false })
            )
        );
    }
}

#[test]
fn connect_sends_and_answers_the_targets_urn() {
    // CS-C2
    let app = spawn();
    let urn = profile(&app, "jane-doe").json["profile"]["entityUrn"].clone();
    let r = connect(&app, "jane-doe");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json,
        json!({ "success": true, "message": "Connection request sent successfully", "profileUrn": urn })
    );
}

#[test]
fn urn_is_preferred_over_profile_id() {
    // CS-C1
    let app = spawn();
    let urn = profile(&app, "jane-doe").json["profile"]["entityUrn"].clone();
    let r = app.post_bearer(
        CONNECT,
        KEY,
        &json!({ "profileId": "notfound-x", "profileUrn": urn }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["profileUrn"], urn);
    // jane-doe is now invited; the id alone says so.
    assert_eq!(connect(&app, "jane-doe").status, 400);
}

#[test]
fn well_formed_urn_of_nobody_is_404_naming_the_urn() {
    // CS-C1, CS-C3
    let app = spawn();
    let urn = "urn:li:fsd_profile:ACoAAzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";
    let r = app.post_bearer(CONNECT, KEY, &json!({ "profileUrn": urn }));
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        msg(json!({ "error": format!("LinkedIn profile not found: {urn}"), "success": false }))
    );
}

#[test]
fn unknown_connected_or_invited_targets_are_refused_without_counting() {
    // CS-C3
    let app = spawn();
    let r = connect(&app, "notfound-ghost");
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        msg(json!({ "error": "LinkedIn profile not found: notfound-ghost", "success": false }))
    );
    let r = connect(&app, "connected-jane-doe");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        msg(
            json!({ "error": "Already connected or invitation pending: connected-jane-doe", "success": false })
        )
    );
    assert_eq!(connect(&app, "anandi-devi").status, 400);
    assert_eq!(connect(&app, "jane-doe").status, 200);
    let again = connect(&app, "jane-doe");
    assert_eq!(again.status, 400);
    assert_eq!(again.header("x-ratelimit-used").as_deref(), Some("1"));
}

#[test]
fn the_91st_connect_is_429_with_a_24h_hold_and_other_actions_still_work() {
    // CS-C4
    let app = spawn();
    for i in 0..90 {
        assert_eq!(connect(&app, &format!("target-{i}")).status, 200, "#{i}");
    }
    let r = connect(&app, "target-90");
    assert_eq!(r.status, 429);
    assert_eq!(
        r.json,
        msg(json!({
            "error": "Connection request limit exceeded: 90/90 used. New connection requests blocked for 24 hours. Other activities (messaging, following, etc.) are not affected.",
            "success": false,
            "holdUntil": "2024-01-16T10:30:00.000Z",
            "weeklyReset": "2024-01-22T00:00:00.000Z"
        }))
    );
    app.advance(3600.0);
    let during = connect(&app, "target-91");
    assert_eq!(during.status, 429);
    assert_eq!(during.json["holdUntil"], "2024-01-16T10:30:00.000Z");
    // Other actions, and other accounts, are not affected.
    assert_eq!(profile(&app, "jane-doe").status, 200);
    let visitors = app.post_bearer(VISITORS, KEY, &json!({ "maxVisitors": 5 }));
    assert_eq!(visitors.status, 200);
    let other = app.post_bearer(
        CONNECT,
        KEY,
        &json!({ "profileId": "target-0", "accountId": NON_PREMIUM }),
    );
    assert_eq!(other.status, 200);
}

// CS-C4, issue 10 item 10: a hold that spans the Monday reset keeps
// reporting the week that caused it (body and X-RateLimit headers), not the
// new week's empty count; once it ends, the new week's budget applies.
#[test]
fn a_hold_spanning_the_monday_reset_reports_the_week_that_caused_it() {
    let mut s = scenario_file("tight-limits.json");
    s.clock.start = Some("2024-01-21T20:00:00Z".parse().expect("Sunday evening"));
    s.clock.frozen = true;
    let app = spawn_scenario(s);
    assert_eq!(connect(&app, "a-person").status, 200);
    assert_eq!(connect(&app, "b-person").status, 200);
    let r = connect(&app, "c-person");
    assert_eq!(r.status, 429, "{}", r.text);
    assert_eq!(r.json["holdUntil"], "2024-01-22T20:00:00.000Z");
    assert_eq!(r.json["weeklyReset"], "2024-01-22T00:00:00.000Z");

    // Monday 01:00: a new week has begun, but the hold is the old week's.
    app.set_clock("2024-01-22T01:00:00Z");
    let r = connect(&app, "d-person");
    assert_eq!(r.status, 429, "{}", r.text);
    assert!(
        r.json["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("Connection request limit exceeded: 2/2 used.")),
        "{}",
        r.text
    );
    assert_eq!(r.json["holdUntil"], "2024-01-22T20:00:00.000Z");
    assert_eq!(r.json["weeklyReset"], "2024-01-22T00:00:00.000Z");
    assert_eq!(r.header("x-ratelimit-used").as_deref(), Some("2"));
    assert_eq!(r.header("x-ratelimit-remaining").as_deref(), Some("0"));
    assert_eq!(
        r.header("x-ratelimit-reset").as_deref(),
        Some("2024-01-22T00:00:00.000Z")
    );

    // The hold over, the new week counts from zero.
    app.set_clock("2024-01-22T20:00:00Z");
    let r = connect(&app, "d-person");
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("x-ratelimit-used").as_deref(), Some("1"));
    assert_eq!(
        r.header("x-ratelimit-reset").as_deref(),
        Some("2024-01-29T00:00:00.000Z")
    );
}

// Issue 10 item 24 (README: faults strike after authentication and input
// checks and use up no limit): a bad body is refused before the fault, and a
// faulted fetch does not count against the day's profiles.
#[test]
fn a_fault_strikes_after_input_checks_and_uses_no_limit() {
    let app = tight();
    let r = app.post_json(
        "/__admin/faults",
        &json!({"provider": "connectsafely", "path": PROFILE, "status": 500, "times": 1}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let r = app.post_bearer(PROFILE, KEY, &json!({ "profileId": 5 }));
    assert_eq!(r.status, 400, "{}", r.text);
    let r = profile(&app, "jane-doe");
    assert_eq!(r.status, 500, "{}", r.text);
    assert_eq!(r.header("x-ratelimit-used").as_deref(), Some("0"));
    for (i, id) in ["a-person", "b-person", "c-person"].iter().enumerate() {
        let r = profile(&app, id);
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.header("x-ratelimit-used"), Some((i + 1).to_string()));
    }
}

#[test]
fn after_the_hold_a_used_up_week_gives_a_new_hold() {
    // CS-C4
    let app = tight();
    assert_eq!(connect(&app, "a-person").status, 200);
    assert_eq!(connect(&app, "b-person").status, 200);
    assert_eq!(
        connect(&app, "c-person").json["holdUntil"],
        "2024-01-16T10:30:00.000Z"
    );
    app.set_clock("2024-01-17T08:00:00Z");
    let r = connect(&app, "c-person");
    assert_eq!(r.status, 429);
    assert_eq!(r.json["holdUntil"], "2024-01-18T08:00:00.000Z");
    assert_eq!(r.json["weeklyReset"], "2024-01-22T00:00:00.000Z");
    assert_eq!(
        r.json["error"],
        "Connection request limit exceeded: 2/2 used. New connection requests blocked for 24 hours. Other activities (messaging, following, etc.) are not affected."
    );
    // A new week once the hold is over: connecting works again.
    app.set_clock("2024-01-22T00:00:00Z");
    let next = connect(&app, "c-person");
    assert_eq!(next.status, 200, "{}", next.text);
    assert_eq!(
        next.header("x-ratelimit-reset").as_deref(),
        Some("2024-01-29T00:00:00.000Z")
    );
}

// ------------------------------------------------------------------ visitors

#[test]
fn visitors_default_page_of_a_premium_account() {
    // CS-V1, CS-V2
    let app = spawn();
    let r = app.post_bearer(VISITORS, KEY, &json!({ "maxVisitors": 50 }));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["success"], true);
    assert_eq!(r.json["accountId"], DEFAULT_ACCOUNT);
    assert_eq!(r.json["visitors"].as_array().map(Vec::len), Some(20));
    assert_eq!(
        r.json["pagination"],
        json!({ "start": 0, "count": 20, "total": 37 })
    );
    assert_eq!(r.json["hasMore"], true);
    assert_eq!(r.json["timeRange"], Value::Null);
    assert_eq!(
        r.json["filters"],
        json!({ "timeRange": "past_90_days", "count": 20, "start": 0, "fetchAll": false, "maxVisitors": 50 })
    );
}

#[test]
fn visitors_page_from_start_and_bounded_by_max_visitors() {
    // CS-V2
    let app = spawn();
    let all = app.post_bearer(
        VISITORS,
        KEY,
        &json!({ "maxVisitors": 100, "fetchAll": true }),
    );
    let page = app.post_bearer(
        VISITORS,
        KEY,
        &json!({ "maxVisitors": 100, "start": 30, "count": 10 }),
    );
    assert_eq!(
        page.json["pagination"],
        json!({ "start": 30, "count": 7, "total": 37 })
    );
    assert_eq!(page.json["hasMore"], false);
    assert_eq!(page.json["visitors"][0], all.json["visitors"][30]);
    let small = app.post_bearer(VISITORS, KEY, &json!({ "maxVisitors": 3, "count": 10 }));
    assert_eq!(small.json["pagination"]["count"], 3);
    assert_eq!(small.json["hasMore"], true);
}

#[test]
fn fetch_all_joins_pages_up_to_max_visitors() {
    // CS-V2
    let app = spawn();
    let r = app.post_bearer(
        VISITORS,
        KEY,
        &json!({ "maxVisitors": 30, "count": 5, "fetchAll": true }),
    );
    assert_eq!(r.json["visitors"].as_array().map(Vec::len), Some(30));
    assert_eq!(
        r.json["pagination"],
        json!({ "start": 0, "count": 30, "total": 37 })
    );
    assert_eq!(r.json["hasMore"], true);
    let all = app.post_bearer(
        VISITORS,
        KEY,
        &json!({ "maxVisitors": 100, "fetchAll": true }),
    );
    assert_eq!(all.json["pagination"]["count"], 37);
    assert_eq!(all.json["hasMore"], false);
}

#[test]
fn narrower_time_range_gives_fewer_visitors_and_is_echoed() {
    // CS-V1, CS-V2
    let app = spawn();
    let total = |range: &str| {
        let r = app.post_bearer(
            VISITORS,
            KEY,
            &json!({ "maxVisitors": 5, "timeRange": range }),
        );
        assert_eq!(r.json["timeRange"], range);
        assert_eq!(r.json["filters"]["timeRange"], range);
        r.json["pagination"]["total"].as_u64().expect("total")
    };
    let (d7, d30, d90, y1, all) = (
        total("past_7_days"),
        total("past_30_days"),
        total("past_90_days"),
        total("past_1_year"),
        total("ALL_TIME"),
    );
    assert!(
        d7 < d30 && d30 < d90 && d90 < y1 && y1 < all,
        "{d7} {d30} {d90} {y1} {all}"
    );
    assert_eq!(d90, 37);
}

#[test]
fn some_visitors_are_anonymous_without_public_identifier() {
    // CS-V2
    let app = spawn();
    let r = app.post_bearer(
        VISITORS,
        KEY,
        &json!({ "maxVisitors": 100, "fetchAll": true }),
    );
    let visitors = r.json["visitors"].as_array().cloned().unwrap_or_default();
    let anonymous = visitors
        .iter()
        .filter(|v| v.get("publicIdentifier").is_none())
        .count();
    assert!(anonymous >= 3, "{anonymous}");
    let named: Vec<&Value> = visitors
        .iter()
        .filter(|v| v.get("publicIdentifier").is_some())
        .collect();
    assert_eq!(named.len() + anonymous, visitors.len());
    for v in &named {
        let id = v["publicIdentifier"].as_str().expect("id");
        assert_eq!(v["profileUrl"], format!("https://www.linkedin.com/in/{id}"));
        assert!(["1st", "2nd", "3rd"].contains(&v["connectionDegree"].as_str().unwrap_or("")));
    }
    // The same person every provider shows.
    for v in named.iter().take(3) {
        let p = profile(&app, v["publicIdentifier"].as_str().expect("id"));
        assert_eq!(
            v["name"],
            format!(
                "{} {}",
                p.json["profile"]["firstName"].as_str().unwrap_or(""),
                p.json["profile"]["lastName"].as_str().unwrap_or("")
            )
        );
        assert_eq!(v["entityUrn"], p.json["profile"]["entityUrn"]);
        assert_eq!(v["headline"], p.json["profile"]["headline"]);
    }
}

#[test]
fn visitors_are_deterministic_and_age_with_the_clock() {
    // CS-V2
    let a = spawn();
    let b = spawn();
    let body = json!({ "maxVisitors": 100, "fetchAll": true });
    let first = a.post_bearer(VISITORS, KEY, &body);
    assert_eq!(first.json, b.post_bearer(VISITORS, KEY, &body).json);
    let stamp = first.json["visitors"][0]["viewedAt"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        stamp.starts_with("Viewed ") && stamp.ends_with(" ago"),
        "{stamp}"
    );
    a.advance(400.0 * 86400.0);
    let later = a.post_bearer(
        VISITORS,
        KEY,
        &json!({ "maxVisitors": 100, "timeRange": "ALL_TIME" }),
    );
    assert_eq!(later.json["visitors"][0]["viewedAt"], "Viewed 1yr ago");
    let recent = a.post_bearer(VISITORS, KEY, &json!({ "maxVisitors": 100 }));
    assert_eq!(recent.json["pagination"]["total"], 0);
}

#[test]
fn visitors_need_premium() {
    // CS-V3
    let app = spawn();
    let r = app.post_bearer(
        VISITORS,
        KEY,
        &json!({ "maxVisitors": 10, "accountId": NON_PREMIUM }),
    );
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json,
        msg(json!({ "error": "LinkedIn Premium required to view profile visitors" }))
    );
}

// ------------------------------------------------------------------ endorse

#[test]
fn endorse_needs_a_skill_id_or_random() {
    // CS-E1 (decision)
    let app = spawn();
    let r = app.post_bearer(ENDORSE, KEY, &json!({ "profileId": "jane-doe" }));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        msg(json!({ "success": false, "error": "Either skillId or random=true must be provided" }))
    );
    let z = app.post_bearer(ENDORSE, KEY, &json!({ "skillId": 5, "random": true }));
    assert_eq!(z.json["error"]["issues"].as_array().map(Vec::len), Some(2));
}

#[test]
fn endorse_by_skill_id_answers_strings_and_the_skill_name() {
    // CS-E2
    let app = spawn();
    let skills = app.post_bearer(
        PROFILE,
        KEY,
        &json!({ "profileId": "jane-doe", "includeSkills": true }),
    );
    let skill = &skills.json["skills"][1];
    let r = app.post_bearer(
        ENDORSE,
        KEY,
        &json!({ "profileId": "jane-doe", "skillId": skill["skillId"] }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.json["memberId"]
        .as_str()
        .is_some_and(|m| m.bytes().all(|b| b.is_ascii_digit())));
    assert_eq!(
        r.json,
        json!({
            "success": true,
            "profileId": "jane-doe",
            "memberId": r.json["memberId"],
            "skillId": skill["skillId"],
            "random": false,
            "message": format!("Successfully endorsed skill: {}", skill["name"].as_str().unwrap_or(""))
        })
    );
    let again = app.post_bearer(
        ENDORSE,
        KEY,
        &json!({ "profileId": "jane-doe", "skillId": skill["skillId"] }),
    );
    assert_eq!(again.status, 400);
}

#[test]
fn random_endorsement_takes_each_skill_once_then_runs_out() {
    // CS-E2, CS-E3
    let app = spawn();
    let skills = app.post_bearer(
        PROFILE,
        KEY,
        &json!({ "profileId": "jane-doe", "includeSkills": true }),
    );
    let n = skills.json["skills"].as_array().map(Vec::len).unwrap_or(0);
    assert!(n >= 5);
    let mut seen = std::collections::HashSet::new();
    for _ in 0..n {
        let r = app.post_bearer(
            ENDORSE,
            KEY,
            &json!({ "profileId": "jane-doe", "random": true }),
        );
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.json["random"], true);
        assert_eq!(
            r.json["message"],
            format!(
                "Successfully endorsed skill: {}",
                r.json["skillName"].as_str().unwrap_or("")
            )
        );
        assert!(seen.insert(r.json["skillId"].as_str().unwrap_or("").to_string()));
    }
    let done = app.post_bearer(
        ENDORSE,
        KEY,
        &json!({ "profileId": "jane-doe", "random": true }),
    );
    assert_eq!(done.status, 400);
    assert_eq!(
        done.json,
        msg(json!({ "success": false, "error": "No unendorsed skills left on jane-doe" }))
    );
}

#[test]
fn endorsing_an_unknown_member_or_skill_is_404() {
    // CS-E3
    let app = spawn();
    let r = app.post_bearer(
        ENDORSE,
        KEY,
        &json!({ "profileId": "notfound-ghost", "random": true }),
    );
    assert_eq!(r.status, 404);
    assert_eq!(r.json["success"], false);
    assert_eq!(
        r.json["error"],
        "LinkedIn profile not found: notfound-ghost"
    );
    let r = app.post_bearer(
        ENDORSE,
        KEY,
        &json!({ "profileId": "jane-doe", "skillId": "123" }),
    );
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        msg(json!({ "success": false, "error": "Skill not found: 123" }))
    );
}

// ------------------------------------------------------------------ seeds, faults, concurrency

#[test]
fn seed_curl_examples_answer_with_the_seeds_field_names_and_types() {
    // CS-P1, CS-C2, CS-V2: the docs' own curl bodies with key cs_live_demo
    let app = spawn();
    let p = profile(&app, "john-doe-123");
    assert_eq!(p.status, 200);
    let seed_profile = json!({
        "success": true, "profileId": "anandi-devi", "accountId": "696ce9e780e0483585e4e553",
        "profile": {
            "firstName": "Anandi", "lastName": "Devi", "headline": "h",
            "location": { "countryCode": "in", "postalCode": null, "geoLocationName": null, "name": "n", "city": "c" },
            "entityUrn": "u", "publicIdentifier": "anandi-devi", "profilePicture": "p",
            "isPremium": true, "isVerified": true, "supportsFreeEmail": true,
            "connectionCount": 958, "followerCount": 1243, "isConnected": true,
            "connectionDegree": "DISTANCE_1", "invitationSent": false, "invitationReceived": false,
            "summary": "s"
        },
        "cached": false, "expiresAt": "2024-01-15T16:30:00.000Z",
        "message": "Profile information retrieved successfully"
    });
    assert_eq!(shape(&p.json), shape(&seed_profile));

    // Seed 002's body names account acc_12345, which no key owns (decision).
    let seed_connect = json!({ "accountId": "acc_12345", "profileId": "john-doe-123", "customMessage": "Hello! I would like to connect with you." });
    assert_eq!(app.post_bearer(CONNECT, KEY, &seed_connect).status, 404);
    let c = app.post_bearer(CONNECT, KEY, &json!({ "profileId": "john-doe-123", "customMessage": "Hello! I would like to connect with you." }));
    assert_eq!(c.status, 200);
    assert_eq!(
        shape(&c.json),
        shape(&json!({ "success": true, "message": "m", "profileUrn": "u" }))
    );

    let v = app.post_bearer(VISITORS, KEY, &json!({ "maxVisitors": 20 }));
    assert_eq!(v.status, 200);
    let seed_visitors = json!({
        "success": true, "accountId": "a",
        "visitors": [{ "entityUrn": "u", "publicIdentifier": "p", "name": "n", "headline": "h", "profilePicture": "p", "viewedAt": "v", "connectionDegree": "1st", "profileUrl": "u", "navigationUrl": "u" }],
        "pagination": { "start": 0, "count": 10, "total": 8 },
        "hasMore": false, "timeRange": null,
        "filters": { "timeRange": "past_90_days", "count": 20, "start": 0, "fetchAll": false, "maxVisitors": 10 }
    });
    let mut got = v.json.clone();
    // Compare against a named visitor (anonymous ones lack the identifying fields).
    let named = v.json["visitors"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|x| x.get("publicIdentifier").is_some())
                .cloned()
        })
        .expect("a named visitor");
    got["visitors"] = json!([named]);
    assert_eq!(shape(&got), shape(&seed_visitors));
}

#[test]
fn injected_fault_answers_in_connectsafely_shape_without_consuming_a_limit() {
    // C-8 faults, CS-P3
    let app = tight();
    use_profiles(&app, 2);
    let q = app.post_json(
        "/__admin/faults",
        &json!({ "provider": "connectsafely", "path": PROFILE, "status": 500 }),
    );
    assert_eq!(q.status, 201, "{}", q.text);
    let r = profile(&app, "third-person");
    assert_eq!(r.status, 500);
    assert_eq!(
        r.json,
        msg(json!({ "success": false, "error": "Failed to fetch profile" }))
    );
    assert_eq!(r.header("x-ratelimit-used").as_deref(), Some("2"));
    assert_eq!(profile(&app, "third-person").status, 200);
    assert_eq!(profile(&app, "fourth-person").status, 429);

    app.post_json(
        "/__admin/faults",
        &json!({ "provider": "connectsafely", "path": VISITORS, "status": 500 }),
    );
    let v = app.post_bearer(VISITORS, KEY, &json!({ "maxVisitors": 5 }));
    assert_eq!(
        v.json,
        msg(json!({ "success": false, "error": "Failed to fetch profile visitors" }))
    );
}

#[test]
fn fifty_concurrent_distinct_profiles_with_twenty_left_exactly_twenty_succeed() {
    // C-6, CS-P3
    let app = spawn();
    use_profiles(&app, 100);
    let url = app.url(PROFILE);
    let handles: Vec<_> = (0..50)
        .map(|i| {
            let client = app.client.clone();
            let url = url.clone();
            std::thread::spawn(move || {
                client
                    .post(url)
                    .bearer_auth(KEY)
                    .json(&json!({ "profileId": format!("racer-{i}") }))
                    .send()
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            })
        })
        .collect();
    let statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap_or(0)).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        20,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        30,
        "{statuses:?}"
    );
    let after = profile(&app, "anandi-devi");
    assert_eq!(after.status, 429);
    assert_eq!(after.header("x-ratelimit-used").as_deref(), Some("120"));
}

#[test]
fn concurrent_connects_never_pass_the_weekly_limit() {
    // C-6, CS-C4
    let app = tight();
    let url = app.url(CONNECT);
    let handles: Vec<_> = (0..10)
        .map(|i| {
            let client = app.client.clone();
            let url = url.clone();
            std::thread::spawn(move || {
                client
                    .post(url)
                    .bearer_auth(KEY)
                    .json(&json!({ "profileId": format!("racer-{i}") }))
                    .send()
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            })
        })
        .collect();
    let statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap_or(0)).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        2,
        "{statuses:?}"
    );
}

#[test]
fn tight_limits_scenario_loads_with_the_default_keys() {
    // C-3
    let s = scenario_file("tight-limits.json");
    assert_eq!(s.connectsafely.limits.profiles_per_day, 3);
    assert_eq!(s.connectsafely.limits.connects_per_week, 2);
    let app = tight();
    use_profiles(&app, 3);
    let r = profile(&app, "fourth-person");
    assert_eq!(
        r.json["error"],
        "Rate limit exceeded for PROFILE: 3/3 used. Resets at 2024-01-16T00:00:00.000Z"
    );
    assert_eq!(
        app.post_bearer(VISITORS, OTHER_KEY, &json!({ "maxVisitors": 1 }))
            .status,
        200
    );
}
