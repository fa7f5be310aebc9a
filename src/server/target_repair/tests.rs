//! The adapter driven by scripted byte streams, split at every position and
//! read through buffers of every size that matters (SPEC C-12, issue 10
//! item 21): heads with bytes `http::Uri` refuses are repaired, everything
//! else — fine heads, bodies, chunk data and trailers full of `<` and `"` —
//! comes out byte for byte.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use super::*;

/// Reads back the scripted pieces one per `poll_read`, each preceded by a
/// `Pending` (woken at once), so every resumption path runs.
struct Script {
    pieces: VecDeque<Vec<u8>>,
    pend: bool,
}

impl AsyncRead for Script {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.pend {
            self.pend = false;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        self.pend = true;
        let Some(mut piece) = self.pieces.pop_front() else {
            return Poll::Ready(Ok(()));
        };
        let n = piece.len().min(buf.remaining());
        buf.put_slice(&piece[..n]);
        if n < piece.len() {
            self.pieces.push_front(piece.split_off(n));
        }
        Poll::Ready(Ok(()))
    }
}

/// Everything the adapter hands on for `pieces` (empty ones dropped: they
/// would read as the end), read `read_size` bytes at a time until the end.
fn run(pieces: Vec<Vec<u8>>, read_size: usize) -> Vec<u8> {
    let mut io = TargetRepair::new(Script {
        pieces: pieces.into_iter().filter(|p| !p.is_empty()).collect(),
        pend: false,
    });
    let mut cx = Context::from_waker(Waker::noop());
    let mut out = Vec::new();
    let mut space = vec![0u8; read_size];
    for _ in 0..1_000_000 {
        let mut buf = ReadBuf::new(&mut space);
        match Pin::new(&mut io).poll_read(&mut cx, &mut buf) {
            Poll::Pending => continue,
            Poll::Ready(Err(e)) => panic!("read failed: {e}"),
            Poll::Ready(Ok(())) if buf.filled().is_empty() => return out,
            Poll::Ready(Ok(())) => out.extend_from_slice(buf.filled()),
        }
    }
    panic!("the adapter never reached the end of the stream");
}

/// `input` split in two at every position, through small and large reads,
/// always gives `expected`.
fn check_every_split(input: &[u8], expected: &[u8]) {
    for at in 0..=input.len() {
        for read_size in [1, 7, 64, 8192] {
            let pieces = vec![input[..at].to_vec(), input[at..].to_vec()];
            let out = run(pieces, read_size);
            assert!(
                out == expected,
                "split at {at}, reads of {read_size}:\n got {:?}\nwant {:?}",
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(expected)
            );
        }
    }
}

const HOST: &str = "Host: mock\r\n";

/// Pipelined requests: a bad query, a JSON body with `<` and `"`, a chunked
/// body whose chunk, extension and trailer hold a whole request-looking
/// line with `<`, a bad path, a fine head, an empty body, a non-ASCII path.
fn pipeline(repaired: bool) -> Vec<u8> {
    let t = |bad: &str, good: &str| {
        if repaired {
            good.to_string()
        } else {
            bad.to_string()
        }
    };
    let body = r#"{"q":"<b>\"x\"</b>","note":"GET /<x> HTTP/1.1"}"#;
    let chunk = "GET /<id> HTTP/1.1\r\nHost: \"<\"\r\n\r\n";
    [
        format!(
            "GET {} HTTP/1.1\r\n{HOST}x-api-key: k\r\n\r\n",
            t(
                "/api-agent/task?api_agent_task_id=<id>",
                "/api-agent/task?api_agent_task_id=%3Cid%3E"
            )
        ),
        format!(
            "POST /linkedin/profile HTTP/1.1\r\n{HOST}Content-Length: {}\r\n\r\n{body}",
            body.len()
        ),
        format!(
            "POST {} HTTP/1.1\r\n{HOST}Transfer-Encoding: chunked\r\n\r\n\
             {:x};a=\"<\"\r\n{chunk}\r\n3\r\n<\">\r\n0\r\nX-T: <\"v\">\r\n\r\n",
            t("/run?q=\"<\"", "/run?q=%22%3C%22"),
            chunk.len()
        ),
        format!(
            "GET {} HTTP/1.1\r\n{HOST}\r\n",
            t(
                "/a<b>/c`d\"e?f=`g`#<frag>",
                "/a%3Cb%3E/c%60d\"e?f=`g`#<frag>"
            )
        ),
        format!("GET /fine/path?x=1&y=%3C HTTP/1.1\r\n{HOST}\r\n"),
        format!("PUT /empty HTTP/1.1\r\n{HOST}Content-Length: 0\r\n\r\n"),
        format!(
            "GET {} HTTP/1.0\r\n\r\n",
            t("/caf\u{e9}?q=\u{e9}", "/caf%C3%A9?q=%C3%A9")
        ),
    ]
    .concat()
    .into_bytes()
}

// C-12 / issue 10 item 21: heads with bytes `http::Uri` refuses are repaired;
// bodies, chunks, extensions and trailers with the same bytes are not.
#[test]
fn pipelined_heads_are_repaired_and_bodies_are_not_at_every_split() {
    check_every_split(&pipeline(false), &pipeline(true));
}

