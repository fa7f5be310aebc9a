//! Ids and URNs that carry what the generator needs, and the one table of
//! names that cannot be carried (SPEC C-12: URNs mocklink issued resolve for
//! the life of the process).
//!
//! Most ids are codecs: a member URN spells its handle (up to
//! [`REVERSIBLE_MAX`] characters), a post id holds its author's key and its
//! place in the author's series, a job id holds its company, place and week.
//! Where a name does not fit in an id (handles longer than that, the author
//! behind a post id, a company slug outside the generated directory) the name
//! is written once into a process-wide [`Registry`]: it is shared by every
//! world, so reset, scenario swaps and sessions never lose it, and it never
//! drops an entry. It is bounded by [`REGISTRY_CAPACITY`]; past that, new
//! names are still served but their ids stop resolving (logged once).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::LazyLock;

use parking_lot::Mutex;

/// Names the process remembers at most (about 70 MiB when full of long handles).
pub const REGISTRY_CAPACITY: usize = 1_000_000;
/// Longest handle whose URN decodes without the registry.
pub const REVERSIBLE_MAX: usize = 35;
/// Longest handle of the first (checksum-heavy) URN scheme; kept so URNs
/// issued before the long scheme existed stay the same.
const SHORT_MAX: usize = 28;

const SHARDS: usize = 32;

/// What a registered name stands for; part of the key, so spaces never collide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Space {
    /// A member handle too long for its URN; keyed by the URN.
    LongHandle = 1,
    /// The author (`m:<handle>` or `c:<slug>`) behind a post id's author key.
    Author = 2,
    /// A company slug outside the generated directory; keyed by its numeric id.
    Company = 3,
    /// A free-text phrase (a searched title) a member handle refers to.
    Phrase = 4,
}

/// The process-wide table of names ids refer to. Never emptied.
pub struct Registry {
    shards: Vec<Mutex<HashMap<u64, Box<str>>>>,
    len: AtomicUsize,
    full_logged: AtomicBool,
}

static REGISTRY: LazyLock<Registry> = LazyLock::new(|| Registry {
    shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
    len: AtomicUsize::new(0),
    full_logged: AtomicBool::new(false),
});

/// The registry key of `value` (60 bits of payload) in `space`.
pub fn key(space: Space, payload: u64) -> u64 {
    (u64::from(space as u8) << 60) | (payload & ((1 << 60) - 1))
}

/// Writes `name` under `key`; true when it is (now or already) there. A key
/// already holding another name keeps the first (a hash collision; ids of the
/// second name then resolve to the first, about once in 2^40 pairs).
pub fn remember(key: u64, name: &str) -> bool {
    let r = &*REGISTRY;
    let mut shard = r.shards[(key % SHARDS as u64) as usize].lock();
    if shard.contains_key(&key) {
        return true;
    }
    // Reserve a slot first so concurrent inserts never overshoot the bound.
    if r.len.fetch_add(1, Ordering::Relaxed) >= REGISTRY_CAPACITY {
        r.len.fetch_sub(1, Ordering::Relaxed);
        drop(shard);
        if !r.full_logged.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                "id registry full ({REGISTRY_CAPACITY} names): ids of new long handles, \
                 post authors and unknown companies stop resolving"
            );
        }
        return false;
    }
    shard.insert(key, name.into());
    true
}

/// The name written under `key`, if any.
pub fn recall(key: u64) -> Option<String> {
    REGISTRY.shards[(key % SHARDS as u64) as usize]
        .lock()
        .get(&key)
        .map(|s| s.to_string())
}

/// Names held now (for tests and the memory benchmark).
pub fn registry_len() -> usize {
    REGISTRY.len.load(Ordering::Relaxed)
}

