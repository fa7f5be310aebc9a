//! What the posts and groups routes keep per LinkedIn account that is
//! ConnectSafely's own rather than LinkedIn's: the daily COMMENT and
//! GROUP_MEMBERS budgets (G-4) and the upload assets handed out by
//! `/posts/upload/init` (catalog §5.10). Posts, comments, reactions and
//! group memberships themselves live in the shared LinkedIn model. Plain
//! data and functions of `now`; the caller holds the account's lock around
//! each call so that check and count are one step (C-6).

use std::collections::{HashMap, VecDeque};

use actix_web::http::StatusCode;
use chrono::{DateTime, Duration, Utc};

use super::error::CsError;
use super::logic::Usage;
use crate::clock::{iso, next_midnight, start_of_day};
use crate::scenario::CsLimits;

/// The scenario's limits for these routes, in the units the rules use.
#[derive(Debug, Clone)]
pub struct ContentLimits {
    pub comments_per_day: u32,
    pub group_members_per_day: u32,
    pub document_processing: Duration,
}

impl ContentLimits {
    pub fn from_scenario(l: &CsLimits) -> ContentLimits {
        ContentLimits {
            comments_per_day: l.comments_per_day,
            group_members_per_day: l.group_members_per_day,
            document_processing: Duration::milliseconds(
                (l.document_processing_seconds.0 * 1000.0).round() as i64,
            ),
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

/// An asset handed out by `/posts/upload/init`.
#[derive(Debug, Clone)]
pub struct Asset {
    pub urn: String,
    pub kind: MediaKind,
    pub file_size: u64,
    pub created_at: DateTime<Utc>,
    /// Number of parts for a MULTIPART upload; 0 for SINGLE.
    pub parts: u64,
    /// A MULTIPART upload is usable once `/posts/upload/complete` was called.
    pub completed: bool,
    /// An asset goes into one post only.
    pub used: bool,
}

impl Asset {
    pub fn multipart(&self) -> bool {
        self.parts > 0
    }

    pub fn artifact_urn(&self) -> String {
        format!(
            "urn:li:digitalmediaMediaArtifact:({},urn:li:digitalmediaMediaArtifactClass:uploadedVideo)",
            self.urn
        )
    }

    /// Documents are rasterized for `processing` after upload; everything
    /// else is ready at once (a MULTIPART video once completed).
    pub fn ready(&self, now: DateTime<Utc>, processing: Duration) -> bool {
        match self.kind {
            MediaKind::Document => now >= self.created_at + processing,
            _ => !self.multipart() || self.completed,
        }
    }
}

/// Assets kept per account; the oldest is forgotten past this.
const MAX_ASSETS: usize = 10_000;

#[derive(Debug, Default)]
pub struct ContentState {
    pub comments: Daily,
    pub group_members: Daily,
    assets: HashMap<String, Asset>,
    order: VecDeque<String>,
}

impl ContentState {
    pub fn add_asset(&mut self, asset: Asset) {
        if self.order.len() >= MAX_ASSETS {
            if let Some(old) = self.order.pop_front() {
                self.assets.remove(&old);
            }
        }
        self.order.push_back(asset.urn.clone());
        self.assets.insert(asset.urn.clone(), asset);
    }

    /// An asset of this account by its URN, or by its artifact URN.
    pub fn asset(&self, urn: &str) -> Option<&Asset> {
        self.assets
            .get(urn)
            .or_else(|| self.assets.get(artifact_asset(urn)?))
    }

    /// `/posts/upload/complete`: every part must have been stored (a 2xx
    /// per part, as many as were handed out).
    pub fn complete(&mut self, artifact: &str, statuses: &[u64]) -> Result<(), CsError> {
        let not_found = || {
            CsError::bare(
                StatusCode::NOT_FOUND,
                format!("Upload not found: {artifact}"),
            )
        };
        let urn = artifact_asset(artifact).unwrap_or(artifact).to_string();
        let asset = self.assets.get_mut(&urn).ok_or_else(not_found)?;
        if !asset.multipart() {
            return Err(CsError::bare(
                StatusCode::BAD_REQUEST,
                format!("Upload is not a multipart upload: {artifact}"),
            ));
        }
        if statuses.len() as u64 != asset.parts {
            return Err(CsError::bare(
                StatusCode::BAD_REQUEST,
                format!(
                    "Expected {} part upload responses, received {}",
                    asset.parts,
                    statuses.len()
                ),
            ));
        }
        if let Some(i) = statuses.iter().position(|s| !(200..300).contains(s)) {
            return Err(CsError::bare(
                StatusCode::BAD_REQUEST,
                format!(
                    "Part {} was not uploaded (httpStatusCode {})",
                    i + 1,
                    statuses[i]
                ),
            ));
        }
        asset.completed = true;
        Ok(())
    }

    /// Takes the asset for a post of `kind`: it must exist, match, be ready
    /// and not be in another post already. Nothing changes on failure.
    pub fn use_assets(
        &mut self,
        urns: &[&str],
        kind: MediaKind,
        now: DateTime<Utc>,
        processing: Duration,
    ) -> Result<(), CsError> {
        let bad = |m: String| CsError::failed(StatusCode::BAD_REQUEST, m);
        for (i, urn) in urns.iter().enumerate() {
            if urns[..i].contains(urn) {
                return Err(bad(format!("Asset listed twice: {urn}")));
            }
            let a = self.assets.get(*urn).ok_or_else(|| {
                CsError::failed(StatusCode::NOT_FOUND, format!("Asset not found: {urn}"))
            })?;
            if a.kind != kind {
                return Err(bad(format!(
                    "Asset {urn} was uploaded as {}, not {}",
                    a.kind.name(),
                    kind.name()
                )));
            }
            if a.used {
                return Err(bad(format!("Asset already used in a post: {urn}")));
            }
            if !a.ready(now, processing) {
                return Err(bad(if a.multipart() && !a.completed {
                    format!("Upload not completed: {urn}")
                } else {
                    format!("Document is still processing: {urn}")
                }));
            }
        }
        for urn in urns {
            if let Some(a) = self.assets.get_mut(*urn) {
                a.used = true;
            }
        }
        Ok(())
    }
}

/// The asset URN inside an artifact URN `urn:li:digitalmediaMediaArtifact:(<asset>,…)`.
fn artifact_asset(urn: &str) -> Option<&str> {
    urn.strip_prefix("urn:li:digitalmediaMediaArtifact:(")?
        .split(',')
        .next()
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

    fn asset(urn: &str, kind: MediaKind, parts: u64, created: &str) -> Asset {
        Asset {
            urn: urn.into(),
            kind,
            file_size: 10,
            created_at: at(created),
            parts,
            completed: false,
            used: false,
        }
    }

    #[test]
    fn a_document_is_usable_only_once_processed_and_only_once() {
        let mut s = ContentState::default();
        s.add_asset(asset("d", MediaKind::Document, 0, "2024-01-15T10:00:00Z"));
        let p = Duration::seconds(10);
        let early = at("2024-01-15T10:00:05Z");
        let late = at("2024-01-15T10:00:10Z");
        assert!(s.use_assets(&["d"], MediaKind::Document, early, p).is_err());
        assert!(s.use_assets(&["d"], MediaKind::Image, late, p).is_err());
        assert!(s.use_assets(&["d"], MediaKind::Document, late, p).is_ok());
        assert!(s.use_assets(&["d"], MediaKind::Document, late, p).is_err());
    }

    #[test]
    fn a_multipart_video_needs_every_part_before_it_can_be_posted() {
        let mut s = ContentState::default();
        let v = asset("v", MediaKind::Video, 3, "2024-01-15T10:00:00Z");
        let artifact = v.artifact_urn();
        s.add_asset(v);
        let now = at("2024-01-15T10:00:00Z");
        let p = Duration::zero();
        assert!(s.use_assets(&["v"], MediaKind::Video, now, p).is_err());
        assert!(s.complete(&artifact, &[200, 200]).is_err());
        assert!(s.complete(&artifact, &[200, 500, 200]).is_err());
        assert!(s.complete("urn:li:nope", &[200]).is_err());
        assert!(s.complete(&artifact, &[200, 201, 200]).is_ok());
        assert!(s.use_assets(&["v"], MediaKind::Video, now, p).is_ok());
    }
}
