//! What the posts and groups routes keep per LinkedIn account that is
//! ConnectSafely's own rather than LinkedIn's: the daily COMMENT and
//! GROUP_MEMBERS budgets (G-4). Posts, comments, reactions, uploads and
//! group memberships themselves live in the shared LinkedIn model. Plain
//! data and functions of `now`; the caller holds the account's lock around
//! each call so that check and count are one step (C-6).

use chrono::{DateTime, Utc};

use super::error::CsError;
use super::logic::Usage;
use crate::clock::{iso, next_midnight, start_of_day};
use crate::scenario::CsLimits;

/// The scenario's limits for these routes, in the units the rules use.
#[derive(Debug, Clone)]
pub struct ContentLimits {
    pub comments_per_day: u32,
    pub group_members_per_day: u32,
}

impl ContentLimits {
    pub fn from_scenario(l: &CsLimits) -> ContentLimits {
        ContentLimits {
            comments_per_day: l.comments_per_day,
            group_members_per_day: l.group_members_per_day,
        }
    }
}

pub const COMMENT: &str = "COMMENT";
pub const GROUP_MEMBERS: &str = "GROUP_MEMBERS";

/// A budget that resets at 00:00 UTC. Windows only move forward: setting
/// the clock back does not rewind it (C-8).
#[derive(Debug, Default)]
pub struct Daily {
    day: Option<DateTime<Utc>>,
    used: u32,
}

impl Daily {
    fn roll(&mut self, now: DateTime<Utc>) {
        let day = start_of_day(now);
        if self.day.is_none_or(|d| day > d) {
            self.day = Some(day);
            self.used = 0;
        }
    }

    pub fn usage(&mut self, action: &'static str, limit: u32, now: DateTime<Utc>) -> Usage {
        self.roll(now);
        Usage {
            action,
            limit,
            used: self.used,
            reset: next_midnight(now),
        }
    }

    /// Grants up to `want` units (at least one must be left, else 429) and
    /// counts what it grants: a page past the budget is cut to what is left.
    pub fn take(
        &mut self,
        action: &'static str,
        want: u32,
        limit: u32,
        now: DateTime<Utc>,
    ) -> Result<u32, CsError> {
        self.roll(now);
        let left = limit.saturating_sub(self.used);
        if left == 0 {
            return Err(CsError::DailyLimit {
                action,
                used: self.used,
                limit,
                reset: iso(next_midnight(now)),
            });
        }
        let granted = want.min(left);
        self.used += granted;
        Ok(granted)
    }

    /// Gives back units taken for a request that then failed.
    pub fn refund(&mut self, n: u32) {
        self.used = self.used.saturating_sub(n);
    }
}

/// What an upload is for (`mediaType` of `/posts/upload/init`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Image,
    Video,
    Document,
}

impl MediaKind {
    pub fn name(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Video => "video",
            MediaKind::Document => "document",
        }
    }

    pub fn recipe(self) -> &'static str {
        match self {
            MediaKind::Image => "urn:li:digitalmediaRecipe:feedshare-image",
            MediaKind::Video => "urn:li:digitalmediaRecipe:feedshare-video",
            MediaKind::Document => "urn:li:digitalmediaRecipe:feedshare-document",
        }
    }
}

/// Videos larger than this are uploaded in parts of this size (the video
/// guide's 4 MB chunks).
pub const PART_SIZE: u64 = 4 * 1024 * 1024;

/// The daily budgets of one account.
#[derive(Debug, Default)]
pub struct ContentState {
    pub comments: Daily,
    pub group_members: Daily,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn daily_budget_cuts_the_last_page_and_then_refuses_until_midnight() {
        let mut d = Daily::default();
        let now = at("2024-01-15T10:00:00Z");
        assert_eq!(d.take(GROUP_MEMBERS, 60, 100, now).ok(), Some(60));
        assert_eq!(d.take(GROUP_MEMBERS, 60, 100, now).ok(), Some(40));
        assert!(matches!(
            d.take(GROUP_MEMBERS, 1, 100, now),
            Err(CsError::DailyLimit {
                used: 100,
                limit: 100,
                ..
            })
        ));
        assert_eq!(
            d.take(GROUP_MEMBERS, 1, 100, at("2024-01-16T00:00:00Z"))
                .ok(),
            Some(1)
        );
        // Setting the clock back does not rewind the new day's count.
        assert_eq!(d.usage(GROUP_MEMBERS, 100, now).used, 1);
    }
}
