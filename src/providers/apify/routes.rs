//! Apify's HTTP handlers: token, actor and input checks, then the run rules,
//! then the answer in Apify's shape.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use actix_web::http::header;
use actix_web::web::{self, Bytes, Data};
use actix_web::{get, post, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::Value;
use utoipa::IntoParams;

use super::dataset::{page, Listing};
use super::error::ApifyError;
use super::model::{ActorInput, ApifyErrorBody, DatasetItem, RunEnvelope, RunOptions};
use super::runs::{self, bill, classify, seconds, RunRecord, Status, MAX_URLS};
use crate::scenario::ProviderName;
use crate::state::{AppState, World};

const TAG: &str = "apify";
/// Names the actor answers to (`username~actor-name`).
const ACTOR_NAMES: [&str; 2] = [
    "atomus~linkedin-profile-scraper",
    "atomus~linkedin-profile-enricher",
];
/// Longest `waitForFinish` honoured, in seconds (Apify's limit).
const MAX_WAIT_SECS: f64 = 60.0;
/// Real time between looks at the clock while waiting.
const POLL: StdDuration = StdDuration::from_millis(50);

type Query = HashMap<String, String>;
type Result<T> = std::result::Result<T, ApifyError>;

/// A stable 17-character Apify-style id for a name (actor, user).
fn derived_id(name: &str) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut n = xxhash_rust::xxh3::xxh3_128(name.as_bytes());
    (0..17)
        .map(|_| {
            let c = CHARS[(n % 62) as usize];
            n /= 62;
            char::from(c)
        })
        .collect()
}

fn act_id() -> String {
    derived_id("atomus/linkedin-profile-scraper")
}

fn user_id(tenant: &str) -> String {
    derived_id(&format!("user/{tenant}"))
}

fn query(req: &HttpRequest) -> Result<Query> {
    web::Query::<Query>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .map_err(|e| ApifyError::InvalidInput(format!("Invalid query string: {e}")))
}

/// The Atomus tenant behind the request's token (`?token=` or Bearer).
fn token_of(req: &HttpRequest, q: &Query) -> Option<String> {
    if let Some(t) = q.get("token").map(|t| t.trim()).filter(|t| !t.is_empty()) {
        return Some(t.to_string());
    }
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_string())
}

fn authenticate(world: &World, req: &HttpRequest, q: &Query) -> Result<String> {
    let token = token_of(req, q).ok_or(ApifyError::TokenNotProvided)?;
    world
        .apify
        .tokens
        .get(&token)
        .cloned()
        .ok_or(ApifyError::TokenNotValid)
}

fn actor(actor_id: &str) -> Result<String> {
    let id = act_id();
    if ACTOR_NAMES.contains(&actor_id)
        || actor_id.replace('/', "~") == ACTOR_NAMES[0]
        || actor_id == id
    {
        Ok(id)
    } else {
        Err(ApifyError::ActorNotFound)
    }
}

/// An injected fault, answered in Apify's shape after its latency.
async fn fault(world: &World, req: &HttpRequest) -> Result<()> {
    let Some(f) = world.fault(ProviderName::Apify, req.path()) else {
        return Ok(());
    };
    if f.latency_ms > 0 {
        // No lock is held here; the world is an Arc snapshot.
        actix_web::rt::time::sleep(StdDuration::from_millis(f.latency_ms)).await;
    }
    let status = actix_web::http::StatusCode::from_u16(f.status)
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR);
    Err(ApifyError::Other {
        status,
        message: "Injected fault.".into(),
    })
}

/// `{"urls": [...]}` and/or `{"startUrls": [{"url"}]}` → 1 to 5,000 URLs.
fn parse_input(body: &[u8]) -> Result<Vec<String>> {
    let v: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Default::default())
    } else {
        serde_json::from_slice(body)
            .map_err(|e| ApifyError::InvalidInput(format!("Input is not valid JSON: {e}")))?
    };
    let Value::Object(input) = v else {
        return Err(ApifyError::InvalidInput(
            "Input must be a JSON object".into(),
        ));
    };
    let mut urls = Vec::new();
    let not_url = |field: &str| {
        ApifyError::InvalidInput(format!(
            "Field input.{field} must be an array of URL strings"
        ))
    };
    match input.get("urls") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) => {
            for u in a {
                urls.push(u.as_str().ok_or_else(|| not_url("urls"))?.to_string());
            }
        }
        Some(_) => return Err(not_url("urls")),
    }
    match input.get("startUrls") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) => {
            for u in a {
                let url = match u {
                    Value::String(s) => s.clone(),
                    Value::Object(o) => o
                        .get("url")
                        .and_then(Value::as_str)
                        .ok_or_else(|| not_url("startUrls"))?
                        .to_string(),
                    _ => return Err(not_url("startUrls")),
                };
                urls.push(url);
            }
        }
        Some(_) => return Err(not_url("startUrls")),
    }
    if urls.is_empty() || urls.len() > MAX_URLS {
        return Err(ApifyError::InvalidInput(format!(
            "Input must contain 1 to 5,000 URLs in input.urls or input.startUrls, found {}",
            urls.len()
        )));
    }
    Ok(urls)
}

