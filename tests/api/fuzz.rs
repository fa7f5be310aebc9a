//! Hostile input (SPEC C-7): property tests that throw arbitrary bodies, query
//! strings, headers and scenario documents at mocklink, and raw-socket tests
//! of clients that are slow, stall or do not speak HTTP. The server must never
//! panic, hang or answer 5xx, must answer JSON, and must answer only statuses
//! the OpenAPI document lists for the route. One server serves each property
//! (not one per case), which keeps the whole suite to a few seconds.

use std::collections::BTreeSet;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use mocklink::MockLink;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use serde_json::{json, Value};

use super::helpers::*;

// ------------------------------------------------------------------ slow and broken clients

/// The request timeout the slow-client tests run with (the default is 10 s).
const SHORT_TIMEOUT: Duration = Duration::from_secs(1);

fn spawn_impatient() -> MockLink {
    MockLink::builder()
        .scenario(default_at(MONDAY_MORNING))
        .request_timeout(SHORT_TIMEOUT)
        .start()
}

/// What a raw connection saw: the bytes the server sent, when the first of
/// them came, and when the server closed the connection (None: not by the
/// limit), both counted from the connection's start.
struct Seen {
    bytes: Vec<u8>,
    answered_after: Option<Duration>,
    closed_after: Option<Duration>,
}

