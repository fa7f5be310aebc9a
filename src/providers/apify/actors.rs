//! The actor itself (catalog #1, #4, #13, #19 and `run-sync`): who it is and
//! how it is named, starting runs, listing them, and the synchronous runs.
//! Every route lives under both `/v2/acts/{actor}` and `/v2/actors/{actor}`
//! (G-2); `{actor}` is `owner~name`, the opaque id, or `owner/name` (plain or
//! percent-encoded), which [`canonical_path`] turns into `owner~name` before
//! routing.

use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, Data};
use actix_web::{get, post, Error, HttpRequest, HttpResponse};

use serde_json::Value;

use super::common::fault;
use super::common::{
    authenticate, derived_id, flag, integer, json, number, path_param, query, routes, user_id,
    wait_for_finish, wait_secs, Query, Result,
};
use super::datasets::items_response;
use super::error::ApifyError;
use super::listing::Listing;
use super::model::{
    Actor, ActorEnvelope, ActorInput, ActorStats, ActorVersion, ApifyErrorBody, DatasetItem,
    DefaultRunOptions, RunEnvelope, RunList, RunListEnvelope, RunOptions, TaggedBuild,
};
use super::record::{self, bill, classify, seconds, Plan, RunRecord, StoredInput, MAX_URLS};
use crate::state::{AppState, World};

/// The actor's owner (`username`).
pub const OWNER: &str = "atomus";
/// Names the actor answers to; the first is its own.
pub const NAMES: [&str; 2] = ["linkedin-profile-scraper", "linkedin-profile-enricher"];
/// When the actor was created and last modified (fixed).
const CREATED_AT: &str = "2024-01-16T00:00:00.000Z";
/// Most runs one list page shows (Apify's limit).
const MAX_LIST_LIMIT: usize = 1000;
/// Segments that follow `{actor}` in an actor route; anything else after an
/// owner is the second half of an `owner/name`.
const SUBRESOURCES: [&str; 8] = [
    "runs",
    "run-sync",
    "run-sync-get-dataset-items",
    "builds",
    "versions",
    "webhooks",
    "validate-input",
    "default-build",
];

/// The actor's opaque id, which runs carry as `actId`.
pub fn act_id() -> String {
    derived_id("atomus/linkedin-profile-scraper")
}

fn build_id() -> String {
    derived_id("atomus/linkedin-profile-scraper/build/0.0.1")
}

/// The actor a path segment names: `owner~name` or the opaque id. None when
/// it names no actor mocklink serves.
pub fn resolve(segment: &str) -> Option<String> {
    let id = act_id();
    let named = segment
        .split_once('~')
        .is_some_and(|(owner, name)| owner == OWNER && NAMES.contains(&name));
    (named || segment == id).then_some(id)
}

/// `/v2/acts/owner/name/…` and `/v2/acts/owner%2Fname/…` (either prefix) as
/// `/v2/acts/owner~name/…`; None when the path needs no change.
pub fn canonical_path(path: &str) -> Option<String> {
    let (prefix, rest) = ["/v2/acts/", "/v2/actors/"]
        .iter()
        .find_map(|p| path.strip_prefix(p).map(|rest| (*p, rest)))?;
    let mut segs: Vec<&str> = rest.split('/').collect();
    let first = segs.first()?;
    let lower = first.to_ascii_lowercase();
    let actor = if let Some(at) = lower.find("%2f") {
        format!("{}~{}", &first[..at], &first[at + 3..])
    } else if segs.len() >= 2 && !segs[1].is_empty() && !SUBRESOURCES.contains(&segs[1]) {
        let joined = format!("{}~{}", segs[0], segs[1]);
        segs.remove(1);
        joined
    } else {
        return None;
    };
    segs[0] = &actor;
    Some(format!("{prefix}{}", segs.join("/")))
}

