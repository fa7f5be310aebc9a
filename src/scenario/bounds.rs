//! The documented range of every number a scenario can hold (SPEC C-12).
//!
//! One table, checked on the merged document before it is turned into types,
//! so a value out of range is refused with its JSON path, the value and the
//! allowed range, instead of surfacing later as an overflow in some request.
//! The README's scenario reference lists the same rows; tests check that every
//! number in the scenario schema has a row here and that the README names it.
//! A new numeric scenario field needs one line in [`BOUNDS`].

use serde_json::{Number, Value};

use super::load::Seg;

/// The values a number may take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Range {
    /// A whole number in `min..=max`.
    Whole { min: u64, max: u64 },
    /// Any number (fractions allowed) in `min..=max`.
    Real { min: f64, max: f64 },
}

/// One numeric field: where it is, its range and its unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// Dotted JSON path; `[]` stands for every element of an array and `*`
    /// for every key of an object.
    pub path: &'static str,
    pub range: Range,
    /// `hours`, `seconds`, `milliseconds`, or empty for a count.
    pub unit: &'static str,
}

const fn whole(path: &'static str, min: u64, max: u64, unit: &'static str) -> Bound {
    Bound {
        path,
        range: Range::Whole { min, max },
        unit,
    }
}

const fn real(path: &'static str, min: f64, max: f64, unit: &'static str) -> Bound {
    Bound {
        path,
        range: Range::Real { min, max },
        unit,
    }
}

const HOURS_PER_YEAR: f64 = 8_760.0;
const SECONDS_PER_DAY: f64 = 86_400.0;
const BILLION: u64 = 1_000_000_000;

/// Every numeric scenario field. Durations stay far inside what the clock
/// (years 1970 to 9999) can add without overflow; counts stay small enough to
/// be exact in a JavaScript number and cheap to build at load.
pub const BOUNDS: &[Bound] = &[
    whole("seed", 0, u64::MAX, ""),
    whole("journal.maxEntries", 0, 1_000_000, ""),
    whole("journal.maxBytes", 1 << 20, 1 << 30, "bytes"),
    // LinkedIn caps connections at 30,000.
    whole("people.pinned[].connectionCount", 0, 30_000, ""),
    whole("people.pinned[].followerCount", 0, BILLION, ""),
    whole("latency.*.fixedMs", 0, 60_000, "milliseconds"),
    whole("latency.*.minMs", 0, 60_000, "milliseconds"),
    whole("latency.*.maxMs", 0, 60_000, "milliseconds"),
    whole("faults[].status", 400, 599, ""),
    whole("faults[].times", 1, BILLION, ""),
    real("faults[].probability", 0.0, 1.0, ""),
    whole("faults[].latencyMs", 0, 60_000, "milliseconds"),
    whole("connectsafely.limits.profilesPerDay", 0, BILLION, ""),
    whole("connectsafely.limits.connectsPerWeek", 0, BILLION, ""),
    whole("connectsafely.limits.messagesPerDay", 0, BILLION, ""),
    whole("connectsafely.limits.messagingPerDay", 0, BILLION, ""),
    whole("connectsafely.limits.followsPerDay", 0, BILLION, ""),
    whole("connectsafely.limits.commentsPerDay", 0, BILLION, ""),
    whole("connectsafely.limits.groupMembersPerDay", 0, BILLION, ""),
    real(
        "connectsafely.limits.holdHours",
        0.0,
        HOURS_PER_YEAR,
        "hours",
    ),
    real(
        "connectsafely.limits.cacheHours",
        0.0,
        HOURS_PER_YEAR,
        "hours",
    ),
    whole("connectsafely.keys[].accounts[].visitors", 0, 10_000, ""),
    whole(
        "connectsafely.keys[].accounts[].anonymousVisitors",
        0,
        10_000,
        "",
    ),
    whole("atomus.rateLimitPerSecond", 0, BILLION, ""),
    real("atomus.idempotencyHours", 0.0, HOURS_PER_YEAR, "hours"),
    whole("atomus.timeoutDelayMs", 0, 60_000, "milliseconds"),
    whole("atomus.tenants[].credits", 0, 1_000_000 * BILLION, ""),
    real("apify.startDelaySeconds", 0.0, SECONDS_PER_DAY, "seconds"),
    real("apify.perUrlSeconds", 0.0, SECONDS_PER_DAY, "seconds"),
    real("apify.syncTimeoutSeconds", 0.0, SECONDS_PER_DAY, "seconds"),
    whole("apify.maxRuns", 1, 100_000, ""),
    real(
        "outx.teams[].pluginLastActiveHoursAgo",
        0.0,
        10.0 * HOURS_PER_YEAR,
        "hours",
    ),
    real("outx.tasks.pendingSeconds", 0.0, SECONDS_PER_DAY, "seconds"),
    real(
        "outx.tasks.processingSeconds",
        0.0,
        SECONDS_PER_DAY,
        "seconds",
    ),
    real("outx.tasks.spreadSeconds", 0.0, SECONDS_PER_DAY, "seconds"),
    real("outx.tasks.retentionHours", 0.0, HOURS_PER_YEAR, "hours"),
    whole("outx.tasks.maxTasks", 1, 1_000_000, ""),
    whole("outx.teams[].plan.watchlistLimit", 0, 10_000, ""),
    whole("outx.teams[].plan.memberLimit", 1, 1_000, ""),
    whole("outx.teams[].plan.expiresInDays", 0, 36_500, "days"),
    whole("outx.teams[].members[].joinedDaysAgo", 0, 36_500, "days"),
    whole("outx.feed.postsPerBatch", 1, 100, ""),
    whole("outx.feed.maxPostsPerWatchlist", 1, 100_000, ""),
    whole("outx.feed.engagementDelaySeconds", 0, 86_400, "seconds"),
    whole("outx.feed.promptDelaySeconds", 0, 3_600, "seconds"),
    whole("outx.invitations.perWeek", 0, 10_000, ""),
    whole("linkedin.connectionsPerAccount", 0, 10_000, ""),
    whole("linkedin.receivedInvitationsPerAccount", 0, 1_000, ""),
    whole("linkedin.conversationsPerAccount", 0, 100, ""),
    whole("linkedin.memberPostsPerMonth", 0, 300, ""),
    whole("linkedin.companyPostsPerMonth", 0, 300, ""),
    whole("linkedin.maxGroupMembers", 1, 100_000, ""),
    whole("linkedin.maxCommentsPerPost", 0, 1_000, ""),
    // 0 itself is refused by the section's own type: a session must live.
    real("sessions.idleMinutes", 0.0, 10_080.0, "minutes"),
    whole("sessions.max", 1, 10_000, ""),
];

