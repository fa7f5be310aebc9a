//! OutX (SPEC §3): agent tasks created with fetch-profile and polled with
//! get-task-status, progressing on the virtual clock.

use mocklink::people::People;
use mocklink::scenario::{NonNegative, OutxTeam};
use mocklink::Scenario;
use serde_json::{json, Value};

use super::helpers::*;

const FETCH: &str = "/linkedin-agent/fetch-profile";
const STATUS: &str = "/linkedin-agent/get-task-status";
const DEMO: &str = "outx_demo_key";
const OTHER: &str = "outx_other_key";
const NOPLUGIN: &str = "outx_noplugin_key";
const PLUGIN_REQUIRED: &str = "Plugin installation required: Please install the OutX browser \
extension on at least one team member's account to use the API. The plugin must have been active \
within the last 48 hours.";

// ------------------------------------------------------------ helpers

/// POST fetch-profile with a raw body under `key`.
fn fetch_raw(app: &TestApp, key: Option<&str>, body: &str) -> Reply {
    let mut rb = app
        .client
        .post(app.url(FETCH))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(k) = key {
        rb = rb.header("x-api-key", k);
    }
    app.send(rb)
}

fn fetch(app: &TestApp, key: &str, slug: &str) -> Reply {
    fetch_raw(app, Some(key), &json!({ "profile_slug": slug }).to_string())
}

/// Creates a task and returns its id.
fn create(app: &TestApp, key: &str, slug: &str) -> String {
    let r = fetch(app, key, slug);
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["api_agent_task_id"]
        .as_str()
        .expect("task id")
        .to_string()
}

fn status_raw(app: &TestApp, key: Option<&str>, query: &str) -> Reply {
    let mut rb = app.client.get(format!("{}?{query}", app.url(STATUS)));
    if let Some(k) = key {
        rb = rb.header("x-api-key", k);
    }
    app.send(rb)
}

fn status(app: &TestApp, key: &str, id: &str) -> Reply {
    status_raw(app, Some(key), &format!("api_agent_task_id={id}"))
}

fn state_of(app: &TestApp, key: &str, id: &str) -> String {
    let r = status(app, key, id);
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["data"]["status"]
        .as_str()
        .expect("status")
        .to_string()
}

fn assert_error(r: &Reply, status: u16, message: &str) {
    assert_eq!(r.status, status, "{}", r.text);
    assert_eq!(r.json, json!({ "error": message }), "{}", r.text);
}

/// The default scenario frozen at Monday morning, changed by `edit`.
fn default_with(edit: impl FnOnce(&mut Scenario)) -> Scenario {
    let mut s = default_at(MONDAY_MORNING);
    edit(&mut s);
    s
}

/// A scenario file with its clock frozen at Monday morning.
fn file_at_monday(name: &str) -> Scenario {
    let mut s = scenario_file(name);
    s.clock.start = Some(MONDAY_MORNING.parse().expect("time"));
    s.clock.frozen = true;
    s
}

/// Polls every 5 s of clock time, as OutX advises, until the task finishes or
/// `budget_secs` pass; returns every status seen and the final reply.
fn poll_until_finished(
    app: &TestApp,
    key: &str,
    id: &str,
    budget_secs: u32,
) -> (Vec<String>, Reply) {
    let mut seen = Vec::new();
    let mut waited = 0;
    loop {
        let r = status(app, key, id);
        assert_eq!(r.status, 200, "{}", r.text);
        let s = r.json["data"]["status"]
            .as_str()
            .expect("status")
            .to_string();
        seen.push(s.clone());
        if s == "completed" || s == "failed" {
            return (seen, r);
        }
        assert!(
            waited < budget_secs,
            "not finished after {waited} s: {seen:?}"
        );
        app.advance(5.0);
        waited += 5;
    }
}

// ------------------------------------------------------------ OX-1