/// Middleware: rewrites an `owner/name` actor path before routing, so every
/// handler sees one form.
pub async fn normalize_actor_path(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> std::result::Result<ServiceResponse<impl MessageBody>, Error> {
    if let Some(path) = canonical_path(req.uri().path()) {
        let with_query = match req.uri().query() {
            Some(q) => format!("{path}?{q}"),
            None => path,
        };
        if let Ok(pq) = actix_web::http::uri::PathAndQuery::try_from(with_query) {
            let mut parts = req.uri().clone().into_parts();
            parts.path_and_query = Some(pq);
            if let Ok(uri) = actix_web::http::Uri::from_parts(parts) {
                req.match_info_mut().get_mut().update(&uri);
                req.head_mut().uri = uri;
            }
        }
    }
    next.call(req).await
}

/// The actor a request's `{actor}` names, or `missing` (the error differs by
/// route, G-2).
pub fn actor_of(req: &HttpRequest, missing: ApifyError) -> Result<String> {
    path_param(req, "actor").and_then(resolve).ok_or(missing)
}

/// The actor object.
pub fn actor(total_runs: usize) -> Actor {
    let mut tagged = std::collections::BTreeMap::new();
    tagged.insert(
        "latest",
        TaggedBuild {
            build_id: build_id(),
            build_number: record::BUILD_NUMBER,
        },
    );
    Actor {
        id: act_id(),
        user_id: derived_id("user/atomus"),
        name: NAMES[0],
        username: OWNER,
        title: "LinkedIn Profile Scraper",
        description: "Enriches LinkedIn profile URLs with the Atomus profile enrichment API.",
        is_public: true,
        created_at: CREATED_AT,
        modified_at: CREATED_AT,
        stats: ActorStats { total_runs },
        versions: vec![ActorVersion {
            version_number: "0.0",
            source_type: "SOURCE_FILES",
            build_tag: "latest",
        }],
        default_run_options: DefaultRunOptions {
            build: "latest",
            timeout_secs: 3600,
            memory_mbytes: 1024,
        },
        tagged_builds: tagged,
    }
}

/// `{"urls": [...]}` and/or `{"startUrls": [{"url"}]}` → 1 to 5,000 URLs.
pub fn parse_input(body: &[u8]) -> Result<Vec<String>> {
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

/// Run options from the query (`timeout`, `memory`, `build`), checked so the
/// run object stays valid for the clients (memory 128…32768 MB, a power of 2).
fn run_options(q: &Query) -> Result<RunOptions> {
    let memory = match number(q, "memory")? {
        None => 1024,
        Some(m)
            if m.fract() == 0.0
                && (128.0..=32768.0).contains(&m)
                && (m as u64).is_power_of_two() =>
        {
            m as u64
        }
        Some(m) => {
            return Err(ApifyError::InvalidInput(format!(
                "Parameter 'memory' must be a power of 2 between 128 and 32768 megabytes, found {m}"
            )))
        }
    };
    Ok(RunOptions {
        build: q
            .get("build")
            .map(|b| b.trim().to_string())
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| "latest".into()),
        timeout_secs: number(q, "timeout")?.map_or(3600, |n| n.min(1.0e9) as u64),
        memory_mbytes: memory,
        disk_mbytes: 2 * memory,
    })
}

/// Creates a run: decides every item, bills found profiles to the tenant
/// (live tenants only) and fixes the timeline. A `sync` run is done at once.
fn create_run(
    world: &World,
    tenant: &str,
    urls: &[String],
    req: &HttpRequest,
    options: RunOptions,
    body: &Bytes,
    sync: bool,
) -> Arc<RunRecord> {
    let now = world.now();
    let cfg = &world.apify;
    let simulated = cfg.start_delay_secs + cfg.per_url_secs * urls.len() as f64;
    let mut items = classify(&world.people, urls);
    let found = items
        .iter()
        .filter(|i| matches!(i, record::Item::Found { .. }))
        .count() as u64;
    let live = world
        .atomus
        .tenant(tenant)
        .is_some_and(|t| t.mode == "live");
    let billed = if live {
        // Taken at once; an abort gives back what the run never reached.
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
        // Checked: no scenario value can overflow the date type.
        let running = crate::clock::after(now, seconds(cfg.start_delay_secs));
        (
            running,
            crate::clock::after(running, seconds(cfg.per_url_secs * urls.len() as f64)),
        )
    };
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.trim().is_empty())
        .unwrap_or("application/json; charset=utf-8")
        .to_string();
    let plan = Plan {
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
        build_id: build_id(),
        user_agent: req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        options,
        input: StoredInput {
            content_type,
            body: body.clone(),
        },
    };
    world.apify.runs.insert(RunRecord::new(plan), now)
}

