//! `/api-posts` query parameters (outx.md §5.1): filters, sort orders and
//! paging, with the vocabularies of the current docs, the legacy docs and the
//! MCP server all accepted (values arrive as strings; empty ones are ignored).
//! Pure: posts in, the page out.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::Post;
use crate::providers::outx::error::{bad, OutxError};

pub const DEFAULT_PAGE_SIZE: usize = 20;
pub const MAX_PAGE_SIZE: usize = 100;
/// A post with at least this many likes is trending (legacy docs).
pub const TRENDING_LIKES: u64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Recent,
    Popular,
    Relevance,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PostQuery {
    pub watchlist_ids: Vec<String>,
    pub page: usize,
    pub page_size: usize,
    pub sort: Sort,
    pub search_term: Option<String>,
    pub labels: Vec<String>,
    pub no_labels: bool,
    pub people: Vec<String>,
    pub companies: Vec<String>,
    pub is_saved: Option<bool>,
    pub english: bool,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub post_type: Option<String>,
    pub trending: Option<bool>,
    pub interacted: Option<bool>,
    pub seniority: Option<String>,
    pub post_slug: Option<String>,
}

fn flag(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" => Some(false),
        _ => None,
    }
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// `YYYY-MM-DD`, or an ISO 8601 time whose date part counts (the MCP server
/// describes the filters as ISO 8601).
fn date(v: &str, name: &str) -> Result<NaiveDate, OutxError> {
    v.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .ok_or_else(|| bad(format!("Invalid {name}: expected YYYY-MM-DD")))
}

/// A positive page number; anything else is the default.
fn positive(v: &str) -> Option<usize> {
    v.trim().parse::<usize>().ok().filter(|n| *n >= 1)
}

impl PostQuery {
    /// Parses the pairs of a query string; the first of a repeated name wins
    /// except for the list filters, which gather every occurrence.
    pub fn parse(pairs: &[(String, String)]) -> Result<PostQuery, OutxError> {
        let mut q = PostQuery {
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
            ..PostQuery::default()
        };
        let mut page_set = false;
        for (k, v) in pairs {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match k.as_str() {
                "watchlist_id" | "watchlist_ids" => q.watchlist_ids.extend(list(v)),
                "page" => {
                    if let Some(p) = positive(v) {
                        q.page = p;
                        page_set = true;
                    }
                }
                "current_page" if !page_set => {
                    if let Some(p) = positive(v) {
                        q.page = p;
                    }
                }
                "page_size" => {
                    if let Some(p) = positive(v) {
                        q.page_size = p.min(MAX_PAGE_SIZE);
                    }
                }
                "sort_by" => {
                    q.sort = match v.to_ascii_lowercase().as_str() {
                        "popular_first" | "engagement" | "popular" => Sort::Popular,
                        "relevance_first" | "relevance" => Sort::Relevance,
                        _ => Sort::Recent,
                    }
                }
                "search_term" => q.search_term = Some(v.to_lowercase()),
                "labels" | "labels[]" => {
                    for l in list(v) {
                        if l.eq_ignore_ascii_case("no labels") {
                            q.no_labels = true;
                        } else {
                            q.labels.push(l.to_lowercase());
                        }
                    }
                }
                "people_slug" | "people_slug[]" => q
                    .people
                    .extend(list(v).into_iter().map(|s| s.to_lowercase())),
                "company_slug" | "company_slug[]" => q
                    .companies
                    .extend(list(v).into_iter().map(|s| s.to_lowercase())),
                "is_saved" => q.is_saved = flag(v),
                "lang" => {
                    q.english = matches!(v.to_ascii_lowercase().as_str(), "en" | "english" | "true")
                }
                "start_date" => {
                    q.start = Some(date(v, "start_date")?.and_time(NaiveTime::MIN).and_utc())
                }
                "end_date" => {
                    let d = date(v, "end_date")?;
                    q.end = d
                        .succ_opt()
                        .map(|next| next.and_time(NaiveTime::MIN).and_utc());
                }
                "post_type" => q.post_type = Some(v.to_ascii_lowercase()),
                "trending" => q.trending = flag(v),
                "interacted" => q.interacted = flag(v),
                "seniority_level" => q.seniority = Some(v.to_ascii_lowercase()),
                "linkedin_post_slug" => q.post_slug = Some(v.to_string()),
                _ => {}
            }
        }
        Ok(q)
    }

