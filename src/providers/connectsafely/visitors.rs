//! Who viewed an account's profile, and when (CS-V2). The list is a pure
//! function of (seed, account id, scenario counts, scenario start): visits
//! sit at fixed moments before the start, so as the clock runs they age
//! ("Viewed 47m ago" becomes "Viewed 6h ago") and fall out of narrow ranges.
//! The scenario's `visitors` are the last 90 days; older visits (up to two
//! years) are added so that `past_1_year` and `ALL_TIME` see more. Rendering
//! the people behind the handles is the caller's job.

use chrono::{DateTime, Duration, Utc};
use fake::faker::name::en::{FirstName, LastName};
use fake::rand::rngs::ChaCha8Rng;
use fake::rand::seq::index::sample;
use fake::rand::{RngExt, SeedableRng};
use fake::Fake;

/// One profile view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub handle: String,
    pub anonymous: bool,
    pub at: DateTime<Utc>,
}

/// `timeRange`, in the order Zod lists the options.
pub const TIME_RANGES: [&str; 5] = [
    "past_7_days",
    "past_30_days",
    "past_90_days",
    "past_1_year",
    "ALL_TIME",
];

pub const DEFAULT_TIME_RANGE: &str = "past_90_days";

/// How far back a `timeRange` reaches; None = all time.
pub fn window(range: &str) -> Option<Duration> {
    match range {
        "past_7_days" => Some(Duration::days(7)),
        "past_30_days" => Some(Duration::days(30)),
        "past_1_year" => Some(Duration::days(365)),
        "ALL_TIME" => None,
        _ => Some(Duration::days(90)),
    }
}

const MINUTES_PER_DAY: f64 = 1440.0;

/// The visits of one account, newest first.
pub fn generate(
    seed: u64,
    account_id: &str,
    recent: u32,
    anonymous: u32,
    start: DateTime<Utc>,
) -> Vec<Visit> {
    let mut rng = ChaCha8Rng::seed_from_u64(xxhash_rust::xxh3::xxh3_64_with_seed(
        account_id.as_bytes(),
        seed ^ 0x7669_7369_746f_7273,
    ));
    let mut ago: Vec<(f64, bool)> = Vec::new();
    // Skewed towards recent views; the last one stays inside 89 days so a
    // running clock keeps all of them in the 90-day window for a long while.
    for _ in 0..recent {
        let u: f64 = rng.random();
        ago.push((1.0 + u * u * 89.0 * MINUTES_PER_DAY, true));
    }
    for _ in 0..recent / 3 {
        let u: f64 = rng.random();
        ago.push(((91.0 + u * 273.0) * MINUTES_PER_DAY, false));
    }
    for _ in 0..recent / 6 {
        let u: f64 = rng.random();
        ago.push(((366.0 + u * 364.0) * MINUTES_PER_DAY, false));
    }
    ago.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Which of the recent views are anonymous.
    let recent_n = recent as usize;
    // A flag per recent view: looking each one up in the sample was
    // quadratic in the scenario's counts (issue 10 item 3).
    let mut hidden = vec![false; recent_n];
    for i in sample(&mut rng, recent_n, (anonymous as usize).min(recent_n)) {
        hidden[i] = true;
    }
    let mut recent_seen = 0usize;
    ago.into_iter()
        .map(|(minutes, is_recent)| {
            let anonymous = is_recent && hidden.get(recent_seen).copied().unwrap_or(false);
            if is_recent {
                recent_seen += 1;
            }
            Visit {
                handle: visitor_handle(&mut rng),
                anonymous,
                at: start - Duration::seconds((minutes * 60.0) as i64),
            }
        })
        .collect()
}

/// "ritika-kulkarni-85718922": two name parts and a hex tail, short enough
/// for a reversible URN.
fn visitor_handle(rng: &mut ChaCha8Rng) -> String {
    let part = |s: String, fallback: &str| {
        let p: String = s
            .chars()
            .filter(char::is_ascii_alphabetic)
            .take(9)
            .collect::<String>()
            .to_ascii_lowercase();
        if p.len() < 2 {
            fallback.to_string()
        } else {
            p
        }
    };
    let first = part(FirstName().fake_with_rng(rng), "alex");
    let last = part(LastName().fake_with_rng(rng), "kumar");
    let tail: u32 = rng.random();
    format!("{first}-{last}-{tail:08x}")
}

