//! Hostile input (SPEC C-7): property tests that throw arbitrary bodies, query
//! strings, headers and scenario documents at mocklink, and raw-socket tests
//! of clients that are slow, stall or do not speak HTTP. The server must never
//! panic, hang or answer 5xx, must answer JSON, and must answer only statuses
//! the OpenAPI document lists for the route. One server serves each property
//! (not one per case), which keeps the whole suite to a few seconds.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use mocklink::MockLink;

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
