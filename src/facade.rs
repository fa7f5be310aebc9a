//! The typed test helpers of [`MockLink`](crate::MockLink) and its session
//! handles: what a Rust test would otherwise do over raw HTTP against
//! `/__admin` (SPEC C-8) or by reaching into internals. They act directly on
//! the world they target, the default one or one session's (SPEC C-11), with
//! exactly the rules of the matching admin routes.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use crate::journal::JournalEntry;
use crate::scenario::{FaultRule, ProviderName, Scenario};
use crate::sessions::{SessionError, Sessions};
use crate::state::{AppState, World};

/// Why a helper could not do what it was asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ControlError {
    /// The session did not exist and no more may be created (C-11's 429).
    #[error("{0}")]
    Session(#[from] SessionError),
    /// A clock change that would leave years 1970..9999 or go backwards.
    #[error("{0}")]
    Clock(String),
    /// A fault rule the admin API would refuse.
    #[error("{0}")]
    Fault(String),
    /// Not a session name (SPEC C-11).
    #[error("{0}")]
    InvalidName(String),
}

/// Which world a handle acts on.
#[derive(Clone)]
pub(crate) enum Target {
    Default(Arc<AppState>),
    Session {
        sessions: Arc<Sessions>,
        name: Arc<str>,
    },
}

impl Target {
    /// Runs `f` on the target's state; a session is created on first use,
    /// as a request would create it, and kept from expiring meanwhile.
    fn with<T>(&self, f: impl FnOnce(&AppState) -> T) -> Result<T, ControlError> {
        match self {
            Target::Default(state) => Ok(f(state)),
            Target::Session { sessions, name } => {
                let entered = sessions.enter(name)?;
                Ok(f(entered.session().state()))
            }
        }
    }

    fn world(&self) -> Result<Arc<World>, ControlError> {
        self.with(AppState::world)
    }

    pub(crate) fn now(&self) -> Result<DateTime<Utc>, ControlError> {
        Ok(self.world()?.now())
    }

    pub(crate) fn advance_clock(&self, by: Duration) -> Result<DateTime<Utc>, ControlError> {
        if by < Duration::zero() {
            return Err(ControlError::Clock(format!(
                "the clock only moves forward; cannot advance by {by}"
            )));
        }
        let world = self.world()?;
        world
            .clock
            .advance(by)
            .map_err(|e| ControlError::Clock(e.to_string()))?;
        Ok(world.now())
    }

    pub(crate) fn set_clock(&self, at: DateTime<Utc>) -> Result<(), ControlError> {
        self.world()?
            .clock
            .set(at)
            .map_err(|e| ControlError::Clock(e.to_string()))
    }

    pub(crate) fn freeze_clock(&self, frozen: bool) -> Result<(), ControlError> {
        self.world()?.clock.freeze(frozen);
        Ok(())
    }

    pub(crate) fn reset(&self) -> Result<(), ControlError> {
        self.with(AppState::reset)
    }

    pub(crate) fn put_scenario(&self, scenario: Scenario) -> Result<(), ControlError> {
        self.with(|s| s.replace(scenario))
    }

    pub(crate) fn scenario(&self) -> Result<Arc<Scenario>, ControlError> {
        Ok(self.world()?.scenario.clone())
    }

    pub(crate) fn journal(&self) -> Result<Requests, ControlError> {
        Ok(Requests {
            entries: self
                .world()?
                .journal
                .list(None, None)
                .iter()
                .map(|r| r.view())
                .collect(),
        })
    }

    pub(crate) fn clear_journal(&self) -> Result<(), ControlError> {
        self.world()?.journal.clear();
        Ok(())
    }

    pub(crate) fn inject_fault(&self, fault: FaultRule) -> Result<(), ControlError> {
        let rule = crate::admin::check_fault(fault).map_err(ControlError::Fault)?;
        self.world()?.faults.queue(rule);
        Ok(())
    }

    pub(crate) fn clear_faults(&self) -> Result<(), ControlError> {
        self.world()?.faults.clear();
        Ok(())
    }
}

