//! Runs and what hangs off them (catalog #2, #3, #8, #12, #18): a run by id
//! or as its actor's last run, `waitForFinish`, and aborting. [`located`]
//! (with [`locate`] and [`find`]) also serves the run-nested dataset, store
//! and log routes, so every way of reaching a run (`/v2/actor-runs/{runId}/…`,
//! `/v2/act(or)s/{actor}/runs/last/…`, a dataset or store id) is resolved in
//! one place.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Data};
use actix_web::{get, post, HttpRequest, HttpResponse};

use super::actors::actor_of;
use super::common::{
    authenticate, authenticate_optional, fault, flag, json, path_param, query, routes, user_id,
    wait_for_finish, wait_secs, Query, Result,
};
use super::error::ApifyError;
use super::model::{ApifyErrorBody, RunEnvelope};
use super::record::RunRecord;
use crate::state::{AppState, World};

/// How a request names its run.
#[derive(Debug)]
pub enum Locator {
    Run(String),
    /// The newest run of the actor for the token's user, with the
    /// `status` and `origin` filters of `runs/last`.
    Last {
        act: String,
        status: Option<String>,
        origin: Option<String>,
    },
    Dataset(String),
    Store(String),
}

/// A checked request for a run: who asks (None: no token, the id is the
/// secret) and how it names the run.
#[derive(Debug)]
pub struct Located {
    tenant: Option<String>,
    /// The actor the path names, when it names one (`/acts/{actor}/runs/{runId}`).
    act: Option<String>,
    how: Locator,
}

/// The steps of every route on one run or its dataset, store or log, in
/// Apify's order: the query, the path form and its token (401), the route's
/// own `check` of the query (400), an injected fault, then the run (404).
pub async fn located<T>(
    world: &World,
    req: &HttpRequest,
    check: impl FnOnce(&Query) -> Result<T>,
) -> Result<(Arc<RunRecord>, T)> {
    let q = query(req)?;
    let at = locate(world, req, &q)?;
    let checked = check(&q)?;
    fault(world, req).await?;
    Ok((find(world, &at)?, checked))
}

/// Reads the path: a `datasetId`, a `storeId`, a `runId` (maybe `last`,
/// maybe under an actor) or an actor's `runs/last`. Authenticates: a token
/// is required where the actor's last run is meant, optional elsewhere.
fn locate(world: &World, req: &HttpRequest, q: &Query) -> Result<Located> {
    let last = |act: String, tenant: Option<String>| -> Result<Located> {
        let tenant = match tenant {
            Some(t) => t,
            None => authenticate(world, req, q)?,
        };
        Ok(Located {
            tenant: Some(tenant),
            act: Some(act.clone()),
            how: Locator::Last {
                act,
                status: q
                    .get("status")
                    .map(|s| s.trim().to_ascii_uppercase())
                    .filter(|s| !s.is_empty()),
                origin: q
                    .get("origin")
                    .map(|s| s.trim().to_ascii_uppercase())
                    .filter(|s| !s.is_empty()),
            },
        })
    };
    if let Some(id) = path_param(req, "datasetId") {
        let tenant = authenticate_optional(world, req, q)?;
        return Ok(Located {
            tenant,
            act: None,
            how: Locator::Dataset(id.to_string()),
        });
    }
    if let Some(id) = path_param(req, "storeId") {
        let tenant = authenticate_optional(world, req, q)?;
        return Ok(Located {
            tenant,
            act: None,
            how: Locator::Store(id.to_string()),
        });
    }
    match (path_param(req, "actor"), path_param(req, "runId")) {
        (Some(_), run) => {
            let tenant = authenticate(world, req, q)?;
            // G-2: a run reached through an unknown actor is a missing record.
            let act = actor_of(req, ApifyError::RecordNotFound("Actor"))?;
            match run {
                None | Some("last") => last(act, Some(tenant)),
                Some(id) => Ok(Located {
                    tenant: Some(tenant),
                    act: Some(act),
                    how: Locator::Run(id.to_string()),
                }),
            }
        }
        (None, Some(id)) => {
            let tenant = authenticate_optional(world, req, q)?;
            Ok(Located {
                tenant,
                act: None,
                how: Locator::Run(id.to_string()),
            })
        }
        (None, None) => Err(ApifyError::RecordNotFound("Actor run")),
    }
}

/// The run a located request means, or record-not-found naming what was
/// looked for. A token, when given, must own the run.
fn find(world: &World, at: &Located) -> Result<Arc<RunRecord>> {
    let runs = &world.apify.runs;
    let now = world.now();
    let (run, missing) = match &at.how {
        Locator::Run(id) => (runs.get(id), "Actor run"),
        Locator::Dataset(id) => (runs.by_dataset(id), "Dataset"),
        Locator::Store(id) => (runs.by_store(id), "Key-value store"),
        Locator::Last {
            act,
            status,
            origin,
        } => {
            let user = at.tenant.as_deref().map(user_id).unwrap_or_default();
            let run = runs.of(act, &user).into_iter().rev().find(|r| {
                status.as_ref().is_none_or(|s| s == r.status(now).as_str())
                    && origin.as_ref().is_none_or(|o| o == "API")
            });
            (run, "Actor run")
        }
    };
    run.filter(|r| {
        at.tenant.as_deref().is_none_or(|t| r.user_id == user_id(t))
            && at.act.as_deref().is_none_or(|a| r.act_id == a)
    })
    .ok_or(ApifyError::RecordNotFound(missing))
}