impl Bound {
    /// The range as the README and error messages write it: `0 to 8,760`.
    pub fn range_text(&self) -> String {
        match self.range {
            Range::Whole { min, max } => format!("{} to {}", grouped(min), grouped(max)),
            Range::Real { min, max } => format!("{} to {}", real_text(min), real_text(max)),
        }
    }

    /// Why `n` is not allowed here, if it is not.
    fn refuse(&self, n: &Number) -> Option<String> {
        let ok = match self.range {
            Range::Whole { min, max } => n.as_u64().is_some_and(|v| (min..=max).contains(&v)),
            Range::Real { min, max } => n.as_f64().is_some_and(|v| (min..=max).contains(&v)),
        };
        if ok {
            return None;
        }
        let kind = match (self.range, self.unit) {
            (Range::Whole { .. }, "") => "a whole number".to_string(),
            (Range::Whole { .. }, unit) => format!("a whole number of {unit}"),
            (Range::Real { .. }, "") => "a number".to_string(),
            (Range::Real { .. }, unit) => format!("a number of {unit}"),
        };
        Some(format!(
            "expected {kind} from {}, found {}",
            self.range_text(),
            number_text(n)
        ))
    }
}

/// Checks every number the table covers; the first one out of range is
/// returned with its concrete path. Values of another type are left to the
/// typed check, which names the type expected.
pub fn check(doc: &Value) -> Result<(), (Vec<Seg>, String)> {
    for b in BOUNDS {
        let pattern: Vec<&str> = b.path.split('.').collect();
        let mut at = Vec::new();
        walk(doc, &pattern, &mut at, b)?;
    }
    Ok(())
}

fn walk(
    v: &Value,
    pattern: &[&str],
    at: &mut Vec<Seg>,
    b: &Bound,
) -> Result<(), (Vec<Seg>, String)> {
    let Some((first, rest)) = pattern.split_first() else {
        return match v {
            Value::Number(n) => match b.refuse(n) {
                Some(msg) => Err((at.clone(), msg)),
                None => Ok(()),
            },
            _ => Ok(()),
        };
    };
    let Value::Object(map) = v else {
        return Ok(());
    };
    let (key, every_element) = match first.strip_suffix("[]") {
        Some(k) => (k, true),
        None => (*first, false),
    };
    let children: Vec<(&String, &Value)> = if key == "*" {
        map.iter().collect()
    } else {
        map.get_key_value(key).into_iter().collect()
    };
    for (k, child) in children {
        at.push(Seg::Key(k.clone()));
        if every_element {
            if let Value::Array(items) = child {
                for (i, item) in items.iter().enumerate() {
                    at.push(Seg::Index(i));
                    walk(item, rest, at, b)?;
                    at.pop();
                }
            }
        } else {
            walk(child, rest, at, b)?;
        }
        at.pop();
    }
    Ok(())
}

/// `8760` → `8,760`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn real_text(v: f64) -> String {
    if v.fract() == 0.0 && (0.0..1e15).contains(&v) {
        grouped(v as u64)
    } else {
        v.to_string()
    }
}

/// A number as the user wrote it, except that very large or very small
/// fractions are shown in exponent form (`1e308`, not 309 digits).
pub fn number_text(n: &Number) -> String {
    match n.as_f64() {
        Some(f) if !(n.is_u64() || n.is_i64()) => float_text(f),
        _ => n.to_string(),
    }
}

/// `f` in plain form when that is short, else in exponent form.
pub fn float_text(f: f64) -> String {
    let a = f.abs();
    if a == 0.0 || (1e-4..1e15).contains(&a) {
        f.to_string()
    } else {
        format!("{f:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_are_grouped_and_huge_ones_shortened() {
        assert_eq!(grouped(8760), "8,760");
        assert_eq!(grouped(100), "100");
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(float_text(1e308), "1e308");
        assert_eq!(float_text(1e12), "1000000000000");
        assert_eq!(float_text(0.5), "0.5");
    }

    #[test]
    fn every_element_of_an_array_and_every_key_is_checked() {
        let doc = json!({"connectsafely": {"keys": [
            {"accounts": [{"visitors": 3}]},
            {"accounts": [{"visitors": 1}, {"visitors": 160000}]}
        ]}});
        let (path, msg) = check(&doc).err().unwrap_or_default();
        assert_eq!(
            super::super::load::render(&path),
            "connectsafely.keys[1].accounts[1].visitors"
        );
        assert_eq!(
            msg,
            "expected a whole number from 0 to 10,000, found 160000"
        );
        let doc = json!({"latency": {"outx": {"fixedMs": 60001}}});
        let (path, _) = check(&doc).err().unwrap_or_default();
        assert_eq!(super::super::load::render(&path), "latency.outx.fixedMs");
    }
}
