//! Atomus's rules as plain functions of their inputs and `now`: which URLs are
//! profile URLs (AT-1), the per-tenant rate window (AT-4) and what one
//! enrichment answers (AT-2). Nothing here touches HTTP, and the only state is
//! the rate limiter's counters.

use std::collections::HashMap;

use super::model::{
    Company, EducationItem, EnrichData, ItemStatus, Named, PositionGroup, PositionItem, Profile,
    ProfileLocation, RenderedProfile, Year, YearMonth,
};
use crate::linkedin::members::Text;
use crate::linkedin::urls::Target;
use crate::people::{HandleKind, People, Person};
use crate::scenario::Handle;
use chrono::{DateTime, Utc};
use parking_lot::Mutex;

/// The handle of a LinkedIn profile URL (AT-1):
/// `https://[www.|xx.]linkedin.com/in/<handle>` with an optional trailing
/// slash, query or fragment; scheme and host in any case. Parsed by the
/// shared LinkedIn URL parser; Atomus only adds that the scheme is `https`.
pub fn profile_handle(url: &str) -> Option<String> {
    let parsed = crate::linkedin::urls::parse(url).ok()?;
    match parsed.target {
        Target::Member(h) if parsed.is_https() && Handle::is_valid(&h) => Some(h),
        _ => None,
    }
}

/// Where a request stands in its tenant's one-second window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateInfo {
    pub limit: u32,
    pub remaining: u32,
    /// Unix seconds when the next window opens.
    pub reset: i64,
}

impl RateInfo {
    /// Whole seconds a refused client should wait (`Retry-After`).
    pub fn retry_after(&self, now: DateTime<Utc>) -> i64 {
        let ms = self.reset * 1000 - now.timestamp_millis();
        ((ms + 999) / 1000).max(1)
    }
}

/// Fixed windows of one whole second of the clock, per tenant, shared by all
/// of a tenant's keys. Counters are kept for the current second only.
#[derive(Debug)]
pub struct RateLimiter {
    limit: u32,
    windows: Mutex<HashMap<String, (i64, u32)>>,
}

impl RateLimiter {
    pub fn new(limit: u32) -> RateLimiter {
        RateLimiter {
            limit,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request; Err when the window is already full (not counted).
    pub fn hit(&self, tenant: &str, now: DateTime<Utc>) -> Result<RateInfo, RateInfo> {
        let second = now.timestamp();
        let mut windows = self.windows.lock();
        let w = windows.entry(tenant.to_string()).or_insert((second, 0));
        if w.0 != second {
            *w = (second, 0);
        }
        let full = w.1 >= self.limit;
        if !full {
            w.1 += 1;
        }
        let info = RateInfo {
            limit: self.limit,
            remaining: self.limit.saturating_sub(w.1),
            reset: second + 1,
        };
        if full {
            Err(info)
        } else {
            Ok(info)
        }
    }

    /// Gives back a slot [`RateLimiter::hit`] took at `now` (a faulted call
    /// uses no limit); nothing when that second's window is already gone.
    pub fn release(&self, tenant: &str, now: DateTime<Utc>) -> RateInfo {
        let second = now.timestamp();
        let mut windows = self.windows.lock();
        let used = match windows.get_mut(tenant) {
            Some(w) if w.0 == second => {
                w.1 = w.1.saturating_sub(1);
                w.1
            }
            _ => 0,
        };
        RateInfo {
            limit: self.limit,
            remaining: self.limit.saturating_sub(used),
            reset: second + 1,
        }
    }

    /// The window as it stands, without counting (for replays).
    pub fn peek(&self, tenant: &str, now: DateTime<Utc>) -> RateInfo {
        let second = now.timestamp();
        let used = match self.windows.lock().get(tenant) {
            Some(&(s, n)) if s == second => n,
            _ => 0,
        };
        RateInfo {
            limit: self.limit,
            remaining: self.limit.saturating_sub(used),
            reset: second + 1,
        }
    }
}

/// What one URL enriches to, before billing.
pub fn enrich(people: &People, url: &str, handle: &str) -> EnrichData {
    enrich_with(people, None, url, handle)
}

/// Rendered profiles by the hash of their member's handle: a pure cache of
/// [`profile`], bounded like the member cache.
pub struct Rendered(quick_cache::sync::Cache<u64, (Text, RenderedProfile)>);

impl Rendered {
    pub fn new() -> Rendered {
        Rendered(quick_cache::sync::Cache::new(RENDERED_CAPACITY))
    }

    /// The member's profile as rendered, from the cache when it is there.
    pub fn get(&self, people: &People, handle: &str) -> RenderedProfile {
        let h = People::normalize(handle);
        let key = xxhash_rust::xxh3::xxh3_64(h.as_bytes());
        if let Some((cached, r)) = self.0.get(&key) {
            if cached == h {
                return r;
            }
        }
        let p = people.person(&h);
        let r = RenderedProfile::of(&profile(&p));
        self.0.insert(key, (p.handle.clone(), r.clone()));
        r
    }
}

impl Default for Rendered {
    fn default() -> Self {
        Rendered::new()
    }
}

impl std::fmt::Debug for Rendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rendered({} profiles)", self.0.len())
    }
}

/// Profiles [`Rendered`] keeps at most.
const RENDERED_CAPACITY: usize = 2048;