async fn get_actor(req: HttpRequest, state: Data<AppState>, _body: Bytes) -> Result<HttpResponse> {
    let world = state.world();
    let q = query(&req)?;
    let tenant = authenticate(&world, &req, &q)?;
    // G-2: the clients treat only record-not-found as "absent".
    let act = actor_of(&req, ApifyError::RecordNotFound("Actor"))?;
    fault(&world, &req).await?;
    let total = world.apify.runs.of(&act, &user_id(&tenant)).len();
    Ok(json(StatusCode::OK, &ActorEnvelope { data: actor(total) }))
}

async fn start_run(req: HttpRequest, state: Data<AppState>, body: Bytes) -> Result<HttpResponse> {
    let world = state.world();
    let q = query(&req)?;
    let tenant = authenticate(&world, &req, &q)?;
    let act = actor_of(&req, ApifyError::ActorNotFound)?;
    let wait = wait_secs(&q)?;
    let options = run_options(&q)?;
    let urls = parse_input(&body)?;
    fault(&world, &req).await?;
    let run = create_run(&world, &tenant, &urls, &req, options, &body, false);
    wait_for_finish(&world, &run, wait).await;
    let location = format!(
        "{}/v2/acts/{act}/runs/{}",
        super::common::base_url(&req),
        run.id
    );
    let mut resp = json(
        StatusCode::CREATED,
        &RunEnvelope {
            data: run.view(world.now()),
        },
    );
    if let Ok(v) = header::HeaderValue::from_str(&location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    Ok(resp)
}

/// A status filter: one status or a comma list.
fn statuses(q: &Query) -> Option<Vec<String>> {
    q.get("status").map(|s| {
        s.split(',')
            .map(|x| x.trim().to_ascii_uppercase())
            .filter(|x| !x.is_empty())
            .collect()
    })
}

fn date(q: &Query, name: &str) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    match q.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| {
            ApifyError::InvalidInput(format!(
                "Parameter '{name}' must be an ISO 8601 date-time such as 2024-01-16T00:00:00.000Z, found {s:?}"
            ))
        }),
    }
}

async fn list_runs(req: HttpRequest, state: Data<AppState>, _body: Bytes) -> Result<HttpResponse> {
    let world = state.world();
    let q = query(&req)?;
    let tenant = authenticate(&world, &req, &q)?;
    let act = actor_of(&req, ApifyError::ActorNotFound)?;
    let offset = integer(&q, "offset")?.unwrap_or(0);
    let limit = integer(&q, "limit")?
        .unwrap_or(MAX_LIST_LIMIT)
        .clamp(1, MAX_LIST_LIMIT);
    let desc = flag(&q, "desc", false)?;
    let wanted = statuses(&q);
    let after = date(&q, "startedAfter")?;
    let before = date(&q, "startedBefore")?;
    fault(&world, &req).await?;
    let now = world.now();
    let mut runs: Vec<_> = world
        .apify
        .runs
        .of(&act, &user_id(&tenant))
        .into_iter()
        .filter(|r| {
            wanted
                .as_ref()
                .is_none_or(|w| w.iter().any(|s| s == r.status(now).as_str()))
                && after.is_none_or(|t| r.started_at > t)
                && before.is_none_or(|t| r.started_at < t)
        })
        .collect();
    if desc {
        runs.reverse();
    }
    let total = runs.len();
    let items: Vec<_> = runs
        .iter()
        .skip(offset)
        .take(limit)
        .map(|r| r.list_item(now))
        .collect();
    Ok(json(
        StatusCode::OK,
        &RunListEnvelope {
            data: RunList {
                total,
                offset,
                limit,
                count: items.len(),
                desc,
                items,
            },
        },
    ))
}

