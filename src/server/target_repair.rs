//! Repairs request-targets that actix would answer with an empty 400 (SPEC
//! C-12, issue 10 item 21).
//!
//! httparse, which actix-http's HTTP/1 decoder runs first, accepts any
//! visible byte and any byte ≥ 0x80 in a request-target; the decoder then
//! builds an `http::Uri`, which refuses `<`, `>`, `` ` `` and non-ASCII in a
//! path, and `"`, `<`, `>` and non-ASCII in a query. That refusal happens
//! inside the connection dispatcher, which answers a bare `400` with no body
//! before any middleware or handler runs, and actix-http offers no hook
//! there. The real services sit behind ordinary web servers that accept
//! such requests, so a client that copies `?api_agent_task_id=<id>` from a
//! doc example gets the provider's own JSON error from them, and must get it
//! from mocklink too.
//!
//! So each accepted connection is wrapped in [`TargetRepair`], which reads
//! the request stream the way actix's decoder will, finds each request head
//! (by the same httparse parser and actix's own framing rules: bodies by
//! `Content-Length` or chunked transfer-coding), and percent-encodes exactly
//! the bytes `http::Uri` would refuse, so `<id>` reaches the router as
//! `%3Cid%3E` and the provider's handler answers. Everything else is left
//! byte for byte as it came:
//! - heads that already make a valid `Uri`, request bodies and chunk data
//!   (a body may well contain `<` or `"`), are never rewritten, and are read
//!   straight into actix's buffer — only a head split across reads, or one
//!   that is rewritten, is copied;
//! - bodies are counted, never held;
//! - after anything the adapter cannot frame with certainty (an upgrade,
//!   `CONNECT`, a malformed head, chunk line or framing header, a head past
//!   actix's own size limit) it passes the rest of the connection through
//!   untouched, and actix answers as it always did (a malformed request
//!   makes actix close the connection anyway).

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use actix_web::http::Uri;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// actix-http's decoder gives up on a head once this many bytes are buffered
/// (its `MAX_BUFFER_SIZE`): holding more here would only delay its answer,
/// so a longer head is released as it is.
pub const MAX_HEAD: usize = 131_072;

/// Headers actix-http parses (its `MAX_HEADERS`); more is its error, and the
/// adapter then steps aside.
const MAX_HEADERS: usize = 96;

/// A chunk-size line longer than this (extensions are allowed but unused)
/// is not framed; the connection is passed through.
const MAX_CHUNK_LINE: usize = 4096;

/// Where the request stream stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// At (or inside, when bytes are held) a request head.
    Head,
    /// Inside a `Content-Length` body: bytes still to come.
    Body(u64),
    Chunked(Chunk),
    /// Not framed any more: everything passes untouched.
    Opaque,
}

/// Chunked transfer-coding, in the steps actix-http's decoder takes
/// (`h1/chunked.rs`), so both agree on where the message ends.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Chunk {
    /// A chunk-size line so far (a copy, for `httparse::parse_chunk_size`).
    Size(Vec<u8>),
    Data(u64),
    DataCr,
    DataLf,
    /// After the last chunk: the end, or a trailer field.
    EndCr,
    EndLf,
    Trailer,
    TrailerLf,
}

/// What a head at the start of some bytes is.
enum Head {
    /// Not complete yet.
    Partial,
    /// Not something this adapter frames.
    Opaque,
    Complete {
        len: usize,
        next: State,
        /// The head with its target repaired, when it needed it.
        fixed: Option<Vec<u8>>,
    },
}

/// The framing half, free of I/O so it can be driven byte by byte in tests.
#[derive(Debug)]
struct Framer {
    state: State,
}

