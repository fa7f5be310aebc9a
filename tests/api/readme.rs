//! The README as a user follows it (issue 10, item 23): its ConnectSafely
//! reset walkthrough replayed command by command against a fresh server, and
//! the document self-contained (no references to files a user of the
//! repository does not have), with the LICENSE that Cargo.toml names.

use serde_json::Value;

use super::helpers::*;

fn readme() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    std::fs::read_to_string(path).expect("README.md")
}

/// Splits one shell command line into words, honouring single quotes (the
/// only quoting the walkthrough uses).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

/// One `curl` of the walkthrough: method, path, headers, body.
#[derive(Debug)]
struct Curl {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

fn parse_curl(line: &str) -> Curl {
    let w = words(line);
    assert_eq!(w.first().map(String::as_str), Some("curl"), "{line}");
    let mut c = Curl {
        method: "GET".into(),
        path: String::new(),
        headers: Vec::new(),
        body: None,
    };
    let mut i = 1;
    while i < w.len() {
        let a = w[i].as_str();
        if let Some(m) = a.strip_prefix("-X").filter(|m| !m.is_empty()) {
            c.method = m.to_string();
        } else if a == "-X" {
            i += 1;
            c.method = w[i].clone();
        } else if a == "-H" {
            i += 1;
            let (k, v) = w[i].split_once(':').expect("header");
            c.headers.push((k.trim().to_string(), v.trim().to_string()));
        } else if a == "-d" {
            i += 1;
            c.body = Some(w[i].clone());
        } else if let Some(rest) = a.strip_prefix("localhost:8080") {
            c.path = rest.to_string();
        } else {
            assert!(a.starts_with('-'), "unexpected word {a:?} in {line}");
        }
        i += 1;
    }
    c
}

/// The curl commands of the walkthrough block, in order.
fn walkthrough() -> Vec<Curl> {
    let text = readme();
    let start = text
        .find("<!-- walkthrough: connectsafely resets")
        .expect("the walkthrough marker in README.md");
    let block = &text[start..];
    let open = block.find("```sh\n").expect("code block") + 6;
    let close = block[open..].find("```").expect("end of block") + open;
    block[open..close]
        .lines()
        .filter(|l| l.starts_with("curl "))
        .map(parse_curl)
        .collect()
}

// Issue 10 item 23: the walkthrough works when followed in order on a
// server started a moment ago (real clock, default scenario).
#[test]
fn readme_reset_walkthrough_works_when_followed_in_order() {
    let app = spawn_scenario(mocklink::Scenario::default_scenario());
    let steps = walkthrough();
    // What each step must show: (status, "cached", X-RateLimit-Used).
    let expect: [(u16, Option<bool>, Option<&str>); 11] = [
        (200, None, None),             // reset
        (200, None, None),             // set the clock, frozen
        (200, Some(false), Some("1")), // jane-doe counts
        (200, Some(false), Some("2")), // john-doe-123 counts
        (200, None, None),             // 6 h later
        (200, Some(false), Some("2")), // cache expired, already counted
        (200, None, None),             // midnight
        (200, Some(false), Some("1")), // a new day
        (200, None, Some("1")),        // a connect counts
        (200, None, None),             // Monday
        (200, None, Some("1")),        // a new week
    ];
    assert_eq!(steps.len(), expect.len(), "{steps:#?}");
    for (i, (step, (status, cached, used))) in steps.iter().zip(expect).enumerate() {
        let method = reqwest::Method::from_bytes(step.method.as_bytes()).expect("method");
        let mut rb = app.client.request(method, app.url(&step.path));
        for (k, v) in &step.headers {
            rb = rb.header(k, v);
        }
        if let Some(b) = &step.body {
            rb = rb.body(b.clone());
        }
        let r = app.send(rb);
        assert_eq!(r.status, status, "step {i} {step:?}: {}", r.text);
        if let Some(c) = cached {
            assert_eq!(r.json["cached"], Value::Bool(c), "step {i}: {}", r.text);
        }
        if let Some(u) = used {
            assert_eq!(
                r.header("x-ratelimit-used").as_deref(),
                Some(u),
                "step {i}: {}",
                r.text
            );
        }
    }
}

// Issue 10 item 23: the README stands alone (it states mocklink's decisions in
// its own words) and the license Cargo.toml names is in the repository.
#[test]
fn readme_cites_no_internal_documents_and_the_license_file_exists() {
    let text = readme();
    for internal in [
        "SPEC.md",
        "SPEC ",
        "seed 0",
        "Seed 0",
        "seed docs",
        "seed's",
    ] {
        assert!(
            !text.contains(internal),
            "README.md refers to {internal:?}, which users do not have"
        );
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("license = \"MIT\""));
    let license = std::fs::read_to_string(root.join("LICENSE")).expect("LICENSE file");
    assert!(license.starts_with("MIT License"), "{license}");
    assert!(license.contains("Permission is hereby granted, free of charge"));
}

// Issue 10 item 18: the contract script asks cargo where the release binary
// is, so it works with CARGO_TARGET_DIR set.
#[test]
fn contract_script_finds_the_binary_under_cargo_target_dir() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let elsewhere = std::env::temp_dir().join("mocklink-elsewhere-target");
    let out = std::process::Command::new("bash")
        .arg(root.join(".ci/release-binary"))
        .env("CARGO_TARGET_DIR", &elsewhere)
        .output()
        .expect("run .ci/release-binary");
    assert!(out.status.success(), "{out:?}");
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert_eq!(
        path,
        elsewhere.join("release/mocklink").display().to_string()
    );
    let contract = std::fs::read_to_string(root.join(".ci/contract")).expect(".ci/contract");
    assert!(
        contract.contains("BIN=$(bash .ci/release-binary)")
            && !contract.contains("target/release/mocklink"),
        ".ci/contract must take the binary from .ci/release-binary"
    );
}
