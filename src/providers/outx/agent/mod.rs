//! The LinkedIn agent tasks (SPEC OX-1..OX-3, outx.md §2.6, §3): every
//! `/linkedin-agent/*` route but the login ones creates a task that goes
//! `pending` → `processing` → `completed` (or `failed`) on the clock and is
//! polled with get-task-status by the team that created it.
//!
//! A task's outcome is decided when it is created (and any LinkedIn side
//! effect, such as an invitation, is applied then, so every provider sees it
//! as soon as the task exists); its output is rendered from the shared
//! LinkedIn model when it is polled.
//!
//! One file per group of task types: `profiles` (fetch-profile,
//! fetch-profiles-posts), `companies` (fetch-company, fetch-company-posts),
//! `engage` (like-post, comment-post), `network` (send-message,
//! send-connection-request, fetch-connections), `search` (search-profiles).

/// Declares a task-creating route whose handler is only [`create`] of its
/// request type. Its OpenAPI operation is the route's request body and
/// responses with what every task route shares added: 200 "Task created"
/// with the type's `CREATED` message, 401 and 403. `responses` lists the
/// route's 400 first, then any after 403 (404, 429), so the operation
/// keeps its status order.
macro_rules! task_route {
    (
        $(#[doc = $doc:expr])*
        #[post($path:literal)]
        $name:ident: $request:ty,
        request_body($($body:tt)*),
        responses($bad:tt, $($later:tt),* $(,)?)
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            tag = $crate::providers::outx::agent::TAG,
            security(("x_api_key" = [])),
            request_body($($body)*),
            responses(
                (status = 200, description = "Task created",
                    body = $crate::providers::outx::model::TaskCreated,
                    example = json!({
                        "success": true,
                        "api_agent_task_id": "3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e01",
                        "message": <$request as $crate::providers::outx::agent::TaskRequest>::CREATED
                    })),
                $bad,
                (status = 401, description = "API key missing or unknown",
                    body = $crate::providers::outx::model::ErrorBody,
                    example = json!({ "error": "Invalid API Key" })),
                (status = 403, description = "No team member's plugin active within the last 48 hours",
                    body = $crate::providers::outx::model::ErrorBody,
                    example = json!({ "error": $crate::providers::outx::error::PLUGIN_REQUIRED })),
                $($later),*
            )
        )]
        #[post($path)]
        pub async fn $name(
            req: actix_web::HttpRequest,
            state: actix_web::web::Data<$crate::state::AppState>,
            body: actix_web::web::Bytes,
        ) -> Result<actix_web::HttpResponse, $crate::providers::outx::error::OutxError> {
            $crate::providers::outx::agent::create::<$request>(&req, &state, &body).await
        }
    };
}

mod companies;
mod engage;
mod network;
mod profiles;
mod search;

use actix_web::web::Data;
use actix_web::{get, HttpRequest, HttpResponse};
use fake::rand::RngExt;
use serde_json::{Map, Value};

use crate::state::{AppState, World};

use super::error::{bad, OutxError, PLUGIN_REQUIRED};
use super::input;
use super::model::{ErrorBody, TaskCreated, TaskData, TaskStatusQuery, TaskStatusResponse};
use super::request::{admit, Admitted, Uses};
use super::tasks::{Input, Outcome, Status, Task, Timing};
use super::teams::{Member, Team};

pub const TAG: &str = "outx";
pub const NO_ADMIN: &str = "No admin user found in the team";

pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(profiles::fetch_profile)
        .service(profiles::fetch_profiles_posts)
        .service(engage::like_post)
        .service(engage::comment_post)
        .service(companies::fetch_company)
        .service(companies::fetch_company_posts)
        .service(network::send_message)
        .service(network::send_connection_request)
        .service(network::fetch_connections)
        .service(search::search_profiles)
        .service(get_task_status);
}

/// The team's acting admin (outx.md §2.6), or 404.
pub fn acting_admin(team: &Team) -> Result<&Member, OutxError> {
    team.acting_admin()
        .ok_or_else(|| OutxError::NotFound(NO_ADMIN.into()))
}

/// One kind of agent task as its route receives it: the checked request,
/// and what creating the task does. Each route's handler is then only
/// [`create`] of its request type.
pub trait TaskRequest: Sized {
    /// The `message` of the task-created answer.
    const CREATED: &'static str;

    /// The route's input checks (400), then the team's acting admin where the
    /// task acts as one (404): OutX answers in that order.
    fn parse(body: &[u8], team: &Team) -> Result<Self, OutxError>;

    /// Decides the task's outcome now (applying any LinkedIn side effect, so
    /// every provider sees it as soon as the task exists) and the input the
    /// task echoes. An error here answers the POST instead of creating a task.
    fn start(self, world: &World, team: &Team) -> Result<(Input, Outcome), OutxError>;
}

/// A task-creating route: the keyed-request steps (401, 403, the request's
/// own checks, an injected fault), then the task is started and queued.
pub async fn create<T: TaskRequest>(
    req: &HttpRequest,
    state: &AppState,
    body: &[u8],
) -> Result<HttpResponse, OutxError> {
    let Admitted { world, team, input } =
        admit(req, state, Uses::Plugin, |team| T::parse(body, team)).await?;
    let (input, outcome) = input.start(&world, &team)?;
    Ok(queue(&world, &team, input, outcome, T::CREATED))
}

