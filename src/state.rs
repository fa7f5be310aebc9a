//! Everything a running scenario knows, in one place.
//!
//! A [`World`] is built from a scenario and holds its clock, people, journal,
//! faults, seeded generator and each provider's state. Reset and scenario
//! replacement build a new world and swap it in atomically, so a reset can
//! never leave half the counters from before; requests already in flight finish
//! against the world they started with. Provider rules live in the provider
//! modules; this module only owns construction and the shared services.
//!
//! Each provider's state is built on first use: a session (SPEC C-11) is a
//! world of its own, and most sessions touch one or two providers, so an
//! unused one must cost a few hundred bytes, not four providers' tables.

use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use fake::rand::rngs::ChaCha8Rng;
use fake::rand::{RngExt, SeedableRng};
use parking_lot::{Mutex, RwLock};

use crate::clock::Clock;
use crate::faults::{Fault, Faults};
use crate::journal::Journal;
use crate::linkedin::{LinkedIn, People};
use crate::providers::{apify, atomus, connectsafely, outx};
use crate::scenario::{ProviderName, Scenario};
use crate::sessions::{SessionSettings, Sessions};

pub struct World {
    pub scenario: Arc<Scenario>,
    pub clock: Clock,
    /// The members generator; the same one `linkedin.people` holds.
    pub people: Arc<People>,
    /// The shared LinkedIn model and this world's network (SPEC G-3).
    pub linkedin: LinkedIn,
    pub journal: Journal,
    pub faults: Faults,
    /// Ids, fault rolls, latency draws: every random choice that is not part of
    /// a person comes from here, so a scenario replays the same way.
    rng: Mutex<ChaCha8Rng>,
    pub connectsafely: Lazy<connectsafely::State>,
    pub atomus: Lazy<atomus::State>,
    pub apify: Lazy<apify::State>,
    pub outx: Lazy<outx::State>,
}

/// A provider's state, built from the scenario the first time anything reads
/// it; reads it like the state itself (it derefs to it). Holds no allocation
/// of its own until then.
pub struct Lazy<T> {
    cell: OnceLock<T>,
    scenario: Arc<Scenario>,
    start: DateTime<Utc>,
    build: fn(&Scenario, DateTime<Utc>) -> T,
}

impl<T> Lazy<T> {
    fn new(
        scenario: &Arc<Scenario>,
        start: DateTime<Utc>,
        build: fn(&Scenario, DateTime<Utc>) -> T,
    ) -> Lazy<T> {
        Lazy {
            cell: OnceLock::new(),
            scenario: scenario.clone(),
            start,
            build,
        }
    }

    /// Whether anything has used it yet.
    pub fn is_built(&self) -> bool {
        self.cell.get().is_some()
    }
}

impl<T> Deref for Lazy<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.cell
            .get_or_init(|| (self.build)(&self.scenario, self.start))
    }
}

impl World {
    pub fn new(scenario: Arc<Scenario>) -> World {
        let people = Arc::new(People::new(scenario.seed, &scenario.people));
        World::with_people(scenario, people)
    }

    /// A fresh world on `scenario` that shares `people` (which must have been
    /// built from the same scenario): people are a pure function of the
    /// scenario, so reset and every session on one scenario share one cache.
    pub fn with_people(scenario: Arc<Scenario>, people: Arc<People>) -> World {
        let start = scenario.clock.start.unwrap_or_else(Utc::now);
        let clock = Clock::new(start, scenario.clock.frozen);
        World {
            linkedin: LinkedIn::new(people.clone(), scenario.linkedin.clone(), start),
            people,
            journal: Journal::new(scenario.journal.max_entries, scenario.journal.max_bytes.0),
            faults: Faults::new(&scenario.faults),
            rng: Mutex::new(ChaCha8Rng::seed_from_u64(
                scenario.seed ^ 0x6d6f_636b_6c69_6e6b,
            )),
            connectsafely: Lazy::new(&scenario, start, connectsafely::State::new),
            atomus: Lazy::new(&scenario, start, atomus::State::new),
            apify: Lazy::new(&scenario, start, apify::State::new),
            outx: Lazy::new(&scenario, start, outx::State::new),
            clock,
            scenario,
        }
    }

