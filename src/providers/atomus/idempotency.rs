//! `Idempotency-Key` answers (AT-5), per tenant. A key is either in flight
//! (the first request is still running; later ones wait on a watch channel
//! for its outcome) or done (its status and body are replayed until it
//! expires on the clock). Retryable outcomes are handed to waiters but not
//! kept. The store is bounded: expired answers are swept and, when full, the
//! oldest answers go first; in-flight keys are never dropped.
//!
//! The lock is only held to look up or change the map, never across an await.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use actix_web::web::Bytes;
use chrono::{DateTime, Duration, Utc};
use parking_lot::Mutex;
use tokio::sync::watch;

/// Keys remembered at most (across tenants).
pub const CAPACITY: usize = 10_000;

/// A finished answer: what a replay sends back byte for byte.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub status: u16,
    pub body: Bytes,
}

#[derive(Debug)]
enum Entry {
    InFlight {
        fingerprint: u128,
        id: u64,
        rx: watch::Receiver<Option<Outcome>>,
    },
    Done {
        fingerprint: u128,
        outcome: Outcome,
        expires: DateTime<Utc>,
    },
}

/// What to do with a request that carries a key.
#[derive(Debug)]
pub enum Begin {
    /// First with this key: run it and [`Lead::finish`].
    Lead(Lead),
    /// Answered before: send this again.
    Replay(Outcome),
    /// Running now: wait for its outcome.
    Wait(watch::Receiver<Option<Outcome>>),
    /// The key was used with another body.
    Mismatch,
}

#[derive(Debug)]
pub struct Store {
    ttl: Duration,
    capacity: usize,
    next_id: AtomicU64,
    entries: Arc<Mutex<HashMap<(String, String), Entry>>>,
}

