//! Watchlists (outx.md §4, flow 1): the four kinds, their validation, the
//! plan's 402 limit, updates, deletes and team scoping.

use serde_json::json;

use super::*;

const KW: &str = "/api-keyword-watchlist";
const PEOPLE: &str = "/api-people-watchlist";
const COMPANY: &str = "/api-company-watchlist";
const REDDIT: &str = "/api-reddit-watchlist";
const PROMPT: &str = "/api-keyword-watchlist-prompt";

#[test]
fn a_created_keyword_watchlist_appears_in_its_list_and_by_id() {
    // outx.md §4.1, §4.2, flow 1
    let app = spawn();
    assert_eq!(ok(get(&app, DEMO, KW))["count"], json!(0));
    let r = ok(post(
        &app,
        DEMO,
        KW,
        &json!({ "keywords": ["hiring", { "keyword": "crm", "exclude_keywords": ["salesforce"] }], "fetchFreqInHours": 6, "name": "Remote Senior Jobs" }),
    ));
    assert_eq!(r["created"], json!(true));
    assert_eq!(r["type"], json!("keyword"));
    assert_eq!(r["fetchFreqInHours"], json!(6));
    assert_eq!(r["keywords"], json!(["hiring", "crm"]));
    assert_eq!(
        r["keyword_results"],
        json!([{ "keyword": "hiring", "created": true }, { "keyword": "crm", "created": true }])
    );
    assert_eq!(r["createdAt"], json!("2024-01-15T10:30:00Z"));
    let id = r["id"].as_str().unwrap();
    assert_eq!(r["slug"], json!(format!("remote-senior-jobs-{}", &id[..8])));
    let list = ok(get(&app, DEMO, KW));
    assert_eq!(list["count"], json!(1));
    assert_eq!(list["watchlists"][0]["id"], json!(id));
    let one = ok(get(&app, DEMO, &format!("{KW}?id={id}")));
    assert_eq!(one["name"], json!("Remote Senior Jobs"));
    assert_eq!(
        one["keyword_tracking"][1]["excluded_keywords"],
        json!(["salesforce"])
    );
    // Other kinds' lists and other teams do not see it.
    assert_eq!(ok(get(&app, DEMO, REDDIT))["count"], json!(0));
    assert_eq!(ok(get(&app, OTHER, KW))["count"], json!(0));
    assert_error(
        &get(&app, OTHER, &format!("{KW}?id={id}")),
        403,
        "Access denied",
    );
    assert_error(
        &get(&app, DEMO, &format!("{PEOPLE}?id={id}")),
        404,
        "Watchlist not found",
    );
}

#[test]
fn keyword_creates_are_validated_as_documented() {
    // outx.md §4.1 errors
    let app = spawn();
    for (body, msg) in [
        (
            json!({}),
            "keywords array is required and must not be empty",
        ),
        (
            json!({ "keywords": [] }),
            "keywords array is required and must not be empty",
        ),
        (
            json!({ "keywords": "hiring" }),
            "keywords array is required and must not be empty",
        ),
        (
            json!({ "keywords": ["  ", 3, {}] }),
            "No valid keywords provided after cleaning",
        ),
        (
            json!({ "keywords": ["a"], "fetchFreqInHours": 2 }),
            "Invalid fetchFreqInHours",
        ),
        (
            json!({ "keywords": ["a"], "fetchFreqInHours": "12" }),
            "Invalid fetchFreqInHours",
        ),
        (
            json!({ "prompt": "  " }),
            "prompt is required and must be a non-empty string",
        ),
        (
            json!({ "keywords": ["a"], "prompt": "b" }),
            "Provide either keywords or prompt, not both",
        ),
    ] {
        assert_error(&post(&app, DEMO, KW, &body), 400, msg);
    }
    assert_eq!(
        ok(get(&app, DEMO, KW))["count"],
        json!(0),
        "a refused create stores nothing"
    );
}

