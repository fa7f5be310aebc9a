//! Compressed request bodies on every provider (SPEC G-5): gzip, deflate and
//! br are decoded before parsing; the 1 MiB limit applies to the decoded
//! size; a body that does not decode is a 400 in the provider's own shape.

use std::io::Write;

use serde_json::{json, Value};

use super::helpers::*;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("gzip");
    e.finish().expect("gzip")
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("deflate");
    e.finish().expect("deflate")
}

fn br(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 6, 22);
        w.write_all(data).expect("br");
    }
    out
}

/// One provider's request: path, auth header, a valid body, the status it
/// answers, and how its errors look.
struct Case {
    path: &'static str,
    auth: (&'static str, &'static str),
    body: Value,
    ok: u16,
    /// The provider's error shape, checked on a body.
    shape: fn(&Value) -> bool,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            path: "/linkedin/profile",
            auth: ("authorization", "Bearer cs_live_demo"),
            body: json!({ "profileId": "anandi-devi" }),
            ok: 200,
            shape: |v| v["success"] == false && v["error"].is_string(),
        },
        Case {
            path: "/v1/linkedin-profile-enrichment/enrich",
            auth: ("authorization", "Bearer atm_live_demo"),
            body: json!({ "url": "https://www.linkedin.com/in/anandi-devi" }),
            ok: 200,
            shape: |v| v["error"]["code"].is_string() && v["error"]["retryable"].is_boolean(),
        },
        Case {
            path: "/v2/actors/atomus~linkedin-profile-scraper/runs",
            auth: ("authorization", "Bearer apify_api_demo"),
            body: json!({ "urls": ["https://www.linkedin.com/in/anandi-devi/"] }),
            ok: 201,
            shape: |v| v["error"]["type"].is_string() && v["error"]["message"].is_string(),
        },
        Case {
            path: "/linkedin-agent/fetch-profile",
            auth: ("x-api-key", "outx_demo_key"),
            body: json!({ "profile_slug": "anandi-devi" }),
            ok: 200,
            shape: |v| v["error"].is_string(),
        },
    ]
}

fn send(app: &TestApp, c: &Case, encoding: &str, body: Vec<u8>) -> Reply {
    app.send(
        app.client
            .post(app.url(c.path))
            .header(c.auth.0, c.auth.1)
            .header("content-type", "application/json")
            .header("content-encoding", encoding)
            .body(body),
    )
}

#[test]
fn gzip_deflate_and_br_bodies_are_decoded_on_every_provider() {
    // G-5
    let app = spawn();
    for c in cases() {
        let plain = serde_json::to_vec(&c.body).expect("json");
        for (name, body) in [
            ("gzip", gzip(&plain)),
            ("deflate", deflate(&plain)),
            ("br", br(&plain)),
            ("identity", plain.clone()),
        ] {
            let r = send(&app, &c, name, body);
            assert_eq!(r.status, c.ok, "{} {name}: {}", c.path, r.text);
        }
    }
    // The journal keeps the decoded body and says how it came.
    let j = app.journal("?provider=apify&limit=1");
    assert_eq!(
        j[0]["headers"]["x-mocklink-content-encoding"], "identity",
        "{j:?}"
    );
}

#[test]
fn the_size_limit_applies_to_the_decoded_body_on_every_provider() {
    // G-5, C-7: 2 MiB of JSON that compresses to a few KiB → 413.
    let app = spawn();
    let mut big = b"{\"pad\":\"".to_vec();
    big.extend(std::iter::repeat_n(b'a', 2 * 1024 * 1024));
    big.extend(b"\"}");
    let small = gzip(&big);
    assert!(small.len() < 64 * 1024);
    for c in cases() {
        let r = send(&app, &c, "gzip", small.clone());
        assert_eq!(r.status, 413, "{}: {}", c.path, r.text);
        assert!((c.shape)(&r.json), "{}: {}", c.path, r.text);
        let r = send(&app, &c, "br", br(&big));
        assert_eq!(r.status, 413, "{} br: {}", c.path, r.text);
    }
}

#[test]
fn a_body_that_does_not_decode_is_a_400_in_each_providers_shape() {
    // G-5: corrupt bodies → 400; an unknown coding → 415.
    let app = spawn();
    for c in cases() {
        for encoding in ["gzip", "deflate", "br"] {
            let r = send(&app, &c, encoding, b"{\"not\":\"compressed\"}".to_vec());
            assert_eq!(r.status, 400, "{} {encoding}: {}", c.path, r.text);
            assert!((c.shape)(&r.json), "{} {encoding}: {}", c.path, r.text);
        }
        let r = send(&app, &c, "zstd", b"x".to_vec());
        assert_eq!(r.status, 415, "{}: {}", c.path, r.text);
        assert!((c.shape)(&r.json), "{}: {}", c.path, r.text);
    }
    let r = app.send(
        app.client
            .post(app.url("/v2/actors/atomus~linkedin-profile-scraper/runs"))
            .header("authorization", "Bearer apify_api_demo")
            .header("content-encoding", "zstd")
            .body("x"),
    );
    assert_eq!(
        r.json["error"]["type"], "unsupported-content-encoding",
        "{}",
        r.text
    );
}
