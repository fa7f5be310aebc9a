//! Scenario files (SPEC C-3, C-12): the one document that sets up a mocklink run.
//!
//! This module owns the schema and its defaults. Loading lives in [`load`]
//! (overlays on a bundled scenario, checks, positions in errors), the numeric
//! ranges in [`bounds`] and the shipped scenarios in [`bundled`]. Values with a
//! shape of their own are checked while they are read (newtypes with their own
//! `Deserialize`), so a malformed account id is refused where it stands. It
//! does not own any runtime state built from a scenario.

pub mod bounds;
mod bundled;
pub mod load;

use std::fmt;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{de, Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// The default scenario (SPEC §5), compiled into the binary.
pub const DEFAULT_SCENARIO: &str = include_str!("../scenarios/default.json");

pub use load::MAX_DOCUMENT_BYTES;

/// A whole scenario. Every section is optional; what is left out takes the
/// documented default, and unknown fields are errors so that a typo never
/// silently falls back to a default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Scenario {
    /// The bundled scenario a document overlays: its name (`"default"` when
    /// left out), or null for none. Objects merge key by key; arrays and
    /// other values replace. A loaded scenario has its base applied, so it
    /// always shows null here.
    #[serde(default)]
    #[schema(example = "tight-limits")]
    pub extends: Option<String>,
    /// Seed for every generated person, id and random choice.
    #[serde(default = "defaults::seed")]
    pub seed: u64,
    #[serde(default)]
    pub clock: ClockConfig,
    #[serde(default)]
    pub journal: JournalConfig,
    #[serde(default)]
    pub people: PeopleConfig,
    /// Added delay per provider (SPEC C-9).
    #[serde(default)]
    pub latency: LatencyConfig,
    /// Fault rules that hold for the whole run (SPEC C-8, AT-6).
    #[serde(default)]
    pub faults: Vec<FaultRule>,
    #[serde(default)]
    pub connectsafely: ConnectSafelyConfig,
    #[serde(default)]
    pub atomus: AtomusConfig,
    #[serde(default)]
    pub apify: ApifyConfig,
    #[serde(default)]
    pub outx: OutxConfig,
    /// Sessions: idle expiry and the cap (SPEC C-11).
    #[serde(default)]
    pub sessions: crate::sessions::SessionsConfig,
    /// Sizes of the generated LinkedIn every provider shares (SPEC G-3).
    #[serde(default)]
    pub linkedin: crate::linkedin::LinkedInConfig,
}

