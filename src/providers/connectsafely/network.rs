//! The account's own network (catalog 3.C): its 1st-degree connections and
//! its pending invitations both ways, read from the shared LinkedIn model,
//! so a `/connect` shows here at once and a withdraw or an accept removes
//! it. Index paging (`startIndex`) without totals: a short page is the end.
//! Non-200 bodies are E1 (`{"error"}`), as the invitation pages show.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web::Data;
use actix_web::{get, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{CsError, Shape};
use super::model::CsMessage;
use super::routes::{upstream, TAG};
use super::steps::{ago, caller, connected_on, member_id, query, query_account, reply};
use crate::linkedin::InvitationCategory;
use crate::state::{AppState, World};

/// This group's routes (catalog 3.C).
pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(connections)
        .service(invitations_sent)
        .service(invitations_received);
}

/// `/connections` pages hold at most this many (catalog 3.C).
pub const MAX_CONNECTIONS_PAGE: u64 = 12;
/// Default `/connections` page (the docs' example echoes 10).
pub const DEFAULT_CONNECTIONS_PAGE: u64 = 10;
/// Invitations come in pages of 10.
pub const INVITATIONS_PAGE: usize = 10;

// ------------------------------------------------------------------ wire

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsConnectionsResponse)]
pub struct ConnectionsResponse {
    pub success: bool,
    pub connections: Vec<ConnectionItem>,
    #[schema(example = 0)]
    pub start_index: u64,
    /// The page size applied (at most 12).
    #[schema(example = 10)]
    pub limit: u64,
    #[schema(example = "recentlyAdded")]
    pub sort_by: String,
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub account_id: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsConnection)]
pub struct ConnectionItem {
    #[schema(example = "Jane")]
    pub first_name: String,
    #[schema(example = "Doe")]
    pub last_name: String,
    /// The public id.
    #[schema(example = "jane-doe")]
    pub vanity_name: String,
    pub headline: String,
    #[schema(example = "Connected on Feb 15, 2024")]
    pub connected_date: String,
    #[schema(example = "https://www.linkedin.com/in/jane-doe/")]
    pub profile_url: String,
    pub profile_urn: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsInvitationsResponse)]
pub struct InvitationsResponse {
    pub success: bool,
    pub invitations: Vec<Invitation>,
    /// Items in this page.
    pub count: u64,
    pub start_index: u64,
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub account_id: String,
}

/// A sent or received invitation.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsInvitation)]
pub struct Invitation {
    #[schema(example = "7897046780350316544")]
    pub id: String,
    #[schema(example = "7897046780350316544")]
    pub invitation_id: String,
    #[schema(example = "urn:li:invitation:7897046780350316544")]
    pub invitation_urn: String,
    /// `ACoAA…`; `""` for organization invitations.
    pub member_id: String,
    /// `urn:li:fsd_profile:ACoAA…`; `""` for organization invitations.
    pub member_urn: String,
    /// `SENT` or `RECEIVED`.
    #[schema(example = "SENT")]
    pub invitation_type: String,
    /// Sent invitations: when, relative (`"2 days ago"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "2 days ago")]
    pub sent_at: Option<String>,
    /// Received invitations: when, relative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received_at: Option<String>,
    /// Received only: `CONNECTION`, `ORGANIZATION`, `NEWSLETTER`, `EVENT`, `MEMBER_FOLLOW`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitation_category: Option<String>,
    /// Received only, e.g. `GenericInvitationType_CONNECTION`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked_in_invitation_type: Option<String>,
    /// Received only: what `/invitations/received/respond` needs.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "C712w50Z")]
    pub validation_token: Option<String>,
    /// Organization invitations only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// The note sent with the invitation, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub profile: InvitationProfile,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsInvitationProfile)]
pub struct InvitationProfile {
    pub first_name: String,
    pub last_name: String,
    pub headline: String,
    pub profile_url: String,
    pub public_identifier: String,
}

// ------------------------------------------------------------------ query

/// A non-negative integer query parameter, or the 400 naming it.
pub fn index_param(q: &HashMap<String, String>, key: &str) -> Result<Option<u64>, CsError> {
    match q.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse::<u64>().map(Some).map_err(|_| {
            CsError::text(
                StatusCode::BAD_REQUEST,
                Shape::Bare,
                format!("Invalid {key}: expected a non-negative integer, got '{v}'"),
            )
        }),
    }
}

