//! OutX beyond fetch-profile (issue 16, `providers/outx.md`): every task
//! type, one-time-code login, the four watchlist kinds, the feed and its
//! engagement, the team, and the plugin rule on each, over HTTP.

mod agent;
mod feed;
mod otp;
mod team;
mod watchlists;

use mocklink::Scenario;
use reqwest::Method;
use serde_json::{json, Value};

use super::helpers::*;

pub const DEMO: &str = "outx_demo_key";
pub const OTHER: &str = "outx_other_key";
pub const NOPLUGIN: &str = "outx_noplugin_key";
pub const PLUGIN_REQUIRED: &str = "Plugin installation required: Please install the OutX browser \
extension on at least one team member's account to use the API. The plugin must have been active \
within the last 48 hours.";
/// The default demo team's only member (no members listed in the scenario).
pub const DEMO_ADMIN: &str = "admin@demo.outx.test";

/// One request with an optional key and JSON body.
pub fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    key: Option<&str>,
    body: Option<&Value>,
) -> Reply {
    let mut rb = app.client.request(method, app.url(path));
    if let Some(k) = key {
        rb = rb.header("x-api-key", k);
    }
    if let Some(b) = body {
        rb = rb.json(b);
    }
    app.send(rb)
}

pub fn get(app: &TestApp, key: &str, path: &str) -> Reply {
    call(app, Method::GET, path, Some(key), None)
}

pub fn post(app: &TestApp, key: &str, path: &str, body: &Value) -> Reply {
    call(app, Method::POST, path, Some(key), Some(body))
}

pub fn put(app: &TestApp, key: &str, path: &str, body: &Value) -> Reply {
    call(app, Method::PUT, path, Some(key), Some(body))
}

pub fn delete(app: &TestApp, key: &str, path: &str, body: Option<&Value>) -> Reply {
    call(app, Method::DELETE, path, Some(key), body)
}

pub fn assert_error(r: &Reply, status: u16, message: &str) {
    assert_eq!(r.status, status, "{}", r.text);
    assert_eq!(r.json, json!({ "error": message }), "{}", r.text);
}

pub fn ok(r: Reply) -> Value {
    assert_eq!(r.status, 200, "{}", r.text);
    r.json
}

/// The default scenario frozen at Monday morning, changed by `edit`.
pub fn default_with(edit: impl FnOnce(&mut Scenario)) -> Scenario {
    let mut s = default_at(MONDAY_MORNING);
    edit(&mut s);
    s
}

/// Sets a scenario value by JSON (so tests do not depend on struct layout).
pub fn with_outx(patch: Value) -> Scenario {
    let mut s = serde_json::to_value(default_at(MONDAY_MORNING)).expect("scenario");
    merge(&mut s["outx"], &patch);
    serde_json::from_value(s).expect("scenario")
}

fn merge(into: &mut Value, patch: &Value) {
    match (into, patch) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}

/// Creates a watchlist and returns its id.
pub fn create_watchlist(app: &TestApp, key: &str, path: &str, body: &Value) -> String {
    let r = ok(post(app, key, path, body));
    r["id"].as_str().expect("id").to_string()
}

/// Polls a task every 5 s of clock time until it finishes; its final data.
pub fn finish(app: &TestApp, key: &str, id: &str) -> Value {
    for _ in 0..40 {
        let r = ok(get(
            app,
            key,
            &format!("/linkedin-agent/get-task-status?api_agent_task_id={id}"),
        ));
        let s = r["data"]["status"].as_str().unwrap_or("").to_string();
        if s == "completed" || s == "failed" {
            return r["data"].clone();
        }
        app.advance(5.0);
    }
    panic!("task {id} did not finish");
}

/// Creates a task and returns its id.
pub fn task(app: &TestApp, key: &str, path: &str, body: &Value) -> String {
    let r = ok(post(app, key, path, body));
    assert_eq!(r["success"], json!(true));
    r["api_agent_task_id"]
        .as_str()
        .expect("task id")
        .to_string()
}