/// Both run-sync routes, in Apify's order: the token (401), the actor
/// (404), the run options and the route's own query `check` (400), the
/// input (400), an injected fault; then the actor runs at once, whatever the
/// clock, or answers 408 when its simulated duration passes the sync
/// timeout (the run then goes on in the background, as on Apify).
async fn run_sync<T>(
    world: &World,
    req: &HttpRequest,
    body: &Bytes,
    check: impl FnOnce(&Query) -> Result<T>,
) -> Result<(Arc<RunRecord>, T)> {
    let q = query(req)?;
    let tenant = authenticate(world, req, &q)?;
    actor_of(req, ApifyError::ActorNotFound)?;
    let options = run_options(&q)?;
    let checked = check(&q)?;
    let urls = parse_input(body)?;
    fault(world, req).await?;
    let cfg = &world.apify;
    let simulated = cfg.start_delay_secs + cfg.per_url_secs * urls.len() as f64;
    if simulated > cfg.sync_timeout_secs {
        let run = create_run(world, &tenant, &urls, req, options, body, false);
        return Err(ApifyError::RunTimeoutExceeded {
            secs: cfg.sync_timeout_secs,
            run_id: run.id.clone(),
        });
    }
    let run = create_run(world, &tenant, &urls, req, options, body, true);
    Ok((run, checked))
}

