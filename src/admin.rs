//! mocklink's own API under `/__admin/` (SPEC C-8): health, clock, reset,
//! scenario, request journal and fault queue. It reads and replaces the world
//! but owns no provider rules.

use actix_web::web::{Bytes, Data, Query};
use actix_web::{delete, get, post, put, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::clock::ClockView;
use crate::faults::ActiveFault;
use crate::http::admin_json;
use crate::journal::JournalEntry;
use crate::scenario::{FaultRule, ProviderName, Scenario};
use crate::state::AppState;

pub const TAG: &str = "admin";

pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(health)
        .service(get_clock)
        .service(post_clock)
        .service(reset)
        .service(get_scenario)
        .service(put_scenario)
        .service(get_requests)
        .service(delete_requests)
        .service(get_faults)
        .service(post_faults)
        .service(delete_faults);
}

/// Every admin error: `{"error": "what is wrong"}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminError {
    #[schema(
        example = "advanceSeconds must be a number of seconds from 0 to 320,000,000,000 (10,000 years), found -5"
    )]
    pub error: String,
}

fn bad_request(message: impl Into<String>) -> HttpResponse {
    HttpResponse::BadRequest().json(AdminError {
        error: message.into(),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
    #[schema(example = "0.1.0")]
    pub version: &'static str,
    /// Virtual time now.
    pub now: String,
    /// Seed of the scenario in force.
    pub seed: u64,
    /// Providers served, by their admin names.
    pub providers: Vec<&'static str>,
}

/// Liveness and version.
#[utoipa::path(tag = TAG, responses((status = 200, description = "The server is up", body = Health)))]
#[get("/__admin/health")]
async fn health(state: Data<AppState>) -> HttpResponse {
    let world = state.world();
    HttpResponse::Ok().json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        now: crate::clock::iso(world.now()),
        seed: world.scenario.seed,
        providers: vec!["connectsafely", "atomus", "apify", "outx"],
    })
}

/// The virtual clock.
#[utoipa::path(tag = TAG, responses((status = 200, description = "The clock now", body = ClockView)))]
#[get("/__admin/clock")]
async fn get_clock(state: Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(state.world().clock.view())
}

/// Changes to the clock, applied in the order set, advanceSeconds, freeze.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClockChange {
    /// Jump to this time, RFC 3339 from 1970 to 9999 (may go backwards;
    /// counters are not rewound).
    #[serde(default, deserialize_with = "crate::clock::rfc3339::optional")]
    #[schema(value_type = Option<String>, format = DateTime, example = "2024-01-15T23:59:59.000Z")]
    pub set: Option<DateTime<Utc>>,
    /// Move forward by this many seconds (fractions allowed, never negative).
    #[schema(example = 21600)]
    pub advance_seconds: Option<f64>,
    /// Stop (true) or restart (false) the clock.
    pub freeze: Option<bool>,
}

/// The longest single move forward: a little over the 8,030 years from 1970
/// to 9999.
const MAX_ADVANCE_SECONDS: f64 = 3.2e11;

