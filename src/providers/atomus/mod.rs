//! atomus: placeholder until its issue lands.

use actix_web::{http::StatusCode, HttpResponse};
use chrono::{DateTime, Utc};

use crate::scenario::Scenario;
use crate::state::World;

/// Per-scenario state of this provider.
#[derive(Debug, Default)]
pub struct State {}

impl State {
    pub fn new(_scenario: &Scenario, _start: DateTime<Utc>) -> State {
        State {}
    }
}

/// Registers this provider's routes.
pub fn configure(_cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {}

/// This provider's error body for `status` (faults, 404/405/413).
pub fn error_response(_world: &World, status: StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(serde_json::json!({ "error": message }))
}
