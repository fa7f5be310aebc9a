//! The steps every keyed OutX request takes before its own rules, in OutX's
//! order (SPEC OX-1, extended in outx.md §2.1): the key (401), the plugin
//! rule (403, with its exemption), then the handler checks its input (400),
//! then an injected fault may strike. [`admit`] takes every keyed route
//! through those steps, so the order lives in one place.

use std::sync::Arc;

use actix_web::HttpRequest;
use chrono::{DateTime, Utc};

use crate::scenario::ProviderName;
use crate::state::{AppState, World};

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
fn authorize(
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

/// A keyed request that has passed the steps every route takes first: the
/// world snapshot it is answered from, the caller's team, and the route's
/// checked input.
pub struct Admitted<T> {
    pub world: Arc<World>,
    pub team: Arc<Team>,
    pub input: T,
}

/// The steps every keyed route takes before its own work, in OutX's order:
/// the key (401) and the plugin rule (403), the route's `check` of its input
/// (400; 404 where it needs the team's admin), then an injected fault.
pub async fn admit<T>(
    req: &HttpRequest,
    state: &AppState,
    uses: Uses,
    check: impl FnOnce(&Team) -> Result<T, OutxError>,
) -> Result<Admitted<T>, OutxError> {
    let world = state.world();
    let team = authorize(&world, req, world.now(), uses)?;
    let input = check(&team)?;
    injected_fault(&world, req).await?;
    Ok(Admitted { world, team, input })
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