fn number(q: &Query, name: &str) -> Result<Option<f64>> {
    match q.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => match s.parse::<f64>() {
            Ok(n) if n.is_finite() && n >= 0.0 => Ok(Some(n)),
            _ => Err(ApifyError::InvalidInput(format!(
                "Parameter '{name}' must be a non-negative number, found {s:?}"
            ))),
        },
    }
}

/// Creates a run: decides every item, bills found profiles to the tenant
/// (live tenants only) and fixes the timeline. A `sync` run is done at once.
fn create_run(
    world: &World,
    tenant: &str,
    urls: &[String],
    req: &HttpRequest,
    q: &Query,
    body_len: usize,
    sync: bool,
) -> Result<Arc<RunRecord>> {
    let now = world.now();
    let cfg = &world.apify;
    let simulated = cfg.start_delay_secs + cfg.per_url_secs * urls.len() as f64;
    let options = RunOptions {
        build: q.get("build").cloned().unwrap_or_else(|| "latest".into()),
        timeout_secs: number(q, "timeout")?.map_or(3600, |n| n as u64),
        memory_mbytes: number(q, "memory")?.map_or(1024, |n| n as u64),
        disk_mbytes: 2048,
    };
    let mut items = classify(&world.people, urls);
    let found = items
        .iter()
        .filter(|i| matches!(i, runs::Item::Found { .. }))
        .count() as u64;
    let live = world
        .atomus
        .tenant(tenant)
        .is_some_and(|t| t.mode == "live");
    let billed = if live {
        // Reserved and kept at once: a run cannot be aborted on mocklink.
        let r = world.atomus.reserve_up_to(tenant, found);
        let n = r.credits();
        world.atomus.commit(r);
        n
    } else {
        found
    };
    bill(&mut items, billed);
    let (running_at, finished_at) = if sync {
        (now, now)
    } else {
        let running = crate::clock::after(now, seconds(cfg.start_delay_secs));
        (
            running,
            crate::clock::after(running, seconds(cfg.per_url_secs * urls.len() as f64)),
        )
    };
    let record = RunRecord {
        id: world.alnum_id(17),
        act_id: act_id(),
        user_id: user_id(tenant),
        started_at: now,
        running_at,
        finished_at,
        per_url: seconds(cfg.per_url_secs),
        simulated_secs: simulated,
        items,
        billed: if live { billed } else { 0 },
        dataset_id: world.alnum_id(17),
        key_value_store_id: world.alnum_id(17),
        request_queue_id: world.alnum_id(17),
        build_id: world.alnum_id(17),
        input_body_len: body_len,
        user_agent: req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        options,
    };
    Ok(world.apify.runs.insert(record, now))
}

/// Waits up to `waitForFinish` real seconds for the run to end on the clock.
async fn wait_for_finish(world: &World, run: &RunRecord, q: &Query) -> Result<()> {
    let Some(secs) = number(q, "waitForFinish")? else {
        return Ok(());
    };
    let budget = StdDuration::from_secs_f64(secs.min(MAX_WAIT_SECS));
    let started = Instant::now();
    while run.status(world.now()) != Status::Succeeded {
        let left = budget.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        // No lock is held while sleeping: `run` is an Arc'd, immutable record.
        actix_web::rt::time::sleep(left.min(POLL)).await;
    }
    Ok(())
}

fn run_response(
    status: actix_web::http::StatusCode,
    world: &World,
    run: &RunRecord,
) -> HttpResponse {
    HttpResponse::build(status).json(RunEnvelope {
        data: run.view(world.now()),
    })
}

