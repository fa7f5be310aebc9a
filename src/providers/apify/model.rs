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
    "buildId": "7sWvXr3kQpNe1mYtA", "buildNumber": "0.0.1", "generalAccess": "FOLLOW_USER_SETTING",
    "exitCode": null, "defaultKeyValueStoreId": "eJNzqsbPiopwJcgGQ", "defaultDatasetId": "wmKPijuyDnPZAPRMk",
    "defaultRequestQueueId": "FL35cSF7jrxr3BY39", "usageTotalUsd": 0.0, "chargedEventCounts": { "profile-found": 0 }
}))]
pub struct Run {
    pub id: String,
    pub act_id: String,
    pub user_id: String,
    pub actor_task_id: Option<String>,
    pub started_at: String,
    pub finished_at: Option<String>,
    #[schema(value_type = RunStatus)]
    pub status: &'static str,
    pub status_message: String,
    pub is_status_message_terminal: bool,
    pub meta: RunMeta,
    pub stats: RunStats,
    pub options: RunOptions,
    pub build_id: String,
    /// `x.y.z` with z ≥ 1: the official Python client checks the pattern.
    #[schema(pattern = r"^([0-9]|[1-9][0-9])\.([0-9]|[1-9][0-9])(\.[1-9][0-9]{0,4})$")]
    pub build_number: &'static str,
    pub general_access: &'static str,
    pub exit_code: Option<i32>,
    pub default_key_value_store_id: String,
    pub default_dataset_id: String,
    pub default_request_queue_id: String,
    /// Found profiles so far × the per-result price.
    pub usage_total_usd: f64,
    pub charged_event_counts: ChargedEvents,
}

/// The statuses a run of this actor goes through (Apify knows also
/// `FAILED`, `TIMING-OUT`, `TIMED-OUT` and `ABORTING`, which it never shows).
#[allow(dead_code)] // documents `status`, which is served as a string
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RunStatus {
    Ready,
    Running,
    Succeeded,
    Aborted,
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
    #[schema(minimum = 128, maximum = 32768)]
    pub memory_mbytes: u64,
    pub disk_mbytes: u64,
}

/// A run in a runs list (`RunListItem` of the Python client).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RunListItem {
    pub id: String,
    pub act_id: String,
    pub user_id: String,
    pub actor_task_id: Option<String>,
    #[schema(value_type = RunStatus)]
    pub status: &'static str,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub build_id: String,
    pub build_number: &'static str,
    pub meta: RunMeta,
    pub usage_total_usd: f64,
    pub default_key_value_store_id: String,
    pub default_dataset_id: String,
    pub default_request_queue_id: String,
}

/// `{"data": {total, offset, limit, count, desc, items}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RunListEnvelope {
    pub data: RunList,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RunList {
    pub total: usize,
    pub offset: usize,
    #[schema(minimum = 1)]
    pub limit: usize,
    pub count: usize,
    pub desc: bool,
    pub items: Vec<RunListItem>,
}

/// `{"data": Actor}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActorEnvelope {
    pub data: Actor,
}

/// The actor object, with what the official clients require of it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "id": "kQ3o2bVhbYd5xGk4P", "userId": "atomusUser0000001", "name": "linkedin-profile-scraper",
    "username": "atomus", "title": "LinkedIn Profile Scraper", "isPublic": true,
    "createdAt": "2024-01-16T00:00:00.000Z", "modifiedAt": "2024-01-16T00:00:00.000Z", "stats": {},
    "versions": [{"versionNumber": "0.0", "sourceType": "SOURCE_FILES", "buildTag": "latest"}],
    "defaultRunOptions": {"build": "latest", "timeoutSecs": 3600, "memoryMbytes": 1024},
    "taggedBuilds": {"latest": {"buildId": "z2EryhbfhgSyqj6Hn", "buildNumber": "0.0.1"}}
}))]
pub struct Actor {
    pub id: String,
    pub user_id: String,
    pub name: &'static str,
    pub username: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub is_public: bool,
    pub created_at: &'static str,
    pub modified_at: &'static str,
    pub stats: ActorStats,
    pub versions: Vec<ActorVersion>,
    pub default_run_options: DefaultRunOptions,
    pub tagged_builds: std::collections::BTreeMap<&'static str, TaggedBuild>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActorStats {
    pub total_runs: usize,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActorVersion {
    #[schema(pattern = r"^([0-9]|[1-9][0-9])\.([0-9]|[1-9][0-9])$")]
    pub version_number: &'static str,
    pub source_type: &'static str,
    pub build_tag: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DefaultRunOptions {
    pub build: &'static str,
    pub timeout_secs: u64,
    pub memory_mbytes: u64,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaggedBuild {
    pub build_id: String,
    pub build_number: &'static str,
}

/// `{"data": Dataset}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct DatasetEnvelope {
    pub data: Dataset,
}

/// A run's default dataset.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Dataset {
    pub id: String,
    pub name: Option<String>,
    pub user_id: String,
    pub created_at: String,
    pub modified_at: String,
    pub accessed_at: String,
    /// Items readable now.
    pub item_count: usize,
    pub clean_item_count: usize,
    pub act_id: String,
    pub act_run_id: String,
    /// An absolute URL (the Python client requires one): the dataset on this mocklink.
    pub console_url: String,
}

/// `{"data": KeyValueStore}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyValueStoreEnvelope {
    pub data: KeyValueStore,
}

/// A run's default key-value store.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KeyValueStore {
    pub id: String,
    pub name: Option<String>,
    pub user_id: String,
    pub created_at: String,
    pub modified_at: String,
    pub accessed_at: String,
    pub act_id: String,
    pub act_run_id: String,
}

/// `{"data": {items, count, limit, exclusiveStartKey, isTruncated, nextExclusiveStartKey}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeysEnvelope {
    pub data: KeysPage,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KeysPage {
    pub items: Vec<KeyInfo>,
    pub count: usize,
    pub limit: usize,
    pub exclusive_start_key: Option<String>,
    pub is_truncated: bool,
    pub next_exclusive_start_key: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct KeyInfo {
    #[schema(example = "INPUT")]
    pub key: String,
    pub size: usize,
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
