//! Groups (catalog §3.G): `POST /groups/members`, `/groups/members-by-url`,
//! `/groups/resolve` and `GET /groups/{groupId}/members`. Groups and their
//! member lists are the shared LinkedIn model's (`world.linkedin`); this
//! file adds ConnectSafely's paging, filters and the daily GROUP_MEMBERS
//! budget (1,000 members per account per UTC day, shared by every
//! group-members route; scenario `connectsafely.limits.groupMembersPerDay`).
//! A page past the budget's remainder is cut to it; with nothing left the
//! answer is 429.

use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Data, Path};
use actix_web::{get, post, HttpRequest, HttpResponse, ResponseError};
use serde_json::Value;

use super::content::GROUP_MEMBERS;
use super::content_model::*;
use super::error::CsError;
use super::links;
use super::model::{CsBadRequest, CsFailure, CsMessage, CsRefusal};
use super::routes::{account, add_usage_headers, authed, authenticate, select, upstream, TAG};
use super::zod::Checker;
use crate::linkedin::{Group, Role};
use crate::scenario::CsAccount;
use crate::state::{AppState, World};

pub const ROLES: [&str; 3] = ["OWNER", "MANAGER", "MEMBER"];
pub const DEFAULT_COUNT: u64 = 50;
pub const MAX_COUNT: u64 = 100;
/// Members a name filter looks through at most (bounds the work of one request).
pub const TYPEAHEAD_SCAN: u32 = 20_000;

/// One group-members request, whichever route it came by.
struct MembersQuery {
    account_id: Option<String>,
    /// What the client sent (`groupId`, or `groupUrl` for members-by-url).
    sent: String,
    group_url: Option<String>,
    start: u64,
    count: u64,
    roles: Vec<Role>,
    typeahead: Option<String>,
}

/// `groupId`/`groupUrl`, `count`, `start`, `membershipStatuses`,
/// `typeaheadQuery`, `accountId`.
fn parse_members(body: &Value, by_url: bool) -> Result<MembersQuery, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let key = if by_url { "groupUrl" } else { "groupId" };
    let sent = c.string(key, true);
    if let Some(s) = sent {
        c.min_len(key, s, 1);
    }
    let count = c.integer_in("count", false, 1, MAX_COUNT);
    let start = c.integer("start", false, 0);
    let statuses = c.strings("membershipStatuses", None, Some(&ROLES));
    let typeahead = c.string("typeaheadQuery", false);
    c.finish()?;
    let mut roles: Vec<Role> = statuses
        .unwrap_or_default()
        .into_iter()
        .filter_map(Role::parse)
        .collect();
    if roles.is_empty() {
        roles = vec![Role::Owner, Role::Manager, Role::Member];
    }
    let sent = sent.unwrap_or_default().trim().to_string();
    Ok(MembersQuery {
        account_id: account_id.map(str::to_string),
        group_url: by_url.then(|| sent.clone()),
        sent,
        start: start.unwrap_or(0),
        count: count.unwrap_or(DEFAULT_COUNT),
        roles,
        typeahead: typeahead
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_lowercase),
    })
}

/// The group a request names: a URL that names no group id → 400; an id
/// that is no group → 404 (both E3, mocklink's wording).
fn group_of(world: &World, sent: &str, by_url: bool) -> Result<Group, CsError> {
    let id = links::group_id(sent).ok_or_else(|| {
        CsError::failed(
            StatusCode::BAD_REQUEST,
            if by_url {
                format!("Invalid LinkedIn group URL: {sent}")
            } else {
                format!("Invalid group ID: {sent}")
            },
        )
    })?;
    id.parse::<u64>()
        .ok()
        .and_then(|n| world.linkedin.group(n))
        .ok_or_else(|| CsError::failed(StatusCode::NOT_FOUND, format!("Group not found: {id}")))
}