impl Seen {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// Writes `first`, then one of `drip` every `every` (if any), reading all
/// along, until the server closes the connection or `limit` has passed.
fn converse(
    mock: &MockLink,
    first: &[u8],
    drip: Option<(&[u8], Duration)>,
    limit: Duration,
) -> Seen {
    let mut s = TcpStream::connect(mock.address()).expect("connect");
    let started = Instant::now();
    s.set_read_timeout(Some(Duration::from_millis(50)))
        .expect("read timeout");
    let _ = s.write_all(first);
    let mut bytes = Vec::new();
    let mut answered_after = None;
    let mut next_drip = started;
    let mut buf = [0u8; 4096];
    while started.elapsed() < limit {
        if let Some((piece, every)) = drip {
            if Instant::now() >= next_drip {
                // A write may fail once the server has given up; the read says so.
                let _ = s.write_all(piece);
                next_drip += every;
            }
        }
        match s.read(&mut buf) {
            Ok(0) => {
                return Seen {
                    bytes,
                    answered_after,
                    closed_after: Some(started.elapsed()),
                }
            }
            Ok(n) => {
                answered_after.get_or_insert(started.elapsed());
                bytes.extend_from_slice(&buf[..n]);
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => {
                return Seen {
                    bytes,
                    answered_after,
                    closed_after: Some(started.elapsed()),
                }
            }
        }
    }
    Seen {
        bytes,
        answered_after,
        closed_after: None,
    }
}

/// After answering, actix gives the client up to 2 s (its disconnect
/// timeout) to close first, so a drop is bounded by the timeout plus that.
const CLOSE_BOUND: Duration = Duration::from_secs(4);

fn assert_answered_within(seen: &Seen, bound: Duration) {
    match seen.answered_after {
        Some(t) => assert!(t <= bound, "answered only after {t:?}: {}", seen.text()),
        None => panic!("no answer: {:?}", seen.closed_after),
    }
}

fn assert_closed_within(seen: &Seen, bound: Duration) {
    match seen.closed_after {
        Some(t) => assert!(t <= bound, "closed only after {t:?}: {}", seen.text()),
        None => panic!("connection still open after the limit: {}", seen.text()),
    }
}

#[test]
fn a_request_head_that_trickles_in_is_dropped_after_the_request_timeout() {
    // C-7 (slow loris): headers keep coming, one every 200 ms, never ending.
    let mock = spawn_impatient();
    let seen = converse(
        &mock,
        b"POST /linkedin/profile HTTP/1.1\r\nHost: localhost\r\n",
        Some((b"X-Slow: yes\r\n", Duration::from_millis(200))),
        Duration::from_secs(6),
    );
    assert_closed_within(&seen, CLOSE_BOUND);
    assert!(
        seen.closed_after.is_some_and(|t| t >= SHORT_TIMEOUT / 2),
        "dropped before the timeout"
    );
    assert!(
        seen.bytes.is_empty() || seen.text().starts_with("HTTP/1.1 408"),
        "{}",
        seen.text()
    );
}

#[test]
fn a_connection_that_never_sends_a_byte_is_dropped_after_the_request_timeout() {
    // C-7
    let mock = spawn_impatient();
    let seen = converse(&mock, b"", None, Duration::from_secs(6));
    assert_closed_within(&seen, CLOSE_BOUND);
}

#[test]
fn a_body_that_trickles_in_forever_is_cut_off_with_a_json_408() {
    // C-7: the head is complete, the declared body arrives a byte at a time.
    let mock = spawn_impatient();
    let seen = converse(
        &mock,
        b"POST /v1/linkedin-profile-enrichment/enrich HTTP/1.1\r\nHost: localhost\r\n\
          Authorization: Bearer atm_live_demo\r\ncontent-type: application/json\r\n\
          content-length: 100000\r\n\r\n{",
        Some((b" ", Duration::from_millis(100))),
        Duration::from_secs(6),
    );
    assert_answered_within(&seen, SHORT_TIMEOUT * 2);
    assert_closed_within(&seen, CLOSE_BOUND);
    let text = seen.text();
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(
        text.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{text}"
    );
    assert!(
        text.contains("\"request_id\""),
        "Atomus error shape: {text}"
    );
}

#[test]
fn a_body_that_stops_halfway_is_cut_off_and_the_server_keeps_serving() {
    // C-7
    let mock = spawn_impatient();
    let seen = converse(
        &mock,
        b"POST /linkedin/profile HTTP/1.1\r\nHost: localhost\r\n\
          Authorization: Bearer cs_live_demo\r\ncontent-length: 40\r\n\r\n{\"profileId\":",
        None,
        Duration::from_secs(6),
    );
    assert_answered_within(&seen, SHORT_TIMEOUT * 2);
    assert_closed_within(&seen, CLOSE_BOUND);
    assert!(seen.text().starts_with("HTTP/1.1 408"), "{}", seen.text());
    let health = reqwest::blocking::get(mock.url("/__admin/health")).expect("health");
    assert_eq!(health.status(), 200);
}

#[test]
fn malformed_request_heads_over_a_raw_socket_get_400_not_a_hang() {
    // C-7
    let mock = spawn_impatient();
    let heads: [&[u8]; 6] = [
        b"GET /__admin/health HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
        b"GET /__admin/health HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n",
        b"GET /__admin/health HTTP/1.1\r\nHost: x\r\nX-Nul: a\x00b\r\n\r\n",
        b"GARBAGE\r\n\r\n",
        b"GET /__admin/health HTTP/9.9\r\nHost: x\r\n\r\n",
        b"POST /linkedin/profile HTTP/1.1\r\nHost: x\r\ncontent-length: nope\r\n\r\n{}",
    ];
    for head in heads {
        let seen = converse(&mock, head, None, Duration::from_secs(5));
        assert!(
            seen.text().starts_with("HTTP/1.1 400"),
            "{:?} -> {:?}",
            String::from_utf8_lossy(head),
            seen.text()
        );
        assert_closed_within(&seen, CLOSE_BOUND);
    }
}

// ------------------------------------------------------------------ the oracle

/// The statuses the OpenAPI document lists for each route (SPEC C-10): the
/// only ones a provider route may answer with, besides 413 for a body over
/// 1 MiB (C-7).
struct Documented {
    routes: Vec<(String, Vec<String>, BTreeSet<u16>)>,
}

impl Documented {
    fn load() -> Documented {
        let (full, _) = mocklink::openapi_texts();
        let doc: Value = serde_json::from_str(&full).expect("OpenAPI JSON");
        let mut routes = Vec::new();
        for (template, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("path item") {
                let Some(responses) = op["responses"].as_object() else {
                    continue;
                };
                let statuses = responses
                    .keys()
                    .map(|s| s.parse().expect("numeric status"))
                    .collect();
                let segs = template.split('/').map(str::to_string).collect();
                routes.push((method.to_ascii_uppercase(), segs, statuses));
            }
        }
        Documented { routes }
    }

    /// The documented statuses of `method path` (a path without its query).
    fn statuses(&self, method: &str, path: &str) -> Option<&BTreeSet<u16>> {
        let segs: Vec<&str> = path.split('/').collect();
        self.routes
            .iter()
            .find(|(m, template, _)| {
                m == method
                    && template.len() == segs.len()
                    && template.iter().zip(&segs).all(|(t, s)| {
                        (t.starts_with('{') && t.ends_with('}') && !s.is_empty()) || t == s
                    })
            })
            .map(|(_, _, statuses)| statuses)
    }
}

/// A server for one property, with its oracle and a client.
struct Rig {
    app: TestApp,
    documented: Documented,
    /// Every (path, status) answered so far, to show the inputs got past the
    /// first checks.
    seen: std::sync::Mutex<BTreeSet<(String, u16)>>,
}

/// The default scenario with room to spare, so fuzzed requests reach the
/// input checks instead of stopping at a limit: no Atomus rate limit, ample
/// credits and ConnectSafely budgets, Apify runs that finish at once (so a
/// fuzzed `waitForFinish` never waits).
fn roomy_scenario() -> mocklink::Scenario {
    let mut s = default_at(MONDAY_MORNING);
    s.atomus.rate_limit_per_second = 1_000_000;
    for t in &mut s.atomus.tenants {
        t.credits = 100_000_000;
    }
    s.connectsafely.limits.profiles_per_day = 1_000_000;
    s.connectsafely.limits.connects_per_week = 1_000_000;
    s.apify.start_delay_seconds = mocklink::scenario::NonNegative(0.0);
    s.apify.per_url_seconds = mocklink::scenario::NonNegative(0.0);
    s
}

impl Rig {
    fn start() -> Rig {
        let mut app = spawn_scenario(roomy_scenario());
        // A fresh connection per request: after a huge answer (5,000 profiles
        // from run-sync) a loaded test machine can take longer than the
        // server's 5 s keep-alive to read it, and the next request would go
        // out on a connection the server has rightly closed.
        app.client = reqwest::blocking::Client::builder()
            .timeout(std::time::Duration::from_secs(90))
            .pool_max_idle_per_host(0)
            .build()
            .expect("http client");
        Rig {
            app,
            documented: Documented::load(),
            seen: Default::default(),
        }
    }

    /// Sends a request; the server must answer (no dropped connection, which
    /// is what a panicking handler looks like from outside).
    fn send(&self, what: &str, rb: reqwest::blocking::RequestBuilder) -> Reply {
        match rb.send() {
            Ok(resp) => read(resp),
            Err(e) => panic!("{what}: no answer: {e}"),
        }
    }

    /// Checks one answer to `method target` (`target` may carry a query)
    /// whose body was `sent` bytes long.
    fn check(&self, method: &str, target: &str, sent: usize, r: &Reply) {
        let what = format!("{method} {target} ({sent} bytes)");
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert((path.to_string(), r.status));
        }
        assert!(r.status < 500, "{what} -> {} {}", r.status, r.text);
        let content_type = r.header("content-type").unwrap_or_default();
        let other_format = query
            .split('&')
            .any(|p| p.starts_with("format=") && p != "format=json");
        if content_type.starts_with("application/json") {
            assert!(
                serde_json::from_str::<Value>(&r.text).is_ok(),
                "{what} -> {} not JSON: {:?}",
                r.status,
                r.text.chars().take(300).collect::<String>()
            );
        } else {
            assert!(
                other_format && (200..300).contains(&r.status),
                "{what} -> {} with content-type {content_type:?}: {}",
                r.status,
                r.text.chars().take(300).collect::<String>()
            );
        }
        if r.status == 413 {
            assert!(sent > MAX_BODY, "{what} -> 413 for a small body");
            return;
        }
        // A path that matches no route (an empty id, say) is a JSON 404/405.
        let unknown = BTreeSet::from([404, 405]);
        let documented = self.documented.statuses(method, path).unwrap_or(&unknown);
        assert!(
            documented.contains(&r.status),
            "{what} -> {} not among {documented:?}: {}",
            r.status,
            r.text.chars().take(300).collect::<String>()
        );
    }

    /// Asserts that every body route answered both a success and a client
    /// error: the inputs reached the routes' own logic.
    fn assert_every_route_reached_success_and_refusal(&self) {
        let seen = self.seen.lock().expect("tally").clone();
        for (target, _) in BODY_ROUTES {
            let path = target.split('?').next().unwrap_or(target);
            let statuses: Vec<u16> = seen
                .iter()
                .filter(|(p, _)| p == path)
                .map(|(_, s)| *s)
                .collect();
            assert!(
                statuses.iter().any(|s| (200..300).contains(s))
                    && statuses.iter().any(|s| (400..500).contains(s) && *s != 401),
                "{path} only answered {statuses:?}"
            );
        }
    }

    /// After a property: the server still answers (no worker died).
    fn assert_alive(&self) {
        let r = self.app.get("/__admin/health");
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.json["status"], "ok");
    }
}

