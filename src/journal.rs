//! The request journal (SPEC C-8, C-12): what clients sent and what they got,
//! for tests to assert on. It owns masking of secrets and the bounds on its
//! size (entries and bytes); it does not decide which requests are recorded
//! (the HTTP layer does).
//!
//! Every request is recorded, and the journal is read rarely: so an entry is
//! kept as the raw parts of its request ([`Recorded`]), copied out with a few
//! allocations, and masking, text decoding and timestamp formatting happen
//! only when it is read ([`Recorded::view`]). Bodies are kept as bytes, never
//! as parsed JSON: a parsed `[0,0,…]` of 64 KiB costs tens of times its text
//! in memory. Entries are shared `Arc`s, so listing copies pointers under the
//! lock and serialises outside it.

use std::borrow::Cow;
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use actix_web::http::header::HeaderMap;
use actix_web::http::Method;
use chrono::{DateTime, Utc};
use parking_lot::Mutex;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use crate::scenario::ProviderName;

/// One recorded request.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// Virtual time the request arrived.
    pub at: String,
    /// Provider that served it; null for paths no provider serves.
    pub provider: Option<ProviderName>,
    pub method: String,
    pub path: String,
    /// Raw query string, `token` values masked ("" when none).
    pub query: String,
    /// Lower-case header names; repeated headers joined with ", ".
    pub headers: BTreeMap<String, String>,
    /// The body as text (key fields of a JSON body masked); null when empty.
    pub request_body: Option<String>,
    pub status: u16,
    /// Wall-clock time to answer, including injected latency.
    pub duration_ms: f64,
}

/// Most of a request body an entry shows (64 KiB), so a full journal stays
/// within tens of MiB.
pub const BODY_MAX: usize = 64 * 1024;

/// A request as the journal keeps it: raw, secrets included, never shown
/// as is; [`Recorded::view`] is what anyone reading the journal sees.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub at: DateTime<Utc>,
    pub provider: Option<ProviderName>,
    pub method: Method,
    /// The path as the client sent it (a session prefix included).
    pub path: String,
    /// The raw query string.
    pub query: String,
    /// Each header as `name:value\n`, in the order they came (a header value
    /// can hold neither a newline nor, in its name, a colon).
    pub headers: Vec<u8>,
    pub body: RecordedBody,
    pub status: u16,
    pub duration_ms: f64,
}

/// A request body as recorded.
#[derive(Debug, Clone)]
pub enum RecordedBody {
    Empty,
    /// Up to [`BODY_MAX`] bytes, as they came.
    Raw(Box<[u8]>),
    /// A longer body, masked and cut when recorded: the whole of it is not
    /// kept, and masking needs the whole of a JSON body.
    Shown(String),
}

impl Recorded {
    /// `headers` in the form [`Recorded::headers`] keeps.
    pub fn pack_headers(headers: &HeaderMap) -> Vec<u8> {
        let len = headers
            .iter()
            .map(|(n, v)| n.as_str().len() + v.len() + 2)
            .sum();
        let mut packed = Vec::with_capacity(len);
        for (name, value) in headers {
            packed.extend_from_slice(name.as_str().as_bytes());
            packed.push(b':');
            packed.extend_from_slice(value.as_bytes());
            packed.push(b'\n');
        }
        packed
    }

    /// The body as recorded: short ones raw, longer ones as shown.
    pub fn body_of(body: &[u8]) -> RecordedBody {
        if body.is_empty() {
            RecordedBody::Empty
        } else if body.len() <= BODY_MAX {
            RecordedBody::Raw(body.into())
        } else {
            RecordedBody::Shown(shown_body(body))
        }
    }

    /// Bytes this entry holds on the heap plus its own size: what the byte
    /// bound counts.
    pub fn size(&self) -> usize {
        let body = match &self.body {
            RecordedBody::Empty => 0,
            RecordedBody::Raw(b) => b.len(),
            RecordedBody::Shown(s) => s.capacity(),
        };
        std::mem::size_of::<Recorded>()
            + 16
            + self.path.capacity()
            + self.query.capacity()
            + self.headers.capacity()
            + body
    }