mod defaults {
    pub fn seed() -> u64 {
        42
    }
    pub fn journal_max() -> usize {
        1000
    }
    pub fn yes() -> bool {
        true
    }
    pub fn profiles_per_day() -> u32 {
        120
    }
    pub fn connects_per_week() -> u32 {
        90
    }
    pub fn hold_hours() -> super::NonNegative {
        super::NonNegative(24.0)
    }
    pub fn cache_hours() -> super::NonNegative {
        super::NonNegative(6.0)
    }
    pub fn messages_per_day() -> u32 {
        100
    }
    pub fn messaging_per_day() -> u32 {
        150
    }
    pub fn follows_per_day() -> u32 {
        100
    }
    pub fn comments_per_day() -> u32 {
        100
    }
    pub fn group_members_per_day() -> u32 {
        1000
    }
    pub fn visitors() -> u32 {
        37
    }
    pub fn anonymous_visitors() -> u32 {
        4
    }
    pub fn per_second() -> u32 {
        4
    }
    pub fn idempotency_hours() -> super::NonNegative {
        super::NonNegative(24.0)
    }
    pub fn timeout_delay_ms() -> super::Millis {
        super::Millis(0)
    }
    pub fn start_delay() -> super::NonNegative {
        super::NonNegative(2.0)
    }
    pub fn per_url() -> super::NonNegative {
        super::NonNegative(0.5)
    }
    pub fn sync_timeout() -> super::NonNegative {
        super::NonNegative(300.0)
    }
    pub fn retention_hours() -> super::NonNegative {
        super::NonNegative(24.0)
    }
    pub fn pending() -> super::NonNegative {
        super::NonNegative(6.0)
    }
    pub fn processing() -> super::NonNegative {
        super::NonNegative(4.0)
    }
    pub fn not_found() -> String {
        "notfound-*".into()
    }
    pub fn unavailable() -> String {
        "unavailable-*".into()
    }
    pub fn connected() -> String {
        "connected-*".into()
    }
    pub fn max_runs() -> usize {
        1000
    }
    pub fn max_tasks() -> usize {
        100_000
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClockConfig {
    /// Virtual time at start and after every reset (RFC 3339, 1970 to 9999);
    /// absent = the real time then.
    #[serde(default, deserialize_with = "crate::clock::rfc3339::optional")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub start: Option<DateTime<Utc>>,
    /// Start with the clock standing still.
    #[serde(default)]
    pub frozen: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct JournalConfig {
    /// Requests kept in the journal; older ones are dropped first.
    #[serde(default = "defaults::journal_max")]
    pub max_entries: usize,
    /// Bytes the journal may hold (default 64 MiB; 1 MiB to 1 GiB); the
    /// oldest entries go first (SPEC C-12).
    #[serde(default)]
    pub max_bytes: crate::journal::JournalBytes,
}

impl Default for JournalConfig {
    fn default() -> Self {
        JournalConfig {
            max_entries: defaults::journal_max(),
            max_bytes: crate::journal::JournalBytes::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PeopleConfig {
    /// People whose fields are fixed instead of generated.
    #[serde(default)]
    pub pinned: Vec<PinnedPerson>,
    #[serde(default)]
    pub magic_handles: MagicHandles,
}

/// A person with some fields fixed; every field left out is generated from
/// (seed, handle) as for anyone else.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PinnedPerson {
    #[schema(value_type = String)]
    pub handle: Handle,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub headline: Option<String>,
    /// Current job title.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    /// ISO 3166-1 alpha-2, any case.
    #[serde(default)]
    pub country_code: Option<String>,
    /// `urn:li:fsd_profile:ACoAA…` (39 characters after the last colon).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub entity_urn: Option<ProfileUrn>,
    #[serde(default)]
    pub profile_picture: Option<String>,
    #[serde(default)]
    pub is_premium: Option<bool>,
    #[serde(default)]
    pub is_verified: Option<bool>,
    #[serde(default)]
    pub connection_count: Option<u32>,
    #[serde(default)]
    pub follower_count: Option<u32>,
    /// A 1st-degree connection of every account.
    #[serde(default)]
    pub connected: Option<bool>,
    #[serde(default)]
    pub skills: Option<Vec<String>>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// Handle patterns with special meaning (SPEC C-4); `*` matches any run of
/// characters, `?` one character.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MagicHandles {
    /// No such member anywhere.
    #[serde(default = "defaults::not_found")]
    pub not_found: String,
    /// Exists, but each provider's fetch of it fails per item.
    #[serde(default = "defaults::unavailable")]
    pub unavailable: String,
    /// Already a 1st-degree connection of every account.
    #[serde(default = "defaults::connected")]
    pub connected: String,
}

impl Default for MagicHandles {
    fn default() -> Self {
        MagicHandles {
            not_found: defaults::not_found(),
            unavailable: defaults::unavailable(),
            connected: defaults::connected(),
        }
    }
}

/// Added delay per provider; absent = none.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LatencyConfig {
    #[serde(default)]
    pub connectsafely: Option<Latency>,
    #[serde(default)]
    pub atomus: Option<Latency>,
    #[serde(default)]
    pub apify: Option<Latency>,
    #[serde(default)]
    pub outx: Option<Latency>,
}

/// A fixed delay (`fixedMs`) or one drawn from `minMs`..=`maxMs`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Latency {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<u64>, maximum = 60000)]
    pub fixed_ms: Option<Millis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<u64>, maximum = 60000)]
    pub min_ms: Option<Millis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<u64>, maximum = 60000)]
    pub max_ms: Option<Millis>,
}

impl Latency {
    /// The inclusive range of delays in milliseconds.
    pub fn range(&self) -> (u64, u64) {
        match (self.fixed_ms, self.min_ms, self.max_ms) {
            (Some(f), _, _) => (f.0, f.0),
            (None, min, max) => {
                let lo = min.map_or(0, |m| m.0);
                (lo, max.map_or(lo, |m| m.0).max(lo))
            }
        }
    }
}

/// The providers mocklink serves, by the names the admin API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProviderName {
    Connectsafely,
    Atomus,
    Apify,
    Outx,
}

