//! Sessions (SPEC C-11): one server, many isolated test workers. Every test
//! here names the kind of state it shows is kept apart.

use std::time::Duration;

use serde_json::json;

use super::helpers::*;

const PROFILE: &str = "/linkedin/profile";
const ENRICH: &str = "/v1/linkedin-profile-enrichment/enrich";

/// `/__session/{name}` + `path`.
fn s(name: &str, path: &str) -> String {
    format!("/__session/{name}{path}")
}

fn profile(app: &TestApp, path_prefix: &str, handle: &str) -> Reply {
    app.post_bearer(
        &format!("{path_prefix}{PROFILE}"),
        "cs_live_demo",
        &json!({ "profileId": handle }),
    )
}

fn used(r: &Reply) -> u64 {
    assert_eq!(r.status, 200, "{}", r.text);
    r.header("x-ratelimit-used")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no X-RateLimit-Used: {:?}", r.headers))
}

fn session_names(app: &TestApp) -> Vec<String> {
    let r = app.get("/__admin/sessions");
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["sessions"]
        .as_array()
        .expect("sessions")
        .iter()
        .map(|x| x["name"].as_str().expect("name").to_string())
        .collect()
}

fn journal_paths(app: &TestApp, admin_prefix: &str) -> Vec<String> {
    let r = app.get(&format!("{admin_prefix}/__admin/requests"));
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|e| e["path"].as_str().expect("path").to_string())
        .collect()
}

// C-11: the prefix and the header both reach the session; its counters are
// its own, and the default world's are untouched.
#[test]
fn prefix_and_header_reach_one_session_whose_limits_are_its_own() {
    let app = spawn();
    assert_eq!(used(&profile(&app, &s("w1", ""), "sam-lee-1")), 1);
    let by_header = app.send(
        app.client
            .post(app.url(PROFILE))
            .bearer_auth("cs_live_demo")
            .header("X-Mocklink-Session", "w1")
            .json(&json!({ "profileId": "sam-lee-2" })),
    );
    assert_eq!(used(&by_header), 2);
    assert_eq!(used(&profile(&app, &s("w2", ""), "sam-lee-3")), 1);
    assert_eq!(used(&profile(&app, "", "sam-lee-4")), 1);
}

// C-11: the prefix wins over the header.
#[test]
fn the_prefix_wins_over_the_header() {
    let app = spawn();
    let r = app.send(
        app.client
            .post(app.url(&s("p", PROFILE)))
            .bearer_auth("cs_live_demo")
            .header("X-Mocklink-Session", "h")
            .json(&json!({ "profileId": "sam-lee-1" })),
    );
    assert_eq!(used(&r), 1);
    assert_eq!(session_names(&app), ["p"]);
}

// C-11: names are 1–64 of A–Z a–z 0–9 . _ -; anything else is a clear 400.
#[test]
fn a_bad_session_name_is_a_400_that_names_it() {
    let app = spawn();
    let long = "x".repeat(65);
    for path in [
        "/__session/a%20b/__admin/health".to_string(),
        "/__session/caf%C3%A9/linkedin/profile".to_string(),
        format!("/__session/{long}/__admin/health"),
    ] {
        let r = app.get(&path);
        assert_eq!(r.status, 400, "{path}: {}", r.text);
        let e = r.json["error"].as_str().expect("error");
        assert!(e.starts_with("invalid session name"), "{e}");
    }
    let r = app.send(
        app.client
            .get(app.url("/__admin/health"))
            .header("X-Mocklink-Session", "no/slash"),
    );
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.json["error"]
        .as_str()
        .is_some_and(|e| e.contains("no/slash")));
    assert!(session_names(&app).is_empty());
}

// C-11: the prefix is cut before routing; a path without a route inside a
// session is the same JSON 404 as outside.
#[test]
fn unknown_paths_inside_a_session_get_the_usual_404() {
    let app = spawn();
    let inside = app.get(&s("w", "/linkedin/nope"));
    let outside = app.get("/linkedin/nope");
    assert_eq!(inside.status, 404);
    assert_eq!(inside.status, outside.status);
    assert_eq!(inside.json, outside.json);
}

