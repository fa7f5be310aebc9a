//! The scenario's `linkedin` section: how big the generated LinkedIn is.
//! Every number has a documented bound, checked at load (C-12), so no
//! value can make a request slow or memory grow without bound.

use serde::{de, Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// Sizes of the generated LinkedIn shared by every provider (SPEC G-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LinkedInConfig {
    /// 1st-degree connections each account starts with (0–10,000; default 250).
    /// `connected-*` handles are connected on top of these.
    #[serde(
        default = "defaults::connections",
        deserialize_with = "within::<0, 10_000, _>"
    )]
    pub connections_per_account: u32,
    /// Pending received invitations each account starts with (0–1,000; default 5).
    #[serde(
        default = "defaults::invitations",
        deserialize_with = "within::<0, 1_000, _>"
    )]
    pub received_invitations_per_account: u32,
    /// Conversations (with connections) each account starts with (0–100; default 3).
    #[serde(
        default = "defaults::conversations",
        deserialize_with = "within::<0, 100, _>"
    )]
    pub conversations_per_account: u32,
    /// Posts a member writes per 30 days on average (0–300; default 4; a
    /// quarter of members never post, the rest at ½×, 1× or 2× this).
    #[serde(
        default = "defaults::member_posts",
        deserialize_with = "within::<0, 300, _>"
    )]
    pub member_posts_per_month: u32,
    /// Posts a company page writes per 30 days on average (0–300; default 12).
    #[serde(
        default = "defaults::company_posts",
        deserialize_with = "within::<0, 300, _>"
    )]
    pub company_posts_per_month: u32,
    /// Members of the largest group (1–100,000; default 5,000); group sizes
    /// spread from 1 up to this.
    #[serde(
        default = "defaults::group_members",
        deserialize_with = "within::<1, 100_000, _>"
    )]
    pub max_group_members: u32,
    /// Comments of the most commented generated post (0–1,000; default 40).
    #[serde(
        default = "defaults::comments",
        deserialize_with = "within::<0, 1_000, _>"
    )]
    pub max_comments_per_post: u32,
}

impl Default for LinkedInConfig {
    fn default() -> Self {
        LinkedInConfig {
            connections_per_account: defaults::connections(),
            received_invitations_per_account: defaults::invitations(),
            conversations_per_account: defaults::conversations(),
            member_posts_per_month: defaults::member_posts(),
            company_posts_per_month: defaults::company_posts(),
            max_group_members: defaults::group_members(),
            max_comments_per_post: defaults::comments(),
        }
    }
}

mod defaults {
    pub fn connections() -> u32 {
        250
    }
    pub fn invitations() -> u32 {
        5
    }
    pub fn conversations() -> u32 {
        3
    }
    pub fn member_posts() -> u32 {
        4
    }
    pub fn company_posts() -> u32 {
        12
    }
    pub fn group_members() -> u32 {
        5_000
    }
    pub fn comments() -> u32 {
        40
    }
}

/// A whole number in `LO..=HI`, with a message naming both bounds.
fn within<'de, const LO: u32, const HI: u32, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = f64::deserialize(d)?;
    if v.fract() != 0.0 || v < f64::from(LO) || v > f64::from(HI) {
        return Err(de::Error::custom(format!(
            "expected a whole number from {LO} to {HI}, found {v}"
        )));
    }
    Ok(v as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_outside_their_bounds_are_refused_with_the_bounds() {
        let e = serde_json::from_str::<LinkedInConfig>(r#"{"connectionsPerAccount": 10001}"#)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("from 0 to 10000"), "{e}");
        assert!(serde_json::from_str::<LinkedInConfig>(r#"{"maxGroupMembers": 0}"#).is_err());
        assert!(serde_json::from_str::<LinkedInConfig>(r#"{"postsPerMonth": 1}"#).is_err());
        let ok: LinkedInConfig =
            serde_json::from_str(r#"{"connectionsPerAccount": 10000}"#).unwrap_or_default();
        assert_eq!(ok.connections_per_account, 10_000);
        assert_eq!(ok.max_group_members, 5_000);
    }
}