fn items_response(
    status: actix_web::http::StatusCode,
    items: Vec<Value>,
    listing: &Listing,
) -> HttpResponse {
    let p = page(items, listing);
    HttpResponse::build(status)
        .content_type(listing.format.content_type())
        .insert_header(("X-Apify-Pagination-Offset", p.offset.to_string()))
        .insert_header(("X-Apify-Pagination-Limit", p.limit.to_string()))
        .insert_header(("X-Apify-Pagination-Count", p.count.to_string()))
        .insert_header(("X-Apify-Pagination-Total", p.total.to_string()))
        .body(p.body)
}

fn or_error(r: Result<HttpResponse>) -> HttpResponse {
    r.unwrap_or_else(|e| actix_web::ResponseError::error_response(&e))
}

/// Query parameters of `POST /v2/acts/{actorId}/runs`.
#[allow(dead_code)] // documents the parameters; read through a map
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StartQuery {
    /// API token (or send `Authorization: Bearer <token>`).
    token: Option<String>,
    /// Seconds (at most 60) to wait for the run to finish before answering.
    #[serde(rename = "waitForFinish")]
    wait_for_finish: Option<f64>,
    /// Run timeout in seconds (shown in `options.timeoutSecs`).
    timeout: Option<f64>,
    /// Memory in megabytes (shown in `options.memoryMbytes`).
    memory: Option<f64>,
    /// Build tag (shown in `options.build`).
    build: Option<String>,
}

/// Query parameters of the run lookups.
#[allow(dead_code)]
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RunQuery {
    /// API token (or send `Authorization: Bearer <token>`).
    token: Option<String>,
    /// Seconds (at most 60) to wait for the run to finish before answering.
    #[serde(rename = "waitForFinish")]
    wait_for_finish: Option<f64>,
}

/// Query parameters of item listings.
#[allow(dead_code)]
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ItemsQuery {
    /// API token; optional for dataset items (the id is the secret), checked when given.
    token: Option<String>,
    /// Items to skip (after `desc`).
    offset: Option<u64>,
    /// Most items to return (default and maximum 250,000).
    limit: Option<u64>,
    /// `1` or `true`: newest first.
    desc: Option<String>,
    /// Comma-separated top-level fields to keep, in that order.
    fields: Option<String>,
    /// Comma-separated top-level fields to drop.
    omit: Option<String>,
    /// `json` (default), `jsonl` or `csv`.
    format: Option<String>,
}

/// Query parameters of `run-sync-get-dataset-items`: a start's and an item
/// listing's, with the token once.
#[allow(dead_code)]
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SyncQuery {
    /// API token (or send `Authorization: Bearer <token>`).
    token: Option<String>,
    /// Run timeout in seconds (shown in `options.timeoutSecs`).
    timeout: Option<f64>,
    /// Memory in megabytes (shown in `options.memoryMbytes`).
    memory: Option<f64>,
    /// Build tag (shown in `options.build`).
    build: Option<String>,
    /// Items to skip (after `desc`).
    offset: Option<u64>,
    /// Most items to return (default and maximum 250,000).
    limit: Option<u64>,
    /// `1` or `true`: newest first.
    desc: Option<String>,
    /// Comma-separated top-level fields to keep, in that order.
    fields: Option<String>,
    /// Comma-separated top-level fields to drop.
    omit: Option<String>,
    /// `json` (default), `jsonl` or `csv`.
    format: Option<String>,
}

