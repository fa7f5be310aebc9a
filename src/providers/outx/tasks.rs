//! Agent-task life on the virtual clock (OX-2) and the bounded task store.
//!
//! Pure rules: every function takes `now` (and any random draw) from its
//! caller, so the lifecycle is testable without HTTP, locks or a clock. A task
//! never changes after it is created; its status is derived from its creation
//! time and the phase lengths fixed then. This module does not know who may
//! read a task beyond comparing team ids, nor how a person is rendered.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use serde::Serialize;

use crate::scenario::OutxTasks;

/// Longest phase or retention honoured, so a huge scenario value cannot
/// overflow date arithmetic (about a century).
const MAX_SECONDS: f64 = 100.0 * 365.0 * 86_400.0;

/// Input bytes the task store keeps at most; beyond it the tasks finishing
/// earliest are dropped first, as when the task count is reached.
pub const MAX_STORE_BYTES: usize = 64 << 20;

/// `seconds` as a duration, clamped to `0..=MAX_SECONDS`, millisecond precision.
pub fn seconds(seconds: f64) -> Duration {
    let s = if seconds.is_finite() {
        seconds.clamp(0.0, MAX_SECONDS)
    } else {
        0.0
    };
    Duration::milliseconds((s * 1000.0).round() as i64)
}

/// `t + d`, saturating at the latest representable time.
fn after(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    t.checked_add_signed(d).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// What a poll reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Processing,
    Completed,
    Failed,
}

/// How a task ends, decided when it is created (so a poll never changes the
/// LinkedIn state, and two polls agree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `completed`; the output is rendered from the input when polled,
    /// with what the creation recorded (a comment's URN, …) merged in.
    Done(Option<serde_json::Value>),
    /// `failed`, with the `error` its `task_output` carries.
    Failed(String),
}

/// What a task was asked to do, as its `task_input` echoes it (defaults
/// filled in). The tag is the task's `task_type` (outx.md §2.6).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "task_type")]
pub enum Input {
    #[serde(rename = "agent_profile_fetch")]
    Profile { profile_slug: String },
    #[serde(rename = "agent_profiles_posts_fetch")]
    ProfilesPosts { profile_urns: Vec<String> },
    #[serde(rename = "agent_like_post")]
    LikePost { social_urn: String },
    #[serde(rename = "agent_comment_post")]
    CommentPost {
        social_urn: String,
        comment_text: String,
    },
    #[serde(rename = "agent_company_fetch")]
    Company { company_slug: String },
    #[serde(rename = "agent_company_posts_fetch")]
    CompanyPosts { company_slug: String },
    #[serde(rename = "agent_send_message")]
    SendMessage {
        recipient_urn: String,
        message: String,
    },
    #[serde(rename = "agent_send_connection_request")]
    ConnectionRequest {
        profile_urn: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    #[serde(rename = "agent_search_profiles")]
    SearchProfiles(Box<SearchInput>),
    #[serde(rename = "agent_fetch_connections")]
    FetchConnections {
        #[serde(skip_serializing_if = "Option::is_none")]
        keyword: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sort_type: Option<String>,
        start: u64,
        count: u64,
    },
}

/// The filters of a profile search, as sent (outx.md §3.9).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SearchInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keywords: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geo_urn: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_company: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub past_company: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub industry: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_language: Option<Vec<String>>,
    pub count: u64,
}

impl Input {
    /// Roughly the heap bytes this input holds, for the store's byte bound.
    pub fn weight(&self) -> usize {
        serde_json::to_string(self).map_or(256, |s| s.len()) + 128
    }
}

/// How long one task spends in each phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub pending: Duration,
    pub processing: Duration,
}

impl Timing {
    /// The scenario's phase lengths, each lengthened by `draws` (two numbers in
    /// `0..1` from the seeded generator) times `spreadSeconds`.
    pub fn from_config(cfg: &OutxTasks, draws: (f64, f64)) -> Timing {
        let spread = cfg.spread_seconds.0;
        Timing {
            pending: seconds(cfg.pending_seconds.0 + draws.0.clamp(0.0, 1.0) * spread),
            processing: seconds(cfg.processing_seconds.0 + draws.1.clamp(0.0, 1.0) * spread),
        }
    }
}

/// One agent task. Invariant: `created_at <= processing_at <= finished_at`.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub id: Uuid,
    /// Id of the team that created it; only that team can read it.
    pub team: String,
    pub input: Input,
    pub outcome: Outcome,
    pub created_at: DateTime<Utc>,
    pub processing_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
}

impl Task {
    pub fn new(
        id: Uuid,
        team: &str,
        input: Input,
        outcome: Outcome,
        created_at: DateTime<Utc>,
        timing: Timing,
    ) -> Task {
        let processing_at = after(created_at, timing.pending);
        Task {
            id,
            team: team.to_string(),
            input,
            outcome,
            created_at,
            processing_at,
            finished_at: after(processing_at, timing.processing),
        }
    }

