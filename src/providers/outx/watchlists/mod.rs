//! Watchlists (outx.md §4, §6): the four kinds (keyword, people, company,
//! reddit), their settings, the plan's limit, and the posts and interactions
//! each one has collected. One store per world behind one lock, so a create
//! checks the limit and inserts atomically (C-6) and a delete takes the
//! watchlist's posts and interactions with it.
//!
//! - `input`: body checks and OutX's 400 texts.
//! - `routes`: the eighteen handlers of `/api-{keyword,people,company,reddit}-watchlist`
//!   and `/api-keyword-watchlist-prompt`.

pub mod input;
pub mod routes;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::error::{OutxError, ACCESS_DENIED};
use super::feed::Collected;

/// Watchlists a world keeps at most, whatever the plans allow, so logins in
/// a loop cannot grow memory without bound; past it a create answers 402.
pub const MAX_WATCHLISTS: usize = 2_000;
/// Posts all of a world's watchlists keep together at most (about 150 MiB);
/// past it watchlists stop collecting until some are deleted.
pub const MAX_FEED_POSTS: usize = 200_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = OutxWatchlistType)]
pub enum Kind {
    Keyword,
    People,
    Company,
    Reddit,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Keyword => "keyword",
            Kind::People => "people",
            Kind::Company => "company",
            Kind::Reddit => "reddit",
        }
    }

    /// Default `fetchFreqInHours` (outx.md §2.4).
    pub fn default_frequency(self) -> u64 {
        match self {
            Kind::Reddit => 24,
            _ => 12,
        }
    }

    /// Keyword and Reddit watchlists track keywords; the others members.
    pub fn tracks_keywords(self) -> bool {
        matches!(self, Kind::Keyword | Kind::Reddit)
    }
}

/// One tracked keyword with its rules (the single GET's `keyword_tracking`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = OutxKeywordRule)]
pub struct KeywordRule {
    #[schema(example = "crm")]
    pub keyword: String,
    /// A post must also contain these (all of them with
    /// `include_all_required`, else at least one).
    #[schema(example = json!(["open source"]))]
    pub required_keywords: Vec<String>,
    /// A post containing any of these is left out.
    #[schema(example = json!(["salesforce"]))]
    pub excluded_keywords: Vec<String>,
    pub include_all_required: bool,
}

impl KeywordRule {
    pub fn plain(keyword: String) -> KeywordRule {
        KeywordRule {
            keyword,
            required_keywords: Vec::new(),
            excluded_keywords: Vec::new(),
            include_all_required: false,
        }
    }

    /// Whether `text` satisfies this rule (case-insensitive substring match).
    pub fn matches(&self, text: &str) -> bool {
        let t = text.to_lowercase();
        let has = |w: &String| t.contains(&w.to_lowercase());
        has(&self.keyword)
            && !self.excluded_keywords.iter().any(has)
            && (self.required_keywords.is_empty()
                || if self.include_all_required {
                    self.required_keywords.iter().all(has)
                } else {
                    self.required_keywords.iter().any(has)
                })
    }
}

/// An intent label; GET shows it with `key` (the MCP server sends it back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = OutxLabel)]
pub struct Label {
    #[schema(example = "buying-intent")]
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Shown in the feed by default; at most two are.
    pub default: bool,
}

/// A prompt whose keywords and labels are still being generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingPrompt {
    pub prompt: String,
    pub ready_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Watchlist {
    pub id: Uuid,
    pub team: String,
    pub kind: Kind,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub objective: Option<String>,
    pub created_at: DateTime<Utc>,
    pub frequency: u64,
    pub disable: bool,
    pub slack_webhook_url: Option<String>,
    /// Keyword and Reddit watchlists.
    pub keywords: Vec<KeywordRule>,
    /// People (public ids) or companies (page slugs).
    pub targets: Vec<String>,
    pub labels: Vec<Label>,
    /// The prompt that built the keywords, if any.
    pub prompt: Option<String>,
    pub pending: Option<PendingPrompt>,
    /// Posts and interactions collected so far.
    pub collected: Collected,
}

