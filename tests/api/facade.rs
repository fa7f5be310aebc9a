//! The Rust facade's typed helpers (issue 12): `MockLink::session` handles and
//! the same helpers on `MockLink` for the default world (SPEC C-8, C-11).

use mocklink::keys::{ATOMUS_KEY, CONNECTSAFELY_KEY, OUTX_KEY};
use mocklink::{DateTime, Duration, Fault, Provider, Utc};
use serde_json::json;

use super::helpers::*;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

// C-11: a handle's URLs carry the prefix, one per provider.
#[test]
fn a_session_handle_has_prefixed_urls_for_every_provider() {
    let app = spawn();
    let h = app.mock.session("gw3");
    let base = format!("{}/__session/gw3", app.mock.uri());
    assert_eq!(h.name(), "gw3");
    assert_eq!(h.url(), base);
    assert_eq!(h.connectsafely_url(), format!("{base}/linkedin"));
    assert_eq!(h.atomus_url(), base);
    assert_eq!(h.apify_url(), base);
    assert_eq!(h.outx_url(), base);
    assert_eq!(
        app.mock.connectsafely_url(),
        format!("{}/linkedin", app.mock.uri())
    );
    // A request to the handle's URL is served by that session.
    let r = app.send(
        app.client
            .post(format!("{}/profile", h.connectsafely_url()))
            .bearer_auth(CONNECTSAFELY_KEY)
            .json(&json!({ "profileId": "sam-lee-1" })),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(h.journal().expect("journal").len(), 1);
    assert!(app.mock.journal().expect("journal").is_empty());
}

// C-11: a bad name is refused by the handle too.
#[test]
fn a_session_handle_refuses_a_bad_name() {
    let app = spawn();
    let e = app.mock.try_session("a b").err().expect("refused");
    assert!(e.to_string().starts_with("invalid session name"), "{e}");
    assert!(app.mock.sessions().is_empty());
}

// C-5 + C-11: the typed clock helpers act on their own world alone.
#[test]
fn typed_clock_helpers_act_on_their_session_alone() {
    let app = spawn();
    let h = app.mock.session("clock");
    h.set_clock(at("2024-03-01T23:00:00Z")).expect("set");
    h.freeze_clock(true).expect("freeze");
    let after = h.advance_clock(Duration::hours(2)).expect("advance");
    assert_eq!(after, at("2024-03-02T01:00:00Z"));
    assert_eq!(h.now().expect("now"), after);
    assert_eq!(
        app.get("/__session/clock/__admin/clock").json,
        json!({ "now": "2024-03-02T01:00:00.000Z", "frozen": true })
    );
    // The default world's clock did not move.
    assert_eq!(app.mock.now().expect("now"), at(MONDAY_MORNING));
    let e = h
        .advance_clock(Duration::seconds(-1))
        .expect_err("backwards");
    assert!(e.to_string().contains("forward"), "{e}");
    assert!(h.set_clock(at("9999-12-31T23:59:59Z")).is_ok());
    assert!(h.advance_clock(Duration::days(2)).is_err());
}

// C-8 on MockLink itself: the same helpers for the default world.
#[test]
fn mocklink_helpers_act_on_the_default_world() {
    let app = spawn();
    app.mock.advance_clock(Duration::hours(6)).expect("advance");
    assert_eq!(app.now(), "2024-01-15T16:30:00.000Z");
    app.mock.set_clock(at("2024-01-16T00:00:00Z")).expect("set");
    assert_eq!(app.now(), "2024-01-16T00:00:00.000Z");
    app.mock.freeze_clock(false).expect("unfreeze");
    assert_eq!(app.get("/__admin/clock").json["frozen"], false);
    app.mock.reset().expect("reset");
    assert_eq!(app.get("/__admin/clock").json["frozen"], true);
    assert_eq!(app.now(), "2024-01-15T10:30:00.000Z");
}

// C-8: journal() returns typed entries filtered by provider, method and path;
// a session's path filter ignores the prefix its client sent.
#[test]
fn the_journal_helper_filters_by_provider_method_and_path() {
    let app = spawn();
    let h = app.mock.session("j");
    app.post_bearer(
        "/__session/j/linkedin/profile",
        CONNECTSAFELY_KEY,
        &json!({ "profileId": "sam-lee-1" }),
    );
    app.post_bearer(
        "/__session/j/v1/linkedin-profile-enrichment/enrich",
        ATOMUS_KEY,
        &json!({ "url": "https://www.linkedin.com/in/sam-lee-1" }),
    );
    app.send(
        app.client
            .get(app.url("/linkedin-agent/get-task-status?api_agent_task_id=x"))
            .header("x-mocklink-session", "j")
            .header("x-api-key", OUTX_KEY),
    );
    let all = h.journal().expect("journal");
    assert_eq!(all.len(), 3);
    let cs = all.clone().provider(Provider::Connectsafely);
    assert_eq!(cs.len(), 1);
    let entry: &mocklink::JournalEntry = cs.last().expect("entry");
    assert_eq!(entry.path, "/__session/j/linkedin/profile");
    assert_eq!(entry.status, 200);
    assert_eq!(entry.headers["authorization"], "Bearer cs_live_…demo");
    assert_eq!(all.clone().method("get").len(), 1);
    assert_eq!(all.clone().method("POST").len(), 2);
    assert_eq!(all.clone().path("/linkedin/profile").len(), 1);
    assert_eq!(
        all.clone()
            .path("/linkedin-agent/get-task-status")
            .provider(Provider::Outx)
            .len(),
        1
    );
    assert!(all.clone().path("/linkedin").is_empty());
    h.clear_journal().expect("clear");
    assert!(h.journal().expect("journal").is_empty());
}

// C-8 + C-11: inject_fault through a handle hits that session only, with the
// admin API's checks.
#[test]
fn inject_fault_through_a_handle_hits_only_that_session() {
    let app = spawn();
    let h = app.mock.session("f");
    h.inject_fault(
        Fault::new(Provider::Atomus, 502)
            .path("/v1/linkedin-profile-enrichment/enrich")
            .times(2),
    )
    .expect("fault");
    let body = json!({ "url": "https://www.linkedin.com/in/sam-lee-1" });
    let path = "/v1/linkedin-profile-enrichment/enrich";
    assert_eq!(app.post_bearer(path, ATOMUS_KEY, &body).status, 200);
    for _ in 0..2 {
        let r = app.post_bearer(&format!("/__session/f{path}"), ATOMUS_KEY, &body);
        assert_eq!(r.status, 502, "{}", r.text);
    }
    assert_eq!(
        app.post_bearer(&format!("/__session/f{path}"), ATOMUS_KEY, &body)
            .status,
        200
    );
    for bad in [
        Fault::new(Provider::Atomus, 200),
        Fault::new(Provider::Atomus, 502).times(0),
        Fault::new(Provider::Atomus, 502).probability(1.5),
        Fault::new(Provider::Atomus, 502).latency_ms(60_001),
        Fault::new(Provider::Atomus, 502).path("/linkedin/profile"),
    ] {
        assert!(h.inject_fault(bad.clone()).is_err(), "{bad:?}");
    }
    h.inject_fault(Fault::new(Provider::Outx, 500))
        .expect("fault");
    h.clear_faults().expect("clear");
    assert_eq!(
        app.get("/__session/f/__admin/faults").json,
        json!({ "faults": [] })
    );
}

// C-8 + C-11: put_scenario and reset through a handle.
#[test]
fn put_scenario_and_reset_through_a_handle_act_on_that_session() {
    let app = spawn();
    let h = app.mock.session("sc");
    let mut tight = default_at(MONDAY_MORNING);
    tight.connectsafely.limits.profiles_per_day = 1;
    h.put_scenario(tight).expect("scenario");
    assert_eq!(
        h.scenario()
            .expect("scenario")
            .connectsafely
            .limits
            .profiles_per_day,
        1
    );
    assert_eq!(
        app.mock
            .scenario()
            .expect("scenario")
            .connectsafely
            .limits
            .profiles_per_day,
        120
    );
    let fetch = |handle: &str| {
        app.post_bearer(
            "/__session/sc/linkedin/profile",
            CONNECTSAFELY_KEY,
            &json!({ "profileId": handle }),
        )
    };
    assert_eq!(fetch("r-1").status, 200);
    assert_eq!(fetch("r-2").status, 429);
    h.reset().expect("reset");
    assert_eq!(fetch("r-2").status, 200);
    // The session is listed; deleting it through the handle drops it.
    assert_eq!(app.mock.sessions().len(), 1);
    assert!(h.delete());
    assert!(app.mock.sessions().is_empty());
}

// SPEC §5: the exported constants are the keys the default scenario serves.
#[test]
fn default_key_constants_authenticate_on_every_provider() {
    use mocklink::keys::*;
    let app = spawn_scenario(scenario_file("instant.json"));
    let cs = app.post_bearer(
        "/linkedin/profile",
        CONNECTSAFELY_KEY,
        &json!({ "profileId": PINNED_HANDLE, "accountId": CONNECTSAFELY_ACCOUNT }),
    );
    assert_eq!(cs.status, 200, "{}", cs.text);
    assert_eq!(cs.json["profile"]["firstName"], "Anandi");
    let other = app.post_bearer(
        "/linkedin/profile",
        CONNECTSAFELY_OTHER_KEY,
        &json!({ "profileId": "x-1", "accountId": CONNECTSAFELY_OTHER_ACCOUNT }),
    );
    assert_eq!(other.status, 200, "{}", other.text);
    let body = json!({ "url": "https://www.linkedin.com/in/x-1" });
    for key in [
        ATOMUS_KEY,
        ATOMUS_KEY_2,
        ATOMUS_LOW_CREDIT_KEY,
        ATOMUS_TEST_KEY,
    ] {
        let r = app.post_bearer("/v1/linkedin-profile-enrichment/enrich", key, &body);
        assert_eq!(r.status, 200, "{key}: {}", r.text);
    }
    let run = app.post_json(
        &format!("/v2/acts/{APIFY_ACTOR}/runs?token={APIFY_TOKEN}"),
        &json!({ "urls": ["https://www.linkedin.com/in/x-1"] }),
    );
    assert_eq!(run.status, 201, "{}", run.text);
    for (key, status) in [
        (OUTX_KEY, 200),
        (OUTX_OTHER_KEY, 200),
        (OUTX_NO_PLUGIN_KEY, 403),
    ] {
        let r = app.send(
            app.client
                .post(app.url("/linkedin-agent/fetch-profile"))
                .header("x-api-key", key)
                .json(&json!({ "profile_slug": "x-1" })),
        );
        assert_eq!(r.status, status, "{key}: {}", r.text);
    }
}

/// One server for the whole test binary, as the README's `cargo test`
/// example keeps it.
static SHARED: std::sync::LazyLock<mocklink::MockLink> =
    std::sync::LazyLock::new(mocklink::MockLink::start);

// C-11: the README's pattern — one static server, a session per test — works,
// and each test's session is its own.
#[test]
fn one_static_server_gives_each_parallel_test_its_own_session() {
    std::thread::scope(|scope| {
        for t in 0..4 {
            scope.spawn(move || {
                let h = SHARED.session(&format!("static-{t}"));
                h.freeze_clock(true).expect("freeze");
                let before = h.now().expect("now");
                h.advance_clock(Duration::minutes(t + 1)).expect("advance");
                assert_eq!(h.now().expect("now") - before, Duration::minutes(t + 1));
                let client = reqwest::blocking::Client::new();
                let r = client
                    .post(format!("{}/profile", h.connectsafely_url()))
                    .bearer_auth(CONNECTSAFELY_KEY)
                    .json(&json!({ "profileId": format!("t-{t}") }))
                    .send()
                    .expect("request");
                assert_eq!(
                    r.headers()
                        .get("x-ratelimit-used")
                        .and_then(|v| v.to_str().ok()),
                    Some("1")
                );
            });
        }
    });
}
