//! The Atomus profile scraper as an Apify actor (SPEC §2 "Apify actor",
//! AP-1..AP-4, G-2, and the catalog `providers/apify.md`): every route the
//! official apify-client libraries call, under `/v2/acts/…` and
//! `/v2/actors/…`. Runs progress `READY` → `RUNNING` → `SUCCEEDED` on the
//! virtual clock (or stop `ABORTED`); each has a dataset, a key-value store
//! (`INPUT`, `OUTPUT`) and a log.
//!
//! Tokens map to Atomus tenants: found profiles are billed to that tenant's
//! credits through [`crate::providers::atomus::State`], which owns the ledger.
//! Profiles themselves are rendered by the Atomus rules, so a dataset item is
//! exactly an Atomus `data` object. This module owns the bounded run store.
//!
//! Files: `actors` (the actor, starts, lists, sync runs), `runs` (a run and
//! how a request names one), `datasets`, `stores`, `logs` (endpoint groups),
//! `record` (runs on the clock and their store), `listing` (item pages),
//! `common` (request steps), `model` (wire shapes), `error`.

mod actors;
mod common;
mod datasets;
mod error;
mod listing;
mod logs;
mod model;
mod record;
mod runs;
mod stores;

use std::collections::HashMap;

use actix_web::{http::StatusCode, HttpResponse, ResponseError};
use chrono::{DateTime, Utc};

pub use error::ApifyError;

use crate::scenario::Scenario;
use crate::state::World;

/// Per-scenario state of this provider.
#[derive(Debug)]
pub struct State {
    /// token → Atomus tenant id
    tokens: HashMap<String, String>,
    runs: record::Runs,
    start_delay_secs: f64,
    per_url_secs: f64,
    sync_timeout_secs: f64,
}

impl State {
    pub fn new(scenario: &Scenario, _start: DateTime<Utc>) -> State {
        let cfg = &scenario.apify;
        State {
            tokens: cfg
                .tokens
                .iter()
                .map(|t| (t.token.0.clone(), t.tenant.clone()))
                .collect(),
            runs: record::Runs::new(cfg.max_runs, record::MAX_RETAINED_BYTES),
            start_delay_secs: cfg.start_delay_seconds.0,
            per_url_secs: cfg.per_url_seconds.0,
            sync_timeout_secs: cfg.sync_timeout_seconds.0,
        }
    }
}

impl State {
    /// The Atomus tenant of an Apify user id (for refunds on abort).
    fn tenant_of_user(&self, user: &str) -> Option<String> {
        self.tokens
            .values()
            .find(|t| common::user_id(t) == user)
            .cloned()
    }

    /// Input and URL bytes the stored runs hold (issue 10 item 4).
    pub fn retained_bytes(&self) -> usize {
        self.runs.retained_bytes()
    }
}

pub use actors::normalize_actor_path;

/// Registers this provider's routes.
pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(actors::actors_get)
        .service(actors::acts_get)
        .service(actors::actors_start_run)
        .service(actors::acts_start_run)
        .service(actors::actors_list_runs)
        .service(actors::acts_list_runs)
        .service(actors::actors_run_sync)
        .service(actors::acts_run_sync)
        .service(actors::actors_run_sync_get)
        .service(actors::acts_run_sync_get)
        .service(actors::actors_run_sync_items)
        .service(actors::acts_run_sync_items)
        .service(actors::actors_run_sync_items_get)
        .service(actors::acts_run_sync_items_get)
        .service(runs::actor_runs_get)
        .service(runs::actors_runs_get)
        .service(runs::acts_runs_get)
        .service(runs::actor_runs_abort)
        .service(runs::actors_last_abort)
        .service(runs::acts_last_abort)
        .service(datasets::datasets_get)
        .service(datasets::actor_runs_dataset_get)
        .service(datasets::actors_last_dataset_get)
        .service(datasets::acts_last_dataset_get)
        .service(datasets::datasets_items)
        .service(datasets::actor_runs_dataset_items)
        .service(datasets::actors_last_dataset_items)
        .service(datasets::acts_last_dataset_items)
        .service(stores::key_value_stores_store_get)
        .service(stores::actor_runs_store_get)
        .service(stores::actors_last_store_get)
        .service(stores::acts_last_store_get)
        .service(stores::key_value_stores_store_keys)
        .service(stores::actor_runs_store_keys)
        .service(stores::actors_last_store_keys)
        .service(stores::acts_last_store_keys)
        .service(stores::key_value_stores_record_get)
        .service(stores::actor_runs_record_get)
        .service(stores::actors_last_record_get)
        .service(stores::acts_last_record_get)
        .service(stores::key_value_stores_record_head)
        .service(stores::actor_runs_record_head)
        .service(stores::actors_last_record_head)
        .service(stores::acts_last_record_head)
        .service(logs::actor_runs_log)
        .service(logs::logs_get)
        .service(logs::actors_last_log)
        .service(logs::acts_last_log);
}

/// This provider's error body for `status` (faults, 404/405/413).
pub fn error_response(_world: &World, status: StatusCode, message: &str) -> HttpResponse {
    ApifyError::Other {
        status,
        message: message.to_string(),
    }
    .error_response()
}