    /// A fresh world at the start of this one's scenario, same people.
    pub fn restarted(&self) -> World {
        World::with_people(self.scenario.clone(), self.people.clone())
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Runs `f` with the seeded generator; keep `f` short, it holds a lock.
    pub fn with_rng<T>(&self, f: impl FnOnce(&mut ChaCha8Rng) -> T) -> T {
        f(&mut self.rng.lock())
    }

    /// A random (version 4) UUID from the seeded generator.
    pub fn uuid(&self) -> uuid::Uuid {
        let bytes: [u8; 16] = self.with_rng(|r| r.random());
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }

    /// A ULID stamped with the virtual clock.
    pub fn ulid(&self) -> ulid::Ulid {
        let ms = u64::try_from(self.now().timestamp_millis()).unwrap_or(0);
        let random: u128 = self.with_rng(|r| r.random());
        ulid::Ulid::from_parts(ms, random)
    }

    /// A random alphanumeric id of `len` characters, like Apify's run ids.
    pub fn alnum_id(&self, len: usize) -> String {
        const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        self.with_rng(|r| {
            (0..len)
                .map(|_| char::from(CHARS[r.random_range(0..CHARS.len())]))
                .collect()
        })
    }

    /// Whether a fault rule hits this request (see [`Faults::take`]).
    /// `path` is the request path as it arrived; rules match it decoded, as
    /// the router does, so `/linkedin/profil%65` is `/linkedin/profile`.
    pub fn fault(&self, provider: ProviderName, path: &str) -> Option<Fault> {
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        self.faults
            .take(provider, &decoded, || self.with_rng(|r| r.random::<f64>()))
    }

    /// The delay to add to a request of `provider`, drawn from its latency range.
    pub fn latency(&self, provider: ProviderName) -> std::time::Duration {
        let l = &self.scenario.latency;
        let cfg = match provider {
            ProviderName::Connectsafely => &l.connectsafely,
            ProviderName::Atomus => &l.atomus,
            ProviderName::Apify => &l.apify,
            ProviderName::Outx => &l.outx,
        };
        let ms = match cfg.as_ref().map(|c| c.range()) {
            None | Some((0, 0)) => 0,
            Some((lo, hi)) if lo == hi => lo,
            Some((lo, hi)) => self.with_rng(|r| r.random_range(lo..=hi)),
        };
        std::time::Duration::from_millis(ms)
    }
}

/// One world that reset and scenario replacement swap whole: the default
/// world, or one session's.
pub struct WorldSlot {
    world: RwLock<Arc<World>>,
}

impl WorldSlot {
    pub fn new(world: World) -> WorldSlot {
        WorldSlot {
            world: RwLock::new(Arc::new(world)),
        }
    }

    /// Cheap: an `Arc` clone under a read lock that is released at once.
    pub fn world(&self) -> Arc<World> {
        self.world.read().clone()
    }

    pub fn reset(&self) {
        let fresh = Arc::new(self.world().restarted());
        *self.world.write() = fresh;
    }

    pub fn replace(&self, scenario: Scenario) {
        let fresh = Arc::new(World::new(Arc::new(scenario)));
        *self.world.write() = fresh;
    }
}

/// What a handler receives as `Data<AppState>`: the world it acts on. The
/// server's own state acts on the default world and holds the sessions; the
/// HTTP edge hands each session's requests a state bound to that session's
/// world instead (SPEC C-11), so handlers never know sessions exist.
pub struct AppState {
    slot: Arc<WorldSlot>,
    sessions: Option<Arc<Sessions>>,
}

impl AppState {
    /// The server's state: the default world on `scenario`, no sessions yet.
    pub fn new(scenario: Scenario) -> AppState {
        AppState::with_settings(scenario, SessionSettings::default())
    }

    pub fn with_settings(scenario: Scenario, settings: SessionSettings) -> AppState {
        let slot = Arc::new(WorldSlot::new(World::new(Arc::new(scenario))));
        AppState {
            sessions: Some(Arc::new(Sessions::new(slot.clone(), settings))),
            slot,
        }
    }

    /// A state acting on one session's world.
    pub(crate) fn bound(slot: Arc<WorldSlot>) -> AppState {
        AppState {
            slot,
            sessions: None,
        }
    }

    /// The world for one request. Cheap: an `Arc` clone under a read lock that
    /// is released at once.
    pub fn world(&self) -> Arc<World> {
        self.slot.world()
    }

    /// Back to the scenario's start: every counter, cache, credit, task, run,
    /// hold, fault, the journal and the clock.
    pub fn reset(&self) {
        self.slot.reset();
    }

    /// Puts a new scenario in force (and so resets).
    pub fn replace(&self, scenario: Scenario) {
        self.slot.replace(scenario);
    }

    /// The sessions, on the server's own state (None on a session's).
    pub fn sessions(&self) -> Option<&Arc<Sessions>> {
        self.sessions.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Latency, Millis};

    // C-9, issue 10 item 25: a min–max latency is drawn within its bounds,
    // and spans the range (both ends' neighbourhoods are reached).
    #[test]
    fn latency_draws_stay_within_min_and_max() {
        let mut s = Scenario::default_scenario();
        s.latency.outx = Some(Latency {
            min_ms: Some(Millis(100)),
            max_ms: Some(Millis(250)),
            ..Latency::default()
        });
        let world = World::new(Arc::new(s));
        let draws: Vec<u128> = (0..2_000)
            .map(|_| world.latency(ProviderName::Outx).as_millis())
            .collect();
        assert!(draws.iter().all(|d| (100..=250).contains(d)), "{draws:?}");
        assert!(draws.iter().any(|d| *d < 110) && draws.iter().any(|d| *d > 240));
        assert!(world.latency(ProviderName::Atomus).is_zero());
    }
}
