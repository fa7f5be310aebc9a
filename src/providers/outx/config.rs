//! OutX's scenario settings beyond teams' keys and task timings: each team's
//! plan, members and data-sharing flag, one-time-code login, the watchlist
//! feed, queued engagement and the invitation limit (issue 16). They live here
//! so that `scenario.rs` only names them; every number is checked against its
//! documented bounds while the file is parsed, so an error carries its JSON
//! path and position like every other scenario mistake (C-3, C-12).

use serde::{de, Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// An integer scenario value checked against `MIN..=MAX` while it is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Bounded<const MIN: u64, const MAX: u64>(pub u64);

impl<'de, const MIN: u64, const MAX: u64> Deserialize<'de> for Bounded<MIN, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = u64::deserialize(d)?;
        if (MIN..=MAX).contains(&v) {
            Ok(Bounded(v))
        } else {
            Err(de::Error::custom(format!(
                "expected an integer from {MIN} to {MAX}, found {v}"
            )))
        }
    }
}

impl<const MIN: u64, const MAX: u64> Default for Bounded<MIN, MAX> {
    fn default() -> Self {
        Bounded(MIN)
    }
}

impl<const MIN: u64, const MAX: u64> Bounded<MIN, MAX> {
    pub fn get(self) -> u64 {
        self.0
    }

    pub fn as_usize(self) -> usize {
        usize::try_from(self.0).unwrap_or(usize::MAX)
    }
}

/// A team's plan, as `/api-team` shows it and the 402 watchlist limit reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schema(as = OutxPlanConfig)]
pub struct OutxPlan {
    /// Plan name shown by `/api-team`.
    #[serde(default = "plan_name")]
    pub name: String,
    /// Watchlists of all four kinds the team may have at once (0..=10000);
    /// one more create answers 402.
    #[serde(default = "watchlist_limit")]
    #[schema(value_type = u64)]
    pub watchlist_limit: Bounded<0, 10_000>,
    /// Seats (1..=1000), shown by `/api-team`.
    #[serde(default = "member_limit")]
    #[schema(value_type = u64)]
    pub member_limit: Bounded<1, 1_000>,
    /// The plan runs out this many days after the clock's start (0..=36500).
    #[serde(default = "expires_in_days")]
    #[schema(value_type = u64)]
    pub expires_in_days: Bounded<0, 36_500>,
}

impl Default for OutxPlan {
    fn default() -> Self {
        OutxPlan {
            name: plan_name(),
            watchlist_limit: watchlist_limit(),
            member_limit: member_limit(),
            expires_in_days: expires_in_days(),
        }
    }
}

fn plan_name() -> String {
    "Pro".into()
}
fn watchlist_limit() -> Bounded<0, 10_000> {
    Bounded(10)
}
fn member_limit() -> Bounded<1, 1_000> {
    Bounded(5)
}
fn expires_in_days() -> Bounded<0, 36_500> {
    Bounded(365)
}

/// What a team member may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = OutxRoleConfig)]
pub enum OutxRole {
    /// LinkedIn actions run on the oldest admin's account.
    Admin,
    #[default]
    Member,
}

/// One member of a team. With no members listed, a team has one admin,
/// `admin@<team id>.outx.test`. Each member's LinkedIn account is
/// `outx:<team id>:<email>` in the shared LinkedIn model (its own member
/// profile is generated from that name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schema(as = OutxMemberConfig)]
pub struct OutxMember {
    /// The address `/api-like` and `/api-comment` name in `user_email`.
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde(default)]
    pub role: OutxRole,
    /// Days before the clock's start the member joined (0..=36500); the
    /// admin who joined first is the one whose LinkedIn account acts.
    #[serde(default)]
    #[schema(value_type = u64)]
    pub joined_days_ago: Bounded<0, 36_500>,
}

