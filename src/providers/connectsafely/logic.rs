//! The rules of one LinkedIn account, as plain data and functions of `now`:
//! the 6 h profile cache (CS-P2), unique profiles per UTC day (CS-P3), weekly
//! connection requests with the 24 h hold (CS-C4), invitations sent and
//! skills endorsed (CS-P5, CS-E*). Nothing here knows HTTP, locks or the
//! clock; the caller holds the account's lock around each call so that check
//! and count are one step (SPEC C-6).
//!
//! Windows only move forward: when the clock is set back, counters are kept
//! (SPEC C-8, "counters are not rewound").

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use chrono::{DateTime, Duration, Utc};

use super::error::{hours_text, CsError};
use crate::clock::{iso, next_midnight, next_monday, start_of_day, start_of_week};
use crate::people::Skill;
use crate::scenario::CsLimits;

/// The scenario's limits, in the units the rules use.
#[derive(Debug, Clone)]
pub struct Limits {
    pub profiles_per_day: u32,
    pub connects_per_week: u32,
    pub hold: Duration,
    pub hold_hours: f64,
    pub cache: Duration,
}

impl Limits {
    pub fn from_scenario(l: &CsLimits) -> Limits {
        let dur = |hours: f64| Duration::milliseconds((hours * 3_600_000.0).round() as i64);
        Limits {
            profiles_per_day: l.profiles_per_day,
            connects_per_week: l.connects_per_week,
            hold: dur(l.hold_hours.0),
            hold_hours: l.hold_hours.0,
            cache: dur(l.cache_hours.0),
        }
    }
}

/// What this account has done to a person, as a profile fetch shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overlay {
    pub invitation_sent: bool,
    /// Skill ids this account endorsed.
    pub endorsed: BTreeSet<String>,
}

/// A cached profile: when it was fetched, until when it is served, and what
/// the account's own actions looked like at that moment (a cached answer is
/// stale about later invitations and endorsements, as a real cache is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheEntry {
    pub cached_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub overlay: Overlay,
}

/// How a profile request was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileFetch {
    /// From the cache; nothing counted.
    Cached(CacheEntry),
    /// Fetched now (and counted, unless already counted today).
    Fresh(CacheEntry),
}

/// A limited action's window as the `X-RateLimit-*` headers report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    pub action: &'static str,
    pub limit: u32,
    pub used: u32,
    pub reset: DateTime<Utc>,
}

impl Usage {
    pub fn remaining(&self) -> u32 {
        self.limit.saturating_sub(self.used)
    }
}

/// Who a connection request is for, as resolved from the people generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// No such member; carries the id or URN the client sent.
    Unknown(String),
    Member {
        handle: String,
        /// The id or URN the client sent, for error texts.
        sent: String,
        /// Already a 1st-degree connection (`connected-*`, pinned).
        connected: bool,
    },
}

/// Which skill to endorse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkillChoice {
    Id(String),
    Random,
}

/// A profile as the per-account tables know it: a 64-bit hash of the
/// (normalized) handle. Millions of profiles a day must fit in little memory
/// (issue 7: 1,000,000 profiles under 200 MiB), and a hash is 8 bytes where
/// a handle is a heap string; two handles colliding in 64 bits among even
/// millions is about one chance in ten million.
type ProfileKey = u64;

fn profile_key(handle: &str) -> ProfileKey {
    xxhash_rust::xxh3::xxh3_64(handle.as_bytes())
}

/// A cache entry as stored: the overlay is boxed and absent in the common
/// case (the account has not acted on the person), keeping entries small.
#[derive(Debug, Clone)]
struct Stored {
    cached_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    overlay: Option<Box<Overlay>>,
}

impl Stored {
    fn entry(&self) -> CacheEntry {
        CacheEntry {
            cached_at: self.cached_at,
            expires_at: self.expires_at,
            overlay: self.overlay.as_deref().cloned().unwrap_or_default(),
        }
    }
}

