//! Fetch Profile (SPEC OX-1, OX-3) and Fetch Profiles Posts (outx.md §3.2):
//! a member by public id, and the recent posts of members by profile URN.

use actix_web::web::{Bytes, Data};
use actix_web::{post, HttpRequest, HttpResponse};
use serde_json::Value;

use crate::state::{AppState, World};

use super::{body_object, create, TaskRequest, TAG};
use crate::providers::outx::error::{bad, OutxError, PLUGIN_REQUIRED};
use crate::providers::outx::input;
use crate::providers::outx::li;
use crate::providers::outx::model::{ErrorBody, FetchProfileRequest, TaskCreated};
use crate::providers::outx::tasks::{Input, Outcome, Task};
use crate::providers::outx::teams::Team;

/// Profile URNs one fetch-profiles-posts task takes at most (mocklink's
/// bound; OutX's is open).
pub const MAX_PROFILE_URNS: usize = 50;
/// Posts per member a fetch-profiles-posts task returns (mocklink's choice).
pub const POSTS_PER_PROFILE: usize = 10;
const INVALID_URNS: &str = "Missing or invalid 'profile_urns'";

/// Fetch Profile: queues a task that fetches a LinkedIn profile by its slug.
///
/// Answers at once with a task id; poll Get Task Status (every 5 s, as OutX
/// advises) until `completed` or `failed`. A full profile URL means its slug
/// (SPEC G-2).
#[utoipa::path(
    tag = TAG,
    security(("x_api_key" = [])),
    request_body(
        content = FetchProfileRequest,
        content_type = "application/json",
        example = json!({ "profile_slug": "anandi-devi" })
    ),
    responses(
        (status = 200, description = "Task created", body = TaskCreated,
            example = json!({
                "success": true,
                "api_agent_task_id": "3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e01",
                "message": "Profile fetch task created successfully"
            })),
        (status = 400, description = "`profile_slug` missing, not a string, empty or not a public id or profile URL",
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
pub async fn fetch_profile(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, OutxError> {
    create::<Profile>(&req, &state, &body).await
}

struct Profile(String);

impl TaskRequest for Profile {
    const CREATED: &'static str = "Profile fetch task created successfully";

    fn parse(body: &[u8], _team: &Team) -> Result<Self, OutxError> {
        Ok(Profile(input::profile_slug(body)?.profile_slug))
    }

    fn start(self, world: &World, _team: &Team) -> Result<(Input, Outcome), OutxError> {
        let slug = self.0;
        let outcome = match li::member_status(world, &slug) {
            li::MemberStatus::Member => Outcome::Done(None),
            li::MemberStatus::NotFound => Outcome::Failed(format!("Profile not found: {slug}")),
            li::MemberStatus::Unavailable => {
                Outcome::Failed(format!("Failed to fetch profile: {slug}"))
            }
        };
        Ok((Input::Profile { profile_slug: slug }, outcome))
    }
}

pub fn profile_output(world: &World, slug: &str) -> Value {
    serde_json::to_value(li::profile(world, slug)).unwrap_or(Value::Null)
}

task_route! {
    /// Fetch Profiles Posts: queues a task that collects the recent posts of
    /// members given by profile URN (`urn:li:fsd_profile:…`, `urn:li:person:…`
    /// or the bare id).
    ///
    /// Completed `task_output`: `{"posts": [...]}`, newest first, up to ten per
    /// member, each with its `urn:li:activity:…` (usable with like-post and
    /// comment-post), author and counts. URNs of no member are skipped; a task
    /// naming none that exists fails.
    #[post("/linkedin-agent/fetch-profiles-posts")]
    fetch_profiles_posts: ProfilesPosts,
    request_body(content = Object, content_type = "application/json",
        example = json!({ "profile_urns": ["urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o"] })),
    responses(
        (status = 400, description = "`profile_urns` missing, empty, not strings, or more than 50",
            body = ErrorBody, example = json!({ "error": INVALID_URNS })),
    )
}

struct ProfilesPosts(Vec<String>);

impl TaskRequest for ProfilesPosts {
    const CREATED: &'static str = "Profiles posts fetch task created successfully";

    fn parse(body: &[u8], _team: &Team) -> Result<Self, OutxError> {
        match body_object(body).get("profile_urns") {
            Some(Value::Array(a)) if !a.is_empty() && a.len() <= MAX_PROFILE_URNS => a
                .iter()
                .map(|u| {
                    u.as_str()
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                })
                .collect::<Option<Vec<_>>>()
                .map(ProfilesPosts)
                .ok_or_else(|| bad(INVALID_URNS)),
            _ => Err(bad(INVALID_URNS)),
        }
    }

    /// A task naming no member that exists fails.
    fn start(self, world: &World, _team: &Team) -> Result<(Input, Outcome), OutxError> {
        let urns = self.0;
        let known = urns
            .iter()
            .filter(|u| li::member_for_urn(world, u).is_some())
            .count();
        let outcome = if known == 0 {
            Outcome::Failed("No profile found for the given URNs".into())
        } else {
            Outcome::Done(None)
        };
        Ok((Input::ProfilesPosts { profile_urns: urns }, outcome))
    }
}

/// The posts of every known member among `urns`, as of the task's finish.
pub fn posts_output(world: &World, urns: &[String], task: &Task) -> Value {
    let mut posts = Vec::new();
    for urn in urns {
        if let Some(handle) = li::member_for_urn(world, urn) {
            posts.extend(li::member_posts(
                world,
                &handle,
                task.finished_at,
                POSTS_PER_PROFILE,
            ));
        }
    }
    serde_json::json!({ "posts": posts })
}
