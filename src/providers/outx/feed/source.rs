//! Where a watchlist's posts come from. LinkedIn posts (keyword, people and
//! company watchlists) are the shared LinkedIn model's posts, so a post's URN
//! is the one ConnectSafely and Atomus show and like-post acts on; Reddit
//! posts are OutX's own, generated here from (watchlist, fetch, index).

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::{Post, PostAuthor};
use crate::providers::outx::watchlists::{KeywordRule, Watchlist};

/// The LinkedIn side of the feed.
pub trait Source {
    /// Up to `n` posts published in `window` (start exclusive, end inclusive)
    /// that match one of the watchlist's keyword rules; `salt` tells fetches
    /// apart.
    fn keyword_posts(
        &self,
        w: &Watchlist,
        window: (DateTime<Utc>, DateTime<Utc>),
        n: usize,
        salt: u64,
    ) -> Vec<Post>;

    /// What the watchlist's people or companies published in `window`, at
    /// most `n` each.
    fn tracked_posts(
        &self,
        w: &Watchlist,
        window: (DateTime<Utc>, DateTime<Utc>),
        n: usize,
    ) -> Vec<Post>;
}

/// OutX's id for a post in a watchlist: a UUID derived from both, so the same
/// post collected twice keeps one id and two watchlists never share one.
pub fn post_id(watchlist: Uuid, key: &str) -> Uuid {
    let mut buf = watchlist.as_bytes().to_vec();
    buf.extend_from_slice(key.as_bytes());
    let bytes = xxhash_rust::xxh3::xxh3_128(&buf).to_le_bytes();
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// A point inside `window` for item `i` of `n`, spread evenly, never at its
/// open start.
pub fn spread(window: (DateTime<Utc>, DateTime<Utc>), i: usize, n: usize) -> DateTime<Utc> {
    let span = (window.1 - window.0).num_milliseconds().max(1);
    let n = i64::try_from(n.max(1)).unwrap_or(1);
    let i = i64::try_from(i).unwrap_or(0);
    window.0 + Duration::milliseconds(span * (i + 1) / n)
}

/// The labels a post carries: the watchlist's default labels on every other
/// post, so label filters have something to find.
pub fn tags_for(w: &Watchlist, i: usize) -> Vec<String> {
    if w.labels.is_empty() {
        return Vec::new();
    }
    let label = &w.labels[i % w.labels.len()];
    if i.is_multiple_of(2) {
        vec![label.key.clone()]
    } else {
        Vec::new()
    }
}

const SUBREDDITS: [&str; 6] = [
    "startups",
    "SaaS",
    "Entrepreneur",
    "smallbusiness",
    "sales",
    "marketing",
];

/// A Reddit post body that satisfies `rule` (contains its keyword and its
/// required words, none of its excluded ones).
fn reddit_text(rule: &KeywordRule, n: u64) -> String {
    let mut s = match n % 3 {
        0 => format!("Has anyone here tried something for {}?", rule.keyword),
        1 => format!("Looking for advice on {} for a small team.", rule.keyword),
        _ => format!("Our experience with {} after six months.", rule.keyword),
    };
    let required: Vec<&String> = if rule.include_all_required {
        rule.required_keywords.iter().collect()
    } else {
        rule.required_keywords.iter().take(1).collect()
    };
    for r in required {
        s.push_str(&format!(" Ideally {r}."));
    }
    s
}

/// Reddit posts for a keyword or prompt watchlist: `n` per fetch, round-robin
/// over its keywords.
pub fn reddit_posts(
    w: &Watchlist,
    window: (DateTime<Utc>, DateTime<Utc>),
    n: usize,
    salt: u64,
) -> Vec<Post> {
    if w.keywords.is_empty() {
        return Vec::new();
    }
    (0..n)
        .map(|i| {
            let rule = &w.keywords[i % w.keywords.len()];
            let h = xxhash_rust::xxh3::xxh3_64(
                format!("{}:{salt}:{i}:{}", w.id, rule.keyword).as_bytes(),
            );
            let sub = SUBREDDITS[(h % SUBREDDITS.len() as u64) as usize];
            let user = format!("u_{:08x}", h >> 32);
            let key = format!("reddit:{h:016x}");
            Post {
                id: post_id(w.id, &key),
                watchlist_id: w.id,
                linkedin_post_url: format!(
                    "https://www.reddit.com/r/{sub}/comments/{:07x}/",
                    h & 0xfff_ffff
                ),
                content: reddit_text(rule, h),
                created_at: spread(window, i, n).timestamp_millis(),
                likes_count: h % 400,
                shares_count: 0,
                comments_count: (h >> 8) % 60,
                bookmark: false,
                post_type: "text".into(),
                linkedin_post_urn: None,
                social_urn: None,
                language: "en".into(),
                tags: tags_for(w, i),
                keyword: Some(rule.keyword.clone()),
                videos: None,
                source: "reddit",
                author: PostAuthor {
                    name: user.clone(),
                    slug: user.clone(),
                    headline: format!("r/{sub}"),
                    author_type: "reddit_user",
                    url: Some(format!("https://www.reddit.com/user/{user}")),
                    seniority_level: None,
                    company_slug: None,
                },
                interacted: false,
            }
        })
        .collect()
}

/// The LinkedIn side of the feed, from the world's shared LinkedIn model.
pub struct WorldSource<'w>(pub &'w crate::state::World);

impl Source for WorldSource<'_> {
    fn keyword_posts(
        &self,
        w: &Watchlist,
        window: (DateTime<Utc>, DateTime<Utc>),
        n: usize,
        salt: u64,
    ) -> Vec<Post> {
        crate::providers::outx::li::keyword_feed(self.0, w, window.1, n, salt)
    }

    fn tracked_posts(
        &self,
        w: &Watchlist,
        window: (DateTime<Utc>, DateTime<Utc>),
        n: usize,
    ) -> Vec<Post> {
        crate::providers::outx::li::tracked_feed(self.0, w, window, n)
    }
}