    /// The entry as the journal shows it: secrets masked (C-12), text decoded.
    pub fn view(&self) -> JournalEntry {
        let mut headers = BTreeMap::<String, String>::new();
        for line in self.headers.split(|b| *b == b'\n') {
            let Some(colon) = line.iter().position(|b| *b == b':') else {
                continue;
            };
            let name = String::from_utf8_lossy(&line[..colon]);
            let text = String::from_utf8_lossy(&line[colon + 1..]);
            let v = if is_secret_header(&name) {
                mask_header(&name, &text)
            } else {
                text.into_owned()
            };
            headers
                .entry(name.into_owned())
                .and_modify(|e| {
                    e.push_str(", ");
                    e.push_str(&v);
                })
                .or_insert(v);
        }
        JournalEntry {
            at: crate::clock::iso(self.at),
            provider: self.provider,
            method: self.method.to_string(),
            path: self.path.clone(),
            query: mask_query(&self.query).into_owned(),
            headers,
            request_body: match &self.body {
                RecordedBody::Empty => None,
                RecordedBody::Raw(b) => Some(shown_body(b)),
                RecordedBody::Shown(s) => Some(s.clone()),
            },
            status: self.status,
            duration_ms: self.duration_ms,
        }
    }
}

/// Serialises as the [`JournalEntry`] it shows, built one at a time while
/// the list is written.
#[derive(Debug, Clone)]
pub struct View(pub Arc<Recorded>);

impl Serialize for View {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.view().serialize(s)
    }
}

/// A body as the journal shows it: key fields masked, and past [`BODY_MAX`]
/// the start of it and its length in all.
fn shown_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let masked = mask_body(&text);
    if masked.len() > BODY_MAX {
        let mut cut = BODY_MAX;
        while !masked.is_char_boundary(cut) {
            cut -= 1;
        }
        format!(
            "{}… [truncated: {} bytes in all]",
            &masked[..cut],
            body.len()
        )
    } else {
        masked.into_owned()
    }
}

/// `journal.maxBytes`: the most bytes the journal's entries may hold
/// (default 64 MiB, from 1 MiB to 1 GiB, so that at least one entry with a
/// full 64 KiB body always fits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[schema(value_type = u64, minimum = 1048576, maximum = 1073741824, example = 67108864)]
pub struct JournalBytes(pub usize);

impl JournalBytes {
    pub const MIN: usize = 1024 * 1024;
    pub const MAX: usize = 1024 * 1024 * 1024;
    pub const DEFAULT: JournalBytes = JournalBytes(64 * 1024 * 1024);
}

impl Default for JournalBytes {
    fn default() -> Self {
        JournalBytes::DEFAULT
    }
}

impl<'de> Deserialize<'de> for JournalBytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = u64::deserialize(d)?;
        if n < JournalBytes::MIN as u64 || n > JournalBytes::MAX as u64 {
            return Err(serde::de::Error::custom(format!(
                "expected a number of bytes from {} (1 MiB) to {} (1 GiB), found {n}",
                JournalBytes::MIN,
                JournalBytes::MAX
            )));
        }
        Ok(JournalBytes(n as usize))
    }
}

#[derive(Debug, Default)]
struct Inner {
    entries: VecDeque<Arc<Recorded>>,
    /// Sum of the entries' [`Recorded::size`].
    bytes: usize,
}

/// A newest-last list of requests, bounded in entries and in bytes.
#[derive(Debug)]
pub struct Journal {
    max_entries: usize,
    max_bytes: usize,
    inner: Mutex<Inner>,
}

impl Journal {
    pub fn new(max_entries: usize, max_bytes: usize) -> Journal {
        Journal {
            max_entries,
            max_bytes,
            // Grown on use: a session that is never called must stay small (C-11).
            inner: Mutex::new(Inner {
                entries: VecDeque::new(),
                bytes: 0,
            }),
        }
    }

    pub fn record(&self, entry: Recorded) {
        let size = entry.size();
        if self.max_entries == 0 || size > self.max_bytes {
            return;
        }
        let entry = Arc::new(entry);
        let mut evicted = Vec::new();
        {
            let mut inner = self.inner.lock();
            while inner.entries.len() >= self.max_entries || inner.bytes + size > self.max_bytes {
                match inner.entries.pop_front() {
                    Some(old) => {
                        inner.bytes -= old.size();
                        evicted.push(old);
                    }
                    None => break,
                }
            }
            inner.bytes += size;
            inner.entries.push_back(entry);
        }
        // Freed outside the lock.
        drop(evicted);
    }