// C-11 + C-8: a session's journal shows the path its client sent; the
// default journal does not see it.
#[test]
fn a_session_journal_shows_the_path_the_client_sent() {
    let app = spawn();
    profile(&app, &s("j", ""), "sam-lee-1");
    app.send(
        app.client
            .post(app.url(PROFILE))
            .bearer_auth("cs_live_demo")
            .header("X-Mocklink-Session", "j")
            .json(&json!({ "profileId": "sam-lee-2" })),
    );
    assert_eq!(
        journal_paths(&app, &s("j", "")),
        ["/__session/j/linkedin/profile", "/linkedin/profile"]
    );
    assert!(journal_paths(&app, "").is_empty());
    profile(&app, "", "sam-lee-3");
    assert_eq!(journal_paths(&app, ""), ["/linkedin/profile"]);
    assert_eq!(journal_paths(&app, &s("j", "")).len(), 2);
}

// C-11: Location headers keep the prefix.
#[test]
fn the_location_of_an_apify_run_keeps_the_session_prefix() {
    let app = spawn_scenario(scenario_file("instant.json"));
    let r = app.post_json(
        &s(
            "ap",
            "/v2/acts/atomus~linkedin-profile-scraper/runs?token=apify_api_demo",
        ),
        &json!({ "urls": ["https://www.linkedin.com/in/sam-lee-1"] }),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json["data"]["id"].as_str().expect("run id");
    let act = r.json["data"]["actId"].as_str().expect("actor id");
    let location = r.header("location").expect("Location");
    // Apify's documented form (catalog #1): `/v2/acts/{actId}/runs/{runId}`.
    assert_eq!(
        location,
        app.url(&s("ap", &format!("/v2/acts/{act}/runs/{id}")))
    );
    // It answers from the session, and only there.
    let inside = app.get(&format!(
        "{}?token=apify_api_demo",
        location.trim_start_matches(&app.mock.uri())
    ));
    assert_eq!(inside.status, 200, "{}", inside.text);
    let outside = app.get(&format!("/v2/actor-runs/{id}?token=apify_api_demo"));
    assert_eq!(outside.status, 404, "{}", outside.text);
}

// C-11: GET /__admin/sessions lists name, createdAt, lastUsedAt, requests;
// DELETE drops one, 404 when unknown.
#[test]
fn sessions_are_listed_with_their_use_and_dropped_by_name() {
    let app = spawn();
    profile(&app, &s("b", ""), "sam-lee-1");
    profile(&app, &s("a", ""), "sam-lee-1");
    profile(&app, &s("a", ""), "sam-lee-2");
    let r = app.get("/__admin/sessions");
    let list = r.json["sessions"].as_array().expect("sessions").clone();
    assert_eq!(list.len(), 2, "{}", r.text);
    assert_eq!(list[0]["name"], "b", "oldest first: {}", r.text);
    assert_eq!(list[0]["requests"], 1);
    assert_eq!(list[1]["name"], "a");
    assert_eq!(list[1]["requests"], 2);
    for x in &list {
        let keys: Vec<&String> = x.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["name", "createdAt", "lastUsedAt", "requests"]);
        let created = x["createdAt"].as_str().expect("createdAt");
        let last = x["lastUsedAt"].as_str().expect("lastUsedAt");
        assert!(created.ends_with('Z') && created.len() == 24, "{created}");
        assert!(last >= created, "{last} < {created}");
    }
    let d = app.delete("/__admin/sessions/a");
    assert_eq!(d.status, 204, "{}", d.text);
    assert_eq!(session_names(&app), ["b"]);
    let d = app.delete("/__admin/sessions/a");
    assert_eq!(d.status, 404);
    assert_eq!(d.json, json!({ "error": "no session named \"a\"" }));
    // Used again, it starts afresh.
    assert_eq!(used(&profile(&app, &s("a", ""), "sam-lee-3")), 1);
}