/// A stable 64-bit hash of `parts` joined by NUL; seeds keep spaces apart.
pub fn hash(seed: u64, parts: &[&str]) -> u64 {
    // Joined on the stack and hashed in one shot when short (nearly always):
    // a seeded streaming hasher derives its own secret first, which cost
    // more than the hashing. Both give the same hash.
    let len = parts.iter().map(|p| p.len() + 1).sum::<usize>();
    let mut buf = [0u8; 256];
    if len <= buf.len() {
        let mut at = 0;
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                at += 1; // the 0 byte between parts
            }
            buf[at..at + p.len()].copy_from_slice(p.as_bytes());
            at += p.len();
        }
        return xxhash_rust::xxh3::xxh3_64_with_seed(&buf[..at], seed);
    }
    let mut h = xxhash_rust::xxh3::Xxh3::with_seed(seed);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update(&[0]);
        }
        h.update(p.as_bytes());
    }
    h.digest()
}

/// `n` mixed with `seed`: a cheap, well-spread hash of numbers.
pub fn mix(seed: u64, n: u64) -> u64 {
    let mut z = n ^ seed.rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

// ------------------------------------------------------------ member URNs

/// `urn:li:fsd_profile:`; every member URN starts so (CS-C1).
pub const PROFILE_URN_PREFIX: &str = "urn:li:fsd_profile:";
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Fixed per-position shifts so encoded handles look like real URN noise.
const SHIFTS: [u8; 34] = [
    17, 3, 41, 58, 22, 9, 61, 30, 12, 47, 5, 36, 27, 53, 19, 44, 8, 62, 33, 14, 50, 25, 39, 2, 57,
    21, 45, 11, 60, 29, 6, 38, 52, 16,
];
/// The characters of a normalized handle, as base-39 digits in the long scheme.
const HANDLE_DIGITS: &[u8; 39] = b"abcdefghijklmnopqrstuvwxyz0123456789-_%";

fn index_of(c: u8) -> Option<u8> {
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .and_then(|i| u8::try_from(i).ok())
}

fn shifted(i: usize, v: u8) -> u8 {
    ALPHABET[usize::from((v + SHIFTS[i % SHIFTS.len()]) % 64)]
}

fn unshifted(i: usize, c: u8) -> Option<u8> {
    index_of(c).map(|v| (v + 64 - SHIFTS[i % SHIFTS.len()]) % 64)
}

/// Check characters derived from the handle, so a URN is accepted only if it
/// is exactly the one mocklink would issue.
fn filler(handle: &str, count: usize) -> Vec<u8> {
    let mut h = xxhash_rust::xxh3::xxh3_128(handle.as_bytes());
    (0..count)
        .map(|_| {
            let v = (h & 63) as u8;
            h = h.rotate_right(6) ^ 0x9e37_79b9_7f4a_7c15;
            v
        })
        .collect()
}

fn render_tail(vals: &[u8]) -> String {
    let mut urn = String::with_capacity(PROFILE_URN_PREFIX.len() + 5 + vals.len());
    urn.push_str(PROFILE_URN_PREFIX);
    urn.push_str("ACoAA");
    urn.extend(
        vals.iter()
            .enumerate()
            .map(|(i, &v)| char::from(shifted(i, v))),
    );
    urn
}

/// The URN a normalized handle gets without the registry, if it fits.
pub fn encode_handle(handle: &str) -> Option<String> {
    let bytes = handle.as_bytes();
    let len = bytes.len();
    if len == 0 || len > REVERSIBLE_MAX {
        return None;
    }
    let mut vals = Vec::with_capacity(34);
    vals.push(u8::try_from(len).ok()?);
    if len <= SHORT_MAX {
        // Handle characters map one to one; the rest is check characters.
        for &b in bytes {
            if b.is_ascii_uppercase() {
                return None;
            }
            vals.push(index_of(b)?);
        }
        vals.extend(filler(handle, 33 - len));
    } else {
        // 31 base-64 digits hold up to 35 base-39 characters; 2 check characters.
        let mut digits = [0u8; 31];
        for &b in bytes {
            let d = HANDLE_DIGITS.iter().position(|&c| c == b)?;
            let mut carry = d as u32;
            for x in digits.iter_mut().rev() {
                let v = u32::from(*x) * 39 + carry;
                *x = (v % 64) as u8;
                carry = v / 64;
            }
            if carry != 0 {
                return None;
            }
        }
        vals.extend(digits);
        vals.extend(filler(handle, 2));
    }
    Some(render_tail(&vals))
}

/// The handle a URN spells, if it is one [`encode_handle`] issued.
pub fn decode_handle(urn: &str) -> Option<String> {
    let tail = urn
        .strip_prefix(PROFILE_URN_PREFIX)?
        .strip_prefix("ACoAA")?;
    let t = tail.as_bytes();
    if t.len() != 34 {
        return None;
    }
    let len = usize::from(unshifted(0, t[0])?);
    let handle = if (1..=SHORT_MAX).contains(&len) {
        let mut h = String::with_capacity(len);
        for (i, &c) in t.iter().enumerate().skip(1).take(len) {
            h.push(char::from(ALPHABET[usize::from(unshifted(i, c)?)]));
        }
        h
    } else if (SHORT_MAX + 1..=REVERSIBLE_MAX).contains(&len) {
        let mut digits = [0u8; 31];
        for (i, d) in digits.iter_mut().enumerate() {
            *d = unshifted(i + 1, t[i + 1])?;
        }
        let mut out = vec![0u8; len];
        for o in out.iter_mut().rev() {
            let mut rem = 0u32;
            for x in digits.iter_mut() {
                let v = rem * 64 + u32::from(*x);
                *x = (v / 39) as u8;
                rem = v % 39;
            }
            *o = HANDLE_DIGITS[rem as usize];
        }
        if digits.iter().any(|&d| d != 0) {
            return None;
        }
        String::from_utf8(out).ok()?
    } else {
        return None;
    };
    (encode_handle(&handle).as_deref() == Some(urn)).then_some(handle)
}

/// The URN of a handle too long to spell: a hash, remembered in the registry.
pub fn hashed_handle_urn(handle: &str) -> String {
    let mut vals = vec![0u8];
    vals.extend(filler(handle, 33));
    let urn = render_tail(&vals);
    remember(long_handle_key(&urn), handle);
    urn
}

fn long_handle_key(urn: &str) -> u64 {
    key(
        Space::LongHandle,
        xxhash_rust::xxh3::xxh3_64(urn.as_bytes()),
    )
}

/// The long handle behind a hashed URN, if this process issued it.
pub fn recall_long_handle(urn: &str) -> Option<String> {
    recall(long_handle_key(urn))
}

// ------------------------------------------------------------- post ids

/// Post (activity) ids are 19 digits: this base plus the author's 41-bit key
/// and the post's 19-bit number in that author's series.
pub const ACTIVITY_BASE: u64 = 7_000_000_000_000_000_000;
/// Series numbers from here on are an account's own posts (`/posts/create`).
pub const OWN_POST_FIRST: u32 = 1 << 18;
const SERIES_BITS: u32 = 19;
const AUTHOR_BITS: u32 = 41;

/// Who wrote a post: a member or a company page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AuthorRef {
    Member(String),
    Company(String),
}