impl Framer {
    /// How many leading bytes of `data` go out unchanged, advancing the
    /// framing over them. Less than all only when the rest starts with a
    /// head that is incomplete or needs its target repaired.
    fn pass(&mut self, data: &[u8]) -> usize {
        let mut pos = 0;
        while pos < data.len() {
            let rest = &data[pos..];
            match &mut self.state {
                State::Opaque => return data.len(),
                State::Body(left) => {
                    let n = (*left).min(rest.len() as u64);
                    *left -= n;
                    if *left == 0 {
                        self.state = State::Head;
                    }
                    // n ≤ rest.len(), so it fits a usize.
                    pos += n as usize;
                }
                State::Chunked(_) => pos += self.chunk_step(rest),
                State::Head => match read_head(rest) {
                    Head::Complete {
                        len,
                        next,
                        fixed: None,
                    } => {
                        self.state = next;
                        pos += len;
                    }
                    Head::Complete { fixed: Some(_), .. } | Head::Partial => return pos,
                    Head::Opaque => {
                        self.state = State::Opaque;
                        return data.len();
                    }
                },
            }
        }
        pos
    }

    /// For bytes that start with a head: `None` while it is incomplete,
    /// else how many bytes it took and what goes out in their place.
    fn take_head<'a>(&mut self, data: &'a [u8]) -> Option<(usize, std::borrow::Cow<'a, [u8]>)> {
        match read_head(data) {
            Head::Partial => None,
            Head::Opaque => {
                self.state = State::Opaque;
                Some((data.len(), data.into()))
            }
            Head::Complete { len, next, fixed } => {
                self.state = next;
                Some((len, fixed.map_or_else(|| data[..len].into(), Into::into)))
            }
        }
    }

    /// Consumes at least one byte of a chunked body (all of `data` when the
    /// framing is lost). `data` is not empty.
    fn chunk_step(&mut self, data: &[u8]) -> usize {
        let State::Chunked(chunk) = &mut self.state else {
            return 0;
        };
        let first = data[0];
        let next = match chunk {
            Chunk::Size(line) => {
                let (take, ended) = match data.iter().position(|&b| b == b'\n') {
                    Some(i) => (i + 1, true),
                    None => (data.len(), false),
                };
                line.extend_from_slice(&data[..take]);
                if line.len() > MAX_CHUNK_LINE {
                    self.state = State::Opaque;
                    return data.len();
                }
                if !ended {
                    return take;
                }
                match httparse::parse_chunk_size(line) {
                    Ok(httparse::Status::Complete((used, size))) if used == line.len() => {
                        self.state = State::Chunked(if size == 0 {
                            Chunk::EndCr
                        } else {
                            Chunk::Data(size)
                        });
                        return take;
                    }
                    // actix refuses what httparse does not take whole.
                    _ => {
                        self.state = State::Opaque;
                        return data.len();
                    }
                }
            }
            Chunk::Data(left) => {
                let n = (*left).min(data.len() as u64);
                *left -= n;
                if *left == 0 {
                    *chunk = Chunk::DataCr;
                }
                return n as usize;
            }
            Chunk::DataCr if first == b'\r' => Some(Chunk::DataLf),
            Chunk::DataLf if first == b'\n' => Some(Chunk::Size(Vec::new())),
            Chunk::EndCr if first == b'\r' => Some(Chunk::EndLf),
            // Any other byte begins a trailer field (actix consumes it too).
            Chunk::EndCr => Some(Chunk::Trailer),
            Chunk::EndLf if first == b'\n' => None,
            Chunk::Trailer => {
                return match data.iter().position(|&b| b == b'\r') {
                    Some(i) => {
                        *chunk = Chunk::TrailerLf;
                        i + 1
                    }
                    None => data.len(),
                };
            }
            Chunk::TrailerLf if first == b'\n' => Some(Chunk::EndCr),
            Chunk::DataCr | Chunk::DataLf | Chunk::EndLf | Chunk::TrailerLf => {
                self.state = State::Opaque;
                return data.len();
            }
        };
        self.state = next.map_or(State::Head, State::Chunked);
        1
    }
}

/// Parses a head at the start of `data` as actix-http's decoder will (same
/// parser, same limits) and decides what follows it and whether its target
/// needs repair.
fn read_head(data: &[u8]) -> Head {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let len = match req.parse(data) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) if data.len() < MAX_HEAD => return Head::Partial,
        _ => return Head::Opaque,
    };
    let (Some(method), Some(target), Some(version)) = (req.method, req.path, req.version) else {
        return Head::Opaque;
    };
    let next = framing(method, version, req.headers);
    if next == State::Opaque {
        return Head::Opaque;
    }
    let fixed = if may_need_repair(target.as_bytes()) {
        repair(target.as_bytes()).and_then(|t| splice(data, len, target, &t))
    } else {
        None
    };
    Head::Complete { len, next, fixed }
}