impl ProviderName {
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderName::Connectsafely => "connectsafely",
            ProviderName::Atomus => "atomus",
            ProviderName::Apify => "apify",
            ProviderName::Outx => "outx",
        }
    }

    /// Which provider serves a request path (SPEC C-1). `/linkedin-agent/`
    /// is OutX even though it shares a prefix with ConnectSafely's `/linkedin`.
    pub fn for_path(path: &str) -> Option<ProviderName> {
        let under = |prefix: &str| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        if under("/linkedin-agent") || path.starts_with("/api-") {
            Some(ProviderName::Outx)
        } else if under("/linkedin") {
            Some(ProviderName::Connectsafely)
        } else if under("/v1") {
            Some(ProviderName::Atomus)
        } else if under("/v2") {
            Some(ProviderName::Apify)
        } else {
            None
        }
    }
}

impl fmt::Display for ProviderName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A fault: the matching request answers with `status` in the provider's own
/// error shape, after `latencyMs`. Scenario rules hold for the whole run unless
/// `times` is given; rules queued through the admin API default to `times: 1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FaultRule {
    pub provider: ProviderName,
    /// Full request path, matched exactly; absent = every path of the provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[schema(value_type = u16, minimum = 400, maximum = 599)]
    pub status: FaultStatus,
    /// How many requests it hits before it is used up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// Chance (0..=1) that a matching request is hit; default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 1)]
    pub probability: Option<Probability>,
    /// Delay before the fault answers (at most 60,000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<u64>, maximum = 60000)]
    pub latency_ms: Option<Millis>,
}