/// The indices of the group's list a query keeps, as (kept roles among the
/// first few, start of the plain-member run): owner and managers come
/// first in the model's list, then members only.
fn member_run(world: &World, g: &Group, roles: &[Role]) -> (Vec<u32>, u32) {
    let head = world
        .linkedin
        .group_members(g.id, 0, 16)
        .map(|(m, _)| m)
        .unwrap_or_default();
    let first_member = head
        .iter()
        .position(|m| m.role == Role::Member)
        .map_or(g.member_count.min(16), |p| p as u32);
    let kept = head
        .iter()
        .take(first_member as usize)
        .enumerate()
        .filter(|(_, m)| roles.contains(&m.role))
        .map(|(i, _)| i as u32)
        .collect();
    (kept, first_member)
}

/// Indices of the page `start..start+count` of the filtered list, and the
/// filtered total.
fn page_indices(world: &World, g: &Group, q: &MembersQuery, now_cap: u64) -> (Vec<u32>, u64) {
    let (head, first_member) = member_run(world, g, &q.roles);
    let plain = q.roles.contains(&Role::Member);
    let mut all_kept = head;
    let tail = if plain {
        g.member_count.saturating_sub(first_member)
    } else {
        0
    };
    match &q.typeahead {
        None => {
            let total = all_kept.len() as u64 + u64::from(tail);
            let start = q.start.min(total);
            let end = (start + q.count.min(now_cap)).min(total);
            let idx = (start..end)
                .map(|k| {
                    if (k as usize) < all_kept.len() {
                        all_kept[k as usize]
                    } else {
                        first_member + (k - all_kept.len() as u64) as u32
                    }
                })
                .collect();
            (idx, total)
        }
        Some(text) => {
            if plain {
                all_kept.extend(first_member..first_member + tail.min(TYPEAHEAD_SCAN));
            }
            let matching: Vec<u32> = all_kept
                .into_iter()
                .filter(|&i| {
                    world
                        .linkedin
                        .group_members(g.id, i, 1)
                        .and_then(|(m, _)| m.into_iter().next())
                        .is_some_and(|m| {
                            world
                                .linkedin
                                .person(&m.handle)
                                .full_name()
                                .to_lowercase()
                                .contains(text.as_str())
                        })
                })
                .collect();
            let total = matching.len() as u64;
            let start = (q.start as usize).min(matching.len());
            let end = (start + q.count.min(now_cap) as usize).min(matching.len());
            (matching[start..end].to_vec(), total)
        }
    }
}

fn card(world: &World, account: &str, handle: &str, role: Role) -> GroupMember {
    let p = world.linkedin.person(handle);
    let mut badges = Vec::new();
    if p.is_premium {
        badges.push("premium".to_string());
    }
    if p.is_verified {
        badges.push("verified".to_string());
    }
    GroupMember {
        profile_id: p.fsd_id().to_string(),
        public_identifier: p.handle.to_string(),
        profile_urn: p.urn.to_string(),
        first_name: p.first_name.to_string(),
        last_name: p.last_name.to_string(),
        full_name: p.full_name(),
        headline: p.headline.to_string(),
        profile_url: p.profile_url(),
        profile_picture: p.profile_picture.to_string(),
        follower_count: p.follower_count,
        is_premium: p.is_premium,
        is_verified: p.is_verified,
        badges,
        relationship_status: world
            .linkedin
            .relationship(account, handle)
            .status()
            .to_string(),
        membership_status: role.as_str().to_string(),
        creator: role == Role::Owner,
    }
}