/// Queues a task for `team` and answers OutX's task-created body.
fn queue(
    world: &World,
    team: &Team,
    input: Input,
    outcome: Outcome,
    message: &'static str,
) -> HttpResponse {
    let cfg = &world.outx.timing;
    let draws = if cfg.spread_seconds.0 > 0.0 {
        world.with_rng(|r| (r.random::<f64>(), r.random::<f64>()))
    } else {
        (0.0, 0.0)
    };
    let id = world.uuid();
    let now = world.now();
    let task = Task::new(
        id,
        &team.id,
        input,
        outcome,
        now,
        Timing::from_config(cfg, draws),
    );
    world.outx.keep(task, now);
    HttpResponse::Ok().json(TaskCreated {
        success: true,
        api_agent_task_id: id.to_string(),
        message,
    })
}

/// A JSON body as an object (anything else reads as empty, so the
/// missing-field message answers it).
pub fn body_object(body: &[u8]) -> Map<String, Value> {
    super::watchlists::input::object(body)
}

/// A required, non-blank string field: OutX's `Missing or invalid '<name>'`.
pub fn required_str(m: &Map<String, Value>, name: &str) -> Result<String, OutxError> {
    m.get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .ok_or_else(|| bad(format!("Missing or invalid '{name}'")))
}

/// An optional string field: absent or null is `None`; another type is
/// `Invalid '<name>': must be a string`.
pub fn optional_str(m: &Map<String, Value>, name: &str) -> Result<Option<String>, OutxError> {
    match m.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        Some(_) => Err(bad(format!("Invalid '{name}': must be a string"))),
    }
}

/// What a task's `task_output` is at `status`.
fn output(world: &World, task: &Task, status: Status) -> Option<Value> {
    match (status, &task.outcome) {
        (Status::Pending | Status::Processing, _) => None,
        (_, Outcome::Failed(error)) => Some(serde_json::json!({ "error": error })),
        (_, Outcome::Done(recorded)) => Some(merge(
            match &task.input {
                Input::Profile { profile_slug } => profiles::profile_output(world, profile_slug),
                Input::ProfilesPosts { profile_urns } => {
                    profiles::posts_output(world, profile_urns, task)
                }
                Input::LikePost { social_urn } => engage::like_output(social_urn),
                Input::CommentPost { social_urn, .. } => {
                    engage::comment_output(world, social_urn, task)
                }
                Input::Company { company_slug } => companies::company_output(world, company_slug),
                Input::CompanyPosts { company_slug } => {
                    companies::posts_output(world, company_slug, task)
                }
                Input::SendMessage { .. } | Input::ConnectionRequest { .. } => {
                    serde_json::json!({ "sent": true })
                }
                Input::SearchProfiles(q) => search::output(world, task, q),
                Input::FetchConnections {
                    keyword,
                    sort_type,
                    start,
                    count,
                } => network::connections_output(
                    world,
                    task,
                    keyword.as_deref(),
                    sort_type.as_deref(),
                    *start,
                    *count,
                ),
            },
            recorded.as_ref(),
        )),
    }
}

/// `output` with the fields recorded at creation laid over it.
fn merge(mut output: Value, recorded: Option<&Value>) -> Value {
    if let (Value::Object(o), Some(Value::Object(r))) = (&mut output, recorded) {
        for (k, v) in r {
            o.insert(k.clone(), v.clone());
        }
    }
    output
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
                ("profile" = (value = json!({
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
                ("message sent" = (value = json!({
                    "success": true,
                    "data": {
                        "id": "5d2c1b0a-9f8e-4d7c-b6a5-948372615049",
                        "status": "completed",
                        "task_input": { "task_type": "agent_send_message", "recipient_urn": "urn:li:person:ACoAAB1", "message": "Hi" },
                        "task_output": { "sent": true }
                    }
                }))),
                ("connections" = (value = json!({
                    "success": true,
                    "data": {
                        "id": "6e3d2c1b-0a9f-4e8d-a7c6-b5a493827160",
                        "status": "completed",
                        "task_input": { "task_type": "agent_fetch_connections", "start": 0, "count": 40 },
                        "task_output": {
                            "connections": [{
                                "name": "Ravi Kumar", "first_name": "Ravi", "last_name": "Kumar",
                                "headline": "Engineering Manager", "public_identifier": "connected-ravi",
                                "entity_urn": "urn:li:fsd_profile:ACoAAB1xYz0123456789abcdefghijklmnopq",
                                "profile_image_url": null
                            }],
                            "total": 1
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
    let Admitted { world, team, input } = admit(&req, &state, Uses::Plugin, |_| {
        input::task_id(req.query_string())
    })
    .await?;
    let id = input;
    let now = world.now();
    let task = world
        .outx
        .find(id, &team, now)
        .ok_or(OutxError::TaskNotFound)?;
    let status = task.status_at(now);
    let task_output = output(&world, &task, status);
    Ok(HttpResponse::Ok().json(TaskStatusResponse {
        success: true,
        data: TaskData {
            id: task.id.to_string(),
            status: status.into(),
            task_input: serde_json::to_value(&task.input).unwrap_or(Value::Null),
            task_output,
        },
    }))
}
