//! Apify API v2 wire types for the Atomus actor, with Apify's own field names.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `{"data": Run}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RunEnvelope {
    pub data: Run,
}

/// An actor run, as `GET /v2/actor-runs/{runId}` shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "id": "HG7ML7M8z78YcAPEB", "actId": "ZrSeN1xjHNjtLfKXa", "userId": "BPWZBd7Z9c746JAnF",
    "actorTaskId": null, "startedAt": "2024-01-15T10:30:00.000Z", "finishedAt": null,
    "status": "READY", "statusMessage": "Starting the run", "isStatusMessageTerminal": false,
    "meta": { "origin": "API", "userAgent": "curl/8.5.0" },
    "stats": { "inputBodyLen": 56, "restartCount": 0, "resurrectCount": 0, "runTimeSecs": 0.0, "computeUnits": 0.0, "resultCount": 0 },
    "options": { "build": "latest", "timeoutSecs": 3600, "memoryMbytes": 1024, "diskMbytes": 2048 },
    "buildId": "7sWvXr3kQpNe1mYtA", "buildNumber": "1.0.0", "exitCode": null,
    "defaultKeyValueStoreId": "eJNzqsbPiopwJcgGQ", "defaultDatasetId": "wmKPijuyDnPZAPRMk",
    "defaultRequestQueueId": "FL35cSF7jrxr3BY39", "containerUrl": "https://hg7ml7m8z78ycapeb.runs.apify.net",
    "usageTotalUsd": 0.0, "chargedEventCounts": { "profile-found": 0 }
}))]
pub struct Run {
    pub id: String,
    pub act_id: String,
    pub user_id: String,
    pub actor_task_id: Option<String>,
    pub started_at: String,
    pub finished_at: Option<String>,
    /// `READY`, `RUNNING` or `SUCCEEDED`.
    pub status: &'static str,
    pub status_message: String,
    pub is_status_message_terminal: bool,
    pub meta: RunMeta,
    pub stats: RunStats,
    pub options: RunOptions,
    pub build_id: String,
    pub build_number: &'static str,
    pub exit_code: Option<i32>,
    pub default_key_value_store_id: String,
    pub default_dataset_id: String,
    pub default_request_queue_id: String,
    pub container_url: String,
    /// Found profiles so far × the per-result price.
    pub usage_total_usd: f64,
    pub charged_event_counts: ChargedEvents,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RunMeta {
    pub origin: &'static str,
    pub user_agent: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RunStats {
    pub input_body_len: usize,
    pub restart_count: u32,
    pub resurrect_count: u32,
    pub run_time_secs: f64,
    pub compute_units: f64,
    /// Dataset items written so far.
    pub result_count: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RunOptions {
    pub build: String,
    pub timeout_secs: u64,
    pub memory_mbytes: u64,
    pub disk_mbytes: u64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChargedEvents {
    /// Profiles found and billed to the Atomus tenant.
    #[serde(rename = "profile-found")]
    pub profile_found: u64,
}

/// Every Apify error: `{"error": {"type", "message"}}`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({ "error": { "type": "record-not-found", "message": "Actor run was not found" } }))]
pub struct ApifyErrorBody {
    pub error: ApifyErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApifyErrorDetail {
    #[serde(rename = "type")]
    #[schema(example = "token-not-valid")]
    pub kind: String,
    pub message: String,
}

/// Actor input. `urls` and `startUrls` may both be given; 1 to 5,000 URLs in
/// all. Unknown fields are ignored.
#[allow(dead_code)] // documents the body; the handler reads it by hand
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({ "urls": ["https://www.linkedin.com/in/anandi-devi/", "https://www.linkedin.com/in/example-1"] }))]
pub struct ActorInput {
    pub urls: Option<Vec<String>>,
    #[serde(rename = "startUrls")]
    pub start_urls: Option<Vec<StartUrl>>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize, ToSchema)]
pub struct StartUrl {
    pub url: String,
}

/// A dataset item: the Atomus enrichment `data` object for one URL (see
/// `EnrichData`). `fields` and `omit` keep or drop top-level fields, so any
/// field may be absent from what a listing returns.
#[allow(dead_code)] // documents the served items, which are built as JSON values
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = ApifyDatasetItem)]
pub struct DatasetItem {
    #[schema(example = "https://www.linkedin.com/in/anandi-devi")]
    pub url: Option<String>,
    pub status: Option<crate::providers::atomus::model::ItemStatus>,
    pub profile: Option<crate::providers::atomus::model::Profile>,
    pub code: Option<String>,
    pub message: Option<String>,
}