#[derive(Debug, Default)]
pub struct AccountState {
    /// Start of the UTC day `profiles_today` counts.
    day: Option<DateTime<Utc>>,
    profiles_today: HashSet<ProfileKey>,
    cache: HashMap<ProfileKey, Stored>,
    /// Start (Monday 00:00 UTC) of the week `connects` counts.
    week: Option<DateTime<Utc>>,
    connects: u32,
    hold: Option<Hold>,
    endorsed: HashMap<String, BTreeSet<String>>,
    /// Members in `endorsed`, first endorsed first: the oldest is forgotten
    /// when [`MAX_ENDORSED_MEMBERS`] is reached.
    endorsed_order: VecDeque<String>,
}

/// Members an account remembers its endorsements of (issue 10 item 6): past
/// this, endorsing a new member forgets the member endorsed longest ago.
pub const MAX_ENDORSED_MEMBERS: usize = 10_000;

/// A connect hold (CS-C4) and the week that caused it: for as long as the
/// hold lasts, its 429s and rate-limit headers report that week, even once
/// a Monday has started a new one (issue 10 item 10).
#[derive(Debug, Clone, Copy)]
struct Hold {
    until: DateTime<Utc>,
    used: u32,
    weekly_reset: DateTime<Utc>,
}

impl AccountState {
    fn roll(&mut self, now: DateTime<Utc>) {
        let day = start_of_day(now);
        if self.day.is_none_or(|d| day > d) {
            self.day = Some(day);
            self.profiles_today.clear();
            // Entries that can no longer answer are dropped with the old day.
            self.cache.retain(|_, e| e.expires_at > now);
        }
        let week = start_of_week(now);
        if self.week.is_none_or(|w| week > w) {
            self.week = Some(week);
            self.connects = 0;
        }
    }

    /// What this account has done to `handle`; whether an invitation is
    /// pending comes from the account's network (the one place invitations live).
    pub fn overlay(&self, handle: &str, invitation_sent: bool) -> Overlay {
        Overlay {
            invitation_sent,
            endorsed: self.endorsed.get(handle).cloned().unwrap_or_default(),
        }
    }

    pub fn profile_usage(&mut self, now: DateTime<Utc>, limits: &Limits) -> Usage {
        self.roll(now);
        Usage {
            action: "PROFILE",
            limit: limits.profiles_per_day,
            used: u32::try_from(self.profiles_today.len()).unwrap_or(u32::MAX),
            reset: next_midnight(now),
        }
    }

    pub fn connect_usage(&mut self, now: DateTime<Utc>, limits: &Limits) -> Usage {
        self.roll(now);
        if let Some(h) = self.hold.filter(|h| h.until > now) {
            return Usage {
                action: "CONNECT",
                limit: limits.connects_per_week,
                used: h.used,
                reset: h.weekly_reset,
            };
        }
        Usage {
            action: "CONNECT",
            limit: limits.connects_per_week,
            used: self.connects,
            reset: next_monday(now),
        }
    }

    /// CS-P2/P3/P4: a cached answer if one is live (and no refresh is asked),
    /// else a fresh fetch that counts the profile once per day, refused when
    /// the day's unique profiles are used up.
    pub fn fetch_profile(
        &mut self,
        handle: &str,
        invitation_sent: bool,
        force_refresh: bool,
        now: DateTime<Utc>,
        limits: &Limits,
    ) -> Result<ProfileFetch, CsError> {
        self.roll(now);
        let key = profile_key(handle);
        if !force_refresh {
            if let Some(e) = self.cache.get(&key).filter(|e| e.expires_at > now) {
                return Ok(ProfileFetch::Cached(e.entry()));
            }
        }
        if !self.profiles_today.contains(&key) {
            let used = u32::try_from(self.profiles_today.len()).unwrap_or(u32::MAX);
            if used >= limits.profiles_per_day {
                return Err(CsError::ProfileLimit {
                    used,
                    limit: limits.profiles_per_day,
                    reset: iso(next_midnight(now)),
                });
            }
            self.profiles_today.insert(key);
        }
        let overlay = self.overlay(handle, invitation_sent);
        let stored = Stored {
            cached_at: now,
            expires_at: crate::clock::after(now, limits.cache),
            overlay: (overlay != Overlay::default()).then(|| Box::new(overlay)),
        };
        let entry = stored.entry();
        self.cache.insert(key, stored);
        Ok(ProfileFetch::Fresh(entry))
    }

