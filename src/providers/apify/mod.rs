//! The Atomus profile scraper as an Apify actor (SPEC §2 "Apify actor",
//! AP-1..AP-4; Apify API v2 paths): starting runs, runs progressing
//! `READY` → `RUNNING` → `SUCCEEDED` on the virtual clock, `waitForFinish`,
//! dataset items in JSON, JSONL and CSV with pagination headers, and
//! `run-sync-get-dataset-items`.
//!
//! Tokens map to Atomus tenants: found profiles are billed to that tenant's
//! credits through [`crate::providers::atomus::State`], which owns the ledger.
//! Profiles themselves are rendered by the Atomus rules, so a dataset item is
//! exactly an Atomus `data` object. This module owns the bounded run store.

mod dataset;
mod error;
mod model;
mod routes;
mod runs;

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
    runs: runs::Runs,
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
            runs: runs::Runs::new(cfg.max_runs),
            start_delay_secs: cfg.start_delay_seconds.0,
            per_url_secs: cfg.per_url_seconds.0,
            sync_timeout_secs: cfg.sync_timeout_seconds.0,
        }
    }
}

/// Registers this provider's routes.
pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(routes::start_run)
        .service(routes::run_sync_get_dataset_items)
        .service(routes::get_run)
        .service(routes::get_actor_run)
        .service(routes::get_dataset_items);
}

/// This provider's error body for `status` (faults, 404/405/413).
pub fn error_response(_world: &World, status: StatusCode, message: &str) -> HttpResponse {
    ApifyError::Other {
        status,
        message: message.to_string(),
    }
    .error_response()
}