fn profile_of(world: &World, handle: &str) -> InvitationProfile {
    let p = world.people.person(handle);
    InvitationProfile {
        first_name: p.first_name.to_string(),
        last_name: p.last_name.to_string(),
        headline: p.headline.to_string(),
        profile_url: p.profile_url(),
        public_identifier: p.handle.to_string(),
    }
}

fn window<T>(items: Vec<T>, start: usize, size: usize) -> Vec<T> {
    items.into_iter().skip(start).take(size).collect()
}

// ------------------------------------------------------------------ routes

/// The account's 1st-degree connections.
///
/// `limit` is at most 12 (larger values are cut to 12); `sortBy` is
/// `recentlyAdded` (default, newest first), `firstName` or `lastName`.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(
        ("accountId" = Option<String>, Query, description = "LinkedIn account (24 hex); absent = the key's default", example = "696ce9e780e0483585e4e553"),
        ("startIndex" = Option<u64>, Query, description = "0-based index of the first connection", example = 0),
        ("limit" = Option<u64>, Query, description = "Page size, at most 12 (default 10)", example = 10),
        ("sortBy" = Option<String>, Query, description = "recentlyAdded (default), firstName or lastName", example = "recentlyAdded"),
    ),
    responses(
        (status = 200, description = "Connections", body = ConnectionsResponse,
            example = json!({"success": true, "connections": [{"firstName": "Jane", "lastName": "Doe", "vanityName": "jane-doe", "headline": "Head of Growth at Acme", "connectedDate": "Connected on Feb 15, 2024", "profileUrl": "https://www.linkedin.com/in/jane-doe/", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o"}], "startIndex": 0, "limit": 10, "sortBy": "recentlyAdded", "accountId": "696ce9e780e0483585e4e553"})),
        (status = 400, description = "A query parameter is not valid", body = CsMessage,
            example = json!({"error": "Invalid sortBy: expected recentlyAdded, firstName or lastName", "message": "Invalid sortBy: expected recentlyAdded, firstName or lastName"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such LinkedIn account for this key", body = CsMessage,
            example = json!({"error": "LinkedIn account not found: 60d21b4667d0d8992e610c85", "message": "LinkedIn account not found: 60d21b4667d0d8992e610c85"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsMessage,
            example = json!({"error": "Failed to fetch connections", "message": "Failed to fetch connections"})),
    )
)]
#[get("/linkedin/connections")]
pub async fn connections(req: HttpRequest, state: Data<AppState>) -> HttpResponse {
    let world = state.world();
    reply(connections_inner(&world, &req).await)
}

async fn connections_inner(world: &World, req: &HttpRequest) -> Result<HttpResponse, CsError> {
    let q = query(req);
    let c = caller(world, req, query_account(&q), Shape::Bare)?;
    let start = index_param(&q, "startIndex")?.unwrap_or(0);
    let limit = index_param(&q, "limit")?
        .unwrap_or(DEFAULT_CONNECTIONS_PAGE)
        .clamp(1, MAX_CONNECTIONS_PAGE);
    let sort = match q.get("sortBy").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => "recentlyAdded",
        Some(s @ ("recentlyAdded" | "firstName" | "lastName")) => s,
        Some(_) => {
            return Err(CsError::text(
                StatusCode::BAD_REQUEST,
                Shape::Bare,
                "Invalid sortBy: expected recentlyAdded, firstName or lastName",
            ))
        }
    };
    upstream(world, req, "Failed to fetch connections").await?;
    let all = world.linkedin.connections(c.id());
    let start = usize::try_from(start).unwrap_or(usize::MAX);
    let size = usize::try_from(limit).unwrap_or(12);
    let pick: Vec<(
        crate::linkedin::Connection,
        std::sync::Arc<crate::people::Person>,
    )> = if sort == "recentlyAdded" {
        // Already newest first: only the page's people are built.
        window(all, start, size)
            .into_iter()
            .map(|k| {
                let p = world.people.person(&k.handle);
                (k, p)
            })
            .collect()
    } else {
        let mut v: Vec<_> = all
            .into_iter()
            .map(|k| {
                let p = world.people.person(&k.handle);
                (k, p)
            })
            .collect();
        v.sort_by(|a, b| {
            let key = |p: &crate::people::Person| {
                if sort == "firstName" {
                    (p.first_name.to_lowercase(), p.last_name.to_lowercase())
                } else {
                    (p.last_name.to_lowercase(), p.first_name.to_lowercase())
                }
            };
            key(&a.1).cmp(&key(&b.1)).then(a.0.handle.cmp(&b.0.handle))
        });
        window(v, start, size)
    };
    let items: Vec<ConnectionItem> = pick
        .into_iter()
        .map(|(k, p)| ConnectionItem {
            first_name: p.first_name.to_string(),
            last_name: p.last_name.to_string(),
            vanity_name: p.handle.to_string(),
            headline: p.headline.to_string(),
            connected_date: connected_on(k.connected_at),
            // With the trailing slash, as the docs' example writes it.
            profile_url: format!("https://www.linkedin.com/in/{}/", p.handle),
            profile_urn: world.people.urn_for(&k.handle),
        })
        .collect();
    Ok(HttpResponse::Ok().json(ConnectionsResponse {
        success: true,
        connections: items,
        start_index: u64::try_from(start).unwrap_or(u64::MAX),
        limit,
        sort_by: sort.into(),
        account_id: c.id().to_string(),
    }))
}

/// Pending invitations the account has sent, newest first, in pages of 10.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(
        ("accountId" = Option<String>, Query, description = "LinkedIn account (24 hex); absent = the key's default", example = "696ce9e780e0483585e4e553"),
        ("startIndex" = Option<u64>, Query, description = "0-based index of the first invitation", example = 0),
    ),
    responses(
        (status = 200, description = "Sent invitations", body = InvitationsResponse,
            example = json!({"success": true, "invitations": [{"id": "7897046780350316544", "invitationId": "7897046780350316544", "invitationUrn": "urn:li:invitation:7897046780350316544", "memberId": "ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "memberUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "invitationType": "SENT", "sentAt": "2 days ago", "profile": {"firstName": "Jane", "lastName": "Doe", "headline": "Head of Growth at Acme", "profileUrl": "https://www.linkedin.com/in/jane-doe/", "publicIdentifier": "jane-doe"}}], "count": 1, "startIndex": 0, "accountId": "696ce9e780e0483585e4e553"})),
        (status = 400, description = "A query parameter is not valid", body = CsMessage,
            example = json!({"error": "Invalid startIndex: expected a non-negative integer, got 'x'", "message": "Invalid startIndex: expected a non-negative integer, got 'x'"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No active LinkedIn account", body = CsMessage,
            example = json!({"error": "LinkedIn account not found: 60d21b4667d0d8992e610c85", "message": "LinkedIn account not found: 60d21b4667d0d8992e610c85"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsMessage,
            example = json!({"error": "Failed to fetch sent invitations", "message": "Failed to fetch sent invitations"})),
    )
)]
#[get("/linkedin/invitations/sent")]
pub async fn invitations_sent(req: HttpRequest, state: Data<AppState>) -> HttpResponse {
    let world = state.world();
    reply(sent_inner(&world, &req).await)
}

async fn sent_inner(world: &World, req: &HttpRequest) -> Result<HttpResponse, CsError> {
    let q = query(req);
    let c = caller(world, req, query_account(&q), Shape::Bare)?;
    let start = index_param(&q, "startIndex")?.unwrap_or(0);
    upstream(world, req, "Failed to fetch sent invitations").await?;
    let now = world.now();
    let page = window(
        world.linkedin.sent_invitations(c.id()),
        usize::try_from(start).unwrap_or(usize::MAX),
        INVITATIONS_PAGE,
    );
    let invitations: Vec<Invitation> = page
        .into_iter()
        .map(|i| {
            let urn = world.people.urn_for(&i.handle);
            Invitation {
                id: i.id.to_string(),
                invitation_id: i.id.to_string(),
                invitation_urn: i.urn(),
                member_id: member_id(&urn).to_string(),
                member_urn: urn,
                invitation_type: "SENT".into(),
                sent_at: Some(ago(now, i.sent_at)),
                received_at: None,
                invitation_category: None,
                linked_in_invitation_type: None,
                validation_token: None,
                company_name: None,
                message: i.message.clone(),
                profile: profile_of(world, &i.handle),
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(InvitationsResponse {
        success: true,
        count: invitations.len() as u64,
        invitations,
        start_index: start,
        account_id: c.id().to_string(),
    }))
}

/// Pending invitations the account received, by category, in pages of 10.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(
        ("accountId" = Option<String>, Query, description = "LinkedIn account (24 hex); absent = the key's default", example = "696ce9e780e0483585e4e553"),
        ("startIndex" = Option<u64>, Query, description = "0-based index of the first invitation", example = 0),
    ),
    responses(
        (status = 200, description = "Received invitations", body = InvitationsResponse,
            example = json!({"success": true, "invitations": [{"id": "7897046780350316545", "invitationId": "7897046780350316545", "invitationUrn": "urn:li:invitation:7897046780350316545", "memberId": "ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "memberUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "invitationType": "RECEIVED", "receivedAt": "5 hours ago", "invitationCategory": "CONNECTION", "linkedInInvitationType": "GenericInvitationType_CONNECTION", "validationToken": "C712w50Z", "profile": {"firstName": "Jane", "lastName": "Doe", "headline": "Head of Growth at Acme", "profileUrl": "https://www.linkedin.com/in/jane-doe/", "publicIdentifier": "jane-doe"}}], "count": 1, "startIndex": 0, "accountId": "696ce9e780e0483585e4e553"})),
        (status = 400, description = "A query parameter is not valid", body = CsMessage,
            example = json!({"error": "Invalid startIndex: expected a non-negative integer, got 'x'", "message": "Invalid startIndex: expected a non-negative integer, got 'x'"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No active LinkedIn account", body = CsMessage,
            example = json!({"error": "LinkedIn account not found: 60d21b4667d0d8992e610c85", "message": "LinkedIn account not found: 60d21b4667d0d8992e610c85"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsMessage,
            example = json!({"error": "Failed to fetch received invitations", "message": "Failed to fetch received invitations"})),
    )
)]
#[get("/linkedin/invitations/received")]
pub async fn invitations_received(req: HttpRequest, state: Data<AppState>) -> HttpResponse {
    let world = state.world();
    reply(received_inner(&world, &req).await)
}

async fn received_inner(world: &World, req: &HttpRequest) -> Result<HttpResponse, CsError> {
    let q = query(req);
    let c = caller(world, req, query_account(&q), Shape::Bare)?;
    let start = index_param(&q, "startIndex")?.unwrap_or(0);
    upstream(world, req, "Failed to fetch received invitations").await?;
    let now = world.now();
    let page = window(
        world.linkedin.received_invitations(c.id()),
        usize::try_from(start).unwrap_or(usize::MAX),
        INVITATIONS_PAGE,
    );
    let invitations: Vec<Invitation> = page
        .into_iter()
        .map(|i| {
            let org = i.category == InvitationCategory::Organization;
            let urn = world.people.urn_for(&i.handle);
            let company_name = i.company.as_ref().map(|slug| {
                world
                    .linkedin
                    .company_brief(slug)
                    .map_or_else(|| slug.clone(), |co| co.name)
            });
            Invitation {
                id: i.id.to_string(),
                invitation_id: i.id.to_string(),
                invitation_urn: i.urn(),
                member_id: if org {
                    String::new()
                } else {
                    member_id(&urn).to_string()
                },
                member_urn: if org { String::new() } else { urn },
                invitation_type: "RECEIVED".into(),
                sent_at: None,
                received_at: Some(ago(now, i.received_at)),
                invitation_category: Some(i.category.as_str().into()),
                linked_in_invitation_type: Some(i.category.linkedin_type()),
                validation_token: Some(i.validation_token.clone()),
                company_name,
                message: i.message.clone(),
                profile: profile_of(world, &i.handle),
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(InvitationsResponse {
        success: true,
        count: invitations.len() as u64,
        invitations,
        start_index: start,
        account_id: c.id().to_string(),
    }))
}
