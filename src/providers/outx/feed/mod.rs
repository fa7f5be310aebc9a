//! The watchlist feed (outx.md §5, §6 flows 2–3): what each watchlist has
//! collected on the virtual clock, and the team's likes and comments on it.
//!
//! A watchlist fetches once when it is created and then every
//! `fetchFreqInHours` while it is enabled. Fetches are worked out lazily: any
//! request that reads or changes a watchlist first runs the fetches that fell
//! due since the last one (at their own times on the clock), so a test that
//! moves the clock a day sees the day's posts at once. Queued likes and
//! comments carry the time their effect shows; reads filter on it.
//!
//! - `source`: where posts come from (the shared LinkedIn model; Reddit is
//!   OutX's own).
//! - `query`: `/api-posts` filters, sorting and paging.
//! - `routes`: `/api-posts`, `/api-interactions`, `/api-like`, `/api-comment`.

pub mod query;
pub mod routes;
pub mod source;

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::watchlists::{Kind, Watchlist};

/// How far back a watchlist's first fetch looks.
pub const FIRST_FETCH_DAYS: i64 = 7;

/// Interactions one watchlist keeps at most (the oldest go first).
pub const MAX_INTERACTIONS: usize = 10_000;

/// A post as `/api-posts` and `/api-interactions` show it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(as = OutxPost)]
pub struct Post {
    /// OutX's id of this post in this watchlist (the `post_id` of
    /// `/api-like` and `/api-comment`).
    #[serde(serialize_with = "as_string")]
    #[schema(value_type = String, example = "123e4567-e89b-12d3-a456-426614174000")]
    pub id: Uuid,
    #[serde(serialize_with = "as_string")]
    #[schema(value_type = String, example = "550e8400-e29b-41d4-a716-446655440000")]
    pub watchlist_id: Uuid,
    #[schema(example = "https://www.linkedin.com/feed/update/urn:li:activity:7123456789012345678")]
    pub linkedin_post_url: String,
    #[schema(example = "We are hiring a senior Rust engineer (remote).")]
    pub content: String,
    /// Epoch milliseconds.
    #[schema(example = 1705314600000_i64)]
    pub created_at: i64,
    #[schema(example = 42)]
    pub likes_count: u64,
    #[schema(example = 3)]
    pub shares_count: u64,
    #[schema(example = 7)]
    pub comments_count: u64,
    /// Saved by the team.
    pub bookmark: bool,
    /// `article`, `image`, `video`, `poll` or `text`.
    #[schema(example = "text")]
    pub post_type: String,
    /// `urn:li:activity:…` (null for Reddit posts).
    #[schema(required = true, example = "urn:li:activity:7123456789012345678")]
    pub linkedin_post_urn: Option<String>,
    /// The URN likes and comments go to; null when the post cannot take them.
    #[schema(required = true, example = "urn:li:activity:7123456789012345678")]
    pub social_urn: Option<String>,
    #[schema(example = "en")]
    pub language: String,
    /// The watchlist's labels this post carries.
    #[schema(example = json!(["high-intent"]))]
    pub tags: Vec<String>,
    /// The keyword that matched (keyword and Reddit watchlists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyword: Option<String>,
    #[schema(required = true, value_type = Option<Object>, example = json!(null))]
    pub videos: Option<serde_json::Value>,
    /// `linkedin` or `reddit`.
    #[schema(example = "linkedin")]
    pub source: &'static str,
    pub author: PostAuthor,
    /// The team liked or commented on it (once the action took effect).
    pub interacted: bool,
}

fn as_string<S: serde::Serializer>(id: &Uuid, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(id)
}

/// Who wrote a post.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(as = OutxPostAuthor)]
pub struct PostAuthor {
    #[schema(example = "Anandi Devi")]
    pub name: String,
    /// Profile or company-page public id (Reddit: the user name).
    #[schema(example = "anandi-devi")]
    pub slug: String,
    #[schema(example = "Go-To-Market (GTM) Engineer @ ConnectSafely | MBA")]
    pub headline: String,
    /// `person`, `company` or `reddit_user`.
    #[schema(example = "person")]
    pub author_type: &'static str,
    #[schema(required = true, example = "https://www.linkedin.com/in/anandi-devi")]
    pub url: Option<String>,
    /// Seniority derived from the headline (`Director`, `VP`, …); null
    /// when none applies.
    #[schema(required = true, example = "Director")]
    pub seniority_level: Option<String>,
    /// The author's current company page, if any.
    #[schema(required = true, example = "connectsafely")]
    pub company_slug: Option<String>,
}

/// A post as collected, before the team's own marks are laid over it.
#[derive(Debug, Clone, PartialEq)]
pub struct Collected {
    pub posts: VecDeque<Post>,
    pub interactions: VecDeque<Interaction>,
    /// When the next fetch is due; `None` while disabled.
    pub next_fetch_at: Option<DateTime<Utc>>,
    /// When the last fetch ran (the start of the next fetch's window).
    pub last_fetch_at: DateTime<Utc>,
    /// Fetches run so far (salts the generated posts of each fetch).
    pub fetches: u64,
}

