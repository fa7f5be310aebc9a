//! Exactness under load (SPEC C-6): thousands of concurrent requests against
//! every limit mocklink keeps, counted exactly. Each test releases all its
//! client threads at once through a barrier so the requests really overlap,
//! and stays within a few seconds on two cores.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use reqwest::blocking::Client;
use serde_json::{json, Value};

use super::helpers::*;

const CS_KEY: &str = "cs_live_demo";
const CS_PROFILE: &str = "/linkedin/profile";
const CS_CONNECT: &str = "/linkedin/connect";
const ENRICH: &str = "/v1/linkedin-profile-enrichment/enrich";

/// Client threads per test: enough to keep both server workers saturated.
const THREADS: usize = 48;

/// Sends `total` requests from [`THREADS`] threads, each with its own client,
/// all starting together; `request(client, i)` sends request number `i`.
/// Returns the replies in request order.
fn hammer<F>(total: usize, request: F) -> Vec<Reply>
where
    F: Fn(&Client, usize) -> Reply + Send + Sync + 'static,
{
    let request = Arc::new(request);
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let request = request.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                let client = Client::builder()
                    .timeout(Duration::from_secs(60))
                    .build()
                    .expect("http client");
                start.wait();
                (t..total)
                    .step_by(THREADS)
                    .map(|i| (i, request(&client, i)))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut replies: Vec<(usize, Reply)> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("client thread"))
        .collect();
    replies.sort_by_key(|(i, _)| *i);
    assert_eq!(replies.len(), total);
    replies.into_iter().map(|(_, r)| r).collect()
}

fn count(replies: &[Reply], status: u16) -> usize {
    replies.iter().filter(|r| r.status == status).count()
}

/// Every status that is neither `a` nor `b`, for a failure message.
fn others(replies: &[Reply], a: u16, b: u16) -> Vec<(u16, &str)> {
    replies
        .iter()
        .filter(|r| r.status != a && r.status != b)
        .map(|r| (r.status, r.text.as_str()))
        .take(5)
        .collect()
}

fn post_bearer(client: &Client, url: &str, key: &str, body: &Value) -> Reply {
    read(
        client
            .post(url)
            .bearer_auth(key)
            .json(body)
            .send()
            .expect("request"),
    )
}

fn balance(app: &TestApp, tenant: &str) -> u64 {
    super::atomus::balance(app, tenant)
}

fn linkedin_url(handle: &str) -> Value {
    json!({ "url": format!("https://www.linkedin.com/in/{handle}/") })
}

#[test]
fn two_thousand_concurrent_distinct_profiles_on_a_500_a_day_account_give_exactly_500() {
    // C-6, CS-P3
    let mut s = default_at(MONDAY_MORNING);
    s.connectsafely.limits.profiles_per_day = 500;
    let app = spawn_scenario(s);
    let url = app.url(CS_PROFILE);
    let replies = hammer(2000, move |c, i| {
        post_bearer(
            c,
            &url,
            CS_KEY,
            &json!({ "profileId": format!("load-person-{i}") }),
        )
    });
    assert_eq!(
        count(&replies, 200),
        500,
        "{:?}",
        others(&replies, 200, 429)
    );
    assert_eq!(count(&replies, 429), 1500);
    let refused = json!({
        "error": "Rate limit exceeded for PROFILE: 500/500 used. Resets at 2024-01-16T00:00:00.000Z",
        "success": false,
        "message": "Rate limit exceeded for PROFILE: 500/500 used. Resets at 2024-01-16T00:00:00.000Z"
    });
    for r in replies.iter().filter(|r| r.status == 429) {
        assert_eq!(r.json, refused);
    }
    for r in replies.iter().filter(|r| r.status == 200) {
        assert_eq!(r.json["cached"], false, "{}", r.text);
    }
    let after = app.post_bearer(CS_PROFILE, CS_KEY, &json!({ "profileId": "one-more" }));
    assert_eq!(after.status, 429);
    assert_eq!(after.header("x-ratelimit-used").as_deref(), Some("500"));
    assert_eq!(after.header("x-ratelimit-remaining").as_deref(), Some("0"));
    // A profile that won its slot is cached, and served though the day is used up.
    let winner = replies
        .iter()
        .position(|r| r.status == 200)
        .expect("a winner");
    let again = app.post_bearer(
        CS_PROFILE,
        CS_KEY,
        &json!({ "profileId": format!("load-person-{winner}") }),
    );
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.json["cached"], true);
}

