//! The virtual clock that every time-based rule reads (SPEC C-5).
//!
//! It owns "what time is it" and nothing else: caches, windows, holds and task
//! progress all compute from `now()`, so moving the clock is how a test crosses
//! midnight or a Monday in milliseconds. It does not rewind counters when set
//! backwards; those belong to the providers.

use std::time::Instant;

use chrono::{DateTime, Datelike, Duration, SecondsFormat, TimeZone, Utc};
use parking_lot::Mutex;
use serde::Serialize;
use utoipa::ToSchema;

/// Earliest time the clock accepts: 1970-01-01T00:00:00Z.
pub fn earliest() -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH
}

/// Latest time the clock accepts: 9999-12-31T23:59:59Z. Keeping the clock in
/// four-digit years means no window, hold or expiry computed from it can
/// overflow the date type.
pub fn latest() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59)
        .single()
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// `t + d`, saturating at [`latest`]: an expiry or hold past the clock's
/// range simply never comes. Providers add scenario durations with this,
/// never with `+`, so no scenario value can overflow the date type.
pub fn after(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    t.checked_add_signed(d)
        .map_or(latest(), |x| x.min(latest()))
}

/// Whether `t` is a time the clock may show.
pub fn in_range(t: DateTime<Utc>) -> bool {
    (earliest()..=latest()).contains(&t)
}

/// A clock that runs in real time from an anchor, or stands still when frozen.
#[derive(Debug)]
pub struct Clock {
    inner: Mutex<Anchor>,
}

#[derive(Debug, Clone, Copy)]
struct Anchor {
    /// Virtual time at `real`.
    virtual_at: DateTime<Utc>,
    real: Instant,
    frozen: bool,
}

impl Anchor {
    fn now(&self) -> DateTime<Utc> {
        if self.frozen {
            return self.virtual_at;
        }
        let elapsed = Duration::from_std(self.real.elapsed()).unwrap_or(Duration::zero());
        self.virtual_at
            .checked_add_signed(elapsed)
            .unwrap_or(self.virtual_at)
            .min(latest())
    }
}

/// What `GET /__admin/clock` answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClockView {
    /// Current virtual time (ISO 8601, milliseconds, `Z`).
    #[schema(example = "2024-01-15T10:30:00.000Z")]
    pub now: String,
    pub frozen: bool,
}

impl Clock {
    pub fn new(start: DateTime<Utc>, frozen: bool) -> Self {
        Clock {
            inner: Mutex::new(Anchor {
                virtual_at: start,
                real: Instant::now(),
                frozen,
            }),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.inner.lock().now()
    }

    /// Jumps to `at`, keeping the frozen/running state; refuses times
    /// outside [`earliest`]..=[`latest`].
    pub fn set(&self, at: DateTime<Utc>) -> Result<(), OutOfRange> {
        if !in_range(at) {
            return Err(OutOfRange(at));
        }
        let mut a = self.inner.lock();
        a.virtual_at = at;
        a.real = Instant::now();
        Ok(())
    }

    /// Moves forward (negative durations are rejected by the caller); refuses
    /// to go past [`latest`], changing nothing.
    pub fn advance(&self, by: Duration) -> Result<(), TooFar> {
        let mut a = self.inner.lock();
        let now = a.now();
        match now.checked_add_signed(by).filter(|t| in_range(*t)) {
            Some(t) => {
                a.virtual_at = t;
                a.real = Instant::now();
                Ok(())
            }
            None => Err(TooFar { now, by }),
        }
    }

    pub fn freeze(&self, frozen: bool) {
        let mut a = self.inner.lock();
        a.virtual_at = a.now();
        a.real = Instant::now();
        a.frozen = frozen;
    }

    pub fn view(&self) -> ClockView {
        let a = *self.inner.lock();
        ClockView {
            now: iso(a.now()),
            frozen: a.frozen,
        }
    }
}

/// A time to set that lies outside the years 1970 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("expected a time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, found {}", iso(*.0))]
pub struct OutOfRange(pub DateTime<Utc>);

/// A move forward that would pass the latest time the clock shows.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error(
    "advancing by {} seconds from {} would pass 9999-12-31T23:59:59Z, the latest time the clock shows; at most {} seconds are left",
    crate::scenario::bounds::float_text(by.as_seconds_f64()),
    iso(*now),
    (latest() - *now).num_seconds()
)]
pub struct TooFar {
    pub now: DateTime<Utc>,
    pub by: Duration,
}