/// One page of members, the day's budget taken under the account's lock.
async fn members_page(
    world: &World,
    req: &HttpRequest,
    chosen: &CsAccount,
    q: &MembersQuery,
    by_url: bool,
) -> Result<HttpResponse, CsError> {
    let acc = account(world, chosen)?;
    let g = group_of(world, &q.sent, by_url)?;
    upstream(world, req, "Failed to fetch group members").await?;
    let limit = world.connectsafely.content_limits().group_members_per_day;
    let now = world.now();
    let (indices, total) = page_indices(world, &g, q, MAX_COUNT);
    let want = u32::try_from(indices.len()).unwrap_or(u32::MAX);
    let granted = acc
        .content
        .lock()
        .group_members
        .take(GROUP_MEMBERS, want, limit, now)?;
    let indices = &indices[..granted as usize];
    let account_id = chosen.id.0.as_str();
    let members: Vec<GroupMember> = indices
        .iter()
        .filter_map(|&i| {
            let (m, _) = world.linkedin.group_members(g.id, i, 1)?;
            let m = m.into_iter().next()?;
            Some(card(world, account_id, &m.handle, m.role))
        })
        .collect();
    let start = q.start.min(total);
    let count = members.len() as u64;
    Ok(HttpResponse::Ok().json(GroupMembersResponse {
        success: true,
        account_id: account_id.to_string(),
        group_url: q.group_url.clone(),
        group_id: g.id.to_string(),
        group_name: g.name.clone(),
        members,
        pagination: Page {
            start,
            count,
            total,
        },
        has_more: start + count < total,
    }))
}

/// Adds the GROUP_MEMBERS headers when the account is known (CS-HEADERS).
fn with_usage(world: &World, mut resp: HttpResponse, chosen: Option<&CsAccount>) -> HttpResponse {
    let Some(acc) = chosen.and_then(|c| world.connectsafely.account(&c.id.0)) else {
        return resp;
    };
    let limit = world.connectsafely.content_limits().group_members_per_day;
    let usage = acc
        .content
        .lock()
        .group_members
        .usage(GROUP_MEMBERS, limit, world.now());
    add_usage_headers(&mut resp, &usage);
    resp
}

async fn members_route(
    world: &World,
    req: &HttpRequest,
    body: &Bytes,
    by_url: bool,
) -> HttpResponse {
    let a = match authed(world, req, body) {
        Ok(a) => a,
        Err(e) => return e.error_response(),
    };
    let result = async {
        let q = parse_members(&a.body?, by_url)?;
        let chosen = select(a.key, q.account_id.as_deref())?;
        members_page(world, req, chosen, &q, by_url).await
    }
    .await;
    with_usage(
        world,
        result.unwrap_or_else(|e| e.error_response()),
        a.for_headers,
    )
}

/// Members of a LinkedIn group.
///
/// Offset paging (`start`, `count` 1–100, default 50) over the group's list
/// (owner, managers, then members), optionally narrowed by
/// `membershipStatuses` and a name `typeaheadQuery`. Counts against the
/// account's 1,000 group members a day.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = GroupMembersRequest, example = json!({"groupId": "9357376", "start": 0, "count": 50, "membershipStatuses": ["OWNER", "MANAGER", "MEMBER"]})),
    responses(
        (status = 200, description = "A page of members", body = GroupMembersResponse,
            headers(
                ("X-RateLimit-Action" = String, description = "GROUP_MEMBERS"),
                ("X-RateLimit-Limit" = u32, description = "Group members allowed per day"),
                ("X-RateLimit-Used" = u32, description = "Group members listed today"),
                ("X-RateLimit-Remaining" = u32, description = "Group members left today"),
                ("X-RateLimit-Reset" = String, description = "Next midnight UTC, ISO 8601"),
            ),
            example = json!({
                "success": true, "accountId": "696ce9e780e0483585e4e553", "groupId": "9357376", "groupName": "SaaS Growth Synergy",
                "members": [{"profileId": "ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "publicIdentifier": "jane-roe", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "firstName": "Jane", "lastName": "Roe", "fullName": "Jane Roe", "headline": "Head of Growth at Acme", "profileUrl": "https://www.linkedin.com/in/jane-roe/", "profilePicture": "https://media.licdn.com/dms/image/v2/x/profile-displayphoto-shrink_100_100/0", "followerCount": 812, "isPremium": true, "isVerified": false, "badges": ["premium"], "relationshipStatus": "NOT_CONNECTED", "membershipStatus": "OWNER", "creator": true}],
                "pagination": {"start": 0, "count": 1, "total": 214}, "hasMore": true
            })),
        (status = 400, description = "Validation failed or no group id", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "string", "received": "undefined", "path": ["groupId"], "message": "Required"}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such group (or LinkedIn account)", body = CsFailure,
            example = json!({"success": false, "error": "Group not found: 0"})),
        (status = 429, description = "The day's 1,000 group members are used", body = CsRefusal,
            example = json!({"error": "Rate limit exceeded for GROUP_MEMBERS: 1000/1000 used. Resets at 2024-01-16T00:00:00.000Z", "success": false})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to fetch group members"})),
    )
)]
#[post("/linkedin/groups/members")]
pub async fn group_members(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    members_route(&world, &req, &body, false).await
}