const MAX_BODY: usize = 1024 * 1024;

fn run<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value))
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    if let Err(e) = runner.run(&strategy, |v| {
        test(v);
        Ok(())
    }) {
        panic!("{e}");
    }
}

// ------------------------------------------------------------------ targets and inputs

#[derive(Clone, Copy)]
enum Auth {
    Bearer(&'static str),
    ApiKey(&'static str),
    /// The token is in the path's query.
    InQuery,
}

/// Every provider route that takes a body, with valid credentials.
const BODY_ROUTES: [(&str, Auth); 8] = [
    ("/linkedin/profile", Auth::Bearer("cs_live_demo")),
    ("/linkedin/connect", Auth::Bearer("cs_live_demo")),
    ("/linkedin/profile/visitors", Auth::Bearer("cs_live_demo")),
    ("/linkedin/endorse-skill", Auth::Bearer("cs_live_demo")),
    (
        "/v1/linkedin-profile-enrichment/enrich",
        Auth::Bearer("atm_live_demo"),
    ),
    (
        "/v2/acts/atomus~linkedin-profile-scraper/runs?token=apify_api_demo",
        Auth::InQuery,
    ),
    (
        "/v2/acts/atomus~linkedin-profile-enricher/run-sync-get-dataset-items?token=apify_api_demo",
        Auth::InQuery,
    ),
    (
        "/linkedin-agent/fetch-profile",
        Auth::ApiKey("outx_demo_key"),
    ),
];

/// The fields the routes above read, all of them.
const FIELDS: [&str; 21] = [
    "profileId",
    "accountId",
    "includeGeoLocation",
    "includeContact",
    "includeExperience",
    "includeEducation",
    "includeSkills",
    "forceRefresh",
    "profileUrn",
    "customMessage",
    "maxVisitors",
    "timeRange",
    "count",
    "start",
    "fetchAll",
    "skillId",
    "random",
    "url",
    "urls",
    "startUrls",
    "profile_slug",
];

fn with_auth(
    rb: reqwest::blocking::RequestBuilder,
    auth: Auth,
) -> reqwest::blocking::RequestBuilder {
    match auth {
        Auth::Bearer(k) => rb.bearer_auth(k),
        Auth::ApiKey(k) => rb.header("x-api-key", k),
        Auth::InQuery => rb,
    }
}

/// Values a route might accept, or nearly: they take the request past the
/// first checks, where arbitrary values rarely go.
fn plausible() -> impl Strategy<Value = Value> {
    let urn = "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o";
    prop::sample::select(vec![
        json!("anandi-devi"),
        json!("notfound-someone"),
        json!("unavailable-someone"),
        json!("connected-someone"),
        json!("https://www.linkedin.com/in/anandi-devi/"),
        json!("https://uk.linkedin.com/in/some-one?x=1"),
        json!("http://linkedin.com/in/x"),
        json!("/in/anandi-devi"),
        json!(""),
        json!(" "),
        json!(urn),
        json!("urn:li:fsd_profile:ACoAA"),
        json!("urn:li:fsd_profile:ACoAAzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"),
        json!("696ce9e780e0483585e4e553"),
        json!("65a1b2c3d4e5f60718293a4b"),
        json!("acc_12345"),
        json!("past_7_days"),
        json!("ALL_TIME"),
        json!("yesterday"),
        json!(0),
        json!(-1),
        json!(1),
        json!(37),
        json!(4_294_967_296_u64),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(1e308),
        json!(-0.0),
        json!(0.5),
        json!(true),
        json!(false),
        json!(null),
        json!("x".repeat(301)),
        json!(["https://www.linkedin.com/in/anandi-devi"]),
        json!(["https://www.linkedin.com/in/a", "notfound", 3]),
        json!([{ "url": "https://www.linkedin.com/in/b" }]),
        json!([{ "url": 5 }, null]),
        json!([]),
        json!({}),
    ])
}

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        ".{0,40}".prop_map(Value::from),
        plausible(),
    ];
    leaf.prop_recursive(3, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    ".{0,8}",
                    prop::sample::select(FIELDS.to_vec()).prop_map(String::from)
                ],
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Objects with the routes' own field names and values of any type.
fn right_keys_any_values() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(
        prop::sample::select(FIELDS.to_vec()),
        prop_oneof![3 => plausible(), 2 => any_json()],
        0..8,
    )
    .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
}

