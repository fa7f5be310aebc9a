//! The search routes' Zod schemas (catalog §3.F), written with [`Checker`]
//! in schema field order. `/search/people` takes both body styles clients
//! send: flat `keywords/location/title/limit`, and `count` +
//! `filters.{currentCompanyIds, connectionDegree, company, title, locationId}`;
//! a body may mix them (decision: `count` wins over `limit`, `filters.title`
//! over `title`).

use serde_json::Value;

use super::error::CsError;
use super::zod::Checker;

/// Largest page of people, jobs (decision: the issue's pages of 100).
pub const MAX_PAGE: u64 = 100;
/// Default page of people when neither `count` nor `limit` is given
/// (style 1's documented default).
pub const DEFAULT_PEOPLE: u64 = 100;
pub const DEFAULT_JOBS: u64 = 25;
/// `S` = 2nd degree, `O` = 3rd and beyond, `F` = 1st (LinkedIn's network codes).
pub const DEGREES: [&str; 3] = ["F", "S", "O"];
pub const JOB_DATES: [&str; 4] = ["past-24-hours", "past-week", "past-month", "any-time"];

/// What a people search asks, both styles folded into one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeopleQuery {
    pub account_id: Option<String>,
    pub keywords: String,
    pub title: Option<String>,
    /// Free text (`"United States"`) or a geo id from `/search/geo`.
    pub location: Option<String>,
    pub location_id: Option<String>,
    pub company_ids: Vec<String>,
    pub company: Option<String>,
    /// Empty = every degree.
    pub degrees: Vec<String>,
    pub start: u64,
    pub count: u64,
}

pub fn people(body: &Value) -> Result<PeopleQuery, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let keywords = c.string("keywords", false);
    let location = c.string("location", false);
    let title = c.string("title", false);
    let limit = c.integer_in("limit", false, 1, MAX_PAGE);
    let count = c.integer_in("count", false, 1, MAX_PAGE);
    let start = c.integer("start", false, 0);
    struct Filters<'a> {
        company_ids: Option<Vec<&'a str>>,
        degrees: Option<Vec<&'a str>>,
        company: Option<&'a str>,
        title: Option<&'a str>,
        location_id: Option<&'a str>,
    }
    let filters = c.object("filters", |f| Filters {
        company_ids: f.strings("currentCompanyIds", None, None),
        degrees: f.strings("connectionDegree", None, Some(&DEGREES)),
        company: f.string("company", false),
        title: f.string("title", false),
        location_id: f.string("locationId", false),
    });
    c.finish()?;
    let owned = |s: Option<&str>| {
        s.map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (company_ids, degrees, company, f_title, location_id) = match filters {
        Some(f) => (
            f.company_ids.unwrap_or_default(),
            f.degrees.unwrap_or_default(),
            f.company,
            f.title,
            f.location_id,
        ),
        None => (Vec::new(), Vec::new(), None, None, None),
    };
    Ok(PeopleQuery {
        account_id: account_id.map(str::to_string),
        keywords: keywords.unwrap_or_default().trim().to_string(),
        title: owned(f_title).or_else(|| owned(title)),
        location: owned(location),
        location_id: owned(location_id),
        company_ids: company_ids
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().to_string())
            .collect(),
        company: owned(company),
        degrees: degrees.into_iter().map(str::to_string).collect(),
        start: start.unwrap_or(0),
        count: count.or(limit).unwrap_or(DEFAULT_PEOPLE),
    })
}

pub struct GeoQuery {
    pub keywords: String,
}

pub fn geo(body: &Value) -> Result<GeoQuery, CsError> {
    let mut c = Checker::new(body);
    c.string("accountId", false);
    let keywords = c.string("keywords", true);
    if let Some(k) = keywords {
        c.min_len("keywords", k, 1);
    }
    c.finish()?;
    Ok(GeoQuery {
        keywords: keywords.unwrap_or_default().trim().to_string(),
    })
}

pub struct JobsQuery {
    pub account_id: Option<String>,
    pub keywords: String,
    pub start: u64,
    pub count: u64,
    pub date_posted: Option<String>,
    pub location_id: Option<String>,
}

pub fn jobs(body: &Value) -> Result<JobsQuery, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let keywords = c.string("keywords", true);
    let count = c.integer_in("count", false, 1, MAX_PAGE);
    let start = c.integer("start", false, 0);
    let filters = c.object("filters", |f| {
        (
            f.enumeration_of("datePosted", false, &JOB_DATES),
            f.string("locationId", false),
        )
    });
    c.finish()?;
    let (date_posted, location_id) = filters.unwrap_or_default();
    Ok(JobsQuery {
        account_id: account_id.map(str::to_string),
        keywords: keywords.unwrap_or_default().trim().to_string(),
        start: start.unwrap_or(0),
        count: count.unwrap_or(DEFAULT_JOBS),
        date_posted: date_posted.filter(|d| *d != "any-time").map(str::to_string),
        location_id: location_id
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
    })
}

pub struct CompanyQuery {
    pub account_id: Option<String>,
    pub company_id: String,
}

pub fn company(body: &Value) -> Result<CompanyQuery, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let company_id = c.string("companyId", true);
    if let Some(id) = company_id {
        c.min_len("companyId", id, 1);
    }
    c.finish()?;
    Ok(CompanyQuery {
        account_id: account_id.map(str::to_string),
        company_id: company_id.unwrap_or_default().trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_people_body_styles_fold_into_one_query() {
        let flat = people(
            &json!({"keywords": "Head of Growth", "location": "United States", "title": "Head of Growth", "limit": 25}),
        );
        let flat = flat.ok().unwrap_or_default();
        assert_eq!(flat.count, 25);
        assert_eq!(flat.location.as_deref(), Some("United States"));
        assert_eq!(flat.title.as_deref(), Some("Head of Growth"));
        let nested = people(
            &json!({"keywords": "CTO", "count": 5, "filters": {"currentCompanyIds": ["1441"], "connectionDegree": ["S", "O"]}}),
        );
        let nested = nested.ok().unwrap_or_default();
        assert_eq!(nested.count, 5);
        assert_eq!(nested.company_ids, vec!["1441".to_string()]);
        assert_eq!(nested.degrees, vec!["S".to_string(), "O".to_string()]);
    }

    #[test]
    fn bad_nested_filters_are_zod_issues_with_full_paths() {
        match people(
            &json!({"count": 500, "filters": {"connectionDegree": ["X"], "currentCompanyIds": [1]}}),
        ) {
            Err(CsError::Zod(issues)) => {
                let paths: Vec<Value> = issues.iter().map(|i| i["path"].clone()).collect();
                assert_eq!(
                    paths,
                    vec![
                        json!(["count"]),
                        json!(["filters", "currentCompanyIds", 0]),
                        json!(["filters", "connectionDegree", 0])
                    ]
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
