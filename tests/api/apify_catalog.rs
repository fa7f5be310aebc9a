//! The Apify routes the official apify-client libraries call (catalog
//! `providers/apify.md` #1–#19, SPEC G-2), through HTTP.

use std::io::Read;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::atomus::balance;
use super::helpers::*;

const ACTOR: &str = "atomus~linkedin-profile-scraper";
const TOKEN: &str = "apify_api_demo";

fn input(handles: &[&str]) -> Value {
    let list: Vec<String> = handles
        .iter()
        .map(|h| format!("https://www.linkedin.com/in/{h}/"))
        .collect();
    json!({ "urls": list })
}

fn bearer_get(app: &TestApp, path: &str) -> Reply {
    app.send(app.client.get(app.url(path)).bearer_auth(TOKEN))
}

fn bearer_post(app: &TestApp, path: &str, body: &Value) -> Reply {
    app.post_bearer(path, TOKEN, body)
}

/// Starts a run through `/v2/actors/…` and returns its `data`.
fn start(app: &TestApp, handles: &[&str]) -> Value {
    let r = bearer_post(app, &format!("/v2/actors/{ACTOR}/runs"), &input(handles));
    assert_eq!(r.status, 201, "{}", r.text);
    r.json["data"].clone()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn assert_error(r: &Reply, status: u16, kind: &str) {
    assert_eq!(r.status, status, "{}", r.text);
    assert_eq!(r.json["error"]["type"], kind, "{}", r.text);
    assert!(!s(&r.json["error"]["message"]).is_empty(), "{}", r.text);
}

/// The Python 3.4 client's checks of a Run (catalog §d), as far as a test
/// can state them.
fn assert_valid_run(d: &Value) {
    for k in [
        "id",
        "actId",
        "userId",
        "startedAt",
        "status",
        "buildId",
        "defaultKeyValueStoreId",
        "defaultDatasetId",
        "defaultRequestQueueId",
    ] {
        assert!(d[k].is_string(), "{k} missing: {d}");
    }
    assert!(d["meta"]["origin"].is_string(), "{d}");
    assert!(d["stats"].is_object() && d["options"].is_object(), "{d}");
    let o = &d["options"];
    assert!(o["build"].is_string() && o["timeoutSecs"].is_u64() && o["diskMbytes"].is_u64());
    let mem = o["memoryMbytes"].as_u64().unwrap_or(0);
    assert!((128..=32768).contains(&mem), "{d}");
    let build = s(&d["buildNumber"]);
    let parts: Vec<&str> = build.split('.').collect();
    assert!(
        parts.len() == 3 && parts[2] != "0" && !parts[2].starts_with('0'),
        "buildNumber {build:?} fails the client's pattern"
    );
    assert!(d["generalAccess"].is_string(), "{d}");
    assert!(
        d.get("containerUrl").is_none(),
        "an invalid URL would fail: {d}"
    );
    assert!(s(&d["startedAt"]).ends_with('Z'));
    assert!(
        [
            "READY",
            "RUNNING",
            "SUCCEEDED",
            "FAILED",
            "TIMING-OUT",
            "TIMED-OUT",
            "ABORTING",
            "ABORTED"
        ]
        .contains(&s(&d["status"])),
        "{d}"
    );
}

#[test]
fn every_actor_route_answers_under_actors_and_acts_and_every_actor_spelling() {
    // G-2, catalog (a): `/v2/actors/…` and `/v2/acts/…`; `owner~name`,
    // `owner/name`, `owner%2Fname` and the opaque id.
    let app = spawn();
    let actor = bearer_get(&app, &format!("/v2/actors/{ACTOR}"));
    assert_eq!(actor.status, 200, "{}", actor.text);
    let id = s(&actor.json["data"]["id"]).to_string();
    assert_eq!(id.len(), 17);
    for spelling in [
        ACTOR.to_string(),
        "atomus/linkedin-profile-scraper".to_string(),
        "atomus%2Flinkedin-profile-scraper".to_string(),
        "atomus%2flinkedin-profile-enricher".to_string(),
        id.clone(),
    ] {
        for form in ["actors", "acts"] {
            let r = bearer_get(&app, &format!("/v2/{form}/{spelling}"));
            assert_eq!(r.status, 200, "{form} {spelling}: {}", r.text);
            assert_eq!(r.json["data"]["id"], id.as_str());
            let r = bearer_post(&app, &format!("/v2/{form}/{spelling}/runs"), &input(&["a"]));
            assert_eq!(r.status, 201, "{form} {spelling}: {}", r.text);
            assert_eq!(r.json["data"]["actId"], id.as_str());
            let r = bearer_get(&app, &format!("/v2/{form}/{spelling}/runs/last"));
            assert_eq!(r.status, 200, "{form} {spelling}: {}", r.text);
        }
    }
    let runs = bearer_get(&app, &format!("/v2/acts/{id}/runs"));
    assert_eq!(runs.json["data"]["total"], 10, "{}", runs.text);
}

#[test]
fn the_actor_object_has_what_the_clients_require_and_unknown_actors_differ_by_route() {
    // catalog #4 and §d Actor; G-2: GET of an unknown actor is
    // record-not-found (the clients read it as "absent"), starting one is
    // actor-not-found.
    let app = spawn();
    let d = bearer_get(&app, &format!("/v2/acts/{ACTOR}")).json["data"].clone();
    assert_eq!(d["username"], "atomus");
    assert_eq!(d["name"], "linkedin-profile-scraper");
    assert_eq!(d["isPublic"], true);
    assert!(
        d["userId"].is_string() && d["stats"].is_object() && d["defaultRunOptions"].is_object()
    );
    assert_eq!(d["createdAt"], "2024-01-16T00:00:00.000Z");
    assert_eq!(d["versions"][0]["versionNumber"], "0.0");
    assert!(d["versions"][0].get("sourceType").is_some());
    assert_eq!(d["taggedBuilds"]["latest"]["buildNumber"], "0.0.1");
    assert_error(
        &bearer_get(&app, "/v2/actors/someone~else"),
        404,
        "record-not-found",
    );
    assert_error(
        &bearer_post(&app, "/v2/actors/someone~else/runs", &input(&["a"])),
        404,
        "actor-not-found",
    );
    assert_error(
        &app.get(&format!("/v2/actors/{ACTOR}")),
        401,
        "token-not-provided",
    );
}

#[test]
fn a_run_object_passes_the_python_clients_validation_at_every_stage() {
    // catalog §d Run: required fields, buildNumber pattern, memory range.
    let app = spawn();
    let d = start(&app, &["a", "b"]);
    assert_valid_run(&d);
    assert_eq!(d["status"], "READY");
    app.advance(10.0);
    let r = bearer_get(&app, &format!("/v2/actor-runs/{}", s(&d["id"])));
    assert_valid_run(&r.json["data"]);
    assert_eq!(r.json["data"]["isStatusMessageTerminal"], true);
    assert_eq!(r.json["data"]["exitCode"], 0);
    // Options the caller gives stay in range or are refused.
    let r = bearer_post(
        &app,
        &format!("/v2/actors/{ACTOR}/runs?memory=4096&timeout=60&build=beta"),
        &input(&["a"]),
    );
    assert_eq!(
        r.json["data"]["options"]["memoryMbytes"], 4096,
        "{}",
        r.text
    );
    assert_eq!(r.json["data"]["options"]["build"], "beta");
    assert_valid_run(&r.json["data"]);
    for bad in ["64", "1000", "65536"] {
        let r = bearer_post(
            &app,
            &format!("/v2/actors/{ACTOR}/runs?memory={bad}"),
            &input(&["a"]),
        );
        assert_error(&r, 400, "invalid-input");
    }
}

#[test]
fn wait_for_finish_is_clamped_to_sixty_seconds_and_accepts_the_clients_values() {
    // catalog #3: the clients send 999999, PY25 a negative number late.
    let app = spawn();
    let d = start(&app, &["a"]);
    let t = Instant::now();
    let r = bearer_get(
        &app,
        &format!("/v2/actor-runs/{}?waitForFinish=-3", s(&d["id"])),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(t.elapsed() < Duration::from_secs(2));
    app.advance(10.0);
    let r = bearer_get(
        &app,
        &format!("/v2/actor-runs/{}?waitForFinish=999999", s(&d["id"])),
    );
    assert_eq!(r.json["data"]["status"], "SUCCEEDED", "{}", r.text);
    assert_error(
        &bearer_get(
            &app,
            &format!("/v2/actor-runs/{}?waitForFinish=soon", s(&d["id"])),
        ),
        400,
        "invalid-input",
    );
}

#[test]
fn last_run_filters_by_status_and_reaches_its_dataset_store_record_and_log() {
    // catalog #8, #9, #10, #11, #14, #17.
    let app = spawn();
    let first = start(&app, &["anandi-devi"]);
    app.advance(10.0);
    let second = start(&app, &["a", "b"]);
    let base = format!("/v2/acts/{ACTOR}/runs/last");
    assert_eq!(bearer_get(&app, &base).json["data"]["id"], second["id"]);
    let r = bearer_get(&app, &format!("{base}?status=SUCCEEDED"));
    assert_eq!(r.json["data"]["id"], first["id"], "{}", r.text);
    assert_error(
        &bearer_get(&app, &format!("{base}?status=ABORTED")),
        404,
        "record-not-found",
    );
    assert_error(
        &bearer_get(&app, &format!("{base}?origin=WEB")),
        404,
        "record-not-found",
    );
    assert_eq!(bearer_get(&app, &format!("{base}?origin=API")).status, 200);
    // Nested routes resolve the same run, filters copied onto them.
    let ds = bearer_get(
        &app,
        &format!("/v2/actors/{ACTOR}/runs/last/dataset?status=SUCCEEDED"),
    );
    assert_eq!(
        ds.json["data"]["id"], first["defaultDatasetId"],
        "{}",
        ds.text
    );
    let items = bearer_get(&app, &format!("{base}/dataset/items?status=SUCCEEDED"));
    assert_eq!(
        items.json[0]["profile"]["full_name"], "Anandi Devi",
        "{}",
        items.text
    );
    let store = bearer_get(&app, &format!("{base}/key-value-store"));
    assert_eq!(
        store.json["data"]["id"], second["defaultKeyValueStoreId"],
        "{}",
        store.text
    );
    let rec = bearer_get(&app, &format!("{base}/key-value-store/records/INPUT"));
    assert_eq!(rec.json, input(&["a", "b"]), "{}", rec.text);
    let log = bearer_get(
        &app,
        &format!("/v2/actors/{ACTOR}/runs/last/log?status=SUCCEEDED"),
    );
    assert_eq!(log.status, 200);
    assert!(log.text.contains("anandi-devi"), "{}", log.text);
    // No run at all: record-not-found, token required.
    let fresh = spawn();
    assert_error(&bearer_get(&fresh, &base), 404, "record-not-found");
    assert_error(&fresh.get(&base), 401, "token-not-provided");
}

#[test]
fn run_nested_routes_answer_like_the_storage_routes() {
    // catalog #9, #10, #11, #14, #15 on `/v2/actor-runs/{runId}/…`.
    let app = spawn();
    let d = start(&app, &["a", "b", "c"]);
    let run = format!("/v2/actor-runs/{}", s(&d["id"]));
    app.advance(2.6); // one URL done
    let ds = bearer_get(&app, &format!("{run}/dataset")).json["data"].clone();
    assert_eq!(ds["id"], d["defaultDatasetId"]);
    assert_eq!(ds["itemCount"], 1, "{ds}");
    assert!(s(&ds["consoleUrl"]).starts_with("http://"), "{ds}");
    for k in [
        "userId",
        "createdAt",
        "modifiedAt",
        "accessedAt",
        "cleanItemCount",
    ] {
        assert!(ds.get(k).is_some(), "{k}: {ds}");
    }
    let by_id = bearer_get(&app, &format!("/v2/datasets/{}", s(&d["defaultDatasetId"])));
    assert_eq!(by_id.json["data"]["id"], d["defaultDatasetId"]);
    let items = bearer_get(&app, &format!("{run}/dataset/items"));
    assert_eq!(items.json.as_array().map(Vec::len), Some(1));
    let kvs = bearer_get(&app, &format!("{run}/key-value-store")).json["data"].clone();
    assert_eq!(kvs["id"], d["defaultKeyValueStoreId"]);
    for k in ["createdAt", "modifiedAt", "accessedAt"] {
        assert!(s(&kvs[k]).ends_with('Z'), "{k}: {kvs}");
    }
    let by_id = bearer_get(
        &app,
        &format!("/v2/key-value-stores/{}", s(&d["defaultKeyValueStoreId"])),
    );
    assert_eq!(by_id.json["data"]["id"], d["defaultKeyValueStoreId"]);
    // OUTPUT exists once the run has ended.
    let keys = bearer_get(&app, &format!("{run}/key-value-store/keys"));
    let sent = serde_json::to_vec(&input(&["a", "b", "c"]))
        .expect("json")
        .len();
    assert_eq!(
        keys.json["data"]["items"],
        json!([{"key": "INPUT", "size": sent}]),
        "{}",
        keys.text
    );
    let head = |path: String| {
        app.client
            .head(app.url(&path))
            .bearer_auth(TOKEN)
            .send()
            .expect("head")
            .status()
            .as_u16()
    };
    assert_eq!(head(format!("{run}/key-value-store/records/INPUT")), 200);
    assert_eq!(head(format!("{run}/key-value-store/records/OUTPUT")), 404);
    app.advance(10.0);
    assert_eq!(head(format!("{run}/key-value-store/records/OUTPUT")), 200);
    let out = bearer_get(&app, &format!("{run}/key-value-store/records/OUTPUT"));
    assert_eq!(out.json["status"], "SUCCEEDED", "{}", out.text);
    assert_eq!(out.json["processed"], 3);
    assert_error(
        &bearer_get(&app, &format!("{run}/key-value-store/records/NOPE")),
        404,
        "record-not-found",
    );
    assert_error(
        &bearer_get(&app, "/v2/actor-runs/nope/dataset"),
        404,
        "record-not-found",
    );
    assert_error(
        &bearer_get(&app, "/v2/key-value-stores/nope"),
        404,
        "record-not-found",
    );
}

#[test]
fn the_input_record_is_the_start_body_with_its_content_type() {
    // catalog #11: INPUT = the POST body of #1 with its Content-Type.
    let app = spawn();
    let body = r#"{ "urls" : ["https://www.linkedin.com/in/a/"], "extra": 1 }"#;
    let r = app.send(
        app.client
            .post(app.url(&format!("/v2/actors/{ACTOR}/runs")))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json; charset=utf-8")
            .body(body),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let rec = bearer_get(
        &app,
        &format!(
            "/v2/key-value-stores/{}/records/INPUT?attachment=true",
            s(&r.json["data"]["defaultKeyValueStoreId"])
        ),
    );
    assert_eq!(rec.status, 200);
    assert_eq!(rec.text, body);
    assert_eq!(
        rec.header("content-type").as_deref(),
        Some("application/json; charset=utf-8")
    );
}

#[test]
fn dataset_items_carry_all_five_pagination_headers_and_count_is_the_page() {
    // catalog §c: Desc is read by every Python client; Count drives PY34's
    // iterate_items and must be 0 past the end.
    let app = spawn();
    let d = start(&app, &["a", "b", "c"]);
    app.advance(10.0);
    let path = format!("/v2/datasets/{}/items", s(&d["defaultDatasetId"]));
    let r = app.get(&format!("{path}?offset=1&limit=1000&desc=true"));
    assert_eq!(r.header("x-apify-pagination-offset").as_deref(), Some("1"));
    assert_eq!(
        r.header("x-apify-pagination-limit").as_deref(),
        Some("1000")
    );
    assert_eq!(r.header("x-apify-pagination-count").as_deref(), Some("2"));
    assert_eq!(r.header("x-apify-pagination-total").as_deref(), Some("3"));
    assert_eq!(r.header("x-apify-pagination-desc").as_deref(), Some("true"));
    assert_eq!(r.json[0]["url"], "https://www.linkedin.com/in/b/");
    let r = app.get(&format!("{path}?offset=3&limit=1000&desc=0"));
    assert_eq!(r.header("x-apify-pagination-count").as_deref(), Some("0"));
    assert_eq!(r.header("x-apify-pagination-total").as_deref(), Some("3"));
    assert_eq!(
        r.header("x-apify-pagination-desc").as_deref(),
        Some("false")
    );
    assert_eq!(r.json, json!([]));
    let r = app.get(&format!("{path}?clean=1&fields=url&omit=url"));
    assert_eq!(
        r.json,
        json!([]),
        "clean drops items left empty: {}",
        r.text
    );
    assert_error(
        &app.get(&format!("{path}?desc=maybe")),
        400,
        "invalid-input",
    );
}

#[test]
fn query_booleans_are_understood_as_1_0_and_true_false() {
    // catalog §c: JS and PY25 send 1/0, PY34 true/false.
    let app = spawn();
    let d = start(&app, &["a", "b"]);
    app.advance(10.0);
    let path = format!("/v2/datasets/{}/items", s(&d["defaultDatasetId"]));
    for (v, first) in [("1", "b"), ("true", "b"), ("0", "a"), ("false", "a")] {
        let r = app.get(&format!("{path}?desc={v}"));
        assert_eq!(
            r.json[0]["url"],
            format!("https://www.linkedin.com/in/{first}/"),
            "desc={v}"
        );
    }
    for v in ["1", "true", "0", "false"] {
        let r = bearer_get(&app, &format!("/v2/actors/{ACTOR}/runs?desc={v}"));
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.json["data"]["desc"], v == "1" || v == "true");
    }
}

#[test]
fn the_runs_list_pages_filters_and_passes_the_clients_validation() {
    // catalog #13 and §d runs list page.
    let app = spawn();
    let a = start(&app, &["a"]);
    app.advance(10.0);
    let b = start(&app, &["b"]);
    let r = bearer_get(&app, &format!("/v2/actors/{ACTOR}/runs"));
    let page = &r.json["data"];
    assert_eq!(page["total"], 2);
    assert_eq!(page["count"], 2);
    assert_eq!(page["limit"], 1000);
    assert_eq!(page["offset"], 0);
    assert_eq!(page["desc"], false);
    let item = &page["items"][0];
    assert_eq!(item["id"], a["id"]);
    for k in [
        "actId",
        "status",
        "startedAt",
        "buildId",
        "defaultKeyValueStoreId",
        "defaultDatasetId",
        "defaultRequestQueueId",
    ] {
        assert!(item[k].is_string(), "{k}: {item}");
    }
    assert!(item["usageTotalUsd"].is_f64(), "{item}");
    assert_eq!(item["meta"]["origin"], "API");
    let r = bearer_get(
        &app,
        &format!("/v2/acts/{ACTOR}/runs?desc=1&limit=1&status=READY,RUNNING"),
    );
    assert_eq!(r.json["data"]["items"][0]["id"], b["id"], "{}", r.text);
    assert_eq!(r.json["data"]["total"], 1);
    let r = bearer_get(&app, &format!("/v2/acts/{ACTOR}/runs?limit=0"));
    assert_eq!(
        r.json["data"]["limit"], 1,
        "a limit of 0 would fail the client"
    );
    let r = bearer_get(
        &app,
        &format!("/v2/acts/{ACTOR}/runs?startedAfter=2024-01-15T10:30:05.000Z"),
    );
    assert_eq!(r.json["data"]["total"], 1, "{}", r.text);
    assert_error(
        &bearer_get(&app, "/v2/acts/x~y/runs"),
        404,
        "actor-not-found",
    );
}

#[test]
fn the_log_has_a_timestamped_line_per_url_and_the_stream_ends_with_the_run() {
    // catalog #5, #7, #16, §c log stream: lines `ISO message\n`, one per URL
    // as the clock reaches it; the streamed response closes when the run ends.
    let mut scenario = default_at(MONDAY_MORNING);
    scenario.clock.frozen = false;
    scenario.apify.start_delay_seconds = mocklink::scenario::NonNegative(0.2);
    scenario.apify.per_url_seconds = mocklink::scenario::NonNegative(0.3);
    let app = spawn_scenario(scenario);
    let d = start(&app, &["a", "b", "c", "d"]);
    let t = Instant::now();
    let mut resp = app
        .client
        .get(app.url(&format!(
            "/v2/actor-runs/{}/log?stream=1&raw=1",
            s(&d["id"])
        )))
        .bearer_auth(TOKEN)
        .send()
        .expect("stream");
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("text/plain")));
    let mut first = [0u8; 24];
    resp.read_exact(&mut first).expect("a first line at once");
    assert!(
        t.elapsed() < Duration::from_millis(800),
        "{:?}",
        t.elapsed()
    );
    let mut rest = String::new();
    resp.read_to_string(&mut rest).expect("the stream ends");
    let elapsed = t.elapsed();
    assert!(
        elapsed >= Duration::from_millis(1100) && elapsed < Duration::from_secs(10),
        "the stream must last as long as the run: {elapsed:?}"
    );
    let text = format!("{}{rest}", String::from_utf8_lossy(&first));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    for l in &lines {
        let stamp = l.get(..24).unwrap_or_default();
        assert!(
            stamp.ends_with('Z') && chrono::DateTime::parse_from_rfc3339(stamp).is_ok(),
            "{l}"
        );
    }
    assert!(
        lines[4].contains("https://www.linkedin.com/in/d/"),
        "{text}"
    );
    let r = bearer_get(&app, &format!("/v2/actor-runs/{}", s(&d["id"])));
    assert_eq!(r.json["data"]["status"], "SUCCEEDED");
    // The plain log and `/v2/logs/{id}` have the same text.
    let plain = bearer_get(
        &app,
        &format!("/v2/logs/{}?stream=false&raw=0", s(&d["id"])),
    );
    assert_eq!(plain.text, text);
    let plain = bearer_get(&app, &format!("/v2/actor-runs/{}/log", s(&d["id"])));
    assert_eq!(plain.text, text);
    assert_error(
        &bearer_get(&app, "/v2/actor-runs/nope/log"),
        404,
        "record-not-found",
    );
}