/// A body every body route accepts, for a person new to the server.
fn valid_body(n: u32) -> Value {
    let handle = format!("fuzz-person-{n}");
    let url = format!("https://www.linkedin.com/in/{handle}/");
    json!({
        "profileId": handle,
        "maxVisitors": 3,
        "random": true,
        "url": url,
        "urls": [url],
        "profile_slug": handle,
    })
}

/// A valid body with a few fields removed or given values of any type.
fn near_valid() -> impl Strategy<Value = Value> {
    (
        any::<u32>(),
        prop::collection::btree_map(
            prop::sample::select(FIELDS.to_vec()),
            prop::option::weighted(0.8, prop_oneof![3 => plausible(), 2 => any_json()]),
            0..4,
        ),
    )
        .prop_map(|(n, changes)| {
            let mut body = valid_body(n);
            if let Value::Object(o) = &mut body {
                for (k, v) in changes {
                    match v {
                        Some(v) => o.insert(k.to_string(), v),
                        None => o.shift_remove(k),
                    };
                }
            }
            body
        })
}

fn content_type() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(vec![
        Some("application/json"),
        Some("application/json; charset=utf-8"),
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("application/json; charset=utf-16"),
        Some("\u{7f}garbage"),
        None,
    ])
}

/// Sends `body` to every body route and checks each answer.
fn post_everywhere(rig: &Rig, body: &[u8], content_type: Option<&str>) {
    for (target, auth) in BODY_ROUTES {
        let mut rb = with_auth(rig.app.client.post(rig.app.url(target)), auth).body(body.to_vec());
        if let Some(ct) = content_type {
            if let Ok(v) = HeaderValue::from_str(ct) {
                rb = rb.header("content-type", v);
            }
        }
        let r = rig.send(target, rb);
        rig.check("POST", target, body.len(), &r);
    }
}