/// `remote-senior-jobs-550e8400`: the name in kebab case and the id's first
/// eight hex digits (outx.md §2.5).
pub fn slug(name: &str, id: Uuid) -> String {
    let mut kebab = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            kebab.push(c);
        } else if !kebab.is_empty() && !kebab.ends_with('-') {
            kebab.push('-');
        }
        if kebab.len() >= 60 {
            break;
        }
    }
    let kebab = kebab.trim_end_matches('-');
    let hex = id.simple().to_string();
    if kebab.is_empty() {
        format!("watchlist-{}", &hex[..8])
    } else {
        format!("{kebab}-{}", &hex[..8])
    }
}

/// Words a prompt-built watchlist tracks: the prompt's longer words that are
/// not filler, first five, in order. Deterministic, so a test can predict
/// them.
pub fn keywords_from_prompt(prompt: &str) -> Vec<KeywordRule> {
    const FILLER: &[&str] = &[
        "and", "are", "for", "how", "the", "who", "about", "after", "also", "asking", "because",
        "before", "being", "from", "have", "into", "looking", "people", "posts", "should", "that",
        "their", "them", "they", "this", "want", "what", "when", "where", "with",
    ];
    let mut out: Vec<KeywordRule> = Vec::new();
    for w in prompt.split(|c: char| !c.is_alphanumeric()) {
        let w = w.to_lowercase();
        if w.chars().count() >= 3
            && !FILLER.contains(&w.as_str())
            && !out.iter().any(|r| r.keyword == w)
        {
            out.push(KeywordRule::plain(w));
        }
        if out.len() == 5 {
            break;
        }
    }
    if out.is_empty() {
        out.push(KeywordRule::plain(prompt.chars().take(40).collect()));
    }
    out
}

/// Labels a prompt-built watchlist gets (the first two shown by default).
pub fn labels_from_prompt() -> Vec<Label> {
    [
        ("high-intent", "Posts that match the prompt closely", true),
        ("medium-intent", "Posts that match part of the prompt", true),
        ("low-intent", "Posts that only mention a keyword", false),
    ]
    .into_iter()
    .map(|(k, d, default)| Label {
        key: k.into(),
        description: Some(d.into()),
        default,
    })
    .collect()
}

impl Watchlist {
    /// Applies a prompt's generated keywords and labels once they are due.
    pub fn settle_prompt(&mut self, now: DateTime<Utc>) {
        if let Some(p) = self.pending.take() {
            if now >= p.ready_at {
                self.keywords = keywords_from_prompt(&p.prompt);
                self.labels = labels_from_prompt();
                self.prompt = Some(p.prompt);
            } else {
                self.pending = Some(p);
            }
        }
    }
}

/// Every team's watchlists.
#[derive(Debug, Default)]
pub struct Store {
    lists: HashMap<Uuid, Watchlist>,
}

impl Store {
    /// How many watchlists (of every kind) `team` has.
    pub fn count(&self, team: &str) -> usize {
        self.lists.values().filter(|w| w.team == team).count()
    }

    /// Inserts `w` unless its team is at `limit` (402), checked under the
    /// same lock as the insert.
    pub fn create(&mut self, w: Watchlist, limit: u64) -> Result<Uuid, OutxError> {
        let used = self.count(&w.team) as u64;
        if used >= limit || self.lists.len() >= MAX_WATCHLISTS {
            return Err(OutxError::PlanLimit(limit));
        }
        let id = w.id;
        self.lists.entry(id).or_insert(w);
        Ok(id)
    }

    /// Ids of the team's watchlists (of `kind`, if given), oldest first.
    pub fn ids(&self, team: &str, kind: Option<Kind>) -> Vec<Uuid> {
        let mut v: Vec<&Watchlist> = self
            .lists
            .values()
            .filter(|w| w.team == team && kind.is_none_or(|k| w.kind == k))
            .collect();
        v.sort_by_key(|w| (w.created_at, w.id));
        v.into_iter().map(|w| w.id).collect()
    }

