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
    r.json["locations"][0]["geoId"]
        .as_str()
        .unwrap_or_default()
        .to_string()
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
    assert!(first["geoId"]
        .as_str()
        .is_some_and(|g| g.chars().all(|c| c.is_ascii_digit())));
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
    assert!(jobs.iter().all(|j| j["location"]
        .as_str()
        .is_some_and(|l| l.ends_with("United States"))));
    assert_eq!(month.json["total"], month.json["pagination"]["total"]);
    let week = app.post_bearer(JOBS, KEY, &json!({ "keywords": "", "count": 100, "filters": { "datePosted": "past-week", "locationId": us } }));
    assert!(week.json["total"].as_u64() <= month.json["total"].as_u64());
    let ids = |r: &Reply| -> Vec<Value> {
        r.json["jobs"]
            .as_array()
            .map(|j| j.iter().map(|x| x["id"].clone()).collect())
            .unwrap_or_default()
    };
    let month_ids = ids(&month);
    assert!(ids(&week)
        .iter()
        .all(|id| month_ids.contains(id) || month.json["total"].as_u64() > Some(100)));
    for j in &jobs {
        assert_eq!(j["company"]["id"], j["companyId"]);
        assert_eq!(j["company"]["name"], j["companyName"]);
    }
}

#[test]
fn job_keywords_match_and_pages_are_stable() {
    let app = spawn();
    let all = app.post_bearer(
        JOBS,
        KEY,
        &json!({ "keywords": "Engineer", "count": 100, "filters": { "datePosted": "past-month" } }),
    );
    assert_eq!(all.status, 200, "{}", all.text);
    let jobs = all.json["jobs"].as_array().cloned().unwrap_or_default();
    assert!(!jobs.is_empty());
    assert!(jobs.iter().all(|j| format!(
        "{} {} {}",
        j["title"], j["companyName"], j["description"]
    )
    .to_lowercase()
    .contains("engineer")));
    let page2 = app.post_bearer(JOBS, KEY, &json!({ "keywords": "Engineer", "count": 2, "start": 1, "filters": { "datePosted": "past-month" } }));
    assert_eq!(page2.json["jobs"][0], jobs[1]);
    assert_eq!(
        page2.json["pagination"],
        json!({ "start": 1, "count": 2, "total": all.json["total"] })
    );
    let nowhere = app.post_bearer(
        JOBS,
        KEY,
        &json!({ "keywords": "Engineer", "filters": { "locationId": "1" } }),
    );
    assert_eq!(nowhere.json["jobs"], json!([]));
    let bad = app.post_bearer(
        JOBS,
        KEY,
        &json!({ "keywords": "x", "filters": { "datePosted": "past-24h" } }),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(
        bad.json["error"]["issues"][0]["path"],
        json!(["filters", "datePosted"])
    );
}

#[test]
fn company_details_by_id_or_universal_name_is_the_same_company() {
    // Catalog §3.F: numeric id or universal name; the id feeds
    // /search/people filters.currentCompanyIds.
    let app = spawn();
    let jobs = app.post_bearer(
        JOBS,
        KEY,
        &json!({ "keywords": "", "count": 1, "filters": { "datePosted": "past-month" } }),
    );
    let id = jobs.json["jobs"][0]["companyId"].clone();
    let by_id = app.post_bearer(COMPANY, KEY, &json!({ "companyId": id }));
    assert_eq!(by_id.status, 200, "{}", by_id.text);
    assert_eq!(
        by_id.json["company"]["name"],
        jobs.json["jobs"][0]["companyName"]
    );
    let by_name = app.post_bearer(
        COMPANY,
        KEY,
        &json!({ "companyId": by_id.json["company"]["universalName"] }),
    );
    assert_eq!(by_name.json, by_id.json);
    for k in ["description", "website", "industry"] {
        assert!(
            by_id.json["company"][k]
                .as_str()
                .is_some_and(|s| !s.is_empty()),
            "{k}"
        );
    }
    // Any page slug is a company; a numeric id must be one LinkedIn issued.
    let none = app.post_bearer(COMPANY, KEY, &json!({ "companyId": "12" }));
    assert_eq!(none.status, 404, "{}", none.text);
    assert_eq!(none.json["error"], "Company not found: 12");
    assert_eq!(
        app.post_bearer(COMPANY, KEY, &json!({ "companyId": "not a slug!" }))
            .status,
        404
    );
}

const PEOPLE: &str = "/linkedin/search/people";

fn profile(app: &TestApp, id: &Value) -> Value {
    let r = app.post_bearer(
        "/linkedin/profile",
        KEY,
        &json!({ "profileId": id, "includeGeoLocation": true, "includeExperience": true }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["profile"].clone()
}

#[test]
fn flat_style_search_hits_match_title_keywords_and_location_when_fetched() {
    // Catalog §3.F style 1 (sheets export): keywords/location/title/limit;
    // G-3: each hit fetched through /profile matches the filters.
    let app = spawn();
    let r = app.post_bearer(PEOPLE, KEY, &json!({ "keywords": "Growth", "location": "United States", "title": "Head of Growth", "limit": 10 }));
    assert_eq!(r.status, 200, "{}", r.text);
    let people = r.json["people"].as_array().cloned().unwrap_or_default();
    assert_eq!(people.len(), 10);
    assert!(r.json["hasMore"].is_boolean());
    for p in people.iter().take(4) {
        assert_eq!(p["currentPosition"], "Head of Growth");
        assert!(
            p["location"]
                .as_str()
                .is_some_and(|l| l.ends_with("United States")),
            "{}",
            p["location"]
        );
        let fetched = profile(&app, &p["profileId"]);
        assert_eq!(fetched["firstName"], p["firstName"]);
        assert_eq!(fetched["headline"], p["headline"]);
        assert!(fetched["headline"]
            .as_str()
            .is_some_and(|h| h.to_lowercase().contains("growth")));
        assert_eq!(fetched["geoLocation"]["country"], "United States");
        assert_eq!(fetched["entityUrn"], p["profileUrn"]);
    }
}

#[test]
fn filter_style_search_keeps_the_company_and_the_degrees_asked_for() {
    // Catalog §3.F style 2 (hiring managers): count + filters.currentCompanyIds
    // (from /search/companies/details) + connectionDegree ["S","O"].
    let app = spawn();
    let jobs = app.post_bearer(
        JOBS,
        KEY,
        &json!({ "keywords": "", "count": 1, "filters": { "datePosted": "past-month" } }),
    );
    let company_id = jobs.json["jobs"][0]["companyId"].clone();
    let company = app
        .post_bearer(COMPANY, KEY, &json!({ "companyId": company_id }))
        .json["company"]
        .clone();
    let r = app.post_bearer(PEOPLE, KEY, &json!({ "keywords": "Engineering Manager OR CTO", "count": 25, "filters": { "currentCompanyIds": [company_id], "connectionDegree": ["S"] } }));
    assert_eq!(r.status, 200, "{}", r.text);
    let people = r.json["people"].as_array().cloned().unwrap_or_default();
    assert!(!people.is_empty());
    for p in &people {
        assert_eq!(p["currentCompany"]["id"], company["id"]);
        assert_eq!(p["currentCompany"]["name"], company["name"]);
        assert_eq!(p["connectionDegree"], "2nd");
        let h = p["headline"].as_str().unwrap_or_default().to_lowercase();
        assert!(
            h.contains("engineering manager") || h.contains("cto"),
            "{h}"
        );
    }
    let fetched = profile(&app, &people[0]["profileId"]);
    assert_eq!(fetched["connectionDegree"], "DISTANCE_2");
    let bad = app.post_bearer(
        PEOPLE,
        KEY,
        &json!({ "keywords": "x", "filters": { "connectionDegree": ["2nd"] } }),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(
        bad.json["error"]["issues"][0]["path"],
        json!(["filters", "connectionDegree", 0])
    );
}

#[test]
fn people_pages_are_stable_and_join_without_repeats() {
    let app = spawn();
    let body = |start: u64| json!({ "keywords": "Founder", "count": 20, "start": start });
    let a = app.post_bearer(PEOPLE, KEY, &body(0));
    assert_eq!(a.json, app.post_bearer(PEOPLE, KEY, &body(0)).json);
    let b = app.post_bearer(PEOPLE, KEY, &body(20));
    let ids = |r: &Reply| -> Vec<Value> {
        r.json["people"]
            .as_array()
            .map(|p| p.iter().map(|x| x["profileId"].clone()).collect())
            .unwrap_or_default()
    };
    let (ia, ib) = (ids(&a), ids(&b));
    assert_eq!(ia.len(), 20);
    assert!(ib.iter().all(|x| !ia.contains(x)));
    assert_eq!(a.json["pagination"]["total"], b.json["pagination"]["total"]);
    // `count` wins over `limit`; at most 100.
    let both = app.post_bearer(
        PEOPLE,
        KEY,
        &json!({ "keywords": "Founder", "count": 3, "limit": 50 }),
    );
    assert_eq!(both.json["people"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        app.post_bearer(PEOPLE, KEY, &json!({ "keywords": "x", "limit": 101 }))
            .status,
        400
    );
}

#[test]
fn a_geo_id_from_search_geo_is_accepted_back_by_people_search() {
    // Issue 15: LinkedIn-style geo ids that /search/people accepts back.
    let app = spawn();
    let au = geo_id(&app, "Australia");
    let by_id = app.post_bearer(
        PEOPLE,
        KEY,
        &json!({ "keywords": "Engineer", "count": 10, "filters": { "locationId": au } }),
    );
    assert_eq!(by_id.status, 200, "{}", by_id.text);
    let people = by_id.json["people"].as_array().cloned().unwrap_or_default();
    assert!(!people.is_empty());
    assert!(people.iter().all(|p| p["location"]
        .as_str()
        .is_some_and(|l| l.ends_with("Australia"))));
    let flat = app.post_bearer(
        PEOPLE,
        KEY,
        &json!({ "keywords": "Engineer", "location": au, "limit": 10 }),
    );
    assert_eq!(flat.json["people"], by_id.json["people"]);
}

#[test]
fn connected_degree_filter_lists_only_the_accounts_connections() {
    // connectionDegree F: 1st-degree connections of this account only.
    let app = spawn();
    let r = app.post_bearer(
        PEOPLE,
        KEY,
        &json!({ "keywords": "", "count": 100, "filters": { "connectionDegree": ["F"] } }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let people = r.json["people"].as_array().cloned().unwrap_or_default();
    assert!(!people.is_empty());
    assert!(people.iter().all(|p| p["connectionDegree"] == "1st"));
    // The same people never show under S/O, and the account's other key
    // (another account, another network) does not have them as 1st.
    let rest = app.post_bearer(
        PEOPLE,
        KEY,
        &json!({ "keywords": "", "count": 100, "filters": { "connectionDegree": ["S", "O"] } }),
    );
    let rest_ids: Vec<Value> = rest.json["people"]
        .as_array()
        .map(|p| p.iter().map(|x| x["profileId"].clone()).collect())
        .unwrap_or_default();
    assert!(people.iter().all(|p| !rest_ids.contains(&p["profileId"])));
    assert!(rest.json["people"]
        .as_array()
        .is_some_and(|p| p.iter().all(|x| x["connectionDegree"] != "1st")));
}

#[test]
fn v2_answers_as_the_first_search_and_reads_filters_company() {
    let app = spawn();
    let body = json!({ "keywords": "CTO", "count": 5, "filters": { "company": "Acme" } });
    let a = app.post_bearer(PEOPLE, KEY, &body);
    let b = app.post_bearer("/linkedin/search/people/v2", KEY, &body);
    assert_eq!(b.status, 200, "{}", b.text);
    assert_eq!(a.json, b.json);
    let people = b.json["people"].as_array().cloned().unwrap_or_default();
    assert!(!people.is_empty());
    assert!(
        people.iter().all(|p| p["currentCompany"]["name"]
            .as_str()
            .is_some_and(|n| n.to_lowercase().contains("acme"))),
        "{people:?}"
    );
}

#[test]
fn post_search_finds_posts_by_authors_who_match_and_pages_them() {
    // Catalog §3.E posts/search: keywords, count, start, datePosted, sortBy,
    // authorJobTitles (≤ 5).
    let app = spawn();
    let r = app.post_bearer("/linkedin/posts/search", KEY, &json!({ "keywords": "Kubernetes", "count": 10, "sortBy": "date_posted", "authorJobTitles": ["CTO"] }));
    assert_eq!(r.status, 200, "{}", r.text);
    let posts = r.json["posts"].as_array().cloned().unwrap_or_default();
    assert!(!posts.is_empty());
    let stamps: Vec<&str> = posts
        .iter()
        .map(|p| p["timestamp"].as_str().unwrap_or_default())
        .collect();
    assert!(stamps.windows(2).all(|w| w[0] >= w[1]));
    let author = &posts[0]["author"];
    assert!(author["headline"]
        .as_str()
        .is_some_and(|h| h.contains("Kubernetes")));
    let fetched = profile(&app, &author["publicIdentifier"]);
    assert_eq!(fetched["headline"], author["headline"]);
    let s = app.post_bearer(
        "/linkedin/posts/scrape",
        KEY,
        &json!({ "postUrl": posts[0]["url"] }),
    );
    assert_eq!(s.json["data"]["content"], posts[0]["content"]);
    let week = app.post_bearer(
        "/linkedin/posts/search",
        KEY,
        &json!({ "keywords": "Kubernetes", "datePosted": "past-24h" }),
    );
    assert!(week.json["pagination"]["total"].as_u64() <= r.json["pagination"]["total"].as_u64());
    let bad = app.post_bearer("/linkedin/posts/search", KEY, &json!({ "keywords": "x", "authorJobTitles": ["a", "b", "c", "d", "e", "f"], "datePosted": "past-24-hours" }));
    assert_eq!(bad.status, 400);
    let codes: Vec<Value> = bad.json["error"]["issues"]
        .as_array()
        .map(|i| i.iter().map(|x| x["path"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(
        codes,
        vec![json!(["datePosted"]), json!(["authorJobTitles"])]
    );
}

fn ids_of(r: &Reply) -> Vec<Value> {
    r.json["people"]
        .as_array()
        .map(|p| p.iter().map(|x| x["profileId"].clone()).collect())
        .unwrap_or_default()
}

#[test]
fn people_search_results_match_their_filters_when_fetched_through_every_provider() {
    // G-3 (SPEC §4), catalog §3.F: a hit of either body style, fetched later
    // through ConnectSafely /profile, Atomus enrich and OutX fetch-profile, is
    // one member who still matches every filter that found it.
    let app = spawn();
    let us = geo_id(&app, "United States");
    let jobs = app.post_bearer(
        JOBS,
        KEY,
        &json!({ "keywords": "", "count": 1, "filters": { "datePosted": "past-month" } }),
    );
    let company = app
        .post_bearer(
            COMPANY,
            KEY,
            &json!({ "companyId": jobs.json["jobs"][0]["companyId"] }),
        )
        .json["company"]
        .clone();
    // (body, title, company name, headline words: any of)
    let cases = [
        (
            json!({ "keywords": "Engineering Manager OR CTO", "count": 10, "filters": { "currentCompanyIds": [company["id"]], "locationId": us, "connectionDegree": ["S", "O"] } }),
            None,
            Some(company["name"].clone()),
            vec!["engineering manager", "cto"],
        ),
        (
            json!({ "keywords": "Growth", "location": "United States", "title": "Head of Growth", "limit": 10 }),
            Some("Head of Growth"),
            None,
            vec!["growth"],
        ),
    ];
    for (body, title, company_name, words) in cases {
        let r = app.post_bearer(PEOPLE, KEY, &body);
        assert_eq!(r.status, 200, "{}", r.text);
        let people = r.json["people"].as_array().cloned().unwrap_or_default();
        assert!(!people.is_empty(), "{body}");
        for p in people.iter().take(3) {
            let id = p["profileId"].as_str().unwrap_or_default();
            let cs = profile(&app, &p["profileId"]);
            let at = super::people::atomus_profile(&app, id);
            let ox = super::people::outx_profile(&app, id);
            // One member everywhere.
            assert_eq!(cs["entityUrn"], p["profileUrn"]);
            assert_eq!(ox["profile_urn"], p["profileUrn"]);
            assert_eq!(at["headline"], cs["headline"]);
            assert_eq!(ox["headline"], cs["headline"]);
            // Still matching: place, keywords, title, company.
            assert_eq!(cs["geoLocation"]["country"], "United States", "{cs}");
            assert_eq!(at["location"]["country"], "US", "{at}");
            assert!(ox["location"]
                .as_str()
                .is_some_and(|l| l.ends_with("United States")));
            let headline = cs["headline"].as_str().unwrap_or_default().to_lowercase();
            assert!(words.iter().any(|w| headline.contains(w)), "{headline}");
            if let Some(t) = title {
                assert_eq!(cs["experience"][0]["title"], t);
                assert_eq!(at["title"], t);
                assert_eq!(ox["experience"][0]["title"], t);
            }
            if let Some(c) = &company_name {
                assert_eq!(&cs["experience"][0]["companyName"], c);
                assert_eq!(&at["company"]["name"], c);
                assert_eq!(&ox["experience"][0]["company"], c);
                assert_ne!(cs["connectionDegree"], "DISTANCE_1");
            }
        }
    }
}

#[test]
fn first_degree_search_results_are_connected_in_profile_and_relationship() {
    // Catalog §3.F connectionDegree F, §3.B relationship, G-3: a 1st-degree
    // hit is a connection wherever the account looks at it.
    let app = spawn();
    let r = app.post_bearer(
        PEOPLE,
        KEY,
        &json!({ "keywords": "", "count": 5, "filters": { "connectionDegree": ["F"] } }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let first = ids_of(&r);
    assert!(!first.is_empty());
    for id in &first {
        let p = profile(&app, id);
        assert_eq!(p["connectionDegree"], "DISTANCE_1", "{p}");
        assert_eq!(p["isConnected"], true);
        let rel = app.send(
            app.client
                .get(app.url(&format!(
                    "/linkedin/relationship/{}",
                    id.as_str().unwrap_or_default()
                )))
                .bearer_auth(KEY),
        );
        assert_eq!(rel.status, 200, "{}", rel.text);
        assert_eq!(rel.json["connected"], true, "{}", rel.text);
        assert_eq!(rel.json["status"], "CONNECTED");
        assert_eq!(rel.json["connectionDegree"], "DISTANCE_1");
    }
    // F with S: the connections come first, then 2nd-degree members.
    let both = |start: u64, count: u64| {
        app.post_bearer(
            PEOPLE,
            KEY,
            &json!({ "keywords": "", "start": start, "count": count, "filters": { "connectionDegree": ["F", "S"] } }),
        )
    };
    assert_eq!(ids_of(&both(0, 5)), first);
    let connections = r.json["pagination"]["total"].as_u64().unwrap_or_default();
    assert!(connections >= 2);
    let seam = both(connections - 2, 10);
    let degrees: Vec<&str> = seam.json["people"]
        .as_array()
        .map(|p| {
            p.iter()
                .map(|x| x["connectionDegree"].as_str().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(degrees.len(), 10, "{}", seam.text);
    assert_eq!(degrees[..2], ["1st", "1st"]);
    assert!(degrees[2..].iter().all(|d| *d == "2nd"), "{degrees:?}");
}