    /// The newest `limit` entries of `provider` (all when None), oldest
    /// first. Only pointers are copied under the lock; the caller serialises.
    pub fn list(&self, provider: Option<ProviderName>, limit: Option<usize>) -> Vec<Arc<Recorded>> {
        let inner = self.inner.lock();
        let limit = limit.unwrap_or(usize::MAX);
        let mut out: Vec<Arc<Recorded>> = inner
            .entries
            .iter()
            .rev()
            .filter(|x| provider.is_none() || x.provider == provider)
            .take(limit)
            .cloned()
            .collect();
        drop(inner);
        out.reverse();
        out
    }

    /// Bytes the entries hold now (what `journal.maxBytes` bounds).
    pub fn bytes(&self) -> usize {
        self.inner.lock().bytes
    }

    pub fn clear(&self) {
        let old = std::mem::take(&mut *self.inner.lock());
        drop(old);
    }
}

/// A secret as the journal, logs and admin views show it (SPEC C-12): its
/// prefix up to the last `_` plus `…` and its last 4 characters
/// (`atm_test_…demo`), so keys can be told apart; a key of 8 characters or
/// fewer is masked whole. The prefix never reaches into those last 4.
pub fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() <= 8 {
        return "****".into();
    }
    let head = &chars[..chars.len() - 4];
    let prefix: String = match head.iter().rposition(|c| *c == '_') {
        Some(i) => head[..=i].iter().collect(),
        None => String::new(),
    };
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{prefix}…{tail}")
}

/// Headers that carry a credential, masked whole (after the scheme word for
/// `Authorization`).
pub fn is_secret_header(name: &str) -> bool {
    matches!(name, "authorization" | "proxy-authorization" | "x-api-key")
}

/// The value of a secret header as the journal shows it: `Bearer <mask>`.
pub fn mask_header(name: &str, value: &str) -> String {
    if name.ends_with("authorization") {
        if let Some((scheme, token)) = value.trim().split_once(' ') {
            return format!("{scheme} {}", mask(token.trim()));
        }
    }
    mask(value.trim())
}

/// The query string with the value of every parameter whose name, once
/// percent-decoded, is `token` replaced by its mask (`?tok%65n=…` too). Other
/// parameters are kept byte for byte.
pub fn mask_query(query: &str) -> Cow<'_, str> {
    if query.is_empty() {
        return Cow::Borrowed(query);
    }
    let mut changed = false;
    let parts: Vec<Cow<'_, str>> = query
        .split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            if decode_component(name) == "token" {
                changed = true;
                Cow::Owned(format!("{name}={}", mask(&decode_component(value))))
            } else {
                Cow::Borrowed(pair)
            }
        })
        .collect();
    if changed {
        Cow::Owned(parts.join("&"))
    } else {
        Cow::Borrowed(query)
    }
}

/// A query-string component decoded as a form would be (`+` is a space).
fn decode_component(s: &str) -> Cow<'_, str> {
    if !s.contains(['%', '+']) {
        return Cow::Borrowed(s);
    }
    let spaced = s.replace('+', " ");
    Cow::Owned(
        percent_encoding::percent_decode_str(&spaced)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// Field names (lower case, without `_` and `-`) whose string values in a
/// JSON body are credentials.
const KEY_FIELDS: [&str; 9] = [
    "token",
    "apikey",
    "apitoken",
    "key",
    "accesstoken",
    "authorization",
    "xapikey",
    "password",
    "secret",
];

fn is_key_field(name: &str) -> bool {
    let norm: String = name
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    KEY_FIELDS.contains(&norm.as_str())
}

/// A body as the journal keeps it: the text itself, unless it is JSON with a
/// key field (found after decoding, so a JSON-escaped name counts), in which
/// case the document with those values masked. Text elsewhere in the body is
/// never rewritten, even when it happens to contain a key.
pub fn mask_body(text: &str) -> Cow<'_, str> {
    // Cheap test first: no candidate name and no escape, nothing to parse.
    let lower = text.to_ascii_lowercase();
    let candidate = text.contains('\\')
        || ["token", "key", "authorization", "password", "secret"]
            .iter()
            .any(|k| lower.contains(k));
    if !candidate {
        return Cow::Borrowed(text);
    }
    let Ok(mut v) = serde_json::from_str::<serde_json::Value>(text) else {
        return Cow::Borrowed(text);
    };
    if mask_fields(&mut v) {
        Cow::Owned(v.to_string())
    } else {
        Cow::Borrowed(text)
    }
}

