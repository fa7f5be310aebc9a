//! OutX's HTTP routes: parse, check in OutX's order (key 401, plugin 403,
//! input 400), let an injected fault strike, then call the task rules. Each
//! handler is documented where it is registered, so the OpenAPI document
//! cannot drift from the router.

use actix_web::web::{Bytes, Data};
use actix_web::{get, post, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use fake::rand::RngExt;

use crate::scenario::ProviderName;
use crate::state::{AppState, World};

use super::error::{OutxError, PLUGIN_REQUIRED};
use super::input;
use super::model::{
    ErrorBody, FetchProfileCreated, FetchProfileRequest, TaskData, TaskInput, TaskOutput,
    TaskStatusQuery, TaskStatusResponse,
};
use super::tasks::{Outcome, Task, Timing};
use super::teams::Team;

const TAG: &str = "outx";

pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(fetch_profile).service(get_task_status);
}

/// OX-AUTH then OX-PLUGIN: the caller's team.
fn authorize<'w>(
    world: &'w World,
    req: &HttpRequest,
    now: DateTime<Utc>,
) -> Result<&'w Team, OutxError> {
    let key = input::api_key(req.headers().get("x-api-key"))?;
    world.outx.team(key, now)
}

/// An injected fault for this request, if one hits: waits its latency (no lock
/// is held: the world is an `Arc` snapshot and the task store is untouched),
/// then fails with its status.
async fn injected_fault(world: &World, req: &HttpRequest) -> Result<(), OutxError> {
    let Some(fault) = world.fault(ProviderName::Outx, req.path()) else {
        return Ok(());
    };
    if fault.latency_ms > 0 {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(fault.latency_ms)).await;
    }
    let status = actix_web::http::StatusCode::from_u16(fault.status)
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR);
    Err(OutxError::Other {
        status,
        message: status
            .canonical_reason()
            .unwrap_or("Internal Server Error")
            .to_string(),
    })
}

