//! `GET /api-team` (outx.md §5.5, MCP `get_team`): who the team is, which
//! plan applies and until when, and the watchlist and seat limits with their
//! use, so a client can avoid the create's 402. The shape is mocklink's
//! (the catalog's proposal); OutX documents none.

use actix_web::web::Data;
use actix_web::{get, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::state::AppState;

use super::error::{OutxError, PLUGIN_REQUIRED};
use super::model::ErrorBody;
use super::request::{admit, Admitted, Uses};

const TAG: &str = "outx";

pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(get_team);
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxTeamResponse)]
pub struct TeamResponse {
    team: TeamIdentity,
    plan: PlanView,
    limits: Limits,
    members: Vec<MemberView>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxTeamIdentity)]
pub struct TeamIdentity {
    #[schema(example = "demo")]
    id: String,
    #[schema(example = "demo's Team")]
    name: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxPlanView)]
pub struct PlanView {
    #[schema(example = "Pro")]
    name: String,
    /// ISO 8601 seconds with `Z`, like watchlists' `createdAt`.
    #[schema(example = "2025-01-14T10:30:00Z")]
    expires_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxLimits)]
pub struct Limits {
    watchlists: Usage,
    team_members: Usage,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxUsage)]
pub struct Usage {
    #[schema(example = 10)]
    limit: u64,
    #[schema(example = 2)]
    used: u64,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxTeamMember)]
pub struct MemberView {
    #[schema(example = "8d3f2a1e-5b6c-4d7e-8f90-1a2b3c4d5e6f")]
    id: String,
    #[schema(example = "admin@demo.outx.test")]
    email: String,
    #[schema(example = "Admin")]
    full_name: String,
    /// `admin` or `member`.
    #[schema(example = "admin")]
    role: &'static str,
    #[schema(example = "2023-01-15T10:30:00Z")]
    joined_at: String,
}

/// ISO 8601 with seconds and `Z`, no fraction (OutX's watchlist form).
pub fn iso_seconds(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Get Team: identity, plan with its end, and limits with their use.
///
/// Read it before creating a watchlist: a create past
/// `limits.watchlists.limit` answers 402.
#[utoipa::path(
    tag = TAG,
    security(("x_api_key" = [])),
    responses(
        (status = 200, description = "The caller's team", body = TeamResponse,
            example = json!({
                "team": { "id": "demo", "name": "demo's Team" },
                "plan": { "name": "Pro", "expires_at": "2025-01-14T10:30:00Z" },
                "limits": {
                    "watchlists": { "limit": 10, "used": 2 },
                    "team_members": { "limit": 5, "used": 1 }
                },
                "members": [{
                    "id": "8d3f2a1e-5b6c-4d7e-8f90-1a2b3c4d5e6f",
                    "email": "admin@demo.outx.test",
                    "full_name": "Admin",
                    "role": "admin",
                    "joined_at": "2023-01-15T10:30:00Z"
                }]
            })),
        (status = 401, description = "API key missing or unknown", body = ErrorBody,
            example = json!({ "error": "Invalid API Key" })),
        (status = 403, description = "No member's plugin active within 48 hours (teams sharing data globally are exempt)",
            body = ErrorBody, example = json!({ "error": PLUGIN_REQUIRED })),
    )
)]
#[get("/api-team")]
async fn get_team(req: HttpRequest, state: Data<AppState>) -> Result<HttpResponse, OutxError> {
    let Admitted { world, team, .. } = admit(&req, &state, Uses::SharedData, |_| Ok(())).await?;
    let used = world.outx.watchlists.lock().count(&team.id) as u64;
    Ok(HttpResponse::Ok().json(TeamResponse {
        team: TeamIdentity {
            id: team.id.clone(),
            name: team.name.clone(),
        },
        plan: PlanView {
            name: team.plan.name.clone(),
            expires_at: iso_seconds(team.plan.expires_at),
        },
        limits: Limits {
            watchlists: Usage {
                limit: team.plan.watchlist_limit,
                used,
            },
            team_members: Usage {
                limit: team.plan.member_limit,
                used: team.members.len() as u64,
            },
        },
        members: team
            .members
            .iter()
            .map(|m| MemberView {
                id: m.id.to_string(),
                email: m.email.clone(),
                full_name: m.full_name.clone(),
                role: if m.admin { "admin" } else { "member" },
                joined_at: iso_seconds(m.joined_at),
            })
            .collect(),
    }))
}
