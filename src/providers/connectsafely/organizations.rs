//! Organizations (catalog 3.H): the company pages an account administers
//! (the scenario's `organizations`, companies of the shared LinkedIn model)
//! and follow invitations to them, which only a Super Admin may send. The
//! invitations sent are network state (`world.linkedin`).

use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Data, Path};
use actix_web::{get, post, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{CsError, Shape};
use super::model::{CsBadRequest, CsFailure, CsMessage};
use super::routes::{upstream, TAG};
use super::steps::{begin, caller, caller_of, member, query, query_account, reply, Caller};
use super::zod::Checker;
use crate::linkedin::Company;
use crate::scenario::{CsOrgRole, CsOrganization};
use crate::state::{AppState, World};

/// This group's routes (catalog 3.H).
pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(organizations).service(follow_invitations);
}

/// At most this many profile URNs per follow-invitations call (catalog 3.H).
pub const MAX_INVITES_PER_CALL: usize = 50;

// ------------------------------------------------------------------ wire

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsOrganizationPage)]
pub struct Organization {
    /// Numeric company id (what `follow-invitations` takes).
    #[schema(example = "105672170")]
    pub id: String,
    #[schema(example = "105672170")]
    pub company_id: String,
    /// `urn:li:organization:<id>` (what `/posts/comment` takes as `companyUrn`).
    #[schema(example = "urn:li:organization:105672170")]
    pub company_urn: String,
    #[schema(example = "urn:li:organization:105672170")]
    pub organization_urn: String,
    #[schema(example = "ConnectSafely")]
    pub name: String,
    /// The page slug (`linkedin.com/company/<universalName>`).
    #[schema(example = "connectsafely")]
    pub universal_name: String,
    pub page_url: String,
    pub logo_url: String,
    pub follower_count: u32,
    /// `SUPER_ADMIN`, `ADMIN`, `CONTENT_ADMIN` or `ANALYST`.
    #[schema(example = "SUPER_ADMIN")]
    pub role: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsOrganizationsResponse)]
pub struct OrganizationsResponse {
    pub success: bool,
    pub account_id: String,
    pub organizations: Vec<Organization>,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsFollowInvitationsRequest)]
pub struct FollowInvitationsRequest {
    pub account_id: Option<String>,
    /// May repeat the path's company id.
    #[schema(example = "105672170")]
    pub company_id: Option<String>,
    /// At most 50 `urn:li:fsd_profile:…`.
    pub profile_urns: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsFollowInvitationResult)]
pub struct InvitationResult {
    pub profile_urn: String,
    pub success: bool,
    /// `INVITED`, `ALREADY_INVITED` or `NOT_FOUND`.
    #[schema(example = "INVITED")]
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsFollowInvitationsResponse)]
pub struct FollowInvitationsResponse {
    /// True when at least one invitation went out.
    pub success: bool,
    pub account_id: String,
    pub company_id: String,
    pub total_requested: u64,
    pub total_successful: u64,
    pub total_failed: u64,
    pub results: Vec<InvitationResult>,
}

// ------------------------------------------------------------------ shared

fn role_name(r: CsOrgRole) -> &'static str {
    match r {
        CsOrgRole::SuperAdmin => "SUPER_ADMIN",
        CsOrgRole::Admin => "ADMIN",
        CsOrgRole::ContentAdmin => "CONTENT_ADMIN",
        CsOrgRole::Analyst => "ANALYST",
    }
}

/// The pages the account administers, with their companies.
pub fn managed<'a>(world: &World, c: &'a Caller) -> Vec<(&'a CsOrganization, Company)> {
    c.chosen
        .organizations
        .iter()
        .filter_map(|o| world.linkedin.company(&o.company).map(|co| (o, co)))
        .collect()
}

// ------------------------------------------------------------------ routes

/// Company pages the account administers, with its role on each.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("accountId" = Option<String>, Query, description = "LinkedIn account (24 hex); absent = the key's default", example = "696ce9e780e0483585e4e553")),
    responses(
        (status = 200, description = "Managed pages", body = OrganizationsResponse,
            example = json!({"success": true, "accountId": "696ce9e780e0483585e4e553", "organizations": [{"id": "105672170", "companyId": "105672170", "companyUrn": "urn:li:organization:105672170", "organizationUrn": "urn:li:organization:105672170", "name": "ConnectSafely", "universalName": "connectsafely", "pageUrl": "https://www.linkedin.com/company/connectsafely/", "logoUrl": "https://media.licdn.com/dms/image/v2/C560BAQ/company-logo_200_200/0/1", "followerCount": 1200, "role": "SUPER_ADMIN"}], "count": 1})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such LinkedIn account for this key", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn account not found: 60d21b4667d0d8992e610c85", "message": "LinkedIn account not found: 60d21b4667d0d8992e610c85"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to fetch organizations", "message": "Failed to fetch organizations"})),
    )
)]
#[get("/linkedin/organizations")]
pub async fn organizations(req: HttpRequest, state: Data<AppState>) -> HttpResponse {
    let world = state.world();
    reply(organizations_inner(&world, &req).await)
}