// C-12 / issue 10 item 21: the stream delivered one byte per read still
// comes out right (every head split everywhere at once).
#[test]
fn a_stream_arriving_byte_by_byte_is_repaired_the_same_way() {
    let input = pipeline(false);
    let pieces = input.iter().map(|&b| vec![b]).collect();
    assert_eq!(run(pieces, 8192), pipeline(true));
}

// C-12 / issue 10 item 21: a stream that needs nothing is handed on
// byte for byte, straight into the reader's buffer (nothing held, nothing
// copied aside).
#[test]
fn fine_heads_pass_unchanged_and_are_never_copied() {
    let input = pipeline(true);
    check_every_split(&input, &input);
    let mut io = TargetRepair::new(Script {
        pieces: vec![input.clone()].into(),
        pend: false,
    });
    let mut space = vec![0u8; input.len() + 1];
    let mut buf = ReadBuf::new(&mut space);
    let mut cx = Context::from_waker(Waker::noop());
    assert!(Pin::new(&mut io).poll_read(&mut cx, &mut buf).is_ready());
    assert_eq!(buf.filled(), &input[..]);
    assert_eq!((io.held.capacity(), io.ready.capacity()), (0, 0));
    assert_eq!(io.framer.state, State::Head);
}

// C-12: after an upgrade or CONNECT nothing is HTTP/1 any more; the rest
// passes untouched even where it looks like a bad head.
#[test]
fn after_an_upgrade_or_connect_everything_passes_untouched() {
    for first in [
        format!("GET /ws HTTP/1.1\r\n{HOST}Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n"),
        format!("CONNECT mock:443 HTTP/1.1\r\n{HOST}\r\n"),
    ] {
        let input = format!("{first}GET /<x> HTTP/1.1\r\n{HOST}\r\n").into_bytes();
        check_every_split(&input, &input);
    }
}

// C-12: what actix refuses (bad framing headers, a broken chunk) or cannot
// parse (a head past its size limit) is left to actix, untouched, along
// with everything after it.
#[test]
fn what_cannot_be_framed_is_left_to_actix_untouched() {
    let next = format!("GET /<x> HTTP/1.1\r\n{HOST}\r\n");
    for first in [
        format!("POST /a HTTP/1.1\r\n{HOST}Content-Length: +3\r\n\r\nabc"),
        format!("POST /a HTTP/1.1\r\n{HOST}Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc"),
        format!("POST /a HTTP/1.1\r\n{HOST}Transfer-Encoding: gzip\r\n\r\n"),
        format!(
            "POST /a HTTP/1.1\r\n{HOST}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
        ),
        "POST /a HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n".to_string(),
        format!("POST /a HTTP/1.1\r\n{HOST}Transfer-Encoding: chunked\r\n\r\nzz\r\n"),
        format!("POST /a HTTP/1.1\r\n{HOST}Transfer-Encoding: chunked\r\n\r\n3\r\nabcX"),
        "GET /a<b> HTTP/1.1\r\nBad Header\r\n\r\n".to_string(),
    ] {
        let input = format!("{first}{next}").into_bytes();
        check_every_split(&input, &input);
    }
    let long = format!(
        "GET /a<b> HTTP/1.1\r\n{HOST}X-Long: {}\r\n\r\n",
        "v".repeat(MAX_HEAD)
    )
    .into_bytes();
    assert_eq!(run(vec![long.clone()], 8192), long);
}

// C-12: a peer that stops in the middle of a head gets that partial head
// handed on as it was, then the end of the stream.
#[test]
fn a_head_cut_short_is_handed_on_as_it_came() {
    let input = format!("GET /fine HTTP/1.1\r\n{HOST}\r\nGET /a<b> HTTP/1.1\r\nHo").into_bytes();
    check_every_split(&input, &input);
}

// C-12: the bytes the adapter encodes are exactly those `http::Uri` refuses
// in each part of a target, and the cheap pre-check sees every one of them
// among the bytes httparse lets into a target.
#[test]
fn repaired_bytes_are_exactly_those_http_uri_refuses() {
    for b in 0..=255u8 {
        let path_ok = Uri::try_from(&[b'/', b][..]).is_ok();
        let query_ok = Uri::try_from(&[b'/', b'?', b][..]).is_ok();
        if !matches!(b, b'?' | b'#') {
            assert_eq!(path_byte_ok(b), path_ok, "path byte {b:#04x}");
        }
        if b != b'#' {
            assert_eq!(query_byte_ok(b), query_ok, "query byte {b:#04x}");
        }
        let httparse_takes = matches!(b, 0x21..=0x7E | 0x80..=0xFF);
        if httparse_takes && !(path_ok && query_ok) {
            assert!(may_need_repair(&[b]), "byte {b:#04x} escapes the pre-check");
        }
    }
    assert_eq!(
        repair(b"http://mock:8080/p<?q=\"").as_deref(),
        Some(&b"http://mock:8080/p%3C?q=%22"[..])
    );
    // Nothing to do, or nothing that would help: left to actix.
    assert_eq!(repair(b"/a\"b"), None);
    assert_eq!(repair(b"*"), None);
    assert_eq!(repair(b"mock:443"), None);
}
