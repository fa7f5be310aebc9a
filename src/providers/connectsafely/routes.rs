//! ConnectSafely's four routes. Each handler does the same few steps in the
//! same order: authenticate (401), parse and validate (400), pick the account
//! (404), roll for an injected fault where the real service would call
//! LinkedIn, then call the account's rules under its lock and render.
//! Limited actions (PROFILE, CONNECT) add the `X-RateLimit-*` headers to every
//! answer after authentication whose account is known (CS-HEADERS).

use std::time::Duration;

use actix_web::http::header::{HeaderName, HeaderValue, AUTHORIZATION};
use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Data};
use actix_web::{post, HttpRequest, HttpResponse, ResponseError};
use fake::rand::RngExt;
use serde_json::Value;

use super::error::CsError;
use super::input;
use super::logic::{ProfileFetch, SkillChoice, Target, Usage};
use super::model::*;
use super::render;
use super::state::Account;
use super::visitors::{in_range, page, DEFAULT_TIME_RANGE};
use super::zod::parse_body;
use crate::clock::iso;
use crate::linkedin::{Degree, NetworkError};
use crate::people::{HandleKind, People};
use crate::scenario::{CsAccount, CsKey, Handle, ProviderName};
use crate::state::{AppState, World};

pub const TAG: &str = "connectsafely";

// ------------------------------------------------------------------ shared steps

/// CS-AUTH: `Authorization: Bearer <key>` naming a key of the scenario.
pub(super) fn authenticate<'w>(world: &'w World, req: &HttpRequest) -> Result<&'w CsKey, CsError> {
    let token = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
        .ok_or(CsError::Unauthorized)?;
    world
        .scenario
        .connectsafely
        .keys
        .iter()
        .find(|k| k.key.0 == token)
        .ok_or(CsError::Unauthorized)
}

/// CS-ACCOUNT: the named account if the key owns it, else the default one.
pub(super) fn select<'k>(
    key: &'k CsKey,
    requested: Option<&str>,
) -> Result<&'k CsAccount, CsError> {
    match requested {
        Some(id) => key
            .accounts
            .iter()
            .find(|a| a.id.0 == id)
            .ok_or_else(|| CsError::AccountNotFound(id.to_string())),
        None => key
            .accounts
            .iter()
            .find(|a| a.default)
            .or_else(|| key.accounts.first())
            .ok_or_else(|| CsError::AccountNotFound(String::new())),
    }
}

/// The account a request's rate-limit headers describe, read from whatever
/// the body holds even when it fails validation: an owned `accountId`, or
/// the default when there is none.
pub(super) fn header_account<'k>(key: &'k CsKey, body: Option<&Value>) -> Option<&'k CsAccount> {
    match body.and_then(|b| b.get("accountId")) {
        None => select(key, None).ok(),
        Some(Value::String(id)) => select(key, Some(id)).ok(),
        Some(_) => None,
    }
}

pub(super) fn account<'w>(world: &'w World, a: &CsAccount) -> Result<&'w Account, CsError> {
    world
        .connectsafely
        .account(&a.id.0)
        .ok_or_else(|| CsError::AccountNotFound(a.id.0.clone()))
}

/// A body route past its common preamble: authenticated, the body parsed
/// into the route's input, and the account it acts for (its `accountId` if
/// the key owns it, else the key's default) known to exist.
pub(super) struct Acting<'w, T> {
    pub input: T,
    pub chosen: &'w CsAccount,
}

pub(super) fn acting<'w, T>(
    world: &'w World,
    req: &HttpRequest,
    body: &Bytes,
    parse: impl FnOnce(&Value) -> Result<T, CsError>,
    account_id: impl FnOnce(&T) -> Option<String>,
) -> Result<Acting<'w, T>, CsError> {
    let a = authed(world, req, body)?;
    let input = parse(&a.body?)?;
    let chosen = select(a.key, account_id(&input).as_deref())?;
    account(world, chosen)?;
    Ok(Acting { input, chosen })
}

/// A 200 with a JSON body.
pub(super) fn ok<T: serde::Serialize>(body: &T) -> Result<HttpResponse, CsError> {
    Ok(HttpResponse::Ok().json(body))
}

