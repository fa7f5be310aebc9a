//! `mocklink health`: the container's health check (no curl in a `FROM
//! scratch` image), and the version it reports.

use std::process::Command;

use crate::helpers::spawn;

// The health client reads the version a running server reports.
#[test]
fn health_check_reports_the_running_servers_version() {
    let app = spawn();
    let version = mocklink::health::check(&app.mock.uri()).expect("healthy");
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
}

// Nothing listening: unhealthy, not a hang or a panic.
#[test]
fn health_check_fails_when_nothing_listens() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let err = mocklink::health::check(&format!("http://127.0.0.1:{port}"))
        .expect_err("nothing listens there");
    assert!(
        matches!(err, mocklink::health::HealthError::Unreachable(_)),
        "{err:?}"
    );
}

// A server that is not mocklink (here: a path prefix with no health route)
// is not healthy.
#[test]
fn health_check_fails_on_a_non_health_answer() {
    let app = spawn();
    let err = mocklink::health::check(&app.mock.url("/linkedin")).expect_err("not a health doc");
    assert!(
        matches!(err, mocklink::health::HealthError::Status(404)),
        "{err:?}"
    );
}

// The subcommand exits 0 against a live server and 1 against a dead one.
#[test]
fn health_subcommand_exit_code_follows_the_server() {
    let app = spawn();
    let ok = Command::new(env!("CARGO_BIN_EXE_mocklink"))
        .args(["health", "--url", &app.mock.uri()])
        .output()
        .expect("run mocklink health");
    assert!(ok.status.success(), "{ok:?}");
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(out.contains(env!("CARGO_PKG_VERSION")), "{out}");
    let port = app.mock.address().port();
    drop(app);
    let bad = Command::new(env!("CARGO_BIN_EXE_mocklink"))
        .args(["health", "--url", &format!("http://127.0.0.1:{port}")])
        .output()
        .expect("run mocklink health");
    assert_eq!(bad.status.code(), Some(1), "{bad:?}");
}

// `mocklink --version` and /__admin/health name the same version.
#[test]
fn version_flag_matches_the_health_version() {
    let out = Command::new(env!("CARGO_BIN_EXE_mocklink"))
        .arg("--version")
        .output()
        .expect("run mocklink --version");
    let text = String::from_utf8_lossy(&out.stdout);
    let app = spawn();
    let version = mocklink::health::check(&app.mock.uri()).expect("healthy");
    assert_eq!(text.trim(), format!("mocklink {version}"));
}
