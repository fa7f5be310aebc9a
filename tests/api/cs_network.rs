//! ConnectSafely actions, network, organizations and messaging over HTTP
//! (catalog 3.B, 3.C, 3.H, 3.I, §5; SPEC G-3, G-4): each documented
//! behaviour, and each effect one route has on what the others read.

use serde_json::{json, Value};

use super::helpers::*;

const KEY: &str = "cs_live_demo";
const OTHER_KEY: &str = "cs_live_other";
const DEFAULT_ACCOUNT: &str = "696ce9e780e0483585e4e553";
const NON_PREMIUM: &str = "65a1b2c3d4e5f60718293a4b";
const OTHER_ACCOUNT: &str = "66b2c3d4e5f60718293a4b5c";

/// Every byte outside the unreserved set percent-encoded, as clients encode
/// URNs into a path segment.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn get(app: &TestApp, path: &str) -> Reply {
    app.send(app.client.get(app.url(path)).bearer_auth(KEY))
}

fn post(app: &TestApp, path: &str, body: &Value) -> Reply {
    app.post_bearer(path, KEY, body)
}

fn relationship(app: &TestApp, id: &str) -> Value {
    let r = get(app, &format!("/linkedin/relationship/{id}"));
    assert_eq!(r.status, 200, "{}", r.text);
    r.json
}

fn with_limits(f: impl FnOnce(&mut mocklink::scenario::CsLimits)) -> TestApp {
    let mut s = default_at(MONDAY_MORNING);
    f(&mut s.connectsafely.limits);
    spawn_scenario(s)
}

/// A 1st-degree connection of the default account, from `/connections`.
fn a_connection(app: &TestApp) -> String {
    let r = get(app, "/linkedin/connections?limit=1");
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["connections"][0]["vanityName"]
        .as_str()
        .expect("a connection")
        .to_string()
}

// ------------------------------------------------------------------ relationship

#[test]
fn relationship_of_a_stranger_has_every_documented_and_client_read_field() {
    // catalog 3.B GET /relationship/{profileId}: docs fields + isConnected (clients)
    let app = spawn();
    let r = relationship(&app, "jane-stranger-1");
    assert_eq!(r["connected"], false);
    assert_eq!(r["isConnected"], false);
    assert_eq!(r["invitationSent"], false);
    assert_eq!(r["invitationReceived"], false);
    assert_eq!(r["status"], "NOT_CONNECTED");
    assert_eq!(r["accountId"], DEFAULT_ACCOUNT);
    assert_eq!(r["following"], false);
    assert!(r.get("success").is_none());
    let p = post(
        &app,
        "/linkedin/profile",
        &json!({ "profileId": "jane-stranger-1" }),
    );
    assert_eq!(r["profileUrn"], p.json["profile"]["entityUrn"]);
    assert_eq!(r["connectionDegree"], p.json["profile"]["connectionDegree"]);
    assert!(matches!(r["degree"].as_u64(), Some(2 | 3)));
}

#[test]
fn connected_members_are_first_degree_in_relationship() {
    // C-4 magic handle connected-*, catalog §5.2
    let app = spawn();
    let r = relationship(&app, "connected-jane-doe");
    assert_eq!(r["connected"], true);
    assert_eq!(r["isConnected"], true);
    assert_eq!(r["status"], "CONNECTED");
    assert_eq!(r["degree"], 1);
    let c = a_connection(&app);
    assert_eq!(relationship(&app, &c)["connected"], true);
}

#[test]
fn relationship_of_nobody_is_the_documented_404() {
    // catalog 3.B: E2 404
    let app = spawn();
    let r = get(&app, "/linkedin/relationship/notfound-invalid-profile-id");
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        json!({ "error": "LinkedIn profile not found: notfound-invalid-profile-id", "success": false, "message": "LinkedIn profile not found: notfound-invalid-profile-id" })
    );
}

#[test]
fn relationship_takes_an_encoded_profile_url() {
    // SPEC G-2: profile URLs wherever a public id is taken
    let app = spawn();
    let url = enc("https://www.linkedin.com/in/connected-jane-doe/");
    assert_eq!(relationship(&app, &url)["connected"], true);
}

#[test]
fn relationship_for_a_named_account_uses_that_account_only() {
    // catalog 3.B GET /relationship/{accountId}/{profileId}; CS-ACCOUNT
    let app = spawn();
    assert_eq!(
        post(
            &app,
            "/linkedin/connect",
            &json!({ "profileId": "jane-target" })
        )
        .status,
        200
    );
    let mine = get(
        &app,
        &format!("/linkedin/relationship/{DEFAULT_ACCOUNT}/jane-target"),
    );
    assert_eq!(mine.json["invitationSent"], true);
    let other = get(
        &app,
        &format!("/linkedin/relationship/{NON_PREMIUM}/jane-target"),
    );
    assert_eq!(other.status, 200);
    assert_eq!(other.json["invitationSent"], false);
    assert_eq!(other.json["accountId"], NON_PREMIUM);
    let foreign = get(
        &app,
        &format!("/linkedin/relationship/{OTHER_ACCOUNT}/jane-target"),
    );
    assert_eq!(foreign.status, 404);
    assert_eq!(
        foreign.json["error"],
        format!("LinkedIn account not found: {OTHER_ACCOUNT}")
    );
}

// ------------------------------------------------------------------ connect → invitations → withdraw

