//! Serving (SPEC C-1, C-7): the binary's start-up line and flags, the library
//! facade under every test runtime, and JSON answers for bad requests.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use mocklink::MockLink;
use serde_json::json;

use super::helpers::*;

/// Starts the real binary with `args` and `envs`; returns it and the first
/// line it printed on stdout.
fn start_binary(
    args: &[&std::ffi::OsStr],
    envs: &[(&str, &std::ffi::OsStr)],
) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mocklink"))
        .args(args)
        .envs(envs.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mocklink");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    (child, line)
}

/// The base URL in a `mocklink listening on …` line.
fn listening_url(line: &str) -> String {
    line.trim()
        .strip_prefix("mocklink listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string()
}

// C-1: the first stdout line names the address; port 0 picks a free one.
#[test]
fn binary_prints_listening_line_first_and_serves() {
    let (mut child, line) = start_binary(&["--port".as_ref(), "0".as_ref()], &[]);
    let url = listening_url(&line);
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"),
        "{url}"
    );
    let health: serde_json::Value = reqwest::blocking::get(format!("{url}/__admin/health"))
        .expect("health")
        .json()
        .expect("json");
    assert_eq!(health["status"], "ok");
    // SIGTERM ends it cleanly: exit code 0, not death by the signal
    // (which has no code and would pass a looser check).
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let status = child.wait().expect("exit");
    assert_eq!(status.code(), Some(0), "{status:?}");
}

// C-1: flags have MOCKLINK_* variables.
#[test]
fn environment_variables_set_port_and_scenario() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/default.json");
    let (mut child, line) = start_binary(
        &[],
        &[
            ("MOCKLINK_PORT", "0".as_ref()),
            ("MOCKLINK_HOST", "127.0.0.1".as_ref()),
            ("MOCKLINK_SCENARIO", file.as_os_str()),
        ],
    );
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.starts_with("mocklink listening on http://127.0.0.1:"),
        "{line}"
    );
    assert!(
        !line.trim().ends_with(":8080"),
        "port 0 from the environment: {line}"
    );
}

// Facade: works under plain #[test] (above), #[actix_web::test] and #[tokio::test].
#[actix_web::test]
async fn facade_works_under_actix_test_runtime() {
    let mock = MockLink::start();
    let body: serde_json::Value = reqwest::get(mock.url("/__admin/health"))
        .await
        .expect("health")
        .json()
        .await
        .expect("json");
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn facade_works_under_tokio_test_runtime() {
    let mock = MockLink::start();
    let status = reqwest::get(mock.url("/__admin/clock"))
        .await
        .expect("clock")
        .status();
    assert_eq!(status, 200);
}

// Facade: dropping it stops the server and frees the port.
#[test]
fn dropping_the_facade_stops_the_server() {
    let mock = MockLink::start();
    let addr = mock.address();
    drop(mock);
    assert!(
        std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_millis(500)).is_err()
    );
}

// C-7: unknown paths get a JSON 404, in the provider's shape under its prefix.
#[test]
fn unknown_path_gets_json_404() {
    let app = spawn();
    let r = app.get("/no/such/thing");
    assert_eq!(r.status, 404);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(r.json["error"], "No route for GET /no/such/thing");
}

// C-7: a known path with another method gets a JSON 405 with Allow.
#[test]
fn wrong_method_gets_json_405_with_allow() {
    let app = spawn();
    let r = app.get("/__admin/reset");
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow").as_deref(), Some("POST"));
    assert!(
        r.json["error"]
            .as_str()
            .is_some_and(|e| e.contains("not allowed")),
        "{}",
        r.text
    );
    let r = app.send(app.client.patch(app.url("/__admin/clock")));
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow").as_deref(), Some("GET, HEAD, POST"));
}