// ------------------------------------------------------------------ bodies

#[test]
fn arbitrary_bytes_as_a_provider_body_get_a_documented_json_answer() {
    // C-7
    let rig = Rig::start();
    run(
        128,
        (prop::collection::vec(any::<u8>(), 0..512), content_type()),
        |(body, ct)| post_everywhere(&rig, &body, ct),
    );
    rig.assert_alive();
}

#[test]
fn arbitrary_json_as_a_provider_body_gets_a_documented_json_answer() {
    // C-7
    let rig = Rig::start();
    run(128, (any_json(), content_type()), |(body, ct)| {
        post_everywhere(&rig, body.to_string().as_bytes(), ct)
    });
    rig.assert_alive();
}

#[test]
fn the_right_fields_with_values_of_any_type_get_a_documented_json_answer() {
    // C-7, CS-ZOD, AT-1, AP-1, OX-1
    let rig = Rig::start();
    run(
        256,
        prop_oneof![near_valid(), right_keys_any_values()],
        |body| post_everywhere(&rig, body.to_string().as_bytes(), Some("application/json")),
    );
    rig.assert_every_route_reached_success_and_refusal();
    rig.assert_alive();
}

#[test]
fn huge_strings_and_lists_in_provider_fields_get_a_documented_json_answer_or_413() {
    // C-7: sizes either side of the 1 MiB limit, and URL lists either side of
    // Apify's 5,000.
    let rig = Rig::start();
    let sizes = prop_oneof![Just(MAX_BODY - 64), Just(MAX_BODY + 1), 0..MAX_BODY + 4096,];
    let chars = prop::sample::select(vec!['a', 'é', '"', '\u{0}', '😀', '/']);
    let field = prop::sample::select(FIELDS.to_vec());
    let strings = (field, sizes, chars).prop_map(|(f, n, c)| {
        let s: String = std::iter::repeat_n(c, n / c.len_utf8()).collect();
        json!({ f: s })
    });
    let lists = (
        prop::sample::select(vec![0usize, 1, 5000, 5001]),
        any::<bool>(),
    )
        .prop_map(|(n, start_urls)| {
            let urls: Vec<Value> = (0..n)
                .map(|i| {
                    let url = format!("https://www.linkedin.com/in/bulk-{i}");
                    if start_urls {
                        json!({ "url": url })
                    } else {
                        json!(url)
                    }
                })
                .collect();
            if start_urls {
                json!({ "startUrls": urls })
            } else {
                json!({ "urls": urls })
            }
        });
    run(12, prop_oneof![3 => strings, 1 => lists], |body| {
        post_everywhere(&rig, body.to_string().as_bytes(), Some("application/json"))
    });
    rig.assert_alive();
}

// C-7, AP-1, issue 10 item 25: the 5,000-URL edge of Apify's input, in both
// input forms, every time (the property above reaches it only by chance):
// the actor takes 1 and 5,000 URLs and refuses 0 and 5,001, each answer a
// documented one.
#[test]
fn url_lists_either_side_of_5000_are_taken_or_refused_every_time() {
    let rig = Rig::start();
    let (target, auth) = BODY_ROUTES
        .iter()
        .find(|(t, _)| t.starts_with("/v2/acts/"))
        .copied()
        .expect("the Apify route is fuzzed");
    for start_urls in [false, true] {
        for (n, want) in [(0usize, 400u16), (1, 201), (5000, 201), (5001, 400)] {
            let urls: Vec<Value> = (0..n)
                .map(|i| {
                    let url = format!("https://www.linkedin.com/in/bulk-{i}");
                    if start_urls {
                        json!({ "url": url })
                    } else {
                        json!(url)
                    }
                })
                .collect();
            let body = if start_urls {
                json!({ "startUrls": urls })
            } else {
                json!({ "urls": urls })
            };
            let bytes = body.to_string().into_bytes();
            let sent = bytes.len();
            let rb = with_auth(rig.app.client.post(rig.app.url(target)), auth)
                .header("content-type", "application/json")
                .body(bytes);
            let r = rig.send(target, rb);
            rig.check("POST", target, sent, &r);
            assert_eq!(
                r.status, want,
                "{n} URLs (startUrls: {start_urls}): {}",
                r.text
            );
        }
    }
    rig.assert_alive();
}

