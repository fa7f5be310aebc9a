//! Search (catalog §3.F): `/search/people` (both body styles) and
//! `/search/people/v2`, `/search/geo`, `/search/jobs` and
//! `/search/companies/details`. Every member, company, place and job comes
//! from the shared LinkedIn model, so a hit fetched later by its id (from
//! `/profile`, Atomus or OutX) is the same entity and matches the search's
//! filters (G-3); the same query always pages the same way.

use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Data};
use actix_web::{post, HttpRequest, HttpResponse, ResponseError};
use chrono::Duration;

use super::content_model::*;
use super::error::CsError;
use super::model::{CsBadRequest, CsFailure, CsMessage};
use super::routes::{account, authed, select, upstream, TAG};
use super::search_input::{self as input};
use crate::clock::iso;
use crate::linkedin::{self, places, PlaceKind};
use crate::state::{AppState, World};

/// How far back a job search without `datePosted` reaches (decision).
pub const ANY_TIME_DAYS: i64 = 90;

/// Keyword text as LinkedIn's boolean search reads it, simplified: `A OR B`
/// matches either side; within a side every word must begin a word of the
/// text (case-insensitive: `engineer` finds "Engineering", `CTO` does not
/// find "Director").
pub struct Keywords(Vec<Vec<String>>);

impl Keywords {
    pub fn parse(text: &str) -> Keywords {
        Keywords(
            text.split(" OR ")
                .map(|alt| {
                    alt.split(|c: char| !c.is_alphanumeric() && c != '+' && c != '#')
                        .filter(|w| !w.is_empty() && *w != "AND")
                        .map(str::to_lowercase)
                        .collect::<Vec<_>>()
                })
                .filter(|alt| !alt.is_empty())
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `haystack` (already lower case) satisfies the text.
    pub fn matches(&self, haystack: &str) -> bool {
        if self.is_empty() {
            return true;
        }
        let words: Vec<&str> = haystack
            .split(|c: char| !c.is_alphanumeric() && c != '+' && c != '#')
            .filter(|w| !w.is_empty())
            .collect();
        self.0.iter().any(|alt| {
            alt.iter()
                .all(|w| words.iter().any(|h| h.starts_with(w.as_str())))
        })
    }
}

fn ok<T: serde::Serialize>(body: &T) -> Result<HttpResponse, CsError> {
    Ok(HttpResponse::Ok().json(body))
}

fn company_ref(c: &linkedin::Company) -> CompanyRef {
    CompanyRef {
        id: c.id.to_string(),
        name: c.name.clone(),
        universal_name: c.slug.clone(),
    }
}

// ------------------------------------------------------------------ geo

/// Turn a place name into LinkedIn geo ids.
///
/// Countries first, then regions, then cities whose name contains the
/// text. The ids are what `/search/jobs` `filters.locationId` and
/// `/search/people` (`filters.locationId`, or `location`) take back.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = GeoSearchRequest, example = json!({"keywords": "Australia"})),
    responses(
        (status = 200, description = "Matching places", body = GeoSearchResponse,
            example = json!({"success": true, "locations": [{"id": "101452733", "geoId": "101452733", "name": "Australia", "country": "AU", "type": "COUNTRY"}]})),
        (status = 400, description = "Validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "string", "received": "undefined", "path": ["keywords"], "message": "Required"}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to search locations"})),
    )
)]
#[post("/linkedin/search/geo")]
pub async fn search_geo(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    geo(&world, &req, &body)
        .await
        .unwrap_or_else(|e| e.error_response())
}

async fn geo(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let a = authed(world, req, body)?;
    let r = input::geo(&a.body?)?;
    upstream(world, req, "Failed to search locations").await?;
    let locations = places::search(&r.keywords)
        .into_iter()
        .map(|p| GeoHit {
            id: p.geo_id.to_string(),
            geo_id: p.geo_id.to_string(),
            name: p.name.clone(),
            country: p.country_code.to_string(),
            r#type: match p.kind {
                PlaceKind::Country => "COUNTRY",
                PlaceKind::Region => "REGION",
                PlaceKind::City => "CITY",
            }
            .into(),
        })
        .collect();
    ok(&GeoSearchResponse {
        success: true,
        locations,
    })
}

// ------------------------------------------------------------------ company