#[test]
fn fetch_profile_answers_at_once_with_a_uuid_task_id() {
    // OX-1
    let app = spawn();
    let r = fetch(&app, DEMO, "anandi-devi");
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["success"], json!(true));
    assert_eq!(
        r.json["message"],
        json!("Profile fetch task created successfully")
    );
    let id = r.json["api_agent_task_id"].as_str().expect("id");
    assert_eq!(id.len(), 36, "{id}");
    assert_eq!(id.chars().nth(14), Some('4'), "a version 4 UUID: {id}");
    assert_eq!(r.json.as_object().map(|o| o.len()), Some(3), "{}", r.text);
    let second = create(&app, DEMO, "anandi-devi");
    assert_ne!(id, second, "every task gets its own id");
}

#[test]
fn unknown_body_fields_are_ignored() {
    // OX-1, C-7
    let app = spawn();
    let r = fetch_raw(
        &app,
        Some(DEMO),
        r#"{"profile_slug":"jane-doe","priority":"high","x":[1,2]}"#,
    );
    assert_eq!(r.status, 200, "{}", r.text);
}

#[test]
fn every_malformed_profile_slug_gets_the_documented_400() {
    // OX-1
    let app = spawn();
    for body in [
        r#"{}"#,
        r#"{"profileSlug":"jane"}"#,
        r#"{"profile_slug":42}"#,
        r#"{"profile_slug":null}"#,
        r#"{"profile_slug":["jane"]}"#,
        r#"{"profile_slug":""}"#,
        r#"{"profile_slug":"https://www.linkedin.com/company/jane-doe"}"#,
        r#"{"profile_slug":"/in/jane-doe"}"#,
        r#"{"profile_slug":"in/jane-doe/"}"#,
        r#"{"profile_slug":"jane doe"}"#,
        r#"{"profile_slug":"jane"#,
        "profile_slug=jane",
        "not json at all",
        "",
        "[]",
    ] {
        let r = fetch_raw(&app, Some(DEMO), body);
        assert_error(&r, 400, "Missing or invalid 'profile_slug'");
    }
}

#[test]
fn a_profile_url_means_its_slug() {
    // SPEC G-2 (OX-1's 400 for URLs withdrawn): the vendor's own workflows send URLs
    let app = spawn();
    let id = create(&app, DEMO, "https://www.linkedin.com/in/jane-doe/");
    let r = status(&app, DEMO, &id);
    assert_eq!(
        r.json["data"]["task_input"]["profile_slug"],
        json!("jane-doe")
    );
}

#[test]
fn a_form_encoded_body_is_not_json_and_gets_400() {
    // OX-1: "a body that is not JSON", whatever the content type claims
    let app = spawn();
    let r = app.send(
        app.client
            .post(app.url(FETCH))
            .header("x-api-key", DEMO)
            .form(&[("profile_slug", "jane")]),
    );
    assert_error(&r, 400, "Missing or invalid 'profile_slug'");
}

#[test]
fn checks_run_key_then_plugin_then_input() {
    // OX-1 order: key (401), plugin (403), input (400)
    let app = spawn();
    assert_error(&fetch_raw(&app, None, "garbage"), 401, "Missing API Key");
    assert_error(
        &fetch_raw(&app, Some("nope"), "garbage"),
        401,
        "Invalid API Key",
    );
    assert_error(
        &fetch_raw(&app, Some(NOPLUGIN), "garbage"),
        403,
        PLUGIN_REQUIRED,
    );
    assert_error(
        &fetch_raw(&app, Some(DEMO), "garbage"),
        400,
        "Missing or invalid 'profile_slug'",
    );
}

// ------------------------------------------------------------ OX-AUTH

