//! Sessions (SPEC C-11): named worlds, so many test workers can share one
//! server without seeing each other's counters, clock, journal or faults.
//!
//! This module owns the registry (a sharded map, so looking a session up never
//! takes a lock every request contends for), session names, idle expiry on
//! real time and the live-session cap, and the scenario section that sets
//! them. The HTTP edge ([`edge`]) resolves a request's session once and hands
//! its handlers a state bound to that session's world; nothing below the edge
//! knows sessions exist.

pub mod admin;
mod config;
mod docs;
pub mod edge;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::web::Data;
use chrono::{DateTime, Utc};
use parking_lot::{Mutex, RwLock};

pub use config::{IdleMinutes, MaxSessions, SessionsConfig};
pub use docs::document as document_openapi;

use crate::state::{AppState, World, WorldSlot};

/// Shards of the registry; a power of two well above the worker count, so two
/// workers rarely meet on one shard's lock.
const SHARDS: usize = 64;

/// The path prefix that selects a session: `/__session/{name}/…`.
pub const PREFIX: &str = "/__session/";

/// The header that selects a session when the path has no prefix.
pub const HEADER: &str = "x-mocklink-session";

/// Whether `name` is a valid session name: 1–64 of `A–Z a–z 0–9 . _ -`.
pub fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Why a name cannot be used, as the 400 says it.
pub fn name_error(name: &str) -> String {
    let shown: String = name.chars().take(80).collect();
    format!(
        "invalid session name {shown:?}: expected 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'"
    )
}

/// `path` without a leading `/__session/{name}` (for paths written with the
/// prefix, such as a fault rule's path given from inside a session).
pub fn strip_prefix(path: &str) -> &str {
    let Some(rest) = path.strip_prefix(PREFIX) else {
        return path;
    };
    let (name, tail) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    if valid_name(name) {
        tail
    } else {
        path
    }
}

/// Server-level settings that are not in the scenario.
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionSettings {
    /// `--session-idle-minutes`: wins over the scenario's `sessions.idleMinutes`.
    pub idle_minutes: Option<f64>,
}

/// Why a session could not be entered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("session limit reached: {0} sessions are live")]
    LimitReached(usize),
}

/// One live session: its world and its bookkeeping.
pub struct Session {
    name: Arc<str>,
    /// `/__session/{name}`, built once for the edge.
    prefix: Arc<str>,
    /// What its requests' handlers receive as `Data<AppState>`.
    state: Data<AppState>,
    created: u64,
    /// Milliseconds since the registry's epoch, real time.
    last_used: AtomicU64,
    requests: AtomicU64,
    /// Requests being served now; a session with any is never expired.
    in_flight: AtomicU32,
}

impl Session {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn name_arc(&self) -> Arc<str> {
        self.name.clone()
    }

    /// `/__session/{name}`.
    pub(crate) fn prefix(&self) -> Arc<str> {
        self.prefix.clone()
    }

    /// The state its handlers act on.
    pub fn state(&self) -> &Data<AppState> {
        &self.state
    }

    pub fn world(&self) -> Arc<World> {
        self.state.world()
    }
}

/// A session as `GET /__admin/sessions` lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    #[schema(example = "gw3")]
    pub name: String,
    /// Real time it was created.
    #[schema(example = "2026-01-15T10:30:00.000Z")]
    pub created_at: String,
    /// Real time its last request started or ended.
    #[schema(example = "2026-01-15T10:31:12.250Z")]
    pub last_used_at: String,
    /// Requests it has served.
    #[schema(example = 42)]
    pub requests: u64,
}

/// A request inside a session: keeps the session from expiring until dropped.
pub struct Entered {
    session: Arc<Session>,
    sessions: Arc<Sessions>,
}

impl Entered {
    pub fn session(&self) -> &Arc<Session> {
        &self.session
    }
}

