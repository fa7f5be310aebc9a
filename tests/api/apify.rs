//! The Atomus actor on the Apify API v2 (SPEC §2, AP-*), through HTTP.

use std::time::{Duration, Instant};

use mocklink::scenario::{ApiKey, ApifyToken};
use serde_json::{json, Value};

use super::atomus::balance;
use super::helpers::*;

const ACTOR: &str = "atomus~linkedin-profile-scraper";
const TOKEN: &str = "apify_api_demo";

fn urls(handles: &[&str]) -> Value {
    let list: Vec<String> = handles
        .iter()
        .map(|h| format!("https://www.linkedin.com/in/{h}/"))
        .collect();
    json!({ "urls": list })
}

fn start(app: &TestApp, input: &Value) -> Reply {
    app.post_json(&format!("/v2/acts/{ACTOR}/runs?token={TOKEN}"), input)
}

fn started(app: &TestApp, handles: &[&str]) -> Value {
    let r = start(app, &urls(handles));
    assert_eq!(r.status, 201, "{}", r.text);
    r.json["data"].clone()
}

fn run(app: &TestApp, id: &Value) -> Value {
    let r = app.get(&format!(
        "/v2/actor-runs/{}?token={TOKEN}",
        id.as_str().unwrap_or_default()
    ));
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["data"].clone()
}

fn items(app: &TestApp, dataset: &Value, query: &str) -> Reply {
    app.get(&format!(
        "/v2/datasets/{}/items?token={TOKEN}{query}",
        dataset.as_str().unwrap_or_default()
    ))
}

