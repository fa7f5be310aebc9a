//! Search Profiles (outx.md §3.9): members matching the filters, from the
//! shared LinkedIn model's search, so each hit fetched later (here or through
//! another provider) still matches; the degree is relative to the team's
//! acting admin.

use actix_web::post;
use serde_json::{json, Map, Value};

use crate::state::World;

use super::{body_object, TaskRequest};
use crate::providers::outx::error::{bad, OutxError};
use crate::providers::outx::li;
use crate::providers::outx::model::ErrorBody;
use crate::providers::outx::tasks::{Input, Outcome, SearchInput, Task};
use crate::providers::outx::teams::Team;

pub const DEFAULT_COUNT: u64 = 25;
pub const MAX_COUNT: u64 = 50;
/// Items one list filter takes at most, and the longest text filter.
const MAX_ITEMS: usize = 50;
const MAX_CHARS: usize = 200;
pub const NO_FILTER: &str = "At least one search filter is required";

fn text(m: &Map<String, Value>, name: &str) -> Result<Option<String>, OutxError> {
    match m.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= MAX_CHARS => {
            Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty()))
        }
        Some(_) => Err(bad(format!("Invalid '{name}': must be a string"))),
    }
}

fn list(m: &Map<String, Value>, name: &str) -> Result<Option<Vec<String>>, OutxError> {
    let err = || bad(format!("Invalid '{name}': must be an array of strings"));
    match m.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(a)) if a.len() <= MAX_ITEMS => {
            let items = a
                .iter()
                .map(|v| v.as_str().map(|s| s.trim().to_string()))
                .collect::<Option<Vec<String>>>()
                .ok_or_else(err)?;
            let items: Vec<String> = items
                .into_iter()
                .filter(|s| !s.is_empty() && s.chars().count() <= MAX_CHARS)
                .collect();
            Ok(Some(items).filter(|v| !v.is_empty()))
        }
        Some(_) => Err(err()),
    }
}

/// The checked filters of a search body.
pub fn filters(m: &Map<String, Value>) -> Result<SearchInput, OutxError> {
    let count = match m.get("count") {
        None | Some(Value::Null) => DEFAULT_COUNT,
        Some(v) => v
            .as_u64()
            .or_else(|| {
                v.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 1.0)
                    .map(|f| f as u64)
            })
            .filter(|n| *n >= 1)
            .ok_or_else(|| bad("Invalid 'count': must be a positive integer"))?
            .min(MAX_COUNT),
    };
    let q = SearchInput {
        keywords: text(m, "keywords")?,
        title: text(m, "title")?,
        company: text(m, "company")?,
        first_name: text(m, "first_name")?,
        last_name: text(m, "last_name")?,
        geo_urn: list(m, "geo_urn")?,
        current_company: list(m, "current_company")?,
        past_company: list(m, "past_company")?,
        industry: list(m, "industry")?,
        school: text(m, "school")?,
        profile_language: list(m, "profile_language")?,
        count,
    };
    let any = q.keywords.is_some()
        || q.title.is_some()
        || q.company.is_some()
        || q.first_name.is_some()
        || q.last_name.is_some()
        || q.geo_urn.is_some()
        || q.current_company.is_some()
        || q.past_company.is_some()
        || q.industry.is_some()
        || q.school.is_some()
        || q.profile_language.is_some();
    if any {
        Ok(q)
    } else {
        Err(bad(NO_FILTER))
    }
}

task_route! {
    /// Search Profiles: queues a people search; at least one filter is needed.
    ///
    /// Completed `task_output`: `{"profiles": [{name, headline, location,
    /// profile_slug, profile_urn, connection_degree}], "total"}` (mocklink's
    /// shape; OutX documents the request only). `count` defaults to 25; above
    /// 50 it is 50. The same query gives the same people.
    #[post("/linkedin-agent/search-profiles")]
    search_profiles: SearchInput,
    request_body(content = Object, content_type = "application/json",
        example = json!({ "title": "VP of Engineering", "company": "Google", "geo_urn": ["103644278"], "count": 10 })),
    responses(
        (status = 400, description = "No filter, or a filter of the wrong type", body = ErrorBody,
            examples(
                    ("no filter" = (value = json!({ "error": NO_FILTER }))),
                    ("type" = (value = json!({ "error": "Invalid 'geo_urn': must be an array of strings" })))
            )),
    )
}

impl TaskRequest for SearchInput {
    const CREATED: &'static str = "Search profiles task created successfully";

    fn parse(body: &[u8], _team: &Team) -> Result<Self, OutxError> {
        filters(&body_object(body))
    }

    fn start(self, _world: &World, _team: &Team) -> Result<(Input, Outcome), OutxError> {
        Ok((Input::SearchProfiles(Box::new(self)), Outcome::Done(None)))
    }
}

pub fn output(world: &World, task: &Task, q: &SearchInput) -> Value {
    let account = world
        .outx
        .teams
        .by_team_id(&task.team)
        .and_then(|t| t.acting_admin().map(|a| a.linkedin.clone()));
    let profiles = li::search(world, account.as_deref(), q);
    json!({ "total": profiles.len(), "profiles": profiles })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn a_search_needs_a_filter_and_clamps_its_count() {
        assert_eq!(filters(&m(json!({ "count": 5 }))), Err(bad(NO_FILTER)));
        assert_eq!(
            filters(&m(json!({ "keywords": "  " }))),
            Err(bad(NO_FILTER))
        );
        let q = filters(&m(json!({ "title": "CTO", "count": 500 }))).unwrap();
        assert_eq!(q.count, MAX_COUNT);
        assert_eq!(
            filters(&m(json!({ "title": "CTO" }))).unwrap().count,
            DEFAULT_COUNT
        );
        assert!(filters(&m(json!({ "title": "CTO", "count": 0 }))).is_err());
        assert!(filters(&m(json!({ "geo_urn": "103644278" }))).is_err());
        assert!(filters(&m(json!({ "title": 5 }))).is_err());
    }
}