#[test]
fn aborting_stops_the_run_bills_only_what_it_reached_and_keeps_its_items() {
    // catalog #12; issue 11: ABORTED, dataset holds what was produced, the
    // unreached URLs are not billed.
    let app = spawn();
    let before = balance(&app, "demo");
    let d = start(&app, &["a", "b", "c", "d"]);
    assert_eq!(balance(&app, "demo"), before - 4);
    app.advance(3.0); // start delay 2 s, 0.5 s per URL: two done
    let r = bearer_post(
        &app,
        &format!("/v2/actor-runs/{}/abort?gracefully=true", s(&d["id"])),
        &json!(null),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["data"]["status"], "ABORTED");
    assert_valid_run(&r.json["data"]);
    assert_eq!(balance(&app, "demo"), before - 2);
    app.advance(60.0);
    let run = bearer_get(&app, &format!("/v2/actor-runs/{}", s(&d["id"])));
    assert_eq!(run.json["data"]["status"], "ABORTED");
    assert_eq!(run.json["data"]["finishedAt"], "2024-01-15T10:30:03.000Z");
    let items = app.get(&format!("/v2/datasets/{}/items", s(&d["defaultDatasetId"])));
    assert_eq!(
        items.json.as_array().map(Vec::len),
        Some(2),
        "{}",
        items.text
    );
    // Aborting again, or a finished run, changes nothing.
    let again = bearer_post(
        &app,
        &format!("/v2/actor-runs/{}/abort", s(&d["id"])),
        &json!(null),
    );
    assert_eq!(again.json["data"]["status"], "ABORTED");
    assert_eq!(balance(&app, "demo"), before - 2);
    let done = start(&app, &["e"]);
    app.advance(10.0);
    let r = bearer_post(
        &app,
        &format!("/v2/acts/{ACTOR}/runs/last/abort"),
        &json!(null),
    );
    assert_eq!(r.json["data"]["id"], done["id"]);
    assert_eq!(r.json["data"]["status"], "SUCCEEDED");
    assert_error(
        &bearer_post(&app, "/v2/actor-runs/nope/abort", &json!(null)),
        404,
        "record-not-found",
    );
}