/// Where the real service calls LinkedIn: an injected fault answers here,
/// after its delay, before any limit is touched.
pub(super) async fn upstream(
    world: &World,
    req: &HttpRequest,
    message: &str,
) -> Result<(), CsError> {
    let Some(fault) = world.fault(ProviderName::Connectsafely, req.path()) else {
        return Ok(());
    };
    if fault.latency_ms > 0 {
        // No lock is held here: rules are locked only inside the rule calls.
        actix_web::rt::time::sleep(Duration::from_millis(fault.latency_ms)).await;
    }
    Err(CsError::Upstream {
        status: StatusCode::from_u16(fault.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        message: message.to_string(),
    })
}

pub(super) fn add_usage_headers(resp: &mut HttpResponse, u: &Usage) {
    const ACTION: HeaderName = HeaderName::from_static("x-ratelimit-action");
    const LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
    const USED: HeaderName = HeaderName::from_static("x-ratelimit-used");
    const REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
    const RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");
    let h = resp.headers_mut();
    h.insert(ACTION, HeaderValue::from_static(u.action));
    h.insert(LIMIT, HeaderValue::from(u.limit));
    h.insert(USED, HeaderValue::from(u.used));
    h.insert(REMAINING, HeaderValue::from(u.remaining()));
    // An RFC 3339 time is always a valid header value.
    if let Ok(v) = HeaderValue::from_str(&iso(u.reset)) {
        h.insert(RESET, v);
    }
}

/// Which window a limited route reports.
#[derive(Clone, Copy)]
enum Action {
    Profile,
    Connect,
}

/// A request past authentication: the key, the body (parsed or why not),
/// and the account its rate-limit headers describe.
pub(super) struct Authed<'w> {
    pub key: &'w CsKey,
    pub body: Result<Value, CsError>,
    pub for_headers: Option<&'w CsAccount>,
}

pub(super) fn authed<'w>(
    world: &'w World,
    req: &HttpRequest,
    body: &Bytes,
) -> Result<Authed<'w>, CsError> {
    let key = authenticate(world, req)?;
    let body = parse_body(body);
    let for_headers = header_account(key, body.as_ref().ok());
    Ok(Authed {
        key,
        body,
        for_headers,
    })
}

/// The answer, with the account's usage as it stands once the request is
/// done when the route is limited and the account known.
fn finish(
    world: &World,
    result: Result<HttpResponse, CsError>,
    limited: Option<(Action, Option<&CsAccount>)>,
) -> HttpResponse {
    let mut resp = result.unwrap_or_else(|e| e.error_response());
    let Some((action, Some(chosen))) = limited else {
        return resp;
    };
    if let Some(acc) = world.connectsafely.account(&chosen.id.0) {
        let limits = world.connectsafely.limits();
        let now = world.now();
        let usage = {
            let mut rules = acc.rules.lock();
            match action {
                Action::Profile => rules.profile_usage(now, limits),
                Action::Connect => rules.connect_usage(now, limits),
            }
        };
        add_usage_headers(&mut resp, &usage);
    }
    resp
}

/// A handle the generator can stand behind, or None for ids no member has.
/// A full profile URL means its handle (G-2).
pub(super) fn member_handle(world: &World, id: &str) -> Option<String> {
    let h = crate::linkedin::urls::member_id(id)?;
    (Handle::is_valid(&h) && world.people.kind(&h) != HandleKind::NotFound)
        .then(|| People::normalize(&h))
}

// ------------------------------------------------------------------ profile