// C-7: bodies over 1 MiB get 413, and are journaled.
#[test]
fn body_over_one_mebibyte_gets_413() {
    let app = spawn();
    let big = "x".repeat(1024 * 1024 + 1);
    let r = app.post_raw("/linkedin/profile", "application/json", big);
    assert_eq!(r.status, 413);
    assert!(r.json.is_object(), "JSON body: {}", r.text);
    let j = app.journal("");
    assert_eq!(j.last().map(|e| e["status"].clone()), Some(json!(413)));
    // Exactly 1 MiB is accepted by the transport (the route then answers).
    let ok = app.post_raw(
        "/linkedin/profile",
        "application/json",
        "y".repeat(1024 * 1024),
    );
    assert_ne!(ok.status, 413);
}

// C-7: a chunked body with no length is bounded too.
#[test]
fn chunked_body_over_limit_gets_413() {
    let app = spawn();
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..20).map(|_| Ok(vec![b'a'; 64 * 1024])).collect();
    let body = reqwest::blocking::Body::new(std::io::Cursor::new(
        chunks
            .into_iter()
            .flat_map(|c| c.unwrap_or_default())
            .collect::<Vec<u8>>(),
    ));
    let r = app.send(
        app.client
            .post(app.url("/v1/linkedin-profile-enrichment/enrich"))
            .header("transfer-encoding", "chunked")
            .body(body),
    );
    assert_eq!(r.status, 413);
}

// C-1, C-7: SIGTERM lets an in-flight request finish, refuses new
// connections at once, and the process ends within a bound.
#[test]
fn sigterm_finishes_the_in_flight_request_refuses_new_connections_and_exits() {
    drains_on_signal("TERM");
}

// C-12: SIGINT (Ctrl-C) drains exactly like SIGTERM; actix alone would cut
// the in-flight request.
#[test]
fn sigint_finishes_the_in_flight_request_like_sigterm() {
    drains_on_signal("INT");
}

/// Sends `SIG<signal>` while a delayed request is in flight and checks the
/// request is served in full, new connections are refused, and the process
/// exits with 0 in bounded time.
fn drains_on_signal(signal: &str) {
    let default = include_str!("../../scenarios/default.json");
    let mut scenario: serde_json::Value = serde_json::from_str(default).expect("default");
    scenario["latency"] = json!({ "outx": { "fixedMs": 1500 } });
    let file =
        std::env::temp_dir().join(format!("mocklink-sig{signal}-{}.json", std::process::id()));
    std::fs::write(&file, scenario.to_string()).expect("scenario file");
    let (mut child, line) = start_binary(
        &[
            "--port".as_ref(),
            "0".as_ref(),
            "--scenario".as_ref(),
            file.as_os_str(),
        ],
        &[],
    );
    let url = listening_url(&line);
    let addr: std::net::SocketAddr = url.trim_start_matches("http://").parse().expect("address");

    let started = std::time::Instant::now();
    let in_flight = {
        let url = url.clone();
        std::thread::spawn(move || {
            let resp = reqwest::blocking::Client::new()
                .post(format!("{url}/linkedin-agent/fetch-profile"))
                .header("x-api-key", "outx_demo_key")
                .json(&json!({ "profile_slug": "anandi-devi" }))
                .send()
                .expect("the in-flight request is answered");
            read(resp)
        })
    };
    // Well inside the 1.5 s latency: the request has arrived and waits.
    std::thread::sleep(std::time::Duration::from_millis(400));
    let term = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(term.success());
    std::thread::sleep(std::time::Duration::from_millis(300));
    let refused =
        std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_millis(300)).is_err();
    let still_in_flight = !in_flight.is_finished();

    let reply = in_flight.join().expect("request thread");
    let _ = std::fs::remove_file(&file);
    assert!(
        still_in_flight,
        "the connection check ran while the request was in flight"
    );
    assert!(refused, "a new connection was accepted after SIG{signal}");
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json["success"], true, "{}", reply.text);
    assert!(
        reply.json["api_agent_task_id"].is_string(),
        "{}",
        reply.text
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(1500),
        "the latency was served in full"
    );

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(12);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("mocklink still running 12 s after SIG{signal}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0), "{status:?}");
}
