//! Scenario files (SPEC C-2, C-3): the default, the ready-made variants, and
//! every kind of mistake named with file, JSON path, line and column.

use mocklink::Scenario;

use super::helpers::*;

fn error_of(json: &str) -> mocklink::ScenarioError {
    match Scenario::from_json_str(json, "bad.json") {
        Ok(_) => panic!("expected {json} to be rejected"),
        Err(e) => e,
    }
}

// C-2: the embedded default is SPEC §5.
#[test]
fn default_scenario_has_the_documented_keys_and_accounts() {
    let s = Scenario::default_scenario();
    let cs: Vec<&str> = s
        .connectsafely
        .keys
        .iter()
        .map(|k| k.key.0.as_str())
        .collect();
    assert_eq!(cs, ["cs_live_demo", "cs_live_other"]);
    let demo = &s.connectsafely.keys[0];
    assert_eq!(demo.accounts[0].id.0, "696ce9e780e0483585e4e553");
    assert!(demo.accounts[0].default && demo.accounts[0].premium);
    assert_eq!(demo.accounts[1].id.0, "65a1b2c3d4e5f60718293a4b");
    assert!(!demo.accounts[1].premium);
    assert_eq!(
        s.connectsafely.keys[1].accounts[0].id.0,
        "66b2c3d4e5f60718293a4b5c"
    );
    assert_eq!(s.connectsafely.limits.profiles_per_day, 120);
    assert_eq!(s.connectsafely.limits.connects_per_week, 90);
    let tenants: Vec<(&str, u64, Vec<&str>)> = s
        .atomus
        .tenants
        .iter()
        .map(|t| {
            (
                t.id.as_str(),
                t.credits,
                t.keys.iter().map(|k| k.0.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        tenants[0],
        ("demo", 1000, vec!["atm_live_demo", "atm_live_demo2"])
    );
    assert_eq!(tenants[1], ("lowcredit", 2, vec!["atm_live_lowcredit"]));
    assert_eq!(tenants[2].2, vec!["atm_test_demo"]);
    assert_eq!(s.atomus.rate_limit_per_second, 4);
    assert_eq!(s.apify.tokens[0].token.0, "apify_api_demo");
    assert_eq!(s.apify.tokens[0].tenant, "demo");
    let teams: Vec<(&str, bool)> = s
        .outx
        .teams
        .iter()
        .map(|t| (t.keys[0].0.as_str(), t.plugin_active))
        .collect();
    assert_eq!(
        teams,
        [
            ("outx_demo_key", true),
            ("outx_other_key", true),
            ("outx_noplugin_key", false)
        ]
    );
    assert_eq!(
        s.outx.teams[2].plugin_last_active_hours_ago.map(|h| h.0),
        Some(72.0)
    );
    assert_eq!(s.people.pinned[0].handle.0, "anandi-devi");
    assert!(
        s.clock.start.is_none() && !s.clock.frozen,
        "default clock runs in real time"
    );
    assert!(s.faults.is_empty() && s.latency.connectsafely.is_none());
}

// C-3: every shipped scenario loads.
#[test]
fn every_shipped_scenario_file_loads() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("scenarios/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            Scenario::from_file(&path).unwrap_or_else(|e| panic!("{e}"));
            n += 1;
        }
    }
    assert!(n >= 1);
}

// C-3: a JSON syntax error names line and column.
#[test]
fn syntax_error_names_line_and_column() {
    let e = error_of("{\n  \"seed\": 1,\n  \"clock\": {\"frozen\": true,}\n}");
    assert_eq!((e.line, e.column), (Some(3), Some(28)), "{e}");
    assert_eq!(e.path, "clock");
    assert!(e.to_string().starts_with("scenario bad.json:"), "{e}");
    assert!(e.to_string().contains("line 3, column 28"), "{e}");
}

// C-3: unknown fields are rejected, naming the path and the expected names.
#[test]
fn unknown_field_is_rejected_with_its_path() {
    let e = error_of(r#"{"connectsafely": {"limits": {"profilesPerDya": 3}}}"#);
    assert_eq!(e.path, "connectsafely.limits.profilesPerDya");
    assert!(e.message.contains("unknown field `profilesPerDya`"), "{e}");
    assert!(
        e.message.contains("profilesPerDay"),
        "lists what is expected: {e}"
    );
    assert_eq!(e.line, Some(1));
}

// C-3: a value of the wrong type says what was expected.
#[test]
fn wrong_type_says_what_was_expected() {
    let e = error_of(
        r#"{"connectsafely": {"keys": [{"key": "k", "accounts": [
            {"id": "696ce9e780e0483585e4e553", "premium": "yes"}]}]}}"#,
    );
    assert_eq!(e.path, "connectsafely.keys[0].accounts[0].premium");
    assert!(e.message.contains("expected a boolean"), "{e}");
    assert_eq!(e.line, Some(2));
}

// C-3: values are checked as they are read: an account id must be 24 hex.
#[test]
fn malformed_account_id_is_rejected_where_it_stands() {
    let e = error_of(
        r#"{"connectsafely": {"keys": [{"key": "k", "accounts": [{"id": "acc_12345"}]}]}}"#,
    );
    assert_eq!(e.path, "connectsafely.keys[0].accounts[0].id");
    assert!(e.message.contains("24 hexadecimal characters"), "{e}");
    assert!(e.column.is_some());
}

