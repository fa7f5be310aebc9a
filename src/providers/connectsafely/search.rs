//! Search (catalog §3.F): `/search/people` (both body styles) and
//! `/search/people/v2`, `/search/geo`, `/search/jobs` and
//! `/search/companies/details`. Every member, company, place and job comes
//! from the shared LinkedIn model, so a hit fetched later by its id (from
//! `/profile`, Atomus or OutX) is the same entity and matches the search's
//! filters (G-3); the same query always pages the same way.

use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Data};
use actix_web::{post, HttpRequest, HttpResponse};
use chrono::Duration;

use super::content_model::*;
use super::error::CsError;
use super::model::{CsBadRequest, CsFailure, CsMessage};
use super::routes::{acting, authed, ok, upstream, Acting, TAG};
use super::search_input::{self as input, PeopleQuery};
use super::steps::reply;
use crate::clock::iso;
use crate::linkedin::search;
use crate::linkedin::{self, places, Degree, PlaceKind};
use crate::state::{AppState, World};

/// How far back a job search without `datePosted` reaches (decision).
pub const ANY_TIME_DAYS: i64 = search::JOB_OPEN_DAYS;

fn company_ref(c: &linkedin::Company) -> CompanyRef {
    CompanyRef {
        id: c.id.to_string(),
        name: c.name.clone(),
        universal_name: c.slug.clone(),
    }
}

// ------------------------------------------------------------------ people

/// The model's query for a ConnectSafely people search (both body styles
/// are folded by `search_input`), or None when its place id names no place
/// (then nobody matches). `filters.locationId` wins over a flat `location`;
/// a flat `location` of digits is a geo id too.
fn model_query(q: &PeopleQuery) -> Option<search::PeopleQuery> {
    let mut geo_ids = Vec::new();
    let mut location = None;
    match (q.location_id.as_deref(), q.location.as_deref()) {
        (Some(id), _) => geo_ids.push(id.parse::<u64>().ok()?),
        (None, Some(l)) if l.bytes().all(|b| b.is_ascii_digit()) => {
            geo_ids.push(l.parse::<u64>().ok()?);
        }
        (None, l) => location = l.map(str::to_string),
    }
    let degrees = q
        .degrees
        .iter()
        .filter_map(|d| match d.as_str() {
            "F" => Some(Degree::First),
            "S" => Some(Degree::Second),
            "O" => Some(Degree::Third),
            _ => None,
        })
        .collect();
    Some(search::PeopleQuery {
        keywords: Some(q.keywords.clone()).filter(|k| !k.is_empty()),
        title: q.title.clone(),
        companies: q.company.iter().cloned().collect(),
        company_ids: q.company_ids.clone(),
        geo_ids,
        location,
        degrees,
        ..search::PeopleQuery::default()
    })
}

/// The handles of one page of a people search, and how many there are.
fn people_page(world: &World, account: &str, q: &PeopleQuery) -> (Vec<String>, u64) {
    let Some(mq) = model_query(q) else {
        return (Vec::new(), 0);
    };
    let start = usize::try_from(q.start).unwrap_or(usize::MAX);
    let count = usize::try_from(q.count).unwrap_or(usize::MAX);
    let page = world.linkedin.search_people(account, &mq, start, count);
    (page.items, page.total as u64)
}

fn person_card(world: &World, account: &str, handle: &str) -> PersonCard {
    let p = world.linkedin.person(handle);
    let degree = world.linkedin.degree(account, handle);
    let company = world.linkedin.company_brief(&p.company_slug);
    PersonCard {
        profile_id: p.handle.to_string(),
        public_identifier: p.handle.to_string(),
        profile_urn: p.urn.to_string(),
        profile_url: p.profile_url(),
        first_name: p.first_name.to_string(),
        last_name: p.last_name.to_string(),
        full_name: p.full_name(),
        headline: p.headline.to_string(),
        current_position: p.title.to_string(),
        current_company: CompanyRef {
            id: company
                .as_ref()
                .map(|c| c.id.to_string())
                .unwrap_or_default(),
            name: p.company.to_string(),
            universal_name: p.company_slug.to_string(),
        },
        location: p.location.full(),
        connection_degree: match degree {
            Degree::First => "1st",
            Degree::Second => "2nd",
            Degree::Third => "3rd",
        }
        .into(),
        is_premium: p.is_premium,
        is_open_to_work: p.is_open_to_work,
        profile_picture: p.profile_picture.to_string(),
        mutual_connections_count: match degree {
            Degree::Third => 0,
            _ => {
                (linkedin::ids::hash(world.scenario.seed, &["mutual", account, handle]) % 40) as u32
            }
        },
    }
}