// C-11: at most sessions.max live; one more → the exact 429.
#[test]
fn one_session_past_sessions_max_gets_the_429_of_c11() {
    let mut sc = default_at(MONDAY_MORNING);
    sc.sessions.max = mocklink::MaxSessions(3);
    let app = spawn_scenario(sc);
    for n in ["a", "b", "c"] {
        assert_eq!(app.get(&s(n, "/__admin/health")).status, 200);
    }
    let r = app.get(&s("d", "/__admin/health"));
    assert_eq!(r.status, 429, "{}", r.text);
    assert_eq!(
        r.json,
        json!({ "error": "session limit reached: 3 sessions are live" })
    );
    // Live ones keep working; dropping one makes room.
    assert_eq!(app.get(&s("a", "/__admin/health")).status, 200);
    assert_eq!(app.delete("/__admin/sessions/b").status, 204);
    assert_eq!(app.get(&s("d", "/__admin/health")).status, 200);
}

// C-11: the default is 1,000 sessions.
#[test]
fn the_default_scenario_allows_a_thousand_sessions() {
    let sc = mocklink::Scenario::default_scenario();
    assert_eq!(sc.sessions.max, mocklink::MaxSessions(1000));
    assert_eq!(sc.sessions.idle_minutes, mocklink::IdleMinutes(30.0));
}