// ---------------------------------------------------------------- ConnectSafely

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ConnectSafelyConfig {
    #[serde(default)]
    pub limits: CsLimits,
    /// API keys and the LinkedIn accounts each owns.
    #[serde(default)]
    pub keys: Vec<CsKey>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CsLimits {
    /// Unique profiles per account per UTC day (CS-P3).
    #[serde(default = "defaults::profiles_per_day")]
    pub profiles_per_day: u32,
    /// Connection requests per account per week, Monday 00:00 UTC (CS-C4).
    #[serde(default = "defaults::connects_per_week")]
    pub connects_per_week: u32,
    /// How long connecting is blocked after the weekly limit is hit.
    #[serde(default = "defaults::hold_hours")]
    #[schema(value_type = f64)]
    pub hold_hours: NonNegative,
    /// Profile cache lifetime (CS-P2).
    #[serde(default = "defaults::cache_hours")]
    #[schema(value_type = f64)]
    pub cache_hours: NonNegative,
    /// MESSAGE: messages per account per UTC day through `/message`,
    /// `/conversations/send` and `/sales-nav/send` (catalog 3.B).
    #[serde(default = "defaults::messages_per_day")]
    pub messages_per_day: u32,
    /// MESSAGE through the older `/messaging/send*` routes (catalog 3.I);
    /// they share one daily count with the routes above.
    #[serde(default = "defaults::messaging_per_day")]
    pub messaging_per_day: u32,
    /// FOLLOW: follows and unfollows per account per UTC day (catalog 3.B).
    #[serde(default = "defaults::follows_per_day")]
    pub follows_per_day: u32,
    /// Comments per account per UTC day (`/posts/comment`, G-4).
    #[serde(default = "defaults::comments_per_day")]
    pub comments_per_day: u32,
    /// Group members listed per account per UTC day, shared by every
    /// group-members route (G-4).
    #[serde(default = "defaults::group_members_per_day")]
    pub group_members_per_day: u32,
}

impl Default for CsLimits {
    fn default() -> Self {
        CsLimits {
            profiles_per_day: defaults::profiles_per_day(),
            connects_per_week: defaults::connects_per_week(),
            hold_hours: defaults::hold_hours(),
            cache_hours: defaults::cache_hours(),
            messages_per_day: defaults::messages_per_day(),
            messaging_per_day: defaults::messaging_per_day(),
            follows_per_day: defaults::follows_per_day(),
            comments_per_day: defaults::comments_per_day(),
            group_members_per_day: defaults::group_members_per_day(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CsKey {
    #[schema(value_type = String)]
    pub key: ApiKey,
    /// At least one; the one marked `default` (else the first) is used when a
    /// request names none.
    pub accounts: Vec<CsAccount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CsAccount {
    /// 24 hexadecimal characters.
    #[schema(value_type = String, example = "696ce9e780e0483585e4e553")]
    pub id: AccountId,
    #[serde(default)]
    pub default: bool,
    /// LinkedIn Premium: needed for profile visitors (CS-V3) and InMail.
    #[serde(default)]
    pub premium: bool,
    /// Sales Navigator: `messagingChannel` `auto` then goes through Sales
    /// Navigator, and `sales_navigator` is allowed (catalog 3.I).
    #[serde(default)]
    pub sales_navigator: bool,
    /// Company pages this account administers (`GET /organizations`).
    #[serde(default)]
    pub organizations: Vec<CsOrganization>,
    /// Profile visitors in the last 90 days (CS-V2).
    #[serde(default = "defaults::visitors")]
    pub visitors: u32,
    /// How many of those are anonymous.
    #[serde(default = "defaults::anonymous_visitors")]
    pub anonymous_visitors: u32,
}

/// A company page an account administers, and its role there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CsOrganization {
    /// The company: its page slug (universal name, as in
    /// `linkedin.com/company/<slug>`) or a numeric id the model issued.
    #[schema(example = "connectsafely")]
    pub company: String,
    /// `SUPER_ADMIN` (may send follow invitations), `ADMIN`, `CONTENT_ADMIN`, `ANALYST`.
    #[schema(example = "SUPER_ADMIN")]
    pub role: CsOrgRole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CsOrgRole {
    SuperAdmin,
    Admin,
    ContentAdmin,
    Analyst,
}

// ---------------------------------------------------------------- Atomus

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AtomusConfig {
    /// Requests per second per tenant, shared by its keys (AT-4).
    #[serde(default = "defaults::per_second")]
    pub rate_limit_per_second: u32,
    /// How long an `Idempotency-Key` answer is replayed (AT-5).
    #[serde(default = "defaults::idempotency_hours")]
    #[schema(value_type = f64)]
    pub idempotency_hours: NonNegative,
    /// Delay before an injected `upstream_timeout` (504) answers (at most 60,000).
    #[serde(default = "defaults::timeout_delay_ms")]
    #[schema(value_type = u64, maximum = 60000)]
    pub timeout_delay_ms: Millis,
    #[serde(default)]
    pub tenants: Vec<AtomusTenant>,
}

impl Default for AtomusConfig {
    fn default() -> Self {
        AtomusConfig {
            rate_limit_per_second: defaults::per_second(),
            idempotency_hours: defaults::idempotency_hours(),
            timeout_delay_ms: defaults::timeout_delay_ms(),
            tenants: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AtomusTenant {
    /// Name other sections (Apify tokens) refer to.
    pub id: String,
    /// Starting credit balance.
    #[serde(default)]
    pub credits: u64,
    /// `atm_live_…` keys run in mode `live`, `atm_test_…` in `test` (never charged).
    #[schema(value_type = Vec<String>)]
    pub keys: Vec<AtomusKey>,
}

// ---------------------------------------------------------------- Apify

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ApifyConfig {
    #[serde(default)]
    pub tokens: Vec<ApifyToken>,
    /// Seconds from start until a run is `RUNNING` (AP-2).
    #[serde(default = "defaults::start_delay")]
    #[schema(value_type = f64)]
    pub start_delay_seconds: NonNegative,
    /// Seconds of run time per URL.
    #[serde(default = "defaults::per_url")]
    #[schema(value_type = f64)]
    pub per_url_seconds: NonNegative,
    /// `run-sync-get-dataset-items` answers 408 past this simulated duration.
    #[serde(default = "defaults::sync_timeout")]
    #[schema(value_type = f64)]
    pub sync_timeout_seconds: NonNegative,
    /// Runs kept (oldest finished ones are dropped first).
    #[serde(default = "defaults::max_runs")]
    pub max_runs: usize,
}

impl Default for ApifyConfig {
    fn default() -> Self {
        ApifyConfig {
            tokens: Vec::new(),
            start_delay_seconds: defaults::start_delay(),
            per_url_seconds: defaults::per_url(),
            sync_timeout_seconds: defaults::sync_timeout(),
            max_runs: defaults::max_runs(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ApifyToken {
    #[schema(value_type = String)]
    pub token: ApiKey,
    /// The Atomus tenant whose credits runs are billed to.
    pub tenant: String,
}

// ---------------------------------------------------------------- OutX

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OutxConfig {
    #[serde(default)]
    pub teams: Vec<OutxTeam>,
    #[serde(default)]
    pub tasks: OutxTasks,
    #[serde(default)]
    pub otp: crate::providers::outx::config::OutxOtp,
    #[serde(default)]
    pub feed: crate::providers::outx::config::OutxFeed,
    #[serde(default)]
    pub invitations: crate::providers::outx::config::OutxInvitations,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OutxTeam {
    pub id: String,
    #[schema(value_type = Vec<String>)]
    pub keys: Vec<ApiKey>,
    /// A member's browser plugin is running now and stays running.
    #[serde(default = "defaults::yes")]
    pub plugin_active: bool,
    /// With `pluginActive: false`: hours before the clock's start that the
    /// plugin was last active (it counts for 48 h from then, on the clock);
    /// absent = never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub plugin_last_active_hours_ago: Option<NonNegative>,
    /// Shown by `/api-team`; default `<id>'s Team`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default)]
    pub plan: crate::providers::outx::config::OutxPlan,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<crate::providers::outx::config::OutxMember>,
    /// The team shares data globally: its watchlist, feed and team reads
    /// skip the plugin rule (OX-PLUGIN's exemption).
    #[serde(default)]
    pub global_data_sharing: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OutxTasks {
    /// Seconds a task stays `pending`.
    #[serde(default = "defaults::pending")]
    #[schema(value_type = f64)]
    pub pending_seconds: NonNegative,
    /// Seconds it then stays `processing`.
    #[serde(default = "defaults::processing")]
    #[schema(value_type = f64)]
    pub processing_seconds: NonNegative,
    /// Up to this many seconds added to each phase, drawn from the seed.
    #[serde(default)]
    #[schema(value_type = f64)]
    pub spread_seconds: NonNegative,
    /// Finished tasks are forgotten this long after they finish.
    #[serde(default = "defaults::retention_hours")]
    #[schema(value_type = f64)]
    pub retention_hours: NonNegative,
    /// Tasks kept at most; the oldest finished ones go first.
    #[serde(default = "defaults::max_tasks")]
    pub max_tasks: usize,
}

impl Default for OutxTasks {
    fn default() -> Self {
        OutxTasks {
            pending_seconds: defaults::pending(),
            processing_seconds: defaults::processing(),
            spread_seconds: NonNegative(0.0),
            retention_hours: defaults::retention_hours(),
            max_tasks: defaults::max_tasks(),
        }
    }
}

// ---------------------------------------------------------------- checked values

/// A LinkedIn account id: 24 hexadecimal characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct AccountId(pub String);

impl AccountId {
    pub fn is_valid(s: &str) -> bool {
        s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
    }
}

impl<'de> Deserialize<'de> for AccountId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if AccountId::is_valid(&s) {
            Ok(AccountId(s))
        } else {
            Err(de::Error::custom(format!(
                "expected a LinkedIn account id of 24 hexadecimal characters, found {s:?}"
            )))
        }
    }
}

/// A non-empty key or token of visible ASCII characters: a client sends it
/// in a header or a query, where white space, control characters and
/// non-ASCII text could never arrive intact, so such a key could never
/// authenticate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ApiKey(pub String);

impl ApiKey {
    pub fn is_valid(s: &str) -> bool {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic())
    }
}

/// Why `s` can never be sent as a key, if it cannot.
fn key_refusal(s: &str) -> Option<String> {
    if s.is_empty() {
        return Some("expected a non-empty key, found \"\"".into());
    }
    let bad = s.chars().find(|c| !c.is_ascii_graphic())?;
    let what = if bad.is_whitespace() {
        "white space"
    } else if bad.is_control() {
        "a control character"
    } else {
        "a non-ASCII character"
    };
    Some(format!(
        "expected a key of visible ASCII characters (a key with {what} can never be sent \
         in a header, so it could never authenticate), found {s:?}"
    ))
}

impl<'de> Deserialize<'de> for ApiKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match key_refusal(&s) {
            Some(msg) => Err(de::Error::custom(msg)),
            None => Ok(ApiKey(s)),
        }
    }
}

/// An Atomus key: `atm_live_…` or `atm_test_…`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct AtomusKey(pub String);

impl AtomusKey {
    /// `live` or `test`, from the prefix (AT-AUTH).
    pub fn mode(&self) -> &'static str {
        if self.0.starts_with("atm_test_") {
            "test"
        } else {
            "live"
        }
    }
}

impl<'de> Deserialize<'de> for AtomusKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if let Some(msg) = key_refusal(&s) {
            return Err(de::Error::custom(msg));
        }
        let ok = ["atm_live_", "atm_test_"]
            .iter()
            .any(|p| s.strip_prefix(p).is_some_and(|rest| !rest.is_empty()));
        if ok {
            Ok(AtomusKey(s))
        } else {
            Err(de::Error::custom(format!(
                "expected an Atomus key starting with \"atm_live_\" or \"atm_test_\", found {s:?}"
            )))
        }
    }
}

/// A LinkedIn public identifier: 1 to 100 of `[A-Za-z0-9_-]` (and `%`-escapes).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct Handle(pub String);

impl Handle {
    pub fn is_valid(s: &str) -> bool {
        !s.is_empty()
            && s.len() <= 100
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'%')
    }
}

impl<'de> Deserialize<'de> for Handle {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if Handle::is_valid(&s) {
            Ok(Handle(s))
        } else {
            Err(de::Error::custom(format!(
                "expected a profile handle of 1 to 100 letters, digits, '-' or '_', found {s:?}"
            )))
        }
    }
}

/// `urn:li:fsd_profile:ACoAA` followed by 34 of `[A-Za-z0-9_-]` (CS-C1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ProfileUrn(pub String);

impl ProfileUrn {
    pub const PREFIX: &'static str = "urn:li:fsd_profile:";

    pub fn is_valid(s: &str) -> bool {
        s.strip_prefix(Self::PREFIX)
            .and_then(|id| id.strip_prefix("ACoAA"))
            .is_some_and(|rest| {
                rest.len() == 34
                    && rest
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            })
    }
}

impl<'de> Deserialize<'de> for ProfileUrn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if ProfileUrn::is_valid(&s) {
            Ok(ProfileUrn(s))
        } else {
            Err(de::Error::custom(format!(
                "expected \"urn:li:fsd_profile:ACoAA\" followed by 34 of [A-Za-z0-9_-], found {s:?}"
            )))
        }
    }
}

/// A finite number of seconds or hours, never negative.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize)]
#[serde(transparent)]
pub struct NonNegative(pub f64);

impl<'de> Deserialize<'de> for NonNegative {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        if v.is_finite() && v >= 0.0 {
            Ok(NonNegative(v))
        } else {
            Err(de::Error::custom(format!(
                "expected a number of 0 or more, found {v}"
            )))
        }
    }
}

/// A delay in milliseconds, at most [`Millis::MAX`] so an injected delay can
/// never hang a client for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
#[serde(transparent)]
pub struct Millis(pub u64);

impl Millis {
    pub const MAX: u64 = 60_000;
}

impl<'de> Deserialize<'de> for Millis {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = u64::deserialize(d)?;
        if v <= Millis::MAX {
            Ok(Millis(v))
        } else {
            Err(de::Error::custom(format!(
                "expected at most {} milliseconds, found {v}",
                Millis::MAX
            )))
        }
    }
}

/// A probability in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Probability(pub f64);

impl<'de> Deserialize<'de> for Probability {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        if (0.0..=1.0).contains(&v) {
            Ok(Probability(v))
        } else {
            Err(de::Error::custom(format!(
                "expected a probability from 0 to 1, found {v}"
            )))
        }
    }
}