/// A fault to inject: the matching request answers `status` in its
/// provider's error shape (SPEC C-8). Built like the admin API's body, with
/// the same bounds.
///
/// ```
/// use mocklink::{Fault, Provider};
/// let f = Fault::new(Provider::Atomus, 502)
///     .path("/v1/linkedin-profile-enrichment/enrich")
///     .times(2);
/// # let _ = f;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    provider: ProviderName,
    status: u16,
    path: Option<String>,
    times: Option<u32>,
    probability: Option<f64>,
    latency_ms: Option<u64>,
}

impl Fault {
    /// Hits the provider's next request (any path) once.
    pub fn new(provider: ProviderName, status: u16) -> Fault {
        Fault {
            provider,
            status,
            path: None,
            times: None,
            probability: None,
            latency_ms: None,
        }
    }

    /// Only this request path (the provider's own, e.g. `/linkedin/profile`).
    pub fn path(mut self, path: impl Into<String>) -> Fault {
        self.path = Some(path.into());
        self
    }

    /// Hits this many requests (default 1).
    pub fn times(mut self, times: u32) -> Fault {
        self.times = Some(times);
        self
    }

    /// Hits a matching request with this chance (0..=1).
    pub fn probability(mut self, p: f64) -> Fault {
        self.probability = Some(p);
        self
    }

    /// Answers after this delay (at most 60,000 ms).
    pub fn latency_ms(mut self, ms: u64) -> Fault {
        self.latency_ms = Some(ms);
        self
    }

    /// The rule, checked as the admin API checks a body.
    pub(crate) fn rule(&self) -> Result<FaultRule, ControlError> {
        let body = serde_json::json!({
            "provider": self.provider,
            "status": self.status,
            "path": self.path,
            "times": self.times,
            "probability": self.probability,
            "latencyMs": self.latency_ms,
        });
        let body = match body {
            serde_json::Value::Object(mut m) => {
                m.retain(|_, v| !v.is_null());
                serde_json::Value::Object(m)
            }
            other => other,
        };
        serde_json::from_value(body).map_err(|e| ControlError::Fault(e.to_string()))
    }
}

/// Journal entries (newest last), narrowed with [`Requests::provider`],
/// [`Requests::method`] and [`Requests::path`].
#[derive(Debug, Clone, Default)]
pub struct Requests {
    entries: Vec<JournalEntry>,
}

impl Requests {
    /// Only requests served by `provider`.
    pub fn provider(mut self, provider: ProviderName) -> Requests {
        self.entries.retain(|e| e.provider == Some(provider));
        self
    }

    /// Only requests with this method (any case).
    pub fn method(mut self, method: &str) -> Requests {
        self.entries
            .retain(|e| e.method.eq_ignore_ascii_case(method));
        self
    }

    /// Only requests to this path, the provider's own (`/linkedin/profile`):
    /// a session prefix the client sent is ignored.
    pub fn path(mut self, path: &str) -> Requests {
        self.entries
            .retain(|e| crate::sessions::strip_prefix(&e.path) == path);
        self
    }

