//! The HTTP edge (SPEC C-12, issue 10): HEAD wherever GET is, CORS when asked
//! for, `/docs` and `/` for people who type the address, faults matched on
//! the decoded path, and the one-line-per-request log.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use mocklink::MockLink;
use serde_json::json;

use super::helpers::*;

fn head(app: &TestApp, path: &str) -> Reply {
    app.send(app.client.head(app.url(path)))
}

// C-12, issue 10 item 15: HEAD gets GET's status and headers, without a body,
// on admin, provider and docs paths alike (it used to be 405).
#[test]
fn head_is_answered_wherever_get_is_with_the_same_headers_and_no_body() {
    let app = spawn();
    for (path, key) in [
        ("/__admin/health", None),
        ("/openapi.json", None),
        ("/docs/", None),
        ("/", None),
        (
            "/linkedin-agent/get-task-status?api_agent_task_id=7d6a3b8e-0000-4000-8000-000000000000",
            Some("outx_demo_key"),
        ),
    ] {
        let with_key = |rb: reqwest::blocking::RequestBuilder| match key {
            Some(k) => rb.header("x-api-key", k),
            None => rb,
        };
        let get = app.send(with_key(app.client.get(app.url(path))));
        let h = app.send(with_key(app.client.head(app.url(path))));
        assert_eq!(h.status, get.status, "{path}: {}", get.text);
        assert_ne!(h.status, 405, "{path}");
        assert_eq!(h.text, "", "{path}: HEAD has no body");
        assert_eq!(
            h.header("content-type"),
            get.header("content-type"),
            "{path}"
        );
        assert_eq!(
            h.header("content-length"),
            Some(get.text.len().to_string()),
            "{path}"
        );
    }
    // A path with no GET still refuses HEAD, and Allow lists HEAD beside GET.
    assert_eq!(head(&app, "/__admin/reset").status, 405);
    let r = app.send(app.client.patch(app.url("/__admin/clock")));
    assert_eq!(r.header("allow").as_deref(), Some("GET, HEAD, POST"));
    // The journal shows what the client sent.
    let j = app.journal("?provider=outx");
    assert_eq!(j.last().map(|e| e["method"].clone()), Some(json!("HEAD")));
}

fn preflight(app: &TestApp, origin: &str) -> Reply {
    app.send(
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/linkedin/profile"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            ),
    )
}

