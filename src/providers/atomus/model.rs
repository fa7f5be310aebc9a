//! Atomus wire types (seed 001), with the seed's examples.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /v1/linkedin-profile-enrichment/enrich` body. Unknown fields are
/// ignored. Only documents the body: the handler reads it by hand to tell a
/// missing `url` (400) from a malformed one (422).
#[allow(dead_code)]
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({ "url": "https://www.linkedin.com/in/example-1" }))]
pub struct EnrichRequest {
    /// A single LinkedIn profile URL (`https://www.linkedin.com/in/<handle>/`).
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Success,
    NotFound,
    Error,
}

/// One enrichment: `profile` only on `success`, `code`/`message` only on
/// `error`. The Apify actor's dataset items have the same shape.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnrichData {
    /// Echoes the input URL.
    pub url: String,
    pub status: ItemStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Profile>)]
    pub profile: Option<RenderedProfile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "profile_unavailable")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A [`Profile`] serialized once and written as is: rendering is a pure
/// function of the member, and building and serializing its forty-odd
/// strings was a quarter of an enrichment.
#[derive(Debug, Clone)]
pub struct RenderedProfile(pub std::sync::Arc<serde_json::value::RawValue>);

impl RenderedProfile {
    pub fn of(profile: &Profile) -> RenderedProfile {
        // A struct of strings, numbers and options always serializes (the
        // default, `null`, is never reached).
        RenderedProfile(
            serde_json::value::to_raw_value(profile)
                .unwrap_or_default()
                .into(),
        )
    }
}

impl Serialize for RenderedProfile {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// Every key is always present; null where unknown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Profile {
    #[schema(example = "Anandi Devi")]
    pub full_name: Option<String>,
    #[schema(example = "Go-To-Market (GTM) Engineer")]
    pub title: Option<String>,
    #[schema(example = "Go-To-Market (GTM) Engineer @ ConnectSafely | MBA")]
    pub headline: Option<String>,
    pub summary: Option<String>,
    pub company: Company,
    pub location: ProfileLocation,
    pub skills: Vec<String>,
    /// Opaque upstream shape.
    #[schema(value_type = Vec<Object>)]
    pub educations: Vec<EducationItem>,
    /// Work history grouped by company; opaque upstream shape.
    #[schema(value_type = Vec<Object>)]
    pub position_groups: Vec<PositionGroup>,
}

// The upstream scraper's education and work-history items. The spec keeps
// them opaque (`Object`), as Atomus documents them; typed here so a profile
// serializes without building a JSON tree first.

#[derive(Debug, Clone, Serialize)]
pub struct EducationItem {
    pub school: Named,
    pub degree_name: String,
    pub field_of_study: String,
    pub start: Year,
    pub end: Year,
}

#[derive(Debug, Clone, Serialize)]
pub struct PositionGroup {
    pub company: Named,
    pub positions: Vec<PositionItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PositionItem {
    pub title: String,
    pub location: String,
    pub description: String,
    pub start: YearMonth,
    /// Null while the position is current.
    pub end: Option<YearMonth>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Year {
    pub year: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearMonth {
    pub year: i32,
    pub month: Option<u32>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Company {
    #[schema(example = "ConnectSafely")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProfileLocation {
    /// ISO 3166-1 alpha-2.
    #[schema(example = "IN")]
    pub country: Option<String>,
    pub state: Option<String>,
    #[schema(example = "Delhi")]
    pub city: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Meta {
    /// `req_` + a 26-character ULID.
    #[schema(example = "req_01HMBZ3Q8W5T4YV2N6K7P9R0SX")]
    pub request_id: String,
    #[schema(example = "linkedin-profile-enrichment")]
    pub api: &'static str,
    #[schema(example = "v1")]
    pub version: &'static str,
    /// `live` or `test`.
    #[schema(example = "live")]
    pub mode: &'static str,
    #[schema(example = 1)]
    pub credits_used: u64,
    #[schema(example = 999)]
    pub credits_remaining: u64,
    #[schema(example = 742)]
    pub duration_ms: u64,
}

/// 200 answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "data": {
        "url": "https://www.linkedin.com/in/example-1",
        "status": "success",
        "profile": {
            "full_name": "Jane Example", "title": "Head of Growth",
            "headline": "Head of Growth @ Example Inc", "summary": "Builds things.",
            "company": { "name": "Example Inc" },
            "location": { "country": "US", "state": "California", "city": "San Francisco" },
            "skills": ["Growth", "SQL"], "educations": [], "position_groups": []
        }
    },
    "meta": {
        "request_id": "req_01HMBZ3Q8W5T4YV2N6K7P9R0SX", "api": "linkedin-profile-enrichment",
        "version": "v1", "mode": "live", "credits_used": 1, "credits_remaining": 999,
        "duration_ms": 742
    }
}))]
pub struct EnrichResponse {
    pub data: EnrichData,
    pub meta: Meta,
}

/// Every Atomus error.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({ "error": {
    "code": "rate_limit_exceeded", "message": "Human-readable explanation.",
    "retryable": true, "request_id": "req_01HMBZ3Q8W5T4YV2N6K7P9R0SX" } }))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorDetail {
    #[schema(example = "rate_limit_exceeded")]
    pub code: String,
    pub message: String,
    pub retryable: bool,
    #[schema(example = "req_01HMBZ3Q8W5T4YV2N6K7P9R0SX")]
    pub request_id: String,
}

/// `GET /__admin/atomus/tenants`.
#[derive(Debug, Serialize, ToSchema)]
pub struct TenantList {
    pub tenants: Vec<TenantView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TenantView {
    #[schema(example = "demo")]
    pub id: String,
    /// Balance now.
    #[schema(example = 1000)]
    pub credits: u64,
    /// `test` when every key is a test key (never charged), else `live`.
    #[schema(example = "live")]
    pub mode: &'static str,
    /// Keys, masked to their last 4 characters.
    pub keys: Vec<String>,
}