impl AuthorRef {
    fn tagged(&self) -> String {
        match self {
            AuthorRef::Member(h) => format!("m:{h}"),
            AuthorRef::Company(s) => format!("c:{s}"),
        }
    }

    fn author_key(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(self.tagged().as_bytes()) & ((1 << AUTHOR_BITS) - 1)
    }
}

/// The id of post `n` of `author` (registers the author so the id resolves).
pub fn activity_id(author: &AuthorRef, n: u32) -> u64 {
    let k = author.author_key();
    remember(key(Space::Author, k), &author.tagged());
    ACTIVITY_BASE + (k << SERIES_BITS) + u64::from(n & ((1 << SERIES_BITS) - 1))
}

/// The author and series number behind a post id this process issued.
pub fn parse_activity_id(id: u64) -> Option<(AuthorRef, u32)> {
    let v = id.checked_sub(ACTIVITY_BASE)?;
    if v >> (SERIES_BITS + AUTHOR_BITS) != 0 {
        return None;
    }
    let n = (v & ((1 << SERIES_BITS) - 1)) as u32;
    let k = v >> SERIES_BITS;
    let tagged = recall(key(Space::Author, k))?;
    let author = match tagged.split_at_checked(2)? {
        ("m:", h) => AuthorRef::Member(h.to_string()),
        ("c:", s) => AuthorRef::Company(s.to_string()),
        _ => return None,
    };
    Some((author, n))
}