/// An HTTP error status, 400..=599.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FaultStatus(pub u16);

impl<'de> Deserialize<'de> for FaultStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = u16::deserialize(d)?;
        if (400..=599).contains(&v) {
            Ok(FaultStatus(v))
        } else {
            Err(de::Error::custom(format!(
                "expected an error status from 400 to 599, found {v}"
            )))
        }
    }
}

// ---------------------------------------------------------------- loading

/// Why a scenario could not be used. `Display` is the message printed at
/// start-up and returned by `PUT /__admin/scenario`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.render())]
pub struct ScenarioError {
    /// The file, or `<request body>` / `<bundled NAME>`.
    pub source_name: String,
    /// JSON path of the offending value, e.g. `connectsafely.keys[0].accounts`;
    /// empty for the document as a whole.
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// What was wrong and what was expected.
    pub message: String,
}

impl ScenarioError {
    fn render(&self) -> String {
        let path = if self.path.is_empty() {
            "(top level)"
        } else {
            &self.path
        };
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!(
                "scenario {}: at {path} (line {l}, column {c}): {}",
                self.source_name, self.message
            ),
            _ => format!("scenario {}: at {path}: {}", self.source_name, self.message),
        }
    }

    fn whole(source_name: &str, message: String) -> ScenarioError {
        ScenarioError {
            source_name: source_name.to_string(),
            path: String::new(),
            line: None,
            column: None,
            message,
        }
    }
}

