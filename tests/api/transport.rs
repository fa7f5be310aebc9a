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

/// One response read off a raw connection.
#[derive(Debug, PartialEq)]
struct RawReply {
    status: u16,
    content_type: Option<String>,
    body: String,
}

/// A raw connection: reqwest and ureq percent-encode URLs themselves, so
/// they cannot send the bytes a copy-pasted doc example puts on the wire.
struct Raw {
    reader: BufReader<std::net::TcpStream>,
}

impl Raw {
    fn open(app: &TestApp) -> Raw {
        let s = std::net::TcpStream::connect(app.mock.address()).expect("connect");
        s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .expect("read timeout");
        Raw {
            reader: BufReader::new(s),
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        use std::io::Write;
        self.reader.get_mut().write_all(bytes).expect("write");
    }

    /// The next response (Content-Length framed, as mocklink sends them).
    fn reply(&mut self) -> RawReply {
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("status line");
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line: {line:?}"));
        let (mut length, mut content_type) = (0, None);
        loop {
            line.clear();
            self.reader.read_line(&mut line).expect("header line");
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let (name, value) = l.split_once(':').expect("header");
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().expect("length"),
                "content-type" => content_type = Some(value.trim().to_string()),
                _ => {}
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).expect("body");
        RawReply {
            status,
            content_type,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    fn get(&mut self, target: &str, header: &str) -> RawReply {
        self.send(format!("GET {target} HTTP/1.1\r\nHost: mock\r\n{header}\r\n\r\n").as_bytes());
        self.reply()
    }
}

/// `target` sent raw and sent percent-encoded get the same answer: the
/// provider's own JSON, not actix's bare 400.
fn same_answer_raw_and_encoded(app: &TestApp, raw: &str, encoded: &str, header: &str) -> RawReply {
    let bad = Raw::open(app).get(raw, header);
    let good = Raw::open(app).get(encoded, header);
    assert_eq!(bad, good, "{raw}");
    assert!(
        serde_json::from_str::<serde_json::Value>(&bad.body).is_ok_and(|v| v.is_object()),
        "{raw}: {bad:?}"
    );
    assert_eq!(
        bad.content_type.as_deref(),
        Some("application/json"),
        "{raw}"
    );
    bad
}

// C-12, issue 10 item 21: a query with bytes `http::Uri` refuses (`<id>`,
// `"x"`, as doc examples show placeholders) used to get actix's empty 400
// before any handler ran; each provider now answers it in its own JSON, the
// same answer as for the percent-encoded query.
#[test]
fn unparseable_query_gets_the_providers_json_error_not_an_empty_400() {
    let app = spawn();
    let outx = same_answer_raw_and_encoded(
        &app,
        "/linkedin-agent/get-task-status?api_agent_task_id=<id>",
        "/linkedin-agent/get-task-status?api_agent_task_id=%3Cid%3E",
        "x-api-key: outx_demo_key",
    );
    assert_eq!(outx.status, 400, "{outx:?}");
    assert!(outx.body.contains("api_agent_task_id"), "{outx:?}");
    let cs = same_answer_raw_and_encoded(
        &app,
        "/linkedin/posts/upload/document-status?assetUrn=<urn>&accountId=\"a\"",
        "/linkedin/posts/upload/document-status?assetUrn=%3Curn%3E&accountId=%22a%22",
        "Authorization: Bearer cs_live_demo",
    );
    let v: serde_json::Value = serde_json::from_str(&cs.body).expect("json");
    assert_eq!(v["success"], false, "{cs:?}");
    assert!(
        cs.status >= 400 && v["error"].as_str().is_some_and(|e| e.contains("\"a\"")),
        "the handler saw the decoded value: {cs:?}"
    );
    let apify = same_answer_raw_and_encoded(
        &app,
        "/v2/acts/<actor>/runs?token=apify_api_demo&status=\"x\"",
        "/v2/acts/%3Cactor%3E/runs?token=apify_api_demo&status=%22x%22",
        "",
    );
    assert_eq!(apify.status, 404, "{apify:?}");
    assert!(apify.body.contains("\"type\""), "{apify:?}");
    // Non-ASCII (here UTF-8 é) is refused by `http::Uri` the same way.
    let r = Raw::open(&app).get("/nowhere/caf\u{e9}?q=\u{e9}", "");
    assert_eq!(r.status, 404, "{r:?}");
    assert!(r.body.contains("/nowhere/caf%C3%A9"), "{r:?}");
}

// C-12, issue 10 item 21: the connection stays usable after a repaired
// request: further requests on it, one at a time or pipelined, with bodies
// (Content-Length and chunked) full of `<` and `"` that reach the handler
// unchanged, are answered as on a fresh connection.
#[test]
fn keep_alive_requests_after_a_repaired_one_still_work() {
    let app = spawn();
    let profile = "{\"profileId\":\"<x> \\\"q\\\"\"}";
    let requests = [
        "GET /linkedin-agent/get-task-status?api_agent_task_id=<id> HTTP/1.1\r\n\
         Host: mock\r\nx-api-key: outx_demo_key\r\n\r\n"
            .to_string(),
        format!(
            "POST /linkedin/profile HTTP/1.1\r\nHost: mock\r\n\
             Authorization: Bearer cs_live_demo\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{profile}",
            profile.len()
        ),
        format!(
            "POST /linkedin/profile?x=<y> HTTP/1.1\r\nHost: mock\r\n\
             Authorization: Bearer cs_live_demo\r\nContent-Type: application/json\r\n\
             Transfer-Encoding: chunked\r\n\r\n5\r\n{}\r\n{:x}\r\n{}\r\n0\r\n\r\n",
            &profile[..5],
            profile.len() - 5,
            &profile[5..]
        ),
        "GET /__admin/health HTTP/1.1\r\nHost: mock\r\n\r\n".to_string(),
    ];
    let mut one_by_one = Raw::open(&app);
    let answers: Vec<RawReply> = requests
        .iter()
        .map(|r| {
            one_by_one.send(r.as_bytes());
            one_by_one.reply()
        })
        .collect();
    assert_eq!(answers[0].status, 400, "{:?}", answers[0]);
    assert!(
        answers[0].body.contains("api_agent_task_id"),
        "{:?}",
        answers[0]
    );
    for a in &answers[1..3] {
        assert_eq!(a.status, 200, "{a:?}");
        let v: serde_json::Value = serde_json::from_str(&a.body).expect("json");
        assert_eq!(
            v["profileId"], "<x> \"q\"",
            "the body arrived unchanged: {a:?}"
        );
    }
    assert_eq!(answers[3].status, 200, "{:?}", answers[3]);
    // All four in one write: the same answers (the profile now cached).
    let mut pipelined = Raw::open(&app);
    pipelined.send(requests.concat().as_bytes());
    let again: Vec<RawReply> = (0..4).map(|_| pipelined.reply()).collect();
    assert_eq!(again[0], answers[0]);
    for a in &again[1..3] {
        let v: serde_json::Value = serde_json::from_str(&a.body).expect("json");
        assert_eq!(
            (a.status, &v["profileId"]),
            (200, &json!("<x> \"q\"")),
            "{a:?}"
        );
    }
    assert_eq!(again[3].status, 200, "{:?}", again[3]);
}