// ------------------------------------------------------------------ query strings and path segments

/// Percent-encodes every byte outside the URL's unreserved set.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Query strings: raw text (sent as it is, as far as a URL allows), or
/// pairs of the routes' own parameters with odd values.
fn query_string() -> impl Strategy<Value = String> {
    let names = prop::sample::select(vec![
        "api_agent_task_id",
        "token",
        "waitForFinish",
        "timeout",
        "memory",
        "build",
        "offset",
        "limit",
        "desc",
        "fields",
        "omit",
        "format",
        "provider",
        "clean",
    ]);
    let values = prop_oneof![
        prop::sample::select(vec![
            "",
            "0",
            "-1",
            "1",
            "1.5",
            "NaN",
            "inf",
            "1e999",
            "18446744073709551616",
            "true",
            "json",
            "jsonl",
            "csv",
            "xml",
            "JSON",
            "apify_api_demo",
            "atomus",
            "outx",
            "connectsafely",
            "nope",
            "full_name,status",
            "%",
            "%zz",
            "%FF%FE",
        ])
        .prop_map(String::from),
        ".{0,20}".prop_map(|s| encode(&s)),
    ];
    let pairs = prop::collection::vec((names, values), 0..5).prop_map(|ps| {
        ps.into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    });
    prop_oneof![pairs, "[ -~]{0,60}", ".{0,30}"]
}

#[test]
fn arbitrary_query_strings_and_path_ids_get_a_documented_json_answer() {
    // C-7, OX-2, AP-2, AP-3, C-8
    let rig = Rig::start();
    let app = &rig.app;
    // A real run, dataset and task, so that queries reach their parsers.
    let started = app.post_json(
        "/v2/acts/atomus~linkedin-profile-scraper/runs?token=apify_api_demo",
        &json!({ "urls": ["https://www.linkedin.com/in/anandi-devi"] }),
    );
    assert_eq!(started.status, 201, "{}", started.text);
    let run_id = started.json["data"]["id"]
        .as_str()
        .expect("run id")
        .to_string();
    let dataset = started.json["data"]["defaultDatasetId"]
        .as_str()
        .expect("dataset id")
        .to_string();
    let task = app.send(
        app.client
            .post(app.url("/linkedin-agent/fetch-profile"))
            .header("x-api-key", "outx_demo_key")
            .json(&json!({ "profile_slug": "anandi-devi" })),
    );
    assert_eq!(task.status, 200, "{}", task.text);
    let task_id = task.json["api_agent_task_id"]
        .as_str()
        .expect("task")
        .to_string();
    run(
        128,
        (
            query_string(),
            // `.` and `..` are dot segments: every URL parser (reqwest's
            // included) removes them before sending, so they never reach the
            // server as an id, and `/v2/acts/./runs` becomes another route.
            ".{0,24}".prop_filter("not a dot segment", |s| s != "." && s != ".."),
            any::<bool>(),
        ),
        |(q, segment, real_ids)| {
            let (run_seg, dataset_seg) = if real_ids {
                (run_id.clone(), dataset.clone())
            } else {
                (encode(&segment), encode(&segment))
            };
            let gets = [
                format!("/linkedin-agent/get-task-status?{q}"),
                format!("/linkedin-agent/get-task-status?api_agent_task_id={task_id}&{q}"),
                format!("/v2/actor-runs/{run_seg}?{q}"),
                format!("/v2/acts/atomus~linkedin-profile-scraper/runs/{run_seg}?{q}"),
                format!("/v2/datasets/{dataset_seg}/items?{q}"),
                format!("/v2/datasets/{dataset_seg}/items?token=apify_api_demo&{q}"),
                format!("/__admin/requests?{q}"),
            ];
            for target in gets {
                let mut rb = app.client.get(app.url(&target));
                if target.starts_with("/linkedin-agent") {
                    rb = rb.header("x-api-key", "outx_demo_key");
                } else if target.starts_with("/v2") {
                    rb = rb.bearer_auth("apify_api_demo");
                }
                let r = rig.send(&target, rb);
                rig.check("GET", &target, 0, &r);
            }
            let actor = if real_ids {
                "atomus~linkedin-profile-scraper".to_string()
            } else {
                encode(&segment)
            };
            let target = format!("/v2/acts/{actor}/runs?{q}");
            let rb = app
                .client
                .post(app.url(&target))
                .bearer_auth("apify_api_demo")
                .json(&json!({ "urls": ["https://www.linkedin.com/in/q-person"] }));
            let r = rig.send(&target, rb);
            rig.check("POST", &target, 0, &r);
        },
    );
    rig.assert_alive();
}

