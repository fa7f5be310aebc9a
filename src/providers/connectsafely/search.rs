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
use super::search_input::{self as input, PeopleQuery};
use crate::clock::iso;
use crate::linkedin::members::{search_handle, Traits};
use crate::linkedin::{self, companies, places, Degree, PlaceKind};
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

// ------------------------------------------------------------------ people

/// Most results one people search has (LinkedIn stops at 1,000).
pub const MAX_RESULTS: u64 = 1000;
/// Distinct trait combinations one search spreads its results over.
const MAX_VARIANTS: usize = 256;

/// A people search resolved against the model: the trait sets its hits are
/// drawn from (every hit carries one, so fetched later it matches), and the
/// account's own 1st-degree connections that match.
struct PeoplePlan {
    variants: Vec<Traits>,
    /// Hits drawn from the variants (before the degree filter).
    base_total: u64,
    /// `F`, `S`, `O` wanted (all three when the filter is absent).
    first: bool,
    second: bool,
    third: bool,
    /// Whether any degree is left out (then hits are checked one by one).
    filtered: bool,
}

/// The cities a location names: a geo id (of a city, region or country),
/// or free text; `None` when there is no location filter.
fn cities_of(q: &PeopleQuery) -> Option<Vec<usize>> {
    let geo = q.location_id.as_deref().or(q
        .location
        .as_deref()
        .filter(|l| l.chars().all(|c| c.is_ascii_digit())));
    if let Some(g) = geo {
        let id = g.parse::<u64>().ok();
        return Some(
            (0..places::CITIES.len())
                .filter(|&i| id.is_some_and(|id| places::city_in(i, id)))
                .collect(),
        );
    }
    q.location.as_deref().map(places::cities_matching)
}

/// Company page slugs the query names, `None` when it names none.
fn companies_of(world: &World, q: &PeopleQuery) -> Option<Vec<String>> {
    let mut out: Vec<String> = q
        .company_ids
        .iter()
        .filter_map(|id| world.linkedin.company(id).map(|c| c.slug))
        .collect();
    if let Some(name) = &q.company {
        let dir = world.linkedin.directory();
        let like = dir.named_like(name);
        if like.is_empty() {
            out.extend(
                world
                    .linkedin
                    .company_by_slug(&companies::slugify(name))
                    .map(|c| c.slug),
            );
        } else {
            out.extend(like.into_iter().take(8).map(|i| dir.at(i).slug));
        }
    }
    (!q.company_ids.is_empty() || q.company.is_some()).then_some(out)
}

fn plan(world: &World, q: &PeopleQuery) -> PeoplePlan {
    // Each `OR` side as the client wrote it: the hits' headlines carry it.
    let alts: Vec<Option<String>> = {
        let sides: Vec<Option<String>> = q
            .keywords
            .split(" OR ")
            .map(str::trim)
            .filter(|s| !Keywords::parse(s).is_empty())
            .map(|s| Some(s.to_string()))
            .collect();
        if sides.is_empty() {
            vec![None]
        } else {
            sides
        }
    };
    let companies = companies_of(world, q);
    let cities = cities_of(q);
    let company_opts: Vec<Option<String>> = match &companies {
        None => vec![None],
        Some(c) => c.iter().cloned().map(Some).collect(),
    };
    let city_opts: Vec<Option<usize>> = match &cities {
        None => vec![None],
        Some(c) => c.iter().copied().map(Some).collect(),
    };
    let mut variants = Vec::new();
    'outer: for city in &city_opts {
        for company in &company_opts {
            for alt in &alts {
                if variants.len() >= MAX_VARIANTS {
                    break 'outer;
                }
                variants.push(Traits {
                    title: q.title.clone(),
                    company: company.clone(),
                    city: *city,
                    keywords: alt.clone(),
                    ..Traits::default()
                });
            }
        }
    }
    let unfiltered =
        q.keywords.is_empty() && q.title.is_none() && companies.is_none() && cities.is_none();
    // A narrower query finds fewer people: a stable size per query.
    let key = format!("{:?}|{:?}|{:?}|{:?}", alts, q.title, companies, cities);
    let base_total = if variants.is_empty() {
        0
    } else if unfiltered {
        MAX_RESULTS
    } else {
        20 + linkedin::ids::hash(world.scenario.seed, &["people-search", &key]) % 481
    };
    let has = |d: &str| q.degrees.is_empty() || q.degrees.iter().any(|x| x == d);
    PeoplePlan {
        variants,
        base_total,
        first: has("F"),
        second: has("S"),
        third: has("O"),
        filtered: !q.degrees.is_empty(),
    }
}

