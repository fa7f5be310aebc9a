//! Everything a running scenario knows, in one place.
//!
//! A [`World`] is built from a scenario and holds its clock, people, journal,
//! faults, seeded generator and each provider's state. Reset and scenario
//! replacement build a new world and swap it in atomically, so a reset can
//! never leave half the counters from before; requests already in flight finish
//! against the world they started with. Provider rules live in the provider
//! modules; this module only owns construction and the shared services.

use std::sync::Arc;

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
    pub connectsafely: connectsafely::State,
    pub atomus: atomus::State,
    pub apify: apify::State,
    pub outx: outx::State,
}

impl World {
    pub fn new(scenario: Arc<Scenario>) -> World {
        let start = scenario.clock.start.unwrap_or_else(Utc::now);
        let clock = Clock::new(start, scenario.clock.frozen);
        let people = Arc::new(People::new(scenario.seed, &scenario.people));
        World {
            linkedin: LinkedIn::new(people.clone(), scenario.linkedin.clone(), start),
            people,
            journal: Journal::new(scenario.journal.max_entries),
            faults: Faults::new(&scenario.faults),
            rng: Mutex::new(ChaCha8Rng::seed_from_u64(
                scenario.seed ^ 0x6d6f_636b_6c69_6e6b,
            )),
            connectsafely: connectsafely::State::new(&scenario, start),
            atomus: atomus::State::new(&scenario, start),
            apify: apify::State::new(&scenario, start),
            outx: outx::State::new(&scenario, start),
            clock,
            scenario,
        }
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
    pub fn fault(&self, provider: ProviderName, path: &str) -> Option<Fault> {
        self.faults
            .take(provider, path, || self.with_rng(|r| r.random::<f64>()))
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

/// Shared by every worker: the world in force.
pub struct AppState {
    world: RwLock<Arc<World>>,
}

impl AppState {
    pub fn new(scenario: Scenario) -> AppState {
        AppState {
            world: RwLock::new(Arc::new(World::new(Arc::new(scenario)))),
        }
    }

    /// The world for one request. Cheap: an `Arc` clone under a read lock that
    /// is released at once.
    pub fn world(&self) -> Arc<World> {
        self.world.read().clone()
    }

    /// Back to the scenario's start: every counter, cache, credit, task, run,
    /// hold, fault, the journal and the clock.
    pub fn reset(&self) {
        let scenario = self.world().scenario.clone();
        *self.world.write() = Arc::new(World::new(scenario));
    }

    /// Puts a new scenario in force (and so resets).
    pub fn replace(&self, scenario: Scenario) {
        *self.world.write() = Arc::new(World::new(Arc::new(scenario)));
    }
}