/// Masks the string values of key fields at any depth; true if any was.
fn mask_fields(v: &mut serde_json::Value) -> bool {
    match v {
        serde_json::Value::Object(m) => {
            let mut any = false;
            for (k, x) in m.iter_mut() {
                match x {
                    serde_json::Value::String(s) if is_key_field(k) => {
                        *s = mask(s);
                        any = true;
                    }
                    other => any |= mask_fields(other),
                }
            }
            any
        }
        serde_json::Value::Array(a) => a.iter_mut().fold(false, |any, x| mask_fields(x) | any),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(i: usize, body: Option<String>) -> Recorded {
        Recorded {
            at: DateTime::<Utc>::UNIX_EPOCH,
            provider: Some(ProviderName::Outx),
            method: Method::GET,
            path: format!("/{i}"),
            query: String::new(),
            headers: Vec::new(),
            body: Recorded::body_of(body.as_deref().unwrap_or("").as_bytes()),
            status: 200,
            duration_ms: 0.0,
        }
    }

    #[test]
    fn journal_keeps_only_the_newest_entries() {
        let j = Journal::new(3, JournalBytes::DEFAULT.0);
        for i in 0..5 {
            j.record(entry(i, None));
        }
        let paths: Vec<String> = j
            .list(None, None)
            .into_iter()
            .map(|e| e.path.clone())
            .collect();
        assert_eq!(paths, ["/2", "/3", "/4"]);
        assert_eq!(j.list(None, Some(1))[0].path, "/4");
    }

    // C-12, issue 10 item 2: 1,000 bodies of 64 KiB (the size that cost
    // 2.3 GiB as parsed JSON) stay within `journal.maxBytes`, counted from
    // the entries' real heap sizes, and the newest survive.
    #[test]
    fn journal_memory_stays_within_max_bytes_however_many_large_bodies_arrive() {
        let max = 4 * 1024 * 1024;
        let j = Journal::new(1000, max);
        let body = format!("[{}0 ]", "0,".repeat(32 * 1024 - 2));
        assert_eq!(body.len(), 64 * 1024);
        for i in 0..1000 {
            j.record(entry(i, Some(body.clone())));
        }
        let kept = j.list(None, None);
        let held: usize = kept.iter().map(|e| e.size()).sum();
        assert_eq!(held, j.bytes());
        assert!(held <= max, "{held} bytes held, bound {max}");
        // The bound is used, not undercut: all but one entry's worth is full.
        assert!(held > max - 70 * 1024, "{held}");
        assert_eq!(kept.last().map(|e| e.path.as_str()), Some("/999"));
        assert_eq!(
            kept.len(),
            1000 - kept[0].path[1..].parse::<usize>().unwrap_or(0)
        );
        j.clear();
        assert_eq!(j.bytes(), 0);
    }

    // An entry is kept raw and masked when read: the view shows what the
    // journal always showed (repeated headers joined, secrets masked in
    // headers, query and body, invalid UTF-8 replaced), and a body too long to
    // keep whole is masked before it is cut.
    #[test]
    fn a_recorded_request_is_shown_masked_when_read() {
        let mut h = HeaderMap::new();
        use actix_web::http::header::{HeaderName, HeaderValue};
        let name = |n: &'static str| HeaderName::from_static(n);
        h.append(
            name("authorization"),
            HeaderValue::from_static("Bearer cs_live_secretkey"),
        );
        h.append(
            name("x-api-key"),
            HeaderValue::from_static("outx_secret_key"),
        );
        h.append(name("accept"), HeaderValue::from_static("text/plain"));
        h.append(name("accept"), HeaderValue::from_static("application/json"));
        h.append(
            name("x-odd"),
            HeaderValue::from_bytes(b"caf\xe9").expect("value"),
        );
        let r = Recorded {
            at: DateTime::<Utc>::UNIX_EPOCH,
            provider: None,
            method: Method::POST,
            path: "/x".into(),
            query: "a=1&token=apify_api_demo".into(),
            headers: Recorded::pack_headers(&h),
            body: Recorded::body_of(br#"{"password":"hunter2hunter2","n":1}"#),
            status: 201,
            duration_ms: 1.5,
        };
        let v = r.view();
        assert_eq!(v.at, "1970-01-01T00:00:00.000Z");
        assert_eq!(v.method, "POST");
        assert_eq!(v.query, "a=1&token=apify_api_…demo");
        assert_eq!(v.headers["authorization"], "Bearer cs_live_…tkey");
        assert_eq!(v.headers["x-api-key"], "outx_…_key");
        assert_eq!(v.headers["accept"], "text/plain, application/json");
        assert_eq!(v.headers["x-odd"], "caf\u{fffd}");
        assert_eq!(v.headers.len(), 4);
        let body: serde_json::Value =
            serde_json::from_str(v.request_body.as_deref().unwrap_or("")).expect("json");
        assert_eq!(body, serde_json::json!({"password": "…ter2", "n": 1}));
        assert!(
            !format!("{:?}", serde_json::to_value(View(Arc::new(r))).ok())
                .contains("hunter2hunter2")
        );

        let long = format!(
            r#"{{"token":"apify_api_secret","pad":"{}"}}"#,
            "x".repeat(BODY_MAX)
        );
        let r = Recorded::body_of(long.as_bytes());
        let RecordedBody::Shown(shown) = &r else {
            panic!("a long body is kept as shown, found {r:?}");
        };
        assert!(!shown.contains("apify_api_secret"));
        assert!(shown.ends_with(&format!("… [truncated: {} bytes in all]", long.len())));
        assert!(matches!(Recorded::body_of(b""), RecordedBody::Empty));
    }

    // C-12, issue 10 item 11: the form of a mask.
    #[test]
    fn mask_shows_the_prefix_to_the_last_underscore_and_the_last_four() {
        assert_eq!(mask("atm_test_demo"), "atm_test_…demo");
        assert_eq!(mask("apify_api_demo"), "apify_api_…demo");
        assert_eq!(mask("outx_demo_key"), "outx_…_key");
        assert_eq!(mask("abcdefghijkl"), "…ijkl");
        assert_eq!(mask("short_k"), "****");
        assert_eq!(mask("12345678"), "****");
        assert_eq!(mask("éééééééééé"), "…éééé");
    }

    // C-12, issue 10 item 11: only key fields are masked, found after
    // decoding; other text that contains a key is left alone.
    #[test]
    fn body_masking_touches_key_fields_only_and_sees_escaped_names() {
        let plain = r#"{"profileId":"x","note":"cs_live_demo"}"#;
        assert_eq!(mask_body(plain), plain);
        let escaped = r#"{"tok\u0065n":"apify_api_demo","note":"apify_api_demo"}"#;
        let masked: serde_json::Value = serde_json::from_str(&mask_body(escaped)).expect("json");
        assert_eq!(masked["token"], "apify_api_…demo");
        assert_eq!(masked["note"], "apify_api_demo");
        let nested =
            r#"{"auth":{"api_key":"atm_live_demo"},"list":[{"password":"hunter2hunter2"}]}"#;
        let masked: serde_json::Value = serde_json::from_str(&mask_body(nested)).expect("json");
        assert_eq!(masked["auth"]["api_key"], "atm_live_…demo");
        assert_eq!(masked["list"][0]["password"], "…ter2");
        assert_eq!(mask_body("token=not json"), "token=not json");
    }

    #[test]
    fn query_masking_decodes_names_and_values() {
        assert_eq!(
            mask_query("a=1&token=apify_api_demo"),
            "a=1&token=apify_api_…demo"
        );
        assert_eq!(
            mask_query("tok%65n=apify_api_demo"),
            "tok%65n=apify_api_…demo"
        );
        assert_eq!(
            mask_query("token=apify%5Fapi%5Fdemo"),
            "token=apify_api_…demo"
        );
        assert_eq!(mask_query("mytoken=x&tokens=y"), "mytoken=x&tokens=y");
        assert_eq!(
            mask_header("authorization", "Bearer cs_live_demo"),
            "Bearer cs_live_…demo"
        );
        assert_eq!(mask_header("x-api-key", "abc"), "****");
    }
}