async fn organizations_inner(world: &World, req: &HttpRequest) -> Result<HttpResponse, CsError> {
    let q = query(req);
    let c = caller(world, req, query_account(&q), Shape::SuccessFirst)?;
    upstream(world, req, "Failed to fetch organizations").await?;
    let pages: Vec<Organization> = managed(world, &c)
        .into_iter()
        .map(|(o, co)| Organization {
            id: co.id.to_string(),
            company_id: co.id.to_string(),
            company_urn: co.urn(),
            organization_urn: co.urn(),
            name: co.name.clone(),
            universal_name: co.slug.clone(),
            page_url: format!("https://www.linkedin.com/company/{}/", co.slug),
            logo_url: co.logo_url.clone(),
            follower_count: co.followers,
            role: role_name(o.role).into(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(OrganizationsResponse {
        success: true,
        account_id: c.id().to_string(),
        count: pages.len() as u64,
        organizations: pages,
    }))
}

/// Invite members to follow a company page.
///
/// Needs Super Admin on that page (403 otherwise); at most 50 URNs per call.
/// Always 200 once the call is allowed, with one result per URN; `success`
/// is true when at least one invitation went out. A member already invited
/// to the page by this account fails with `ALREADY_INVITED`.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("companyId" = String, Path, description = "Numeric company id", example = "105672170")),
    request_body = FollowInvitationsRequest,
    responses(
        (status = 200, description = "Invitations processed (even partly)", body = FollowInvitationsResponse,
            example = json!({"success": true, "accountId": "696ce9e780e0483585e4e553", "companyId": "105672170", "totalRequested": 2, "totalSuccessful": 1, "totalFailed": 1, "results": [{"profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "success": true, "status": "INVITED"}, {"profileUrn": "urn:li:fsd_profile:ACoAAA24A-MBVEvT49xpVF2gnWrhvmUIPDJshSM", "success": false, "status": "NOT_FOUND", "error": "LinkedIn profile not found"}]})),
        (status = 400, description = "Validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "too_big", "maximum": 50, "type": "array", "inclusive": true, "exact": false, "message": "Array must contain at most 50 element(s)", "path": ["profileUrns"]}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 403, description = "No Super Admin access to the page", body = CsMessage,
            example = json!({"error": "Super Admin access to organization 2414183 is required", "message": "Super Admin access to organization 2414183 is required"})),
        (status = 404, description = "No such LinkedIn account for this key", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn account not found: 60d21b4667d0d8992e610c85", "message": "LinkedIn account not found: 60d21b4667d0d8992e610c85"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to send follow invitations", "message": "Failed to send follow invitations"})),
    )
)]
#[post("/linkedin/organizations/{companyId}/follow-invitations")]
pub async fn follow_invitations(
    req: HttpRequest,
    state: Data<AppState>,
    path: Path<String>,
    body: Bytes,
) -> HttpResponse {
    let world = state.world();
    reply(invitations_inner(&world, &req, &path, &body).await)
}

async fn invitations_inner(
    world: &World,
    req: &HttpRequest,
    company: &str,
    body: &[u8],
) -> Result<HttpResponse, CsError> {
    let b = begin(world, req, body)?;
    let raw = b.body?;
    let mut z = Checker::new(&raw);
    let account_id = z.string("accountId", false);
    z.string("companyId", false);
    let urns = z.string_array("profileUrns", true, 1, MAX_INVITES_PER_CALL);
    z.finish()?;
    let c = caller_of(world, b.key, account_id, Shape::SuccessFirst)?;
    let page = managed(world, &c)
        .into_iter()
        .find(|(_, co)| co.id.to_string() == company.trim());
    let co = match page {
        Some((o, co)) if o.role == CsOrgRole::SuperAdmin => co,
        _ => {
            return Err(CsError::text(
                StatusCode::FORBIDDEN,
                Shape::Bare,
                format!("Super Admin access to organization {company} is required"),
            ))
        }
    };
    upstream(world, req, "Failed to send follow invitations").await?;
    let mut results = Vec::new();
    for urn in urns.unwrap_or_default() {
        let r = match member(world, urn) {
            None => InvitationResult {
                profile_urn: urn.to_string(),
                success: false,
                status: "NOT_FOUND".into(),
                error: Some("LinkedIn profile not found".into()),
            },
            Some(m) => match world
                .linkedin
                .invite_to_follow_page(c.id(), co.id, &m.handle)
            {
                Ok(true) => InvitationResult {
                    profile_urn: urn.to_string(),
                    success: true,
                    status: "INVITED".into(),
                    error: None,
                },
                Ok(false) => InvitationResult {
                    profile_urn: urn.to_string(),
                    success: false,
                    status: "ALREADY_INVITED".into(),
                    error: Some("Already invited to follow this page".into()),
                },
                Err(e) => InvitationResult {
                    profile_urn: urn.to_string(),
                    success: false,
                    status: "FAILED".into(),
                    error: Some(e.to_string()),
                },
            },
        };
        results.push(r);
    }
    let ok = results.iter().filter(|r| r.success).count() as u64;
    let total = results.len() as u64;
    Ok(HttpResponse::Ok().json(FollowInvitationsResponse {
        success: ok > 0,
        account_id: c.id().to_string(),
        company_id: co.id.to_string(),
        total_requested: total,
        total_successful: ok,
        total_failed: total - ok,
        results,
    }))
}
