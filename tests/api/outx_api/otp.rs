//! One-time-code login (outx.md §3.11–§3.12).

use serde_json::json;

use super::*;

const SEND: &str = "/linkedin-agent/auth-send-otp";
const VERIFY: &str = "/linkedin-agent/auth-verify-otp";

fn send(app: &TestApp, email: &str) -> Reply {
    call(
        app,
        reqwest::Method::POST,
        SEND,
        None,
        Some(&json!({ "email": email, "full_name": "John Doe" })),
    )
}

fn verify(app: &TestApp, email: &str, otp: &str) -> Reply {
    call(
        app,
        reqwest::Method::POST,
        VERIFY,
        None,
        Some(&json!({ "email": email, "otp": otp })),
    )
}

fn code_for(app: &TestApp, email: &str) -> String {
    let r = app.get(&format!("/__admin/outx/otp?email={email}"));
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["otp"].as_str().expect("otp").to_string()
}

#[test]
fn a_verified_first_login_creates_a_team_whose_key_works_at_once() {
    // outx.md §3.11, §3.12, flow 6: no key needed; the key works on keyed routes
    let app = spawn();
    let r = ok(send(&app, "John@Example.com"));
    assert_eq!(r, json!({ "success": true, "email": "john@example.com" }));
    let code = code_for(&app, "john@example.com");
    assert_eq!(code.len(), 6);
    let r = ok(verify(&app, "john@example.com", &code));
    assert_eq!(r["user"]["email"], json!("john@example.com"));
    assert_eq!(r["user"]["full_name"], json!("John Doe"));
    assert_eq!(r["team"]["name"], json!("John Doe's Team"));
    let key = r["team"]["api_key"].as_str().expect("key");
    assert!(key.starts_with("outx_") && key.len() == 29, "{key}");
    let team = ok(get(&app, key, "/api-team"));
    assert_eq!(team["team"]["id"], r["team"]["id"]);
    assert_eq!(team["members"][0]["email"], json!("john@example.com"));
    // The new team's tasks work too.
    task(
        &app,
        key,
        "/linkedin-agent/fetch-profile",
        &json!({ "profile_slug": "jane-doe" }),
    );
}

#[test]
fn a_code_works_once() {
    // outx.md §3.12: the code is consumed
    let app = spawn();
    ok(send(&app, "a@x.io"));
    let code = code_for(&app, "a@x.io");
    let first = ok(verify(&app, "a@x.io", &code));
    assert_error(
        &verify(&app, "a@x.io", &code),
        401,
        "Invalid or expired OTP",
    );
    // A second login of the same address answers the same team.
    ok(send(&app, "a@x.io"));
    let again = ok(verify(&app, "a@x.io", &code_for(&app, "a@x.io")));
    assert_eq!(again["team"], first["team"]);
}

#[test]
fn a_code_expires_after_one_hour() {
    // outx.md §2.4: OTP valid 1 hour, on the clock
    let app = spawn();
    ok(send(&app, "a@x.io"));
    let code = code_for(&app, "a@x.io");
    app.advance(3600.0);
    assert_error(
        &verify(&app, "a@x.io", &code),
        401,
        "Invalid or expired OTP",
    );
    assert_eq!(app.get("/__admin/outx/otp?email=a@x.io").status, 404);
}

#[test]
fn a_wrong_code_is_refused_and_the_right_one_still_works() {
    let app = spawn_scenario(with_outx(json!({ "otp": { "fixedCode": "424242" } })));
    ok(send(&app, "a@x.io"));
    assert_error(
        &verify(&app, "a@x.io", "111111"),
        401,
        "Invalid or expired OTP",
    );
    ok(verify(&app, "a@x.io", "424242"));
}

#[test]
fn malformed_emails_and_codes_get_their_400s() {
    // outx.md §3.11–§3.12
    let app = spawn();
    for body in [
        json!({}),
        json!({ "email": 5 }),
        json!({ "email": "nobody" }),
        json!({ "email": "a@b" }),
    ] {
        let r = call(&app, reqwest::Method::POST, SEND, None, Some(&body));
        assert_error(&r, 400, "Missing or invalid 'email'");
    }
    for otp in [json!(null), json!(123456), json!("12345"), json!("abcdef")] {
        let r = call(
            &app,
            reqwest::Method::POST,
            VERIFY,
            None,
            Some(&json!({ "email": "a@x.io", "otp": otp })),
        );
        assert_error(&r, 400, "Missing or invalid 'otp'");
    }
    let r = call(
        &app,
        reqwest::Method::POST,
        VERIFY,
        None,
        Some(&json!({ "otp": "123456" })),
    );
    assert_error(&r, 400, "Missing or invalid 'email'");
}

#[test]
fn a_scenario_members_login_answers_their_team_and_its_key() {
    let app = spawn();
    ok(send(&app, DEMO_ADMIN));
    let r = ok(verify(&app, DEMO_ADMIN, &code_for(&app, DEMO_ADMIN)));
    assert_eq!(r["team"]["id"], json!("demo"));
    assert_eq!(r["team"]["api_key"], json!(DEMO));
}

#[test]
fn a_new_team_without_a_plugin_gets_the_plugin_403() {
    // outx.md §3.12 open point, decided by outx.otp.newTeamPluginActive
    let app = spawn_scenario(with_outx(
        json!({ "otp": { "fixedCode": "123456", "newTeamPluginActive": false } }),
    ));
    ok(send(&app, "b@x.io"));
    let r = ok(verify(&app, "b@x.io", "123456"));
    let key = r["team"]["api_key"].as_str().expect("key");
    assert_error(&get(&app, key, "/api-team"), 403, PLUGIN_REQUIRED);
}
