//! A run's default key-value store (catalog #11, #14, #15): the store object,
//! its keys, and its records — `INPUT` (the body the run was started with,
//! with its content type, while the byte budget keeps it) and `OUTPUT` (a
//! summary of the run, once it has ended) — by store id, through the run, or
//! through the actor's last run. HEAD tells whether a record exists.

use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Data};
use actix_web::{get, head, HttpRequest, HttpResponse};

use super::common::{flag, integer, json, path_param, routes, Result};
use super::error::ApifyError;
use super::model::{
    ApifyErrorBody, KeyInfo, KeyValueStore, KeyValueStoreEnvelope, KeysEnvelope, KeysPage,
};
use super::record::RunRecord;
use super::runs::located;
use crate::clock::iso;
use crate::state::AppState;

/// Most keys one page lists (Apify's default and maximum).
const MAX_KEYS: usize = 1000;

/// A record's content type and bytes, if the store holds it at `now`.
fn record(
    run: &RunRecord,
    key: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<(String, Vec<u8>)> {
    match key {
        "INPUT" => run.input().map(|i| (i.content_type, i.body.to_vec())),
        "OUTPUT" => run.output(now).map(|v| {
            (
                "application/json; charset=utf-8".to_string(),
                serde_json::to_vec_pretty(&v).unwrap_or_default(),
            )
        }),
        _ => None,
    }
}

async fn get_store(req: HttpRequest, state: Data<AppState>, _body: Bytes) -> Result<HttpResponse> {
    let world = state.world();
    let (run, ()) = located(&world, &req, |_| Ok(())).await?;
    let now = world.now();
    Ok(json(
        StatusCode::OK,
        &KeyValueStoreEnvelope {
            data: KeyValueStore {
                id: run.key_value_store_id.clone(),
                name: None,
                user_id: run.user_id.clone(),
                created_at: iso(run.started_at),
                modified_at: iso(run.ended_at(now).unwrap_or(run.started_at)),
                accessed_at: iso(now.max(run.started_at)),
                act_id: run.act_id.clone(),
                act_run_id: run.id.clone(),
            },
        },
    ))
}

async fn get_keys(req: HttpRequest, state: Data<AppState>, _body: Bytes) -> Result<HttpResponse> {
    let world = state.world();
    let (run, (limit, start)) = located(&world, &req, |q| {
        let limit = integer(q, "limit")?.unwrap_or(MAX_KEYS).clamp(1, MAX_KEYS);
        let start = q
            .get("exclusiveStartKey")
            .map(|s| s.to_string())
            .filter(|s| !s.is_empty());
        Ok((limit, start))
    })
    .await?;
    let now = world.now();
    let all: Vec<KeyInfo> = ["INPUT", "OUTPUT"]
        .iter()
        .filter(|k| start.as_deref().is_none_or(|s| **k > s))
        .filter_map(|k| {
            record(&run, k, now).map(|(_, body)| KeyInfo {
                key: k.to_string(),
                size: body.len(),
            })
        })
        .collect();
    let truncated = all.len() > limit;
    let items: Vec<KeyInfo> = all.into_iter().take(limit).collect();
    let next = truncated
        .then(|| items.last().map(|k| k.key.clone()))
        .flatten();
    Ok(json(
        StatusCode::OK,
        &KeysEnvelope {
            data: KeysPage {
                count: items.len(),
                items,
                limit,
                exclusive_start_key: start,
                is_truncated: truncated,
                next_exclusive_start_key: next,
            },
        },
    ))
}

async fn get_record(req: HttpRequest, state: Data<AppState>, _body: Bytes) -> Result<HttpResponse> {
    let world = state.world();
    // A HEAD reaches this handler as a GET (the HTTP edge answers HEAD
    // wherever GET is served, C-12) and actix-http leaves the body out.
    let (run, _) = located(&world, &req, |q| flag(q, "attachment", false)).await?;
    let key = path_param(&req, "recordKey").unwrap_or_default();
    let (content_type, body) =
        record(&run, key, world.now()).ok_or(ApifyError::RecordNotFound("Record"))?;
    Ok(HttpResponse::Ok().content_type(content_type).body(body))
}

/// Query of the store object and its keys.
#[allow(dead_code)] // documents the parameters; read through a map
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StoreQuery {
    /// API token; optional for a store or run by id (the id is the secret), checked when given.
    token: Option<String>,
    /// Keys: most keys to list (at most 1000).
    limit: Option<u64>,
    /// Keys: list keys after this one.
    #[serde(rename = "exclusiveStartKey")]
    exclusive_start_key: Option<String>,
    /// With `runs/last`: only a run with this status.
    status: Option<String>,
}

/// Query of a record.
#[allow(dead_code)]
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecordQuery {
    /// API token; optional for a store or run by id, checked when given.
    token: Option<String>,
    /// `1`/`true`: as a download (accepted; the body is the same).
    #[param(pattern = "^(0|1|true|false)$")]
    attachment: Option<String>,
    /// With `runs/last`: only a run with this status.
    status: Option<String>,
}
routes! {
    get ["/v2/key-value-stores/{storeId}" => key_value_stores_store_get: by_id("storeId", "A run's `defaultKeyValueStoreId`"),
         "/v2/actor-runs/{runId}/key-value-store" => actor_runs_store_get: by_run,
         "/v2/actors/{actor}/runs/last/key-value-store" => actors_last_store_get: last_run,
         "/v2/acts/{actor}/runs/last/key-value-store" => acts_last_store_get: last_run] = get_store {
        params(StoreQuery),
        responses(
            (status = 200, description = "The key-value store", body = KeyValueStoreEnvelope),
            (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
            (status = 404, description = "record-not-found", body = ApifyErrorBody,
             example = json!({"error": {"type": "record-not-found", "message": "Key-value store was not found"}})),
        )
    }

    get ["/v2/key-value-stores/{storeId}/keys" => key_value_stores_store_keys: by_id("storeId", "A run's `defaultKeyValueStoreId`"),
         "/v2/actor-runs/{runId}/key-value-store/keys" => actor_runs_store_keys: by_run,
         "/v2/actors/{actor}/runs/last/key-value-store/keys" => actors_last_store_keys: last_run,
         "/v2/acts/{actor}/runs/last/key-value-store/keys" => acts_last_store_keys: last_run] = get_keys {
        params(StoreQuery),
        responses(
            (status = 200, description = "The store's keys (`INPUT`, and `OUTPUT` once the run has ended)", body = KeysEnvelope),
            (status = 400, description = "invalid-input", body = ApifyErrorBody),
            (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
            (status = 404, description = "record-not-found", body = ApifyErrorBody),
        )
    }

    get ["/v2/key-value-stores/{storeId}/records/{recordKey}" => key_value_stores_record_get: by_id("storeId", "A run's `defaultKeyValueStoreId`"),
         "/v2/actor-runs/{runId}/key-value-store/records/{recordKey}" => actor_runs_record_get: by_run,
         "/v2/actors/{actor}/runs/last/key-value-store/records/{recordKey}" => actors_last_record_get: last_run,
         "/v2/acts/{actor}/runs/last/key-value-store/records/{recordKey}" => acts_last_record_get: last_run] = get_record {
        params(("recordKey" = String, Path, description = "`INPUT` or `OUTPUT`", example = "INPUT"), RecordQuery),
        responses(
            (status = 200, description = "The record's bytes with its content type: `INPUT` as the run was started, `OUTPUT` a JSON summary",
             content((Object = "application/json"), (String = "*/*"))),
            (status = 400, description = "invalid-input", body = ApifyErrorBody),
            (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
            (status = 404, description = "record-not-found", body = ApifyErrorBody,
             example = json!({"error": {"type": "record-not-found", "message": "Record was not found"}})),
        )
    }

    head ["/v2/key-value-stores/{storeId}/records/{recordKey}" => key_value_stores_record_head: by_id("storeId", "A run's `defaultKeyValueStoreId`"),
         "/v2/actor-runs/{runId}/key-value-store/records/{recordKey}" => actor_runs_record_head: by_run,
         "/v2/actors/{actor}/runs/last/key-value-store/records/{recordKey}" => actors_last_record_head: last_run,
         "/v2/acts/{actor}/runs/last/key-value-store/records/{recordKey}" => acts_last_record_head: last_run] = get_record {
        params(("recordKey" = String, Path, description = "`INPUT` or `OUTPUT`", example = "INPUT"), RecordQuery),
        responses(
            (status = 200, description = "The record exists"),
            (status = 400, description = "A query parameter is invalid"),
            (status = 401, description = "token-not-provided or token-not-valid"),
            (status = 404, description = "No such record"),
        )
    }
}
