//! Scenario hardening (SPEC C-3, C-12; issue 10 items 1, 3, 7, 8, 12, 17, 20):
//! overlays on bundled scenarios, a bound on every number, documents that
//! must be objects, and messages that say what is expected.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use mocklink::Scenario;
use serde_json::{json, Value};

use super::helpers::*;

fn error_of(json: &str) -> mocklink::ScenarioError {
    match Scenario::from_json_str(json, "bad.json") {
        Ok(_) => panic!("expected {json} to be rejected"),
        Err(e) => e,
    }
}

fn put_scenario(app: &TestApp, body: &str) -> Reply {
    app.send(
        app.client
            .put(app.url("/__admin/scenario"))
            .header("content-type", "application/json")
            .body(body.to_string()),
    )
}

fn scratch_file(name: &str, contents: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mocklink-hard-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let file = dir.join(name);
    std::fs::write(&file, contents).expect("write");
    file
}

/// Runs the binary to its end (for start-up failures): exit code and stderr.
fn run_binary(args: &[&std::ffi::OsStr], envs: &[(&str, &str)]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mocklink"))
        .args(args)
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run mocklink");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Starts the binary, reads its first stdout line, asks the server for its
/// scenario, and stops it.
fn scenario_served_by_binary(args: &[&str], envs: &[(&str, &str)]) -> Value {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mocklink"))
        .args(args)
        .envs(envs.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mocklink");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let url = line
        .trim()
        .strip_prefix("mocklink listening on ")
        .map(str::to_string);
    let scenario = url.map(|u| {
        reqwest::blocking::get(format!("{u}/__admin/scenario"))
            .expect("scenario")
            .json::<Value>()
            .expect("json")
    });
    let _ = child.kill();
    let waited = child.wait_with_output().expect("exit");
    scenario.unwrap_or_else(|| {
        panic!(
            "did not start: {line:?} {}",
            String::from_utf8_lossy(&waited.stderr)
        )
    })
}

// ------------------------------------------------------------------ item 1

// C-12, item 1: 1e12 hours were accepted and made every profile fetch panic;
// now the load refuses them, naming the path, the value and the range.
#[test]
fn cache_and_hold_hours_beyond_their_bound_are_refused_at_load() {
    for field in ["cacheHours", "holdHours"] {
        let doc = format!("{{\n  \"connectsafely\": {{\"limits\": {{\"{field}\": 1e12}}}}\n}}");
        let column = doc
            .lines()
            .nth(1)
            .and_then(|l| l.find("1e12"))
            .map(|c| c + 1);
        let e = error_of(&doc);
        assert_eq!(e.path, format!("connectsafely.limits.{field}"));
        assert_eq!(
            e.message,
            "expected a number of hours from 0 to 8,760, found 1000000000000"
        );
        assert_eq!((e.line, e.column), (Some(2), column), "{e}");
    }
    // Both ends of the range are allowed.
    for ok in ["0", "8760"] {
        let doc = format!(r#"{{"connectsafely": {{"limits": {{"cacheHours": {ok}}}}}}}"#);
        assert!(Scenario::from_json_str(&doc, "ok.json").is_ok(), "{doc}");
    }
    assert!(Scenario::from_json_str(
        r#"{"connectsafely": {"limits": {"cacheHours": 8760.001}}}"#,
        "x"
    )
    .is_err());
}

// C-12: a scenario with every number at its maximum (and the clock at its
// end) answers every provider route without a panic or a 500.
#[test]
fn scenario_at_every_maximum_never_breaks_a_provider_route() {
    let doc = json!({
        "seed": u64::MAX,
        "clock": {"start": "9999-12-31T23:00:00Z", "frozen": true},
        "journal": {"maxEntries": 1_000_000},
        "people": {"pinned": [{"handle": "anandi-devi", "connectionCount": 30000, "followerCount": 1_000_000_000u64}]},
        "connectsafely": {
            "limits": {"profilesPerDay": 1_000_000_000u64, "connectsPerWeek": 0, "holdHours": 8760, "cacheHours": 8760},
            "keys": [{"key": "cs_live_demo", "accounts": [
                {"id": "696ce9e780e0483585e4e553", "default": true, "premium": true, "visitors": 10000, "anonymousVisitors": 10000}
            ]}]
        },
        "atomus": {"rateLimitPerSecond": 1_000_000_000u64, "idempotencyHours": 8760, "timeoutDelayMs": 0,
            "tenants": [
                {"id": "demo", "credits": 1_000_000_000_000_000u64, "keys": ["atm_live_demo"]},
                {"id": "lowcredit", "credits": 0, "keys": ["atm_live_lowcredit"]},
                {"id": "test", "credits": 0, "keys": ["atm_test_demo"]}
            ]},
        "apify": {"startDelaySeconds": 86400, "perUrlSeconds": 86400, "syncTimeoutSeconds": 1, "maxRuns": 100000},
        "outx": {"teams": [
                {"id": "demo", "keys": ["outx_demo_key"], "pluginActive": true},
                {"id": "noplugin", "keys": ["outx_noplugin_key"], "pluginActive": false, "pluginLastActiveHoursAgo": 87600}
            ],
            "tasks": {"pendingSeconds": 86400, "processingSeconds": 86400, "spreadSeconds": 86400, "retentionHours": 8760, "maxTasks": 1_000_000}}
    });
    let scenario =
        Scenario::from_json_str(&doc.to_string(), "max.json").unwrap_or_else(|e| panic!("{e}"));
    let app = spawn_scenario(scenario);
    let (full, _) = mocklink::openapi_texts();
    let api: Value = serde_json::from_str(&full).expect("OpenAPI");
    let body = json!({
        "profileId": "satya-nadella", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o",
        "maxVisitors": 10000, "fetchAll": true, "timeRange": "ALL_TIME", "count": 100, "start": 0,
        "skillId": "1", "url": "https://www.linkedin.com/in/satya-nadella",
        "urls": ["https://www.linkedin.com/in/satya-nadella", "https://www.linkedin.com/in/notfound-x"],
        "startUrls": [{"url": "https://www.linkedin.com/in/satya-nadella"}],
        "profile_slug": "satya-nadella", "includeContact": true, "includeExperience": true,
        "includeEducation": true, "includeSkills": true, "includeGeoLocation": true
    });
    let mut answered = 0;
    for round in 0..2 {
        for (template, item) in api["paths"].as_object().expect("paths") {
            if template.starts_with("/__admin") {
                continue;
            }
            let path = template
                .split('/')
                .map(|s| if s.starts_with('{') { "x" } else { s })
                .collect::<Vec<_>>()
                .join("/");
            let (auth_header, key, query) = if path.starts_with("/linkedin-agent") {
                ("x-api-key", "outx_demo_key", "")
            } else if path.starts_with("/linkedin") {
                ("authorization", "Bearer cs_live_demo", "")
            } else if path.starts_with("/v1") {
                ("authorization", "Bearer atm_live_demo", "")
            } else {
                ("authorization", "Bearer apify_api_demo", "?waitForFinish=0")
            };
            for method in item.as_object().expect("item").keys() {
                let url = app.url(&format!("{path}{query}"));
                let rb = match method.as_str() {
                    "get" => app.client.get(&url),
                    "post" => app.client.post(&url).json(&body),
                    "put" => app.client.put(&url).json(&body),
                    "delete" => app.client.delete(&url),
                    _ => continue,
                };
                let r = match rb.header(auth_header, key).send() {
                    Ok(r) => read(r),
                    Err(e) => panic!("round {round}: {method} {path}: no answer: {e}"),
                };
                assert!(
                    r.status != 500,
                    "round {round}: {method} {path} -> {}: {}",
                    r.status,
                    r.text
                );
                answered += 1;
            }
        }
    }
    assert!(answered >= 20, "only {answered} requests were sent");
    assert_eq!(app.get("/__admin/health").status, 200);
}

// C-12: every numeric field of the scenario schema has a bound in the
// table the loader checks, and the README's scenario reference lists it.
#[test]
fn every_scenario_number_has_a_documented_bound() {
    let (full, _) = mocklink::openapi_texts();
    let api: Value = serde_json::from_str(&full).expect("OpenAPI");
    let schemas = &api["components"]["schemas"];
    let mut numeric = Vec::new();
    collect_numbers(
        schemas,
        &schemas["Scenario"],
        String::new(),
        &mut numeric,
        0,
    );
    assert!(numeric.len() >= 25, "found only {numeric:?}");
    let bounds = mocklink::scenario::bounds::BOUNDS;
    for path in &numeric {
        assert!(
            bounds.iter().any(|b| pattern_matches(b.path, path)),
            "scenario field {path} is a number without a bound: add a line to \
             scenario::bounds::BOUNDS and to the README's scenario reference"
        );
    }
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    for b in bounds {
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", b.path)))
            .unwrap_or_else(|| panic!("README's scenario reference has no row for `{}`", b.path));
        assert!(
            row.contains(&b.range_text()),
            "README row for `{}` does not say {}: {row}",
            b.path,
            b.range_text()
        );
    }
}

/// Dotted paths of every integer/number property under `schema`.
fn collect_numbers(all: &Value, schema: &Value, at: String, out: &mut Vec<String>, depth: usize) {
    assert!(depth < 20, "schema too deep at {at}");
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap_or_default();
        return collect_numbers(all, &all[name], at, out, depth + 1);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(list) = schema[key].as_array() {
            for s in list {
                collect_numbers(all, s, at.clone(), out, depth + 1);
            }
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if types.iter().any(|t| *t == "integer" || *t == "number") && !out.contains(&at) {
        out.push(at.clone());
    }
    if types.contains(&"array") {
        collect_numbers(all, &schema["items"], format!("{at}[]"), out, depth + 1);
    }
    if let Some(props) = schema["properties"].as_object() {
        for (k, v) in props {
            let next = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            collect_numbers(all, v, next, out, depth + 1);
        }
    }
}

/// `latency.*.fixedMs` matches `latency.outx.fixedMs`.
fn pattern_matches(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.split('.').collect();
    let q: Vec<&str> = path.split('.').collect();
    p.len() == q.len()
        && p.iter().zip(&q).all(|(a, b)| {
            *a == *b || (a.starts_with('*') && a[1..] == b[b.find('[').unwrap_or(b.len())..])
        })
}

// ------------------------------------------------------------------ item 3

// C-12, item 3: 4,294,967,295 visitors were accepted (and load was
// quadratic in them); now each account has at most 10,000 and all accounts
// at most 100,000 together.
#[test]
fn visitor_counts_beyond_their_bound_are_refused() {
    let account = |id: &str, n: u64| json!({"id": id, "visitors": n, "anonymousVisitors": 0});
    let doc = json!({"connectsafely": {"keys": [{"key": "k", "accounts": [account("696ce9e780e0483585e4e553", 4_294_967_295)]}]}});
    let e = error_of(&doc.to_string());
    assert_eq!(e.path, "connectsafely.keys[0].accounts[0].visitors");
    assert_eq!(
        e.message,
        "expected a whole number from 0 to 10,000, found 4294967295"
    );
    let doc = json!({"connectsafely": {"keys": [{"key": "k", "accounts": [account("696ce9e780e0483585e4e553", 10_000)]}]}});
    assert!(Scenario::from_json_str(&doc.to_string(), "ok").is_ok());
    // Eleven accounts of 10,000 pass one by one but not together.
    let accounts: Vec<Value> = (0..11)
        .map(|i| account(&format!("{i:024x}"), 10_000))
        .collect();
    let doc = json!({"connectsafely": {"keys": [{"key": "k", "accounts": accounts}]}});
    let e = error_of(&doc.to_string());
    assert_eq!(e.path, "connectsafely.keys");
    assert!(e.message.contains("110000 visitors in all"), "{e}");
}

// C-12, item 3: the visits of an account with 10,000 visitors, all of them
// anonymous, are exact (this count took quadratic time before).
#[test]
fn ten_thousand_anonymous_visitors_are_listed_exactly() {
    let doc = json!({
        "clock": {"start": "2024-01-15T10:30:00Z", "frozen": true},
        "connectsafely": {"keys": [{"key": "k_visits", "accounts": [
            {"id": "696ce9e780e0483585e4e553", "premium": true, "visitors": 10000, "anonymousVisitors": 10000}
        ]}]}
    });
    let app = spawn_scenario(Scenario::from_json_str(&doc.to_string(), "v").expect("loads"));
    let r = app.post_bearer(
        "/linkedin/profile/visitors",
        "k_visits",
        &json!({"maxVisitors": 10000, "fetchAll": true, "timeRange": "past_90_days"}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let visitors = r.json["visitors"].as_array().expect("visitors");
    assert_eq!(visitors.len(), 10000);
    let named = visitors
        .iter()
        .filter(|v| v.get("publicIdentifier").is_some())
        .count();
    assert_eq!(named, 0, "every visitor is anonymous");
}

// ------------------------------------------------------------------ item 7

// C-12, item 7: `[]` used to replace the scenario with an empty one and `[7]`
// set the seed; every admin body must be an object, and a refused one
// changes nothing.
#[test]
fn admin_bodies_that_are_not_objects_are_refused_and_change_nothing() {
    let app = spawn();
    let before = app.get("/__admin/scenario").json;
    for body in ["[]", "[7]", "7", "\"default\"", "null"] {
        let r = put_scenario(&app, body);
        assert_eq!(r.status, 400, "{body}: {}", r.text);
        let msg = r.json["error"].as_str().unwrap_or_default();
        assert!(msg.contains("expected a JSON object"), "{body}: {msg}");
        assert!(msg.contains("(top level)"), "{body}: {msg}");
    }
    assert_eq!(app.get("/__admin/scenario").json, before, "scenario kept");
    let clock = app.get("/__admin/clock").json;
    let r = app.post_json("/__admin/clock", &json!(["2024-01-22T00:00:00Z", 60, true]));
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(r.json["error"], "expected a JSON object, found an array");
    assert_eq!(app.get("/__admin/clock").json, clock, "clock kept");
    let r = app.post_json("/__admin/faults", &json!(["atomus", null, 502, 3]));
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(r.json["error"], "expected a JSON object, found an array");
    assert_eq!(app.get("/__admin/faults").json["faults"], json!([]));
}

// C-12, item 7: a scenario file that is not an object stops start-up with 2.
#[test]
fn scenario_file_that_is_not_an_object_exits_2() {
    let file = scratch_file("array.json", b"[1, 2]\n");
    let (code, stderr) = run_binary(
        &[
            "--port".as_ref(),
            "0".as_ref(),
            "--scenario".as_ref(),
            file.as_os_str(),
        ],
        &[],
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("at (top level) (line 1, column 1): expected a JSON object (the scenario), found an array"),
        "{stderr}"
    );
}

// ------------------------------------------------------------------ item 8

// C-12, item 8: a partial document used to drop every demo key; it now
// overlays the default scenario.
#[test]
fn partial_scenario_overlays_the_default_and_keeps_its_keys() {
    let app = spawn();
    let r = put_scenario(
        &app,
        r#"{"connectsafely": {"limits": {"profilesPerDay": 3}}}"#,
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let s = app.get("/__admin/scenario").json;
    assert_eq!(s["connectsafely"]["limits"]["profilesPerDay"], 3);
    assert_eq!(
        s["connectsafely"]["limits"]["connectsPerWeek"], 90,
        "merged key by key"
    );
    assert_eq!(s["connectsafely"]["keys"][0]["key"], "cs_live_demo");
    assert_eq!(s["atomus"]["tenants"].as_array().map(Vec::len), Some(3));
    assert_eq!(s["outx"]["teams"].as_array().map(Vec::len), Some(3));
    let r = app.post_bearer(
        "/linkedin/profile",
        "cs_live_demo",
        &json!({"profileId": "satya-nadella"}),
    );
    assert_eq!(r.status, 200, "the demo key still works: {}", r.text);
    assert_eq!(r.header("x-ratelimit-limit").as_deref(), Some("3"));
}

// C-12: arrays replace, `null` starts from nothing, a name picks the base.
#[test]
fn extends_picks_the_base_and_arrays_replace() {
    let s = Scenario::from_json_str(
        r#"{"outx": {"teams": [{"id": "solo", "keys": ["outx_solo"]}]}}"#,
        "x",
    )
    .expect("loads");
    assert_eq!(s.outx.teams.len(), 1, "the array replaced the default's");
    assert_eq!(s.connectsafely.keys.len(), 2, "the rest is the default's");
    let s = Scenario::from_json_str(r#"{"extends": null, "seed": 7}"#, "x").expect("loads");
    assert!(s.connectsafely.keys.is_empty() && s.atomus.tenants.is_empty());
    assert_eq!(s.seed, 7);
    let s =
        Scenario::from_json_str(r#"{"extends": "tight-limits", "seed": 7}"#, "x").expect("loads");
    assert_eq!(s.connectsafely.limits.profiles_per_day, 3);
    assert_eq!(s.connectsafely.keys.len(), 2);
    let e = error_of(r#"{"extends": "tight"}"#);
    assert_eq!(e.path, "extends");
    assert!(
        e.message.contains("tight-limits") && e.message.contains("found \"tight\""),
        "{e}"
    );
    let e = error_of(r#"{"extends": 5}"#);
    assert!(
        e.message.contains("or null for none, found a number"),
        "{e}"
    );
}

// C-12: errors in an overlay point into the overlay; a value that only the
// base wrote is named as the base's.
#[test]
fn errors_point_into_the_overlay_or_name_the_base() {
    let e = error_of("{\n  \"outx\": {\n    \"tasks\": {\"maxTasks\": 0}\n  }\n}");
    assert_eq!(e.path, "outx.tasks.maxTasks");
    assert_eq!((e.line, e.column), (Some(3), Some(27)), "{e}");
    let e = error_of(
        "{\"atomus\": {\"tenants\": [{\"id\": \"solo\", \"keys\": [\"atm_live_solo\"]}]}}",
    );
    assert_eq!(e.path, "apify.tokens[0].tenant");
    assert_eq!((e.line, e.column), (None, None));
    assert!(
        e.message
            .contains("comes from the base scenario \"default\""),
        "{e}"
    );
}

// C-12: the bundled scenarios are compiled in and chosen by name.
#[test]
fn bundled_scenario_is_chosen_by_name_on_the_command_line() {
    let s = scenario_served_by_binary(&["--port", "0", "--scenario", "tight-limits"], &[]);
    assert_eq!(s["connectsafely"]["limits"]["profilesPerDay"], 3);
    assert_eq!(s["connectsafely"]["keys"][0]["key"], "cs_live_demo");
    let (code, stderr) = run_binary(
        &[
            "--port".as_ref(),
            "0".as_ref(),
            "--scenario".as_ref(),
            "tight".as_ref(),
        ],
        &[],
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("nor is it a bundled scenario (default,"),
        "{stderr}"
    );
}

// C-12: every file of scenarios/ is bundled, and each bundled variant is a
// short overlay that loads.
#[test]
fn every_scenario_file_is_bundled_and_loads_by_name() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).expect("scenarios/") {
        let path = entry.expect("entry").path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        names.push(name.to_string());
        let by_name = Scenario::bundled(name)
            .unwrap_or_else(|| panic!("{name} is not bundled"))
            .unwrap_or_else(|e| panic!("{e}"));
        let by_file = Scenario::from_file(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(by_name, by_file, "{name}: the bundled copy is the file");
    }
    for name in Scenario::bundled_names().split(", ") {
        assert!(names.iter().any(|n| n == name), "{name} has no file");
    }
}

// C-12: GET answers the effective scenario, which PUT takes back unchanged.
#[test]
fn get_scenario_answers_the_merged_scenario_which_round_trips() {
    let app = spawn();
    let r = put_scenario(&app, r#"{"extends": "no-credits", "seed": 9}"#);
    assert_eq!(r.status, 200, "{}", r.text);
    let effective = app.get("/__admin/scenario").json;
    assert_eq!(effective["extends"], Value::Null);
    assert_eq!(effective["seed"], 9);
    assert_eq!(effective["atomus"]["tenants"][0]["credits"], 0);
    let r = put_scenario(&app, &effective.to_string());
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(app.get("/__admin/scenario").json, effective);
}

// ------------------------------------------------------------------ item 12

// C-12, item 12: one account under two keys with different premium (the
// first listing won silently), and one account twice under a key.
#[test]
fn one_account_must_be_described_alike_and_once_per_key() {
    let e = error_of(
        r#"{"connectsafely": {"keys": [
            {"key": "a", "accounts": [{"id": "696ce9e780e0483585e4e553", "premium": true}]},
            {"key": "b", "accounts": [{"id": "696ce9e780e0483585e4e553", "premium": false}]}]}}"#,
    );
    assert_eq!(e.path, "connectsafely.keys[1].accounts[0].premium");
    assert!(
        e.message
            .contains("also listed at connectsafely.keys[0].accounts[0] with premium: true"),
        "{e}"
    );
    assert_eq!(e.line, Some(3));
    // Alike under two keys is fine (a shared account).
    assert!(Scenario::from_json_str(
        r#"{"connectsafely": {"keys": [
            {"key": "a", "accounts": [{"id": "696ce9e780e0483585e4e553", "premium": true}]},
            {"key": "b", "accounts": [{"id": "696ce9e780e0483585e4e553", "premium": true}]}]}}"#,
        "ok"
    )
    .is_ok());
    let e = error_of(
        r#"{"connectsafely": {"keys": [{"key": "a", "accounts": [
            {"id": "696ce9e780e0483585e4e553"}, {"id": "696ce9e780e0483585e4e553"}]}]}}"#,
    );
    assert_eq!(e.path, "connectsafely.keys[0].accounts[1].id");
    assert!(e.message.contains("listed twice under this key"), "{e}");
}

