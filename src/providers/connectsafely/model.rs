//! ConnectSafely's wire types: what each route accepts and answers, in the
//! field order of seeds 000, 002 and 003, with their examples. Request types
//! are built by validation (see [`super::zod`]), never deserialized directly,
//! so a wrong type yields Zod's issues rather than a serde message. Their
//! OpenAPI names carry a `Cs` prefix: components are global in the merged
//! document and must not collide with another provider's.

use serde::Serialize;
use utoipa::ToSchema;

// ------------------------------------------------------------------ requests

/// `POST /linkedin/profile`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsProfileRequest)]
pub struct ProfileRequest {
    /// LinkedIn account to use; absent = the key's default account.
    #[serde(default)]
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub account_id: Option<String>,
    /// Public profile id (vanity slug).
    #[schema(example = "john-doe-123", min_length = 1)]
    pub profile_id: String,
    /// Add `profile.geoLocation`.
    #[serde(default)]
    pub include_geo_location: bool,
    /// Add `profile.contactInfo` (1st-degree connections only).
    #[serde(default)]
    pub include_contact: bool,
    /// Add `experience`.
    #[serde(default)]
    pub include_experience: bool,
    /// Add `education`.
    #[serde(default)]
    pub include_education: bool,
    /// Add `skills`.
    #[serde(default)]
    pub include_skills: bool,
    /// Skip the 6 h cache; counts as a fetch.
    #[serde(default)]
    pub force_refresh: bool,
}

/// `POST /linkedin/connect`: `profileId` or `profileUrn` (URN preferred).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsConnectRequest)]
pub struct ConnectRequest {
    #[serde(default)]
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub account_id: Option<String>,
    #[serde(default)]
    #[schema(example = "john-doe-123")]
    pub profile_id: Option<String>,
    /// `urn:li:fsd_profile:ACoAA` followed by 34 of `[A-Za-z0-9_-]`.
    #[serde(default)]
    #[schema(
        example = "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o",
        pattern = "^urn:li:fsd_profile:ACoAA[A-Za-z0-9_-]{34}$"
    )]
    pub profile_urn: Option<String>,
    #[serde(default)]
    #[schema(
        example = "Hi John, I would love to connect with you!",
        max_length = 300
    )]
    pub custom_message: Option<String>,
}

/// `POST /linkedin/profile/visitors`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsVisitorsRequest)]
pub struct VisitorsRequest {
    #[serde(default)]
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub account_id: Option<String>,
    /// One of `past_7_days`, `past_30_days`, `past_90_days` (default),
    /// `past_1_year`, `ALL_TIME`.
    #[serde(default)]
    #[schema(example = "past_90_days")]
    pub time_range: Option<String>,
    /// Page size (default 20).
    #[serde(default)]
    #[schema(minimum = 1, example = 20)]
    pub count: Option<u64>,
    /// Offset (default 0).
    #[serde(default)]
    #[schema(minimum = 0, example = 0)]
    pub start: Option<u64>,
    /// Join pages up to `maxVisitors`.
    #[serde(default)]
    pub fetch_all: Option<bool>,
    /// The total to return; absent = no total cap (SPEC G-2).
    #[serde(default)]
    #[schema(minimum = 1, example = 20)]
    pub max_visitors: Option<u64>,
}

/// `POST /linkedin/endorse-skill`: `skillId` or `random: true`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsEndorseRequest)]
pub struct EndorseRequest {
    #[serde(default)]
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub account_id: Option<String>,
    #[schema(example = "anandi-devi", min_length = 1)]
    pub profile_id: String,
    /// A `skillId` from the profile's `skills`.
    #[serde(default)]
    #[schema(example = "4785146571")]
    pub skill_id: Option<String>,
    /// Endorse a random skill not yet endorsed.
    #[serde(default)]
    pub random: bool,
}

// ------------------------------------------------------------------ profile

/// 200 of `POST /linkedin/profile`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsProfileResponse)]
pub struct ProfileResponse {
    pub success: bool,
    #[schema(example = "anandi-devi")]
    pub profile_id: String,
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub account_id: String,
    /// `{}` when the member does not exist.
    pub profile: ProfileBody,
    /// Only with `includeExperience`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experience: Option<Vec<ExperienceItem>>,
    /// Only with `includeSkills`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<SkillItem>>,
    /// Only with `includeEducation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub education: Option<Vec<EducationItem>>,
    pub cached: bool,
    /// Only when `cached`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "2024-01-15T10:30:00.000Z")]
    pub cached_at: Option<String>,
    #[schema(example = "2024-01-15T16:30:00.000Z")]
    pub expires_at: String,
    #[schema(example = "Profile information retrieved successfully")]
    pub message: String,
}

