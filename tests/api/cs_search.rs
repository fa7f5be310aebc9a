//! ConnectSafely search (catalog §3.F), through HTTP against the real
//! server: hits are the entities the fetch routes return and match the
//! search's filters when fetched (G-3); paging is stable.

use serde_json::{json, Value};

use super::helpers::*;

const KEY: &str = "cs_live_demo";
const GEO: &str = "/linkedin/search/geo";
const JOBS: &str = "/linkedin/search/jobs";
const COMPANY: &str = "/linkedin/search/companies/details";

fn geo_id(app: &TestApp, text: &str) -> String {
    let r = app.post_bearer(GEO, KEY, &json!({ "keywords": text }));
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["locations"][0]["geoId"].as_str().unwrap_or_default().to_string()
}

#[test]
fn geo_search_finds_the_country_first_with_id_and_geo_id() {
    // Catalog §3.F search/geo: clients prefer geoId, fall back to id.
    let app = spawn();
    let r = app.post_bearer(GEO, KEY, &json!({ "keywords": "Australia" }));
    assert_eq!(r.status, 200, "{}", r.text);
    let first = &r.json["locations"][0];
    assert_eq!(first["name"], "Australia");
    assert_eq!(first["country"], "AU");
    assert_eq!(first["type"], "COUNTRY");
    assert_eq!(first["id"], first["geoId"]);
    assert!(first["geoId"].as_str().is_some_and(|g| g.chars().all(|c| c.is_ascii_digit())));
    let none = app.post_bearer(GEO, KEY, &json!({ "keywords": "Atlantis" }));
    assert_eq!(none.json["locations"], json!([]));
    let bad = app.post_bearer(GEO, KEY, &json!({}));
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json["error"]["issues"][0]["path"], json!(["keywords"]));
}

#[test]
fn jobs_in_a_geo_lie_in_it_and_narrower_dates_give_a_subset() {
    // Catalog §3.F search/jobs with filters.locationId from /search/geo.
    let app = spawn();
    let us = geo_id(&app, "United States");
    let month = app.post_bearer(JOBS, KEY, &json!({ "keywords": "", "count": 100, "filters": { "datePosted": "past-month", "locationId": us } }));
    assert_eq!(month.status, 200, "{}", month.text);
    let jobs = month.json["jobs"].as_array().cloned().unwrap_or_default();
    assert!(!jobs.is_empty());
    assert!(jobs.iter().all(|j| j["location"].as_str().is_some_and(|l| l.ends_with("United States"))));
    assert_eq!(month.json["total"], month.json["pagination"]["total"]);
    let week = app.post_bearer(JOBS, KEY, &json!({ "keywords": "", "count": 100, "filters": { "datePosted": "past-week", "locationId": us } }));
    assert!(week.json["total"].as_u64() <= month.json["total"].as_u64());
    let ids = |r: &Reply| -> Vec<Value> { r.json["jobs"].as_array().map(|j| j.iter().map(|x| x["id"].clone()).collect()).unwrap_or_default() };
    let month_ids = ids(&month);
    assert!(ids(&week).iter().all(|id| month_ids.contains(id) || month.json["total"].as_u64() > Some(100)));
    for j in &jobs {
        assert_eq!(j["company"]["id"], j["companyId"]);
        assert_eq!(j["company"]["name"], j["companyName"]);
    }
}

#[test]
fn job_keywords_match_and_pages_are_stable() {
    let app = spawn();
    let all = app.post_bearer(JOBS, KEY, &json!({ "keywords": "Engineer", "count": 100, "filters": { "datePosted": "past-month" } }));
    assert_eq!(all.status, 200, "{}", all.text);
    let jobs = all.json["jobs"].as_array().cloned().unwrap_or_default();
    assert!(!jobs.is_empty());
    assert!(jobs.iter().all(|j| format!("{} {} {}", j["title"], j["companyName"], j["description"]).to_lowercase().contains("engineer")));
    let page2 = app.post_bearer(JOBS, KEY, &json!({ "keywords": "Engineer", "count": 2, "start": 1, "filters": { "datePosted": "past-month" } }));
    assert_eq!(page2.json["jobs"][0], jobs[1]);
    assert_eq!(page2.json["pagination"], json!({ "start": 1, "count": 2, "total": all.json["total"] }));
    let nowhere = app.post_bearer(JOBS, KEY, &json!({ "keywords": "Engineer", "filters": { "locationId": "1" } }));
    assert_eq!(nowhere.json["jobs"], json!([]));
    let bad = app.post_bearer(JOBS, KEY, &json!({ "keywords": "x", "filters": { "datePosted": "past-24h" } }));
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json["error"]["issues"][0]["path"], json!(["filters", "datePosted"]));
}

#[test]
fn company_details_by_id_or_universal_name_is_the_same_company() {
    // Catalog §3.F: numeric id or universal name; the id feeds
    // /search/people filters.currentCompanyIds.
    let app = spawn();
    let jobs = app.post_bearer(JOBS, KEY, &json!({ "keywords": "", "count": 1, "filters": { "datePosted": "past-month" } }));
    let id = jobs.json["jobs"][0]["companyId"].clone();
    let by_id = app.post_bearer(COMPANY, KEY, &json!({ "companyId": id }));
    assert_eq!(by_id.status, 200, "{}", by_id.text);
    assert_eq!(by_id.json["company"]["name"], jobs.json["jobs"][0]["companyName"]);
    let by_name = app.post_bearer(COMPANY, KEY, &json!({ "companyId": by_id.json["company"]["universalName"] }));
    assert_eq!(by_name.json, by_id.json);
    for k in ["description", "website", "industry"] {
        assert!(by_id.json["company"][k].as_str().is_some_and(|s| !s.is_empty()), "{k}");
    }
    // Any page slug is a company; a numeric id must be one LinkedIn issued.
    let none = app.post_bearer(COMPANY, KEY, &json!({ "companyId": "12" }));
    assert_eq!(none.status, 404, "{}", none.text);
    assert_eq!(none.json["error"], "Company not found: 12");
    assert_eq!(app.post_bearer(COMPANY, KEY, &json!({ "companyId": "not a slug!" })).status, 404);
}