// C-12, item 12: two pinned people cannot share a URN.
#[test]
fn two_pinned_people_with_one_urn_are_refused() {
    let urn = "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o";
    let e = error_of(&format!(
        r#"{{"people": {{"pinned": [{{"handle": "a", "entityUrn": "{urn}"}}, {{"handle": "b", "entityUrn": "{urn}"}}]}}}}"#
    ));
    assert_eq!(e.path, "people.pinned[1].entityUrn");
    assert!(
        e.message.contains("already the URN of people.pinned[0]"),
        "{e}"
    );
}

// C-12, item 12: keys that can never arrive in a header are refused.
#[test]
fn keys_with_control_or_non_ascii_characters_are_refused() {
    for (key, what) in [
        ("cs_\u{0}x", "a control character"),
        ("cs_clé", "a non-ASCII character"),
        ("cs x", "white space"),
    ] {
        let doc = json!({"connectsafely": {"keys": [{"key": key, "accounts": [{"id": "696ce9e780e0483585e4e553"}]}]}});
        let e = error_of(&doc.to_string());
        assert_eq!(e.path, "connectsafely.keys[0].key");
        assert!(e.message.contains(what), "{key:?}: {e}");
        let doc = json!({"extends": null, "outx": {"teams": [{"id": "t", "keys": [key]}]}});
        assert_eq!(error_of(&doc.to_string()).path, "outx.teams[0].keys[0]");
        let doc = json!({"extends": null, "atomus": {"tenants": [{"id": "t", "keys": [format!("atm_live_{key}")]}]}});
        assert_eq!(error_of(&doc.to_string()).path, "atomus.tenants[0].keys[0]");
    }
}