impl Drop for Entered {
    fn drop(&mut self) {
        // Touch first: once in_flight reaches 0 a sweep may look at it.
        self.session
            .last_used
            .store(self.sessions.elapsed_ms(Instant::now()), Ordering::Relaxed);
        self.session.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

type Shard = RwLock<HashMap<Box<str>, Arc<Session>>>;

/// Every live session, by name.
pub struct Sessions {
    default: Arc<WorldSlot>,
    shards: Box<[Shard]>,
    /// Sessions in the map; reserved before an insert so the cap is exact
    /// under concurrency.
    live: AtomicUsize,
    settings: SessionSettings,
    epoch: Instant,
    epoch_utc: DateTime<Utc>,
    /// When the last sweep ran (ms since the epoch), so creating many sessions
    /// does not sweep each time.
    last_sweep: Mutex<u64>,
}

impl Sessions {
    pub fn new(default: Arc<WorldSlot>, settings: SessionSettings) -> Sessions {
        Sessions {
            default,
            shards: (0..SHARDS).map(|_| RwLock::new(HashMap::new())).collect(),
            live: AtomicUsize::new(0),
            settings,
            epoch: Instant::now(),
            epoch_utc: Utc::now(),
            last_sweep: Mutex::new(0),
        }
    }

    fn elapsed_ms(&self, now: Instant) -> u64 {
        u64::try_from(now.saturating_duration_since(self.epoch).as_millis()).unwrap_or(u64::MAX)
    }

    fn shard(&self, name: &str) -> &Shard {
        let h = xxhash_rust::xxh3::xxh3_64(name.as_bytes());
        &self.shards[(h % SHARDS as u64) as usize]
    }

    /// How long a session may stay unused: the flag, else the server's
    /// scenario (read now, so a new server scenario applies at once).
    pub fn idle(&self) -> Duration {
        let minutes = self
            .settings
            .idle_minutes
            .unwrap_or_else(|| self.default.world().scenario.sessions.idle_minutes.0);
        Duration::from_secs_f64((minutes * 60.0).clamp(0.0, 1e9))
    }

    /// At most this many sessions live at once (the server's scenario).
    pub fn max(&self) -> usize {
        self.default.world().scenario.sessions.max.0
    }

    pub fn live(&self) -> usize {
        self.live.load(Ordering::Acquire)
    }

    /// The session `name` for one request, created from the server's scenario
    /// on first use; it cannot expire until the returned guard is dropped.
    pub fn enter(self: &Arc<Self>, name: &str) -> Result<Entered, SessionError> {
        self.enter_at(name, Instant::now())
    }

    fn enter_at(self: &Arc<Self>, name: &str, now: Instant) -> Result<Entered, SessionError> {
        let at = self.elapsed_ms(now);
        let shard = self.shard(name);
        let found = {
            let map = shard.read();
            // Counted in flight under the lock, so a sweep (which needs the
            // write lock) cannot drop it between lookup and use.
            map.get(name).map(|s| {
                s.in_flight.fetch_add(1, Ordering::AcqRel);
                s.clone()
            })
        };
        let session = match found {
            Some(s) => s,
            None => self.create(name, now)?,
        };
        session.last_used.store(at, Ordering::Relaxed);
        session.requests.fetch_add(1, Ordering::Relaxed);
        Ok(Entered {
            session,
            sessions: self.clone(),
        })
    }

    /// Inserts a new session (or finds the one a concurrent request just
    /// made), counted in flight.
    fn create(&self, name: &str, now: Instant) -> Result<Arc<Session>, SessionError> {
        let max = self.max();
        if !self.reserve(max) {
            self.sweep_at(now);
            if !self.reserve(max) {
                return Err(SessionError::LimitReached(max));
            }
        } else {
            self.maybe_sweep(now);
        }
        // Built outside the shard lock; cheap, since provider state is lazy.
        let default = self.default.world();
        let world = default.restarted();
        let at = self.elapsed_ms(now);
        let fresh = Arc::new(Session {
            name: name.into(),
            prefix: format!("{PREFIX}{name}").into(),
            state: Data::new(AppState::bound(Arc::new(WorldSlot::new(world)))),
            created: at,
            last_used: AtomicU64::new(at),
            requests: AtomicU64::new(0),
            in_flight: AtomicU32::new(1),
        });
        let mut map = self.shard(name).write();
        if let Some(existing) = map.get(name) {
            existing.in_flight.fetch_add(1, Ordering::AcqRel);
            let existing = existing.clone();
            drop(map);
            self.live.fetch_sub(1, Ordering::AcqRel);
            return Ok(existing);
        }
        map.insert(name.into(), fresh.clone());
        Ok(fresh)
    }

    /// Takes one place under `max`, if there is one.
    fn reserve(&self, max: usize) -> bool {
        self.live
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .is_ok()
    }

    /// The session `name`, if live (not created, not touched).
    pub fn get(&self, name: &str) -> Option<Arc<Session>> {
        self.shard(name).read().get(name).cloned()
    }

    /// Drops `name`; false if there was no such session. A request in flight
    /// in it finishes against the world it started with.
    pub fn remove(&self, name: &str) -> bool {
        let removed = self.shard(name).write().remove(name);
        match removed {
            Some(s) => {
                self.live.fetch_sub(1, Ordering::AcqRel);
                drop(s);
                true
            }
            None => false,
        }
    }

    /// Every live session, oldest first.
    pub fn list(&self) -> Vec<SessionInfo> {
        self.list_at(Instant::now())
    }

    fn list_at(&self, now: Instant) -> Vec<SessionInfo> {
        self.sweep_at(now);
        let mut all: Vec<Arc<Session>> = self
            .shards
            .iter()
            .flat_map(|s| s.read().values().cloned().collect::<Vec<_>>())
            .collect();
        all.sort_by(|a, b| (a.created, &a.name).cmp(&(b.created, &b.name)));
        all.iter().map(|s| self.info(s)).collect()
    }

    /// How `GET /__admin/sessions` shows `s`.
    pub fn info(&self, s: &Session) -> SessionInfo {
        let at = |ms: u64| {
            let t = self.epoch_utc
                + chrono::Duration::milliseconds(i64::try_from(ms).unwrap_or(i64::MAX / 2));
            crate::clock::iso(t)
        };
        SessionInfo {
            name: s.name.to_string(),
            created_at: at(s.created),
            last_used_at: at(s.last_used.load(Ordering::Relaxed)),
            requests: s.requests.load(Ordering::Relaxed),
        }
    }

    /// Drops every session unused for longer than [`Sessions::idle`] and with
    /// no request in flight; returns how many went.
    pub fn sweep(&self) -> usize {
        self.sweep_at(Instant::now())
    }

    fn maybe_sweep(&self, now: Instant) {
        let at = self.elapsed_ms(now);
        {
            let mut last = self.last_sweep.lock();
            if at.saturating_sub(*last) < 1000 {
                return;
            }
            *last = at;
        }
        self.sweep_at(now);
    }

    fn sweep_at(&self, now: Instant) -> usize {
        let idle = u64::try_from(self.idle().as_millis()).unwrap_or(u64::MAX);
        let at = self.elapsed_ms(now);
        let mut gone = Vec::new();
        for shard in self.shards.iter() {
            let stale = |s: &Arc<Session>| {
                s.in_flight.load(Ordering::Acquire) == 0
                    && at.saturating_sub(s.last_used.load(Ordering::Relaxed)) >= idle
            };
            if !shard.read().values().any(stale) {
                continue;
            }
            let mut map = shard.write();
            let names: Vec<Box<str>> = map
                .iter()
                .filter(|(_, s)| stale(s))
                .map(|(n, _)| n.clone())
                .collect();
            for n in names {
                if let Some(s) = map.remove(&n) {
                    gone.push(s);
                }
            }
        }
        self.live.fetch_sub(gone.len(), Ordering::AcqRel);
        // Worlds are freed here, outside every shard lock.
        gone.len()
    }

    /// Sweeps now and then for as long as the registry lives, so the memory of
    /// expired sessions comes back even when nobody creates or lists any.
    pub async fn sweep_periodically(this: std::sync::Weak<Sessions>) {
        loop {
            let Some(wait) = this
                .upgrade()
                .map(|s| (s.idle() / 10).clamp(Duration::from_millis(50), Duration::from_secs(30)))
            else {
                return;
            };
            actix_web::rt::time::sleep(wait).await;
            match this.upgrade() {
                Some(s) => {
                    s.sweep();
                }
                None => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn sessions(idle_minutes: f64, max: usize) -> Arc<Sessions> {
        let mut s = Scenario::default_scenario();
        s.sessions.idle_minutes = IdleMinutes(idle_minutes);
        s.sessions.max = MaxSessions(max);
        let slot = Arc::new(WorldSlot::new(World::new(Arc::new(s))));
        Arc::new(Sessions::new(slot, SessionSettings::default()))
    }

    // SPEC C-11: names are 1–64 of A–Z a–z 0–9 . _ -
    #[test]
    fn session_names_are_one_to_sixty_four_safe_characters() {
        for ok in ["a", "gw0", "worker_1.test-2", &"x".repeat(64)] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in ["", "a b", "a/b", "é", "a%20", &"x".repeat(65)] {
            assert!(!valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn strip_prefix_removes_only_a_valid_session_prefix() {
        assert_eq!(
            strip_prefix("/__session/w1/linkedin/profile"),
            "/linkedin/profile"
        );
        assert_eq!(strip_prefix("/linkedin/profile"), "/linkedin/profile");
        assert_eq!(strip_prefix("/__session/a b/x"), "/__session/a b/x");
    }

    // SPEC C-11: a session unused for idleMinutes is dropped, not before.
    #[test]
    fn idle_session_expires_after_idle_minutes_and_not_before() {
        let s = sessions(1.0, 10);
        let t0 = Instant::now();
        drop(s.enter_at("a", t0).expect("enter"));
        assert_eq!(s.sweep_at(t0 + Duration::from_secs(59)), 0);
        assert!(s.get("a").is_some());
        assert_eq!(s.sweep_at(t0 + Duration::from_secs(61)), 1);
        assert!(s.get("a").is_none());
        assert_eq!(s.live(), 0);
    }

    // SPEC C-11: expiry never drops a session with a request in flight.
    #[test]
    fn session_with_a_request_in_flight_never_expires() {
        let s = sessions(1.0, 10);
        let t0 = Instant::now();
        let guard = s.enter_at("busy", t0).expect("enter");
        assert_eq!(s.sweep_at(t0 + Duration::from_secs(3600)), 0);
        assert!(s.get("busy").is_some());
        drop(guard);
        // Dropping the guard counts as use: idle starts again from now.
        assert_eq!(s.sweep_at(Instant::now() + Duration::from_secs(59)), 0);
        assert_eq!(s.sweep_at(Instant::now() + Duration::from_secs(61)), 1);
    }

    // SPEC C-11: at most sessions.max live; one more is refused with the count.
    #[test]
    fn one_session_past_the_max_is_refused_until_one_goes() {
        let s = sessions(30.0, 2);
        drop(s.enter("a").expect("a"));
        drop(s.enter("b").expect("b"));
        assert_eq!(s.enter("c").err(), Some(SessionError::LimitReached(2)));
        assert_eq!(
            SessionError::LimitReached(2).to_string(),
            "session limit reached: 2 sessions are live"
        );
        // Existing sessions are still served at the cap.
        assert!(s.enter("a").is_ok());
        assert!(s.remove("a"));
        assert!(!s.remove("a"));
        assert!(s.enter("c").is_ok());
        assert_eq!(s.live(), 2);
    }

    // SPEC C-11: the cap is exact when many new sessions arrive at once.
    #[test]
    fn concurrent_creation_never_exceeds_the_max() {
        let s = sessions(30.0, 50);
        let ok = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for t in 0..8 {
                let (s, ok) = (&s, &ok);
                scope.spawn(move || {
                    for i in 0..40 {
                        // Threads share names, so some enter existing ones.
                        if s.enter(&format!("n{}", (t * 40 + i) % 120)).is_ok() {
                            ok.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                });
            }
        });
        assert_eq!(s.live(), 50);
        assert_eq!(s.list().len(), 50);
    }

    // SPEC C-11: a new session's provider state is not built until used.
    #[test]
    fn new_session_builds_no_provider_state_until_used() {
        let s = sessions(30.0, 10);
        let e = s.enter("lazy").expect("enter");
        let w = e.session().world();
        assert!(!w.connectsafely.is_built());
        assert!(!w.atomus.is_built());
        assert!(!w.apify.is_built());
        assert!(!w.outx.is_built());
    }
}