impl Collected {
    /// A new watchlist's feed: the first fetch is due at once and looks
    /// back [`FIRST_FETCH_DAYS`], so a new watchlist has posts to show.
    pub fn new(now: DateTime<Utc>) -> Collected {
        Collected {
            posts: VecDeque::new(),
            interactions: VecDeque::new(),
            next_fetch_at: Some(now),
            last_fetch_at: now
                .checked_sub_signed(Duration::days(FIRST_FETCH_DAYS))
                .unwrap_or(now),
            fetches: 0,
        }
    }
}

pub fn hours(h: u64) -> Duration {
    Duration::hours(i64::try_from(h).unwrap_or(72))
}

/// Someone of the team liked or commented on a collected post.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    pub id: String,
    pub task_id: Uuid,
    pub post_id: Uuid,
    pub kind: InteractionKind,
    pub text: Option<String>,
    /// When the queued action takes effect (and its `created_at`).
    pub at: DateTime<Utc>,
    pub actor: Actor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = OutxInteractionType)]
pub enum InteractionKind {
    Like,
    Comment,
}

/// Who acted: a team member, or a company page they administer.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub id: String,
    pub full_name: String,
    pub slug: String,
    pub headline: String,
    /// `user` or `company`.
    pub kind: &'static str,
}

impl Watchlist {
    /// Runs every fetch due by `now`, each at its own time, keeping at most
    /// `max_posts` (newest). Only the fetches whose posts could survive the
    /// cap are generated, so a clock moved a year ahead costs no more than
    /// one full feed.
    pub fn fetch_due(
        &mut self,
        now: DateTime<Utc>,
        per_batch: usize,
        max_posts: usize,
        source: &dyn source::Source,
    ) {
        self.settle_prompt(now);
        let step = hours(self.frequency);
        let Some(mut due) = self.collected.next_fetch_at else {
            return;
        };
        if due > now {
            return;
        }
        let count = 1 + (now - due).num_seconds() / step.num_seconds().max(1);
        let count = u64::try_from(count).unwrap_or(0);
        // A people or company fetch may bring more than `per_batch` posts,
        // but never fewer than one per fetch that finds any; skipping the
        // fetches that could not reach the kept window is safe either way.
        let keep_fetches = u64::try_from(max_posts).unwrap_or(u64::MAX).max(1);
        if count > keep_fetches {
            let skip = count - keep_fetches;
            let skipped = step * i32::try_from(skip).unwrap_or(i32::MAX);
            due += skipped;
            self.collected.last_fetch_at = due - step;
            self.collected.fetches += skip;
        }
        while due <= now {
            let window = (self.collected.last_fetch_at, due);
            let salt = self.collected.fetches;
            let mut fresh = match self.kind {
                Kind::Keyword => source.keyword_posts(self, window, per_batch, salt),
                Kind::Reddit => source::reddit_posts(self, window, per_batch, salt),
                Kind::People | Kind::Company => source.tracked_posts(self, window, per_batch),
            };
            fresh.sort_by_key(|p| p.created_at);
            for p in fresh {
                if !self.collected.posts.iter().any(|q| q.id == p.id) {
                    self.collected.posts.push_back(p);
                }
            }
            while self.collected.posts.len() > max_posts {
                self.collected.posts.pop_front();
            }
            self.collected.fetches += 1;
            self.collected.last_fetch_at = due;
            due += step;
        }
        self.collected.next_fetch_at = Some(due);
    }

    /// Pauses or resumes fetching at `now` (fetches due before it run first).
    pub fn set_disabled(&mut self, disable: bool, now: DateTime<Utc>) {
        if disable == self.disable {
            return;
        }
        self.disable = disable;
        if disable {
            self.collected.next_fetch_at = None;
        } else {
            // Resuming fetches at once, for the time since the pause.
            self.collected.next_fetch_at = Some(now);
        }
    }

    /// A new frequency applies from the last fetch on.
    pub fn set_frequency(&mut self, frequency: u64) {
        self.frequency = frequency;
        if let Some(next) = self.collected.next_fetch_at.as_mut() {
            *next = self.collected.last_fetch_at + hours(frequency);
        }
    }

    /// The posts as the team sees them at `now`: interactions that took
    /// effect raise the counts and set `interacted`.
    pub fn posts_at(&self, now: DateTime<Utc>) -> Vec<Post> {
        self.collected
            .posts
            .iter()
            .map(|p| self.post_at(p, now))
            .collect()
    }

    pub fn post_at(&self, p: &Post, now: DateTime<Utc>) -> Post {
        let mut p = p.clone();
        for i in self
            .collected
            .interactions
            .iter()
            .filter(|i| i.post_id == p.id && i.at <= now)
        {
            p.interacted = true;
            match i.kind {
                InteractionKind::Like => p.likes_count += 1,
                InteractionKind::Comment => p.comments_count += 1,
            }
        }
        p
    }

    /// Queues a like or comment: it shows from `interaction.at` on.
    pub fn record(&mut self, interaction: Interaction) {
        if self.collected.interactions.len() >= MAX_INTERACTIONS {
            self.collected.interactions.pop_front();
        }
        self.collected.interactions.push_back(interaction);
    }
}

/// Records a like-post or comment-post by URN on the team's watchlist posts
/// with that URN (outx.md §6 flow 4), effective at once like the LinkedIn
/// side of the task.
pub fn record_on_watchlists(
    world: &crate::state::World,
    team: &super::teams::Team,
    member: &super::teams::Member,
    urn: &str,
    kind: InteractionKind,
    text: Option<String>,
) {
    routes::record_on(world, team, member, urn, kind, text, world.now());
}