    fn keeps(&self, p: &Post) -> bool {
        let at = DateTime::<Utc>::from_timestamp_millis(p.created_at).unwrap_or_default();
        let author_company = p.author.company_slug.as_deref().map(str::to_lowercase);
        self.search_term
            .as_ref()
            .is_none_or(|t| p.content.to_lowercase().contains(t))
            && (self.labels.is_empty()
                || p.tags
                    .iter()
                    .any(|t| self.labels.contains(&t.to_lowercase())))
            && (!self.no_labels || p.tags.is_empty())
            && (self.people.is_empty()
                || (p.author.author_type == "person"
                    && self.people.contains(&p.author.slug.to_lowercase())))
            && (self.companies.is_empty()
                || (p.author.author_type == "company"
                    && self.companies.contains(&p.author.slug.to_lowercase()))
                || author_company.is_some_and(|c| self.companies.contains(&c)))
            && self.is_saved.is_none_or(|s| p.bookmark == s)
            && (!self.english || p.language == "en")
            && self.start.is_none_or(|s| at >= s)
            && self.end.is_none_or(|e| at < e)
            && self.post_type.as_ref().is_none_or(|t| match t.as_str() {
                "person" => p.author.author_type == "person",
                "company" => p.author.author_type == "company",
                t => p.post_type == t,
            })
            && self
                .trending
                .is_none_or(|t| (p.likes_count >= TRENDING_LIKES) == t)
            && self.interacted.is_none_or(|i| p.interacted == i)
            && self.seniority.as_ref().is_none_or(|s| {
                p.author
                    .seniority_level
                    .as_deref()
                    .is_some_and(|l| l.eq_ignore_ascii_case(s))
            })
            && self.post_slug.as_ref().is_none_or(|s| {
                p.linkedin_post_url.contains(s.as_str())
                    || p.linkedin_post_urn
                        .as_deref()
                        .is_some_and(|u| u.ends_with(s.as_str()))
            })
    }

    /// The matching posts sorted, and the page asked for; the total counts
    /// every match.
    pub fn apply(&self, posts: Vec<Post>) -> (Vec<Post>, usize) {
        let mut kept: Vec<Post> = posts.into_iter().filter(|p| self.keeps(p)).collect();
        let engagement = |p: &Post| p.likes_count + p.comments_count * 2 + p.shares_count * 3;
        match self.sort {
            Sort::Recent => {
                kept.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)))
            }
            Sort::Popular => kept.sort_by(|a, b| {
                engagement(b)
                    .cmp(&engagement(a))
                    .then(b.created_at.cmp(&a.created_at))
                    .then(a.id.cmp(&b.id))
            }),
            Sort::Relevance => kept.sort_by(|a, b| {
                (b.tags.len(), engagement(b), b.created_at)
                    .cmp(&(a.tags.len(), engagement(a), a.created_at))
                    .then(a.id.cmp(&b.id))
            }),
        }
        let total = kept.len();
        let from = (self.page - 1).saturating_mul(self.page_size);
        let page = kept.into_iter().skip(from).take(self.page_size).collect();
        (page, total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &str) -> Vec<(String, String)> {
        actix_web::web::Query::<Vec<(String, String)>>::from_query(q)
            .unwrap()
            .into_inner()
    }

    #[test]
    fn page_and_size_default_and_clamp() {
        let q = PostQuery::parse(&pairs("")).unwrap();
        assert_eq!((q.page, q.page_size), (1, DEFAULT_PAGE_SIZE));
        let q = PostQuery::parse(&pairs("page=2&page_size=500")).unwrap();
        assert_eq!((q.page, q.page_size), (2, MAX_PAGE_SIZE));
        let q = PostQuery::parse(&pairs("current_page=3&page=x")).unwrap();
        assert_eq!(q.page, 3);
    }

    #[test]
    fn dates_take_plain_days_or_iso_times() {
        let q = PostQuery::parse(&pairs(
            "start_date=2024-01-10&end_date=2024-01-15T08:00:00Z",
        ))
        .unwrap();
        assert_eq!(q.start.unwrap().to_rfc3339(), "2024-01-10T00:00:00+00:00");
        assert_eq!(q.end.unwrap().to_rfc3339(), "2024-01-16T00:00:00+00:00");
        assert!(PostQuery::parse(&pairs("start_date=yesterday")).is_err());
    }

    #[test]
    fn both_sort_vocabularies_are_understood() {
        for (v, s) in [
            ("recent", Sort::Recent),
            ("recent_first", Sort::Recent),
            ("popular_first", Sort::Popular),
            ("engagement", Sort::Popular),
            ("relevance_first", Sort::Relevance),
        ] {
            assert_eq!(
                PostQuery::parse(&pairs(&format!("sort_by={v}")))
                    .unwrap()
                    .sort,
                s
            );
        }
    }
}
