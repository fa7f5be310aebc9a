//! The admin API (SPEC C-8) in exactly its documented forms.

use serde_json::json;

use super::helpers::*;

// C-8: health.
#[test]
fn health_reports_ok_and_version() {
    let app = spawn();
    let r = app.get("/__admin/health");
    assert_eq!(r.status, 200);
    assert_eq!(r.json["status"], "ok");
    assert_eq!(r.json["version"], env!("CARGO_PKG_VERSION"));
}

// C-5/C-8: the clock can be read, set, advanced and frozen in one body, in that order.
#[test]
fn clock_set_advance_and_freeze_apply_in_order() {
    let app = spawn();
    assert_eq!(
        app.get("/__admin/clock").json,
        json!({"now": "2024-01-15T10:30:00.000Z", "frozen": true})
    );
    let r = app.post_json(
        "/__admin/clock",
        &json!({"set": "2024-01-15T23:00:00Z", "advanceSeconds": 3600.5, "freeze": true}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json,
        json!({"now": "2024-01-16T00:00:00.500Z", "frozen": true})
    );
}

// C-5: a running clock moves on its own; freezing stops it.
#[test]
fn unfrozen_clock_runs_and_freeze_stops_it() {
    let app = spawn();
    let r = app.post_json("/__admin/clock", &json!({"freeze": false}));
    assert_eq!(r.json["frozen"], false);
    std::thread::sleep(std::time::Duration::from_millis(30));
    assert_ne!(app.now(), "2024-01-15T10:30:00.000Z");
    let frozen = app
        .post_json("/__admin/clock", &json!({"freeze": true}))
        .json["now"]
        .clone();
    std::thread::sleep(std::time::Duration::from_millis(30));
    assert_eq!(app.get("/__admin/clock").json["now"], frozen);
}

// C-8: set keeps the running state and may move backwards.
#[test]
fn clock_set_may_move_backwards_and_keeps_frozen_state() {
    let app = spawn();
    let r = app.set_clock("2020-02-29T12:00:00.000Z");
    assert_eq!(
        r.json,
        json!({"now": "2020-02-29T12:00:00.000Z", "frozen": true})
    );
}

// C-8: advanceSeconds is never negative; bad bodies are named.
#[test]
fn clock_rejects_negative_advance_and_bad_bodies() {
    let app = spawn();
    let r = app.post_json("/__admin/clock", &json!({"advanceSeconds": -5}));
    assert_eq!(r.status, 400);
    assert!(
        r.json["error"]
            .as_str()
            .unwrap_or("")
            .contains("advanceSeconds"),
        "{}",
        r.text
    );
    let r = app.post_json("/__admin/clock", &json!({"advance": 5}));
    assert_eq!(r.status, 400);
    assert!(r.text.contains("unknown field `advance`"), "{}", r.text);
    let r = app.post_json("/__admin/clock", &json!({"set": "yesterday"}));
    assert_eq!(r.status, 400);
    assert!(r.text.contains("at set"), "{}", r.text);
    let r = app.post_raw("/__admin/clock", "application/json", "{nope");
    assert_eq!(r.status, 400);
    assert_eq!(
        app.now(),
        "2024-01-15T10:30:00.000Z",
        "a failed change changes nothing"
    );
}

// C-8: reset puts the clock, the journal and the fault queue back.
#[test]
fn reset_restores_clock_journal_and_faults() {
    let app = spawn();
    app.advance(86_400.0);
    app.get("/linkedin/nothing-here");
    let r = app.post_json(
        "/__admin/faults",
        &json!({"provider": "outx", "status": 503}),
    );
    assert_eq!(r.status, 201);
    assert_eq!(app.journal("").len(), 1);

    let r = app.post_json("/__admin/reset", &json!({}));
    assert_eq!(r.status, 200);
    assert_eq!(r.json["clock"]["now"], "2024-01-15T10:30:00.000Z");
    assert_eq!(app.now(), "2024-01-15T10:30:00.000Z");
    assert!(app.journal("").is_empty());
    assert_eq!(app.get("/__admin/faults").json["faults"], json!([]));
}

// C-8: GET the scenario in force; PUT replaces it and resets.
#[test]
fn scenario_put_replaces_and_get_returns_it() {
    let app = spawn();
    let got = app.get("/__admin/scenario").json;
    assert_eq!(got["connectsafely"]["keys"][0]["key"], "cs_live_demo");
    assert_eq!(got["clock"]["frozen"], true);

    app.advance(100.0);
    let mut next = got.clone();
    next["seed"] = json!(7);
    next["clock"] = json!({"start": "2030-01-01T00:00:00Z", "frozen": true});
    let r = app.send(app.client.put(app.url("/__admin/scenario")).json(&next));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(app.get("/__admin/scenario").json["seed"], 7);
    assert_eq!(app.now(), "2030-01-01T00:00:00.000Z", "replacing resets");
}

// C-8: an invalid scenario is refused with the precise error; the old one stays.
#[test]
fn invalid_scenario_put_is_refused_and_old_one_kept() {
    let app = spawn();
    let r = app.send(
        app.client
            .put(app.url("/__admin/scenario"))
            .header("content-type", "application/json")
            .body("{\"seed\": 1,\n \"atomus\": {\"tenants\": [{\"id\": \"t\", \"keys\": [\"bad\"]}]}}"),
    );
    assert_eq!(r.status, 400);
    let msg = r.json["error"].as_str().unwrap_or_default();
    assert!(
        msg.contains("atomus.tenants[0].keys[0]") && msg.contains("line 2"),
        "{msg}"
    );
    assert_eq!(app.get("/__admin/scenario").json["seed"], 42);
}

// C-8, C-12: the journal records provider requests newest last, masking
// secrets where they are: auth headers and `token` in the query.
#[test]
fn journal_masks_bearer_keys_api_keys_and_tokens() {
    let app = spawn();
    app.post_bearer(
        "/linkedin/profile",
        "cs_live_demo",
        &json!({"profileId": "x"}),
    );
    app.send(
        app.client
            .get(app.url("/linkedin-agent/get-task-status?api_agent_task_id=1"))
            .header("x-api-key", "outx_demo_key"),
    );
    app.post_json(
        "/v2/acts/atomus~linkedin-profile-scraper/runs?token=apify_api_demo",
        &json!({"urls": []}),
    );

    let all = app.journal("");
    assert_eq!(all.len(), 3);
    let text = serde_json::to_string(&all).expect("json");
    for secret in ["cs_live_demo", "outx_demo_key", "apify_api_demo"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    assert_eq!(all[0]["headers"]["authorization"], "Bearer cs_live_…demo");
    assert_eq!(all[0]["requestBody"], r#"{"profileId":"x"}"#);
    assert_eq!(all[0]["provider"], "connectsafely");
    assert_eq!(all[0]["method"], "POST");
    assert_eq!(all[0]["path"], "/linkedin/profile");
    assert_eq!(all[0]["at"], "2024-01-15T10:30:00.000Z");
    assert!(all[0]["durationMs"].is_number());
    assert!(all[0]["status"].is_number());
    assert_eq!(all[1]["headers"]["x-api-key"], "outx_…_key");
    assert_eq!(all[1]["provider"], "outx");
    assert_eq!(all[1]["query"], "api_agent_task_id=1");
    assert_eq!(all[2]["query"], "token=apify_api_…demo");
    assert_eq!(all[2]["provider"], "apify");
}

// C-12, issue 10 item 11: masking is by position, after decoding. A short key
// is masked whole and its text is not rewritten elsewhere; an encoded
// `tok%65n` and a JSON-escaped key field are masked; text that merely
// contains a key is left as sent.
#[test]
fn journal_masks_secrets_by_position_after_decoding() {
    let mut s = default_at(MONDAY_MORNING);
    s.connectsafely.keys[0].key = mocklink::scenario::ApiKey("link".into());
    let app = spawn_scenario(s);
    let r = app.post_bearer(
        "/linkedin/profile",
        "link",
        &json!({"profileId": "linkedin-fan"}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    app.post_raw(
        "/v2/acts/atomus~linkedin-profile-scraper/runs?tok%65n=apify_api_demo",
        "application/json",
        r#"{"urls":[],"tok\u0065n":"apify_api_demo","note":"apify_api_demo"}"#,
    );
    let all = app.journal("");
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["headers"]["authorization"], "Bearer ****");
    assert_eq!(all[0]["path"], "/linkedin/profile");
    assert_eq!(all[0]["requestBody"], r#"{"profileId":"linkedin-fan"}"#);
    assert_eq!(all[1]["query"], "tok%65n=apify_api_…demo");
    let body: serde_json::Value =
        serde_json::from_str(all[1]["requestBody"].as_str().unwrap_or("")).expect("json text");
    assert_eq!(body["token"], "apify_api_…demo");
    assert_eq!(body["note"], "apify_api_demo", "only key fields are masked");
}

// C-12, issue 10 item 2: bodies are kept as text, not parsed, and the journal
// holds at most `journal.maxBytes` of them, newest kept.
#[test]
fn journal_keeps_bodies_as_text_within_max_bytes() {
    let app = spawn();
    let mut doc: serde_json::Value =
        serde_json::from_str(mocklink::scenario::DEFAULT_SCENARIO).expect("default");
    doc["journal"] = json!({"maxEntries": 1000, "maxBytes": 1048576});
    doc["clock"] = json!({"start": "2024-01-15T10:30:00Z", "frozen": true});
    let r = app.send(app.client.put(app.url("/__admin/scenario")).json(&doc));
    assert_eq!(r.status, 200, "{}", r.text);
    let zeros = format!("[{}0]", "0,".repeat(30 * 1024 - 1));
    for _ in 0..40 {
        app.post_raw("/linkedin/profile", "application/json", zeros.clone());
    }
    let all = app.journal("");
    let held: usize = all
        .iter()
        .map(|e| e["requestBody"].as_str().map_or(0, str::len))
        .sum();
    assert!(held <= 1024 * 1024, "{held} bytes of bodies kept");
    assert!(all.len() >= 10 && all.len() < 40, "{} entries", all.len());
    for e in &all {
        assert_eq!(e["requestBody"], json!(zeros), "kept as the text sent");
    }
    let r = app.send(app.client.put(app.url("/__admin/scenario")).json(&json!({
        "journal": {"maxBytes": 1000}
    })));
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.text.contains("journal.maxBytes"), "{}", r.text);
}

// C-8: provider and limit filter; DELETE clears; admin calls are not journaled.
#[test]
fn journal_filters_by_provider_and_limit_and_clears() {
    let app = spawn();
    for i in 0..3 {
        app.get(&format!("/linkedin-agent/x{i}"));
    }
    app.get("/v1/nothing");
    assert_eq!(app.journal("?provider=outx").len(), 3);
    let last = app.journal("?provider=outx&limit=1");
    assert_eq!(last.len(), 1);
    assert_eq!(last[0]["path"], "/linkedin-agent/x2");
    assert_eq!(app.journal("?provider=atomus").len(), 1);
    assert_eq!(app.get("/__admin/requests?provider=linkedin").status, 400);
    assert_eq!(app.get("/__admin/requests?limit=many").status, 400);
    assert_eq!(app.delete("/__admin/requests").status, 204);
    assert!(app.journal("").is_empty());
}

// C-8: the journal is bounded by the scenario.
#[test]
fn journal_is_bounded_by_scenario_setting() {
    let mut s = default_at(MONDAY_MORNING);
    s.journal.max_entries = 5;
    let app = spawn_scenario(s);
    for i in 0..12 {
        app.get(&format!("/v1/n{i}"));
    }
    let j = app.journal("");
    assert_eq!(j.len(), 5);
    assert_eq!(j[0]["path"], "/v1/n7");
    assert_eq!(j[4]["path"], "/v1/n11");
}

// C-8: faults are queued with defaults, listed, and cleared.
#[test]
fn fault_queue_lists_defaults_and_clears() {
    let app = spawn();
    let r = app.post_json(
        "/__admin/faults",
        &json!({"provider": "atomus", "path": "/v1/linkedin-profile-enrichment/enrich", "status": 502}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["remaining"], 1, "times defaults to 1");
    assert_eq!(r.json["latencyMs"], serde_json::Value::Null);
    let list = app.get("/__admin/faults").json;
    assert_eq!(list["faults"].as_array().map(Vec::len), Some(1));
    assert_eq!(list["faults"][0]["status"], 502);
    assert_eq!(list["faults"][0]["source"], "admin");
    assert_eq!(app.delete("/__admin/faults").status, 204);
    assert_eq!(app.get("/__admin/faults").json["faults"], json!([]));
}

// C-8: a fault naming another provider's path or a bad status is refused.
#[test]
fn fault_with_bad_fields_is_refused() {
    let app = spawn();
    let r = app.post_json(
        "/__admin/faults",
        &json!({"provider": "outx", "path": "/v1/x", "status": 500}),
    );
    assert_eq!(r.status, 400);
    assert!(r.text.contains("not served by outx"), "{}", r.text);
    let r = app.post_json(
        "/__admin/faults",
        &json!({"provider": "outx", "status": 200}),
    );
    assert_eq!(r.status, 400);
    assert!(r.text.contains("at status"), "{}", r.text);
    let r = app.post_json("/__admin/faults", &json!({"status": 500}));
    assert_eq!(r.status, 400);
    assert!(r.text.contains("provider"), "{}", r.text);
    assert_eq!(app.get("/__admin/faults").json["faults"], json!([]));
}

// C-5: the clock stays within four-digit years, so no window computed from it
// can overflow; a refused change changes nothing.
#[test]
fn clock_refuses_times_outside_four_digit_years() {
    let app = spawn();
    let r = app.post_json("/__admin/clock", &json!({"set": "+10000-01-01T00:00:00Z"}));
    assert_eq!(r.status, 400, "{}", r.text);
    let r = app.post_json("/__admin/clock", &json!({"set": "1960-01-01T00:00:00Z"}));
    assert_eq!(r.status, 400);
    assert!(r.text.contains("1970-01-01"), "{}", r.text);
    let r = app.post_json("/__admin/clock", &json!({"advanceSeconds": 3.0e11}));
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(app.now(), "2024-01-15T10:30:00.000Z");
    app.set_clock("9999-12-31T00:00:00Z");
    let r = app.post_json("/__admin/clock", &json!({"advanceSeconds": 172800}));
    assert_eq!(r.status, 400);
    assert_eq!(app.now(), "9999-12-31T00:00:00.000Z");
}

// C-7: a query string that does not parse gets a JSON 400, not plain text.
#[test]
fn malformed_admin_query_gets_json_400() {
    let app = spawn();
    let r = app.get("/__admin/requests?limit=1&limit=2");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/json")
    );
    assert!(
        r.json["error"]
            .as_str()
            .is_some_and(|e| e.contains("query")),
        "{}",
        r.text
    );
}

// C-8/C-9: an injected delay is bounded, so a fault can never hang a client.
#[test]
fn fault_latency_and_times_are_bounded() {
    let app = spawn();
    let r = app.post_json(
        "/__admin/faults",
        &json!({"provider": "outx", "status": 500, "latencyMs": 9_223_372_036_854_775_807u64}),
    );
    assert_eq!(r.status, 400);
    assert!(r.text.contains("at most 60000"), "{}", r.text);
    let r = app.post_json(
        "/__admin/faults",
        &json!({"provider": "outx", "status": 500, "times": 0}),
    );
    assert_eq!(r.status, 400);
    let r = app.post_json(
        "/__admin/faults",
        &json!({"provider": "outx", "status": 500, "latencyMs": 5, "probability": 0.5, "times": 3}),
    );
    assert_eq!(r.status, 201);
    assert_eq!(
        r.json,
        json!({"provider": "outx", "status": 500, "times": 3, "probability": 0.5, "latencyMs": 5, "remaining": 3, "source": "admin"})
    );
}

// C-8: the journal is bounded in bytes too: a large body is kept only in part.
#[test]
fn journal_keeps_only_the_start_of_a_large_body() {
    let app = spawn();
    let big = format!("{{\"profileId\":\"{}\"}}", "a".repeat(200 * 1024));
    app.post_raw("/linkedin/profile", "application/json", big.clone());
    let j = app.journal("");
    let kept = j[0]["requestBody"].as_str().unwrap_or_default();
    assert!(kept.len() < 70 * 1024, "{}", kept.len());
    assert!(kept.starts_with("{\"profileId\":\"aaa"), "{}", &kept[..40]);
    assert!(
        kept.ends_with(&format!("[truncated: {} bytes in all]", big.len())),
        "{}",
        &kept[kept.len() - 60..]
    );
}