    /// The status at `now`. A clock set back before the task's creation sees
    /// it `pending`.
    pub fn status_at(&self, now: DateTime<Utc>) -> Status {
        if now < self.processing_at {
            Status::Pending
        } else if now < self.finished_at {
            Status::Processing
        } else {
            match self.outcome {
                Outcome::Done(_) => Status::Completed,
                Outcome::Failed(_) => Status::Failed,
            }
        }
    }
}

/// Limits on what the store keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// A finished task is forgotten this long after it finishes.
    pub keep_finished: Duration,
    /// Tasks kept at most (at least 1).
    pub max_tasks: usize,
    /// Input bytes kept at most (messages may be 10,000 characters each).
    pub max_bytes: usize,
}

impl Retention {
    pub fn from_config(cfg: &OutxTasks) -> Retention {
        Retention {
            keep_finished: seconds(cfg.retention_hours.0 * 3600.0),
            max_tasks: cfg.max_tasks.max(1),
            max_bytes: MAX_STORE_BYTES,
        }
    }
}

/// Every team's tasks. Bounded: expired tasks are dropped whenever the store is
/// touched, and an insert into a full store first drops the task that finished
/// (or will finish) earliest.
#[derive(Debug, Default)]
pub struct Store {
    /// Each task with its insertion number.
    tasks: HashMap<Uuid, (u64, Task)>,
    /// (finish time, insertion number, id): the expiry and eviction order;
    /// tasks finishing together go in the order they were created.
    by_finish: BTreeSet<(DateTime<Utc>, u64, Uuid)>,
    inserted: u64,
    /// Sum of the kept tasks' [`Input::weight`].
    bytes: usize,
}

impl Store {
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// Drops every task whose retention has run out at `now`.
    pub fn expire(&mut self, now: DateTime<Utc>, retention: Retention) {
        while let Some(&(finished, _, id)) = self.by_finish.first() {
            if after(finished, retention.keep_finished) > now {
                break;
            }
            self.by_finish.pop_first();
            self.forget(id);
        }
    }

    fn forget(&mut self, id: Uuid) {
        if let Some((_, t)) = self.tasks.remove(&id) {
            self.bytes = self.bytes.saturating_sub(t.input.weight());
        }
    }

    /// Keeps `task`, making room under `max_tasks` first.
    pub fn insert(&mut self, task: Task, now: DateTime<Utc>, retention: Retention) {
        self.expire(now, retention);
        if let Some((seq, old)) = self.tasks.get(&task.id).map(|(s, t)| (*s, t.finished_at)) {
            self.by_finish.remove(&(old, seq, task.id));
            self.forget(task.id);
        }
        let weight = task.input.weight();
        while self.tasks.len() >= retention.max_tasks
            || (!self.tasks.is_empty() && self.bytes + weight > retention.max_bytes)
        {
            match self.by_finish.pop_first() {
                Some((_, _, id)) => self.forget(id),
                None => break,
            }
        }
        self.bytes += weight;
        self.inserted += 1;
        self.by_finish
            .insert((task.finished_at, self.inserted, task.id));
        self.tasks.insert(task.id, (self.inserted, task));
    }

