//! Posts and their comments: a member's or company's posts are a
//! deterministic series on the virtual clock.
//!
//! Each author posts at a steady rate of their own (some never post): post
//! `n` of an author appears at `EPOCH + phase + n × interval` (plus a little
//! jitter that keeps the order), so new posts appear as the clock moves and
//! a post, once out, never changes. Its id spells (author, n) (see
//! [`ids::activity_id`]), so a post is found again from its URN alone. A
//! post's generated comments are written by other (generated) members at
//! fixed times after it; those already written at `now` are the visible ones.
//! What accounts add (reactions, comments, own posts) lives in the network
//! and is laid over these by [`super::LinkedIn`].

use chrono::{DateTime, Duration, TimeZone, Utc};
use fake::rand::rngs::ChaCha8Rng;
use fake::rand::seq::IndexedRandom;
use fake::rand::{RngExt, SeedableRng};

use super::ids::{self, AuthorRef};

/// Posts before this instant do not exist (every series starts here).
pub fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The reactions LinkedIn offers (ConnectSafely's `reactionType` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReactionType {
    Like,
    Praise,
    Empathy,
    Interest,
    Appreciation,
    Entertainment,
}

impl ReactionType {
    pub const ALL: [ReactionType; 6] = [
        ReactionType::Like,
        ReactionType::Praise,
        ReactionType::Empathy,
        ReactionType::Interest,
        ReactionType::Appreciation,
        ReactionType::Entertainment,
    ];

    /// `LIKE`, `PRAISE`, …
    pub fn as_str(self) -> &'static str {
        match self {
            ReactionType::Like => "LIKE",
            ReactionType::Praise => "PRAISE",
            ReactionType::Empathy => "EMPATHY",
            ReactionType::Interest => "INTEREST",
            ReactionType::Appreciation => "APPRECIATION",
            ReactionType::Entertainment => "ENTERTAINMENT",
        }
    }

    /// Parses `LIKE`, `like`, … (None for anything else).
    pub fn parse(s: &str) -> Option<ReactionType> {
        ReactionType::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s))
    }
}

/// What a post carries besides text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    None,
    Image,
    Video,
    Article,
    Document,
    Poll,
}

impl Media {
    /// OutX-style `post_type` word: `text`, `image`, `video`, `article`, `document`, `poll`.
    pub fn as_str(self) -> &'static str {
        match self {
            Media::None => "text",
            Media::Image => "image",
            Media::Video => "video",
            Media::Article => "article",
            Media::Document => "document",
            Media::Poll => "poll",
        }
    }
}

/// A post as every provider sees it; counts include what accounts did.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub id: u64,
    pub author: AuthorRef,
    /// Author's display name (member full name or company name).
    pub author_name: String,
    /// Member headline or company tagline.
    pub author_headline: String,
    /// The author's URN (`urn:li:fsd_profile:…` or `urn:li:organization:…`).
    pub author_urn: String,
    pub text: String,
    pub posted_at: DateTime<Utc>,
    /// Reactions of every kind (generated plus accounts').
    pub num_likes: u32,
    /// Comments visible now (generated so far plus accounts').
    pub num_comments: u32,
    pub num_shares: u32,
    pub is_repost: bool,
    pub media: Media,
    pub hashtags: Vec<String>,
    /// Written by an account through the API (`/posts/create`).
    pub own: bool,
}

impl Post {
    /// `urn:li:activity:<id>`.
    pub fn urn(&self) -> String {
        ids::activity_urn(self.id)
    }

    /// `https://www.linkedin.com/feed/update/urn:li:activity:<id>/`.
    pub fn url(&self) -> String {
        format!("https://www.linkedin.com/feed/update/{}/", self.urn())
    }

    /// The share URL form `https://www.linkedin.com/posts/<author>_<words>-activity-<id>-<tag>`.
    pub fn share_url(&self) -> String {
        let who = match &self.author {
            AuthorRef::Member(h) => h.clone(),
            AuthorRef::Company(s) => s.clone(),
        };
        let words: Vec<String> = self
            .text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(6)
            .map(str::to_ascii_lowercase)
            .collect();
        let tag = ids::base36(ids::mix(self.id, 7) % 1_679_616, 4);
        format!(
            "https://www.linkedin.com/posts/{who}_{}-activity-{}-{tag}",
            words.join("-"),
            self.id
        )
    }
}

/// A comment on a post.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// Numeric comment id (unique within the process).
    pub id: u64,
    pub post_id: u64,
    /// The commenting member's handle.
    pub author: String,
    pub text: String,
    pub created_at: DateTime<Utc>,
    /// The account that wrote it through the API, if any.
    pub by_account: Option<String>,
}