#[test]
fn every_documented_frequency_is_accepted_and_defaults_differ_by_kind() {
    // outx.md §2.4: {1,3,6,12,24,48,72}; default 12, Reddit 24
    let app = spawn_scenario(with_outx(
        json!({ "teams": [{ "id": "big", "keys": ["outx_big"], "plan": { "watchlistLimit": 100 } }] }),
    ));
    for f in [1, 3, 6, 12, 24, 48, 72] {
        let r = ok(post(
            &app,
            "outx_big",
            KW,
            &json!({ "keywords": ["a"], "fetchFreqInHours": f }),
        ));
        assert_eq!(r["fetchFreqInHours"], json!(f));
    }
    assert_eq!(
        ok(post(&app, "outx_big", KW, &json!({ "keywords": ["a"] })))["fetchFreqInHours"],
        json!(12)
    );
    assert_eq!(
        ok(post(
            &app,
            "outx_big",
            REDDIT,
            &json!({ "keywords": ["a"] })
        ))["fetchFreqInHours"],
        json!(24)
    );
    assert_eq!(
        ok(post(
            &app,
            "outx_big",
            PEOPLE,
            &json!({ "profiles": ["jane"] })
        ))["fetchFreqInHours"],
        json!(12)
    );
}

#[test]
fn prompt_keywords_and_labels_appear_after_the_generation_delay() {
    // outx.md §4.1 prompt mode, §4.5, flow 2
    let app = spawn();
    let r = ok(post(
        &app,
        DEMO,
        KW,
        &json!({ "prompt": "people looking for an open-source CRM" }),
    ));
    assert_eq!(r["prompt"], json!("people looking for an open-source CRM"));
    assert!(r["message"].is_string());
    assert_eq!(r["keywords"], json!([]));
    let id = r["id"].as_str().unwrap().to_string();
    app.advance(5.0);
    let one = ok(get(&app, DEMO, &format!("{KW}?id={id}")));
    assert_eq!(one["keywords"], json!(["open", "source", "crm"]));
    assert_eq!(one["labels"].as_array().map(Vec::len), Some(3));
    // The dedicated prompt route does the same.
    let r = ok(post(
        &app,
        DEMO,
        PROMPT,
        &json!({ "prompt": "founders hiring engineers", "fetchFreqInHours": 24 }),
    ));
    assert_eq!(r["fetchFreqInHours"], json!(24));
    assert_error(
        &post(&app, DEMO, PROMPT, &json!({ "keywords": ["x"] })),
        400,
        "prompt is required and must be a non-empty string",
    );
    // Regenerating by prompt.
    let u = ok(put(
        &app,
        DEMO,
        PROMPT,
        &json!({ "id": id, "prompt": "founders hiring designers" }),
    ));
    assert_eq!(u["updated"], json!(true));
    assert_eq!(u["prompt"], json!("founders hiring designers"));
    app.advance(5.0);
    assert_eq!(
        ok(get(&app, DEMO, &format!("{KW}?id={id}")))["keywords"],
        json!(["founders", "hiring", "designers"])
    );
    assert_error(
        &put(&app, OTHER, PROMPT, &json!({ "id": id, "prompt": "x" })),
        404,
        "Watchlist not found or access denied",
    );
    assert_error(
        &put(&app, DEMO, PROMPT, &json!({ "prompt": "x" })),
        400,
        "Missing required parameter: id",
    );
}