async fn get_run(req: HttpRequest, state: Data<AppState>, _body: Bytes) -> Result<HttpResponse> {
    let world = state.world();
    let (run, wait) = located(&world, &req, wait_secs).await?;
    wait_for_finish(&world, &run, wait).await;
    Ok(json(
        StatusCode::OK,
        &RunEnvelope {
            data: run.view(world.now()),
        },
    ))
}

/// Aborts a run that has not ended; the Atomus tenant gets back the credits
/// of found profiles the run never reached. A run that has ended comes back
/// as it is. `gracefully` is accepted; the run stops at once either way.
async fn abort_run(req: HttpRequest, state: Data<AppState>, _body: Bytes) -> Result<HttpResponse> {
    let world = state.world();
    let (run, _) = located(&world, &req, |q| flag(q, "gracefully", false)).await?;
    if let Some(refund) = run.abort(world.now()) {
        if refund > 0 {
            if let Some(tenant) = world.apify.tenant_of_user(&run.user_id) {
                world.atomus.give_back(&tenant, refund);
            }
        }
    }
    Ok(json(
        StatusCode::OK,
        &RunEnvelope {
            data: run.view(world.now()),
        },
    ))
}

/// Query of the run lookups.
#[allow(dead_code)] // documents the parameters; read through a map
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RunQuery {
    /// API token (or send `Authorization: Bearer <token>`); for a run by id
    /// optional (the id is the secret), checked when given.
    token: Option<String>,
    /// Seconds to wait for the run to finish before answering (clamped to 0…60; the clients send 999999).
    #[serde(rename = "waitForFinish")]
    wait_for_finish: Option<f64>,
}

/// Query of an actor's last run.
#[allow(dead_code)]
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LastQuery {
    /// API token (or send `Authorization: Bearer <token>`).
    token: Option<String>,
    /// Only a run with this status (`READY`, `RUNNING`, `SUCCEEDED`, `ABORTED`).
    status: Option<String>,
    /// Only a run started this way (mocklink's runs are all `API`).
    origin: Option<String>,
    /// Seconds to wait for the run to finish before answering (clamped to 0…60).
    #[serde(rename = "waitForFinish")]
    wait_for_finish: Option<f64>,
}

/// Query of an abort.
#[allow(dead_code)]
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AbortQuery {
    /// API token (or send `Authorization: Bearer <token>`).
    token: Option<String>,
    /// `1`/`true`: abort gracefully (accepted; the run stops at once either way).
    #[param(pattern = "^(0|1|true|false)$")]
    gracefully: Option<String>,
    /// With `runs/last`: only a run with this status.
    status: Option<String>,
    /// With `runs/last`: only a run started this way.
    origin: Option<String>,
}

routes! {
    get ["/v2/actor-runs/{runId}" => actor_runs_get] = get_run {
        security((), ("apify_token" = []), ("bearer" = [])),
        params(("runId" = String, Path, description = "Run id"), RunQuery),
        responses(
            (status = 200, description = "The run", body = RunEnvelope),
            (status = 400, description = "invalid-input", body = ApifyErrorBody),
            (status = 401, description = "token-not-valid (a token was given)", body = ApifyErrorBody),
            (status = 404, description = "record-not-found", body = ApifyErrorBody,
             example = json!({"error": {"type": "record-not-found", "message": "Actor run was not found"}})),
        )
    }

    get ["/v2/actors/{actor}/runs/{runId}" => actors_runs_get, "/v2/acts/{actor}/runs/{runId}" => acts_runs_get] = get_run {
        description = "A run of this actor; `runId` may be `last` (the token's newest run, filtered by `status` and `origin`).",
        security(("apify_token" = []), ("bearer" = [])),
        params(
            ("actor" = String, Path, example = "atomus~linkedin-profile-scraper"),
            ("runId" = String, Path, description = "Run id, or `last`", example = "last"),
            LastQuery),
        responses(
            (status = 200, description = "The run", body = RunEnvelope),
            (status = 400, description = "invalid-input", body = ApifyErrorBody),
            (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
            (status = 404, description = "record-not-found", body = ApifyErrorBody),
        )
    }

    post ["/v2/actor-runs/{runId}/abort" => actor_runs_abort] = abort_run {
        security((), ("apify_token" = []), ("bearer" = [])),
        params(("runId" = String, Path, description = "Run id"), AbortQuery),
        responses(
            (status = 200, description = "The run, `ABORTED` (or as it was when it had ended)", body = RunEnvelope),
            (status = 400, description = "invalid-input", body = ApifyErrorBody),
            (status = 401, description = "token-not-valid (a token was given)", body = ApifyErrorBody),
            (status = 404, description = "record-not-found", body = ApifyErrorBody),
        )
    }

    post ["/v2/actors/{actor}/runs/last/abort" => actors_last_abort, "/v2/acts/{actor}/runs/last/abort" => acts_last_abort] = abort_run {
        security(("apify_token" = []), ("bearer" = [])),
        params(("actor" = String, Path, example = "atomus~linkedin-profile-scraper"), AbortQuery),
        responses(
            (status = 200, description = "The run, `ABORTED` (or as it was when it had ended)", body = RunEnvelope),
            (status = 400, description = "invalid-input", body = ApifyErrorBody),
            (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
            (status = 404, description = "record-not-found", body = ApifyErrorBody),
        )
    }
}