/// [`enrich`], taking a found member's profile from `rendered` when given.
pub fn enrich_with(
    people: &People,
    rendered: Option<&Rendered>,
    url: &str,
    handle: &str,
) -> EnrichData {
    match people.kind(handle) {
        HandleKind::NotFound => EnrichData {
            url: url.to_string(),
            status: ItemStatus::NotFound,
            profile: None,
            code: None,
            message: None,
        },
        HandleKind::Unavailable => EnrichData {
            url: url.to_string(),
            status: ItemStatus::Error,
            profile: None,
            code: Some("profile_unavailable".into()),
            message: Some(
                "The upstream provider could not fetch this profile. Try again later.".into(),
            ),
        },
        HandleKind::Member => EnrichData {
            url: url.to_string(),
            status: ItemStatus::Success,
            profile: Some(match rendered {
                Some(r) => r.get(people, handle),
                None => RenderedProfile::of(&profile(&people.person(handle))),
            }),
            code: None,
            message: None,
        },
    }
}

/// Atomus's rendering of a person (AT-2): every key present.
pub fn profile(p: &Person) -> Profile {
    let mut groups: Vec<PositionGroup> = Vec::new();
    for pos in p.experience() {
        let item = PositionItem {
            title: pos.title.to_string(),
            location: pos.location.to_string(),
            description: pos.description.to_string(),
            start: YearMonth {
                year: pos.start_year,
                month: Some(pos.start_month),
            },
            end: pos.end_year.map(|year| YearMonth {
                year,
                month: pos.end_month,
            }),
        };
        match groups.iter_mut().find(|g| g.company.name == pos.company) {
            Some(g) => g.positions.push(item),
            None => groups.push(PositionGroup {
                company: Named {
                    name: pos.company.to_string(),
                },
                positions: vec![item],
            }),
        }
    }
    Profile {
        full_name: Some(p.full_name()),
        title: Some(p.title.to_string()),
        headline: Some(p.headline.to_string()),
        summary: Some(p.summary.to_string()),
        company: Company {
            name: Some(p.company.to_string()),
        },
        location: ProfileLocation {
            country: Some(p.location.country_code.to_ascii_uppercase().into()),
            state: p.location.state.as_deref().map(str::to_string),
            city: Some(p.location.city.to_string()),
        },
        skills: p.skills.iter().map(|s| s.name.to_string()).collect(),
        educations: p
            .education()
            .iter()
            .map(|e| EducationItem {
                school: Named {
                    name: e.school.to_string(),
                },
                degree_name: e.degree.to_string(),
                field_of_study: e.field_of_study.to_string(),
                start: Year { year: e.start_year },
                end: Year { year: e.end_year },
            })
            .collect(),
        position_groups: groups,
    }
}

/// Simulated upstream time for a handle, so `duration_ms` is plausible and
/// the same on every run.
pub fn simulated_duration_ms(handle: &str) -> u64 {
    300 + xxhash_rust::xxh3::xxh3_64(handle.as_bytes()) % 900
}

#[cfg(test)]
mod tests {
    use super::*;

    // The rendered-profile cache answers exactly what a fresh rendering
    // does, for the same member asked for again in any case, and keeps
    // members apart.
    #[test]
    fn a_cached_rendering_is_the_fresh_rendering() {
        let people = People::new(7, &crate::scenario::PeopleConfig::default());
        let rendered = Rendered::new();
        for handle in ["ritika-kulkarni-85718922a", "jane-roe", "x9"] {
            let url = format!("https://www.linkedin.com/in/{handle}");
            let fresh = serde_json::to_string(&enrich(&people, &url, handle)).unwrap_or_default();
            assert!(fresh.contains("\"full_name\""), "{fresh}");
            for asked in [
                handle.to_string(),
                handle.to_uppercase(),
                handle.to_string(),
            ] {
                let cached = enrich_with(&people, Some(&rendered), &url, &asked);
                assert_eq!(serde_json::to_string(&cached).unwrap_or_default(), fresh);
            }
        }
        assert_eq!(rendered.0.len(), 3);
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("time")
    }

    #[test]
    fn profile_urls_are_recognised() {
        for (url, want) in [
            ("https://www.linkedin.com/in/example-1", Some("example-1")),
            ("https://www.linkedin.com/in/example-1/", Some("example-1")),
            ("https://linkedin.com/in/a_b?trk=x", Some("a_b")),
            ("https://de.linkedin.com/in/someone/", Some("someone")),
            ("HTTPS://WWW.LinkedIn.com/in/x", Some("x")),
            (
                "https://www.linkedin.com/in/Mixed-Case/",
                Some("mixed-case"),
            ),
            ("www.linkedin.com/in/x", None),
            ("", None),
            ("http://www.linkedin.com/in/x", None),
            ("https://www.linkedin.com/company/x", None),
            ("https://www.linkedin.com/in/", None),
            ("https://www.linkedin.com/in/a/b", None),
            ("https://evil.com/in/x", None),
            ("https://notlinkedin.com/in/x", None),
            ("https://abc.linkedin.com/in/x", None),
            ("https://www.linkedin.com.evil/in/x", None),
        ] {
            assert_eq!(profile_handle(url).as_deref(), want, "{url}");
        }
    }

    #[test]
    fn the_fifth_request_in_a_second_is_refused_and_the_next_second_is_fresh() {
        let r = RateLimiter::new(4);
        let t = at("2024-01-15T10:30:00.100Z");
        for left in (0..4).rev() {
            assert_eq!(r.hit("a", t).map(|i| i.remaining), Ok(left));
        }
        let refused = r.hit("a", t).expect_err("5th");
        assert_eq!(refused.reset, t.timestamp() + 1);
        assert_eq!(refused.retry_after(t), 1);
        assert!(r.hit("b", t).is_ok(), "other tenants have their own window");
        assert!(r.hit("a", at("2024-01-15T10:30:01Z")).is_ok());
    }
}