// ------------------------------------------------------------------ headers

/// Header values reqwest can send: any bytes but controls (tab allowed),
/// including non-UTF-8 ones, often behind a scheme or around a real key.
fn header_value() -> impl Strategy<Value = HeaderValue> {
    let raw = prop::collection::vec(any::<u8>(), 0..64);
    let prefix = prop::sample::select(vec![
        "", "Bearer ", "bearer ", "BEARER ", "Bearer", "Bearer  ", "Basic ", "Token ", " ",
    ]);
    let key = prop::sample::select(vec![
        "",
        "cs_live_demo",
        "atm_live_demo",
        "atm_test_demo",
        "apify_api_demo",
        "outx_demo_key",
        "outx_noplugin_key",
    ]);
    (prefix, key, raw, any::<bool>()).prop_filter_map(
        "a value reqwest can send",
        |(prefix, key, raw, junk_first)| {
            let mut bytes = prefix.as_bytes().to_vec();
            if junk_first {
                bytes.extend_from_slice(&raw);
                bytes.extend_from_slice(key.as_bytes());
            } else {
                bytes.extend_from_slice(key.as_bytes());
                bytes.extend_from_slice(&raw);
            }
            HeaderValue::from_bytes(&bytes).ok()
        },
    )
}

#[test]
fn odd_auth_and_idempotency_headers_get_a_documented_json_answer() {
    // C-7, CS-AUTH, AT-AUTH, AT-5, AP-4, OX-AUTH
    let rig = Rig::start();
    let app = &rig.app;
    run(
        128,
        (
            header_value(),
            prop::option::of(header_value()),
            header_value(),
            any::<u16>(),
        ),
        |(auth, second, idem, n)| {
            let body = json!({
                "profileId": "anandi-devi",
                "maxVisitors": 2,
                "random": true,
                "url": format!("https://www.linkedin.com/in/h-{n}"),
                "urls": ["https://www.linkedin.com/in/anandi-devi"],
                "profile_slug": "anandi-devi",
            });
            let targets = [
                "/linkedin/profile",
                "/linkedin/connect",
                "/linkedin/profile/visitors",
                "/linkedin/endorse-skill",
                "/v1/linkedin-profile-enrichment/enrich",
                "/v2/acts/atomus~linkedin-profile-scraper/runs",
                "/v2/acts/atomus~linkedin-profile-scraper/run-sync-get-dataset-items",
                "/linkedin-agent/fetch-profile",
            ];
            for target in targets {
                let mut headers = HeaderMap::new();
                headers.insert(AUTHORIZATION, auth.clone());
                headers.insert("x-api-key", auth.clone());
                if let Some(second) = &second {
                    headers.append(AUTHORIZATION, second.clone());
                    headers.append("x-api-key", second.clone());
                }
                headers.insert("idempotency-key", idem.clone());
                let rb = app
                    .client
                    .post(app.url(target))
                    .headers(headers)
                    .json(&body);
                let r = rig.send(target, rb);
                rig.check("POST", target, 0, &r);
            }
            // A valid key with an odd Idempotency-Key, twice: the same answer.
            let target = "/v1/linkedin-profile-enrichment/enrich";
            let send = || {
                rig.send(
                    target,
                    app.client
                        .post(app.url(target))
                        .bearer_auth("atm_live_demo")
                        .header("idempotency-key", idem.clone())
                        .json(&body),
                )
            };
            let (first, again) = (send(), send());
            rig.check("POST", target, 0, &first);
            rig.check("POST", target, 0, &again);
            if first.status == 200 {
                assert_eq!(first.text, again.text, "replay of {idem:?}");
            }
            let get = "/linkedin-agent/get-task-status?api_agent_task_id=x";
            let r = rig.send(
                get,
                app.client
                    .get(app.url(get))
                    .header("x-api-key", auth.clone()),
            );
            rig.check("GET", get, 0, &r);
        },
    );
    rig.assert_alive();
}

// ------------------------------------------------------------------ scenario documents

/// An error must say where: a JSON path, or a line and column.
fn assert_located(e: &mocklink::ScenarioError, input: &str) {
    assert!(
        !e.path.is_empty() || (e.line.is_some() && e.column.is_some()),
        "error names neither path nor position: {e} for {input:?}"
    );
    let text = e.to_string();
    assert!(text.contains("<fuzz>") && text.contains(" at "), "{text}");
}