// C-3: a missing required field is named.
#[test]
fn missing_required_field_is_named() {
    let e = error_of(r#"{"atomus": {"tenants": [{"id": "t", "credits": 5}]}}"#);
    assert_eq!(e.path, "atomus.tenants[0]");
    assert!(e.message.contains("missing field `keys`"), "{e}");
}

// C-3: negative durations, probabilities out of range, bad statuses.
#[test]
fn out_of_range_numbers_are_rejected() {
    let e = error_of(r#"{"connectsafely": {"limits": {"holdHours": -1}}}"#);
    assert_eq!(e.path, "connectsafely.limits.holdHours");
    assert!(e.message.contains("from 0 to 8,760"), "{e}");
    let e = error_of(r#"{"faults": [{"provider": "atomus", "status": 502, "probability": 1.5}]}"#);
    assert_eq!(e.path, "faults[0].probability");
    let e = error_of(r#"{"faults": [{"provider": "atomus", "status": 200}]}"#);
    assert_eq!(e.path, "faults[0].status");
    let e = error_of(r#"{"faults": [{"provider": "linkedin", "status": 500}]}"#);
    assert_eq!(e.path, "faults[0].provider");
    assert!(e.message.contains("atomus"), "lists the providers: {e}");
}

// C-3: references between sections are checked and located.
#[test]
fn apify_token_for_an_unknown_tenant_is_located() {
    let e = error_of(
        "{\n\"atomus\": {\"tenants\": [{\"id\": \"demo\", \"keys\": [\"atm_live_x\"]}]},\n\"apify\": {\"tokens\": [{\"token\": \"t\", \"tenant\": \"nobody\"}]}\n}",
    );
    assert_eq!(e.path, "apify.tokens[0].tenant");
    assert!(e.message.contains("atomus.tenants"), "{e}");
    assert_eq!(e.line, Some(3), "{e}");
}

// C-3: duplicate keys would make lookups ambiguous.
#[test]
fn duplicate_keys_are_rejected() {
    let e = error_of(
        r#"{"outx": {"teams": [{"id": "a", "keys": ["k1"]}, {"id": "b", "keys": ["k1"]}]}}"#,
    );
    assert_eq!(e.path, "outx.teams[1].keys[0]");
    assert!(e.message.contains("duplicate key"), "{e}");
}

// C-3: Atomus keys must say their mode.
#[test]
fn atomus_key_without_mode_prefix_is_rejected() {
    let e = error_of(r#"{"atomus": {"tenants": [{"id": "t", "keys": ["sk_123"]}]}}"#);
    assert_eq!(e.path, "atomus.tenants[0].keys[0]");
    assert!(e.message.contains("atm_live_"), "{e}");
}

// C-3: an empty file and trailing garbage are errors too.
#[test]
fn empty_file_and_trailing_garbage_are_rejected() {
    let e = error_of("");
    assert!(e.message.contains("empty document"), "{e}");
    let e = error_of("{} {}");
    assert!(e.message.contains("trailing"), "{e}");
}

// C-3: a broken file stops start-up with the message on stderr.
#[test]
fn broken_scenario_file_stops_start_up_with_its_name() {
    let dir = std::env::temp_dir().join(format!("mocklink-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let file = dir.join("broken.json");
    std::fs::write(&file, "{\n  \"seed\": \"forty-two\"\n}\n").expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mocklink"))
        .args(["--port", "0", "--scenario"])
        .arg(&file)
        .output()
        .expect("run mocklink");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.json"), "{stderr}");
    assert!(stderr.contains("at seed (line 2, column"), "{stderr}");
    assert!(stderr.contains("expected u64"), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing is served");
    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_mocklink"))
        .args(["--port", "0", "--scenario", "/no/such/file.json"])
        .output()
        .expect("run mocklink");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read the file"));
}

// C-3: a scenario sets the clock.
#[test]
fn scenario_clock_start_and_freeze_are_applied() {
    let app = spawn_scenario(default_at("2024-03-01T08:00:00Z"));
    let c = app.get("/__admin/clock").json;
    assert_eq!(c["now"], "2024-03-01T08:00:00.000Z");
    assert_eq!(c["frozen"], true);
}

// C-3: `instant.json` is the default scenario with nothing to wait for.
#[test]
fn instant_scenario_is_the_default_with_zero_waits() {
    let mut instant = scenario_file("instant.json");
    assert_eq!(instant.apify.start_delay_seconds.0, 0.0);
    assert_eq!(instant.apify.per_url_seconds.0, 0.0);
    assert_eq!(instant.outx.tasks.pending_seconds.0, 0.0);
    assert_eq!(instant.outx.tasks.processing_seconds.0, 0.0);
    let default = Scenario::default_scenario();
    instant.apify.start_delay_seconds = default.apify.start_delay_seconds;
    instant.apify.per_url_seconds = default.apify.per_url_seconds;
    instant.outx.tasks.pending_seconds = default.outx.tasks.pending_seconds;
    instant.outx.tasks.processing_seconds = default.outx.tasks.processing_seconds;
    assert_eq!(instant, default, "everything else matches the default");
}