async fn run_sync_output(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse> {
    let world = state.world();
    let (run, ()) = run_sync(&world, &req, &body, |_| Ok(())).await?;
    let output = run.output(world.now()).unwrap_or(Value::Null);
    Ok(json(StatusCode::CREATED, &output))
}

async fn run_sync_items(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse> {
    let world = state.world();
    let (run, listing) = run_sync(&world, &req, &body, |q| {
        Listing::parse(|k| q.get(k).cloned())
    })
    .await?;
    let items = run.dataset(&world.people, world.now());
    Ok(items_response(StatusCode::CREATED, items, &listing))
}

/// The documented options of a start.
#[allow(dead_code)] // documents the parameters; read through a map
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StartQuery {
    /// API token (or send `Authorization: Bearer <token>`).
    token: Option<String>,
    /// Seconds to wait for the run to finish before answering (clamped to 0…60).
    #[serde(rename = "waitForFinish")]
    wait_for_finish: Option<f64>,
    /// Run timeout in seconds (shown in `options.timeoutSecs`).
    timeout: Option<f64>,
    /// Memory in megabytes: a power of 2 from 128 to 32768 (shown in `options.memoryMbytes`).
    #[param(minimum = 128, maximum = 32768)]
    memory: Option<u64>,
    /// Build tag (shown in `options.build`).
    build: Option<String>,
}

/// Query of a runs list.
#[allow(dead_code)]
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// API token (or send `Authorization: Bearer <token>`).
    token: Option<String>,
    offset: Option<u64>,
    /// At most 1000 (the default).
    limit: Option<u64>,
    /// `1`/`true`: newest first.
    #[param(pattern = "^(0|1|true|false)$")]
    desc: Option<String>,
    /// One status or a comma-separated list (`READY`, `RUNNING`, `SUCCEEDED`, `ABORTED`).
    status: Option<String>,
    /// Only runs started after this ISO 8601 date-time.
    #[serde(rename = "startedAfter")]
    started_after: Option<chrono::DateTime<chrono::Utc>>,
    /// Only runs started before this ISO 8601 date-time.
    #[serde(rename = "startedBefore")]
    started_before: Option<chrono::DateTime<chrono::Utc>>,
}

/// Query of the synchronous runs: a start's options and an item listing's.
#[allow(dead_code)]
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SyncQuery {
    /// API token (or send `Authorization: Bearer <token>`).
    token: Option<String>,
    /// Run timeout in seconds (shown in `options.timeoutSecs`).
    timeout: Option<f64>,
    /// Memory in megabytes: a power of 2 from 128 to 32768.
    #[param(minimum = 128, maximum = 32768)]
    memory: Option<u64>,
    /// Build tag.
    build: Option<String>,
    /// Items to skip (after `desc`).
    offset: Option<u64>,
    /// Most items to return (default and maximum 250,000).
    limit: Option<u64>,
    /// `1`/`true`: newest first.
    #[param(pattern = "^(0|1|true|false)$")]
    desc: Option<String>,
    /// Comma-separated top-level fields to keep, in that order.
    fields: Option<String>,
    /// Comma-separated top-level fields to drop.
    omit: Option<String>,
    /// `json` (default), `jsonl` or `csv`.
    #[param(pattern = "^(json|jsonl|csv)$")]
    format: Option<String>,
}

routes! {
    get ["/v2/actors/{actor}" => actors_get, "/v2/acts/{actor}" => acts_get] = get_actor {
        security(("apify_token" = []), ("bearer" = [])),
        params(("actor" = String, Path, description = "`atomus~linkedin-profile-scraper`, `atomus/linkedin-profile-scraper` or the actor's id", example = "atomus~linkedin-profile-scraper"),
               ("token" = Option<String>, Query, description = "API token (or send `Authorization: Bearer <token>`)")),
        responses(
            (status = 200, description = "The actor", body = ActorEnvelope),
            (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
            (status = 404, description = "record-not-found", body = ApifyErrorBody,
             example = json!({"error": {"type": "record-not-found", "message": "Actor was not found"}})),
        )
    }

    post ["/v2/actors/{actor}/runs" => actors_start_run, "/v2/acts/{actor}/runs" => acts_start_run] = start_run {
        description = "Starts the actor. Found profiles are billed to the token's Atomus tenant (1 credit each) when the run starts; profiles beyond the balance become error items. An abort gives back the credits of profiles the run never reached.",
        security(("apify_token" = []), ("bearer" = [])),
        params(("actor" = String, Path, description = "`atomus~linkedin-profile-scraper` (or `…-enricher`, `atomus/…`, the actor's id)", example = "atomus~linkedin-profile-scraper"), StartQuery),
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
            (status = 413, description = "request-too-large (over 1 MiB once decoded)", body = ApifyErrorBody),
            (status = 415, description = "unsupported-content-encoding", body = ApifyErrorBody),
        )
    }

    get ["/v2/actors/{actor}/runs" => actors_list_runs, "/v2/acts/{actor}/runs" => acts_list_runs] = list_runs {
        description = "The token's runs of the actor, oldest first (`desc` for newest first).",
        security(("apify_token" = []), ("bearer" = [])),
        params(("actor" = String, Path, example = "atomus~linkedin-profile-scraper"), ListQuery),
        responses(
            (status = 200, description = "A page of runs", body = RunListEnvelope),
            (status = 400, description = "invalid-input", body = ApifyErrorBody),
            (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
            (status = 404, description = "actor-not-found", body = ApifyErrorBody),
        )
    }

    post ["/v2/actors/{actor}/run-sync" => actors_run_sync, "/v2/acts/{actor}/run-sync" => acts_run_sync] = run_sync_output {
        description = "Runs the actor to completion at once, whatever the clock, and answers with its `OUTPUT` record (a summary); 408 when the run's simulated duration exceeds the sync timeout (300 s by default; the run then goes on in the background).",
        security(("apify_token" = []), ("bearer" = [])),
        params(("actor" = String, Path, example = "atomus~linkedin-profile-scraper"), StartQuery),
        request_body(content = ActorInput, content_type = "application/json"),
        responses(
            (status = 201, description = "The run's OUTPUT record", body = Object,
             example = json!({"status": "SUCCEEDED", "urls": 1, "processed": 1, "found": 1, "notFound": 0, "errors": 0, "chargedProfiles": 1, "datasetId": "wmKPijuyDnPZAPRMk"})),
            (status = 400, description = "invalid-input", body = ApifyErrorBody),
            (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
            (status = 404, description = "actor-not-found", body = ApifyErrorBody),
            (status = 408, description = "run-timeout-exceeded", body = ApifyErrorBody),
            (status = 413, description = "request-too-large", body = ApifyErrorBody),
            (status = 415, description = "unsupported-content-encoding", body = ApifyErrorBody),
        )
    }

    get ["/v2/actors/{actor}/run-sync" => actors_run_sync_get, "/v2/acts/{actor}/run-sync" => acts_run_sync_get] = run_sync_output {
        description = "The GET form carries no input; this actor needs URLs, so it answers 400 `invalid-input` once the token and actor are checked.",
        security(("apify_token" = []), ("bearer" = [])),
        params(("actor" = String, Path, example = "atomus~linkedin-profile-scraper"), StartQuery),
        responses(
            (status = 400, description = "invalid-input", body = ApifyErrorBody),
            (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
            (status = 404, description = "actor-not-found", body = ApifyErrorBody),
        )
    }

    post ["/v2/actors/{actor}/run-sync-get-dataset-items" => actors_run_sync_items, "/v2/acts/{actor}/run-sync-get-dataset-items" => acts_run_sync_items] = run_sync_items {
        description = "Runs the actor to completion at once, whatever the clock, and answers with its dataset items; 408 when the run's simulated duration exceeds the sync timeout (300 s by default; the run then goes on in the background).",
        security(("apify_token" = []), ("bearer" = [])),
        params(("actor" = String, Path, example = "atomus~linkedin-profile-scraper"), SyncQuery),
        request_body(content = ActorInput, content_type = "application/json"),
        responses(
            (status = 201, description = "The run's items",
             content((Vec<DatasetItem> = "application/json"), (String = "application/jsonl"), (String = "text/csv")),
             headers(
                ("X-Apify-Pagination-Offset" = u64), ("X-Apify-Pagination-Limit" = u64),
                ("X-Apify-Pagination-Count" = u64), ("X-Apify-Pagination-Total" = u64),
                ("X-Apify-Pagination-Desc" = bool))),
            (status = 400, description = "invalid-input", body = ApifyErrorBody),
            (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
            (status = 404, description = "actor-not-found", body = ApifyErrorBody),
            (status = 408, description = "run-timeout-exceeded", body = ApifyErrorBody,
             example = json!({"error": {"type": "run-timeout-exceeded", "message": "Actor run exceeded the timeout of 300 seconds for this API endpoint, but the Actor run HG7ML7M8z78YcAPEB continues in the background"}})),
            (status = 413, description = "request-too-large", body = ApifyErrorBody),
            (status = 415, description = "unsupported-content-encoding", body = ApifyErrorBody),
        )
    }

    get ["/v2/actors/{actor}/run-sync-get-dataset-items" => actors_run_sync_items_get, "/v2/acts/{actor}/run-sync-get-dataset-items" => acts_run_sync_items_get] = run_sync_items {
        description = "The GET form carries no input; this actor needs URLs, so it answers 400 `invalid-input` once the token and actor are checked.",
        security(("apify_token" = []), ("bearer" = [])),
        params(("actor" = String, Path, example = "atomus~linkedin-profile-scraper"), SyncQuery),
        responses(
            (status = 400, description = "invalid-input", body = ApifyErrorBody),
            (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
            (status = 404, description = "actor-not-found", body = ApifyErrorBody),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_slash_name_paths_are_rewritten_to_the_tilde_form() {
        // G-2: `owner/name`, plain or percent-encoded, under either prefix.
        let c = |p: &str| canonical_path(p);
        assert_eq!(
            c("/v2/acts/atomus/linkedin-profile-scraper/runs").as_deref(),
            Some("/v2/acts/atomus~linkedin-profile-scraper/runs")
        );
        assert_eq!(
            c("/v2/actors/atomus%2Flinkedin-profile-scraper").as_deref(),
            Some("/v2/actors/atomus~linkedin-profile-scraper")
        );
        assert_eq!(
            c("/v2/actors/atomus/linkedin-profile-scraper/runs/last/log").as_deref(),
            Some("/v2/actors/atomus~linkedin-profile-scraper/runs/last/log")
        );
        assert_eq!(c("/v2/acts/atomus~linkedin-profile-scraper/runs"), None);
        assert_eq!(c("/v2/acts/kQ3o2bVhbYd5xGk4P/run-sync"), None);
        assert_eq!(c("/v2/actor-runs/abc/log"), None);
        assert_eq!(resolve("atomus~linkedin-profile-enricher"), Some(act_id()));
        assert_eq!(resolve(&act_id()), Some(act_id()));
        assert_eq!(resolve("atomus~other"), None);
        assert_eq!(resolve("~linkedin-profile-scraper"), None);
    }
}