/// Starts the actor.
///
/// Found profiles are billed to the token's Atomus tenant (1 credit each)
/// when the run starts; profiles beyond the balance become error items.
#[utoipa::path(
    tag = TAG,
    security(("apify_token" = []), ("bearer" = [])),
    params(("actorId" = String, Path, description = "`atomus~linkedin-profile-scraper` (or `atomus~linkedin-profile-enricher`)", example = "atomus~linkedin-profile-scraper"), StartQuery),
    request_body(content = ActorInput, content_type = "application/json"),
    responses(
        (status = 201, description = "Run started", body = RunEnvelope,
         headers(("Location" = String, description = "URL of the run"))),
        (status = 400, description = "invalid-input", body = ApifyErrorBody,
         example = json!({"error": {"type": "invalid-input", "message": "Input must contain 1 to 5,000 URLs in input.urls or input.startUrls, found 0"}})),
        (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody,
         example = json!({"error": {"type": "token-not-valid", "message": "User was not found or authentication token is not valid"}})),
        (status = 404, description = "actor-not-found", body = ApifyErrorBody,
         example = json!({"error": {"type": "actor-not-found", "message": "Actor was not found"}})),
    )
)]
#[post("/v2/acts/{actorId}/runs")]
pub async fn start_run(
    req: HttpRequest,
    state: Data<AppState>,
    path: web::Path<String>,
    body: Bytes,
) -> HttpResponse {
    let world = state.world();
    or_error(
        async {
            let q = query(&req)?;
            let tenant = authenticate(&world, &req, &q)?;
            actor(&path)?;
            fault(&world, &req).await?;
            let urls = parse_input(&body)?;
            number(&q, "waitForFinish")?;
            let run = create_run(&world, &tenant, &urls, &req, &q, body.len(), false)?;
            wait_for_finish(&world, &run, &q).await?;
            let location = format!(
                "{}/v2/actor-runs/{}",
                crate::sessions::edge::base_url(&req),
                run.id
            );
            let mut resp = run_response(actix_web::http::StatusCode::CREATED, &world, &run);
            if let Ok(v) = header::HeaderValue::from_str(&location) {
                resp.headers_mut().insert(header::LOCATION, v);
            }
            Ok(resp)
        }
        .await,
    )
}

/// The run the token's user owns, or record-not-found.
fn owned_run(
    world: &World,
    tenant: &str,
    run_id: &str,
    act: Option<&str>,
) -> Result<Arc<RunRecord>> {
    let user = user_id(tenant);
    let run = match (run_id, act) {
        ("last", Some(act)) => world.apify.runs.last(act, &user),
        _ => world.apify.runs.get(run_id),
    };
    run.filter(|r| r.user_id == user && act.is_none_or(|a| r.act_id == a))
        .ok_or(ApifyError::RecordNotFound("Actor run"))
}

/// A run, optionally after waiting for it to finish.
#[utoipa::path(
    tag = TAG,
    security(("apify_token" = []), ("bearer" = [])),
    params(("runId" = String, Path, description = "Run id"), RunQuery),
    responses(
        (status = 200, description = "The run", body = RunEnvelope),
        (status = 400, description = "invalid-input", body = ApifyErrorBody),
        (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
        (status = 404, description = "record-not-found", body = ApifyErrorBody,
         example = json!({"error": {"type": "record-not-found", "message": "Actor run was not found"}})),
    )
)]
#[get("/v2/actor-runs/{runId}")]
pub async fn get_run(
    req: HttpRequest,
    state: Data<AppState>,
    path: web::Path<String>,
) -> HttpResponse {
    let world = state.world();
    or_error(
        async {
            let q = query(&req)?;
            let tenant = authenticate(&world, &req, &q)?;
            fault(&world, &req).await?;
            let run = owned_run(&world, &tenant, &path, None)?;
            wait_for_finish(&world, &run, &q).await?;
            Ok(run_response(actix_web::http::StatusCode::OK, &world, &run))
        }
        .await,
    )
}

/// A run of this actor (`runId` may be `last`), optionally after waiting.
#[utoipa::path(
    tag = TAG,
    security(("apify_token" = []), ("bearer" = [])),
    params(
        ("actorId" = String, Path, example = "atomus~linkedin-profile-scraper"),
        ("runId" = String, Path, description = "Run id, or `last`"),
        RunQuery),
    responses(
        (status = 200, description = "The run", body = RunEnvelope),
        (status = 400, description = "invalid-input", body = ApifyErrorBody),
        (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
        (status = 404, description = "actor-not-found or record-not-found", body = ApifyErrorBody),
    )
)]
#[get("/v2/acts/{actorId}/runs/{runId}")]
pub async fn get_actor_run(
    req: HttpRequest,
    state: Data<AppState>,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let world = state.world();
    or_error(
        async {
            let q = query(&req)?;
            let tenant = authenticate(&world, &req, &q)?;
            let act = actor(&path.0)?;
            fault(&world, &req).await?;
            let run = owned_run(&world, &tenant, &path.1, Some(&act))?;
            wait_for_finish(&world, &run, &q).await?;
            Ok(run_response(actix_web::http::StatusCode::OK, &world, &run))
        }
        .await,
    )
}