/// `urn:li:activity:<id>`.
pub fn activity_urn(id: u64) -> String {
    format!("urn:li:activity:{id}")
}

// ------------------------------------------------------------- short codes

const BASE36: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// `v` in lower-case base 36, at least `width` characters.
pub fn base36(mut v: u64, width: usize) -> String {
    let mut out = Vec::new();
    while v > 0 || out.len() < width {
        out.push(BASE36[(v % 36) as usize]);
        v /= 36;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The value of a lower-case base-36 string (None on overflow or other characters).
pub fn parse_base36(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 12 {
        return None;
    }
    s.bytes().try_fold(0u64, |acc, b| {
        let d = BASE36.iter().position(|&c| c == b)? as u64;
        acc.checked_mul(36)?.checked_add(d)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // The one-shot path for short parts and the streaming one for long
    // ones hash the same bytes the same way.
    #[test]
    fn hash_is_the_same_joined_on_the_stack_or_streamed() {
        let streamed = |seed: u64, parts: &[&str]| {
            let mut h = xxhash_rust::xxh3::Xxh3::with_seed(seed);
            for (i, p) in parts.iter().enumerate() {
                if i > 0 {
                    h.update(&[0]);
                }
                h.update(p.as_bytes());
            }
            h.digest()
        };
        let long = "x".repeat(300);
        for parts in [
            vec![],
            vec![""],
            vec!["industry", "acme"],
            vec!["a", "", "b"],
            vec![long.as_str(), "tail"],
            vec!["y"; 128],
        ] {
            for seed in [0, 7, u64::MAX] {
                assert_eq!(hash(seed, &parts), streamed(seed, &parts), "{parts:?}");
            }
        }
    }

    #[test]
    fn handles_up_to_the_reversible_size_round_trip_through_their_urn() {
        for h in [
            "a",
            "john-doe-123",
            &"z".repeat(28),
            "abcdefghijklmnopqrstuvwxyz-0123",
            &"%".repeat(35),
            "christopher-montgomery-x1b2c3d4e5f",
        ] {
            let urn = encode_handle(h).unwrap_or_default();
            assert_eq!(urn.len(), PROFILE_URN_PREFIX.len() + 39, "{urn}");
            assert_eq!(decode_handle(&urn).as_deref(), Some(h), "{h}");
        }
        assert_eq!(encode_handle(&"a".repeat(36)), None);
    }

    #[test]
    fn a_made_up_urn_decodes_to_no_handle() {
        assert_eq!(
            decode_handle("urn:li:fsd_profile:ACoAAA24A-MBVEvT49xpVF2gnWrhvmUIPDJshSM"),
            None
        );
        let mut urn = encode_handle("abcdefghijklmnopqrstuvwxyz-0123").unwrap_or_default();
        urn.pop();
        urn.push('Q');
        assert_eq!(decode_handle(&urn), None);
    }

    #[test]
    fn long_handle_urns_are_remembered_by_the_process() {
        let h = "a-very-long-handle-that-exceeds-every-reversible-scheme-by-far";
        let urn = hashed_handle_urn(h);
        assert_eq!(recall_long_handle(&urn).as_deref(), Some(h));
    }

    #[test]
    fn activity_ids_are_nineteen_digits_and_name_their_author() {
        let a = AuthorRef::Member("jane-roe".into());
        let id = activity_id(&a, 12);
        assert_eq!(id.to_string().len(), 19);
        assert_eq!(parse_activity_id(id), Some((a.clone(), 12)));
        assert!(activity_id(&a, 13) > id, "a series is ordered");
        let c = AuthorRef::Company("acme".into());
        assert_eq!(parse_activity_id(activity_id(&c, 0)), Some((c, 0)));
        assert_eq!(parse_activity_id(42), None);
    }

    #[test]
    fn base36_round_trips() {
        for v in [0, 1, 35, 36, 123_456_789, u64::MAX >> 8] {
            assert_eq!(parse_base36(&base36(v, 1)), Some(v));
        }
        assert_eq!(base36(5, 4), "0005");
    }
}