    /// The task `id` if `team` owns it and it has not expired at `now`.
    pub fn get(
        &mut self,
        id: Uuid,
        team: &str,
        now: DateTime<Utc>,
        retention: Retention,
    ) -> Option<Task> {
        self.expire(now, retention);
        self.tasks
            .get(&id)
            .map(|(_, t)| t)
            .filter(|t| t.team == team)
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::NonNegative;

    fn t0() -> DateTime<Utc> {
        "2024-01-15T10:30:00Z".parse().unwrap()
    }

    fn cfg(pending: f64, processing: f64, spread: f64) -> OutxTasks {
        OutxTasks {
            pending_seconds: NonNegative(pending),
            processing_seconds: NonNegative(processing),
            spread_seconds: NonNegative(spread),
            ..OutxTasks::default()
        }
    }

    fn task(n: u128, outcome: Outcome, at: DateTime<Utc>, timing: Timing) -> Task {
        let input = Input::Profile {
            profile_slug: "jane".into(),
        };
        Task::new(Uuid::from_u128(n), "demo", input, outcome, at, timing)
    }

    fn keep(hours: f64, max: usize) -> Retention {
        Retention {
            keep_finished: seconds(hours * 3600.0),
            max_tasks: max,
            max_bytes: MAX_STORE_BYTES,
        }
    }

    #[test]
    fn a_task_goes_pending_then_processing_then_completed() {
        let t = task(
            1,
            Outcome::Done(None),
            t0(),
            Timing::from_config(&cfg(6.0, 4.0, 0.0), (0.0, 0.0)),
        );
        assert_eq!(t.status_at(t0()), Status::Pending);
        assert_eq!(t.status_at(t0() + seconds(5.999)), Status::Pending);
        assert_eq!(t.status_at(t0() + seconds(6.0)), Status::Processing);
        assert_eq!(t.status_at(t0() + seconds(9.999)), Status::Processing);
        assert_eq!(t.status_at(t0() + seconds(10.0)), Status::Completed);
        assert_eq!(t.status_at(t0() - seconds(60.0)), Status::Pending);
    }

    #[test]
    fn failing_tasks_end_failed_after_the_same_phases() {
        let timing = Timing::from_config(&cfg(6.0, 4.0, 0.0), (0.0, 0.0));
        {
            let t = task(1, Outcome::Failed("gone".into()), t0(), timing);
            assert_eq!(t.status_at(t0() + seconds(7.0)), Status::Processing);
            assert_eq!(t.status_at(t0() + seconds(10.0)), Status::Failed);
        }
    }

    #[test]
    fn spread_lengthens_each_phase_by_its_draw() {
        let timing = Timing::from_config(&cfg(6.0, 4.0, 10.0), (0.5, 1.0));
        assert_eq!(timing.pending, seconds(11.0));
        assert_eq!(timing.processing, seconds(14.0));
    }

    #[test]
    fn absurd_durations_saturate_instead_of_overflowing() {
        let timing = Timing::from_config(&cfg(1e300, 1e300, 1e300), (1.0, 1.0));
        let t = task(1, Outcome::Done(None), t0(), timing);
        assert_eq!(t.status_at(t0() + seconds(1e9)), Status::Pending);
        let mut store = Store::default();
        store.insert(t, t0(), keep(1e300, 10));
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn finished_tasks_expire_after_the_retention_time() {
        let timing = Timing::from_config(&cfg(6.0, 4.0, 0.0), (0.0, 0.0));
        let mut store = Store::default();
        let r = keep(24.0, 100);
        store.insert(task(1, Outcome::Done(None), t0(), timing), t0(), r);
        let finished = t0() + seconds(10.0);
        let just_before = finished + seconds(24.0 * 3600.0 - 0.001);
        assert!(store
            .get(Uuid::from_u128(1), "demo", just_before, r)
            .is_some());
        let at_expiry = finished + seconds(24.0 * 3600.0);
        assert!(store
            .get(Uuid::from_u128(1), "demo", at_expiry, r)
            .is_none());
        assert!(store.is_empty());
    }

    #[test]
    fn a_full_store_drops_the_earliest_finished_task_first() {
        let fast = Timing::from_config(&cfg(1.0, 1.0, 0.0), (0.0, 0.0));
        let slow = Timing::from_config(&cfg(100.0, 100.0, 0.0), (0.0, 0.0));
        let mut store = Store::default();
        let r = keep(24.0, 2);
        // Created first but finishes last: it must survive.
        store.insert(task(1, Outcome::Done(None), t0(), slow), t0(), r);
        store.insert(task(2, Outcome::Done(None), t0(), fast), t0(), r);
        store.insert(task(3, Outcome::Done(None), t0(), fast), t0(), r);
        assert_eq!(store.len(), 2);
        assert!(store.get(Uuid::from_u128(1), "demo", t0(), r).is_some());
        assert!(store.get(Uuid::from_u128(2), "demo", t0(), r).is_none());
        assert!(store.get(Uuid::from_u128(3), "demo", t0(), r).is_some());
    }

    #[test]
    fn tasks_finishing_together_are_dropped_in_creation_order() {
        let timing = Timing::from_config(&cfg(6.0, 4.0, 0.0), (0.0, 0.0));
        let mut store = Store::default();
        let r = keep(24.0, 2);
        // Ids chosen so that id order is the reverse of creation order.
        for n in [30, 20, 10] {
            store.insert(task(n, Outcome::Done(None), t0(), timing), t0(), r);
        }
        assert!(store.get(Uuid::from_u128(30), "demo", t0(), r).is_none());
        assert!(store.get(Uuid::from_u128(20), "demo", t0(), r).is_some());
        assert!(store.get(Uuid::from_u128(10), "demo", t0(), r).is_some());
    }

    #[test]
    fn a_task_is_only_visible_to_its_team() {
        let timing = Timing::from_config(&cfg(6.0, 4.0, 0.0), (0.0, 0.0));
        let mut store = Store::default();
        let r = keep(24.0, 10);
        store.insert(task(1, Outcome::Done(None), t0(), timing), t0(), r);
        assert!(store.get(Uuid::from_u128(1), "other", t0(), r).is_none());
        assert!(store.get(Uuid::from_u128(1), "demo", t0(), r).is_some());
    }

    #[test]
    fn the_store_keeps_its_input_bytes_bounded() {
        let timing = Timing::from_config(&cfg(6.0, 4.0, 0.0), (0.0, 0.0));
        let mut store = Store::default();
        let mut r = keep(24.0, 1000);
        let big = |n: u128| {
            let input = Input::SendMessage {
                recipient_urn: "urn:li:person:x".into(),
                message: "m".repeat(10_000),
            };
            Task::new(
                Uuid::from_u128(n),
                "demo",
                input,
                Outcome::Done(None),
                t0(),
                timing,
            )
        };
        r.max_bytes = big(0).input.weight() * 3;
        for n in 1..=10 {
            store.insert(big(n), t0(), r);
        }
        assert_eq!(store.len(), 3);
        assert!(store.get(Uuid::from_u128(10), "demo", t0(), r).is_some());
    }
}