#[test]
fn a_missing_api_key_gets_401_missing_api_key_on_both_routes() {
    // OX-AUTH
    let app = spawn();
    assert_error(
        &fetch_raw(&app, None, r#"{"profile_slug":"jane"}"#),
        401,
        "Missing API Key",
    );
    assert_error(
        &fetch_raw(&app, Some(""), r#"{"profile_slug":"jane"}"#),
        401,
        "Missing API Key",
    );
    assert_error(
        &status_raw(
            &app,
            None,
            "api_agent_task_id=3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e01",
        ),
        401,
        "Missing API Key",
    );
}

#[test]
fn an_unknown_api_key_gets_401_invalid_api_key_on_both_routes() {
    // OX-AUTH
    let app = spawn();
    for key in ["outx_wrong", "OUTX_DEMO_KEY", "cs_live_demo"] {
        assert_error(&fetch(&app, key, "jane"), 401, "Invalid API Key");
        assert_error(
            &status(&app, key, "3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e01"),
            401,
            "Invalid API Key",
        );
    }
    // A bearer token is not OutX's header.
    let r = app.send(
        app.client
            .post(app.url(FETCH))
            .bearer_auth(DEMO)
            .json(&json!({ "profile_slug": "jane" })),
    );
    assert_error(&r, 401, "Missing API Key");
}

// ------------------------------------------------------------ OX-PLUGIN

#[test]
fn a_team_without_a_recent_plugin_gets_403_with_the_exact_text() {
    // OX-PLUGIN: outx_noplugin_key's plugin was last active 72 h ago
    let app = spawn();
    assert_error(&fetch(&app, NOPLUGIN, "jane"), 403, PLUGIN_REQUIRED);
    assert_error(
        &status(&app, NOPLUGIN, "3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e01"),
        403,
        PLUGIN_REQUIRED,
    );
}

#[test]
fn a_plugin_last_seen_47_hours_before_start_lapses_after_one_more_hour() {
    // OX-PLUGIN: read on the clock, 48 h after the last activity
    let app = spawn_scenario(default_with(|s| {
        let team: OutxTeam = serde_json::from_value(json!({
            "id": "lapsing",
            "keys": ["outx_lapsing_key"],
            "pluginActive": false,
            "pluginLastActiveHoursAgo": 47.0
        }))
        .expect("team");
        s.outx.teams.push(team);
    }));
    let id = create(&app, "outx_lapsing_key", "jane-doe");
    app.advance(59.0 * 60.0);
    assert_eq!(state_of(&app, "outx_lapsing_key", &id), "completed");
    app.advance(60.0);
    assert_error(
        &fetch(&app, "outx_lapsing_key", "jane-doe"),
        403,
        PLUGIN_REQUIRED,
    );
    assert_error(&status(&app, "outx_lapsing_key", &id), 403, PLUGIN_REQUIRED);
    // Other teams are unaffected.
    assert_eq!(fetch(&app, DEMO, "jane-doe").status, 200);
}

#[test]
fn an_always_active_plugin_still_counts_weeks_later() {
    // OX-PLUGIN: pluginActive true = active throughout
    let app = spawn();
    app.advance(30.0 * 86_400.0);
    assert_eq!(fetch(&app, DEMO, "jane-doe").status, 200);
}

#[test]
fn the_no_plugin_scenario_refuses_every_outx_key() {
    // OX-PLUGIN, C-3: scenarios/no-plugin.json
    let app = spawn_scenario(file_at_monday("no-plugin.json"));
    for key in [DEMO, OTHER, NOPLUGIN] {
        assert_error(&fetch(&app, key, "jane-doe"), 403, PLUGIN_REQUIRED);
    }
    assert_error(&fetch(&app, "nope", "jane-doe"), 401, "Invalid API Key");
}

// ------------------------------------------------------------ OX-2

#[test]
fn a_client_polling_every_5_seconds_sees_pending_and_then_the_profile() {
    // OX-2: OutX advises polling every 5 s with a 2-3 minute timeout
    let app = spawn();
    let id = create(&app, DEMO, "anandi-devi");
    let (seen, last) = poll_until_finished(&app, DEMO, &id, 180);
    assert_eq!(
        seen.first().map(String::as_str),
        Some("pending"),
        "{seen:?}"
    );
    assert_eq!(
        seen.last().map(String::as_str),
        Some("completed"),
        "{seen:?}"
    );
    assert_eq!(
        last.json["data"]["task_output"]["name"],
        json!("Anandi Devi")
    );
}

#[test]
fn a_task_is_pending_then_processing_then_completed_on_the_clock() {
    // OX-2: default timings pendingSeconds 6, processingSeconds 4
    let app = spawn();
    let id = create(&app, DEMO, "jane-doe");
    let r = status(&app, DEMO, &id);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.json,
        json!({
            "success": true,
            "data": {
                "id": id,
                "status": "pending",
                "task_input": { "task_type": "agent_profile_fetch", "profile_slug": "jane-doe" },
                "task_output": null
            }
        })
    );
    app.advance(5.9);
    assert_eq!(state_of(&app, DEMO, &id), "pending");
    app.advance(0.1);
    let r = status(&app, DEMO, &id);
    assert_eq!(r.json["data"]["status"], json!("processing"));
    assert_eq!(r.json["data"]["task_output"], Value::Null);
    app.advance(3.9);
    assert_eq!(state_of(&app, DEMO, &id), "processing");
    app.advance(0.1);
    let r = status(&app, DEMO, &id);
    assert_eq!(r.json["data"]["status"], json!("completed"));
    assert!(r.json["data"]["task_output"].is_object(), "{}", r.text);
    // Finished is final.
    app.advance(3600.0);
    assert_eq!(state_of(&app, DEMO, &id), "completed");
}

#[test]
fn notfound_and_unavailable_handles_end_failed_with_an_error() {
    // OX-2 (decision): magic handles fail after the same phases
    let app = spawn();
    let gone = create(&app, DEMO, "notfound-jane");
    let broken = create(&app, DEMO, "unavailable-joe");
    assert_eq!(state_of(&app, DEMO, &gone), "pending");
    app.advance(10.0);
    for (id, slug, error) in [
        (&gone, "notfound-jane", "Profile not found: notfound-jane"),
        (
            &broken,
            "unavailable-joe",
            "Failed to fetch profile: unavailable-joe",
        ),
    ] {
        let r = status(&app, DEMO, id);
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.json["data"]["status"], json!("failed"), "{}", r.text);
        assert_eq!(r.json["data"]["task_input"]["profile_slug"], json!(slug));
        assert_eq!(r.json["data"]["task_output"], json!({ "error": error }));
    }
}