/// The items a run has written so far: one Atomus `data` object per URL.
#[utoipa::path(
    tag = TAG,
    params(("datasetId" = String, Path, description = "A run's `defaultDatasetId`"), ItemsQuery),
    responses(
        (status = 200, description = "Items",
         content((Vec<DatasetItem> = "application/json"), (String = "application/jsonl"), (String = "text/csv")),
         headers(
            ("X-Apify-Pagination-Offset" = u64), ("X-Apify-Pagination-Limit" = u64),
            ("X-Apify-Pagination-Count" = u64), ("X-Apify-Pagination-Total" = u64))),
        (status = 400, description = "invalid-input", body = ApifyErrorBody),
        (status = 401, description = "token-not-valid (a token was given)", body = ApifyErrorBody),
        (status = 404, description = "record-not-found", body = ApifyErrorBody,
         example = json!({"error": {"type": "record-not-found", "message": "Dataset was not found"}})),
    )
)]
#[get("/v2/datasets/{datasetId}/items")]
pub async fn get_dataset_items(
    req: HttpRequest,
    state: Data<AppState>,
    path: web::Path<String>,
) -> HttpResponse {
    let world = state.world();
    or_error(
        async {
            let q = query(&req)?;
            if token_of(&req, &q).is_some() {
                authenticate(&world, &req, &q)?;
            }
            fault(&world, &req).await?;
            let listing = Listing::parse(|k| q.get(k).cloned())?;
            let run = world
                .apify
                .runs
                .by_dataset(&path)
                .ok_or(ApifyError::RecordNotFound("Dataset"))?;
            let items = run.dataset(&world.people, world.now());
            Ok(items_response(
                actix_web::http::StatusCode::OK,
                items,
                &listing,
            ))
        }
        .await,
    )
}

/// Runs the actor to completion at once, whatever the clock, and answers
/// with its dataset items; 408 when the run's simulated duration exceeds the
/// sync timeout (300 s by default; the run then goes on in the background).
#[utoipa::path(
    tag = TAG,
    security(("apify_token" = []), ("bearer" = [])),
    params(("actorId" = String, Path, example = "atomus~linkedin-profile-scraper"), SyncQuery),
    request_body(content = ActorInput, content_type = "application/json"),
    responses(
        (status = 201, description = "The run's items",
         content((Vec<DatasetItem> = "application/json"), (String = "application/jsonl"), (String = "text/csv")),
         headers(
            ("X-Apify-Pagination-Offset" = u64), ("X-Apify-Pagination-Limit" = u64),
            ("X-Apify-Pagination-Count" = u64), ("X-Apify-Pagination-Total" = u64))),
        (status = 400, description = "invalid-input", body = ApifyErrorBody),
        (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
        (status = 404, description = "actor-not-found", body = ApifyErrorBody),
        (status = 408, description = "run-timeout-exceeded", body = ApifyErrorBody,
         example = json!({"error": {"type": "run-timeout-exceeded", "message": "Actor run exceeded the timeout of 300 seconds for this API endpoint, but the Actor run HG7ML7M8z78YcAPEB continues in the background"}})),
    )
)]
#[post("/v2/acts/{actorId}/run-sync-get-dataset-items")]
pub async fn run_sync_get_dataset_items(
    req: HttpRequest,
    state: Data<AppState>,
    path: web::Path<String>,
    body: Bytes,
) -> HttpResponse {
    let world = state.world();
    or_error(
        async {
            let q = query(&req)?;
            let tenant = authenticate(&world, &req, &q)?;
            actor(&path)?;
            fault(&world, &req).await?;
            let urls = parse_input(&body)?;
            let listing = Listing::parse(|k| q.get(k).cloned())?;
            let cfg = &world.apify;
            let simulated = cfg.start_delay_secs + cfg.per_url_secs * urls.len() as f64;
            if simulated > cfg.sync_timeout_secs {
                let run = create_run(&world, &tenant, &urls, &req, &q, body.len(), false)?;
                return Err(ApifyError::RunTimeoutExceeded {
                    secs: cfg.sync_timeout_secs,
                    run_id: run.id.clone(),
                });
            }
            let run = create_run(&world, &tenant, &urls, &req, &q, body.len(), true)?;
            let items = run.dataset(&world.people, world.now());
            Ok(items_response(
                actix_web::http::StatusCode::CREATED,
                items,
                &listing,
            ))
        }
        .await,
    )
}