/// Fetch a LinkedIn profile.
///
/// Cached for 6 hours per account; 120 unique profiles per account per UTC
/// day (cached answers do not count).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = ProfileRequest,
    responses(
        (status = 200, description = "Profile information retrieved successfully", body = ProfileResponse,
            headers(
                ("X-RateLimit-Action" = String, description = "PROFILE"),
                ("X-RateLimit-Limit" = u32, description = "Unique profiles allowed per day"),
                ("X-RateLimit-Used" = u32, description = "Unique profiles fetched today"),
                ("X-RateLimit-Remaining" = u32, description = "Unique profiles left today"),
                ("X-RateLimit-Reset" = String, description = "Next midnight UTC, ISO 8601"),
            ),
            example = json!({
                "success": true,
                "profileId": "anandi-devi",
                "accountId": "696ce9e780e0483585e4e553",
                "profile": {
                    "firstName": "Anandi", "lastName": "Devi",
                    "headline": "Go-To-Market (GTM) Engineer @ ConnectSafely | MBA",
                    "location": {"countryCode": "in", "postalCode": null, "geoLocationName": null},
                    "entityUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o",
                    "publicIdentifier": "anandi-devi",
                    "profilePicture": "https://media.licdn.com/dms/image/v2/D5603AQF2Iu7GGz-H2A/profile-displayphoto-shrink_100_100/...",
                    "isPremium": true, "isVerified": true, "supportsFreeEmail": true,
                    "connectionCount": 958, "followerCount": 1243,
                    "isConnected": true, "connectionDegree": "DISTANCE_1",
                    "invitationSent": false, "invitationReceived": false,
                    "geoLocation": {"city": "Delhi", "state": null, "country": "India", "fullLocation": "Delhi, India", "birthDate": null}
                },
                "cached": false,
                "expiresAt": "2024-01-15T16:30:00.000Z",
                "message": "Profile information retrieved successfully"
            })),
        (status = 400, description = "Bad request - Missing or invalid profileId", body = CsBadRequest,
            examples(
                ("zod" = (summary = "Validation failed", value = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "string", "received": "undefined", "path": ["profileId"], "message": "Required"}], "name": "ZodError"}}))),
                ("json" = (summary = "Body is not JSON", value = json!({"success": false, "error": "Invalid JSON in request body"}))),
            )),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "The key owns no such LinkedIn account", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn account not found: acc_12345"})),
        (status = 429, description = "Rate limit exceeded - Maximum 120 unique profiles per day", body = CsRefusal,
            example = json!({"error": "Rate limit exceeded for PROFILE: 120/120 used. Resets at 2024-01-16T00:00:00.000Z", "success": false})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to fetch profile"})),
    )
)]
#[post("/linkedin/profile")]
pub async fn profile(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    let a = match authed(&world, &req, &body) {
        Ok(a) => a,
        Err(e) => return e.error_response(),
    };
    let result = fetch_profile(&world, &req, a.key, a.body).await;
    finish(&world, result, Some((Action::Profile, a.for_headers)))
}

async fn fetch_profile(
    world: &World,
    req: &HttpRequest,
    key: &CsKey,
    body: Result<Value, CsError>,
) -> Result<HttpResponse, CsError> {
    let r = input::profile(&body?)?;
    let chosen = select(key, r.account_id.as_deref())?;
    let acc = account(world, chosen)?;
    upstream(world, req, "Failed to fetch profile").await?;
    let now = world.now();
    let handle = member_handle(world, &r.profile_id);
    // Unknown ids are cached and counted too (CS-P4), under a key no handle has.
    let cache_key = handle
        .clone()
        .unwrap_or_else(|| format!("\u{0}{}", r.profile_id));
    let relationship = handle
        .as_deref()
        .map(|h| world.linkedin.relationship(&chosen.id.0, h));
    let fetch = acc.rules.lock().fetch_profile(
        &cache_key,
        relationship.is_some_and(|r| r.invitation_sent),
        r.force_refresh,
        now,
        world.connectsafely.limits(),
    )?;
    let (cached, entry) = match fetch {
        ProfileFetch::Cached(e) => (true, e),
        ProfileFetch::Fresh(e) => (false, e),
    };
    let person = handle.map(|h| world.people.person(&h));
    let parts = render::Parts {
        geo_location: r.include_geo_location,
        contact: r.include_contact,
    };
    let body = ProfileResponse {
        success: true,
        profile_id: r.profile_id.clone(),
        account_id: chosen.id.0.clone(),
        profile: match &person {
            Some(p) => {
                let rel = relationship
                    .unwrap_or_else(|| world.linkedin.relationship(&chosen.id.0, &p.handle));
                let mut body = render::profile(p, rel, &entry.overlay, parts);
                // The cookbook's prospect researcher reads roles inside
                // `profile` (catalog 3.A; SPEC G-2): both places carry them.
                body.experience = r.include_experience.then(|| render::experience(p));
                ProfileBody::Found(Box::new(body))
            }
            None => ProfileBody::NotFound(Empty {}),
        },
        experience: r.include_experience.then(|| {
            person
                .as_deref()
                .map(render::experience)
                .unwrap_or_default()
        }),
        skills: r.include_skills.then(|| {
            person
                .as_ref()
                .map(|p| render::skills(p, &entry.overlay))
                .unwrap_or_default()
        }),
        education: r
            .include_education
            .then(|| person.as_deref().map(render::education).unwrap_or_default()),
        cached,
        cached_at: cached.then(|| iso(entry.cached_at)),
        expires_at: iso(entry.expires_at),
        message: if person.is_some() {
            "Profile information retrieved successfully".into()
        } else {
            "Profile not found".into()
        },
    };
    // Written into a buffer sized for a profile (about 1.2 KB), not grown
    // from 128 bytes by doubling as `json()` would.
    let mut out = Vec::with_capacity(2048);
    if serde_json::to_writer(&mut out, &body).is_err() {
        // Never for this struct; `json()` reports it as actix always has.
        return Ok(HttpResponse::Ok().json(body));
    }
    Ok(HttpResponse::Ok()
        .content_type(actix_web::http::header::ContentType::json())
        .body(out))
}