/// Visits inside `range` as seen at `now`, newest first; views "in the
/// future" (the clock was set back) have not happened yet.
pub fn in_range<'v>(visits: &'v [Visit], now: DateTime<Utc>, range: &str) -> Vec<&'v Visit> {
    let from = window(range).map(|w| now - w);
    visits
        .iter()
        .filter(|v| v.at <= now && from.is_none_or(|f| v.at > f))
        .collect()
}

/// The slice of `total` items one answer holds: from `start`, at most
/// `min(count, max)` items, or with `fetch_all` at most `max` (every page
/// joined).
pub fn page(
    total: usize,
    start: usize,
    count: usize,
    max: usize,
    fetch_all: bool,
) -> std::ops::Range<usize> {
    let take = if fetch_all { max } else { count.min(max) };
    let from = start.min(total);
    from..from.saturating_add(take).min(total)
}

/// LinkedIn's relative stamp: "Viewed 47m ago", "Viewed 5h ago", "Viewed 3d ago".
pub fn viewed_ago(now: DateTime<Utc>, at: DateTime<Utc>) -> String {
    let m = (now - at).num_minutes().max(0);
    let (n, unit) = match m {
        0 => return "Viewed just now".to_string(),
        1..=59 => (m, "m"),
        60..=1439 => (m / 60, "h"),
        1440..=10079 => (m / 1440, "d"),
        10080..=43199 => (m / 10080, "w"),
        43200..=525_599 => (m / 43200, "mo"),
        _ => (m / 525_600, "yr"),
    };
    format!("Viewed {n}{unit} ago")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> DateTime<Utc> {
        "2024-01-15T10:30:00Z".parse().unwrap_or_default()
    }

    #[test]
    fn the_same_account_always_gets_the_same_visitors() {
        let a = generate(42, "696ce9e780e0483585e4e553", 37, 4, start());
        let b = generate(42, "696ce9e780e0483585e4e553", 37, 4, start());
        assert_eq!(a, b);
        assert_ne!(a, generate(42, "66b2c3d4e5f60718293a4b5c", 37, 4, start()));
    }

    #[test]
    fn ninety_days_hold_exactly_the_scenario_count_with_its_anonymous_ones() {
        let v = generate(42, "696ce9e780e0483585e4e553", 37, 4, start());
        let recent = in_range(&v, start(), "past_90_days");
        assert_eq!(recent.len(), 37);
        assert_eq!(recent.iter().filter(|v| v.anonymous).count(), 4);
        assert!(in_range(&v, start(), "past_7_days").len() < 37);
        assert!(in_range(&v, start(), "past_1_year").len() > 37);
        assert!(
            in_range(&v, start(), "ALL_TIME").len() > in_range(&v, start(), "past_1_year").len()
        );
        assert!(v.windows(2).all(|w| w[0].at >= w[1].at));
    }

    #[test]
    fn pages_are_bounded_by_count_max_and_total() {
        assert_eq!(page(37, 0, 20, 20, false), 0..20);
        assert_eq!(page(37, 30, 20, 20, false), 30..37);
        assert_eq!(page(37, 0, 20, 10, false), 0..10);
        assert_eq!(page(37, 0, 5, 30, true), 0..30);
        assert_eq!(page(37, 50, 5, 30, true), 37..37);
    }

    #[test]
    fn relative_stamps_read_like_linkedin() {
        let now = start();
        assert_eq!(
            viewed_ago(now, now - Duration::minutes(47)),
            "Viewed 47m ago"
        );
        assert_eq!(viewed_ago(now, now - Duration::hours(5)), "Viewed 5h ago");
        assert_eq!(viewed_ago(now, now - Duration::days(3)), "Viewed 3d ago");
        assert_eq!(viewed_ago(now, now - Duration::days(15)), "Viewed 2w ago");
        assert_eq!(viewed_ago(now, now - Duration::days(400)), "Viewed 1yr ago");
    }
}