#[test]
fn a_team_cannot_read_another_teams_task() {
    // OX-2: tasks are per team
    let app = spawn();
    let id = create(&app, DEMO, "jane-doe");
    assert_error(&status(&app, OTHER, &id), 404, "Agent task not found");
    let theirs = create(&app, OTHER, "jane-doe");
    assert_error(&status(&app, DEMO, &theirs), 404, "Agent task not found");
    assert_eq!(status(&app, DEMO, &id).status, 200);
}

#[test]
fn an_unknown_task_id_is_not_found() {
    // OX-2
    let app = spawn();
    assert_error(
        &status(&app, DEMO, "3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e01"),
        404,
        "Agent task not found",
    );
}

#[test]
fn a_missing_empty_or_garbled_task_id_gets_400() {
    // OX-2 (a non-UUID id is "invalid": mocklink's decision)
    let app = spawn();
    for query in [
        "",
        "api_agent_task_id=",
        "api_agent_task_id",
        "task_id=3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e01",
        "api_agent_task_id=not-a-uuid",
        "api_agent_task_id=%E0%A4%A",
        "api_agent_task_id=3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e0",
        "&&==&&",
    ] {
        let r = status_raw(&app, Some(DEMO), query);
        assert_error(&r, 400, "Missing or invalid 'api_agent_task_id'");
    }
    // Input is checked after the key.
    assert_error(&status_raw(&app, None, ""), 401, "Missing API Key");
}

#[test]
fn a_finished_task_expires_retention_hours_after_it_finished() {
    // OX-2 bounded storage: retentionHours 24 in the default scenario
    let app = spawn();
    let id = create(&app, DEMO, "jane-doe");
    app.advance(10.0 + 24.0 * 3600.0 - 1.0);
    assert_eq!(state_of(&app, DEMO, &id), "completed");
    app.advance(1.0);
    assert_error(&status(&app, DEMO, &id), 404, "Agent task not found");
}