// ------------------------------------------------------------------ connect

/// Send a connection request.
///
/// 90 per account per week (Monday 00:00 UTC); the request past the limit
/// puts connecting on hold for 24 hours. Other actions are not affected.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = ConnectRequest,
    responses(
        (status = 200, description = "Connection request sent successfully", body = ConnectResponse,
            headers(
                ("X-RateLimit-Action" = String, description = "CONNECT"),
                ("X-RateLimit-Limit" = u32, description = "Connection requests allowed per week"),
                ("X-RateLimit-Used" = u32, description = "Connection requests sent this week"),
                ("X-RateLimit-Remaining" = u32, description = "Connection requests left this week"),
                ("X-RateLimit-Reset" = String, description = "Next Monday 00:00 UTC, ISO 8601"),
            ),
            example = json!({"success": true, "message": "Connection request sent successfully", "profileUrn": "urn:li:fsd_profile:ACoAAA24A-MBVEvT49xpVF2gnWrhvmUIPDJshSM"})),
        (status = 400, description = "Bad request - Missing required fields or already connected", body = CsBadRequest,
            examples(
                ("missing" = (summary = "Neither profileId nor profileUrn", value = json!({"error": "Either profileId or profileUrn must be provided", "success": false}))),
                ("already" = (summary = "Already connected or invited", value = json!({"error": "Already connected or invitation pending: connected-jane-doe", "success": false}))),
                ("zod" = (summary = "Validation failed", value = json!({"success": false, "error": {"issues": [{"code": "too_big", "maximum": 300, "type": "string", "inclusive": true, "exact": false, "message": "String must contain at most 300 character(s)", "path": ["customMessage"]}], "name": "ZodError"}}))),
            )),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Profile (or LinkedIn account) not found", body = CsRefusal,
            example = json!({"error": "LinkedIn profile not found: invalid-profile-id", "success": false})),
        (status = 429, description = "Rate limit exceeded - Connection requests blocked for 24 hours (other activities remain unaffected)", body = ConnectHeld,
            example = json!({
                "error": "Connection request limit exceeded: 90/90 used. New connection requests blocked for 24 hours. Other activities (messaging, following, etc.) are not affected.",
                "success": false,
                "holdUntil": "2024-01-16T10:30:00.000Z",
                "weeklyReset": "2024-01-22T00:00:00.000Z"
            })),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to send connection request"})),
    )
)]
#[post("/linkedin/connect")]
pub async fn connect(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    let a = match authed(&world, &req, &body) {
        Ok(a) => a,
        Err(e) => return e.error_response(),
    };
    let result = send_connect(&world, &req, a.key, a.body).await;
    finish(&world, result, Some((Action::Connect, a.for_headers)))
}