impl Comment {
    /// `urn:li:comment:(activity:<post>,<comment>)`, LinkedIn's form.
    pub fn urn(&self) -> String {
        format!("urn:li:comment:(activity:{},{})", self.post_id, self.id)
    }
}

/// When an author's posts appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Series {
    /// None: this author never posts.
    interval: Option<Duration>,
    phase: Duration,
    key: u64,
}

impl Series {
    /// The series of `author` when authors post `per_month` times per 30
    /// days on average: a quarter never post, the rest at ½×, 1× or 2× that.
    pub fn of(seed: u64, author: &AuthorRef, per_month: u32) -> Series {
        let key = match author {
            AuthorRef::Member(h) => ids::hash(seed, &["posts", "m", h]),
            AuthorRef::Company(s) => ids::hash(seed, &["posts", "c", s]),
        };
        let factor = [0.0, 0.5, 1.0, 2.0][(key % 4) as usize];
        let rate = f64::from(per_month) * factor;
        let interval = (rate > 0.0).then(|| {
            let ms = (30.0 * 86_400_000.0 / rate).max(3_600_000.0) as i64;
            Duration::milliseconds(ms)
        });
        let phase = interval.map_or(Duration::zero(), |i| {
            Duration::milliseconds((ids::mix(key, 1) % i.num_milliseconds().max(1) as u64) as i64)
        });
        Series {
            interval,
            phase,
            key,
        }
    }

    /// When post `n` appears.
    pub fn time_of(&self, n: u32) -> Option<DateTime<Utc>> {
        let i = self.interval?;
        let jitter = (ids::mix(self.key, u64::from(n) + 2)
            % (i.num_milliseconds() as u64 / 2).max(1)) as i64;
        epoch()
            .checked_add_signed(self.phase)?
            .checked_add_signed(i.checked_mul(i32::try_from(n).ok()?)?)?
            .checked_add_signed(Duration::milliseconds(jitter))
    }

    /// Number of the newest post out at `now`, if any.
    pub fn latest(&self, now: DateTime<Utc>) -> Option<u32> {
        let i = self.interval?;
        let since = (now - epoch() - self.phase).num_milliseconds();
        if since < 0 {
            return None;
        }
        let mut n = u32::try_from(since / i.num_milliseconds().max(1))
            .unwrap_or(u32::MAX)
            .min(ids::OWN_POST_FIRST - 1);
        // Jitter may hold back the newest one.
        while self.time_of(n).is_none_or(|t| t > now) {
            n = n.checked_sub(1)?;
        }
        Some(n)
    }
}

const COMMENTS: &[&str] = &[
    "Great insights, thanks for sharing!",
    "Congratulations, well deserved!",
    "This is so true.",
    "Interesting perspective. How did you measure the impact?",
    "Thanks for putting this together.",
    "Couldn't agree more.",
    "Saving this for later.",
    "Love this! Would be great to chat more about it.",
    "Very helpful, especially the second point.",
    "Exciting times ahead!",
    "Well said.",
    "code please",
    "Insightful post, thank you.",
    "We saw the same thing in our team.",
];

const OPENERS: &[&str] = &[
    "Excited to share that",
    "A lesson I keep relearning:",
    "Big news:",
    "After months of work,",
    "Hot take:",
    "Three things I learned this quarter:",
    "We're hiring!",
    "Grateful for this team:",
    "What I wish I knew earlier:",
];

const HASHTAGS: &[&str] = &[
    "leadership",
    "hiring",
    "ai",
    "sales",
    "marketing",
    "startups",
    "engineering",
    "productmanagement",
    "growth",
    "careers",
    "data",
    "saas",
];