async fn people(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let Acting { input: q, chosen } =
        acting(world, req, body, input::people, |q| q.account_id.clone())?;
    upstream(world, req, "Failed to search people").await?;
    let account_id = chosen.id.0.as_str();
    let (handles, total) = people_page(world, account_id, &q);
    let people: Vec<PersonCard> = handles
        .iter()
        .map(|h| person_card(world, account_id, h))
        .collect();
    let start = q.start.min(total);
    let count = people.len() as u64;
    ok(&PeopleSearchResponse {
        success: true,
        people,
        pagination: Page {
            start,
            count,
            total,
        },
        has_more: start + count < total,
    })
}

/// Search people.
///
/// Both body styles clients send: flat `keywords`, `location` (free text or
/// a geo id), `title`, `limit`; or `keywords`, `count` and
/// `filters.{currentCompanyIds, connectionDegree, company, title,
/// locationId}`. `start` pages (stable for the same query). Every hit,
/// fetched later by its id, matches the filters.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = PeopleSearchRequest, examples(
        ("flat" = (summary = "Style 1 (sheets export)", value = json!({"keywords": "Head of Growth", "location": "United States", "title": "Head of Growth", "limit": 25}))),
        ("filters" = (summary = "Style 2 (hiring managers)", value = json!({"keywords": "Engineering Manager OR CTO", "count": 5, "filters": {"currentCompanyIds": ["1441"], "connectionDegree": ["S", "O"]}}))),
    )),
    responses(
        (status = 200, description = "A page of people", body = PeopleSearchResponse,
            example = json!({"success": true, "people": [{"profileId": "jane-roe", "publicIdentifier": "jane-roe", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "profileUrl": "https://www.linkedin.com/in/jane-roe/", "firstName": "Jane", "lastName": "Roe", "fullName": "Jane Roe", "headline": "Head of Growth at Acme", "currentPosition": "Head of Growth", "currentCompany": {"id": "1441", "name": "Acme", "universalName": "acme"}, "location": "Austin, Texas, United States", "connectionDegree": "2nd", "isPremium": false, "isOpenToWork": false, "profilePicture": "https://media.licdn.com/dms/image/v2/x/profile-displayphoto-shrink_100_100/0", "mutualConnectionsCount": 3}], "pagination": {"start": 0, "count": 1, "total": 1}, "hasMore": false})),
        (status = 400, description = "Validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"received": "X", "code": "invalid_enum_value", "options": ["F", "S", "O"], "path": ["filters", "connectionDegree", 0], "message": "Invalid enum value. Expected 'F' | 'S' | 'O', received 'X'"}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such LinkedIn account", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn account not found: acc_12345"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to search people"})),
    )
)]
#[post("/linkedin/search/people")]
pub async fn search_people(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    reply(people(&world, &req, &body).await)
}

/// Search people (v2).
///
/// The same search and answer as `/search/people` (a newer client calls it
/// first, with `filters.company`).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = PeopleSearchRequest, example = json!({"keywords": "CTO", "filters": {"company": "Acme"}})),
    responses(
        (status = 200, description = "A page of people", body = PeopleSearchResponse,
            example = json!({"success": true, "people": [], "pagination": {"start": 0, "count": 0, "total": 0}, "hasMore": false})),
        (status = 400, description = "Validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "string", "received": "number", "path": ["keywords"], "message": "Expected string, received number"}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such LinkedIn account", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn account not found: acc_12345"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to search people"})),
    )
)]
#[post("/linkedin/search/people/v2")]
pub async fn search_people_v2(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> HttpResponse {
    let world = state.world();
    reply(people(&world, &req, &body).await)
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
    reply(geo(&world, &req, &body).await)
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
    reply(company(&world, &req, &body).await)
}

async fn company(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let Acting { input: r, .. } =
        acting(world, req, body, input::company, |r| r.account_id.clone())?;
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
/// `keywords` match the title or company name; `filters.datePosted`
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
    reply(jobs(&world, &req, &body).await)
}

async fn jobs(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let Acting { input: r, .. } = acting(world, req, body, input::jobs, |r| r.account_id.clone())?;
    upstream(world, req, "Failed to search jobs").await?;
    let now = world.now();
    let days = match r.date_posted.as_deref() {
        Some("past-24-hours") => 1,
        Some("past-week") => 7,
        Some("past-month") => 30,
        _ => ANY_TIME_DAYS,
    };
    // A locationId that is not a number is no place: it matches no job.
    let geo = match r.location_id.as_deref().map(str::parse::<u64>) {
        Some(Err(_)) => None,
        Some(Ok(id)) => Some(Some(id)),
        None => Some(None),
    };
    let start = usize::try_from(r.start).unwrap_or(usize::MAX);
    let count = usize::try_from(r.count).unwrap_or(usize::MAX);
    let found = match geo {
        Some(geo) => world.linkedin.search_jobs(
            &r.keywords,
            geo,
            Some(Duration::days(days)),
            now,
            start,
            count,
        ),
        None => search::Page {
            items: Vec::new(),
            total: 0,
        },
    };
    let total = found.total;
    let from = start.min(total);
    let to = from + found.items.len();
    let jobs: Vec<Job> = found
        .items
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
