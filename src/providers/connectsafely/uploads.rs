//! `/posts/upload/init`, `/posts/upload/complete` and
//! `GET /posts/upload/document-status` (catalog §3.E): ConnectSafely hands
//! out an asset and LinkedIn upload URL(s); the bytes go straight to
//! LinkedIn, so mocklink never receives them (decision: the URLs are
//! LinkedIn-shaped and nothing is fetched or stored). The uploads
//! themselves are the shared LinkedIn model's (per account, in the world):
//! a MULTIPART video becomes usable once completed, a document once the
//! model's processing time has passed on the virtual clock; `/posts/create`
//! takes assets that are ready (see `posts`).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Data, Query};
use actix_web::{get, post, HttpRequest, HttpResponse};
use serde::Serialize;
use serde_json::{json, Map, Value};
use utoipa::ToSchema;

use chrono::{DateTime, Utc};

use super::content::{MediaKind, PART_SIZE};
use super::error::CsError;
use super::model::{CsFailure, CsMessage, CsZodError};
use super::routes::{account, acting, authenticate, select, upstream, Acting, TAG};
use super::steps::reply;
use super::zod::Checker;
use crate::state::{AppState, World};

/// Largest upload accepted (LinkedIn's 5 GB video ceiling); bounds the part list.
pub const MAX_FILE_SIZE: u64 = 5 * 1024 * 1024 * 1024;
/// Largest document (LinkedIn's 100 MB).
pub const MAX_DOCUMENT_SIZE: u64 = 100 * 1024 * 1024;

const MEDIA_TYPES: [&str; 4] = ["image", "video", "document", "default"];

// ------------------------------------------------------------------ wire types

/// `POST /linkedin/posts/upload/init`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsUploadInitRequest)]
pub struct UploadInitRequest {
    #[serde(default)]
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub account_id: Option<String>,
    /// `image`, `video`, `document`, or `default` (read as `image`).
    #[schema(example = "image")]
    pub media_type: String,
    /// Bytes; at most 5 GiB (documents 100 MiB).
    #[schema(example = 245_760, minimum = 1, maximum = 5_368_709_120_u64)]
    pub file_size: u64,
    #[schema(example = "launch.png", min_length = 1)]
    pub filename: String,
}

/// 200 of `/posts/upload/init`: `uploadUrl` + `uploadHeaders` for a SINGLE
/// upload, `mediaArtifactUrn` + `partUploadRequests` + `multipartMetadata`
/// for a MULTIPART one (videos over 4 MiB).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsUploadInitResponse)]
pub struct UploadInitResponse {
    pub success: bool,
    /// `SINGLE` or `MULTIPART`.
    #[schema(example = "SINGLE")]
    pub upload_type: String,
    #[schema(example = "image")]
    pub media_type: String,
    #[schema(example = "urn:li:digitalmediaAsset:D4E10AQHx1t2Vb9kQ3w")]
    pub asset_urn: String,
    pub recipes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upload_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub upload_headers: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_artifact_urn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_upload_requests: Option<Vec<PartUploadRequest>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multipart_metadata: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsPartUploadRequest)]
pub struct PartUploadRequest {
    pub url: String,
    pub byte_range: ByteRange,
    #[schema(value_type = Object)]
    pub headers: Value,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsByteRange)]
pub struct ByteRange {
    pub first_byte: u64,
    pub last_byte: u64,
}

/// `POST /linkedin/posts/upload/complete`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsUploadCompleteRequest)]
pub struct UploadCompleteRequest {
    #[serde(default)]
    pub account_id: Option<String>,
    pub media_artifact_urn: String,
    #[serde(default)]
    pub multipart_metadata: Option<String>,
    /// One per part, in order.
    pub part_upload_responses: Vec<PartUploadResponse>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsPartUploadResponse)]
pub struct PartUploadResponse {
    #[schema(example = 200)]
    pub http_status_code: u64,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub headers: Option<Value>,
}

/// 400 of the upload routes: Zod's issues, or a rule's text in the E1
/// shape these pages document.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
#[schema(as = CsUploadBadRequest)]
#[allow(dead_code)] // the schema only: bodies are written by `CsError`
pub enum UploadBadRequest {
    Zod(CsZodError),
    Bare(CsMessage),
}

/// `{"success": true}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CsSuccess)]
pub struct Success {
    pub success: bool,
}