#[test]
fn at_most_max_tasks_are_kept_dropping_the_oldest_finished_first() {
    // OX-2 bounded storage: maxTasks
    let app = spawn_scenario(default_with(|s| s.outx.tasks.max_tasks = 2));
    let first = create(&app, DEMO, "jane-doe");
    app.advance(1.0);
    let second = create(&app, OTHER, "jane-doe");
    app.advance(1.0);
    let third = create(&app, DEMO, "joe-bloggs");
    assert_error(&status(&app, DEMO, &first), 404, "Agent task not found");
    assert_eq!(status(&app, OTHER, &second).status, 200);
    assert_eq!(status(&app, DEMO, &third).status, 200);
}

#[test]
fn the_slow_tasks_scenario_stays_pending_for_a_minute_but_ends_within_three() {
    // OX-2, C-3: scenarios/slow-tasks.json
    let app = spawn_scenario(file_at_monday("slow-tasks.json"));
    let id = create(&app, DEMO, "jane-doe");
    app.advance(55.0);
    assert_eq!(state_of(&app, DEMO, &id), "pending");
    let (seen, _) = poll_until_finished(&app, DEMO, &id, 180 - 55);
    assert_eq!(
        seen.last().map(String::as_str),
        Some("completed"),
        "{seen:?}"
    );
}

#[test]
fn spread_timings_replay_identically_under_the_same_seed() {
    // OX-2: per-task spread comes from the seeded generator
    let scenario = || {
        default_with(|s| {
            s.outx.tasks.spread_seconds = NonNegative(20.0);
        })
    };
    // Seconds until each of three tasks created together completes.
    let run = || {
        let app = spawn_scenario(scenario());
        let ids: Vec<String> = (0..3).map(|_| create(&app, DEMO, "jane-doe")).collect();
        let mut finish = vec![None; ids.len()];
        for second in 0..=60 {
            for (i, id) in ids.iter().enumerate() {
                if finish[i].is_none() && state_of(&app, DEMO, id) == "completed" {
                    finish[i] = Some(second);
                }
            }
            app.advance(1.0);
        }
        (ids, finish)
    };
    let (ids_a, finish_a) = run();
    let (ids_b, finish_b) = run();
    assert_eq!(ids_a, ids_b);
    assert_eq!(finish_a, finish_b);
    // pendingSeconds 6 + processingSeconds 4, each phase plus up to 20 s.
    assert!(
        finish_a
            .iter()
            .all(|s| s.is_some_and(|s| (10..=50).contains(&s))),
        "{finish_a:?}"
    );
    assert!(
        finish_a.iter().any(|s| s.is_some_and(|s| s > 11)),
        "spread was applied: {finish_a:?}"
    );
}

// ------------------------------------------------------------ OX-3

#[test]
fn a_completed_task_shows_the_same_person_as_the_other_providers() {
    // OX-3, C-4
    let scenario = default_at(MONDAY_MORNING);
    let people = People::new(scenario.seed, &scenario.people);
    let app = spawn_scenario(scenario);
    for handle in ["anandi-devi", "jane-doe", "connected-max"] {
        let id = create(&app, DEMO, handle);
        app.advance(10.0);
        let r = status(&app, DEMO, &id);
        assert_eq!(r.json["data"]["status"], json!("completed"), "{}", r.text);
        let out = &r.json["data"]["task_output"];
        let p = people.person(handle);
        assert_eq!(out["name"], json!(p.full_name()), "{handle}");
        assert_eq!(out["headline"], json!(p.headline));
        assert_eq!(out["location"], json!(p.location.full()));
        assert_eq!(out["profile_urn"], json!(p.urn));
        assert_eq!(out["profile_slug"], json!(handle));
        assert_eq!(
            out["profile_url"],
            json!(format!("https://www.linkedin.com/in/{handle}"))
        );
        assert_eq!(out["connections"], json!(p.connection_count));
        assert_eq!(out["followers"], json!(p.follower_count));
        assert_eq!(out["about"], json!(p.summary));
        let skills: Vec<&str> = p.skills.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(out["skills"], json!(skills));
        assert_eq!(
            out["experience"].as_array().map(Vec::len),
            Some(p.experience().len())
        );
        assert_eq!(
            out["education"].as_array().map(Vec::len),
            Some(p.education().len())
        );
        for key in [
            "title",
            "company",
            "location",
            "start_date",
            "end_date",
            "description",
        ] {
            assert!(
                out["experience"][0].get(key).is_some(),
                "experience[0].{key}: {}",
                r.text
            );
        }
    }
}