    pub fn entries(&self) -> &[JournalEntry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn last(&self) -> Option<&JournalEntry> {
        self.entries.last()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, JournalEntry> {
        self.entries.iter()
    }

    pub fn into_vec(self) -> Vec<JournalEntry> {
        self.entries
    }
}

impl IntoIterator for Requests {
    type Item = JournalEntry;
    type IntoIter = std::vec::IntoIter<JournalEntry>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a> IntoIterator for &'a Requests {
    type Item = &'a JournalEntry;
    type IntoIter = std::slice::Iter<'a, JournalEntry>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

/// The typed helpers, written once for [`MockLink`](crate::MockLink) (the
/// default world) and [`SessionHandle`] (one session).
macro_rules! helpers {
    () => {
        /// The virtual clock's time now.
        pub fn now(&self) -> Result<chrono::DateTime<chrono::Utc>, ControlError> {
            self.target().now()
        }

        /// Moves the virtual clock forward (never back); returns the new time.
        pub fn advance_clock(
            &self,
            by: chrono::Duration,
        ) -> Result<chrono::DateTime<chrono::Utc>, ControlError> {
            self.target().advance_clock(by)
        }

        /// Jumps the virtual clock to `at` (may go back; counters are not
        /// rewound), keeping it frozen or running.
        pub fn set_clock(&self, at: chrono::DateTime<chrono::Utc>) -> Result<(), ControlError> {
            self.target().set_clock(at)
        }

        /// Stops (true) or restarts (false) the virtual clock.
        pub fn freeze_clock(&self, frozen: bool) -> Result<(), ControlError> {
            self.target().freeze_clock(frozen)
        }

        /// Every counter, cache, credit, task, run, hold, fault, the journal
        /// and the clock back to the scenario's start.
        pub fn reset(&self) -> Result<(), ControlError> {
            self.target().reset()
        }

        /// Puts `scenario` in force (and so resets).
        pub fn put_scenario(&self, scenario: crate::Scenario) -> Result<(), ControlError> {
            self.target().put_scenario(scenario)
        }

        /// The scenario in force.
        pub fn scenario(&self) -> Result<std::sync::Arc<crate::Scenario>, ControlError> {
            self.target().scenario()
        }

        /// The request journal, newest last, secrets masked.
        pub fn journal(&self) -> Result<Requests, ControlError> {
            self.target().journal()
        }

        /// Empties the journal.
        pub fn clear_journal(&self) -> Result<(), ControlError> {
            self.target().clear_journal()
        }

        /// Queues a fault.
        pub fn inject_fault(&self, fault: Fault) -> Result<(), ControlError> {
            let rule = fault.rule()?;
            self.target().inject_fault(rule)
        }

        /// Clears every fault rule, the scenario's included.
        pub fn clear_faults(&self) -> Result<(), ControlError> {
            self.target().clear_faults()
        }

        /// ConnectSafely's base URL (`…/linkedin`).
        pub fn connectsafely_url(&self) -> String {
            format!("{}/linkedin", self.base())
        }

        /// Atomus's base URL.
        pub fn atomus_url(&self) -> String {
            self.base()
        }

        /// Apify's base URL (clients add `/v2`).
        pub fn apify_url(&self) -> String {
            self.base()
        }

        /// OutX's base URL.
        pub fn outx_url(&self) -> String {
            self.base()
        }
    };
}
pub(crate) use helpers;

/// One session of a running [`MockLink`](crate::MockLink) (SPEC C-11): its
/// URLs carry the `/__session/{name}` prefix, and its helpers act on that
/// session alone. The session itself is created by its first request or
/// helper call. Cheap to clone; usable from any thread.
#[derive(Clone)]
pub struct SessionHandle {
    base: String,
    target: Target,
}

impl SessionHandle {
    pub(crate) fn new(
        uri: String,
        sessions: Arc<Sessions>,
        name: &str,
    ) -> Result<SessionHandle, ControlError> {
        if !crate::sessions::valid_name(name) {
            return Err(ControlError::InvalidName(crate::sessions::name_error(name)));
        }
        Ok(SessionHandle {
            base: format!("{uri}{}{name}", crate::sessions::PREFIX),
            target: Target::Session {
                sessions,
                name: name.into(),
            },
        })
    }

    fn target(&self) -> &Target {
        &self.target
    }

    fn base(&self) -> String {
        self.base.clone()
    }

    /// The session's name.
    pub fn name(&self) -> &str {
        match &self.target {
            Target::Session { name, .. } => name,
            Target::Default(_) => "",
        }
    }

    /// Base URL of the session, e.g. `http://127.0.0.1:41234/__session/gw3`;
    /// every provider is under it.
    pub fn url(&self) -> String {
        self.base.clone()
    }

    /// Drops the session and everything in it; false if it was not live.
    pub fn delete(&self) -> bool {
        match &self.target {
            Target::Session { sessions, name } => sessions.remove(name),
            Target::Default(_) => false,
        }
    }

    helpers!();
}