// C-12, issue 10 item 15: `--cors-origin` answers preflights and adds CORS
// headers to answers; without it there is no CORS at all.
#[test]
fn cors_origin_answers_preflights_and_adds_cors_headers() {
    let off = spawn();
    let r = preflight(&off, "http://localhost:3000");
    assert!(r.header("access-control-allow-origin").is_none(), "{r:?}");

    let app = TestApp {
        mock: MockLink::builder()
            .scenario(default_at(MONDAY_MORNING))
            .cors_origin("http://localhost:3000")
            .start(),
        client: reqwest::blocking::Client::new(),
    };
    let r = preflight(&app, "http://localhost:3000");
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:3000")
    );
    let methods = r.header("access-control-allow-methods").unwrap_or_default();
    assert!(methods.contains("POST"), "{methods}");
    let allowed = r
        .header("access-control-allow-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(allowed.contains("authorization"), "{allowed}");
    // An ordinary answer carries the origin and exposes the limit headers.
    let r = app.send(
        app.client
            .post(app.url("/linkedin/profile"))
            .header("origin", "http://localhost:3000")
            .bearer_auth("cs_live_demo")
            .json(&json!({"profileId": "jane-doe"})),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:3000")
    );
    let exposed = r
        .header("access-control-expose-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(exposed.contains("x-ratelimit-remaining"), "{exposed}");
    // Another origin is not let in.
    let r = preflight(&app, "http://evil.example");
    assert!(r.header("access-control-allow-origin").is_none(), "{r:?}");

    let any = TestApp {
        mock: MockLink::builder()
            .scenario(default_at(MONDAY_MORNING))
            .cors_origin("*")
            .start(),
        client: reqwest::blocking::Client::new(),
    };
    let r = preflight(&any, "http://anything.example");
    assert_eq!(r.status, 200);
    assert!(r.header("access-control-allow-origin").is_some(), "{r:?}");
}

// C-12, issue 10 item 16: `/docs` redirects to the docs page; `/` is a small
// JSON index of where things are.
#[test]
fn docs_redirects_to_the_docs_page_and_root_says_where_things_are() {
    let app = spawn();
    let no_redirects = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let r = app.send(no_redirects.get(app.url("/docs")));
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location").as_deref(), Some("/docs/"));
    let followed = app.get("/docs");
    assert_eq!(followed.status, 200);
    assert!(followed.text.contains("swagger"), "{}", followed.text);

    let index = app.get("/");
    assert_eq!(index.status, 200);
    assert_eq!(index.json["openapi"], "/openapi.json");
    assert_eq!(index.json["docs"], "/docs/");
    assert_eq!(index.json["providers"]["connectsafely"], "/linkedin");
    assert_eq!(
        app.get(index.json["openapi"].as_str().unwrap_or("")).status,
        200
    );
}

// C-12, issue 10 item 13: a fault set for a path hits the same path however
// it is percent-encoded, since the router serves it decoded.
#[test]
fn faults_match_the_percent_decoded_path() {
    let app = spawn();
    let r = app.post_json(
        "/__admin/faults",
        &json!({"provider": "connectsafely", "path": "/linkedin/profile", "status": 503, "times": 1}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let r = app.post_bearer(
        "/linkedin/profil%65",
        "cs_live_demo",
        &json!({"profileId": "jane-doe"}),
    );
    assert_eq!(r.status, 503, "{}", r.text);
    assert_eq!(r.json["success"], false);
    assert!(app.get("/__admin/faults").json["faults"]
        .as_array()
        .is_some_and(Vec::is_empty));
}

// C-12, issue 10 item 19: with MOCKLINK_LOG=info every request is one log line
// (method, path, status, ms, session), the token masked, and no colour codes
// when stderr is not a terminal.
#[test]
fn request_log_has_one_line_per_request_masked_and_without_colours() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mocklink"))
        .args(["--port", "0"])
        .env("MOCKLINK_LOG", "info")
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
        .expect("listening line")
        .to_string();
    let client = reqwest::blocking::Client::new();
    let r = client
        .get(format!(
            "{url}/v2/datasets/nope/items?tok%65n=apify_api_demo&limit=1"
        ))
        .send()
        .expect("request");
    assert_eq!(r.status(), 404);
    let r = client
        .get(format!("{url}/__admin/health"))
        .header("x-mocklink-session", "worker-7")
        .send()
        .expect("request");
    assert_eq!(r.status(), 200);
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read stderr");
    let _ = child.wait();
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("mocklink::request"))
        .collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].contains("GET /v2/datasets/nope/items?tok%65n=apify_api_…demo&limit=1 404 "),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("ms"), "{}", lines[0]);
    assert!(
        lines[1].contains("GET /__admin/health 200 ") && lines[1].ends_with("session=worker-7"),
        "{}",
        lines[1]
    );
    assert!(!err.contains("apify_api_demo"), "{err}");
    assert!(!err.contains('\u{1b}'), "ANSI colour codes: {err:?}");
}

// C-12: a `--cors-origin` that is not an origin stops start-up with a message
// naming it (actix-cors would only fail each worker quietly).
#[test]
fn a_cors_origin_that_is_not_an_origin_is_refused_at_start() {
    let out = Command::new(env!("CARGO_BIN_EXE_mocklink"))
        .args(["--port", "0", "--cors-origin", "http://app.example/path"])
        .output()
        .expect("run mocklink");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("invalid CORS origin \"http://app.example/path\""),
        "{err}"
    );
    let r = MockLink::builder().cors_origin("not an origin").try_start();
    assert!(r.is_err(), "the builder refuses it too");
    for ok in ["*", "http://localhost:3000", "https://app.example"] {
        assert_eq!(mocklink::check_cors_origin(ok), Ok(()), "{ok}");
    }
}