#[test]
fn two_thousand_concurrent_connects_on_a_300_a_week_account_give_exactly_300() {
    // C-6, CS-C4
    let mut s = default_at(MONDAY_MORNING);
    s.connectsafely.limits.connects_per_week = 300;
    let app = spawn_scenario(s);
    let url = app.url(CS_CONNECT);
    let replies = hammer(2000, move |c, i| {
        post_bearer(
            c,
            &url,
            CS_KEY,
            &json!({ "profileId": format!("load-target-{i}") }),
        )
    });
    assert_eq!(
        count(&replies, 200),
        300,
        "{:?}",
        others(&replies, 200, 429)
    );
    assert_eq!(count(&replies, 429), 1700);
    for r in replies.iter().filter(|r| r.status == 429) {
        assert_eq!(
            r.json["error"],
            "Connection request limit exceeded: 300/300 used. New connection requests blocked for 24 hours. Other activities (messaging, following, etc.) are not affected.",
            "{}",
            r.text
        );
        assert_eq!(r.json["holdUntil"], "2024-01-16T10:30:00.000Z");
    }
    let after = app.post_bearer(CS_CONNECT, CS_KEY, &json!({ "profileId": "late-target" }));
    assert_eq!(after.status, 429);
    assert_eq!(after.header("x-ratelimit-used").as_deref(), Some("300"));
}

#[test]
fn two_thousand_concurrent_enrichments_in_one_frozen_second_give_exactly_four() {
    // C-6, AT-4: one tenant, its two keys share the 4/s window.
    let app = spawn();
    let url = app.url(ENRICH);
    let replies = hammer(2000, move |c, i| {
        let key = if i % 2 == 0 {
            "atm_live_demo"
        } else {
            "atm_live_demo2"
        };
        post_bearer(c, &url, key, &linkedin_url(&format!("load-person-{i}")))
    });
    assert_eq!(count(&replies, 200), 4, "{:?}", others(&replies, 200, 429));
    assert_eq!(count(&replies, 429), 1996);
    for r in replies.iter().filter(|r| r.status == 429) {
        assert_eq!(r.json["error"]["code"], "rate_limit_exceeded", "{}", r.text);
        assert!(r.header("retry-after").is_some(), "{}", r.text);
    }
    assert_eq!(balance(&app, "demo"), 996);
}

#[test]
fn two_thousand_concurrent_enrichments_on_700_credits_give_exactly_700_and_never_overdraw() {
    // C-6, AT-3: the rate limit is lifted so every request reaches the credits.
    let mut s = default_at(MONDAY_MORNING);
    s.atomus.rate_limit_per_second = 1_000_000;
    let demo = s
        .atomus
        .tenants
        .iter_mut()
        .find(|t| t.id == "demo")
        .expect("demo tenant");
    demo.credits = 700;
    let app = Arc::new(spawn_scenario(s));
    // A watcher reads the balance throughout: it only ever goes down.
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (app, done) = (app.clone(), done.clone());
        std::thread::spawn(move || {
            let mut seen = vec![];
            while !done.load(Ordering::Relaxed) {
                seen.push(balance(&app, "demo"));
                std::thread::sleep(Duration::from_millis(5));
            }
            seen
        })
    };
    let url = app.url(ENRICH);
    let replies = hammer(2000, move |c, i| {
        let key = if i % 2 == 0 {
            "atm_live_demo"
        } else {
            "atm_live_demo2"
        };
        post_bearer(c, &url, key, &linkedin_url(&format!("load-person-{i}")))
    });
    done.store(true, Ordering::Relaxed);
    let seen = watcher.join().expect("watcher");
    assert_eq!(
        count(&replies, 200),
        700,
        "{:?}",
        others(&replies, 200, 402)
    );
    assert_eq!(count(&replies, 402), 1300);
    for r in replies.iter().filter(|r| r.status == 200) {
        assert_eq!(r.json["data"]["status"], "success", "{}", r.text);
        assert_eq!(r.json["meta"]["credits_used"], 1);
    }
    for r in replies.iter().filter(|r| r.status == 402) {
        assert_eq!(r.json["error"]["code"], "insufficient_credits");
    }
    assert_eq!(balance(&app, "demo"), 0);
    assert!(
        seen.windows(2).all(|w| w[1] <= w[0]) && seen.iter().all(|b| *b <= 700),
        "balance went up mid-run: {seen:?}"
    );
}

#[test]
fn five_hundred_concurrent_calls_with_one_idempotency_key_charge_once_and_answer_alike() {
    // C-6, AT-5: at the default 4/s, so a waiter that counted against the
    // window or ran the enrichment itself would show up as a 429 or a charge.
    let app = spawn();
    let url = app.url(ENRICH);
    let replies = hammer(500, move |c, i| {
        let key = if i % 2 == 0 {
            "atm_live_demo"
        } else {
            "atm_live_demo2"
        };
        read(
            c.post(&url)
                .bearer_auth(key)
                .header("Idempotency-Key", "load-key")
                .json(&linkedin_url("anandi-devi"))
                .send()
                .expect("request"),
        )
    });
    assert_eq!(count(&replies, 200), 500, "{:?}", others(&replies, 200, 0));
    for r in &replies {
        assert_eq!(r.text, replies[0].text);
    }
    let fresh = replies
        .iter()
        .filter(|r| r.header("idempotent-replayed").is_none())
        .count();
    assert_eq!(fresh, 1, "exactly one request ran the enrichment");
    assert_eq!(balance(&app, "demo"), 999);
}