/// 200 of `GET /posts/upload/document-status`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsDocumentStatus)]
pub struct DocumentStatus {
    pub success: bool,
    #[schema(example = "urn:li:digitalmediaAsset:D4E10AQHx1t2Vb9kQ3w")]
    pub asset_urn: String,
    /// `PROCESSING`, then `READY`.
    #[schema(example = "READY")]
    pub status: String,
    pub ready: bool,
}

// ------------------------------------------------------------------ parsing

struct Init {
    account_id: Option<String>,
    kind: MediaKind,
    media_type: String,
    file_size: u64,
    filename: String,
}

fn parse_init(body: &Value) -> Result<Init, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let media_type = c.enumeration_of("mediaType", true, &MEDIA_TYPES);
    let file_size = c.integer_in("fileSize", true, 1, MAX_FILE_SIZE);
    let filename = c.string("filename", true);
    if let Some(f) = filename {
        c.min_len("filename", f, 1);
    }
    c.finish()?;
    let media_type = media_type.unwrap_or("image");
    let kind = match media_type {
        "video" => MediaKind::Video,
        "document" => MediaKind::Document,
        _ => MediaKind::Image,
    };
    let file_size = file_size.unwrap_or(1);
    if kind == MediaKind::Document && file_size > MAX_DOCUMENT_SIZE {
        return Err(CsError::bare(
            StatusCode::BAD_REQUEST,
            format!("Documents may be at most {MAX_DOCUMENT_SIZE} bytes"),
        ));
    }
    Ok(Init {
        account_id: account_id.map(str::to_string),
        kind,
        media_type: media_type.to_string(),
        file_size,
        filename: filename.unwrap_or_default().to_string(),
    })
}

struct Complete {
    account_id: Option<String>,
    artifact: String,
    statuses: Vec<u64>,
}

fn parse_complete(body: &Value) -> Result<Complete, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let artifact = c.string("mediaArtifactUrn", true);
    c.string("multipartMetadata", false);
    let parts = c.array("partUploadResponses", true);
    let mut statuses = Vec::new();
    for (i, item) in parts.into_iter().flatten().enumerate() {
        let status = c.item("partUploadResponses", i, item, |p| {
            let s = p.integer_in("httpStatusCode", true, 100, 599);
            p.any_object("headers", false);
            s
        });
        statuses.push(status.flatten().unwrap_or(0));
    }
    c.finish()?;
    Ok(Complete {
        account_id: account_id.map(str::to_string),
        artifact: artifact.unwrap_or_default().to_string(),
        statuses,
    })
}

// ------------------------------------------------------------------ handlers

/// Parts of a MULTIPART upload (videos over one part), or 0 for SINGLE.
fn parts_of(media_type: &str, size: u64) -> u64 {
    if media_type == "video" && size > PART_SIZE {
        size.div_ceil(PART_SIZE)
    } else {
        0
    }
}

/// `urn:li:digitalmediaMediaArtifact:(<asset>,…uploadedVideo)`: what
/// `/upload/complete` takes back.
fn artifact_urn(asset: &str) -> String {
    format!("urn:li:digitalmediaMediaArtifact:({asset},urn:li:digitalmediaMediaArtifactClass:uploadedVideo)")
}

/// The asset URN inside an artifact URN, or the text itself.
fn asset_of(urn: &str) -> &str {
    urn.strip_prefix("urn:li:digitalmediaMediaArtifact:(")
        .and_then(|r| r.split(',').next())
        .unwrap_or(urn)
}

/// `/posts/create`'s check of one asset: the account's, of the post's
/// kind, and ready (E3 bodies, mocklink's wording).
pub fn check_asset(
    world: &World,
    account: &str,
    urn: &str,
    kind: MediaKind,
    now: DateTime<Utc>,
) -> Result<(), CsError> {
    let u = world
        .linkedin
        .upload(account, urn)
        .ok_or_else(|| CsError::failed(StatusCode::NOT_FOUND, format!("Asset not found: {urn}")))?;
    let bad = |m: String| CsError::failed(StatusCode::BAD_REQUEST, m);
    if u.media_type != kind.name() {
        return Err(bad(format!(
            "Asset {urn} was uploaded as {}, not {}",
            u.media_type,
            kind.name()
        )));
    }
    if u.multipart && !u.completed {
        return Err(bad(format!("Upload not completed: {urn}")));
    }
    if !u.ready(now) {
        return Err(bad(format!("Document is still processing: {urn}")));
    }
    Ok(())
}