/// A profile, or `{}` for a member that does not exist.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
#[schema(as = CsProfileBody)]
pub enum ProfileBody {
    Found(Box<Profile>),
    NotFound(Empty),
}

/// `{}`: no properties at all, so the schema cannot also match a profile.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CsEmpty)]
pub struct Empty {}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsProfile)]
pub struct Profile {
    #[schema(example = "Anandi")]
    pub first_name: String,
    #[schema(example = "Devi")]
    pub last_name: String,
    #[schema(example = "Go-To-Market (GTM) Engineer @ ConnectSafely | MBA")]
    pub headline: String,
    pub location: ProfileLocation,
    #[schema(example = "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o")]
    pub entity_urn: String,
    #[schema(example = "anandi-devi")]
    pub public_identifier: String,
    pub profile_picture: String,
    pub is_premium: bool,
    pub is_verified: bool,
    pub supports_free_email: bool,
    #[schema(example = 958)]
    pub connection_count: u32,
    #[schema(example = 1243)]
    pub follower_count: u32,
    pub is_connected: bool,
    /// `DISTANCE_1`, `DISTANCE_2` or `DISTANCE_3`.
    #[schema(example = "DISTANCE_1")]
    pub connection_degree: String,
    /// True once this account sent a connection request (CS-P5).
    pub invitation_sent: bool,
    pub invitation_received: bool,
    /// Only with `includeGeoLocation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geo_location: Option<GeoLocation>,
    /// Only with `includeContact`, and only for 1st-degree connections.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_info: Option<ContactInfo>,
    /// The "About" text (the agent examples read `profile.summary`).
    pub summary: String,
    /// Only with `includeExperience`: the same list as the top-level
    /// `experience`, where the cookbook's prospect researcher reads it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experience: Option<Vec<ExperienceItem>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsProfileLocation)]
pub struct ProfileLocation {
    /// ISO 3166-1 alpha-2, lower case.
    #[schema(example = "in")]
    pub country_code: String,
    #[schema(required = true)]
    pub postal_code: Option<String>,
    #[schema(required = true)]
    pub geo_location_name: Option<String>,
    /// "Delhi, India": what the cookbook's prospect researcher prints.
    #[schema(example = "Delhi, India")]
    pub name: String,
    #[schema(example = "Delhi")]
    pub city: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsGeoLocation)]
pub struct GeoLocation {
    #[schema(example = "Delhi")]
    pub city: String,
    #[schema(required = true)]
    pub state: Option<String>,
    #[schema(example = "India")]
    pub country: String,
    #[schema(example = "Delhi, India")]
    pub full_location: String,
    #[schema(required = true)]
    pub birth_date: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CsContactInfo)]
pub struct ContactInfo {
    #[schema(required = true)]
    pub email: Option<String>,
    #[schema(required = true)]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsExperienceItem)]
pub struct ExperienceItem {
    pub title: String,
    pub company_name: String,
    /// The same as `companyName` (the agent examples read `company`).
    pub company: String,
    /// "Apr 2021 - Present": what the agent examples read as `duration`.
    #[schema(example = "Apr 2021 - Present")]
    pub duration: String,
    pub location: String,
    pub description: String,
    pub start_date: YearMonth,
    /// null for the current position.
    #[schema(required = true)]
    pub end_date: Option<YearMonth>,
    pub is_current: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CsYearMonth)]
pub struct YearMonth {
    #[schema(example = 2021)]
    pub year: i32,
    #[schema(example = 4)]
    pub month: u32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsEducationItem)]
pub struct EducationItem {
    pub school_name: String,
    pub degree_name: String,
    pub field_of_study: String,
    pub start_year: i32,
    pub end_year: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsSkillItem)]
pub struct SkillItem {
    #[schema(example = "4785146571")]
    pub skill_id: String,
    #[schema(example = "Go-To-Market Strategy")]
    pub name: String,
    /// +1 once this account endorsed it (CS-P5).
    pub endorsement_count: u32,
    pub is_endorsed: bool,
}

// ------------------------------------------------------------------ connect

/// 200 of `POST /linkedin/connect`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsConnectResponse)]
pub struct ConnectResponse {
    pub success: bool,
    #[schema(example = "Connection request sent successfully")]
    pub message: String,
    #[schema(example = "urn:li:fsd_profile:ACoAAA24A-MBVEvT49xpVF2gnWrhvmUIPDJshSM")]
    pub profile_urn: String,
}

// ------------------------------------------------------------------ visitors

/// 200 of `POST /linkedin/profile/visitors`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsVisitorsResponse)]
pub struct VisitorsResponse {
    pub success: bool,
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub account_id: String,
    pub visitors: Vec<Visitor>,
    pub pagination: Pagination,
    /// Visitors remain past this answer.
    pub has_more: bool,
    /// The request's `timeRange`, or null.
    #[schema(required = true)]
    pub time_range: Option<String>,
    pub filters: VisitorFilters,
}