/// One-time-code login (`auth-send-otp`, `auth-verify-otp`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schema(as = OutxOtpConfig)]
pub struct OutxOtp {
    /// Every code sent is this one (6 digits); absent, codes are drawn from
    /// the seed and read back with `GET /__admin/outx/otp?email=`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub fixed_code: Option<OtpCode>,
    /// Whether the team a first login creates has an active plugin (so its
    /// key works at once) or none (its key then answers OX-PLUGIN's 403).
    #[serde(default = "yes")]
    pub new_team_plugin_active: bool,
}

impl Default for OutxOtp {
    fn default() -> Self {
        OutxOtp {
            fixed_code: None,
            new_team_plugin_active: true,
        }
    }
}

fn yes() -> bool {
    true
}

/// Six ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct OtpCode(pub String);

impl<'de> Deserialize<'de> for OtpCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(OtpCode(s))
        } else {
            Err(de::Error::custom(format!(
                "expected a code of 6 digits, found {s:?}"
            )))
        }
    }
}

/// How watchlists collect posts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schema(as = OutxFeedConfig)]
pub struct OutxFeed {
    /// Posts a keyword or Reddit watchlist collects per fetch (1..=100); a
    /// people or company watchlist collects what its members published since
    /// the last fetch, at most this many per tracked member.
    #[serde(default = "posts_per_batch")]
    #[schema(value_type = u64)]
    pub posts_per_batch: Bounded<1, 100>,
    /// Posts kept per watchlist (1..=100000); the oldest go first.
    #[serde(default = "max_posts_per_watchlist")]
    #[schema(value_type = u64)]
    pub max_posts_per_watchlist: Bounded<1, 100_000>,
    /// Seconds after `/api-like` or `/api-comment` until the action shows in
    /// `/api-interactions` (0..=86400).
    #[serde(default = "engagement_delay")]
    #[schema(value_type = u64)]
    pub engagement_delay_seconds: Bounded<0, 86_400>,
    /// Seconds after a prompt-mode create or update until its keywords and
    /// labels appear (0..=3600).
    #[serde(default = "prompt_delay")]
    #[schema(value_type = u64)]
    pub prompt_delay_seconds: Bounded<0, 3_600>,
}

impl Default for OutxFeed {
    fn default() -> Self {
        OutxFeed {
            posts_per_batch: posts_per_batch(),
            max_posts_per_watchlist: max_posts_per_watchlist(),
            engagement_delay_seconds: engagement_delay(),
            prompt_delay_seconds: prompt_delay(),
        }
    }
}

fn posts_per_batch() -> Bounded<1, 100> {
    Bounded(5)
}
fn max_posts_per_watchlist() -> Bounded<1, 100_000> {
    Bounded(1_000)
}
fn engagement_delay() -> Bounded<0, 86_400> {
    Bounded(30)
}
fn prompt_delay() -> Bounded<0, 3_600> {
    Bounded(5)
}

/// LinkedIn's invitation limit on the acting admin's account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schema(as = OutxInvitationsConfig)]
pub struct OutxInvitations {
    /// Connection requests per rolling 7 days (0..=10000); one more answers 429.
    #[serde(default = "per_week")]
    #[schema(value_type = u64)]
    pub per_week: Bounded<0, 10_000>,
}

impl Default for OutxInvitations {
    fn default() -> Self {
        OutxInvitations {
            per_week: per_week(),
        }
    }
}

fn per_week() -> Bounded<0, 10_000> {
    Bounded(100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_values_outside_their_range_are_refused() {
        assert!(serde_json::from_str::<Bounded<1, 100>>("0").is_err());
        assert!(serde_json::from_str::<Bounded<1, 100>>("101").is_err());
        assert!(serde_json::from_str::<Bounded<1, 100>>("-1").is_err());
        assert_eq!(
            serde_json::from_str::<Bounded<1, 100>>("100")
                .ok()
                .map(Bounded::get),
            Some(100)
        );
    }

    #[test]
    fn otp_codes_are_six_digits() {
        assert!(serde_json::from_str::<OtpCode>("\"123456\"").is_ok());
        for bad in ["\"12345\"", "\"1234567\"", "\"12345a\"", "123456"] {
            assert!(serde_json::from_str::<OtpCode>(bad).is_err(), "{bad}");
        }
    }
}
