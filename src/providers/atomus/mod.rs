//! Atomus profile enrichment (SPEC §2, seed 001): `POST
//! /v1/linkedin-profile-enrichment/enrich` with bearer keys grouped into
//! tenants, the per-tenant 4/s window, `Idempotency-Key` replay, injected
//! upstream faults, and the tenant credit ledger.
//!
//! The ledger lives here because credits belong to the Atomus tenant; the
//! Apify actor (see [`crate::providers::apify`]) bills the same tenants through
//! [`State::reserve_up_to`] and [`State::refund`]. Tenant balances are also
//! shown at `GET /__admin/atomus/tenants`. Fake people come from
//! [`crate::people`]; this module only renders them in Atomus's shape.

mod error;
mod idempotency;
mod ledger;
pub mod model;
mod routes;
pub mod rules;

use std::collections::HashMap;

use actix_web::{http::StatusCode, HttpResponse, ResponseError};
use chrono::{DateTime, Utc};

pub use error::AtomusError;
pub use ledger::Reservation;

use crate::scenario::Scenario;
use crate::state::World;

/// A tenant as the scenario set it up.
#[derive(Debug, Clone)]
pub struct Tenant {
    pub id: String,
    /// `test` when every key is a test key, else `live`.
    pub mode: &'static str,
    pub keys: Vec<String>,
}

/// Per-scenario state of this provider.
#[derive(Debug)]
pub struct State {
    /// key → (tenant id, mode of that key)
    keys: HashMap<String, (String, &'static str)>,
    tenants: Vec<Tenant>,
    ledger: ledger::Ledger,
    rate: rules::RateLimiter,
    idempotency: idempotency::Store,
    /// Members' profiles as rendered, for enrichments of the same member.
    rendered: rules::Rendered,
    timeout_delay_ms: u64,
}

impl State {
    pub fn new(scenario: &Scenario, _start: DateTime<Utc>) -> State {
        let cfg = &scenario.atomus;
        let mut keys = HashMap::new();
        let mut tenants = Vec::new();
        for t in &cfg.tenants {
            for k in &t.keys {
                keys.insert(k.0.clone(), (t.id.clone(), k.mode()));
            }
            let all_test = !t.keys.is_empty() && t.keys.iter().all(|k| k.mode() == "test");
            tenants.push(Tenant {
                id: t.id.clone(),
                mode: if all_test { "test" } else { "live" },
                keys: t.keys.iter().map(|k| k.0.clone()).collect(),
            });
        }
        State {
            keys,
            ledger: ledger::Ledger::new(cfg.tenants.iter().map(|t| (t.id.clone(), t.credits))),
            tenants,
            rate: rules::RateLimiter::new(cfg.rate_limit_per_second),
            idempotency: idempotency::Store::new(cfg.idempotency_hours.0, idempotency::CAPACITY),
            rendered: rules::Rendered::new(),
            timeout_delay_ms: cfg.timeout_delay_ms.0,
        }
    }

    pub fn tenant(&self, id: &str) -> Option<&Tenant> {
        self.tenants.iter().find(|t| t.id == id)
    }

    /// Balance of a tenant now.
    pub fn balance(&self, tenant: &str) -> Option<u64> {
        self.ledger.balance(tenant)
    }

    /// Takes `n` credits at once, or none when the balance is lower.
    pub fn reserve(&self, tenant: &str, n: u64) -> Option<Reservation> {
        self.ledger.reserve(tenant, n)
    }

    /// Takes up to `n` credits, as many as the balance allows.
    pub fn reserve_up_to(&self, tenant: &str, n: u64) -> Reservation {
        self.ledger.reserve_up_to(tenant, n)
    }

    /// Keeps a reservation spent; the balance after.
    pub fn commit(&self, r: Reservation) -> u64 {
        self.ledger.commit(r)
    }

    /// Returns a reservation; the balance after.
    pub fn refund(&self, r: Reservation) -> u64 {
        self.ledger.refund(r)
    }

    /// Gives back `n` credits kept earlier (an aborted Apify run's profiles
    /// it never reached); the balance after.
    pub fn give_back(&self, tenant: &str, n: u64) -> u64 {
        self.ledger.refund(Reservation::new(tenant, n))
    }
}

/// Registers this provider's routes (and its admin view of tenants).
pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(routes::enrich).service(routes::admin_tenants);
}

/// This provider's error body for `status` (faults, 404/405/413).
pub fn error_response(world: &World, status: StatusCode, message: &str) -> HttpResponse {
    AtomusError::for_status(status, message)
        .with_id(routes::request_id(world))
        .error_response()
}