/// Whether a member satisfies the query's text filters (for connections,
/// which are not drawn from the query's traits).
fn person_matches(world: &World, p: &linkedin::Person, q: &PeopleQuery, plan: &PeoplePlan) -> bool {
    let text = format!(
        "{} {} {} {} {}",
        p.first_name, p.last_name, p.headline, p.title, p.company
    )
    .to_lowercase();
    let title_ok = q
        .title
        .as_deref()
        .is_none_or(|t| Keywords::parse(t).matches(&p.title.to_lowercase()));
    let company_ok = match companies_of(world, q) {
        None => true,
        Some(c) => c.contains(&p.company_slug),
    };
    let city_ok = match cities_of(q) {
        None => true,
        Some(c) => p.location.city_index.is_some_and(|i| c.contains(&i)),
    };
    !plan.variants.is_empty()
        && Keywords::parse(&q.keywords).matches(&text)
        && title_ok
        && company_ok
        && city_ok
}

/// The handles of one page of a people search, and how many there are.
fn people_page(world: &World, account: &str, q: &PeopleQuery) -> (Vec<String>, u64) {
    let plan = plan(world, q);
    let seed = world.scenario.seed;
    let hit = |i: u64| -> String {
        let v = plan.variants.len() as u64;
        search_handle(seed, &plan.variants[(i % v) as usize], (i / v) as u32)
    };
    let start = q.start;
    let count = q.count;
    if !plan.filtered {
        let total = plan.base_total;
        let from = start.min(total);
        let to = (from + count).min(total);
        return ((from..to).map(hit).collect(), total);
    }
    // A degree filter: the account's matching connections first (`F`), then
    // the drawn hits whose degree is wanted, checked one by one.
    let mut all: Vec<String> = Vec::new();
    if plan.first {
        for c in world.linkedin.connections(account) {
            let p = world.linkedin.person(&c.handle);
            if person_matches(world, &p, q, &plan) {
                all.push(c.handle.clone());
            }
        }
    }
    for i in 0..plan.base_total {
        let h = hit(i);
        let keep = match world.linkedin.degree(account, &h) {
            Degree::First => false,
            Degree::Second => plan.second,
            Degree::Third => plan.third,
        };
        if keep {
            all.push(h);
        }
    }
    let total = all.len() as u64;
    let from = usize::try_from(start).unwrap_or(usize::MAX).min(all.len());
    let to = (from + usize::try_from(count).unwrap_or(100)).min(all.len());
    (all[from..to].to_vec(), total)
}

fn person_card(world: &World, account: &str, handle: &str) -> PersonCard {
    let p = world.linkedin.person(handle);
    let degree = world.linkedin.degree(account, handle);
    let company = world.linkedin.company_by_slug(&p.company_slug);
    PersonCard {
        profile_id: p.handle.clone(),
        public_identifier: p.handle.clone(),
        profile_urn: p.urn.clone(),
        profile_url: p.profile_url(),
        first_name: p.first_name.clone(),
        last_name: p.last_name.clone(),
        full_name: p.full_name(),
        headline: p.headline.clone(),
        current_position: p.title.clone(),
        current_company: CompanyRef {
            id: company
                .as_ref()
                .map(|c| c.id.to_string())
                .unwrap_or_default(),
            name: p.company.clone(),
            universal_name: p.company_slug.clone(),
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
        profile_picture: p.profile_picture.clone(),
        mutual_connections_count: match degree {
            Degree::Third => 0,
            _ => {
                (linkedin::ids::hash(world.scenario.seed, &["mutual", account, handle]) % 40) as u32
            }
        },
    }
}

async fn people(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let a = authed(world, req, body)?;
    let q = input::people(&a.body?)?;
    let chosen = select(a.key, q.account_id.as_deref())?;
    account(world, chosen)?;
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
    people(&world, &req, &body)
        .await
        .unwrap_or_else(|e| e.error_response())
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
    people(&world, &req, &body)
        .await
        .unwrap_or_else(|e| e.error_response())
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
    let geo: Option<Option<u64>> = r.location_id.as_deref().map(|g| {
        g.parse::<u64>()
            .ok()
            .filter(|id| places::by_geo_id(*id).is_some())
    });
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