#[test]
fn a_connect_is_a_pending_sent_invitation_until_withdrawn() {
    // catalog §5.3; SPEC G-3
    let app = spawn();
    let c = post(
        &app,
        "/linkedin/connect",
        &json!({ "profileId": "jane-pending", "customMessage": "Hello!" }),
    );
    assert_eq!(c.status, 200, "{}", c.text);
    let r = relationship(&app, "jane-pending");
    assert_eq!(r["invitationSent"], true);
    assert_eq!(r["status"], "PENDING_SENT");
    let sent = get(&app, "/linkedin/invitations/sent");
    assert_eq!(sent.status, 200);
    let item = sent.json["invitations"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|i| i["profile"]["publicIdentifier"] == "jane-pending")
        })
        .cloned()
        .expect("listed as sent");
    assert_eq!(item["invitationType"], "SENT");
    assert_eq!(item["memberUrn"], c.json["profileUrn"]);
    assert_eq!(
        item["invitationUrn"],
        format!("urn:li:invitation:{}", item["id"].as_str().unwrap_or(""))
    );
    assert_eq!(item["sentAt"], "just now");
    assert_eq!(item["message"], "Hello!");
    assert_eq!(sent.json["count"], 1);

    let w = post(
        &app,
        "/linkedin/invitations/withdraw",
        &json!({ "profileId": "jane-pending" }),
    );
    assert_eq!(w.status, 200, "{}", w.text);
    assert_eq!(w.json["invitationId"], item["id"]);
    assert_eq!(relationship(&app, "jane-pending")["invitationSent"], false);
    assert_eq!(get(&app, "/linkedin/invitations/sent").json["count"], 0);
    let p = post(
        &app,
        "/linkedin/profile",
        &json!({ "profileId": "jane-pending", "forceRefresh": true }),
    );
    assert_eq!(p.json["profile"]["invitationSent"], false);
    // Withdrawn: the member can be invited again.
    assert_eq!(
        post(
            &app,
            "/linkedin/connect",
            &json!({ "profileId": "jane-pending" })
        )
        .status,
        200
    );
}

#[test]
fn withdrawing_without_a_pending_invitation_is_400() {
    // catalog 3.B POST /invitations/withdraw: 400 without one
    let app = spawn();
    let r = post(
        &app,
        "/linkedin/invitations/withdraw",
        &json!({ "profileId": "jane-nobody-invited" }),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["error"],
        "No pending invitation found for: jane-nobody-invited"
    );
    let r = post(&app, "/linkedin/invitations/withdraw", &json!({}));
    assert_eq!(r.status, 400);
    let r = post(
        &app,
        "/linkedin/invitations/withdraw",
        &json!({ "profileId": "notfound-x" }),
    );
    assert_eq!(r.status, 404);
}

#[test]
fn withdraw_finds_the_member_by_urn_or_member_id() {
    // catalog 3.B: profileUrn or memberId instead of profileId
    let app = spawn();
    let c = post(
        &app,
        "/linkedin/connect",
        &json!({ "profileId": "jane-by-urn" }),
    );
    let urn = c.json["profileUrn"].as_str().expect("urn").to_string();
    let member_id = urn.rsplit(':').next().unwrap_or_default().to_string();
    let r = post(
        &app,
        "/linkedin/invitations/withdraw",
        &json!({ "memberId": member_id }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["profileUrn"], urn);
}

#[test]
fn connecting_to_a_connection_of_the_network_is_refused() {
    // CS-C3 with the network's connections (catalog §5.2)
    let app = spawn();
    let c = a_connection(&app);
    let r = post(&app, "/linkedin/connect", &json!({ "profileId": c }));
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(
        r.json["error"],
        format!("Already connected or invitation pending: {c}")
    );
}

// ------------------------------------------------------------------ received invitations

#[test]
fn received_invitations_carry_categories_and_tokens() {
    // catalog 3.C GET /invitations/received
    let app = spawn();
    let r = get(&app, "/linkedin/invitations/received");
    assert_eq!(r.status, 200, "{}", r.text);
    let items = r.json["invitations"]
        .as_array()
        .expect("invitations")
        .clone();
    assert_eq!(r.json["count"].as_u64(), Some(items.len() as u64));
    assert!(!items.is_empty());
    for i in &items {
        assert_eq!(i["invitationType"], "RECEIVED");
        assert_eq!(i["id"], i["invitationId"]);
        assert!(i["validationToken"].as_str().is_some_and(|t| !t.is_empty()));
        assert_eq!(
            i["linkedInInvitationType"],
            format!(
                "GenericInvitationType_{}",
                i["invitationCategory"].as_str().unwrap_or("")
            )
        );
        if i["invitationCategory"] == "ORGANIZATION" {
            assert_eq!(i["memberId"], "");
            assert!(i["companyName"].as_str().is_some_and(|n| !n.is_empty()));
        } else {
            assert!(i["memberId"]
                .as_str()
                .is_some_and(|m| m.starts_with("ACoAA")));
        }
    }
    let pending_from = items
        .iter()
        .find(|i| i["invitationCategory"] == "CONNECTION")
        .expect("a connection invitation");
    let who = pending_from["profile"]["publicIdentifier"]
        .as_str()
        .unwrap_or("");
    assert_eq!(relationship(&app, who)["invitationReceived"], true);
}

fn respond_body(i: &Value, action: &str) -> Value {
    json!({
        "action": action,
        "invitationId": i["invitationId"],
        "validationToken": i["validationToken"],
        "linkedInInvitationType": i["linkedInInvitationType"],
        "firstName": i["profile"]["firstName"],
        "lastName": i["profile"]["lastName"],
        "profileId": i["memberId"],
    })
}

#[test]
fn accepting_a_connection_invitation_makes_a_connection_everywhere() {
    // catalog §5.4: accept consumes the invitation and adds a graph edge
    let app = spawn();
    let list = get(&app, "/linkedin/invitations/received");
    let inv = list.json["invitations"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|i| i["invitationCategory"] == "CONNECTION")
                .cloned()
        })
        .expect("a connection invitation");
    let who = inv["profile"]["publicIdentifier"]
        .as_str()
        .expect("who")
        .to_string();
    let r = post(
        &app,
        "/linkedin/invitations/received/respond",
        &respond_body(&inv, "accept"),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["invitationCategory"], "CONNECTION");
    let rel = relationship(&app, &who);
    assert_eq!(rel["connected"], true);
    assert_eq!(rel["invitationReceived"], false);
    let newest = get(&app, "/linkedin/connections?limit=1");
    assert_eq!(newest.json["connections"][0]["vanityName"], who);
    let again = get(&app, "/linkedin/invitations/received");
    assert!(!again.json["invitations"]
        .as_array()
        .is_some_and(|a| a.iter().any(|i| i["invitationId"] == inv["invitationId"])));
    // Already handled: gone.
    let twice = post(
        &app,
        "/linkedin/invitations/received/respond",
        &respond_body(&inv, "accept"),
    );
    assert_eq!(twice.status, 404);
}