    pub fn by_id(&self, id: Uuid) -> Option<&Watchlist> {
        self.lists.get(&id)
    }

    pub fn by_id_mut(&mut self, id: Uuid) -> Option<&mut Watchlist> {
        self.lists.get_mut(&id)
    }

    /// Posts watchlist `id` may hold within [`MAX_FEED_POSTS`], given what
    /// the others hold.
    pub fn room(&self, id: Uuid) -> usize {
        let others: usize = self
            .lists
            .values()
            .filter(|w| w.id != id)
            .map(|w| w.collected.posts.len())
            .sum();
        MAX_FEED_POSTS.saturating_sub(others)
    }

    /// Every watchlist of the team, any kind, oldest first.
    pub fn all_of(&mut self, team: &str) -> Vec<&mut Watchlist> {
        let mut v: Vec<&mut Watchlist> =
            self.lists.values_mut().filter(|w| w.team == team).collect();
        v.sort_by_key(|w| (w.created_at, w.id));
        v
    }

    /// The watchlist `id` of `kind`: 404 when there is none (or it is of
    /// another kind), 403 when another team owns it.
    pub fn find(&self, id: &str, team: &str, kind: Option<Kind>) -> Result<Uuid, OutxError> {
        let not_found = || OutxError::NotFound("Watchlist not found".into());
        let id = Uuid::try_parse(id).map_err(|_| not_found())?;
        let w = self.lists.get(&id).ok_or_else(not_found)?;
        if kind.is_some_and(|k| k != w.kind) {
            return Err(not_found());
        }
        if w.team != team {
            return Err(OutxError::Forbidden(ACCESS_DENIED));
        }
        Ok(id)
    }

    /// Removes the watchlist with its posts and interactions.
    pub fn delete(&mut self, id: &str, team: &str, kind: Kind) -> Result<Watchlist, OutxError> {
        let uuid = self.find(id, team, Some(kind))?;
        self.lists
            .remove(&uuid)
            .ok_or_else(|| OutxError::NotFound("Watchlist not found".into()))
    }

    /// Finds a collected post by its OutX id among the team's watchlists.
    pub fn find_post(&mut self, team: &str, post_id: Uuid) -> Option<(&mut Watchlist, usize)> {
        self.lists
            .values_mut()
            .filter(|w| w.team == team)
            .find_map(|w| {
                let i = w.collected.posts.iter().position(|p| p.id == post_id)?;
                Some((w, i))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_the_kebab_name_and_eight_hex_digits() {
        let id = Uuid::parse_str("550e8400-e29b-41d4-a716-446655440000").unwrap();
        assert_eq!(
            slug("Remote Senior Jobs", id),
            "remote-senior-jobs-550e8400"
        );
        assert_eq!(slug("  AI / CRM!! ", id), "ai-crm-550e8400");
        assert_eq!(slug("", id), "watchlist-550e8400");
    }

    #[test]
    fn keyword_rules_apply_required_and_excluded_words() {
        let rule = KeywordRule {
            keyword: "crm".into(),
            required_keywords: vec!["open source".into(), "self-hosted".into()],
            excluded_keywords: vec!["salesforce".into()],
            include_all_required: false,
        };
        assert!(rule.matches("An open source CRM"));
        assert!(!rule.matches("A CRM"));
        assert!(!rule.matches("open source CRM vs Salesforce"));
        let all = KeywordRule {
            include_all_required: true,
            ..rule
        };
        assert!(!all.matches("An open source CRM"));
        assert!(all.matches("An open source, self-hosted CRM"));
    }

    #[test]
    fn prompts_yield_their_significant_words() {
        let k: Vec<String> = keywords_from_prompt("People looking for an open-source CRM tool")
            .into_iter()
            .map(|r| r.keyword)
            .collect();
        assert_eq!(k, vec!["open", "source", "crm", "tool"]);
    }
}