#[test]
fn the_pinned_example_person_reads_as_in_the_docs() {
    // OX-3, §5: anandi-devi is pinned
    let app = spawn();
    let id = create(&app, DEMO, "anandi-devi");
    app.advance(10.0);
    let out = status(&app, DEMO, &id).json["data"]["task_output"].clone();
    assert_eq!(out["name"], json!("Anandi Devi"));
    assert_eq!(
        out["headline"],
        json!("Go-To-Market (GTM) Engineer @ ConnectSafely | MBA")
    );
    assert_eq!(out["location"], json!("Delhi, India"));
    assert_eq!(
        out["profile_urn"],
        json!("urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o")
    );
    assert_eq!(out["connections"], json!(958));
}

// ------------------------------------------------------------ faults, C-7

#[test]
fn a_queued_fault_fails_one_fetch_in_outx_shape_after_the_checks() {
    // C-8 faults on OutX: {"error": ...} with the fault's status
    let app = spawn();
    let q = app.post_json(
        "/__admin/faults",
        &json!({ "provider": "outx", "path": FETCH, "status": 503, "latencyMs": 150 }),
    );
    assert_eq!(q.status, 201, "{}", q.text);
    // Auth and input failures come first and do not use the fault up.
    assert_error(&fetch(&app, "nope", "jane"), 401, "Invalid API Key");
    assert_error(
        &fetch_raw(&app, Some(DEMO), "{}"),
        400,
        "Missing or invalid 'profile_slug'",
    );
    let started = std::time::Instant::now();
    let r = fetch(&app, DEMO, "jane-doe");
    assert!(started.elapsed().as_millis() >= 150, "the fault's latency");
    assert_eq!(r.status, 503, "{}", r.text);
    assert!(r.json["error"].is_string(), "{}", r.text);
    assert_eq!(r.json.as_object().map(|o| o.len()), Some(1), "{}", r.text);
    assert_eq!(fetch(&app, DEMO, "jane-doe").status, 200);
}

#[test]
fn a_queued_fault_fails_one_status_poll_and_the_task_lives_on() {
    // C-8 faults on OutX status polls
    let app = spawn();
    let id = create(&app, DEMO, "jane-doe");
    let q = app.post_json(
        "/__admin/faults",
        &json!({ "provider": "outx", "path": STATUS, "status": 500 }),
    );
    assert_eq!(q.status, 201, "{}", q.text);
    let r = status(&app, DEMO, &id);
    assert_eq!(r.status, 500, "{}", r.text);
    assert!(r.json["error"].is_string(), "{}", r.text);
    assert_eq!(state_of(&app, DEMO, &id), "pending");
}

#[test]
fn a_wrong_method_gets_a_json_405_in_outx_shape() {
    // C-7
    let app = spawn();
    let r = app.send(app.client.get(app.url(FETCH)).header("x-api-key", DEMO));
    assert_eq!(r.status, 405, "{}", r.text);
    assert!(r.json["error"].is_string(), "{}", r.text);
}

#[test]
fn concurrent_fetches_each_get_their_own_readable_task() {
    // C-6 on OutX: no task is lost or shared under concurrency
    let app = spawn();
    let ids: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..16)
            .map(|i| {
                let app = &app;
                scope.spawn(move || create(app, DEMO, &format!("person-{i}")))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
    app.advance(10.0);
    for id in &ids {
        assert_eq!(state_of(&app, DEMO, id), "completed");
    }
}
