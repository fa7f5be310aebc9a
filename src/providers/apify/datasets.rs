//! A run's default dataset (catalog #6, #9, #10): the dataset object and its
//! items, by dataset id, through the run, or through the actor's last run.

use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Data};
use actix_web::{get, HttpRequest, HttpResponse};
use serde_json::Value;

use super::common::{base_url, json, routes, Result};
use super::listing::{page, Listing};
use super::model::{ApifyErrorBody, Dataset, DatasetEnvelope, DatasetItem};
use super::runs::located;
use crate::clock::iso;
use crate::state::AppState;

/// Items with all five pagination headers; Count is the rows of this page
/// (the Python 3 client pages on it, so it must be 0 past the end).
pub fn items_response(status: StatusCode, items: Vec<Value>, listing: &Listing) -> HttpResponse {
    let p = page(items, listing);
    HttpResponse::build(status)
        .content_type(listing.format.content_type())
        .insert_header(("X-Apify-Pagination-Offset", p.offset.to_string()))
        .insert_header(("X-Apify-Pagination-Limit", p.limit.to_string()))
        .insert_header(("X-Apify-Pagination-Count", p.count.to_string()))
        .insert_header(("X-Apify-Pagination-Total", p.total.to_string()))
        .insert_header(("X-Apify-Pagination-Desc", p.desc.to_string()))
        .body(p.body)
}

async fn get_dataset(
    req: HttpRequest,
    state: Data<AppState>,
    _body: Bytes,
) -> Result<HttpResponse> {
    let world = state.world();
    let (run, ()) = located(&world, &req, |_| Ok(())).await?;
    let now = world.now();
    let count = run.items_done(now);
    let touched = iso(run.ended_at(now).unwrap_or(now).max(run.started_at));
    Ok(json(
        StatusCode::OK,
        &DatasetEnvelope {
            data: Dataset {
                id: run.dataset_id.clone(),
                name: None,
                user_id: run.user_id.clone(),
                created_at: iso(run.started_at),
                modified_at: touched.clone(),
                accessed_at: iso(now.max(run.started_at)),
                item_count: count,
                clean_item_count: count,
                act_id: run.act_id.clone(),
                act_run_id: run.id.clone(),
                console_url: format!("{}/v2/datasets/{}", base_url(&req), run.dataset_id),
            },
        },
    ))
}

async fn get_items(req: HttpRequest, state: Data<AppState>, _body: Bytes) -> Result<HttpResponse> {
    let world = state.world();
    let (run, listing) = located(&world, &req, |q| Listing::parse(|k| q.get(k).cloned())).await?;
    let items = run.dataset(&world.people, world.now());
    Ok(items_response(StatusCode::OK, items, &listing))
}

/// Query of item listings.
#[allow(dead_code)] // documents the parameters; read through a map
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ItemsQuery {
    /// API token; optional for a dataset or run by id (the id is the secret), checked when given.
    token: Option<String>,
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
    /// `1`/`true`: `skipHidden` and `skipEmpty` together.
    #[param(pattern = "^(0|1|true|false)$")]
    clean: Option<String>,
    /// `1`/`true`: leave out fields whose name starts with `#`.
    #[param(pattern = "^(0|1|true|false)$")]
    #[serde(rename = "skipHidden")]
    skip_hidden: Option<String>,
    /// `1`/`true`: leave out empty items.
    #[param(pattern = "^(0|1|true|false)$")]
    #[serde(rename = "skipEmpty")]
    skip_empty: Option<String>,
    /// CSV: `0`/`false` leaves out the UTF-8 byte-order mark sent by default.
    #[param(pattern = "^(0|1|true|false)$")]
    bom: Option<String>,
    /// CSV: `1`/`true` leaves out the header row.
    #[param(pattern = "^(0|1|true|false)$")]
    #[serde(rename = "skipHeaderRow")]
    skip_header_row: Option<String>,
    /// CSV: the one-character delimiter (default `,`).
    #[param(pattern = "^[\\x21-\\x7e]$")]
    delimiter: Option<String>,
    /// With `runs/last`: only a run with this status.
    status: Option<String>,
}

/// Query of the dataset object.
#[allow(dead_code)]
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ObjectQuery {
    /// API token; optional for a dataset or run by id, checked when given.
    token: Option<String>,
    /// With `runs/last`: only a run with this status.
    status: Option<String>,
}

routes! {
    get ["/v2/datasets/{datasetId}" => datasets_get: by_id("datasetId", "A run's `defaultDatasetId`"),
         "/v2/actor-runs/{runId}/dataset" => actor_runs_dataset_get: by_run,
         "/v2/actors/{actor}/runs/last/dataset" => actors_last_dataset_get: last_run,
         "/v2/acts/{actor}/runs/last/dataset" => acts_last_dataset_get: last_run] = get_dataset {
        params(ObjectQuery),
        description = "A run's default dataset; `itemCount` counts the items readable now.",
        responses(
            (status = 200, description = "The dataset", body = DatasetEnvelope),
            (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
            (status = 404, description = "record-not-found", body = ApifyErrorBody,
             example = json!({"error": {"type": "record-not-found", "message": "Dataset was not found"}})),
        )
    }

    get ["/v2/datasets/{datasetId}/items" => datasets_items: by_id("datasetId", "A run's `defaultDatasetId`"),
         "/v2/actor-runs/{runId}/dataset/items" => actor_runs_dataset_items: by_run,
         "/v2/actors/{actor}/runs/last/dataset/items" => actors_last_dataset_items: last_run,
         "/v2/acts/{actor}/runs/last/dataset/items" => acts_last_dataset_items: last_run] = get_items {
        params(ItemsQuery),
        description = "The items a run has written so far: one Atomus `data` object per URL, with the five `X-Apify-Pagination-*` headers.",
        responses(
            (status = 200, description = "Items",
             content((Vec<DatasetItem> = "application/json"), (String = "application/jsonl"), (String = "text/csv")),
             headers(
                ("X-Apify-Pagination-Offset" = u64), ("X-Apify-Pagination-Limit" = u64),
                ("X-Apify-Pagination-Count" = u64, description = "Rows in this page"),
                ("X-Apify-Pagination-Total" = u64), ("X-Apify-Pagination-Desc" = bool))),
            (status = 400, description = "invalid-input", body = ApifyErrorBody),
            (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
            (status = 404, description = "record-not-found", body = ApifyErrorBody,
             example = json!({"error": {"type": "record-not-found", "message": "Dataset was not found"}})),
        )
    }
}