    /// CS-C3/C4: the hold first, then the weekly limit (which starts a hold),
    /// then the target; `send` writes the invitation into the account's
    /// network (refusing members already connected or invited) and only a
    /// request it accepts counts. It runs under this account's lock, so check
    /// and count are one step (C-6).
    pub fn connect(
        &mut self,
        target: &Target,
        now: DateTime<Utc>,
        limits: &Limits,
        send: impl FnOnce() -> Result<(), CsError>,
    ) -> Result<(), CsError> {
        self.roll(now);
        let held = |h: Hold| CsError::ConnectHold {
            used: h.used,
            limit: limits.connects_per_week,
            hold_hours: hours_text(limits.hold_hours),
            hold_until: iso(h.until),
            weekly_reset: iso(h.weekly_reset),
        };
        if let Some(h) = self.hold.filter(|h| h.until > now) {
            return Err(held(h));
        }
        if self.connects >= limits.connects_per_week {
            let until = crate::clock::after(now, limits.hold);
            let h = Hold {
                until,
                used: self.connects,
                weekly_reset: next_monday(now),
            };
            self.hold = Some(h);
            return Err(held(h));
        }
        match target {
            Target::Unknown(sent) => Err(CsError::ProfileNotFound(sent.clone())),
            Target::Member {
                handle,
                sent,
                connected,
            } => {
                let _ = handle;
                if *connected {
                    return Err(CsError::AlreadyConnected(sent.clone()));
                }
                send()?;
                self.connects += 1;
                Ok(())
            }
        }
    }