async fn send_connect(
    world: &World,
    req: &HttpRequest,
    key: &CsKey,
    body: Result<Value, CsError>,
) -> Result<HttpResponse, CsError> {
    let r = input::connect(&body?)?;
    let chosen = select(key, r.account_id.as_deref())?;
    let acc = account(world, chosen)?;
    upstream(world, req, "Failed to send connection request").await?;
    // The URN is preferred when both are given (CS-C1).
    let target = match (&r.profile_urn, &r.profile_id) {
        (Some(urn), _) => match world.people.handle_for_urn(urn) {
            Some(h) if world.people.kind(&h) != HandleKind::NotFound => {
                member(world, &chosen.id.0, h, urn)
            }
            _ => Target::Unknown(urn.clone()),
        },
        (None, Some(id)) => match member_handle(world, id) {
            Some(h) => member(world, &chosen.id.0, h, id),
            None => Target::Unknown(id.clone()),
        },
        (None, None) => return Err(CsError::TargetMissing),
    };
    let now = world.now();
    // The invitation is written into the account's network under the
    // account's rules lock: a refused one is not counted (CS-C3, G-3).
    let send = || match &target {
        Target::Member { handle, sent, .. } => world
            .linkedin
            .connect(&chosen.id.0, handle, r.custom_message.clone(), now)
            .map(|_| ())
            .map_err(|e| match e {
                NetworkError::MemberNotFound(_) => CsError::ProfileNotFound(sent.clone()),
                NetworkError::Full { .. } => CsError::Upstream {
                    status: actix_web::http::StatusCode::BAD_REQUEST,
                    message: format!("Failed to send connection request: {e}"),
                },
                _ => CsError::AlreadyConnected(sent.clone()),
            }),
        Target::Unknown(sent) => Err(CsError::ProfileNotFound(sent.clone())),
    };
    acc.rules
        .lock()
        .connect(&target, now, world.connectsafely.limits(), send)?;
    let profile_urn = match &target {
        Target::Member { handle, .. } => world.people.urn_for(handle),
        Target::Unknown(sent) => sent.clone(),
    };
    Ok(HttpResponse::Ok().json(ConnectResponse {
        success: true,
        message: "Connection request sent successfully".into(),
        profile_urn,
    }))
}

fn member(world: &World, account: &str, handle: String, sent: &str) -> Target {
    let connected = world.linkedin.degree(account, &handle) == Degree::First;
    Target::Member {
        handle,
        sent: sent.to_string(),
        connected,
    }
}

// ------------------------------------------------------------------ visitors

