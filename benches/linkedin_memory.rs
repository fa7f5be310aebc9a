//! Memory and speed of the shared LinkedIn model (issue 13): RSS while
//! 1,000,000 distinct entities of mixed kinds are generated and resolved
//! (members with short and long handles, companies by unknown slug, posts of
//! distinct authors, groups, jobs, search results, network actions), and the
//! cost of building a member on a cache miss.
//!
//! `cargo run --release --example linkedin_memory` (1,000,000 entities);
//! `ENTITIES=4000000 cargo run --release --example linkedin_memory` goes on
//! past the point where the id registry is full, to show RSS stays flat
//! there: every other table the model keeps is bounded or expires.

use std::sync::Arc;
use std::time::Instant;

use mocklink::linkedin::{search::PeopleQuery, FollowTarget, LinkedIn, People};
use mocklink::{DateTime, Utc};

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let s = mocklink::Scenario::default_scenario();
    let now: DateTime<Utc> = "2025-06-01T00:00:00Z".parse().unwrap_or_default();
    let people = Arc::new(People::new(s.seed, &s.people));
    let li = LinkedIn::new(people, s.linkedin.clone(), now);
    println!("start: RSS {:.1} MiB", rss_mib());

    // Cache-miss member builds: every handle new.
    let t = Instant::now();
    let n = 20_000;
    for i in 0..n {
        std::hint::black_box(li.person(&format!("miss-member-{i}")));
    }
    let per = t.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    println!("cache-miss member build: {per:.1} µs each");

    let total: u32 = std::env::var("ENTITIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let step = (total / 10).max(100_000);
    let mut made = 0u32;
    let mut checkpoint = step;
    let mut i = 0u32;
    while made < total {
        match i % 8 {
            // A short handle and a long (registry) handle, resolved through their URNs.
            0 => {
                let p = li.person(&format!("member-{i}"));
                std::hint::black_box(li.people.handle_for_urn(&p.urn));
            }
            1 => {
                let h = format!("a-member-with-a-rather-long-public-identifier-{i}");
                let urn = li.people.urn_for(&h);
                std::hint::black_box(li.people.handle_for_urn(&urn));
            }
            // A company outside the directory, found again by id.
            2 => {
                if let Some(c) = li.company_by_slug(&format!("startup-{i}")) {
                    std::hint::black_box(li.company_by_id(c.id));
                }
            }
            // The newest post of a distinct author, found again by URN.
            3 => {
                if let Some(p) = li.member_posts(&format!("poster-{i}"), now, 1).pop() {
                    std::hint::black_box(li.post(p.id, now));
                }
            }
            4 => {
                std::hint::black_box(li.group_members(u64::from(i) + 1, 0, 10));
            }
            // A search result (its handle carries the query's traits).
            5 => {
                let q = PeopleQuery {
                    title: Some(format!("Title {}", i % 5000)),
                    ..Default::default()
                };
                std::hint::black_box(li.search_people("acct", &q, 0, 1));
            }
            // Network actions on a few accounts.
            6 => {
                let account = format!("account-{}", i % 50);
                let h = format!("target-{i}");
                let _ = li.connect(&account, &h, None, now);
                let _ = li.follow(&account, &FollowTarget::Member(h), now);
            }
            _ => {
                let account = format!("account-{}", i % 50);
                let _ = li.send_message(
                    &account,
                    &format!("pen-pal-{}", i % 5000),
                    "Hi",
                    None,
                    Vec::new(),
                    now,
                );
            }
        }
        made += 1;
        i += 1;
        if made == checkpoint {
            println!(
                "{made} entities: RSS {:.1} MiB (registry {} names)",
                rss_mib(),
                mocklink::linkedin::ids::registry_len()
            );
            checkpoint += step;
        }
    }
}
