//! Fetch Company and Fetch Company Posts (outx.md §3.5–§3.6): a company page
//! by slug and its recent posts, from the shared LinkedIn model.

use actix_web::post;
use serde_json::Value;

use crate::state::World;

use super::{body_object, TaskRequest};
use crate::providers::outx::error::{bad, OutxError};
use crate::providers::outx::input::company_slug;
use crate::providers::outx::li;
use crate::providers::outx::model::ErrorBody;
use crate::providers::outx::tasks::{Input, Outcome, Task};
use crate::providers::outx::teams::Team;

const INVALID_SLUG: &str = "Missing or invalid 'company_slug'";
/// Posts a fetch-company-posts task returns (mocklink's choice).
pub const COMPANY_POSTS: usize = 20;

fn slug_of(body: &[u8]) -> Result<String, OutxError> {
    body_object(body)
        .get("company_slug")
        .and_then(Value::as_str)
        .and_then(company_slug)
        .ok_or_else(|| bad(INVALID_SLUG))
}

fn outcome(world: &World, slug: &str) -> Outcome {
    if li::company_exists(world, slug) {
        Outcome::Done(None)
    } else {
        Outcome::Failed(format!("Company not found: {slug}"))
    }
}

/// A company page by slug, fetched as the page or as its posts.
struct Company(String);
struct CompanyPosts(String);

impl TaskRequest for Company {
    const CREATED: &'static str = "Company fetch task created successfully";

    fn parse(body: &[u8], _team: &Team) -> Result<Self, OutxError> {
        slug_of(body).map(Company)
    }

    fn start(self, world: &World, _team: &Team) -> Result<(Input, Outcome), OutxError> {
        let outcome = outcome(world, &self.0);
        Ok((
            Input::Company {
                company_slug: self.0,
            },
            outcome,
        ))
    }
}

impl TaskRequest for CompanyPosts {
    const CREATED: &'static str = "Company posts fetch task created successfully";

    fn parse(body: &[u8], _team: &Team) -> Result<Self, OutxError> {
        slug_of(body).map(CompanyPosts)
    }

    fn start(self, world: &World, _team: &Team) -> Result<(Input, Outcome), OutxError> {
        let outcome = outcome(world, &self.0);
        Ok((
            Input::CompanyPosts {
                company_slug: self.0,
            },
            outcome,
        ))
    }
}

task_route! {
    /// Fetch Company: queues a task that fetches a company page by its slug
    /// (or page URL).
    ///
    /// Completed `task_output`: `name, company_slug, company_urn, industry,
    /// employee_count, description, headquarters, logo_url, website,
    /// followers` (mocklink's shape; OutX documents none). An unknown slug ends
    /// `failed`.
    #[post("/linkedin-agent/fetch-company")]
    fetch_company: Company,
    request_body(content = Object, content_type = "application/json",
        example = json!({ "company_slug": "microsoft" })),
    responses(
        (status = 400, description = "`company_slug` missing or not a slug or company URL", body = ErrorBody,
            example = json!({ "error": INVALID_SLUG })),
    )
}

pub fn company_output(world: &World, slug: &str) -> Value {
    serde_json::to_value(li::company(world, slug)).unwrap_or(Value::Null)
}

task_route! {
    /// Fetch Company Posts: queues a task that collects a company page's recent
    /// posts with their engagement.
    ///
    /// Completed `task_output`: `{"posts": [...]}`, newest first (up to 20).
    #[post("/linkedin-agent/fetch-company-posts")]
    fetch_company_posts: CompanyPosts,
    request_body(content = Object, content_type = "application/json",
        example = json!({ "company_slug": "openai" })),
    responses(
        (status = 400, description = "`company_slug` missing or not a slug or company URL", body = ErrorBody,
            example = json!({ "error": INVALID_SLUG })),
    )
}

pub fn posts_output(world: &World, slug: &str, task: &Task) -> Value {
    serde_json::json!({ "posts": li::company_posts(world, slug, task.finished_at, COMPANY_POSTS) })
}
