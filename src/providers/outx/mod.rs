//! OutX (SPEC §3, §4; `providers/outx.md`): LinkedIn "agent tasks" run by a
//! team member's browser plugin, one-time-code login, the four kinds of
//! watchlists with the posts they collect, engagement on those posts, and the
//! team's own account.
//!
//! This module owns OutX's per-world state: teams with their keys, members,
//! plans and plugin windows; every team's tasks in one bounded store; pending
//! login codes; watchlists with their posts and interactions; and each
//! acting admin's recent invitations. People, companies, posts and each
//! member's LinkedIn network come from the shared LinkedIn model, so they are
//! the same ones ConnectSafely and Atomus serve; the clock, seeded generator
//! and faults come from [`World`].
//!
//! Endpoint groups, one file (or folder) each:
//! - `agent`: the `/linkedin-agent/*` task types and get-task-status.
//! - `otp`: `auth-send-otp`, `auth-verify-otp`.
//! - `watchlists`: the four watchlist kinds and the prompt variants.
//! - `feed`: `/api-posts`, `/api-interactions`, `/api-like`, `/api-comment`.
//! - `team`: `/api-team`.
//!
//! Shared: `request` (key, plugin rule, faults), `input` (parsing), `model`
//! (wire types of tasks), `error` (failures → status and body), `teams`,
//! `tasks` (the task lifecycle and store), `config` (scenario settings).

mod agent;
pub mod config;
mod error;
mod feed;
mod input;
mod li;
mod model;
mod otp;
mod request;
mod tasks;
mod team;
mod teams;
mod watchlists;

use std::collections::{HashMap, VecDeque};

use actix_web::{http::StatusCode, HttpResponse, ResponseError};
use chrono::{DateTime, Utc};
use parking_lot::Mutex;
use uuid::Uuid;

use crate::scenario::{OutxConfig, OutxTasks, Scenario};
use crate::state::World;

use error::OutxError;
use tasks::{Retention, Store, Task};
use teams::{Team, Teams};

/// Per-world state of this provider. Rebuilt on reset, so plugin windows and
/// plan ends are computed from the clock's start passed to [`State::new`].
#[derive(Debug)]
pub struct State {
    teams: Teams,
    config: OutxConfig,
    timing: OutxTasks,
    retention: Retention,
    /// Each lock is held only for a map operation, never across an `.await`.
    tasks: Mutex<Store>,
    otps: Mutex<otp::Pending>,
    watchlists: Mutex<watchlists::Store>,
    /// Per acting LinkedIn account: when its recent invitations were sent.
    invitations: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
}

impl State {
    pub fn new(scenario: &Scenario, start: DateTime<Utc>) -> State {
        State {
            teams: Teams::new(&scenario.outx, start),
            config: scenario.outx.clone(),
            timing: scenario.outx.tasks.clone(),
            retention: Retention::from_config(&scenario.outx.tasks),
            tasks: Mutex::new(Store::default()),
            otps: Mutex::new(otp::Pending::default()),
            watchlists: Mutex::new(watchlists::Store::default()),
            invitations: Mutex::new(HashMap::new()),
        }
    }

    fn keep(&self, task: Task, now: DateTime<Utc>) {
        self.tasks.lock().insert(task, now, self.retention);
    }

    fn find(&self, id: Uuid, team: &Team, now: DateTime<Utc>) -> Option<Task> {
        self.tasks.lock().get(id, &team.id, now, self.retention)
    }
}

/// Registers this provider's routes.
pub fn configure(cfg: &mut impl crate::routes::Register) {
    agent::configure(cfg);
    otp::configure(cfg);
    watchlists::routes::configure(cfg);
    feed::routes::configure(cfg);
    team::configure(cfg);
}

/// This provider's error body for `status` (faults, 404/405/413).
pub fn error_response(_world: &World, status: StatusCode, message: &str) -> HttpResponse {
    OutxError::Other {
        status,
        message: message.to_string(),
    }
    .error_response()
}