/// Sets, advances or freezes the virtual clock.
#[utoipa::path(
    tag = TAG,
    request_body = ClockChange,
    responses(
        (status = 200, description = "The clock after the change", body = ClockView),
        (status = 400, description = "Bad body or a time outside 1970..9999; nothing changed", body = AdminError)
    )
)]
#[post("/__admin/clock")]
async fn post_clock(state: Data<AppState>, body: Bytes) -> HttpResponse {
    let change: ClockChange = match admin_json(&body) {
        Ok(c) => c,
        Err(e) => return bad_request(e),
    };
    let advance = match change.advance_seconds {
        None => None,
        // Past the maximum, no clock inside year 9999 can move that far.
        Some(s) if !(0.0..=MAX_ADVANCE_SECONDS).contains(&s) => {
            return bad_request(format!(
                "advanceSeconds must be a number of seconds from 0 to {} (10,000 years), found {}",
                crate::scenario::bounds::grouped(MAX_ADVANCE_SECONDS as u64),
                crate::scenario::bounds::float_text(s)
            ))
        }
        Some(s) => Some(Duration::microseconds((s * 1_000_000.0).round() as i64)),
    };
    let world = state.world();
    if let Some(at) = change.set {
        if !crate::clock::in_range(at) {
            return bad_request(crate::clock::OutOfRange(at).to_string());
        }
    }
    // Checked above, so a refused advance below is the only way to fail, and
    // it happens before anything else moves only when no `set` was given.
    let before = world.now();
    if let Some(at) = change.set {
        let _ = world.clock.set(at);
    }
    if let Some(by) = advance {
        if let Err(e) = world.clock.advance(by) {
            let _ = world.clock.set(before);
            return bad_request(e.to_string());
        }
    }
    if let Some(f) = change.freeze {
        world.clock.freeze(f);
    }
    HttpResponse::Ok().json(world.clock.view())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResetDone {
    #[schema(example = "reset")]
    pub status: &'static str,
    pub clock: ClockView,
}

/// Everything back to the scenario's start.
#[utoipa::path(tag = TAG, responses((status = 200, description = "Everything is back at the scenario's start", body = ResetDone)))]
#[post("/__admin/reset")]
async fn reset(state: Data<AppState>) -> HttpResponse {
    state.reset();
    HttpResponse::Ok().json(ResetDone {
        status: "reset",
        clock: state.world().clock.view(),
    })
}

/// The scenario in force.
#[utoipa::path(tag = TAG, responses((status = 200, description = "The scenario in force", body = Scenario)))]
#[get("/__admin/scenario")]
async fn get_scenario(state: Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(&*state.world().scenario)
}

/// Replaces the scenario and resets; an invalid one is refused and the old
/// one kept.
#[utoipa::path(
    tag = TAG,
    request_body = Scenario,
    responses(
        (status = 200, description = "Replaced and reset", body = Scenario),
        (status = 400, description = "Invalid scenario; the old one is kept", body = AdminError)
    )
)]
#[put("/__admin/scenario")]
async fn put_scenario(state: Data<AppState>, body: Bytes) -> HttpResponse {
    let text = match std::str::from_utf8(&body) {
        Ok(t) => t,
        Err(e) => {
            return bad_request(format!(
                "scenario <request body>: expected UTF-8 JSON, found an invalid byte at offset {}",
                e.valid_up_to()
            ))
        }
    };
    match Scenario::from_json_str(text, "<request body>") {
        Ok(s) => {
            state.replace(s);
            HttpResponse::Ok().json(&*state.world().scenario)
        }
        Err(e) => bad_request(e.to_string()),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestsQuery {
    /// Only this provider's requests.
    #[param(value_type = Option<String>, example = "atomus")]
    pub provider: Option<String>,
    /// Only the newest this many.
    #[param(value_type = Option<u64>)]
    pub limit: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Requests {
    /// Newest last.
    #[schema(value_type = Vec<JournalEntry>)]
    pub requests: Vec<crate::journal::View>,
}

fn parse_provider(s: &str) -> Result<ProviderName, String> {
    serde_json::from_value(json!(s)).map_err(|_| {
        format!("unknown provider {s:?}: expected connectsafely, atomus, apify or outx")
    })
}

/// The request journal, secrets masked.
#[utoipa::path(
    tag = TAG,
    params(RequestsQuery),
    responses(
        (status = 200, description = "Journal entries, newest last", body = Requests),
        (status = 400, description = "Unknown provider or bad limit", body = AdminError)
    )
)]
#[get("/__admin/requests")]
async fn get_requests(state: Data<AppState>, q: Query<RequestsQuery>) -> HttpResponse {
    let provider = match q.provider.as_deref().filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => match parse_provider(p) {
            Ok(p) => Some(p),
            Err(e) => return bad_request(e),
        },
    };
    let limit = match q.limit.as_deref().filter(|l| !l.is_empty()) {
        None => None,
        Some(l) => match l.parse::<usize>() {
            Ok(n) => Some(n),
            Err(_) => return bad_request(format!("limit must be a whole number, found {l:?}")),
        },
    };
    // The journal's lock is held only to copy pointers; serialising (which
    // may take a while for a full journal) happens here, outside it.
    let requests = state.world().journal.list(provider, limit);
    HttpResponse::Ok().json(Requests {
        requests: requests.into_iter().map(crate::journal::View).collect(),
    })
}

/// Empties the journal.
#[utoipa::path(tag = TAG, responses((status = 204, description = "Journal emptied")))]
#[delete("/__admin/requests")]
async fn delete_requests(state: Data<AppState>) -> HttpResponse {
    state.world().journal.clear();
    HttpResponse::NoContent().finish()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FaultList {
    pub faults: Vec<ActiveFault>,
}

/// Fault rules in force (scenario and queued).
#[utoipa::path(tag = TAG, responses((status = 200, description = "Rules in force", body = FaultList)))]
#[get("/__admin/faults")]
async fn get_faults(state: Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(FaultList {
        faults: state.world().faults.list(),
    })
}

/// Queues a fault (`times` defaults to 1).
#[utoipa::path(
    tag = TAG,
    request_body = FaultRule,
    responses(
        (status = 201, description = "Queued", body = ActiveFault),
        (status = 400, description = "Bad rule", body = AdminError)
    )
)]
#[post("/__admin/faults")]
async fn post_faults(state: Data<AppState>, body: Bytes) -> HttpResponse {
    let rule: FaultRule = match admin_json(&body) {
        Ok(r) => r,
        Err(e) => return bad_request(e),
    };
    let rule = match check_fault(rule) {
        Ok(r) => r,
        Err(e) => return bad_request(e),
    };
    HttpResponse::Created().json(state.world().faults.queue(rule))
}

/// What a queued rule must satisfy beyond its fields' own bounds.
pub(crate) fn check_fault(mut rule: FaultRule) -> Result<FaultRule, String> {
    if rule.times == Some(0) {
        return Err("times must be at least 1".into());
    }
    // Inside a session a client may write the path with its prefix; rules
    // match the provider's own path, the same in every session (C-11).
    if let Some(p) = rule.path.as_mut() {
        *p = crate::sessions::strip_prefix(p).to_string();
    }
    if let Some(p) = &rule.path {
        if ProviderName::for_path(p) != Some(rule.provider) {
            return Err(format!("path {p:?} is not served by {}", rule.provider));
        }
    }
    Ok(rule)
}

/// Clears every fault rule, the scenario's included (a reset restores those).
#[utoipa::path(tag = TAG, responses((status = 204, description = "All rules cleared")))]
#[delete("/__admin/faults")]
async fn delete_faults(state: Data<AppState>) -> HttpResponse {
    state.world().faults.clear();
    HttpResponse::NoContent().finish()
}