/// Times written as RFC 3339 (`2024-01-15T10:30:00Z`), with messages that
/// say so: chrono's own ("premature end of input") do not.
pub mod rfc3339 {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer};

    /// `s` as a time the clock may show, or what was expected instead.
    pub fn parse(s: &str) -> Result<DateTime<Utc>, String> {
        let t = DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| {
                format!(
                    "expected an RFC 3339 date-time with a time zone, such as \"2024-01-15T10:30:00Z\", found {s:?}"
                )
            })?;
        if super::in_range(t) {
            Ok(t)
        } else {
            Err(super::OutOfRange(t).to_string())
        }
    }

    /// For `Option<DateTime<Utc>>` fields: null or a string [`parse`] accepts.
    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) => parse(&s).map(Some).map_err(serde::de::Error::custom),
        }
    }
}

/// ISO 8601 with milliseconds and `Z`, the form every provider's docs show.
pub fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// 00:00 UTC of the day after `t`: when daily limits reset.
pub fn next_midnight(t: DateTime<Utc>) -> DateTime<Utc> {
    let day = t.date_naive() + chrono::Days::new(1);
    Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN))
}

/// 00:00 UTC of the day `t` falls on.
pub fn start_of_day(t: DateTime<Utc>) -> DateTime<Utc> {
    Utc.from_utc_datetime(&t.date_naive().and_time(chrono::NaiveTime::MIN))
}

/// Monday 00:00 UTC of the week `t` falls in (weeks start on Monday).
pub fn start_of_week(t: DateTime<Utc>) -> DateTime<Utc> {
    let back = u64::from(t.weekday().num_days_from_monday());
    start_of_day(t) - chrono::Days::new(back)
}

/// The next Monday 00:00 UTC strictly after `t`: when weekly limits reset.
pub fn next_monday(t: DateTime<Utc>) -> DateTime<Utc> {
    start_of_week(t) + chrono::Days::new(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .expect("valid test time")
    }

    #[test]
    fn frozen_clock_stands_still_and_advances_exactly() {
        let c = Clock::new(at("2024-01-15T10:30:00Z"), true);
        assert_eq!(c.now(), at("2024-01-15T10:30:00Z"));
        assert!(c.advance(Duration::hours(6)).is_ok());
        assert_eq!(iso(c.now()), "2024-01-15T16:30:00.000Z");
    }

    #[test]
    fn clock_refuses_to_leave_four_digit_years() {
        let c = Clock::new(at("9999-12-31T00:00:00Z"), true);
        assert!(c.advance(Duration::days(2)).is_err());
        assert_eq!(
            c.now(),
            at("9999-12-31T00:00:00Z"),
            "a refused move changes nothing"
        );
        assert!(c.set(at("1969-12-31T23:59:59Z")).is_err());
        assert!(c.set(at("1970-01-01T00:00:00Z")).is_ok());
    }

    #[test]
    fn running_clock_moves_forward() {
        let c = Clock::new(at("2024-01-15T10:30:00Z"), false);
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(c.now() > at("2024-01-15T10:30:00Z"));
    }

    #[test]
    fn week_and_day_boundaries_are_utc_mondays_and_midnights() {
        // 2024-01-15 is a Monday.
        assert_eq!(
            next_monday(at("2024-01-15T00:00:00Z")),
            at("2024-01-22T00:00:00Z")
        );
        assert_eq!(
            next_monday(at("2024-01-21T23:59:59Z")),
            at("2024-01-22T00:00:00Z")
        );
        assert_eq!(
            start_of_week(at("2024-01-17T12:00:00Z")),
            at("2024-01-15T00:00:00Z")
        );
        assert_eq!(
            next_midnight(at("2024-01-15T23:59:59Z")),
            at("2024-01-16T00:00:00Z")
        );
    }
}