#[test]
fn ignoring_removes_the_invitation_without_connecting() {
    // catalog §5.4
    let app = spawn();
    let list = get(&app, "/linkedin/invitations/received");
    let inv = list.json["invitations"][0].clone();
    let who = inv["profile"]["publicIdentifier"]
        .as_str()
        .expect("who")
        .to_string();
    let r = post(
        &app,
        "/linkedin/invitations/received/respond",
        &respond_body(&inv, "ignore"),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["message"], "Invitation ignored successfully");
    assert_eq!(relationship(&app, &who)["connected"], false);
    assert_eq!(
        get(&app, "/linkedin/invitations/received").json["count"].as_u64(),
        list.json["count"].as_u64().map(|n| n - 1)
    );
}

#[test]
fn respond_checks_the_token_type_and_required_fields() {
    // catalog 3.B POST /invitations/received/respond (decisions)
    let app = spawn();
    let list = get(&app, "/linkedin/invitations/received");
    let inv = list.json["invitations"][0].clone();
    let mut bad = respond_body(&inv, "accept");
    bad["validationToken"] = json!("wrong");
    let r = post(&app, "/linkedin/invitations/received/respond", &bad);
    assert_eq!(r.status, 400);
    assert!(r.json["error"]
        .as_str()
        .is_some_and(|e| e.contains("validationToken")));
    let r = post(
        &app,
        "/linkedin/invitations/received/respond",
        &json!({ "action": "maybe" }),
    );
    assert_eq!(r.status, 400);
    let issues = r.json["error"]["issues"]
        .as_array()
        .expect("zod issues")
        .clone();
    let paths: Vec<&str> = issues
        .iter()
        .filter_map(|i| i["path"][0].as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "action",
            "invitationId",
            "validationToken",
            "linkedInInvitationType",
            "firstName",
            "lastName"
        ]
    );
    let mut unknown = respond_body(&inv, "accept");
    unknown["invitationId"] = json!("1");
    assert_eq!(
        post(&app, "/linkedin/invitations/received/respond", &unknown).status,
        404
    );
}

// ------------------------------------------------------------------ connections

#[test]
fn connections_page_with_a_limit_of_at_most_twelve() {
    // catalog 3.C GET /connections
    let app = spawn();
    let r = get(&app, "/linkedin/connections");
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["limit"], 10);
    assert_eq!(r.json["sortBy"], "recentlyAdded");
    assert_eq!(r.json["connections"].as_array().map(Vec::len), Some(10));
    let big = get(&app, "/linkedin/connections?limit=50&startIndex=3");
    assert_eq!(big.json["limit"], 12);
    assert_eq!(big.json["startIndex"], 3);
    assert_eq!(big.json["connections"].as_array().map(Vec::len), Some(12));
    assert_eq!(big.json["connections"][0], r.json["connections"][3]);
    let c = &r.json["connections"][0];
    assert!(c["connectedDate"]
        .as_str()
        .is_some_and(|d| d.starts_with("Connected on ")));
    assert_eq!(
        c["profileUrl"],
        format!(
            "https://www.linkedin.com/in/{}/",
            c["vanityName"].as_str().unwrap_or("")
        )
    );
    assert_eq!(get(&app, "/linkedin/connections?sortBy=age").status, 400);
    assert_eq!(get(&app, "/linkedin/connections?limit=x").status, 400);
}

#[test]
fn connections_sort_by_first_or_last_name() {
    // catalog 3.C sortBy
    let app = spawn();
    for (sort, field) in [("firstName", "firstName"), ("lastName", "lastName")] {
        let r = get(
            &app,
            &format!("/linkedin/connections?sortBy={sort}&limit=12"),
        );
        let names: Vec<String> = r.json["connections"]
            .as_array()
            .expect("connections")
            .iter()
            .filter_map(|c| c[field].as_str().map(str::to_lowercase))
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "{sort}");
        assert_eq!(r.json["sortBy"], sort);
    }
}

// ------------------------------------------------------------------ follow