// C-11: a session unused for idleMinutes real minutes is dropped, with all
// its state; one in use is kept.
#[test]
fn an_idle_session_expires_on_real_time_and_starts_afresh() {
    let app = TestApp {
        mock: mocklink::MockLink::builder()
            .scenario(default_at(MONDAY_MORNING))
            // 0.6 s
            .session_idle_minutes(0.01)
            .start(),
        client: reqwest::blocking::Client::new(),
    };
    assert_eq!(used(&profile(&app, &s("idle", ""), "sam-lee-1")), 1);
    assert_eq!(used(&profile(&app, &s("busy", ""), "sam-lee-1")), 1);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    // Keep `busy` in use while `idle` waits out its time.
    while session_names(&app).contains(&"idle".to_string()) {
        assert!(
            std::time::Instant::now() < deadline,
            "idle session never expired"
        );
        assert_eq!(app.get(&s("busy", "/__admin/health")).status, 200);
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(session_names(&app), ["busy"]);
    assert_eq!(used(&profile(&app, &s("busy", ""), "sam-lee-2")), 2);
    assert_eq!(used(&profile(&app, &s("idle", ""), "sam-lee-2")), 1);
}

// C-11: expiry never drops a session with a request in flight, however long
// the request takes.
#[test]
fn a_session_with_a_request_in_flight_outlives_its_idle_time() {
    let app = TestApp {
        mock: mocklink::MockLink::builder()
            .scenario(default_at(MONDAY_MORNING))
            // 0.6 s, far shorter than the request below
            .session_idle_minutes(0.01)
            .start(),
        client: reqwest::blocking::Client::new(),
    };
    let mut slow = default_at(MONDAY_MORNING);
    slow.atomus.rate_limit_per_second = 1000;
    let mut scenario = serde_json::to_value(&slow).expect("json");
    scenario["latency"]["atomus"] = json!({ "fixedMs": 2500 });
    let put = app.send(
        app.client
            .put(app.url(&s("slow", "/__admin/scenario")))
            .json(&scenario),
    );
    assert_eq!(put.status, 200, "{}", put.text);
    std::thread::scope(|scope| {
        let request = scope.spawn(|| enrich(&app, &s("slow", ""), "atm_live_demo", "s-1", None));
        // Well past the idle time while the request is still being served.
        std::thread::sleep(Duration::from_millis(1500));
        assert!(session_names(&app).contains(&"slow".to_string()));
        let r = request.join().expect("request");
        assert_eq!(r.status, 200, "{}", r.text);
    });
    // The world the request ran in is the session's, still there: its credit
    // was charged and its scenario is the one put.
    assert_eq!(credits(&app, &s("slow", ""), "demo"), 999);
    assert_eq!(
        app.get(&s("slow", "/__admin/scenario")).json["latency"]["atomus"]["fixedMs"],
        2500
    );
}

// C-11: the scenario's sessions section is checked at load.
#[test]
fn sessions_settings_out_of_bounds_are_refused_at_load() {
    for (doc, path) in [
        (
            r#"{"sessions": {"idleMinutes": 0}}"#,
            "sessions.idleMinutes",
        ),
        (
            r#"{"sessions": {"idleMinutes": 20000}}"#,
            "sessions.idleMinutes",
        ),
        (r#"{"sessions": {"max": 0}}"#, "sessions.max"),
        (r#"{"sessions": {"max": 10001}}"#, "sessions.max"),
        (r#"{"sessions": {"maxx": 3}}"#, "sessions"),
    ] {
        let e = mocklink::Scenario::from_json_str(doc, "t.json").expect_err(doc);
        assert!(e.to_string().contains(path), "{doc}: {e}");
    }
    let ok = mocklink::Scenario::from_json_str(
        r#"{"sessions": {"idleMinutes": 0.5, "max": 10000}}"#,
        "t.json",
    )
    .expect("in bounds");
    assert_eq!(ok.sessions.max, mocklink::MaxSessions(10000));
}

// C-11: PUT /__session/{name}/__admin/scenario first creates the session on
// that scenario; the default world keeps its own.
#[test]
fn a_session_can_start_on_its_own_scenario() {
    let app = spawn();
    let mut tight = default_at(MONDAY_MORNING);
    tight.connectsafely.limits.profiles_per_day = 1;
    let r = app.send(
        app.client
            .put(app.url(&s("tight", "/__admin/scenario")))
            .json(&tight),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["connectsafely"]["limits"]["profilesPerDay"], 1);
    assert_eq!(used(&profile(&app, &s("tight", ""), "sam-lee-1")), 1);
    assert_eq!(profile(&app, &s("tight", ""), "sam-lee-2").status, 429);
    // Elsewhere the scenario is the server's.
    assert_eq!(
        app.get("/__admin/scenario").json["connectsafely"]["limits"]["profilesPerDay"],
        120
    );
    assert_eq!(used(&profile(&app, "", "sam-lee-2")), 1);
    assert_eq!(used(&profile(&app, &s("other", ""), "sam-lee-2")), 1);
}

// C-11: admin inside a session never touches the default world: clock,
// reset, journal, faults.
#[test]
fn admin_inside_a_session_never_touches_the_default_world() {
    let app = spawn();
    profile(&app, "", "sam-lee-1");
    let before_clock = app.get("/__admin/clock").json;
    let r = app.post_json(
        &s("adm", "/__admin/clock"),
        &json!({ "advanceSeconds": 86400, "freeze": false }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_ne!(r.json["now"], before_clock["now"]);
    assert_eq!(app.get("/__admin/clock").json, before_clock);
    let f = app.post_json(
        &s("adm", "/__admin/faults"),
        &json!({ "provider": "connectsafely", "path": "/linkedin/profile", "status": 503 }),
    );
    assert_eq!(f.status, 201, "{}", f.text);
    assert_eq!(app.get("/__admin/faults").json, json!({ "faults": [] }));
    assert_eq!(
        app.post_json(&s("adm", "/__admin/reset"), &json!({}))
            .status,
        200
    );
    assert_eq!(app.delete(&s("adm", "/__admin/requests")).status, 204);
    assert_eq!(journal_paths(&app, ""), ["/linkedin/profile"]);
    assert_eq!(used(&profile(&app, "", "sam-lee-2")), 2);
}

// C-11: inside a session the sessions routes see that session alone.
#[test]
fn sessions_admin_inside_a_session_sees_only_itself() {
    let app = spawn();
    app.get(&s("one", "/__admin/health"));
    let r = app.get(&s("two", "/__admin/sessions"));
    let names: Vec<&str> = r.json["sessions"]
        .as_array()
        .expect("sessions")
        .iter()
        .filter_map(|x| x["name"].as_str())
        .collect();
    assert_eq!(names, ["two"]);
    assert_eq!(app.delete(&s("two", "/__admin/sessions/one")).status, 404);
    assert_eq!(app.delete(&s("two", "/__admin/sessions/two")).status, 204);
    assert_eq!(session_names(&app), ["one"]);
}

// C-11 + C-8: a fault path written with the session prefix means the
// provider's path.
#[test]
fn a_fault_path_given_with_the_prefix_hits_the_session_request() {
    let app = spawn();
    let f = app.post_json(
        &s("f", "/__admin/faults"),
        &json!({ "provider": "atomus", "path": s("f", ENRICH), "status": 502 }),
    );
    assert_eq!(f.status, 201, "{}", f.text);
    assert_eq!(f.json["path"], ENRICH);
    let r = app.post_bearer(
        &s("f", ENRICH),
        "atm_live_demo",
        &json!({ "url": "https://www.linkedin.com/in/sam-lee-1" }),
    );
    assert_eq!(r.status, 502, "{}", r.text);
}

// ---------------------------------------------------------------- isolation

fn get_with_key(app: &TestApp, path: &str, header: &str, key: &str) -> Reply {
    app.send(app.client.get(app.url(path)).header(header, key))
}

// C-11 + CS-P2/CS-P3: daily profile limits and the 6 h cache are per session.
#[test]
fn connectsafely_limits_and_cache_are_per_session() {
    let mut sc = default_at(MONDAY_MORNING);
    sc.connectsafely.limits.profiles_per_day = 2;
    let app = spawn_scenario(sc);
    let a = s("a", "");
    assert_eq!(used(&profile(&app, &a, "p-1")), 1);
    assert_eq!(used(&profile(&app, &a, "p-2")), 2);
    assert_eq!(profile(&app, &a, "p-3").status, 429);
    let hit = profile(&app, &a, "p-1");
    assert_eq!(hit.json["cached"], true, "{}", hit.text);
    // Session b: nothing used, nothing cached.
    let b1 = profile(&app, &s("b", ""), "p-1");
    assert_eq!(used(&b1), 1);
    assert_eq!(b1.json["cached"], false);
    assert_eq!(used(&profile(&app, &s("b", ""), "p-3")), 2);
    // Nor in the default world.
    let d = profile(&app, "", "p-1");
    assert_eq!(used(&d), 1);
    assert_eq!(d.json["cached"], false);
}

fn enrich(app: &TestApp, prefix: &str, key: &str, handle: &str, idem: Option<&str>) -> Reply {
    let mut rb = app
        .client
        .post(app.url(&format!("{prefix}{ENRICH}")))
        .bearer_auth(key)
        .json(&json!({ "url": format!("https://www.linkedin.com/in/{handle}") }));
    if let Some(k) = idem {
        rb = rb.header("Idempotency-Key", k);
    }
    app.send(rb)
}

fn credits(app: &TestApp, prefix: &str, tenant: &str) -> u64 {
    let r = app.get(&format!("{prefix}/__admin/atomus/tenants"));
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["tenants"]
        .as_array()
        .and_then(|ts| ts.iter().find(|t| t["id"] == tenant))
        .and_then(|t| t["credits"].as_u64())
        .unwrap_or_else(|| panic!("no tenant {tenant}: {}", r.text))
}

// C-11 + AT-3: credits are per session.
#[test]
fn atomus_credits_are_per_session() {
    let app = spawn();
    let a = s("a", "");
    for h in ["c-1", "c-2"] {
        assert_eq!(enrich(&app, &a, "atm_live_lowcredit", h, None).status, 200);
    }
    let out = enrich(&app, &a, "atm_live_lowcredit", "c-3", None);
    assert_eq!(out.status, 402, "{}", out.text);
    assert_eq!(credits(&app, &a, "lowcredit"), 0);
    assert_eq!(credits(&app, &s("b", ""), "lowcredit"), 2);
    assert_eq!(
        enrich(&app, &s("b", ""), "atm_live_lowcredit", "c-3", None).status,
        200
    );
    assert_eq!(credits(&app, "", "lowcredit"), 2);
}

// C-11 + AT-5: an idempotency key used in one session is unknown in another.
#[test]
fn atomus_idempotency_keys_are_per_session() {
    let app = spawn();
    let first = enrich(&app, &s("a", ""), "atm_live_demo", "i-1", Some("key-1"));
    assert_eq!(first.status, 200, "{}", first.text);
    let replay = enrich(&app, &s("a", ""), "atm_live_demo", "i-1", Some("key-1"));
    assert_eq!(
        replay.header("idempotent-replayed").as_deref(),
        Some("true")
    );
    assert_eq!(replay.text, first.text);
    // Same key, another body: a reuse in `a`, a fresh key in `b`.
    let reused = enrich(&app, &s("a", ""), "atm_live_demo", "i-2", Some("key-1"));
    assert_eq!(reused.status, 422, "{}", reused.text);
    let other = enrich(&app, &s("b", ""), "atm_live_demo", "i-2", Some("key-1"));
    assert_eq!(other.status, 200, "{}", other.text);
    assert!(other.header("idempotent-replayed").is_none());
    // It ran this body, not a replay of `a`'s.
    assert_eq!(other.json["data"]["url"], "https://www.linkedin.com/in/i-2");
}

// C-11 + AT-4: the 4/s window is per session.
#[test]
fn atomus_rate_window_is_per_session() {
    let app = spawn();
    for i in 0..4 {
        let r = enrich(&app, &s("a", ""), "atm_live_demo", &format!("r-{i}"), None);
        assert_eq!(r.status, 200, "{}", r.text);
    }
    assert_eq!(
        enrich(&app, &s("a", ""), "atm_live_demo", "r-4", None).status,
        429
    );
    for i in 0..4 {
        let r = enrich(&app, &s("b", ""), "atm_live_demo", &format!("r-{i}"), None);
        assert_eq!(r.status, 200, "{}", r.text);
    }
    assert_eq!(enrich(&app, "", "atm_live_demo", "r-0", None).status, 200);
}

// C-11 + AP-1: a run exists only in the session that started it.
#[test]
fn apify_runs_are_per_session() {
    let app = spawn_scenario(scenario_file("instant.json"));
    let r = app.post_json(
        &s(
            "a",
            "/v2/acts/atomus~linkedin-profile-scraper/runs?token=apify_api_demo",
        ),
        &json!({ "urls": ["https://www.linkedin.com/in/sam-lee-1"] }),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json["data"]["id"].as_str().expect("id").to_string();
    let path = |p: &str| format!("{p}/v2/actor-runs/{id}?token=apify_api_demo");
    assert_eq!(app.get(&path(&s("a", ""))).status, 200);
    assert_eq!(app.get(&path(&s("b", ""))).status, 404);
    assert_eq!(app.get(&path("")).status, 404);
}

// C-11 + OX-2: a task exists only in the session that created it.
#[test]
fn outx_tasks_are_per_session() {
    let app = spawn();
    let r = app.send(
        app.client
            .post(app.url(&s("a", "/linkedin-agent/fetch-profile")))
            .header("x-api-key", "outx_demo_key")
            .json(&json!({ "profile_slug": "sam-lee-1" })),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.json["api_agent_task_id"]
        .as_str()
        .expect("id")
        .to_string();
    let status = |prefix: &str| {
        get_with_key(
            &app,
            &format!("{prefix}/linkedin-agent/get-task-status?api_agent_task_id={id}"),
            "x-api-key",
            "outx_demo_key",
        )
    };
    assert_eq!(status(&s("a", "")).status, 200);
    assert_eq!(status(&s("b", "")).status, 404);
    assert_eq!(status("").status, 404);
}

// C-11 + C-8: a fault queued in one session hits only that session.
#[test]
fn faults_are_per_session() {
    let app = spawn();
    let f = app.post_json(
        &s("a", "/__admin/faults"),
        &json!({ "provider": "atomus", "status": 503, "times": 5 }),
    );
    assert_eq!(f.status, 201, "{}", f.text);
    assert_eq!(
        enrich(&app, &s("b", ""), "atm_live_demo", "f-1", None).status,
        200
    );
    assert_eq!(enrich(&app, "", "atm_live_demo", "f-1", None).status, 200);
    assert_eq!(
        enrich(&app, &s("a", ""), "atm_live_demo", "f-1", None).status,
        503
    );
    let listed = app.get(&s("b", "/__admin/faults"));
    assert_eq!(listed.json, json!({ "faults": [] }));
}

// C-11 + C-6: 32 workers at once, each in its own session, each exhausting
// its own limits with exact counts.
#[test]
fn thirty_two_parallel_workers_each_exhaust_their_own_limits_exactly() {
    let mut sc = default_at(MONDAY_MORNING);
    sc.connectsafely.limits.profiles_per_day = 5;
    sc.atomus.rate_limit_per_second = 1000;
    let app = spawn_scenario(sc);
    let counts: Vec<(usize, usize, usize, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..32)
            .map(|w| {
                let app = &app;
                scope.spawn(move || {
                    let prefix = s(&format!("gw{w}"), "");
                    let (mut cs_ok, mut cs_429, mut at_ok, mut at_402) = (0, 0, 0, 0);
                    for i in 0..8 {
                        match profile(app, &prefix, &format!("w-{i}")).status {
                            200 => cs_ok += 1,
                            429 => cs_429 += 1,
                            other => panic!("worker {w}: status {other}"),
                        }
                    }
                    for i in 0..4 {
                        let r = enrich(app, &prefix, "atm_live_lowcredit", &format!("w-{i}"), None);
                        match r.status {
                            200 => at_ok += 1,
                            402 => at_402 += 1,
                            other => panic!("worker {w}: status {other}: {}", r.text),
                        }
                    }
                    (cs_ok, cs_429, at_ok, at_402)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("worker"))
            .collect()
    });
    for (w, c) in counts.iter().enumerate() {
        assert_eq!(*c, (5, 3, 2, 2), "worker gw{w}");
    }
    assert_eq!(
        app.get("/__admin/sessions").json["sessions"]
            .as_array()
            .map(Vec::len),
        Some(32)
    );
    // The default world saw none of it.
    assert_eq!(used(&profile(&app, "", "w-0")), 1);
    assert_eq!(credits(&app, "", "lowcredit"), 2);
}

// C-11 + C-10: the OpenAPI document names the prefix as a server variable and
// the header as a parameter of every operation, and lists the sessions routes.
#[test]
fn openapi_names_the_session_prefix_and_header_on_every_operation() {
    let app = spawn();
    let doc = app.get("/openapi.json").json;
    let servers = doc["servers"].as_array().expect("servers");
    assert_eq!(servers[0]["url"], "/");
    assert_eq!(servers[1]["url"], "/__session/{session}");
    assert!(servers[1]["variables"]["session"]["default"].is_string());
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.contains_key("/__admin/sessions"));
    assert!(paths["/__admin/sessions/{name}"]["delete"].is_object());
    let mut ops = 0;
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("item") {
            let Some(params) = op.get("parameters").and_then(|p| p.as_array()) else {
                panic!("{method} {path} has no parameters");
            };
            let header = params
                .iter()
                .find(|p| p["name"] == "X-Mocklink-Session")
                .unwrap_or_else(|| panic!("{method} {path} lacks the session header"));
            assert_eq!(header["in"], "header");
            assert_eq!(header["required"], false);
            ops += 1;
        }
    }
    assert!(ops > 10, "{ops} operations");
    // The per-provider documents carry the server too.
    let cs = app.get("/openapi/connectsafely.json").json;
    assert_eq!(cs["servers"], doc["servers"]);
}