/// Reserve an upload.
///
/// Images, documents and videos up to 4 MiB get one `uploadUrl` (SINGLE);
/// larger videos get 4 MiB parts (MULTIPART) to finish with
/// `/posts/upload/complete`. The URLs are LinkedIn's: mocklink never
/// receives the bytes.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = UploadInitRequest, example = json!({"mediaType": "image", "fileSize": 245760, "filename": "launch.png"})),
    responses(
        (status = 200, description = "Upload initialized", body = UploadInitResponse,
            example = json!({
                "success": true, "uploadType": "SINGLE", "mediaType": "image",
                "assetUrn": "urn:li:digitalmediaAsset:D4E10AQHx1t2Vb9kQ3w",
                "recipes": ["urn:li:digitalmediaRecipe:feedshare-image"],
                "uploadUrl": "https://www.linkedin.com/dms-uploads/sp/v2/D4E10AQHx1t2Vb9kQ3w/uploaded-image/0",
                "uploadHeaders": {"media-type-family": "STILLIMAGE"}
            })),
        (status = 400, description = "Validation failed or file too large", body = UploadBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "number", "received": "undefined", "path": ["fileSize"], "message": "Required"}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "The key owns no such LinkedIn account", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn account not found: acc_12345"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to initialize upload"})),
    )
)]
#[post("/linkedin/posts/upload/init")]
pub async fn upload_init(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    reply(init(&world, &req, &body).await)
}

async fn init(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let Acting {
        input: r, chosen, ..
    } = acting(world, req, body, parse_init, |r| r.account_id.clone())?;
    upstream(world, req, "Failed to initialize upload").await?;
    let parts = parts_of(r.kind.name(), r.file_size);
    let upload = world
        .linkedin
        .create_upload(
            &chosen.id.0,
            r.kind.name(),
            &r.filename,
            r.file_size,
            parts > 0,
            world.now(),
        )
        .map_err(|e| CsError::bare(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let urn = upload.asset_urn.clone();
    let id = urn.rsplit(':').next().unwrap_or_default().to_string();
    let artifact = artifact_urn(&urn);
    let family = match r.kind {
        MediaKind::Image => "STILLIMAGE",
        MediaKind::Video => "VIDEO",
        MediaKind::Document => "DOCUMENT",
    };
    let base = format!(
        "https://www.linkedin.com/dms-uploads/sp/v2/{id}/uploaded-{}",
        r.kind.name()
    );
    let mut out = UploadInitResponse {
        success: true,
        upload_type: if parts > 0 { "MULTIPART" } else { "SINGLE" }.into(),
        media_type: r.media_type,
        asset_urn: urn,
        recipes: vec![r.kind.recipe().to_string()],
        upload_url: None,
        upload_headers: None,
        media_artifact_urn: None,
        part_upload_requests: None,
        multipart_metadata: None,
    };
    if parts == 0 {
        out.upload_url = Some(format!("{base}/0"));
        out.upload_headers = Some(json!({ "media-type-family": family }));
    } else {
        out.media_artifact_urn = Some(artifact);
        out.part_upload_requests = Some(
            (0..parts)
                .map(|i| PartUploadRequest {
                    url: format!("{base}/{i}?part={}", i + 1),
                    byte_range: ByteRange {
                        first_byte: i * PART_SIZE,
                        last_byte: ((i + 1) * PART_SIZE).min(r.file_size) - 1,
                    },
                    headers: Value::Object(Map::new()),
                })
                .collect(),
        );
        out.multipart_metadata = Some(format!("{id}:{parts}"));
    }
    Ok(HttpResponse::Ok().json(out))
}

/// Finish a multipart (large video) upload.
///
/// Give one `partUploadResponses` entry per part handed out, each with the
/// status LinkedIn answered; any non-2xx part fails the upload.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = UploadCompleteRequest, example = json!({
        "mediaArtifactUrn": "urn:li:digitalmediaMediaArtifact:(urn:li:digitalmediaAsset:D4E10AQHx1t2Vb9kQ3w,urn:li:digitalmediaMediaArtifactClass:uploadedVideo)",
        "multipartMetadata": "D4E10AQHx1t2Vb9kQ3w:2",
        "partUploadResponses": [{"httpStatusCode": 200, "headers": {"ETag": "a"}}, {"httpStatusCode": 200, "headers": {"ETag": "b"}}]
    })),
    responses(
        (status = 200, description = "Upload completed", body = Success, example = json!({"success": true})),
        (status = 400, description = "Validation failed, or parts missing or failed", body = UploadBadRequest,
            examples(
                ("zod" = (summary = "Validation failed", value = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "string", "received": "undefined", "path": ["mediaArtifactUrn"], "message": "Required"}], "name": "ZodError"}}))),
                ("parts" = (summary = "Wrong number of parts", value = json!({"error": "Expected 2 part upload responses, received 1"}))),
            )),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such upload for this account (or no such account)", body = CsMessage,
            example = json!({"error": "Upload not found: urn:li:digitalmediaMediaArtifact:(urn:li:digitalmediaAsset:D4E10AQnope,urn:li:digitalmediaMediaArtifactClass:uploadedVideo)"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to complete upload"})),
    )
)]
#[post("/linkedin/posts/upload/complete")]
pub async fn upload_complete(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    reply(complete(&world, &req, &body).await)
}