impl Scenario {
    /// The default scenario of SPEC §5.
    pub fn default_scenario() -> Scenario {
        // The bundled files are checked by a test; should one ever break,
        // start-up must still not panic, so fall back to all defaults.
        Scenario::bundled("default")
            .and_then(Result::ok)
            .unwrap_or_else(Scenario::empty)
    }

    /// The bundled scenario called `name` (a file name of `scenarios/`
    /// without `.json`), or None if there is no such name.
    pub fn bundled(name: &str) -> Option<Result<Scenario, ScenarioError>> {
        let text = bundled::text(name)?;
        Some(Scenario::from_json_str(text, &format!("<bundled {name}>")))
    }

    /// The names [`Scenario::bundled`] accepts, comma-separated.
    pub fn bundled_names() -> String {
        bundled::names()
    }

    /// A scenario with every section at its default and no keys at all.
    pub fn empty() -> Scenario {
        Scenario::from_json_str(r#"{"extends": null}"#, "<empty>").unwrap_or(Scenario {
            extends: None,
            seed: defaults::seed(),
            clock: ClockConfig::default(),
            journal: JournalConfig::default(),
            people: PeopleConfig::default(),
            latency: LatencyConfig::default(),
            faults: Vec::new(),
            connectsafely: ConnectSafelyConfig::default(),
            atomus: AtomusConfig::default(),
            apify: ApifyConfig::default(),
            outx: OutxConfig::default(),
            sessions: Default::default(),
            linkedin: Default::default(),
        })
    }

    /// What `--scenario` names: a bundled scenario by its name (no `/`, no
    /// `.json`), else a file.
    pub fn from_name_or_file(arg: &str) -> Result<Scenario, ScenarioError> {
        match Scenario::bundled(arg) {
            Some(loaded) => loaded,
            None => Scenario::from_file(Path::new(arg)).map_err(|mut e| {
                let plain = !arg.contains(['/', '\\', '.']);
                if plain && e.message.starts_with("cannot read the file") {
                    e.message = format!(
                        "{}; nor is it a bundled scenario ({})",
                        e.message,
                        bundled::names()
                    );
                }
                e
            }),
        }
    }

    /// Loads a scenario file: at most 1 MiB, as through `PUT /__admin/scenario`.
    pub fn from_file(path: &Path) -> Result<Scenario, ScenarioError> {
        use std::io::Read;
        let name = path.display().to_string();
        let cannot =
            |e: std::io::Error| ScenarioError::whole(&name, format!("cannot read the file: {e}"));
        let file = std::fs::File::open(path).map_err(cannot)?;
        let mut bytes = Vec::new();
        // One byte more than allowed tells "too large" without reading a
        // huge file whole.
        file.take(load::MAX_DOCUMENT_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
        if bytes.len() > load::MAX_DOCUMENT_BYTES {
            return Err(ScenarioError::whole(
                &name,
                format!(
                    "the file is larger than {} bytes (1 MiB), the most a scenario may have",
                    load::MAX_DOCUMENT_BYTES
                ),
            ));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            ScenarioError::whole(
                &name,
                format!(
                    "expected UTF-8 text, found an invalid byte at offset {}",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        Scenario::from_json_str(&text, &name)
    }

    /// Parses and checks a scenario document (an overlay on the bundled
    /// scenario its `extends` names); `source_name` names it in errors.
    pub fn from_json_str(text: &str, source_name: &str) -> Result<Scenario, ScenarioError> {
        load::load(text, source_name)
    }
}