/// Members of a LinkedIn group, addressed by its URL.
///
/// The same as `/groups/members`, with `groupUrl`
/// (`https://www.linkedin.com/groups/<id>/`); the answer echoes `groupUrl`
/// and the `groupId` taken from it. Shares the daily group-members budget.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = GroupMembersByUrlRequest, example = json!({"groupUrl": "https://www.linkedin.com/groups/9357376/", "count": 20})),
    responses(
        (status = 200, description = "A page of members", body = GroupMembersResponse,
            headers(
                ("X-RateLimit-Action" = String, description = "GROUP_MEMBERS"),
                ("X-RateLimit-Limit" = u32, description = "Group members allowed per day"),
                ("X-RateLimit-Used" = u32, description = "Group members listed today"),
                ("X-RateLimit-Remaining" = u32, description = "Group members left today"),
                ("X-RateLimit-Reset" = String, description = "Next midnight UTC, ISO 8601"),
            ),
            example = json!({
                "success": true, "accountId": "696ce9e780e0483585e4e553", "groupUrl": "https://www.linkedin.com/groups/9357376/", "groupId": "9357376", "groupName": "SaaS Growth Synergy",
                "members": [], "pagination": {"start": 0, "count": 0, "total": 214}, "hasMore": true
            })),
        (status = 400, description = "Validation failed, or the URL names no group", body = CsBadRequest,
            example = json!({"success": false, "error": "Invalid LinkedIn group URL: https://example.com/x"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such group (or LinkedIn account)", body = CsFailure,
            example = json!({"success": false, "error": "Group not found: 0"})),
        (status = 429, description = "The day's 1,000 group members are used", body = CsRefusal,
            example = json!({"error": "Rate limit exceeded for GROUP_MEMBERS: 1000/1000 used. Resets at 2024-01-16T00:00:00.000Z", "success": false})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to fetch group members"})),
    )
)]
#[post("/linkedin/groups/members-by-url")]
pub async fn group_members_by_url(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> HttpResponse {
    let world = state.world();
    members_route(&world, &req, &body, true).await
}

/// Members of a LinkedIn group (GET form).
///
/// `?start=&count=&accountId=`; otherwise as `POST /groups/members`
/// (named in the agent examples' README; mocklink serves it).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(
        ("groupId" = String, Path, description = "Numeric group id", example = "9357376"),
        ("start" = Option<u64>, Query, description = "Offset, default 0"),
        ("count" = Option<u64>, Query, description = "Page size 1–100, default 50"),
        ("accountId" = Option<String>, Query, description = "LinkedIn account; absent = the key's default"),
    ),
    responses(
        (status = 200, description = "A page of members", body = GroupMembersResponse,
            headers(
                ("X-RateLimit-Action" = String, description = "GROUP_MEMBERS"),
                ("X-RateLimit-Limit" = u32, description = "Group members allowed per day"),
                ("X-RateLimit-Used" = u32, description = "Group members listed today"),
                ("X-RateLimit-Remaining" = u32, description = "Group members left today"),
                ("X-RateLimit-Reset" = String, description = "Next midnight UTC, ISO 8601"),
            ),
            example = json!({"success": true, "accountId": "696ce9e780e0483585e4e553", "groupId": "9357376", "groupName": "SaaS Growth Synergy", "members": [], "pagination": {"start": 0, "count": 0, "total": 214}, "hasMore": true})),
        (status = 400, description = "Bad start/count or group id", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "too_big", "maximum": 100, "type": "number", "inclusive": true, "exact": false, "message": "Number must be less than or equal to 100", "path": ["count"]}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such group (or LinkedIn account)", body = CsFailure,
            example = json!({"success": false, "error": "Group not found: 0"})),
        (status = 429, description = "The day's 1,000 group members are used", body = CsRefusal,
            example = json!({"error": "Rate limit exceeded for GROUP_MEMBERS: 1000/1000 used. Resets at 2024-01-16T00:00:00.000Z", "success": false})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to fetch group members"})),
    )
)]
#[get("/linkedin/groups/{groupId}/members")]
pub async fn group_members_get(
    req: HttpRequest,
    state: Data<AppState>,
    path: Path<String>,
) -> HttpResponse {
    let world = state.world();
    let key = match authenticate(&world, &req) {
        Ok(k) => k,
        Err(e) => return e.error_response(),
    };
    let q = actix_web::web::Query::<std::collections::HashMap<String, String>>::from_query(
        req.query_string(),
    )
    .map(actix_web::web::Query::into_inner)
    .unwrap_or_default();
    let account_id = q.get("accountId").filter(|s| !s.is_empty()).cloned();
    // Query values are text; read them as the JSON body would carry them.
    let mut body = serde_json::Map::new();
    body.insert("groupId".into(), Value::String(path.into_inner()));
    for k in ["start", "count"] {
        if let Some(v) = q.get(k) {
            let n = v
                .parse::<u64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(v.clone()));
            body.insert(k.into(), n);
        }
    }
    if let Some(id) = &account_id {
        body.insert("accountId".into(), Value::String(id.clone()));
    }
    let for_headers = select(key, account_id.as_deref()).ok();
    let result = async {
        let q = parse_members(&Value::Object(body), false)?;
        let chosen = select(key, q.account_id.as_deref())?;
        members_page(&world, &req, chosen, &q, false).await
    }
    .await;
    with_usage(
        &world,
        result.unwrap_or_else(|e| e.error_response()),
        for_headers,
    )
}

