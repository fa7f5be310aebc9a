//! OutX (SPEC §3, seed 004): LinkedIn "agent tasks" run by a team member's
//! browser plugin. A client creates a profile-fetch task, then polls its status
//! until the task is `completed` (or `failed`) on the virtual clock.
//!
//! This module owns OutX's per-scenario state (teams with their keys and
//! plugin windows, and every team's tasks in one bounded store), its routes,
//! wire models and `{"error": ...}` body. The person a task returns comes from
//! [`crate::people`], so it is the same member ConnectSafely and Atomus show;
//! the clock, seeded generator and faults come from [`World`].
//!
//! - `teams`: keys → team, and the 48 h plugin rule.
//! - `tasks`: the pure task lifecycle and the store's expiry and size bound.
//! - `input`: header, body and query parsing.
//! - `model`: wire types; `error`: failures → status and body.
//! - `routes`: thin handlers.

mod error;
mod input;
mod model;
mod routes;
mod tasks;
mod teams;

use actix_web::{http::StatusCode, HttpResponse, ResponseError};
use chrono::{DateTime, Utc};
use parking_lot::Mutex;
use uuid::Uuid;

use crate::scenario::{OutxTasks, Scenario};
use crate::state::World;

use error::OutxError;
use tasks::{Retention, Store, Task};
use teams::{Team, Teams};

/// Per-scenario state of this provider. Rebuilt on reset, so plugin windows
/// are computed from the clock's start passed to [`State::new`].
#[derive(Debug)]
pub struct State {
    teams: Teams,
    timing: OutxTasks,
    retention: Retention,
    /// Held only for a map operation, never across an `.await`.
    tasks: Mutex<Store>,
}

impl State {
    pub fn new(scenario: &Scenario, start: DateTime<Utc>) -> State {
        State {
            teams: Teams::new(&scenario.outx, start),
            timing: scenario.outx.tasks.clone(),
            retention: Retention::from_config(&scenario.outx.tasks),
            tasks: Mutex::new(Store::default()),
        }
    }

    /// The caller's team, if its key is known and its plugin counts at `now`
    /// (OX-AUTH, then OX-PLUGIN).
    fn team(&self, key: &str, now: DateTime<Utc>) -> Result<&Team, OutxError> {
        let team = self.teams.by_key(key).ok_or(OutxError::InvalidKey)?;
        if team.plugin.active_at(now) {
            Ok(team)
        } else {
            Err(OutxError::PluginRequired)
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
    routes::configure(cfg);
}

/// This provider's error body for `status` (faults, 404/405/413).
pub fn error_response(_world: &World, status: StatusCode, message: &str) -> HttpResponse {
    OutxError::Other {
        status,
        message: message.to_string(),
    }
    .error_response()
}
