//! The emulated providers, one module each. A provider module owns its routes,
//! wire models, rules and error type; shared services come from
//! [`crate::state::World`].

pub mod apify;
pub mod atomus;
pub mod connectsafely;
pub mod outx;

use actix_web::{http::StatusCode, HttpResponse};

use crate::scenario::ProviderName;
use crate::state::World;

/// Every provider's routes.
pub fn configure(cfg: &mut impl crate::routes::Register) {
    connectsafely::configure(cfg);
    atomus::configure(cfg);
    apify::configure(cfg);
    outx::configure(cfg);
}

/// A provider's own error body for a status that did not come from its rules:
/// injected faults, unknown paths and methods under its prefix, oversized bodies.
pub fn error_response(
    provider: ProviderName,
    world: &World,
    status: StatusCode,
    message: &str,
) -> HttpResponse {
    match provider {
        ProviderName::Connectsafely => connectsafely::error_response(world, status, message),
        ProviderName::Atomus => atomus::error_response(world, status, message),
        ProviderName::Apify => apify::error_response(world, status, message),
        ProviderName::Outx => outx::error_response(world, status, message),
    }
}
