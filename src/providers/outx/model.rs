//! OutX's wire shapes (seed 004, SPEC OX-1..OX-3) and the rendering of a
//! [`Person`] as a completed task's `task_output`. Field names are OutX's
//! snake_case; their OpenAPI names carry an `Outx` prefix so they cannot
//! collide with another provider's. Nothing here decides statuses or timing.

use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use crate::people::Person;

use super::tasks::Status;

/// `{"error": "..."}`, OutX's only error shape.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = OutxErrorBody)]
pub struct ErrorBody {
    #[schema(example = "Missing or invalid 'profile_slug'")]
    pub error: String,
}

/// Body of `POST /linkedin-agent/fetch-profile`, once checked by
/// `input::profile_slug`. Unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Eq, ToSchema)]
#[schema(as = OutxFetchProfileRequest)]
pub struct FetchProfileRequest {
    /// The last segment of the profile URL (`john-doe-123abc` from
    /// `https://www.linkedin.com/in/john-doe-123abc`); not the URL, not `/in/…`.
    #[schema(example = "anandi-devi")]
    pub profile_slug: String,
}

/// A task was queued; poll Get Task Status with its id.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = OutxTaskCreated)]
pub struct TaskCreated {
    #[schema(example = true)]
    pub success: bool,
    /// UUID to poll for results via Get Task Status.
    #[schema(example = "3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e01")]
    pub api_agent_task_id: String,
    #[schema(example = "Profile fetch task created successfully")]
    pub message: &'static str,
}

/// Query of `GET /linkedin-agent/get-task-status`. Documents the parameter;
/// the query itself is parsed by `input::task_id`, which tolerates what serde
/// would reject (duplicates, stray pairs) and answers OutX's own 400.
#[allow(dead_code)]
#[derive(Debug, Clone, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskStatusQuery {
    /// The `api_agent_task_id` returned by Fetch Profile.
    #[param(example = "3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e01")]
    pub api_agent_task_id: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = OutxTaskStatusResponse)]
pub struct TaskStatusResponse {
    #[schema(example = true)]
    pub success: bool,
    pub data: TaskData,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = OutxTaskData)]
pub struct TaskData {
    #[schema(example = "3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e01")]
    pub id: String,
    pub status: TaskStatus,
    /// The submitted fields with defaults filled in, and `task_type`:
    /// `agent_profile_fetch`, `agent_profiles_posts_fetch`,
    /// `agent_like_post`, `agent_comment_post`, `agent_company_fetch`,
    /// `agent_company_posts_fetch`, `agent_send_message`,
    /// `agent_send_connection_request`, `agent_search_profiles` or
    /// `agent_fetch_connections`.
    #[schema(value_type = Object, example = json!({ "task_type": "agent_profile_fetch", "profile_slug": "anandi-devi" }))]
    pub task_input: serde_json::Value,
    /// null until the task is `completed` or `failed`; a failed task's
    /// output is `{"error": "…"}`. Each task type's completed output is in
    /// the examples.
    #[schema(required = true, value_type = Option<Object>)]
    pub task_output: Option<serde_json::Value>,
}

/// `pending` → `processing` → `completed` (or `failed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = OutxTaskStatus)]
pub enum TaskStatus {
    Pending,
    Processing,
    Completed,
    Failed,
}

impl From<Status> for TaskStatus {
    fn from(s: Status) -> TaskStatus {
        match s {
            Status::Pending => TaskStatus::Pending,
            Status::Processing => TaskStatus::Processing,
            Status::Completed => TaskStatus::Completed,
            Status::Failed => TaskStatus::Failed,
        }
    }
}

/// The person, as every other provider shows them (OX-3, C-4).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = OutxProfileOutput)]
pub struct ProfileOutput {
    #[schema(example = "Anandi Devi")]
    pub name: String,
    #[schema(example = "Go-To-Market (GTM) Engineer @ ConnectSafely | MBA")]
    pub headline: String,
    #[schema(example = "Delhi, India")]
    pub location: String,
    #[schema(example = "https://www.linkedin.com/in/anandi-devi")]
    pub profile_url: String,
    #[schema(example = "anandi-devi")]
    pub profile_slug: String,
    /// ConnectSafely's `entityUrn`.
    #[schema(example = "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o")]
    pub profile_urn: String,
    #[schema(example = 958)]
    pub connections: u32,
    #[schema(example = 1243)]
    pub followers: u32,
    pub about: String,
    pub experience: Vec<ExperienceOutput>,
    pub education: Vec<EducationOutput>,
    #[schema(example = json!(["Go-To-Market Strategy", "Sales Automation"]))]
    pub skills: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = OutxExperienceOutput)]
pub struct ExperienceOutput {
    #[schema(example = "Go-To-Market (GTM) Engineer")]
    pub title: String,
    #[schema(example = "ConnectSafely")]
    pub company: String,
    #[schema(example = "Delhi, India")]
    pub location: String,
    /// `YYYY-MM`.
    #[schema(example = "2023-04")]
    pub start_date: String,
    /// `YYYY-MM`; null for the current position.
    #[schema(required = true, example = json!(null))]
    pub end_date: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = OutxEducationOutput)]
pub struct EducationOutput {
    #[schema(example = "University of Delhi")]
    pub school: String,
    #[schema(example = "MBA")]
    pub degree: String,
    #[schema(example = "Marketing")]
    pub field_of_study: String,
    #[schema(example = 2016)]
    pub start_year: i32,
    #[schema(example = 2018)]
    pub end_year: i32,
}

fn year_month(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

impl ProfileOutput {
    pub fn from_person(p: &Person) -> ProfileOutput {
        ProfileOutput {
            name: p.full_name(),
            headline: p.headline.to_string(),
            location: p.location.full(),
            profile_url: p.profile_url(),
            profile_slug: p.handle.to_string(),
            profile_urn: p.urn.to_string(),
            connections: p.connection_count,
            followers: p.follower_count,
            about: p.summary.to_string(),
            experience: p
                .experience()
                .iter()
                .map(|e| ExperienceOutput {
                    title: e.title.to_string(),
                    company: e.company.to_string(),
                    location: e.location.to_string(),
                    start_date: year_month(e.start_year, e.start_month),
                    end_date: e.end_year.map(|y| year_month(y, e.end_month.unwrap_or(1))),
                    description: e.description.to_string(),
                })
                .collect(),
            education: p
                .education()
                .iter()
                .map(|e| EducationOutput {
                    school: e.school.to_string(),
                    degree: e.degree.to_string(),
                    field_of_study: e.field_of_study.to_string(),
                    start_year: e.start_year,
                    end_year: e.end_year,
                })
                .collect(),
            skills: p.skills.iter().map(|s| s.name.to_string()).collect(),
        }
    }
}