#[test]
fn run_sync_and_run_sync_get_dataset_items_answer_on_both_path_forms() {
    // catalog #19 and `run-sync` (OUTPUT record).
    let app = spawn();
    for form in ["acts", "actors"] {
        let r = bearer_post(
            &app,
            &format!("/v2/{form}/{ACTOR}/run-sync-get-dataset-items?fields=url"),
            &input(&["a"]),
        );
        assert_eq!(r.status, 201, "{}", r.text);
        assert_eq!(r.json, json!([{"url": "https://www.linkedin.com/in/a/"}]));
        assert_eq!(
            r.header("x-apify-pagination-desc").as_deref(),
            Some("false")
        );
        let r = bearer_post(
            &app,
            &format!("/v2/{form}/{ACTOR}/run-sync"),
            &input(&["a", "notfound-b"]),
        );
        assert_eq!(r.status, 201, "{}", r.text);
        assert_eq!(r.json["status"], "SUCCEEDED");
        assert_eq!(r.json["found"], 1);
        assert_eq!(r.json["notFound"], 1);
        assert_error(
            &bearer_get(&app, &format!("/v2/{form}/{ACTOR}/run-sync")),
            400,
            "invalid-input",
        );
    }
}

#[test]
fn faults_strike_after_authentication_and_input_checks() {
    // issue 10 item 24 (Apify part): with a fault queued, bad input still
    // gets its 400 and a missing token its 401, and the fault waits.
    let app = spawn();
    let path = format!("/v2/actors/{ACTOR}/runs");
    let r = app.post_json(
        "/__admin/faults",
        &json!({ "provider": "apify", "path": path, "status": 503 }),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    assert_error(
        &bearer_post(&app, &path, &json!({"urls": []})),
        400,
        "invalid-input",
    );
    assert_error(
        &app.post_json(&path, &input(&["a"])),
        401,
        "token-not-provided",
    );
    let r = bearer_post(&app, &path, &input(&["a"]));
    assert_eq!(r.status, 503, "{}", r.text);
    assert_eq!(bearer_post(&app, &path, &input(&["a"])).status, 201);
}

#[test]
fn no_input_is_invalid_input_whether_absent_or_json_null() {
    // catalog #1: JS sends no body without input, PY sends `null`.
    let app = spawn();
    let path = format!("/v2/actors/{ACTOR}/runs");
    let r = app.send(app.client.post(app.url(&path)).bearer_auth(TOKEN));
    assert_error(&r, 400, "invalid-input");
    assert_error(
        &bearer_post(&app, &path, &json!(null)),
        400,
        "invalid-input",
    );
}