#[test]
fn follow_shows_in_relationship_and_unfollow_clears_it() {
    // catalog 3.B POST /follow, §5.5 (decision: relationship.following)
    let app = spawn();
    let r = post(
        &app,
        "/linkedin/follow",
        &json!({ "action": "follow", "profileId": "jane-followed" }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["following"], true);
    assert_eq!(r.header("x-ratelimit-action").as_deref(), Some("FOLLOW"));
    assert_eq!(r.header("x-ratelimit-used").as_deref(), Some("1"));
    assert_eq!(relationship(&app, "jane-followed")["following"], true);
    let again = post(
        &app,
        "/linkedin/follow",
        &json!({ "profileId": "jane-followed" }),
    );
    assert_eq!(again.json["changed"], false);
    assert_eq!(again.header("x-ratelimit-used").as_deref(), Some("1"));
    let un = post(
        &app,
        "/linkedin/follow",
        &json!({ "action": "unfollow", "profileId": "https://www.linkedin.com/in/jane-followed/" }),
    );
    assert_eq!(un.status, 200);
    assert_eq!(un.json["following"], false);
    assert_eq!(un.header("x-ratelimit-used").as_deref(), Some("2"));
    assert_eq!(relationship(&app, "jane-followed")["following"], false);
    let bad = post(
        &app,
        "/linkedin/follow",
        &json!({ "action": "like", "profileId": "x" }),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json["error"]["issues"][0]["code"], "invalid_enum_value");
    assert_eq!(
        post(&app, "/linkedin/follow", &json!({ "action": "follow" })).status,
        400
    );
}

#[test]
fn the_follow_past_the_daily_limit_is_429_until_midnight() {
    // G-4: FOLLOW, scenario-settable
    let app = with_limits(|l| l.follows_per_day = 2);
    for i in 0..2 {
        let r = post(
            &app,
            "/linkedin/follow",
            &json!({ "profileId": format!("follow-me-{i}") }),
        );
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let r = post(
        &app,
        "/linkedin/follow",
        &json!({ "profileId": "follow-me-2" }),
    );
    assert_eq!(r.status, 429);
    let text = "Rate limit exceeded for FOLLOW: 2/2 used. Resets at 2024-01-16T00:00:00.000Z";
    assert_eq!(
        r.json,
        json!({ "error": text, "success": false, "message": text })
    );
    assert_eq!(r.header("x-ratelimit-remaining").as_deref(), Some("0"));
    assert_eq!(
        r.header("x-ratelimit-reset").as_deref(),
        Some("2024-01-16T00:00:00.000Z")
    );
    assert_eq!(relationship(&app, "follow-me-2")["following"], false);
    app.set_clock("2024-01-16T00:00:00Z");
    assert_eq!(
        post(
            &app,
            "/linkedin/follow",
            &json!({ "profileId": "follow-me-2" })
        )
        .status,
        200
    );
}

#[test]
fn concurrent_follows_never_pass_the_daily_limit() {
    // C-6 with G-4
    let app = with_limits(|l| l.follows_per_day = 7);
    let url = app.url("/linkedin/follow");
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..30)
            .map(|i| {
                let url = url.clone();
                let client = app.client.clone();
                s.spawn(move || {
                    client
                        .post(&url)
                        .bearer_auth(KEY)
                        .json(&json!({ "profileId": format!("crowd-{i}") }))
                        .send()
                        .map(|r| r.status().as_u16())
                        .unwrap_or(0)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).collect()
    });
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 7);
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 23);
}

// ------------------------------------------------------------------ message