/// What follows a head, by the rules of actix-http's decoder
/// (`h1/decoder.rs`). Whatever actix would refuse, or hand to an upgrade,
/// is `Opaque`: actix closes the connection after a refusal, and after an
/// upgrade the bytes are no longer HTTP/1.
fn framing(method: &str, version: u8, headers: &[httparse::Header<'_>]) -> State {
    if method.eq_ignore_ascii_case("CONNECT") {
        return State::Opaque;
    }
    let mut length = None;
    let mut encoding = None;
    for h in headers {
        let value = std::str::from_utf8(h.value).map(str::trim);
        if h.name.eq_ignore_ascii_case("content-length") {
            let Ok(v) = value else {
                return State::Opaque;
            };
            // `u64::from_str` takes a leading `+`; actix does not.
            match v.parse::<u64>() {
                Ok(n) if length.is_none() && !v.starts_with('+') => length = Some(n),
                _ => return State::Opaque,
            }
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            match value {
                Ok(v) if encoding.is_none() && version == 1 => encoding = Some(v),
                _ => return State::Opaque,
            }
        } else if h.name.eq_ignore_ascii_case("upgrade") {
            return State::Opaque;
        } else if h.name.eq_ignore_ascii_case("connection") {
            let upgrade = value.map(|v| {
                v.split(',')
                    .any(|t| t.trim().eq_ignore_ascii_case("upgrade"))
            });
            if upgrade != Ok(false) {
                return State::Opaque;
            }
        }
    }
    match (encoding, length) {
        (Some(te), None) if te.eq_ignore_ascii_case("chunked") => {
            State::Chunked(Chunk::Size(Vec::new()))
        }
        (Some(_), _) => State::Opaque,
        (None, None | Some(0)) => State::Head,
        (None, Some(n)) => State::Body(n),
    }
}

/// Cheap test for the only bytes `http::Uri` refuses that httparse lets
/// into a target; heads without any of them are never touched.
fn may_need_repair(target: &[u8]) -> bool {
    target
        .iter()
        .any(|&b| matches!(b, b'"' | b'<' | b'>' | b'`') || b >= 0x80)
}

/// Bytes `http::Uri` (0.2) accepts as they are in a path (before `?`).
fn path_byte_ok(b: u8) -> bool {
    matches!(b, 0x21 | 0x22 | 0x24..=0x3B | 0x3D | 0x40..=0x5F | 0x61..=0x7E)
}

/// Bytes `http::Uri` (0.2) accepts as they are in a query.
fn query_byte_ok(b: u8) -> bool {
    matches!(b, 0x21 | 0x24..=0x3B | 0x3D | 0x3F..=0x7E)
}

/// Percent-encodes the bytes of an origin-form (`/p?q`) or absolute-form
/// (`http://host/p?q`) target that `http::Uri` refuses, and nothing else
/// (existing `%XX`, the fragment, the authority are kept). `None` when
/// nothing changed or the result still is not a valid `Uri` (then actix's
/// own 400 stands).
fn repair(target: &[u8]) -> Option<Vec<u8>> {
    let start = if target.first() == Some(&b'/') {
        0
    } else {
        let lower = |n: usize| target.get(..n).map(<[u8]>::to_ascii_lowercase);
        let scheme = if lower(7).as_deref() == Some(b"http://") {
            7
        } else if lower(8).as_deref() == Some(b"https://") {
            8
        } else {
            return None;
        };
        scheme
            + target[scheme..]
                .iter()
                .position(|&b| matches!(b, b'/' | b'?' | b'#'))?
    };
    let mut out = Vec::with_capacity(target.len() + 32);
    out.extend_from_slice(&target[..start]);
    let mut query = false;
    let mut fragment = false;
    for &b in &target[start..] {
        let keep = fragment
            || match b {
                b'#' => {
                    fragment = true;
                    true
                }
                b'?' if !query => {
                    query = true;
                    true
                }
                _ if query => query_byte_ok(b),
                _ => path_byte_ok(b),
            };
        if keep {
            out.push(b);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        }
    }
    (out != target && Uri::try_from(out.as_slice()).is_ok()).then_some(out)
}

/// `head` (its first `len` bytes) with `target` — a slice of it — replaced.
fn splice(head: &[u8], len: usize, target: &str, fixed: &[u8]) -> Option<Vec<u8>> {
    let at = (target.as_ptr() as usize).checked_sub(head.as_ptr() as usize)?;
    let end = at.checked_add(target.len()).filter(|&e| e <= len)?;
    let mut out = Vec::with_capacity(len + fixed.len());
    out.extend_from_slice(&head[..at]);
    out.extend_from_slice(fixed);
    out.extend_from_slice(&head[end..len]);
    Some(out)
}

/// A connection's byte stream with request-targets repaired on the way in
/// (see the module docs). Writes go straight through.
pub struct TargetRepair<IO> {
    io: IO,
    framer: Framer,
    /// The start of a head not yet decidable (incomplete), read from `io`.
    held: Vec<u8>,
    /// Decided bytes not yet handed on: a repaired head and what came after
    /// it in the same read.
    ready: Vec<u8>,
    ready_at: usize,
}

impl<IO> TargetRepair<IO> {
    pub fn new(io: IO) -> Self {
        TargetRepair {
            io,
            framer: Framer { state: State::Head },
            held: Vec::new(),
            ready: Vec::new(),
            ready_at: 0,
        }
    }

    /// Decides what `held` (which starts at a head) can be decided, moving
    /// it to `ready`.
    fn settle(&mut self) {
        while !self.held.is_empty() {
            let Some((len, out)) = self.framer.take_head(&self.held) else {
                return;
            };
            self.ready.extend_from_slice(&out);
            let rest = &self.held[len..];
            let pass = self.framer.pass(rest);
            self.ready.extend_from_slice(&rest[..pass]);
            self.held.drain(..len + pass);
        }
    }

    /// Hands on as much of `ready` as fits; true when anything was.
    fn deliver(&mut self, buf: &mut ReadBuf<'_>) -> bool {
        let left = &self.ready[self.ready_at..];
        let n = left.len().min(buf.remaining());
        buf.put_slice(&left[..n]);
        self.ready_at += n;
        if self.ready_at == self.ready.len() {
            self.ready.clear();
            self.ready_at = 0;
        }
        n > 0
    }
}

impl<IO: AsyncRead + Unpin> AsyncRead for TargetRepair<IO> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        loop {
            if this.deliver(buf) {
                return Poll::Ready(Ok(()));
            }
            if !this.held.is_empty() {
                // More of an incomplete head: read beside what is held.
                let mut chunk = [0u8; 8192];
                let mut more = ReadBuf::new(&mut chunk);
                ready!(Pin::new(&mut this.io).poll_read(cx, &mut more))?;
                if more.filled().is_empty() {
                    // The peer stopped mid-head: actix sees what it sent.
                    this.framer.state = State::Opaque;
                    this.ready.append(&mut this.held);
                } else {
                    this.held.extend_from_slice(more.filled());
                    this.settle();
                }
                continue;
            }
            // The usual path: read straight into the caller's buffer and
            // leave everything there that needs no repair.
            let start = buf.filled().len();
            ready!(Pin::new(&mut this.io).poll_read(cx, buf))?;
            let new = &buf.filled()[start..];
            if new.is_empty() {
                return Poll::Ready(Ok(()));
            }
            let pass = this.framer.pass(new);
            if pass == new.len() {
                return Poll::Ready(Ok(()));
            }
            this.held.extend_from_slice(&new[pass..]);
            buf.set_filled(start + pass);
            this.settle();
            // Bytes already in `buf` must be reported before anything can
            // return `Pending`.
            if pass > 0 {
                this.deliver(buf);
                return Poll::Ready(Ok(()));
            }
        }
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for TargetRepair<IO> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, data)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests;
