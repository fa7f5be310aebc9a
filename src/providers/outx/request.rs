//! The steps every keyed OutX request takes before its own rules, in OutX's
//! order (SPEC OX-1, extended in outx.md §2.1): the key (401), the plugin
//! rule (403, with its exemption), then the handler checks its input (400),
//! then an injected fault may strike.

use std::sync::Arc;

use actix_web::HttpRequest;
use chrono::{DateTime, Utc};

use crate::scenario::ProviderName;
use crate::state::World;

use super::error::OutxError;
use super::input;
use super::teams::Team;

/// What a route does, for the plugin rule (OX-PLUGIN, outx.md §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uses {
    /// Acts on LinkedIn through a member's browser (agent tasks, likes,
    /// comments): the plugin must have been active within 48 h.
    Plugin,
    /// Reads or manages shared data (watchlists, posts, interactions, team):
    /// the plugin rule applies unless the team shares data globally.
    SharedData,
}

/// OX-AUTH then OX-PLUGIN: the caller's team.
pub fn authorize(
    world: &World,
    req: &HttpRequest,
    now: DateTime<Utc>,
    uses: Uses,
) -> Result<Arc<Team>, OutxError> {
    let key = input::api_key(req.headers().get("x-api-key"))?;
    let team = world.outx.teams.by_key(key).ok_or(OutxError::InvalidKey)?;
    let exempt = uses == Uses::SharedData && team.global_data_sharing;
    if exempt || team.plugin.active_at(now) {
        Ok(team)
    } else {
        Err(OutxError::PluginRequired)
    }
}

/// An injected fault for this request, if one hits: waits its latency (no lock
/// is held: the world is an `Arc` snapshot and no store is touched yet), then
/// fails with its status.
pub async fn injected_fault(world: &World, req: &HttpRequest) -> Result<(), OutxError> {
    let Some(fault) = world.fault(ProviderName::Outx, req.path()) else {
        return Ok(());
    };
    if fault.latency_ms > 0 {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(fault.latency_ms)).await;
    }
    let status = actix_web::http::StatusCode::from_u16(fault.status)
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR);
    Err(OutxError::Other {
        status,
        message: status
            .canonical_reason()
            .unwrap_or("Internal Server Error")
            .to_string(),
    })
}