/// Who viewed the account's profile.
///
/// Needs LinkedIn Premium. One page from `start` (at most
/// min(`count`, `maxVisitors`)), or with `fetchAll` every page joined up to
/// `maxVisitors`.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = VisitorsRequest,
    responses(
        (status = 200, description = "Profile visitors retrieved successfully", body = VisitorsResponse,
            example = json!({
                "success": true,
                "accountId": "696ce9e780e0483585e4e553",
                "visitors": [{
                    "entityUrn": "urn:li:fsd_profile:ACoAADlVtYMBLWFFOJ1ezKvVfycTiiAjoFmMK68",
                    "publicIdentifier": "ritika-kulkarni-85718922a",
                    "name": "Ritika Kulkarni",
                    "headline": "Full Stack Developer | Agentic AI | Python | Gen AI",
                    "profilePicture": "https://media.licdn.com/dms/image/v2/D4D03AQEi_YdnvAQoew/profile-displayphoto-shrink_100_100/...",
                    "viewedAt": "Viewed 47m ago",
                    "connectionDegree": "1st",
                    "profileUrl": "https://www.linkedin.com/in/ritika-kulkarni-85718922a",
                    "navigationUrl": "https://www.linkedin.com/in/ritika-kulkarni-85718922a"
                }],
                "pagination": {"start": 0, "count": 1, "total": 1},
                "hasMore": false,
                "timeRange": null,
                "filters": {"timeRange": "past_90_days", "count": 20, "start": 0, "fetchAll": false, "maxVisitors": 20}
            })),
        (status = 400, description = "Validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "too_small", "minimum": 1, "type": "number", "inclusive": true, "exact": false, "message": "Number must be greater than or equal to 1", "path": ["maxVisitors"]}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 403, description = "Access forbidden - LinkedIn Premium required", body = CsMessage,
            example = json!({"error": "LinkedIn Premium required to view profile visitors"})),
        (status = 404, description = "The key owns no such LinkedIn account", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn account not found: acc_12345"})),
        (status = 500, description = "Internal server error (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to fetch profile visitors"})),
    )
)]
#[post("/linkedin/profile/visitors")]
pub async fn profile_visitors(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> HttpResponse {
    let world = state.world();
    let result = match authed(&world, &req, &body) {
        Ok(a) => list_visitors(&world, &req, a.key, a.body).await,
        Err(e) => Err(e),
    };
    finish(&world, result, None)
}

async fn list_visitors(
    world: &World,
    req: &HttpRequest,
    key: &CsKey,
    body: Result<Value, CsError>,
) -> Result<HttpResponse, CsError> {
    let r = input::visitors(&body?)?;
    let chosen = select(key, r.account_id.as_deref())?;
    let acc = account(world, chosen)?;
    if !acc.premium {
        return Err(CsError::PremiumRequired);
    }
    upstream(world, req, "Failed to fetch profile visitors").await?;
    let now = world.now();
    let range = r.time_range.as_deref().unwrap_or(DEFAULT_TIME_RANGE);
    let count = r.count.unwrap_or(input::DEFAULT_PAGE);
    let start = r.start.unwrap_or(0);
    let fetch_all = r.fetch_all.unwrap_or(false);
    let all = in_range(acc.visits(), now, range);
    let clamp = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    let span = page(
        all.len(),
        clamp(start),
        clamp(count),
        r.max_visitors.map_or(usize::MAX, clamp),
        fetch_all,
    );
    let (from, to) = (span.start, span.end);
    let visitors: Vec<Visitor> = all[from..to]
        .iter()
        .map(|v| {
            let degree = world.linkedin.degree(&chosen.id.0, &v.handle);
            render::visitor(&world.people.person(&v.handle), degree, v, now)
        })
        .collect();
    let as_u64 = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    Ok(HttpResponse::Ok().json(VisitorsResponse {
        success: true,
        account_id: chosen.id.0.clone(),
        pagination: Pagination {
            start,
            count: as_u64(visitors.len()),
            total: as_u64(all.len()),
        },
        visitors,
        has_more: to < all.len(),
        time_range: r.time_range.clone(),
        filters: VisitorFilters {
            time_range: range.to_string(),
            count,
            start,
            fetch_all,
            max_visitors: r.max_visitors,
        },
    }))
}

// ------------------------------------------------------------------ endorse

/// Endorse a skill on a profile.
///
/// A given `skillId`, or with `random: true` a skill this account has not
/// endorsed yet, picked by the scenario's seeded generator.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = EndorseRequest,
    responses(
        (status = 200, description = "Skill endorsed", body = EndorseResponse,
            example = json!({"success": true, "profileId": "anandi-devi", "memberId": "512345678", "skillId": "4785146571", "skillName": "Go-To-Market Strategy", "random": true, "message": "Successfully endorsed skill: Go-To-Market Strategy"})),
        (status = 400, description = "No skill chosen, already endorsed, none left, or validation failed", body = CsBadRequest,
            examples(
                ("choice" = (summary = "Neither skillId nor random", value = json!({"success": false, "error": "Either skillId or random=true must be provided"}))),
                ("none" = (summary = "Every skill endorsed", value = json!({"success": false, "error": "No unendorsed skills left on anandi-devi"}))),
            )),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Profile, skill or LinkedIn account not found", body = CsBadRequest,
            examples(
                ("profile" = (summary = "No such member", value = json!({"error": "LinkedIn profile not found: notfound-jane", "success": false}))),
                ("skill" = (summary = "No such skill on the profile", value = json!({"success": false, "error": "Skill not found: 123"}))),
            )),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to endorse skill"})),
    )
)]
#[post("/linkedin/endorse-skill")]
pub async fn endorse_skill(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    let result = match authed(&world, &req, &body) {
        Ok(a) => endorse(&world, &req, a.key, a.body).await,
        Err(e) => Err(e),
    };
    finish(&world, result, None)
}

async fn endorse(
    world: &World,
    req: &HttpRequest,
    key: &CsKey,
    body: Result<Value, CsError>,
) -> Result<HttpResponse, CsError> {
    let r = input::endorse(&body?)?;
    let chosen = select(key, r.account_id.as_deref())?;
    let acc = account(world, chosen)?;
    upstream(world, req, "Failed to endorse skill").await?;
    let handle = member_handle(world, &r.profile_id)
        .ok_or_else(|| CsError::ProfileNotFound(r.profile_id.clone()))?;
    let person = world.people.person(&handle);
    // An explicit skillId wins over random (mocklink's choice).
    let choice = match &r.skill_id {
        Some(id) => SkillChoice::Id(id.clone()),
        None => SkillChoice::Random,
    };
    let skill = acc
        .rules
        .lock()
        .endorse(&handle, &r.profile_id, &person.skills, &choice, |n| {
            world.with_rng(|g| g.random_range(0..n))
        })?
        .clone();
    let random = choice == SkillChoice::Random;
    Ok(HttpResponse::Ok().json(EndorseResponse {
        success: true,
        profile_id: r.profile_id.clone(),
        member_id: person.member_id.to_string(),
        skill_id: skill.id.to_string(),
        skill_name: random.then(|| skill.name.clone()).map(Into::into),
        random,
        message: format!("Successfully endorsed skill: {}", skill.name),
    }))
}
