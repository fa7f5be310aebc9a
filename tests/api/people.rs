//! Deterministic people (SPEC C-4) seen from outside the server.

use mocklink::people::People;
use mocklink::Scenario;

// C-4: same seed and handle → byte-identical person, across restarts of the
// generator (a fresh People is what a restart or reset builds).
#[test]
fn same_seed_and_handle_give_a_byte_identical_person_after_restart() {
    let s = Scenario::default_scenario();
    let a =
        serde_json::to_string(&People::new(s.seed, &s.people).person("jane-roe-9")).expect("json");
    let b =
        serde_json::to_string(&People::new(s.seed, &s.people).person("jane-roe-9")).expect("json");
    assert_eq!(a, b);
}

// C-4: a reset keeps the same people.
#[test]
fn reset_keeps_people_identical() {
    let app = super::helpers::spawn();
    let before = app.mock.state().world().people.person("sam-lee-1");
    assert_eq!(
        app.post_json("/__admin/reset", &serde_json::json!({}))
            .status,
        200
    );
    assert_eq!(app.mock.state().world().people.person("sam-lee-1"), before);
}

// C-4: generated people are realistic and self-consistent.
#[test]
fn generated_people_have_consistent_realistic_fields() {
    let s = Scenario::default_scenario();
    let people = People::new(s.seed, &s.people);
    for i in 0..200 {
        let p = people.person(&format!("member-{i}"));
        assert!(!p.first_name.is_empty() && !p.last_name.is_empty());
        assert_eq!(p.location.country_code.len(), 2);
        assert!(p
            .location
            .country_code
            .chars()
            .all(|c| c.is_ascii_uppercase()));
        assert!((5..=12).contains(&p.skills.len()));
        assert!(!p.experience().is_empty() && !p.education().is_empty());
        assert_eq!(
            p.experience()[0].company,
            p.company,
            "current job is the company"
        );
        assert_eq!(p.experience()[0].end_year, None);
        assert_eq!(
            people.handle_for_urn(&p.urn).as_deref(),
            Some(p.handle.as_str())
        );
    }
}

fn cs_profile(app: &super::helpers::TestApp, handle: &str) -> serde_json::Value {
    let r = app.post_bearer(
        "/linkedin/profile",
        "cs_live_demo",
        &serde_json::json!({"profileId": handle, "includeGeoLocation": true, "includeSkills": true}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    r.json
}

pub(super) fn atomus_profile(app: &super::helpers::TestApp, handle: &str) -> serde_json::Value {
    let r = app.post_bearer(
        "/v1/linkedin-profile-enrichment/enrich",
        "atm_live_demo",
        &serde_json::json!({"url": format!("https://www.linkedin.com/in/{handle}/")}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["data"]["profile"].clone()
}

pub(super) fn outx_profile(app: &super::helpers::TestApp, handle: &str) -> serde_json::Value {
    let r = app.send(
        app.client
            .post(app.url("/linkedin-agent/fetch-profile"))
            .header("x-api-key", "outx_demo_key")
            .json(&serde_json::json!({"profile_slug": handle})),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.json["api_agent_task_id"]
        .as_str()
        .expect("task id")
        .to_string();
    app.advance(60.0);
    let r = app.send(
        app.client
            .get(app.url(&format!(
                "/linkedin-agent/get-task-status?api_agent_task_id={id}"
            )))
            .header("x-api-key", "outx_demo_key"),
    );
    assert_eq!(r.json["data"]["status"], "completed", "{}", r.text);
    r.json["data"]["task_output"].clone()
}

// C-4: one handle is one person in every provider.
#[test]
fn same_handle_is_the_same_person_in_every_provider() {
    let app = super::helpers::spawn();
    for handle in ["maria-garcia-77", "zx9", "anandi-devi"] {
        let cs = cs_profile(&app, handle);
        let at = atomus_profile(&app, handle);
        let ox = outx_profile(&app, handle);
        let p = &cs["profile"];
        let name = format!(
            "{} {}",
            p["firstName"].as_str().unwrap_or_default(),
            p["lastName"].as_str().unwrap_or_default()
        );
        assert_eq!(at["full_name"], name.as_str(), "{handle}");
        assert_eq!(ox["name"], name.as_str(), "{handle}");
        assert_eq!(at["headline"], p["headline"], "{handle}");
        assert_eq!(ox["headline"], p["headline"], "{handle}");
        assert_eq!(ox["profile_urn"], p["entityUrn"], "{handle}");
        assert_eq!(ox["location"], p["geoLocation"]["fullLocation"], "{handle}");
        assert_eq!(at["location"]["city"], p["geoLocation"]["city"], "{handle}");
        let cs_skills: Vec<&str> = cs["skills"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["name"].as_str())
            .collect();
        let at_skills: Vec<&str> = at["skills"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str())
            .collect();
        assert_eq!(cs_skills, at_skills, "{handle}");
    }
}

// C-4: a restart (a new server on the same scenario) serves byte-identical people.
#[test]
fn restarted_server_serves_byte_identical_profiles() {
    let first = cs_profile(&super::helpers::spawn(), "lee-chen-42");
    let second = cs_profile(&super::helpers::spawn(), "lee-chen-42");
    assert_eq!(first["profile"], second["profile"]);
    assert_eq!(
        atomus_profile(&super::helpers::spawn(), "lee-chen-42"),
        atomus_profile(&super::helpers::spawn(), "lee-chen-42")
    );
}

// C-4: the seed changes the generated people.
#[test]
fn another_seed_gives_other_people() {
    let mut s = super::helpers::default_at(super::helpers::MONDAY_MORNING);
    s.seed = 7;
    let other = cs_profile(&super::helpers::spawn_scenario(s), "zx9");
    let default = cs_profile(&super::helpers::spawn(), "zx9");
    assert_ne!(other["profile"], default["profile"]);
}