// C-12, item 12: maxRuns/maxTasks of 0 behaved as 1; now refused.
#[test]
fn max_runs_and_max_tasks_of_zero_are_refused() {
    let e = error_of(r#"{"apify": {"maxRuns": 0}}"#);
    assert_eq!(e.path, "apify.maxRuns");
    assert_eq!(
        e.message,
        "expected a whole number from 1 to 100,000, found 0"
    );
    let e = error_of(r#"{"outx": {"tasks": {"maxTasks": 0}}}"#);
    assert_eq!(
        e.message,
        "expected a whole number from 1 to 1,000,000, found 0"
    );
}

// C-12, item 12: a file over 1 MiB is refused like a PUT body over 1 MiB.
#[test]
fn scenario_file_over_one_mib_is_refused() {
    let mut big = b"{\"seed\": 1".to_vec();
    big.resize(1024 * 1024, b' ');
    big.push(b'}');
    let file = scratch_file("big.json", &big);
    let e = Scenario::from_file(&file).expect_err("refused");
    assert!(
        e.message.contains("larger than 1048576 bytes (1 MiB)"),
        "{e}"
    );
    big.truncate(1024 * 1024 - 1);
    big.push(b'}');
    let file = scratch_file("fits.json", &big);
    assert!(Scenario::from_file(&file).is_ok(), "exactly 1 MiB loads");
}

// ------------------------------------------------------------------ item 17

// C-12, item 17: an empty variable counts as unset.
#[test]
fn empty_environment_variables_count_as_unset() {
    let s = scenario_served_by_binary(
        &["--port", "0"],
        &[
            ("MOCKLINK_SCENARIO", ""),
            ("MOCKLINK_HOST", ""),
            ("MOCKLINK_WORKERS", ""),
        ],
    );
    assert_eq!(
        s["connectsafely"]["keys"][0]["key"], "cs_live_demo",
        "the default"
    );
}

// ------------------------------------------------------------------ item 20

// C-12, item 20: a date without a time said "premature end of input".
#[test]
fn clock_set_to_a_bare_date_says_an_rfc3339_time_is_expected() {
    let app = spawn();
    let r = app.post_json("/__admin/clock", &json!({"set": "2024-01-22"}));
    assert_eq!(r.status, 400);
    let msg = r.json["error"].as_str().unwrap_or_default();
    assert!(msg.contains("expected an RFC 3339 date-time"), "{msg}");
    assert!(
        msg.contains("\"2024-01-15T10:30:00Z\""),
        "gives an example: {msg}"
    );
    let e = error_of(r#"{"clock": {"start": "yesterday"}}"#);
    assert_eq!(e.path, "clock.start");
    assert!(e.message.contains("expected an RFC 3339 date-time"), "{e}");
    assert!(e.message.contains("found \"yesterday\""), "{e}");
}

// C-12, item 20: errors about the document itself say "(top level)", never `?`.
#[test]
fn top_level_errors_say_top_level() {
    for doc in ["{\"seed\": 1,", "{} {}", "{\"seed\": 1, \"seed\": 2}", "[]"] {
        let e = error_of(doc);
        let text = e.to_string();
        assert!(
            !text.contains(" at ?") && !text.contains("?."),
            "{doc}: {text}"
        );
        if e.path.is_empty() {
            assert!(text.contains("at (top level)"), "{doc}: {text}");
        }
    }
    let e = error_of("{\"seed\": 1, \"seed\": 2}");
    assert!(e.message.contains("duplicate key \"seed\""), "{e}");
    // Admin bodies too: an unfinished object names no `?` path.
    let app = spawn();
    for body in [
        "{",
        "{\"set\": \"2024-01-15T10:30:00Z\",",
        "{\"freeze\": true, ",
    ] {
        let r = app.post_raw("/__admin/clock", "application/json", body.to_string());
        assert_eq!(r.status, 400, "{body}");
        let msg = r.json["error"].as_str().unwrap_or_default();
        assert!(!msg.contains('?'), "{body}: {msg}");
        assert!(msg.starts_with("invalid JSON body: "), "{body}: {msg}");
    }
}

// C-12, item 20: a UTF-8 byte-order mark at the start of a file is accepted.
#[test]
fn byte_order_mark_at_file_start_is_accepted() {
    let file = scratch_file("bom.json", "\u{feff}{\"seed\": 5}".as_bytes());
    let s = Scenario::from_file(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.seed, 5);
}

// C-12, item 20: huge numbers are not echoed as hundreds of digits, and the
// clock's limit names its range, not its maximum as "outside".
#[test]
fn clock_messages_name_the_allowed_range_briefly() {
    let app = spawn();
    let r = app.post_json("/__admin/clock", &json!({"advanceSeconds": 1e308}));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["error"],
        "advanceSeconds must be a number of seconds from 0 to 320,000,000,000 (10,000 years), found 1e308"
    );
    app.set_clock("9999-12-31T00:00:00Z");
    let r = app.post_json("/__admin/clock", &json!({"advanceSeconds": 86400 * 2}));
    assert_eq!(r.status, 400);
    let msg = r.json["error"].as_str().unwrap_or_default();
    assert!(
        msg.contains("would pass 9999-12-31T23:59:59Z, the latest time the clock shows; at most 86399 seconds are left"),
        "{msg}"
    );
    assert!(!msg.contains("is outside"), "{msg}");
    let r = app.post_json("/__admin/clock", &json!({"set": "1969-12-31T23:59:59Z"}));
    let msg = r.json["error"].as_str().unwrap_or_default();
    assert!(
        msg.contains("expected a time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, found 1969-12-31T23:59:59.000Z"),
        "{msg}"
    );
    let e = error_of(r#"{"atomus": {"idempotencyHours": 1e308}}"#);
    assert!(e.message.ends_with("found 1e308"), "{e}");
}
