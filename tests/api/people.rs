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
        assert!(!p.experience.is_empty() && !p.education.is_empty());
        assert_eq!(
            p.experience[0].company, p.company,
            "current job is the company"
        );
        assert_eq!(p.experience[0].end_year, None);
        assert_eq!(
            people.handle_for_urn(&p.urn).as_deref(),
            Some(p.handle.as_str())
        );
    }
}