fn assert_apify_error(r: &Reply, status: u16, kind: &str) {
    assert_eq!(r.status, status, "{}", r.text);
    assert_eq!(r.json["error"]["type"], kind, "{}", r.text);
    assert!(r.json["error"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
}

/// The default scenario plus a token billing the 2-credit tenant.
fn with_lowcredit_token() -> TestApp {
    let mut s = default_at(MONDAY_MORNING);
    s.apify.tokens.push(ApifyToken {
        token: ApiKey("apify_api_low".into()),
        tenant: "lowcredit".into(),
    });
    spawn_scenario(s)
}

#[test]
fn starting_a_run_answers_201_with_location_and_an_apify_run_object() {
    // AP-1
    let app = spawn();
    let r = start(&app, &urls(&["anandi-devi"]));
    assert_eq!(r.status, 201, "{}", r.text);
    let d = &r.json["data"];
    let id = d["id"].as_str().unwrap_or_default();
    assert_eq!(id.len(), 17);
    // catalog #1: Location is `…/v2/acts/{actId}/runs/{runId}`.
    let act = d["actId"].as_str().unwrap_or_default();
    let location = r.header("location").unwrap_or_default();
    assert!(
        location.starts_with("http://") && location.ends_with(&format!("/v2/acts/{act}/runs/{id}")),
        "{location}"
    );
    for k in [
        "actId",
        "userId",
        "startedAt",
        "finishedAt",
        "status",
        "statusMessage",
        "defaultDatasetId",
        "defaultKeyValueStoreId",
        "stats",
        "options",
        "usageTotalUsd",
    ] {
        assert!(d.get(k).is_some(), "{k} missing: {d}");
    }
    assert_eq!(d["status"], "READY");
    assert_eq!(d["startedAt"], "2024-01-15T10:30:00.000Z");
    assert!(d["finishedAt"].is_null());
}

#[test]
fn the_token_is_taken_from_the_query_or_a_bearer_header() {
    // AP-1, AP-4
    let app = spawn();
    let path = format!("/v2/acts/{ACTOR}/runs");
    let r = app.post_bearer(&path, TOKEN, &urls(&["a"]));
    assert_eq!(r.status, 201, "{}", r.text);
    assert_apify_error(
        &app.post_json(&path, &urls(&["a"])),
        401,
        "token-not-provided",
    );
    assert_apify_error(
        &app.post_bearer(&path, "apify_api_nope", &urls(&["a"])),
        401,
        "token-not-valid",
    );
    assert_apify_error(
        &app.post_json(&format!("{path}?token=nope"), &urls(&["a"])),
        401,
        "token-not-valid",
    );
}

#[test]
fn an_unknown_actor_is_actor_not_found_and_the_enricher_name_is_an_alias() {
    // AP-1, AP-4
    let app = spawn();
    let r = app.post_json(
        &format!("/v2/acts/someone~else/runs?token={TOKEN}"),
        &urls(&["a"]),
    );
    assert_apify_error(&r, 404, "actor-not-found");
    let r = app.post_json(
        &format!("/v2/acts/atomus~linkedin-profile-enricher/runs?token={TOKEN}"),
        &urls(&["a"]),
    );
    assert_eq!(r.status, 201, "{}", r.text);
}

#[test]
fn input_needs_one_to_five_thousand_urls_as_urls_or_start_urls() {
    // AP-1
    let app = spawn();
    assert_apify_error(&start(&app, &json!({})), 400, "invalid-input");
    assert_apify_error(&start(&app, &json!({ "urls": [] })), 400, "invalid-input");
    assert_apify_error(&start(&app, &json!({ "urls": "x" })), 400, "invalid-input");
    let r = app.post_raw(
        &format!("/v2/acts/{ACTOR}/runs?token={TOKEN}"),
        "application/json",
        "{oops",
    );
    assert_apify_error(&r, 400, "invalid-input");
    let many: Vec<String> = (0..5001)
        .map(|i| format!("https://www.linkedin.com/in/p{i}"))
        .collect();
    assert_apify_error(&start(&app, &json!({ "urls": many })), 400, "invalid-input");
    let ok: Vec<String> = many[..5000].to_vec();
    assert_eq!(start(&app, &json!({ "urls": ok })).status, 201);
    let r = start(
        &app,
        &json!({ "startUrls": [{ "url": "https://www.linkedin.com/in/a" }] }),
    );
    assert_eq!(r.status, 201, "{}", r.text);
}

#[test]
fn a_run_goes_ready_running_succeeded_as_the_clock_moves() {
    // AP-2: start delay 2 s, then 0.5 s per URL.
    let app = spawn();
    let d = started(&app, &["a", "b", "c"]);
    assert_eq!(run(&app, &d["id"])["status"], "READY");
    app.advance(2.0);
    let r = run(&app, &d["id"]);
    assert_eq!(r["status"], "RUNNING");
    assert!(r["finishedAt"].is_null());
    app.advance(1.4);
    assert_eq!(run(&app, &d["id"])["status"], "RUNNING");
    app.advance(0.1);
    let r = run(&app, &d["id"]);
    assert_eq!(r["status"], "SUCCEEDED");
    assert_eq!(r["finishedAt"], "2024-01-15T10:30:03.500Z");
    // The actor's own run path answers the same, `last` included.
    let via_actor = app.get(&format!(
        "/v2/acts/{ACTOR}/runs/{}?token={TOKEN}",
        d["id"].as_str().unwrap_or_default()
    ));
    assert_eq!(via_actor.json["data"]["status"], "SUCCEEDED");
    let last = app.get(&format!("/v2/acts/{ACTOR}/runs/last?token={TOKEN}"));
    assert_eq!(last.json["data"]["id"], d["id"]);
}

#[test]
fn an_unknown_run_or_one_of_another_user_is_record_not_found() {
    // AP-4
    let app = with_lowcredit_token();
    let d = started(&app, &["a"]);
    assert_apify_error(
        &app.get(&format!("/v2/actor-runs/nope?token={TOKEN}")),
        404,
        "record-not-found",
    );
    let other = app.get(&format!(
        "/v2/actor-runs/{}?token=apify_api_low",
        d["id"].as_str().unwrap_or_default()
    ));
    assert_apify_error(&other, 404, "record-not-found");
    assert_apify_error(&app.get("/v2/datasets/nope/items"), 404, "record-not-found");
    assert_apify_error(&app.get("/v2/nothing-here"), 404, "page-not-found");
}

#[test]
fn wait_for_finish_waits_in_real_seconds_for_the_run_to_end_on_a_running_clock() {
    // AP-2
    let app = spawn();
    let r = app.post_json("/__admin/clock", &json!({ "freeze": false }));
    assert_eq!(r.status, 200);
    let started_at = Instant::now();
    let r = app.post_json(
        &format!("/v2/acts/{ACTOR}/runs?token={TOKEN}&waitForFinish=10"),
        &urls(&["a", "b"]),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["data"]["status"], "SUCCEEDED");
    let waited = started_at.elapsed();
    assert!(
        waited >= Duration::from_millis(2900) && waited < Duration::from_secs(8),
        "{waited:?}"
    );
}

#[test]
fn wait_for_finish_on_a_frozen_clock_answers_after_the_wait_with_the_status_it_has() {
    // AP-2
    let app = spawn();
    let d = started(&app, &["a"]);
    let started_at = Instant::now();
    let r = app.get(&format!(
        "/v2/actor-runs/{}?token={TOKEN}&waitForFinish=1",
        d["id"].as_str().unwrap_or_default()
    ));
    assert!(started_at.elapsed() >= Duration::from_millis(950));
    assert_eq!(r.json["data"]["status"], "READY");
    // A finished run answers at once.
    app.advance(10.0);
    let started_at = Instant::now();
    let r = app.get(&format!(
        "/v2/actor-runs/{}?token={TOKEN}&waitForFinish=60",
        d["id"].as_str().unwrap_or_default()
    ));
    assert_eq!(r.json["data"]["status"], "SUCCEEDED");
    assert!(started_at.elapsed() < Duration::from_millis(900));
}

#[test]
fn dataset_items_are_atomus_data_objects_one_per_url_with_pagination_headers() {
    // AP-3
    let app = spawn();
    let d = started(
        &app,
        &["anandi-devi", "notfound-x", "unavailable-y", "someone"],
    );
    app.advance(2.5);
    let partial = items(&app, &d["defaultDatasetId"], "");
    assert_eq!(partial.status, 200, "{}", partial.text);
    assert_eq!(
        partial.header("x-apify-pagination-total").as_deref(),
        Some("1")
    );
    app.advance(10.0);
    let r = items(&app, &d["defaultDatasetId"], "");
    let list = r.json.as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 4);
    assert_eq!(list[0]["url"], "https://www.linkedin.com/in/anandi-devi/");
    assert_eq!(list[0]["status"], "success");
    assert_eq!(list[0]["profile"]["full_name"], "Anandi Devi");
    assert_eq!(list[1]["status"], "not_found");
    assert_eq!(list[2]["status"], "error");
    assert!(list[2]["code"].is_string());
    assert_eq!(r.header("x-apify-pagination-offset").as_deref(), Some("0"));
    assert_eq!(r.header("x-apify-pagination-count").as_deref(), Some("4"));
    assert_eq!(r.header("x-apify-pagination-total").as_deref(), Some("4"));
    assert!(r.header("x-apify-pagination-limit").is_some());

    let r = items(
        &app,
        &d["defaultDatasetId"],
        "&offset=1&limit=2&desc=1&fields=status,url",
    );
    assert_eq!(
        r.json,
        json!([
            { "status": "error", "url": "https://www.linkedin.com/in/unavailable-y/" },
            { "status": "not_found", "url": "https://www.linkedin.com/in/notfound-x/" }
        ])
    );
    assert_eq!(r.header("x-apify-pagination-offset").as_deref(), Some("1"));
    assert_eq!(r.header("x-apify-pagination-limit").as_deref(), Some("2"));
    assert_eq!(r.header("x-apify-pagination-count").as_deref(), Some("2"));
    assert_eq!(r.header("x-apify-pagination-total").as_deref(), Some("4"));
}

#[test]
fn dataset_items_come_as_jsonl_and_csv_too() {
    // AP-3
    let app = spawn();
    let d = started(&app, &["anandi-devi", "notfound-x"]);
    app.advance(60.0);
    let r = items(&app, &d["defaultDatasetId"], "&format=jsonl");
    assert!(r
        .header("content-type")
        .is_some_and(|c| c.contains("jsonl")));
    let lines: Vec<Value> = r
        .text
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["status"], "not_found");
    let r = items(
        &app,
        &d["defaultDatasetId"],
        "&format=csv&fields=url,status",
    );
    assert!(r
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/csv")));
    assert_eq!(
        r.text,
        "\u{feff}url,status\nhttps://www.linkedin.com/in/anandi-devi/,success\nhttps://www.linkedin.com/in/notfound-x/,not_found\n"
    );
    let r = items(&app, &d["defaultDatasetId"], "&format=csv");
    let header = r.text.lines().next().unwrap_or_default().to_string();
    assert!(
        header.contains("profile/full_name") && header.contains("profile/company/name"),
        "{header}"
    );
    assert_apify_error(
        &items(&app, &d["defaultDatasetId"], "&format=xml"),
        400,
        "invalid-input",
    );
}

#[test]
fn run_sync_answers_201_with_the_items_at_once_whatever_the_clock() {
    // AP-3
    let app = spawn();
    let r = app.post_json(
        &format!("/v2/acts/{ACTOR}/run-sync-get-dataset-items?token={TOKEN}"),
        &urls(&["anandi-devi", "notfound-x"]),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json[0]["profile"]["full_name"], "Anandi Devi");
    assert_eq!(r.json[1]["status"], "not_found");
    assert_eq!(r.header("x-apify-pagination-total").as_deref(), Some("2"));
    assert_eq!(balance(&app, "demo"), 999);
    // The run behind it is finished.
    let last = app.get(&format!("/v2/acts/{ACTOR}/runs/last?token={TOKEN}"));
    assert_eq!(last.json["data"]["status"], "SUCCEEDED");
}

#[test]
fn run_sync_past_the_sync_timeout_answers_408_run_timeout_exceeded() {
    // AP-3 (decision): 2 s + 0.5 s × 597 URLs = 300.5 s > 300 s.
    let app = spawn();
    let handles: Vec<String> = (0..597).map(|i| format!("p{i}")).collect();
    let refs: Vec<&str> = handles.iter().map(String::as_str).collect();
    let r = app.post_bearer(
        &format!("/v2/acts/{ACTOR}/run-sync-get-dataset-items"),
        TOKEN,
        &urls(&refs),
    );
    assert_apify_error(&r, 408, "run-timeout-exceeded");
    let r = app.post_bearer(
        &format!("/v2/acts/{ACTOR}/run-sync-get-dataset-items"),
        TOKEN,
        &urls(&refs[..596]),
    );
    assert_eq!(r.status, 201, "{}", r.text);
}

#[test]
fn only_found_profiles_are_billed_to_the_atomus_tenant() {
    // AP-4, AT-3
    let app = spawn();
    let mut input = urls(&["anandi-devi", "notfound-x", "unavailable-y", "someone"]);
    if let Some(list) = input["urls"].as_array_mut() {
        list.push(json!("https://example.com/not-linkedin"));
    }
    let d = start(&app, &input).json["data"].clone();
    app.advance(60.0);
    assert_eq!(balance(&app, "demo"), 998);
    let r = run(&app, &d["id"]);
    assert_eq!(r["chargedEventCounts"]["profile-found"], 2);
    let list = items(&app, &d["defaultDatasetId"], "").json;
    assert_eq!(list[4]["status"], "error");
}

#[test]
fn found_profiles_beyond_the_tenant_balance_become_unbilled_error_items() {
    // AP-4, AT-3, C-6
    let app = with_lowcredit_token();
    let r = app.post_json(
        &format!("/v2/acts/{ACTOR}/run-sync-get-dataset-items?token=apify_api_low"),
        &urls(&["a", "b", "c"]),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let statuses: Vec<Value> = r
        .json
        .as_array()
        .map(|a| a.iter().map(|i| i["status"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(
        statuses,
        vec![json!("success"), json!("success"), json!("error")]
    );
    assert_eq!(r.json[2]["code"], "insufficient_credits");
    assert_eq!(balance(&app, "lowcredit"), 0);
}

#[test]
fn the_no_credits_scenario_bills_nothing_and_finds_nothing() {
    // AP-4, C-3
    let app = spawn_scenario(scenario_file("no-credits.json"));
    let r = app.post_json(
        &format!("/v2/acts/{ACTOR}/run-sync-get-dataset-items?token={TOKEN}"),
        &urls(&["a"]),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json[0]["code"], "insufficient_credits");
    assert_eq!(balance(&app, "demo"), 0);
}

#[test]
fn stored_runs_are_bounded_by_max_runs() {
    // AP-1 (scenario maxRuns)
    let mut s = default_at(MONDAY_MORNING);
    s.apify.max_runs = 2;
    let app = spawn_scenario(s);
    let first = started(&app, &["a"]);
    started(&app, &["b"]);
    started(&app, &["c"]);
    let r = app.get(&format!(
        "/v2/actor-runs/{}?token={TOKEN}",
        first["id"].as_str().unwrap_or_default()
    ));
    assert_apify_error(&r, 404, "record-not-found");
    assert_apify_error(
        &items(&app, &first["defaultDatasetId"], ""),
        404,
        "record-not-found",
    );
}

#[test]
fn injected_faults_answer_in_apify_shape() {
    // AP-4 with C-8
    let app = spawn();
    let path = format!("/v2/acts/{ACTOR}/runs");
    let r = app.post_json(
        "/__admin/faults",
        &json!({ "provider": "apify", "path": path, "status": 500 }),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    assert_apify_error(&start(&app, &urls(&["a"])), 500, "internal-server-error");
    assert_eq!(start(&app, &urls(&["a"])).status, 201);
}