    /// CS-E2/E3: marks one skill of `handle` endorsed by this account.
    /// `pick(n)` chooses an index below `n` (the seeded generator); `profile_id`
    /// is what the client sent, for error texts.
    pub fn endorse<'s>(
        &mut self,
        handle: &str,
        profile_id: &str,
        skills: &'s [Skill],
        choice: &SkillChoice,
        pick: impl FnOnce(usize) -> usize,
    ) -> Result<&'s Skill, CsError> {
        if !self.endorsed.contains_key(handle) {
            if self.endorsed_order.len() >= MAX_ENDORSED_MEMBERS {
                if let Some(oldest) = self.endorsed_order.pop_front() {
                    self.endorsed.remove(&oldest);
                }
            }
            self.endorsed_order.push_back(handle.to_string());
        }
        let done = self.endorsed.entry(handle.to_string()).or_default();
        let skill = match choice {
            SkillChoice::Id(id) => {
                let skill = skills
                    .iter()
                    .find(|s| s.id == *id)
                    .ok_or_else(|| CsError::SkillNotFound(id.clone()))?;
                if done.contains(skill.id.as_str()) {
                    return Err(CsError::AlreadyEndorsed(skill.name.to_string()));
                }
                skill
            }
            SkillChoice::Random => {
                let open: Vec<&Skill> = skills
                    .iter()
                    .filter(|s| !done.contains(s.id.as_str()))
                    .collect();
                if open.is_empty() {
                    return Err(CsError::NoUnendorsedSkills(profile_id.to_string()));
                }
                let i = pick(open.len()).min(open.len() - 1);
                open[i]
            }
        };
        done.insert(skill.id.to_string());
        Ok(skill)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::NonNegative;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap_or_default()
    }

    fn limits(profiles: u32, connects: u32) -> Limits {
        Limits::from_scenario(&CsLimits {
            profiles_per_day: profiles,
            connects_per_week: connects,
            hold_hours: NonNegative(24.0),
            cache_hours: NonNegative(6.0),
            ..CsLimits::default()
        })
    }

    fn member(h: &str) -> Target {
        Target::Member {
            handle: h.into(),
            sent: h.into(),
            connected: false,
        }
    }

    // C-12, issue 10 item 1: durations beyond any bound (as a typed scenario
    // built in code can hold) saturate at the clock's end instead of
    // overflowing the date type and panicking the request.
    #[test]
    fn huge_cache_and_hold_hours_saturate_instead_of_panicking() {
        let l = Limits::from_scenario(&CsLimits {
            profiles_per_day: 5,
            connects_per_week: 0,
            hold_hours: NonNegative(1e12),
            cache_hours: NonNegative(1e12),
            ..CsLimits::default()
        });
        let mut s = AccountState::default();
        let now = at("9999-12-31T23:00:00Z");
        assert!(matches!(
            s.fetch_profile("a", false, false, now, &l),
            Ok(ProfileFetch::Fresh(_))
        ));
        assert!(matches!(
            s.fetch_profile("a", false, false, now, &l),
            Ok(ProfileFetch::Cached(_))
        ));
        match s.connect(&member("b"), now, &l, || Ok(())) {
            Err(CsError::ConnectHold { hold_until, .. }) => {
                assert_eq!(hold_until, iso(crate::clock::latest()))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn cache_hit_within_six_hours_does_not_count() {
        let l = limits(1, 1);
        let mut s = AccountState::default();
        let now = at("2024-01-15T10:30:00Z");
        assert!(matches!(
            s.fetch_profile("a", false, false, now, &l),
            Ok(ProfileFetch::Fresh(_))
        ));
        let later = now + Duration::hours(5);
        match s.fetch_profile("a", false, false, later, &l) {
            Ok(ProfileFetch::Cached(e)) => assert_eq!(e.cached_at, now),
            other => panic!("{other:?}"),
        }
        assert_eq!(s.profile_usage(later, &l).used, 1);
    }

    #[test]
    fn refresh_of_a_profile_counted_today_is_served_past_the_limit() {
        let l = limits(1, 1);
        let mut s = AccountState::default();
        let now = at("2024-01-15T10:30:00Z");
        assert!(s.fetch_profile("a", false, false, now, &l).is_ok());
        assert!(matches!(
            s.fetch_profile("b", false, false, now, &l),
            Err(CsError::ProfileLimit {
                used: 1,
                limit: 1,
                ..
            })
        ));
        assert!(matches!(
            s.fetch_profile("a", false, true, now, &l),
            Ok(ProfileFetch::Fresh(_))
        ));
    }

    #[test]
    fn a_new_utc_day_restores_the_budget_but_setting_the_clock_back_does_not_rewind() {
        let l = limits(1, 1);
        let mut s = AccountState::default();
        assert!(s
            .fetch_profile("a", false, false, at("2024-01-15T23:00:00Z"), &l)
            .is_ok());
        assert!(s
            .fetch_profile("b", false, false, at("2024-01-16T00:00:00Z"), &l)
            .is_ok());
        assert_eq!(s.profile_usage(at("2024-01-15T23:30:00Z"), &l).used, 1);
    }

    #[test]
    fn weekly_limit_starts_a_hold_that_outlives_nothing_but_itself() {
        let l = limits(1, 1);
        let mut s = AccountState::default();
        let now = at("2024-01-15T10:30:00Z");
        assert!(s.connect(&member("a"), now, &l, || Ok(())).is_ok());
        match s.connect(&member("b"), now, &l, || Ok(())) {
            Err(CsError::ConnectHold {
                hold_until,
                weekly_reset,
                ..
            }) => {
                assert_eq!(hold_until, "2024-01-16T10:30:00.000Z");
                assert_eq!(weekly_reset, "2024-01-22T00:00:00.000Z");
            }
            other => panic!("{other:?}"),
        }
        // After the hold, with the week still used: a new hold.
        let after = now + Duration::hours(25);
        match s.connect(&member("b"), after, &l, || Ok(())) {
            Err(CsError::ConnectHold { hold_until, .. }) => {
                assert_eq!(hold_until, iso(after + Duration::hours(24)))
            }
            other => panic!("{other:?}"),
        }
        // Next week, once the hold is over: allowed again.
        assert!(s
            .connect(&member("b"), at("2024-01-22T12:00:00Z"), &l, || Ok(()))
            .is_ok());
    }

    #[test]
    fn refused_sends_and_connected_targets_are_not_counted() {
        let l = limits(1, 5);
        let mut s = AccountState::default();
        let now = at("2024-01-15T10:30:00Z");
        let sent = std::cell::RefCell::new(HashSet::new());
        // `send` stands for the network: it refuses a second invitation.
        let send = |h: &str| {
            let sent = &sent;
            let h = h.to_string();
            move || {
                if sent.borrow_mut().insert(h.clone()) {
                    Ok(())
                } else {
                    Err(CsError::AlreadyConnected(h))
                }
            }
        };
        assert!(s.connect(&member("a"), now, &l, send("a")).is_ok());
        assert!(matches!(
            s.connect(&member("a"), now, &l, send("a")),
            Err(CsError::AlreadyConnected(_))
        ));
        let c = Target::Member {
            handle: "c".into(),
            sent: "c".into(),
            connected: true,
        };
        assert!(matches!(
            s.connect(&c, now, &l, send("c")),
            Err(CsError::AlreadyConnected(_))
        ));
        assert!(!sent.borrow().contains("c"), "a connection is never sent");
        assert_eq!(s.connect_usage(now, &l).used, 1);
        assert!(s.overlay("a", true).invitation_sent);
    }

    #[test]
    fn endorsements_per_account_are_bounded_oldest_member_first() {
        let mut s = AccountState::default();
        let skills = vec![Skill {
            id: "1".into(),
            name: "Rust".into(),
            endorsement_count: 0,
        }];
        for i in 0..MAX_ENDORSED_MEMBERS + 500 {
            let h = format!("member-{i}");
            assert!(s
                .endorse(&h, &h, &skills, &SkillChoice::Id("1".into()), |_| 0)
                .is_ok());
        }
        assert_eq!(s.endorsed.len(), MAX_ENDORSED_MEMBERS);
        assert_eq!(s.endorsed_order.len(), MAX_ENDORSED_MEMBERS);
        assert!(
            s.overlay("member-0", false).endorsed.is_empty(),
            "oldest forgotten"
        );
        let newest = format!("member-{}", MAX_ENDORSED_MEMBERS + 499);
        assert!(s.overlay(&newest, false).endorsed.contains("1"));
        // A member endorsed again is not counted twice.
        let again = s.endorse(
            &newest,
            &newest,
            &skills,
            &SkillChoice::Id("1".into()),
            |_| 0,
        );
        assert!(matches!(again, Err(CsError::AlreadyEndorsed(_))));
        assert_eq!(s.endorsed_order.len(), MAX_ENDORSED_MEMBERS);
    }

    #[test]
    fn random_endorsement_runs_out_of_skills() {
        let skills = vec![
            Skill {
                id: "1".into(),
                name: "Rust".into(),
                endorsement_count: 3,
            },
            Skill {
                id: "2".into(),
                name: "Go".into(),
                endorsement_count: 0,
            },
        ];
        let mut s = AccountState::default();
        let first = s
            .endorse("h", "h", &skills, &SkillChoice::Random, |_| 0)
            .map(|k| k.id.clone());
        assert_eq!(first.ok(), Some("1".into()));
        assert!(matches!(
            s.endorse("h", "h", &skills, &SkillChoice::Id("1".into()), |_| 0),
            Err(CsError::AlreadyEndorsed(_))
        ));
        assert!(s
            .endorse("h", "h", &skills, &SkillChoice::Random, |_| 0)
            .is_ok());
        assert!(matches!(
            s.endorse("h", "h", &skills, &SkillChoice::Random, |_| 0),
            Err(CsError::NoUnendorsedSkills(_))
        ));
        assert!(matches!(
            s.endorse("h", "h", &skills, &SkillChoice::Id("9".into()), |_| 0),
            Err(CsError::SkillNotFound(_))
        ));
    }
}