#[test]
fn updates_patch_only_what_they_name() {
    // outx.md §4.3
    let app = spawn();
    let id = create_watchlist(
        &app,
        DEMO,
        KW,
        &json!({ "keywords": ["hiring"], "name": "Jobs" }),
    );
    let u = ok(put(
        &app,
        DEMO,
        KW,
        &json!({ "id": id, "fetchFreqInHours": 6, "disable": true, "slack_webhook_url": "https://hooks.slack.com/x" }),
    ));
    assert_eq!(
        u,
        json!({ "id": id, "name": "Jobs", "fetchFreqInHours": 6, "disable": true, "updated": true, "message": "Watchlist updated successfully" })
    );
    let one = ok(get(&app, DEMO, &format!("{KW}?id={id}")));
    assert_eq!(one["slack_webhook_url"], json!("https://hooks.slack.com/x"));
    assert_eq!(one["keywords"], json!(["hiring"]));
    ok(put(
        &app,
        DEMO,
        KW,
        &json!({ "id": id, "slack_webhook_url": null, "keywords": ["HIRING", "remote"], "append": true }),
    ));
    let one = ok(get(&app, DEMO, &format!("{KW}?id={id}")));
    assert_eq!(one["slack_webhook_url"], json!(null));
    assert_eq!(one["keywords"], json!(["hiring", "remote"]));
    ok(put(
        &app,
        DEMO,
        KW,
        &json!({ "id": id, "keywords": ["rust"], "name": "Rust", "labels": [{ "name": "a", "default": true }, { "key": "b", "default": true }, { "name": "c", "default": true }] }),
    ));
    let one = ok(get(&app, DEMO, &format!("{KW}?id={id}")));
    assert_eq!(one["keywords"], json!(["rust"]));
    assert_eq!(one["slug"], json!(format!("rust-{}", &id[..8])));
    let defaults: Vec<bool> = one["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["default"].as_bool().unwrap())
        .collect();
    assert_eq!(
        defaults,
        vec![true, true, false],
        "at most two labels stay default"
    );
}

#[test]
fn bad_updates_get_the_documented_errors_and_change_nothing() {
    // outx.md §4.3 errors, §2.1 ownership
    let app = spawn();
    let id = create_watchlist(&app, DEMO, PEOPLE, &json!({ "profiles": ["jane-doe"] }));
    for (body, status, msg) in [
        (
            json!({ "name": "x" }),
            400,
            "Missing required parameter: id",
        ),
        (json!({ "id": id }), 400, "No valid update fields provided"),
        (
            json!({ "id": id, "name": "  " }),
            400,
            "Name cannot be empty",
        ),
        (
            json!({ "id": id, "disable": "yes" }),
            400,
            "disable must be a boolean value",
        ),
        (
            json!({ "id": id, "fetchFreqInHours": 5 }),
            400,
            "Invalid fetchFreqInHours",
        ),
        (
            json!({ "id": "9f0e5f5e-0000-4000-8000-000000000000", "name": "x" }),
            404,
            "Watchlist not found",
        ),
        (
            json!({ "id": "not-a-uuid", "name": "x" }),
            404,
            "Watchlist not found",
        ),
    ] {
        assert_error(&put(&app, DEMO, PEOPLE, &body), status, msg);
    }
    assert_error(
        &put(&app, OTHER, PEOPLE, &json!({ "id": id, "name": "mine" })),
        403,
        "Access denied",
    );
    let one = ok(get(&app, DEMO, &format!("{PEOPLE}?id={id}")));
    assert_eq!(one["name"], json!("jane-doe"));
    assert_eq!(one["disable"], json!(false));
}

#[test]
fn a_delete_takes_its_id_from_the_query_or_the_body() {
    // outx.md §4.4: docs send ?id=, the MCP server a JSON body
    let app = spawn();
    let a = create_watchlist(&app, DEMO, COMPANY, &json!({ "companies": ["microsoft"] }));
    let b = create_watchlist(
        &app,
        DEMO,
        COMPANY,
        &json!({ "companies": ["https://www.linkedin.com/company/openai/"] }),
    );
    assert_error(
        &delete(&app, OTHER, &format!("{COMPANY}?id={a}"), None),
        403,
        "Access denied",
    );
    let r = ok(delete(&app, DEMO, &format!("{COMPANY}?id={a}"), None));
    assert_eq!(
        r,
        json!({ "id": a, "deleted": true, "message": "Watchlist and all related data deleted successfully" })
    );
    ok(delete(&app, DEMO, COMPANY, Some(&json!({ "id": b }))));
    assert_eq!(ok(get(&app, DEMO, COMPANY))["count"], json!(0));
    assert_error(
        &delete(&app, DEMO, &format!("{COMPANY}?id={a}"), None),
        404,
        "Watchlist not found",
    );
    assert_error(
        &delete(&app, DEMO, COMPANY, Some(&json!({}))),
        400,
        "Missing required parameter: id",
    );
}

#[test]
fn people_and_company_creates_need_valid_identifiers() {
    // outx.md §4.6.1, §4.7.1
    let app = spawn();
    assert_error(
        &post(&app, DEMO, PEOPLE, &json!({})),
        400,
        "profiles array is required and must not be empty",
    );
    assert_error(
        &post(
            &app,
            DEMO,
            PEOPLE,
            &json!({ "profiles": ["a b", 4, "https://www.linkedin.com/company/x"] }),
        ),
        400,
        "No valid profile identifiers provided",
    );
    assert_error(
        &post(&app, DEMO, COMPANY, &json!({ "companies": [] })),
        400,
        "companies array is required and must not be empty",
    );
    assert_error(
        &post(&app, DEMO, COMPANY, &json!({ "companies": [""] })),
        400,
        "No valid company identifiers provided",
    );
    let r = ok(post(
        &app,
        DEMO,
        PEOPLE,
        &json!({ "profiles": ["williamhgates", "https://www.linkedin.com/in/anandi-devi/", "WilliamHGates"] }),
    ));
    assert_eq!(r["profiles_count"], json!(2));
    assert_eq!(r["lists"][1]["slug"], json!("anandi-devi"));
    let r = ok(post(
        &app,
        DEMO,
        COMPANY,
        &json!({ "companies": ["microsoft"], "fetchFreqInHours": 24 }),
    ));
    assert_eq!(r["companies_count"], json!(1));
    assert_eq!(r["type"], json!("company"));
}

#[test]
fn the_plan_limit_answers_402_until_a_watchlist_is_deleted() {
    // outx.md §2.3 402, flow 1; the limit counts every kind
    let app = spawn_scenario(with_outx(
        json!({ "teams": [{ "id": "small", "keys": ["outx_small"], "plan": { "watchlistLimit": 2 } }] }),
    ));
    let a = create_watchlist(&app, "outx_small", KW, &json!({ "keywords": ["a"] }));
    create_watchlist(&app, "outx_small", REDDIT, &json!({ "keywords": ["b"] }));
    let msg = "Your plan includes up to 2 watchlists. Upgrade your plan or delete a watchlist to create a new one.";
    assert_error(
        &post(&app, "outx_small", PEOPLE, &json!({ "profiles": ["jane"] })),
        402,
        msg,
    );
    assert_error(
        &post(&app, "outx_small", PROMPT, &json!({ "prompt": "x" })),
        402,
        msg,
    );
    // Input errors come before the limit.
    assert_error(
        &post(&app, "outx_small", KW, &json!({})),
        400,
        "keywords array is required and must not be empty",
    );
    ok(delete(&app, "outx_small", &format!("{KW}?id={a}"), None));
    create_watchlist(
        &app,
        "outx_small",
        COMPANY,
        &json!({ "companies": ["acme"] }),
    );
    let t = ok(get(&app, "outx_small", "/api-team"));
    assert_eq!(t["limits"]["watchlists"], json!({ "limit": 2, "used": 2 }));
}

#[test]
fn concurrent_creates_never_pass_the_plan_limit() {
    // C-6: with N concurrent creates against limit L exactly L succeed
    let app = spawn_scenario(with_outx(
        json!({ "teams": [{ "id": "small", "keys": ["outx_small"], "plan": { "watchlistLimit": 5 } }] }),
    ));
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..20)
            .map(|i| {
                let app = &app;
                s.spawn(move || {
                    post(
                        app,
                        "outx_small",
                        KW,
                        &json!({ "keywords": [format!("k{i}")] }),
                    )
                    .status
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 5);
    assert_eq!(statuses.iter().filter(|s| **s == 402).count(), 15);
    assert_eq!(ok(get(&app, "outx_small", KW))["count"], json!(5));
}
