//! The shared LinkedIn model seen through the providers (SPEC G-3, G-2, C-12).

use serde_json::{json, Value};

use super::helpers::{spawn, TestApp};

const ACCOUNT: &str = "696ce9e780e0483585e4e553";

fn cs_profile(app: &TestApp, id: &str, refresh: bool) -> Value {
    let r = app.post_bearer(
        "/linkedin/profile",
        "cs_live_demo",
        &json!({"profileId": id, "includeExperience": true, "forceRefresh": refresh}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    r.json
}

fn connect(app: &TestApp, body: Value) -> super::helpers::Reply {
    app.post_bearer("/linkedin/connect", "cs_live_demo", &body)
}

// G-3: an account's initial connections are 1st degree on its profile reads,
// and only for that account.
#[test]
fn initial_connections_are_first_degree_for_their_account_only() {
    let app = spawn();
    let world = app.mock.state().world();
    let conns = world.linkedin.connections(ACCOUNT);
    let h = conns
        .iter()
        .find(|c| !c.handle.starts_with("anandi"))
        .map(|c| c.handle.clone())
        .expect("a generated connection");
    let p = cs_profile(&app, &h, false);
    assert_eq!(p["profile"]["connectionDegree"], "DISTANCE_1", "{p}");
    assert_eq!(p["profile"]["isConnected"], true);
    let other = app.post_bearer(
        "/linkedin/profile",
        "cs_live_other",
        &json!({"profileId": h}),
    );
    assert_eq!(
        other.json["profile"]["isConnected"], false,
        "{}",
        other.text
    );
    // Connecting to a connection is refused, as for connected-* handles.
    let r = connect(&app, json!({"profileId": h}));
    assert_eq!(r.status, 400, "{}", r.text);
}

// G-3, CS-C2, CS-P5: connect writes a pending invitation into the account's
// network; the refreshed profile and the model both show it.
#[test]
fn connect_writes_the_invitation_into_the_network() {
    let app = spawn();
    let world = app.mock.state().world();
    let h = (0..)
        .map(|i| format!("jane-roe-{i}"))
        .find(|h| world.linkedin.degree(ACCOUNT, h) != mocklink::linkedin::Degree::First)
        .unwrap_or_default();
    assert_eq!(
        cs_profile(&app, &h, false)["profile"]["invitationSent"],
        false
    );
    let r = connect(&app, json!({"profileId": h, "customMessage": "Hi"}));
    assert_eq!(r.status, 200, "{}", r.text);
    let sent = world.linkedin.sent_invitations(ACCOUNT);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].handle, h);
    assert_eq!(sent[0].message.as_deref(), Some("Hi"));
    assert!(world.linkedin.relationship(ACCOUNT, &h).invitation_sent);
    assert_eq!(
        cs_profile(&app, &h, true)["profile"]["invitationSent"],
        true
    );
    // A withdrawal in the model is seen by the next connect (one source of truth).
    assert!(world.linkedin.withdraw(ACCOUNT, &h).is_ok());
    assert_eq!(connect(&app, json!({"profileId": h})).status, 200);
}

// G-2: a full profile URL is accepted wherever a public id is taken.
#[test]
fn a_full_profile_url_means_its_handle() {
    let app = spawn();
    let by_id = cs_profile(&app, "ritika-kulkarni-85718922a", false);
    for url in [
        "https://www.linkedin.com/in/ritika-kulkarni-85718922a/",
        "https://linkedin.com/in/Ritika-Kulkarni-85718922a?trk=abc",
        "www.linkedin.com/in/ritika-kulkarni-85718922a",
    ] {
        let p = cs_profile(&app, url, false);
        assert_eq!(
            p["profile"]["entityUrn"], by_id["profile"]["entityUrn"],
            "{url}"
        );
    }
    let r = connect(
        &app,
        json!({"profileId": "https://www.linkedin.com/in/sam-lee-77/"}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let world = app.mock.state().world();
    assert!(
        world
            .linkedin
            .relationship(ACCOUNT, "sam-lee-77")
            .invitation_sent
    );
}

// G-3: profile experience names companies of the model, on every provider.
#[test]
fn experience_companies_are_the_models_companies() {
    let app = spawn();
    let world = app.mock.state().world();
    let p = cs_profile(&app, "kim-park-3", false);
    let model = world.linkedin.person("kim-park-3");
    let names: Vec<&str> = p["experience"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["companyName"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names.len(), model.experience().len());
    for (name, e) in names.iter().zip(model.experience()) {
        assert_eq!(*name, e.company);
        let c = world
            .linkedin
            .company_by_slug(&e.company_slug)
            .expect("company");
        assert_eq!(c.name, *name);
    }
}

// Issue 10 item 9 (C-12): URNs of long handles resolve after a reset, a
// scenario swap and many other long handles.
#[test]
fn long_handle_urns_resolve_across_reset_and_scenario_swap() {
    let app = spawn();
    let long = "a-rather-long-handle-of-forty-one-characters";
    let longer = "x".repeat(90);
    let urn_of = |h: &str| {
        let r = connect(&app, json!({"profileId": h}));
        assert_eq!(r.status, 200, "{}", r.text);
        r.json["profileUrn"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let (u1, u2) = (urn_of(long), urn_of(&longer));
    assert_eq!(app.post_json("/__admin/reset", &json!({})).status, 200);
    let mut next = app.get("/__admin/scenario").json;
    next["seed"] = json!(7);
    let swap = app.send(app.client.put(app.url("/__admin/scenario")).json(&next));
    assert_eq!(swap.status, 200, "{}", swap.text);
    // Many more long handles do not push the first ones out.
    let world = app.mock.state().world();
    for i in 0..2_000 {
        world.people.urn_for(&format!("{}-{i}", "y".repeat(60)));
    }
    for (u, h) in [(&u1, long.to_string()), (&u2, longer.clone())] {
        let r = connect(&app, json!({"profileUrn": u}));
        assert_eq!(r.status, 200, "{u}: {}", r.text);
        assert_eq!(r.json["profileUrn"], json!(u));
        assert_eq!(world.people.handle_for_urn(u), Some(h));
    }
}

// G-3: a visitor's connection degree is the model's degree for that account.
#[test]
fn visitor_degrees_come_from_the_accounts_network() {
    let app = spawn();
    let world = app.mock.state().world();
    let r = app.post_bearer(
        "/linkedin/profile/visitors",
        "cs_live_demo",
        &json!({"count": 50, "maxVisitors": 50}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let mut checked = 0;
    for v in r.json["visitors"].as_array().cloned().unwrap_or_default() {
        if let Some(h) = v["publicIdentifier"].as_str() {
            let want = world.linkedin.degree(ACCOUNT, h).ordinal();
            assert_eq!(v["connectionDegree"], want, "{v}");
            checked += 1;
        }
    }
    assert!(checked > 0);
}