/// Turn a group URL into its id.
///
/// `{groupUrl}` → `{groupId}` (and the group's name and size); the agent
/// examples call it before listing members. Not counted.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = GroupResolveRequest, example = json!({"groupUrl": "https://www.linkedin.com/groups/9357376/"})),
    responses(
        (status = 200, description = "The group's id", body = GroupResolveResponse,
            example = json!({"success": true, "groupId": "9357376", "groupUrl": "https://www.linkedin.com/groups/9357376/", "groupName": "SaaS Growth Synergy", "memberCount": 214})),
        (status = 400, description = "Validation failed, or the URL names no group", body = CsBadRequest,
            example = json!({"success": false, "error": "Invalid LinkedIn group URL: https://example.com/x"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such group", body = CsFailure,
            example = json!({"success": false, "error": "Group not found: 0"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to resolve group"})),
    )
)]
#[post("/linkedin/groups/resolve")]
pub async fn group_resolve(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    resolve(&world, &req, &body)
        .await
        .unwrap_or_else(|e| e.error_response())
}

async fn resolve(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let a = authed(world, req, body)?;
    let body = a.body?;
    let mut c = Checker::new(&body);
    let account_id = c.string("accountId", false);
    let url = c.string("groupUrl", true);
    if let Some(u) = url {
        c.min_len("groupUrl", u, 1);
    }
    c.finish()?;
    select(a.key, account_id)?;
    let url = url.unwrap_or_default().trim();
    let g = group_of(world, url, true)?;
    upstream(world, req, "Failed to resolve group").await?;
    Ok(HttpResponse::Ok().json(GroupResolveResponse {
        success: true,
        group_id: g.id.to_string(),
        group_url: g.url(),
        group_name: g.name.clone(),
        member_count: u64::from(g.member_count),
    }))
}