#[test]
fn a_message_to_a_connection_lands_in_its_conversation() {
    // catalog 3.B POST /message, §5.8
    let app = spawn();
    let to = a_connection(&app);
    let r = post(
        &app,
        "/linkedin/message",
        &json!({ "recipientProfileId": to, "message": "Hello there" }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["message"], "Message sent successfully");
    assert_eq!(r.header("x-ratelimit-action").as_deref(), Some("MESSAGE"));
    assert_eq!(r.header("x-ratelimit-limit").as_deref(), Some("100"));
    let conv = r.json["conversationUrn"]
        .as_str()
        .expect("conversation")
        .to_string();
    let exists = get(&app, &format!("/linkedin/conversations/exists/{to}"));
    assert_eq!(exists.json["hasConversation"], true);
    assert_eq!(exists.json["conversationUrn"], conv);
    let msgs = get(
        &app,
        &format!("/linkedin/conversations/{}/messages", enc(&conv)),
    );
    assert_eq!(msgs.status, 200, "{}", msgs.text);
    assert_eq!(msgs.json["messages"][0]["text"], "Hello there");
    assert_eq!(msgs.json["messages"][0]["messageUrn"], r.json["messageUrn"]);
    assert_eq!(msgs.json["messages"][0]["isSentByOwner"], true);
    let list = get(&app, "/linkedin/conversations");
    assert_eq!(list.json["conversations"][0]["conversationUrn"], conv);
    assert_eq!(
        list.json["conversations"][0]["latestMessage"]["text"],
        "Hello there"
    );
}

#[test]
fn a_normal_message_needs_a_connection_and_inmail_needs_premium() {
    // catalog 3.B /message (decisions: 400 not connected, 403 no Premium)
    let app = spawn();
    let r = post(
        &app,
        "/linkedin/message",
        &json!({ "recipientProfileId": "jane-stranger-2", "message": "Hi" }),
    );
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(r.header("x-ratelimit-used").as_deref(), Some("0"));
    let r = post(
        &app,
        "/linkedin/message",
        &json!({ "recipientProfileId": "jane-stranger-2", "message": "Hi", "messageType": "inmail", "accountId": NON_PREMIUM }),
    );
    assert_eq!(r.status, 403, "{}", r.text);
    assert_eq!(r.json["error"], "LinkedIn Premium required to send InMail");
    let r = post(
        &app,
        "/linkedin/message",
        &json!({ "recipientProfileId": "jane-stranger-2", "message": "Hi", "subject": "Hello", "messageType": "inmail" }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["messageType"], "inmail");
    // The cookbook sends inmail to 1st-degree connections: delivered as a DM.
    let r = post(
        &app,
        "/linkedin/message",
        &json!({ "recipientProfileId": "connected-jane", "message": "Hi", "messageType": "inmail", "accountId": NON_PREMIUM }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["messageType"], "normal");
    let missing = post(&app, "/linkedin/message", &json!({ "message": "Hi" }));
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.json["error"],
        "Either recipientProfileId or recipientProfileUrn must be provided"
    );
    let zod = post(
        &app,
        "/linkedin/message",
        &json!({ "recipientProfileId": "x" }),
    );
    assert_eq!(zod.json["error"]["issues"][0]["path"], json!(["message"]));
}

#[test]
fn every_send_route_shares_one_daily_message_count() {
    // G-4 MESSAGE: /message 100, /messaging/send* 150, one count (decision)
    let app = with_limits(|l| {
        l.messages_per_day = 2;
        l.messaging_per_day = 3;
    });
    let to = a_connection(&app);
    let body = json!({ "recipientProfileId": to, "message": "one" });
    assert_eq!(post(&app, "/linkedin/message", &body).status, 200);
    let c = post(&app, "/linkedin/conversations/send", &body);
    assert_eq!(c.status, 200, "{}", c.text);
    let over = post(&app, "/linkedin/message", &body);
    assert_eq!(over.status, 429);
    assert_eq!(
        over.json["error"],
        "Rate limit exceeded for MESSAGE: 2/2 used. Resets at 2024-01-16T00:00:00.000Z"
    );
    let older = post(&app, "/linkedin/messaging/send", &body);
    assert_eq!(older.status, 200, "{}", older.text);
    assert_eq!(older.header("x-ratelimit-limit").as_deref(), Some("3"));
    assert_eq!(older.header("x-ratelimit-used").as_deref(), Some("3"));
    let r = post(&app, "/linkedin/messaging/send", &body);
    assert_eq!(r.status, 429);
    assert_eq!(r.json["success"], false);
    let msgs = get(
        &app,
        &format!(
            "/linkedin/conversations/{}/messages",
            enc(c.json["conversationUrn"].as_str().unwrap_or(""))
        ),
    );
    let texts = msgs.json["messages"]
        .as_array()
        .map(|m| m.iter().filter(|x| x["text"] == "one").count());
    assert_eq!(texts, Some(3), "refused sends left no message");
}

// ------------------------------------------------------------------ conversations

#[test]
fn conversations_send_answers_what_clients_read_and_shows_everywhere() {
    // catalog 3.I POST /conversations/send (3P reads data.messageId, data.conversationUrn)
    let app = spawn();
    let to = a_connection(&app);
    let urn = relationship(&app, &to)["profileUrn"]
        .as_str()
        .expect("urn")
        .to_string();
    let r = post(
        &app,
        "/linkedin/conversations/send",
        &json!({ "recipientProfileUrn": urn, "message": "Quick question", "messagingChannel": "linkedin_inbox" }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["message"], "Quick question");
    assert_eq!(r.json["messagingChannel"], "linkedin_inbox");
    assert_eq!(r.json["data"]["conversationUrn"], r.json["conversationUrn"]);
    assert_eq!(
        r.json["data"]["messageId"],
        r.json["sentMessage"]["messageUrn"]
    );
    let conv = r.json["conversationUrn"].as_str().unwrap_or("").to_string();
    let reply = post(
        &app,
        "/linkedin/conversations/send",
        &json!({ "conversationUrn": conv, "message": "Follow-up" }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json["conversationUrn"], conv);
    let msgs = get(
        &app,
        &format!("/linkedin/conversations/{}/messages", enc(&conv)),
    );
    let texts: Vec<&str> = msgs.json["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter_map(|m| m["text"].as_str())
        .collect();
    assert_eq!(&texts[..2], ["Follow-up", "Quick question"]);
    let none = post(
        &app,
        "/linkedin/conversations/send",
        &json!({ "message": "x" }),
    );
    assert_eq!(none.status, 400);
    assert!(none.json.get("success").is_none(), "E1 body: {}", none.text);
    let unknown = post(
        &app,
        "/linkedin/conversations/send",
        &json!({ "conversationUrn": "urn:li:msg_conversation:(x,2-y)", "message": "x" }),
    );
    assert_eq!(unknown.status, 404);
}

#[test]
fn sales_navigator_channel_needs_the_subscription_and_makes_a_thread() {
    // catalog 3.I messagingChannel, /sales-nav/send, /sales-nav/mark-read
    let app = spawn();
    let r = post(
        &app,
        "/linkedin/conversations/send",
        &json!({ "accountId": NON_PREMIUM, "recipientProfileId": "connected-jane", "message": "x", "messagingChannel": "sales_navigator" }),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["error"],
        "Sales Navigator subscription required for messagingChannel sales_navigator"
    );
    // The default account has Sales Navigator: auto goes there, even to a stranger.
    let r = post(
        &app,
        "/linkedin/conversations/send",
        &json!({ "recipientProfileId": "jane-sn-lead", "message": "Hi from SN" }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["messagingChannel"], "sales_navigator");
    let thread = r.json["threadId"].as_str().expect("thread").to_string();
    assert!(thread.starts_with("urn:li:salesNav_thread:"));
    let s = post(
        &app,
        "/linkedin/sales-nav/send",
        &json!({ "threadId": thread, "body": "Second" }),
    );
    assert_eq!(s.status, 200, "{}", s.text);
    assert_eq!(s.json["threadId"], thread);
    let list = get(&app, "/linkedin/conversations");
    let item = list.json["conversations"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|c| c["salesNavThreadId"] == json!(thread))
                .cloned()
        })
        .expect("listed");
    assert_eq!(item["source"], "SALES_NAVIGATOR");
    assert_eq!(item["latestMessage"]["text"], "Second");
    let by_thread = get(
        &app,
        &format!("/linkedin/conversations/{}/messages", enc(&thread)),
    );
    assert_eq!(by_thread.json["messages"][0]["text"], "Second");
    let read = post(
        &app,
        "/linkedin/sales-nav/mark-read",
        &json!({ "threadId": thread }),
    );
    assert_eq!(read.status, 200, "{}", read.text);
    let none = post(
        &app,
        "/linkedin/sales-nav/send",
        &json!({ "accountId": NON_PREMIUM, "recipients": ["x"], "body": "b" }),
    );
    assert_eq!(none.status, 400);
    assert_eq!(
        post(
            &app,
            "/linkedin/sales-nav/mark-read",
            &json!({ "threadId": "urn:li:salesNav_thread:2-nope" })
        )
        .status,
        404
    );
}

#[test]
fn recall_removes_a_message_for_good_and_only_the_accounts_own() {
    // catalog 3.I DELETE …/messages/{messageUrn}, sync keeps it gone
    let app = spawn();
    let to = a_connection(&app);
    let r = post(
        &app,
        "/linkedin/message",
        &json!({ "recipientProfileId": to, "message": "oops" }),
    );
    let conv = r.json["conversationUrn"]
        .as_str()
        .expect("conv")
        .to_string();
    let msg = r.json["messageUrn"].as_str().expect("msg").to_string();
    let path = format!(
        "/linkedin/conversations/{}/messages/{}",
        enc(&conv),
        enc(&msg)
    );
    let d = app.send(app.client.delete(app.url(&path)).bearer_auth(KEY));
    assert_eq!(d.status, 200, "{}", d.text);
    assert_eq!(d.json, json!({ "success": true, "messageUrn": msg }));
    let s = post(
        &app,
        "/linkedin/conversations/sync",
        &json!({ "force": true }),
    );
    assert_eq!(s.status, 200, "{}", s.text);
    let msgs = get(
        &app,
        &format!("/linkedin/conversations/{}/messages", enc(&conv)),
    );
    assert!(!msgs.json["messages"]
        .as_array()
        .is_some_and(|m| m.iter().any(|x| x["messageUrn"] == json!(msg))));
    let again = app.send(app.client.delete(app.url(&path)).bearer_auth(KEY));
    assert_eq!(again.status, 404);
    // A message the other side sent cannot be recalled.
    let list = get(&app, "/linkedin/conversations");
    let theirs = list.json["conversations"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|c| {
            let urn = c["conversationUrn"].as_str()?.to_string();
            let m = get(
                &app,
                &format!("/linkedin/conversations/{}/messages", enc(&urn)),
            );
            m.json["messages"]
                .as_array()?
                .iter()
                .find(|x| x["isSentByOwner"] == false)
                .map(|x| (urn, x["messageUrn"].as_str().unwrap_or("").to_string()))
        })
        .expect("a received message");
    let p = format!(
        "/linkedin/conversations/{}/messages/{}",
        enc(&theirs.0),
        enc(&theirs.1)
    );
    assert_eq!(
        app.send(app.client.delete(app.url(&p)).bearer_auth(KEY))
            .status,
        400
    );
}

#[test]
fn reactions_toggle_and_show_on_the_message() {
    // catalog 3.I POST …/react
    let app = spawn();
    let to = a_connection(&app);
    let r = post(
        &app,
        "/linkedin/message",
        &json!({ "recipientProfileId": to, "message": "react to me" }),
    );
    let conv = r.json["conversationUrn"]
        .as_str()
        .expect("conv")
        .to_string();
    let msg = r.json["messageUrn"].as_str().expect("msg").to_string();
    let path = format!(
        "/linkedin/conversations/{}/messages/{}/react",
        enc(&conv),
        enc(&msg)
    );
    let add = post(&app, &path, &json!({ "emoji": "👍", "react": true }));
    assert_eq!(add.status, 200, "{}", add.text);
    assert_eq!(
        add.json,
        json!({ "success": true, "messageUrn": msg, "emoji": "👍", "react": true })
    );
    let msgs = get(
        &app,
        &format!("/linkedin/conversations/{}/messages", enc(&conv)),
    );
    assert_eq!(msgs.json["messages"][0]["reactions"], json!(["👍"]));
    assert_eq!(
        post(&app, &path, &json!({ "emoji": "👍", "react": false })).status,
        200
    );
    let msgs = get(
        &app,
        &format!("/linkedin/conversations/{}/messages", enc(&conv)),
    );
    assert_eq!(msgs.json["messages"][0]["reactions"], json!([]));
    assert_eq!(post(&app, &path, &json!({ "emoji": "👍" })).status, 400);
}

#[test]
fn unread_state_moves_with_mark_unread_and_mark_seen() {
    // catalog 3.I PATCH mark-unread (account from the conversation), POST /messaging/mark-seen
    let app = spawn();
    let to = a_connection(&app);
    let r = post(
        &app,
        "/linkedin/message",
        &json!({ "recipientProfileId": to, "message": "hi" }),
    );
    let conv = r.json["conversationUrn"]
        .as_str()
        .expect("conv")
        .to_string();
    let unread = |app: &TestApp| {
        get(app, "/linkedin/conversations?count=100").json["conversations"]
            .as_array()
            .and_then(|a| {
                a.iter()
                    .find(|c| c["conversationUrn"] == json!(conv))
                    .map(|c| c["unreadCount"].clone())
            })
    };
    let u = app.send(
        app.client
            .patch(app.url(&format!(
                "/linkedin/conversations/{}/mark-unread",
                enc(&conv)
            )))
            .bearer_auth(KEY),
    );
    assert_eq!(u.status, 200, "{}", u.text);
    assert_eq!(unread(&app), Some(json!(1)));
    let only = get(&app, "/linkedin/conversations?unreadOnly=true");
    assert!(only.json["conversations"]
        .as_array()
        .is_some_and(|a| a.iter().all(|c| c["unreadCount"].as_u64() > Some(0))));
    let s = post(
        &app,
        "/linkedin/messaging/mark-seen",
        &json!({ "conversationUrn": conv }),
    );
    assert_eq!(s.status, 200, "{}", s.text);
    assert_eq!(
        s.json["message"],
        "Conversation marked as seen successfully"
    );
    assert_eq!(unread(&app), Some(json!(0)));
    let missing = post(&app, "/linkedin/messaging/mark-seen", &json!({}));
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.json,
        json!({ "success": false, "error": "conversationUrn is required", "message": "conversationUrn is required" })
    );
    let other = app.send(
        app.client
            .patch(app.url(&format!(
                "/linkedin/conversations/{}/mark-unread",
                enc(&conv)
            )))
            .bearer_auth(OTHER_KEY),
    );
    assert_eq!(other.status, 404, "another key's conversation");
}

#[test]
fn conversations_page_with_a_cursor_and_span_several_accounts() {
    // catalog 3.I GET /conversations (nextCursor, linkedinAccountIds)
    let app = spawn();
    let first = get(&app, "/linkedin/conversations?count=2");
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(
        first.json["conversations"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(first.json["hasMore"], true);
    let cursor = first.json["nextCursor"]
        .as_str()
        .expect("cursor")
        .to_string();
    let next = get(
        &app,
        &format!("/linkedin/conversations?count=2&nextCursor=linkedin:{cursor}"),
    );
    assert_ne!(
        next.json["conversations"][0],
        first.json["conversations"][0]
    );
    let both = get(
        &app,
        &format!(
            "/linkedin/conversations?linkedinAccountIds={DEFAULT_ACCOUNT},{NON_PREMIUM}&count=100"
        ),
    );
    assert_eq!(both.json["accounts"].as_array().map(Vec::len), Some(2));
    let accounts: std::collections::BTreeSet<&str> = both.json["conversations"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|c| c["accountId"].as_str())
        .collect();
    assert_eq!(accounts.len(), 2);
    assert_eq!(
        get(
            &app,
            &format!("/linkedin/conversations?linkedinAccountIds={OTHER_ACCOUNT}")
        )
        .status,
        404
    );
    assert_eq!(
        get(&app, "/linkedin/conversations?labeledOnly=true").json["conversations"],
        json!([])
    );
}

#[test]
fn recent_messages_redirects_to_conversations_with_its_query() {
    // catalog 3.I: deprecated, 307 → GET /conversations
    let app = spawn();
    let client = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let r = read(
        client
            .get(app.url("/linkedin/messaging/recent-messages?count=5"))
            .bearer_auth(KEY)
            .send()
            .expect("send"),
    );
    assert_eq!(r.status, 307);
    assert_eq!(
        r.header("location").as_deref(),
        Some("../conversations?count=5")
    );
    let followed = get(&app, "/linkedin/messaging/recent-messages?count=1");
    assert_eq!(followed.status, 200, "{}", followed.text);
    assert_eq!(
        followed.json["conversations"].as_array().map(Vec::len),
        Some(1)
    );
}

#[test]
fn conversation_details_reads_both_documented_shapes() {
    // catalog 3.I GET /messaging/conversation-details
    let app = spawn();
    let to = a_connection(&app);
    let r = post(
        &app,
        "/linkedin/message",
        &json!({ "recipientProfileId": to, "message": "details" }),
    );
    let conv = r.json["conversationUrn"]
        .as_str()
        .expect("conv")
        .to_string();
    let d = get(
        &app,
        &format!(
            "/linkedin/messaging/conversation-details?conversationUrn={}",
            enc(&conv)
        ),
    );
    assert_eq!(d.status, 200, "{}", d.text);
    let last = d.json["messages"]
        .as_array()
        .and_then(|m| m.last())
        .cloned()
        .expect("messages");
    assert_eq!(last["text"], "details");
    assert_eq!(last["body"], "details");
    assert_eq!(last["messageId"], r.json["messageUrn"]);
    assert_eq!(
        d.json["conversationDetails"]["messages"],
        d.json["messages"]
    );
    assert_eq!(d.json["profileId"], to);
    let missing = get(&app, "/linkedin/messaging/conversation-details");
    assert_eq!(missing.status, 400);
    assert_eq!(missing.json["error"], "conversationUrn is required");
}

#[test]
fn group_messages_need_a_group_the_account_belongs_to() {
    // catalog 3.I /messaging/send-group (403 otherwise)
    let app = spawn();
    let urn = relationship(&app, "jane-group-peer")["profileUrn"]
        .as_str()
        .expect("urn")
        .to_string();
    let r = post(
        &app,
        "/linkedin/messaging/send-group",
        &json!({ "recipientProfileUrn": urn, "groupId": "1", "message": "hi" }),
    );
    assert_eq!(r.status, 403, "{}", r.text);
    assert_eq!(r.json["success"], false);
    let group = a_group_of(DEFAULT_ACCOUNT);
    let r = post(
        &app,
        "/linkedin/messaging/send-group-with-ack",
        &json!({ "recipientProfileUrn": urn, "groupId": group, "message": "hi", "messageUrns": [] }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["message"], "Group context message sent successfully");
    assert_eq!(r.json["acknowledgmentSent"], true);
    let z = post(
        &app,
        "/linkedin/messaging/send-group",
        &json!({ "message": "hi" }),
    );
    assert_eq!(z.status, 400);
}

/// A group the account belongs to, from the shared LinkedIn model (no
/// route of this group lists an account's groups).
fn a_group_of(account: &str) -> String {
    let s = mocklink::Scenario::default_scenario();
    let people = std::sync::Arc::new(mocklink::linkedin::People::new(s.seed, &s.people));
    let li = mocklink::linkedin::LinkedIn::new(people, s.linkedin.clone(), mocklink::Utc::now());
    li.account_groups(account)
        .first()
        .map(|g| g.id.to_string())
        .expect("the account is in a group")
}

// ------------------------------------------------------------------ organizations

#[test]
fn organizations_list_the_pages_and_roles_the_scenario_gives() {
    // catalog 3.H GET /organizations (decision: shape)
    let app = spawn();
    let r = get(&app, "/linkedin/organizations");
    assert_eq!(r.status, 200, "{}", r.text);
    let orgs = r.json["organizations"]
        .as_array()
        .expect("organizations")
        .clone();
    let roles: Vec<(&str, &str)> = orgs
        .iter()
        .filter_map(|o| Some((o["universalName"].as_str()?, o["role"].as_str()?)))
        .collect();
    assert_eq!(
        roles,
        [
            ("connectsafely", "SUPER_ADMIN"),
            ("acme-robotics", "CONTENT_ADMIN")
        ]
    );
    for o in &orgs {
        let id = o["companyId"].as_str().expect("companyId");
        assert!(id.parse::<u64>().is_ok(), "numeric: {id}");
        assert_eq!(o["companyUrn"], format!("urn:li:organization:{id}"));
        assert!(o["name"].as_str().is_some_and(|n| !n.is_empty()));
    }
    let none = get(
        &app,
        &format!("/linkedin/organizations?accountId={NON_PREMIUM}"),
    );
    assert_eq!(none.json["organizations"], json!([]));
}

/// The numeric ids of the default account's pages: (Super Admin, Content Admin).
fn page_ids(app: &TestApp) -> (String, String) {
    let r = get(app, "/linkedin/organizations");
    let id = |i: usize| {
        r.json["organizations"][i]["companyId"]
            .as_str()
            .expect("id")
            .to_string()
    };
    (id(0), id(1))
}

#[test]
fn follow_invitations_need_super_admin_and_report_each_urn() {
    // catalog 3.H POST /organizations/{companyId}/follow-invitations
    let app = spawn();
    let (admin, content) = page_ids(&app);
    let a = relationship(&app, "jane-invitee")["profileUrn"]
        .as_str()
        .expect("urn")
        .to_string();
    let b = relationship(&app, "joe-invitee")["profileUrn"]
        .as_str()
        .expect("urn")
        .to_string();
    let r = post(
        &app,
        &format!("/linkedin/organizations/{content}/follow-invitations"),
        &json!({ "profileUrns": [a] }),
    );
    assert_eq!(r.status, 403, "{}", r.text);
    let r = post(
        &app,
        "/linkedin/organizations/999/follow-invitations",
        &json!({ "profileUrns": [a] }),
    );
    assert_eq!(r.status, 403, "not a page of the account");
    let path = format!("/linkedin/organizations/{admin}/follow-invitations");
    let r = post(
        &app,
        &path,
        &json!({ "profileUrns": [a, b, "urn:li:fsd_profile:ABC123"] }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["companyId"], admin);
    assert_eq!(r.json["totalRequested"], 3);
    assert_eq!(r.json["totalSuccessful"], 2);
    assert_eq!(r.json["totalFailed"], 1);
    assert_eq!(r.json["success"], true);
    assert_eq!(r.json["results"][0]["status"], "INVITED");
    assert_eq!(r.json["results"][2]["status"], "NOT_FOUND");
    // Invited once: a second invitation to the same member fails.
    let again = post(&app, &path, &json!({ "profileUrns": [a] }));
    assert_eq!(again.status, 200);
    assert_eq!(again.json["success"], false);
    assert_eq!(again.json["results"][0]["status"], "ALREADY_INVITED");
    let too_many: Vec<String> = (0..51).map(|_| a.clone()).collect();
    let z = post(&app, &path, &json!({ "profileUrns": too_many }));
    assert_eq!(z.status, 400);
    assert_eq!(z.json["error"]["issues"][0]["code"], "too_big");
    assert_eq!(post(&app, &path, &json!({})).status, 400);
}

// ------------------------------------------------------------------ world

#[test]
fn reset_and_sessions_cover_the_network_state() {
    // catalog §5: state per account inside the world (reset, sessions)
    let app = spawn();
    assert_eq!(
        post(
            &app,
            "/linkedin/follow",
            &json!({ "profileId": "jane-world" })
        )
        .status,
        200
    );
    let in_session = app.send(
        app.client
            .get(app.url("/linkedin/relationship/jane-world"))
            .bearer_auth(KEY)
            .header("X-Mocklink-Session", "cs-network-test"),
    );
    assert_eq!(in_session.json["following"], false, "{}", in_session.text);
    assert_eq!(relationship(&app, "jane-world")["following"], true);
    assert_eq!(app.post_json("/__admin/reset", &json!({})).status, 200);
    assert_eq!(relationship(&app, "jane-world")["following"], false);
}