impl Store {
    pub fn new(ttl_hours: f64, capacity: usize) -> Store {
        let ms = (ttl_hours * 3_600_000.0).clamp(0.0, 1.0e13) as i64;
        Store {
            ttl: Duration::milliseconds(ms),
            capacity: capacity.max(1),
            next_id: AtomicU64::new(0),
            entries: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    pub fn begin(&self, tenant: &str, key: &str, fingerprint: u128, now: DateTime<Utc>) -> Begin {
        let map_key = (tenant.to_string(), key.to_string());
        let mut entries = self.entries.lock();
        match entries.get(&map_key) {
            Some(Entry::Done {
                fingerprint: f,
                outcome,
                expires,
            }) if *expires > now => {
                return if *f == fingerprint {
                    Begin::Replay(outcome.clone())
                } else {
                    Begin::Mismatch
                };
            }
            Some(Entry::InFlight {
                fingerprint: f, rx, ..
            }) => {
                return if *f == fingerprint {
                    Begin::Wait(rx.clone())
                } else {
                    Begin::Mismatch
                };
            }
            _ => {}
        }
        if entries.len() >= self.capacity {
            make_room(&mut entries, self.capacity, now);
        }
        let (tx, rx) = watch::channel(None);
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        entries.insert(
            map_key.clone(),
            Entry::InFlight {
                fingerprint,
                id,
                rx,
            },
        );
        Begin::Lead(Lead {
            entries: self.entries.clone(),
            key: map_key,
            fingerprint,
            id,
            ttl: self.ttl,
            tx: Some(tx),
        })
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.lock().len()
    }
}

/// Drops expired answers, then the oldest answers, until there is room.
fn make_room(entries: &mut HashMap<(String, String), Entry>, capacity: usize, now: DateTime<Utc>) {
    entries.retain(|_, e| !matches!(e, Entry::Done { expires, .. } if *expires <= now));
    while entries.len() >= capacity {
        let oldest = entries
            .iter()
            .filter_map(|(k, e)| match e {
                Entry::Done { expires, .. } => Some((*expires, k.clone())),
                Entry::InFlight { .. } => None,
            })
            .min();
        match oldest {
            Some((_, k)) => {
                entries.remove(&k);
            }
            // Only in-flight keys left: let the map exceed the cap briefly
            // rather than fail a request (they end with their requests).
            None => break,
        }
    }
}

/// The first request with a key. Dropping it unfinished (the client went
/// away) frees the key, and waiters start over.
#[derive(Debug)]
pub struct Lead {
    entries: Arc<Mutex<HashMap<(String, String), Entry>>>,
    key: (String, String),
    fingerprint: u128,
    id: u64,
    ttl: Duration,
    tx: Option<watch::Sender<Option<Outcome>>>,
}

impl Lead {
    /// Hands the outcome to waiters; keeps it for replay unless retryable.
    pub fn finish(mut self, outcome: Outcome, keep: bool, now: DateTime<Utc>) {
        {
            let mut entries = self.entries.lock();
            if keep {
                entries.insert(
                    self.key.clone(),
                    Entry::Done {
                        fingerprint: self.fingerprint,
                        outcome: outcome.clone(),
                        expires: now + self.ttl,
                    },
                );
            } else {
                self.remove_own(&mut entries);
            }
        }
        if let Some(tx) = self.tx.take() {
            tx.send_replace(Some(outcome));
        }
    }

    fn remove_own(&self, entries: &mut HashMap<(String, String), Entry>) {
        if matches!(entries.get(&self.key), Some(Entry::InFlight { id, .. }) if *id == self.id) {
            entries.remove(&self.key);
        }
    }
}

impl Drop for Lead {
    fn drop(&mut self) {
        if self.tx.is_some() {
            let mut entries = self.entries.lock();
            self.remove_own(&mut entries);
        }
    }
}

/// Identifies a request body: JSON compared by value (key order and spacing
/// do not matter), anything else byte for byte.
pub fn fingerprint(body: &[u8]) -> u128 {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(v) => {
            let mut out = String::new();
            canonical(&v, &mut out);
            xxhash_rust::xxh3::xxh3_128(out.as_bytes())
        }
        Err(_) => xxhash_rust::xxh3::xxh3_128(body) ^ 1,
    }
}

fn canonical(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for k in keys {
                out.push_str(&serde_json::Value::String(k.clone()).to_string());
                out.push(':');
                if let Some(x) = m.get(k) {
                    canonical(x, out);
                }
                out.push(',');
            }
            out.push('}');
        }
        serde_json::Value::Array(a) => {
            out.push('[');
            for x in a {
                canonical(x, out);
                out.push(',');
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("time")
    }

    fn ok() -> Outcome {
        Outcome {
            status: 200,
            body: Bytes::from_static(b"{}"),
        }
    }

    #[test]
    fn an_answer_replays_until_it_expires() {
        let s = Store::new(24.0, 10);
        let t = at("2024-01-15T10:00:00Z");
        let Begin::Lead(lead) = s.begin("t", "k", 1, t) else {
            panic!("first is the lead")
        };
        lead.finish(ok(), true, t);
        assert!(matches!(s.begin("t", "k", 1, t), Begin::Replay(o) if o == ok()));
        assert!(matches!(s.begin("t", "k", 2, t), Begin::Mismatch));
        assert!(matches!(s.begin("other", "k", 2, t), Begin::Lead(_)));
        let later = t + Duration::hours(24);
        assert!(matches!(s.begin("t", "k", 2, later), Begin::Lead(_)));
    }

    #[test]
    fn retryable_answers_are_not_kept_and_an_abandoned_key_is_freed() {
        let s = Store::new(24.0, 10);
        let t = at("2024-01-15T10:00:00Z");
        let Begin::Lead(lead) = s.begin("t", "k", 1, t) else {
            panic!()
        };
        assert!(matches!(s.begin("t", "k", 1, t), Begin::Wait(_)));
        lead.finish(ok(), false, t);
        let Begin::Lead(lead) = s.begin("t", "k", 1, t) else {
            panic!("not kept")
        };
        drop(lead);
        assert!(matches!(s.begin("t", "k", 1, t), Begin::Lead(_)));
    }

    #[test]
    fn the_store_never_grows_past_its_capacity() {
        let s = Store::new(24.0, 3);
        let t = at("2024-01-15T10:00:00Z");
        for i in 0..10 {
            if let Begin::Lead(l) = s.begin("t", &i.to_string(), 1, t + Duration::seconds(i)) {
                l.finish(ok(), true, t + Duration::seconds(i));
            }
        }
        assert!(s.len() <= 3);
        assert!(matches!(
            s.begin("t", "9", 1, t + Duration::seconds(10)),
            Begin::Replay(_)
        ));
    }

    #[test]
    fn json_bodies_compare_by_value() {
        assert_eq!(
            fingerprint(br#"{"a":1,"b":2}"#),
            fingerprint(br#"{ "b": 2, "a": 1 }"#)
        );
        assert_ne!(fingerprint(br#"{"a":1}"#), fingerprint(br#"{"a":2}"#));
    }
}