#[test]
fn any_text_loads_as_a_scenario_or_fails_naming_a_path_or_position() {
    // C-3
    run(
        256,
        prop_oneof![".{0,200}", any_json().prop_map(|v| v.to_string())],
        |text| {
            if let Err(e) = mocklink::Scenario::from_json_str(&text, "<fuzz>") {
                assert_located(&e, &text);
            }
        },
    );
}

/// A change to the default scenario document.
#[derive(Debug, Clone)]
enum Mutation {
    /// Replaces the value at the `n`th node (in document order) by `value`.
    Replace(usize, Value),
    /// Removes the `n`th node from its object or array.
    Remove(usize),
    /// Adds a field to the `n`th node, if an object.
    AddField(usize, String, Value),
    /// Cuts `len` bytes at byte `at` of the text.
    Cut(usize, usize),
    /// Inserts text at byte `at`.
    Insert(usize, String),
}

/// Every node of `v` in document order, as JSON pointers.
fn pointers(v: &Value, here: String, out: &mut Vec<String>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let k = k.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{here}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                pointers(child, format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn mutate(base: &str, m: &Mutation) -> String {
    match m {
        Mutation::Cut(at, len) => {
            let mut bytes = base.as_bytes().to_vec();
            let at = at % bytes.len().max(1);
            let end = (at + len).min(bytes.len());
            bytes.drain(at..end);
            return String::from_utf8_lossy(&bytes).into_owned();
        }
        Mutation::Insert(at, text) => {
            let mut s = base.to_string();
            let mut at = at % s.len().max(1);
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            s.insert_str(at, text);
            return s;
        }
        _ => {}
    }
    // After a textual change the document may no longer be JSON; structural
    // changes then leave it as it is.
    let Ok(mut doc) = serde_json::from_str::<Value>(base) else {
        return base.to_string();
    };
    let mut all = Vec::new();
    pointers(&doc, String::new(), &mut all);
    let pick = |n: usize| all[n % all.len()].clone();
    match m {
        Mutation::Replace(n, value) => {
            if let Some(slot) = doc.pointer_mut(&pick(*n)) {
                *slot = value.clone();
            }
        }
        Mutation::Remove(n) => {
            let p = pick(*n);
            if let Some((parent, last)) = p.rsplit_once('/') {
                match doc.pointer_mut(parent) {
                    Some(Value::Object(o)) => {
                        o.shift_remove(&last.replace("~1", "/").replace("~0", "~"));
                    }
                    Some(Value::Array(a)) => {
                        if let Ok(i) = last.parse::<usize>() {
                            if i < a.len() {
                                a.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Mutation::AddField(n, k, value) => {
            if let Some(Value::Object(o)) = doc.pointer_mut(&pick(*n)) {
                o.insert(k.clone(), value.clone());
            }
        }
        Mutation::Cut(..) | Mutation::Insert(..) => {}
    }
    serde_json::to_string_pretty(&doc).expect("JSON")
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let value = prop_oneof![plausible(), any_json()];
    prop_oneof![
        4 => (any::<usize>(), value.clone()).prop_map(|(n, v)| Mutation::Replace(n, v)),
        2 => any::<usize>().prop_map(Mutation::Remove),
        1 => (any::<usize>(), "[a-zA-Z]{1,10}", value).prop_map(|(n, k, v)| Mutation::AddField(n, k, v)),
        2 => (any::<usize>(), 1..40usize).prop_map(|(at, len)| Mutation::Cut(at, len)),
        1 => (any::<usize>(), prop::sample::select(vec!["{", "}", ",", "\"", "]", "null", "-", "1e9999", "\u{0}", "é"]))
            .prop_map(|(at, t)| Mutation::Insert(at, t.to_string())),
    ]
}

#[test]
fn mutated_default_scenarios_load_or_fail_naming_a_path_or_position() {
    // C-3, C-8: by the library, and through PUT /__admin/scenario, which
    // keeps the old scenario on a 400.
    let base = include_str!("../../scenarios/default.json");
    let rig = Rig::start();
    let app = &rig.app;
    run(128, prop::collection::vec(mutation(), 1..4), |ms| {
        let text = ms.iter().fold(base.to_string(), |t, m| mutate(&t, m));
        let loaded = mocklink::Scenario::from_json_str(&text, "<fuzz>");
        if let Err(e) = &loaded {
            assert_located(e, &text);
        }
        let r = app.send(
            app.client
                .put(app.url("/__admin/scenario"))
                .header("content-type", "application/json")
                .body(text.clone()),
        );
        rig.check("PUT", "/__admin/scenario", text.len(), &r);
        assert_eq!(r.status == 200, loaded.is_ok(), "{}", r.text);
    });
    rig.assert_alive();
}