/// Fetch Profile: queues a task that fetches a LinkedIn profile by its slug.
///
/// Answers at once with a task id; poll Get Task Status (every 5 s, as OutX
/// advises) until `completed` or `failed`.
#[utoipa::path(
    tag = TAG,
    security(("x_api_key" = [])),
    request_body(
        content = FetchProfileRequest,
        content_type = "application/json",
        example = json!({ "profile_slug": "anandi-devi" })
    ),
    responses(
        (status = 200, description = "Task created", body = FetchProfileCreated,
            example = json!({
                "success": true,
                "api_agent_task_id": "3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e01",
                "message": "Profile fetch task created successfully"
            })),
        (status = 400, description = "`profile_slug` missing, not a string, empty, a URL or an `/in/` path, or the body is not JSON",
            body = ErrorBody, example = json!({ "error": "Missing or invalid 'profile_slug'" })),
        (status = 401, description = "API key missing or unknown", body = ErrorBody,
            examples(
                ("missing" = (value = json!({ "error": "Missing API Key" }))),
                ("unknown" = (value = json!({ "error": "Invalid API Key" })))
            )),
        (status = 403, description = "No team member's plugin active within the last 48 hours",
            body = ErrorBody, example = json!({ "error": PLUGIN_REQUIRED })),
    )
)]
#[post("/linkedin-agent/fetch-profile")]
async fn fetch_profile(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, OutxError> {
    let world = state.world();
    let team = authorize(&world, &req, world.now())?;
    let slug = input::profile_slug(&body)?.profile_slug;
    injected_fault(&world, &req).await?;

    let cfg = &world.outx.timing;
    let draws = if cfg.spread_seconds.0 > 0.0 {
        world.with_rng(|r| (r.random::<f64>(), r.random::<f64>()))
    } else {
        (0.0, 0.0)
    };
    let id = world.uuid();
    let now = world.now();
    let outcome = Outcome::from(world.people.kind(&slug));
    let task = Task::new(
        id,
        &team.id,
        &slug,
        outcome,
        now,
        Timing::from_config(cfg, draws),
    );
    world.outx.keep(task, now);
    Ok(HttpResponse::Ok().json(FetchProfileCreated {
        success: true,
        api_agent_task_id: id.to_string(),
        message: "Profile fetch task created successfully",
    }))
}

/// Get Task Status: a task's status, and its output once it has finished.
///
/// Only the team that created a task can read it. Finished tasks are kept
/// for the scenario's `retentionHours`, then answer 404.
#[utoipa::path(
    tag = TAG,
    security(("x_api_key" = [])),
    params(TaskStatusQuery),
    responses(
        (status = 200, description = "The task; `task_output` is null until it finishes",
            body = TaskStatusResponse,
            examples(
                ("pending" = (value = json!({
                    "success": true,
                    "data": {
                        "id": "3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e01",
                        "status": "pending",
                        "task_input": { "task_type": "agent_profile_fetch", "profile_slug": "anandi-devi" },
                        "task_output": null
                    }
                }))),
                ("completed" = (value = json!({
                    "success": true,
                    "data": {
                        "id": "3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e01",
                        "status": "completed",
                        "task_input": { "task_type": "agent_profile_fetch", "profile_slug": "anandi-devi" },
                        "task_output": {
                            "name": "Anandi Devi",
                            "headline": "Go-To-Market (GTM) Engineer @ ConnectSafely | MBA",
                            "location": "Delhi, India",
                            "profile_url": "https://www.linkedin.com/in/anandi-devi",
                            "profile_slug": "anandi-devi",
                            "profile_urn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o",
                            "connections": 958,
                            "followers": 1243,
                            "about": "Building go-to-market systems.",
                            "experience": [{
                                "title": "Go-To-Market (GTM) Engineer",
                                "company": "ConnectSafely",
                                "location": "Delhi, India",
                                "start_date": "2023-04",
                                "end_date": null,
                                "description": "Outbound automation."
                            }],
                            "education": [{
                                "school": "University of Delhi",
                                "degree": "MBA",
                                "field_of_study": "Marketing",
                                "start_year": 2016,
                                "end_year": 2018
                            }],
                            "skills": ["Go-To-Market Strategy", "Sales Automation"]
                        }
                    }
                }))),
                ("failed" = (value = json!({
                    "success": true,
                    "data": {
                        "id": "0b8e9d3c-1f2a-4e5b-8c7d-6a5b4c3d2e1f",
                        "status": "failed",
                        "task_input": { "task_type": "agent_profile_fetch", "profile_slug": "notfound-jane" },
                        "task_output": { "error": "Profile not found: notfound-jane" }
                    }
                })))
            )),
        (status = 400, description = "`api_agent_task_id` missing or not a task id", body = ErrorBody,
            example = json!({ "error": "Missing or invalid 'api_agent_task_id'" })),
        (status = 401, description = "API key missing or unknown", body = ErrorBody,
            examples(
                ("missing" = (value = json!({ "error": "Missing API Key" }))),
                ("unknown" = (value = json!({ "error": "Invalid API Key" })))
            )),
        (status = 403, description = "No team member's plugin active within the last 48 hours",
            body = ErrorBody, example = json!({ "error": PLUGIN_REQUIRED })),
        (status = 404, description = "No such task for this team (unknown, another team's, or expired)",
            body = ErrorBody, example = json!({ "error": "Agent task not found" })),
    )
)]
#[get("/linkedin-agent/get-task-status")]
async fn get_task_status(
    req: HttpRequest,
    state: Data<AppState>,
) -> Result<HttpResponse, OutxError> {
    let world = state.world();
    let team = authorize(&world, &req, world.now())?;
    let id = input::task_id(req.query_string())?;
    injected_fault(&world, &req).await?;

    let now = world.now();
    let task = world
        .outx
        .find(id, team, now)
        .ok_or(OutxError::TaskNotFound)?;
    let status = task.status_at(now);
    let output = TaskOutput::at(status, task.outcome, &task.slug, || {
        world.people.person(&task.slug)
    });
    Ok(HttpResponse::Ok().json(TaskStatusResponse {
        success: true,
        data: TaskData {
            id: task.id.to_string(),
            status: status.into(),
            task_input: TaskInput {
                task_type: "agent_profile_fetch",
                profile_slug: task.slug,
            },
            task_output: output,
        },
    }))
}