/// Company details by numeric id or universal name.
///
/// The numeric `id` is what `/search/people` `filters.currentCompanyIds`
/// takes; members listed there work at this company.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = CompanyDetailsRequest, example = json!({"companyId": "1441"})),
    responses(
        (status = 200, description = "The company", body = CompanyDetailsResponse,
            example = json!({"success": true, "company": {"id": "1441", "name": "Acme", "universalName": "acme", "description": "Acme makes everything.", "website": "https://www.acme.com", "industry": "Software Development", "employeeCount": 812, "followerCount": 12034, "headquarters": "Austin, Texas, United States", "url": "https://www.linkedin.com/company/acme/"}})),
        (status = 400, description = "Validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "string", "received": "undefined", "path": ["companyId"], "message": "Required"}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such company (or LinkedIn account)", body = CsFailure,
            example = json!({"success": false, "error": "Company not found: no-such-company"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to fetch company details"})),
    )
)]
#[post("/linkedin/search/companies/details")]
pub async fn search_company_details(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> HttpResponse {
    let world = state.world();
    company(&world, &req, &body)
        .await
        .unwrap_or_else(|e| e.error_response())
}

async fn company(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let a = authed(world, req, body)?;
    let r = input::company(&a.body?)?;
    let chosen = select(a.key, r.account_id.as_deref())?;
    account(world, chosen)?;
    let c = world.linkedin.company(&r.company_id).ok_or_else(|| {
        CsError::failed(
            StatusCode::NOT_FOUND,
            format!("Company not found: {}", r.company_id),
        )
    })?;
    upstream(world, req, "Failed to fetch company details").await?;
    ok(&CompanyDetailsResponse {
        success: true,
        company: Company {
            id: c.id.to_string(),
            name: c.name.clone(),
            universal_name: c.slug.clone(),
            description: c.description.clone(),
            website: c.website.clone(),
            industry: c.industry.to_string(),
            employee_count: u64::from(c.employee_count),
            follower_count: u64::from(c.followers),
            headquarters: c.hq().full(),
            url: c.url(),
        },
    })
}

// ------------------------------------------------------------------ jobs

/// Search job postings.
///
/// `keywords` match the title, company or description; `filters.datePosted`
/// (`past-24-hours`, `past-week`, `past-month`, `any-time` = the last 90
/// days) and `filters.locationId` (a geo id from `/search/geo`: the job's
/// city lies in it). Newest first; `count` 1–100 (default 25) from `start`.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = JobSearchRequest, example = json!({"keywords": "Software Engineer", "count": 5, "start": 0, "filters": {"datePosted": "past-week", "locationId": "101452733"}})),
    responses(
        (status = 200, description = "Matching jobs", body = JobSearchResponse,
            example = json!({"success": true, "jobs": [{"id": "4100000000", "title": "Software Engineer", "company": {"id": "1441", "name": "Acme", "universalName": "acme"}, "companyId": "1441", "companyName": "Acme", "location": "Sydney, New South Wales, Australia", "geoId": "104769905", "description": "Acme is hiring a Software Engineer in Sydney.", "postedAt": "2024-01-14T08:00:00.000Z", "jobUrl": "https://www.linkedin.com/jobs/view/4100000000/"}], "total": 1, "pagination": {"start": 0, "count": 1, "total": 1}, "hasMore": false})),
        (status = 400, description = "Validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"received": "yesterday", "code": "invalid_enum_value", "options": ["past-24-hours", "past-week", "past-month", "any-time"], "path": ["filters", "datePosted"], "message": "Invalid enum value. Expected 'past-24-hours' | 'past-week' | 'past-month' | 'any-time', received 'yesterday'"}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such LinkedIn account", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn account not found: acc_12345"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to search jobs"})),
    )
)]
#[post("/linkedin/search/jobs")]
pub async fn search_jobs(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    jobs(&world, &req, &body)
        .await
        .unwrap_or_else(|e| e.error_response())
}

async fn jobs(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let a = authed(world, req, body)?;
    let r = input::jobs(&a.body?)?;
    let chosen = select(a.key, r.account_id.as_deref())?;
    account(world, chosen)?;
    upstream(world, req, "Failed to search jobs").await?;
    let now = world.now();
    let days = match r.date_posted.as_deref() {
        Some("past-24-hours") => 1,
        Some("past-week") => 7,
        Some("past-month") => 30,
        _ => ANY_TIME_DAYS,
    };
    let words = Keywords::parse(&r.keywords);
    // A locationId that is not a known place matches no job.
    let geo: Option<Option<u64>> = r
        .location_id
        .as_deref()
        .map(|g| g.parse::<u64>().ok().filter(|id| places::by_geo_id(*id).is_some()));
    let found = world.linkedin.jobs_between(
        now - Duration::days(days),
        now,
        |j| {
            let place_ok = match geo {
                None => true,
                Some(None) => false,
                Some(Some(id)) => places::city_in(j.city, id),
            };
            place_ok
                && words.matches(
                    &format!("{} {} {}", j.title, j.company_name, j.description).to_lowercase(),
                )
        },
        usize::MAX,
    );
    let total = found.len();
    let from = usize::try_from(r.start).unwrap_or(usize::MAX).min(total);
    let to = (from + usize::try_from(r.count).unwrap_or(100)).min(total);
    let jobs: Vec<Job> = found[from..to]
        .iter()
        .map(|j| {
            let company = world
                .linkedin
                .company_by_id(j.company_id)
                .map(|c| company_ref(&c))
                .unwrap_or_else(|| CompanyRef {
                    id: j.company_id.to_string(),
                    name: j.company_name.clone(),
                    universal_name: j.company_slug.clone(),
                });
            Job {
                id: j.id.to_string(),
                title: j.title.clone(),
                company_id: company.id.clone(),
                company_name: company.name.clone(),
                company,
                location: j.location(),
                geo_id: places::city(j.city).geo_id.to_string(),
                description: j.description.clone(),
                posted_at: iso(j.posted_at),
                job_url: j.url(),
            }
        })
        .collect();
    ok(&JobSearchResponse {
        success: true,
        total: total as u64,
        pagination: Page {
            start: from as u64,
            count: jobs.len() as u64,
            total: total as u64,
        },
        jobs,
        has_more: to < total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_or_sides_match_either_and_words_within_a_side_all() {
        let k = Keywords::parse("Engineering Manager OR CTO");
        assert!(k.matches("senior engineering manager at acme"));
        assert!(k.matches("cto"));
        assert!(!k.matches("engineering lead"));
        assert!(!k.matches("director of sales"));
        assert!(Keywords::parse("  ").matches("anything"));
    }
}