async fn complete(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let Acting {
        input: r, chosen, ..
    } = acting(world, req, body, parse_complete, |r| r.account_id.clone())?;
    let account_id = chosen.id.0.as_str();
    let asset = asset_of(&r.artifact);
    let not_found = || {
        CsError::bare(
            StatusCode::NOT_FOUND,
            format!("Upload not found: {}", r.artifact),
        )
    };
    let u = world
        .linkedin
        .upload(account_id, asset)
        .ok_or_else(not_found)?;
    let parts = parts_of(&u.media_type, u.size);
    if !u.multipart || parts == 0 {
        return Err(CsError::bare(
            StatusCode::BAD_REQUEST,
            format!("Upload is not a multipart upload: {}", r.artifact),
        ));
    }
    if r.statuses.len() as u64 != parts {
        return Err(CsError::bare(
            StatusCode::BAD_REQUEST,
            format!(
                "Expected {parts} part upload responses, received {}",
                r.statuses.len()
            ),
        ));
    }
    if let Some(i) = r.statuses.iter().position(|s| !(200..300).contains(s)) {
        return Err(CsError::bare(
            StatusCode::BAD_REQUEST,
            format!(
                "Part {} was not uploaded (httpStatusCode {})",
                i + 1,
                r.statuses[i]
            ),
        ));
    }
    upstream(world, req, "Failed to complete upload").await?;
    world
        .linkedin
        .complete_upload(account_id, asset)
        .map_err(|_| not_found())?;
    Ok(HttpResponse::Ok().json(Success { success: true }))
}

/// Poll a document until LinkedIn has processed it.
///
/// `PROCESSING` until the processing time (a minute) has passed on the
/// virtual clock, then `READY` (`ready: true`). Images and videos answer
/// `READY` once uploaded (a MULTIPART video once completed).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(
        ("assetUrn" = String, Query, description = "From /posts/upload/init", example = "urn:li:digitalmediaAsset:D4E10AQHx1t2Vb9kQ3w"),
        ("accountId" = Option<String>, Query, description = "LinkedIn account; absent = the key's default"),
    ),
    responses(
        (status = 200, description = "Processing state", body = DocumentStatus,
            example = json!({"success": true, "assetUrn": "urn:li:digitalmediaAsset:D4E10AQHx1t2Vb9kQ3w", "status": "READY", "ready": true})),
        (status = 400, description = "assetUrn missing", body = CsMessage,
            example = json!({"error": "assetUrn is required"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such asset for this account (or no such account)", body = CsMessage,
            example = json!({"error": "Asset not found: urn:li:digitalmediaAsset:D4E10AQnope"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to get document status"})),
    )
)]
#[get("/linkedin/posts/upload/document-status")]
pub async fn document_status(req: HttpRequest, state: Data<AppState>) -> HttpResponse {
    let world = state.world();
    reply(status(&world, &req).await)
}

async fn status(world: &World, req: &HttpRequest) -> Result<HttpResponse, CsError> {
    let key = authenticate(world, req)?;
    let q = Query::<HashMap<String, String>>::from_query(req.query_string())
        .map(Query::into_inner)
        .unwrap_or_default();
    let urn = q
        .get("assetUrn")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| CsError::bare(StatusCode::BAD_REQUEST, "assetUrn is required"))?;
    let chosen = select(key, q.get("accountId").map(String::as_str))?;
    account(world, chosen)?;
    upstream(world, req, "Failed to get document status").await?;
    let ready = world
        .linkedin
        .upload(&chosen.id.0, asset_of(urn))
        .map(|u| u.ready(world.now()))
        .ok_or_else(|| CsError::bare(StatusCode::NOT_FOUND, format!("Asset not found: {urn}")))?;
    Ok(HttpResponse::Ok().json(DocumentStatus {
        success: true,
        asset_urn: urn.clone(),
        status: if ready { "READY" } else { "PROCESSING" }.into(),
        ready,
    }))
}