/// The generated part of post `n` of `author`: text, media, base counts.
/// Authors' names and accounts' additions are filled in by the caller.
pub fn generate(
    seed: u64,
    author: &AuthorRef,
    n: u32,
    posted_at: DateTime<Utc>,
    max_comments: u32,
) -> Post {
    let id = ids::activity_id(author, n);
    let mut rng = ChaCha8Rng::seed_from_u64(ids::mix(seed, id));
    let opener = OPENERS.choose(&mut rng).copied().unwrap_or(OPENERS[0]);
    let bs = super::text::bs(&mut rng);
    let catch = super::text::catch_phrase(&mut rng);
    let tags: Vec<String> = (0..rng.random_range(0..=3))
        .filter_map(|_| HASHTAGS.choose(&mut rng).map(|t| t.to_string()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut text = format!("{opener} we {bs}. {catch}.");
    // A member a keyword search found writes about those words too, so a
    // search of posts by keyword (OutX's keyword watchlists) finds posts
    // whose text holds them, the same text on every provider.
    if let AuthorRef::Member(h) = author {
        if let Some(k) = super::members::traits_of(h).and_then(|t| t.keywords.clone()) {
            text = format!("{k}: {text}");
        }
    }
    if !tags.is_empty() {
        text.push_str("\n\n");
        text.push_str(
            &tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    let popularity: f64 = rng.random_range(0.0..1.0f64);
    let num_likes = (popularity.powi(3) * 2000.0) as u32 + rng.random_range(0..20);
    let media = *[
        Media::None,
        Media::None,
        Media::Image,
        Media::Image,
        Media::Video,
        Media::Article,
        Media::Document,
        Media::Poll,
    ]
    .choose(&mut rng)
    .unwrap_or(&Media::None);
    Post {
        id,
        author: author.clone(),
        author_name: String::new(),
        author_headline: String::new(),
        author_urn: String::new(),
        text,
        posted_at,
        num_likes,
        num_comments: comment_total(seed, id, max_comments),
        num_shares: num_likes / rng.random_range(8..40),
        is_repost: rng.random_bool(0.1),
        media,
        hashtags: tags,
        own: false,
    }
}

/// How many comments post `id` gets in all (they appear over its first days).
pub fn comment_total(seed: u64, id: u64, max_comments: u32) -> u32 {
    let r = ids::mix(seed ^ 0xc0, id) % 1000;
    // Most posts get a few comments, some many.
    ((r * r) as f64 / 1_000_000.0 * f64::from(max_comments)) as u32
}

/// Generated comment `j` of post `id`: by a generated member, some time after the post.
pub fn generated_comment(seed: u64, id: u64, posted_at: DateTime<Utc>, j: u32) -> Comment {
    let h = ids::mix(seed ^ 0xc1, id ^ (u64::from(j) << 40));
    // Comments come minutes to hours apart, in order.
    let at = posted_at + Duration::minutes(i64::from(j) * 37 + (h % 30) as i64 + 3);
    Comment {
        id: comment_id(id, j),
        post_id: id,
        author: super::members::generated_handle(seed, h),
        text: COMMENTS[(h % COMMENTS.len() as u64) as usize].to_string(),
        created_at: at,
        by_account: None,
    }
}

/// Comment ids: 19 digits from (post, number); accounts' comments number
/// from [`OWN_COMMENT_FIRST`] on.
pub fn comment_id(post_id: u64, j: u32) -> u64 {
    6_000_000_000_000_000_000
        + (ids::mix(post_id, 0) % 1_000_000_000_000) * 1_000_000
        + u64::from(j) % 1_000_000
}

/// Numbers of comments written by accounts start here.
pub const OWN_COMMENT_FIRST: u32 = 900_000;

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn a_series_is_time_ordered_and_grows_with_the_clock() {
        let author = AuthorRef::Member("jane-roe".into());
        // Find an author who posts (a quarter never do).
        let s = (0..20)
            .map(|seed| Series::of(seed, &author, 8))
            .find(|s| s.interval.is_some())
            .expect("someone posts");
        let now = at("2024-06-01T00:00:00Z");
        let n = s.latest(now).expect("posts by 2024");
        assert!(s.time_of(n).is_some_and(|t| t <= now));
        assert!(s.time_of(n + 1).is_some_and(|t| t > now));
        for k in 1..=n.min(50) {
            assert!(s.time_of(k - 1) < s.time_of(k), "ordered");
        }
        let later = now + Duration::days(90);
        assert!(
            s.latest(later) > Some(n),
            "new posts appear as the clock moves"
        );
    }

    #[test]
    fn a_post_is_a_pure_function_of_its_author_and_number() {
        let a = AuthorRef::Company("acme".into());
        let t = at("2024-01-01T00:00:00Z");
        assert_eq!(generate(1, &a, 3, t, 30), generate(1, &a, 3, t, 30));
        assert_ne!(
            generate(1, &a, 3, t, 30).text,
            generate(1, &a, 4, t, 30).text
        );
        assert!(comment_total(1, 99, 30) <= 30);
    }

    #[test]
    fn generated_comments_come_in_order_after_the_post() {
        let t = at("2024-01-01T00:00:00Z");
        let c: Vec<Comment> = (0..5).map(|j| generated_comment(1, 7, t, j)).collect();
        assert!(c.windows(2).all(|w| w[0].created_at < w[1].created_at));
        assert!(c[0].created_at > t);
        assert_ne!(c[0].id, c[1].id);
    }
}