/// A visitor; anonymous ones have no `publicIdentifier`, `entityUrn` or
/// `profileUrl`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsVisitor)]
pub struct Visitor {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "urn:li:fsd_profile:ACoAADlVtYMBLWFFOJ1ezKvVfycTiiAjoFmMK68")]
    pub entity_urn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "ritika-kulkarni-85718922a")]
    pub public_identifier: Option<String>,
    #[schema(example = "Ritika Kulkarni")]
    pub name: String,
    #[schema(example = "Full Stack Developer | Agentic AI | Python | Gen AI")]
    pub headline: String,
    #[schema(required = true)]
    pub profile_picture: Option<String>,
    #[schema(example = "Viewed 47m ago")]
    pub viewed_at: String,
    /// `1st`, `2nd` or `3rd`; null for anonymous visitors.
    #[schema(example = "1st")]
    #[schema(required = true)]
    pub connection_degree: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "https://www.linkedin.com/in/ritika-kulkarni-85718922a")]
    pub profile_url: Option<String>,
    /// The same URL as `profileUrl` (the cookbook's workflows read this
    /// one, SPEC G-2); null for anonymous visitors.
    #[schema(
        example = "https://www.linkedin.com/in/ritika-kulkarni-85718922a",
        required = true
    )]
    pub navigation_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CsPagination)]
pub struct Pagination {
    pub start: u64,
    /// Visitors in this answer.
    pub count: u64,
    /// Visitors in the time range.
    pub total: u64,
}

/// The values applied, defaults filled in.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsVisitorFilters)]
pub struct VisitorFilters {
    #[schema(example = "past_90_days")]
    pub time_range: String,
    #[schema(example = 20)]
    pub count: u64,
    pub start: u64,
    pub fetch_all: bool,
    /// null when the request set no cap.
    #[schema(example = 20, required = true)]
    pub max_visitors: Option<u64>,
}

// ------------------------------------------------------------------ endorse

/// 200 of `POST /linkedin/endorse-skill`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsEndorseResponse)]
pub struct EndorseResponse {
    pub success: bool,
    #[schema(example = "anandi-devi")]
    pub profile_id: String,
    #[schema(example = "512345678")]
    pub member_id: String,
    #[schema(example = "4785146571")]
    pub skill_id: String,
    /// Only when the skill was picked at random.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skill_name: Option<String>,
    pub random: bool,
    #[schema(example = "Successfully endorsed skill: Go-To-Market Strategy")]
    pub message: String,
}

// ------------------------------------------------------------------ errors

/// 401, and 403 for visitors.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CsMessage {
    #[schema(example = "Unauthorized - Invalid credentials")]
    pub error: String,
    /// The same text: the provider's own clients read `message` (decision).
    #[schema(example = "Unauthorized - Invalid credentials")]
    pub message: String,
}

/// Every other error with a text: `{"success": false, "error": "…"}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CsFailure {
    pub success: bool,
    #[schema(example = "LinkedIn account not found: acc_12345")]
    pub error: String,
    /// The same text: the provider's own clients read `message` (decision).
    #[schema(example = "LinkedIn account not found: acc_12345")]
    pub message: String,
}

/// The same, error first, as the 429, the connect 400s and the profile 404
/// are documented: `{"error": "…", "success": false}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CsRefusal {
    #[schema(example = "Either profileId or profileUrn must be provided")]
    pub error: String,
    pub success: bool,
    /// The same text: the provider's own clients read `message` (decision).
    #[schema(example = "Either profileId or profileUrn must be provided")]
    pub message: String,
}

/// A validation failure as Zod 3 reports it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CsZodError {
    pub success: bool,
    pub error: ZodErrorBody,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CsZodErrorBody)]
pub struct ZodErrorBody {
    /// Every issue, each as Zod writes it (`code`, `path`, `message`, and
    /// the code's own fields).
    #[schema(value_type = Vec<Object>)]
    pub issues: Vec<serde_json::Value>,
    #[schema(example = "ZodError")]
    pub name: String,
}

/// 400: Zod's issues, or a rule's text. (`CsRefusal` bodies are the same
/// JSON shape as `CsFailure`, only written error-first, so the schema lists
/// the shape once: a `oneOf` over two identical shapes matches neither.)
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum CsBadRequest {
    Zod(CsZodError),
    Failure(CsFailure),
}

/// 429 of `/connect`: the account is on hold.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsConnectHeld)]
pub struct ConnectHeld {
    pub error: String,
    pub success: bool,
    #[schema(example = "2024-01-16T10:30:00.000Z")]
    pub hold_until: String,
    #[schema(example = "2024-01-22T00:00:00.000Z")]
    pub weekly_reset: String,
    /// The same text as `error` (decision: clients read `message`).
    pub message: String,
}
