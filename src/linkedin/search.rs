//! Search that agrees with fetch (SPEC G-3): every result, fetched later by
//! its id through any provider, matches the filters that found it.
//!
//! Nothing is remembered per query. A people search turns its filters into
//! [`Traits`] (title, company, city, keywords, school) and its results are
//! the members whose handles carry those traits ([`members::search_handle`]),
//! numbered 0, 1, 2, … so pages are stable; the generator builds each one
//! with the traits, so the fetched profile matches. 1st-degree searches
//! filter the account's own connections instead. Companies, jobs and places
//! are enumerated from their (small) generated sets and filtered.

use chrono::{DateTime, Duration, Utc};

use super::companies::{self, Company, DIRECTORY_SIZE};
use super::ids;
use super::members::{self, Person, Traits};
use super::network::Degree;
use super::places;
use super::{Job, LinkedIn, Post};

/// LinkedIn shows at most this many results of one search.
pub const MAX_RESULTS: usize = 1000;
/// Open jobs are those posted within this many days.
pub const JOB_OPEN_DAYS: i64 = 90;
/// 1st-degree searches look at this many of the account's connections at most.
const CONNECTIONS_SCANNED: usize = 3000;

/// A people search, in the union of the providers' vocabularies. Providers
/// map their request bodies into this; every filter narrows (they combine
/// with AND, the items of one list filter with OR).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleQuery {
    /// Free text read as [`Keywords`] (matched in name, headline, title, company).
    pub keywords: Option<String>,
    /// Current job title, read as [`Keywords`] (`CEO OR Founder`).
    pub title: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// Current company by name (free text; any of them).
    pub companies: Vec<String>,
    /// Current company by numeric id, slug or URN (`urn:li:fsd_company:1441`).
    pub company_ids: Vec<String>,
    /// Place geo ids (city, region or country).
    pub geo_ids: Vec<u64>,
    /// Place by free text ("United States").
    pub location: Option<String>,
    /// Industry names.
    pub industries: Vec<String>,
    pub school: Option<String>,
    /// Wanted degrees (empty: any).
    pub degrees: Vec<Degree>,
}

/// Authors one post search looks through, and posts taken from each.
pub const POST_SEARCH_AUTHORS: usize = 150;
pub const POSTS_PER_AUTHOR: usize = 3;

/// A post search: posts of the members `authors` finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostQuery {
    pub authors: PeopleQuery,
    /// Only posts from then on.
    pub since: Option<DateTime<Utc>>,
    /// Newest first rather than by author.
    pub newest_first: bool,
}

/// One page of results and how many there are in all.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: usize,
}

/// `"A OR B or C"` → `["A", "B", "C"]` (trimmed, empties dropped).
pub fn alternatives(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        match lower.find(" or ") {
            Some(i) => {
                out.push(rest[..i].trim().to_string());
                rest = &rest[i + 4..];
            }
            None => {
                out.push(rest.trim().to_string());
                break;
            }
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn contains(hay: &str, needle: &str) -> bool {
    hay.to_lowercase().contains(&needle.to_lowercase())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '+' || c == '#'
}

/// Search text as LinkedIn's boolean search reads it, simplified: `A OR B`
/// matches either side; within a side every word must begin a word of the
/// text (case-insensitive: `engineer` finds "Engineering", `CTO` does not
/// find "Director"); `AND` between words is implied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keywords(Vec<Vec<String>>);

impl Keywords {
    pub fn parse(text: &str) -> Keywords {
        Keywords(
            alternatives(text)
                .iter()
                .map(|side| words(side, true))
                .filter(|w| !w.is_empty())
                .collect(),
        )
    }

    /// The sides that hold a word, as written (what a generated hit carries).
    pub fn sides(text: &str) -> Vec<String> {
        alternatives(text)
            .into_iter()
            .filter(|s| !words(s, true).is_empty())
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `text` satisfies the search text (empty text: always).
    pub fn matches(&self, text: &str) -> bool {
        if self.is_empty() {
            return true;
        }
        let have = words(text, false);
        self.0.iter().any(|side| {
            side.iter()
                .all(|w| have.iter().any(|h| h.starts_with(w.as_str())))
        })
    }
}

/// The lower-case words of a text; `AND` dropped from search text.
fn words(text: &str, search: bool) -> Vec<String> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty() && (!search || *w != "AND"))
        .map(str::to_lowercase)
        .collect()
}

/// A query resolved against the model once (what a scan needs per hit).
struct Plan {
    titles: Vec<String>,
    /// Company page slugs hits work at (empty: any).
    companies: Vec<String>,
    /// City indices hits live in (None: any).
    cities: Option<Vec<usize>>,
    keywords: Vec<String>,
    school: Option<String>,
}

impl Plan {
    /// Traits for candidate `n`: one choice per filter, spread by `n`.
    fn traits(&self, n: u64) -> Traits {
        let pick = |len: usize, salt: u64| (ids::mix(n, salt) % len.max(1) as u64) as usize;
        let one = |v: &[String], salt: u64| (!v.is_empty()).then(|| v[pick(v.len(), salt)].clone());
        Traits {
            title: one(&self.titles, 1),
            company: one(&self.companies, 2),
            city: self.cities.as_ref().map(|c| c[pick(c.len(), 3)]),
            keywords: one(&self.keywords, 4),
            school: self.school.clone(),
            degree: None,
        }
    }
}

impl LinkedIn {
    /// The company a search filter names (numeric id, slug or company URN).
    pub fn company_ref(&self, id: &str) -> Option<Company> {
        let id = id.trim();
        let bare = id
            .strip_prefix("urn:li:fsd_company:")
            .or_else(|| id.strip_prefix("urn:li:organization:"))
            .or_else(|| id.strip_prefix("urn:li:company:"))
            .unwrap_or(id);
        self.company(bare)
    }

    /// Whether a member matches a query for this account (what a search
    /// promises about each result).
    pub fn matches(&self, account: &str, p: &Person, q: &PeopleQuery) -> bool {
        let kw_ok = Keywords::parse(q.keywords.as_deref().unwrap_or_default()).matches(&format!(
            "{} {} {} {}",
            p.full_name(),
            p.headline,
            p.title,
            p.company
        ));
        let title_ok = Keywords::parse(q.title.as_deref().unwrap_or_default()).matches(&p.title);
        let first_ok = q
            .first_name
            .as_deref()
            .is_none_or(|f| p.first_name.eq_ignore_ascii_case(f.trim()));
        let last_ok = q
            .last_name
            .as_deref()
            .is_none_or(|l| p.last_name.eq_ignore_ascii_case(l.trim()));
        let company_ok = q.companies.is_empty()
            || q.companies.iter().any(|c| {
                contains(&p.company, c.trim()) || p.company_slug == c.trim().to_lowercase()
            });
        let ids_ok = q.company_ids.is_empty()
            || q.company_ids
                .iter()
                .filter_map(|i| self.company_ref(i))
                .any(|c| c.slug == p.company_slug);
        let geo_ok = q.geo_ids.is_empty() || q.geo_ids.iter().any(|g| p.location.within(*g));
        let loc_ok = q.location.as_deref().is_none_or(|l| {
            let cities = places::cities_matching(l);
            p.location.city_index.is_some_and(|i| cities.contains(&i))
        });
        let ind_ok = q.industries.is_empty()
            || q.industries
                .iter()
                .any(|i| p.industry.eq_ignore_ascii_case(i.trim()));
        let school_ok = q
            .school
            .as_deref()
            .is_none_or(|s| p.education().iter().any(|e| contains(&e.school, s.trim())));
        let degree_ok =
            q.degrees.is_empty() || q.degrees.contains(&self.degree(account, &p.handle));
        kw_ok
            && title_ok
            && first_ok
            && last_ok
            && company_ok
            && ids_ok
            && geo_ok
            && loc_ok
            && ind_ok
            && school_ok
            && degree_ok
    }

    /// Company slugs a name filter means: directory companies whose name
    /// holds it, else the company whose page slug it spells (if its name
    /// holds the text, so the hit matches when fetched).
    fn companies_named(&self, name: &str) -> Vec<String> {
        let dir = self.directory();
        let named: Vec<String> = dir
            .named_like(name)
            .into_iter()
            .map(|i| dir.name_and_slug(i).1.to_string())
            .collect();
        if !named.is_empty() {
            return named;
        }
        self.company_brief(&companies::slugify(name))
            .filter(|c| contains(&c.name, name))
            .map(|c| c.slug)
            .into_iter()
            .collect()
    }

    /// What every hit of `q` is drawn from, or None when nothing can match
    /// (an unknown place or company, a company outside the asked industry, …).
    fn plan(&self, q: &PeopleQuery) -> Option<Plan> {
        // Company: by id, by name and by industry, all of those given.
        let mut companies: Option<Vec<String>> = None;
        let mut narrow = |found: Vec<String>| {
            companies = Some(match companies.take() {
                None => found,
                Some(had) => had.into_iter().filter(|c| found.contains(c)).collect(),
            });
        };
        if !q.company_ids.is_empty() {
            narrow(
                q.company_ids
                    .iter()
                    .filter_map(|i| self.company_ref(i))
                    .map(|c| c.slug)
                    .collect(),
            );
        }
        let names: Vec<&str> = q
            .companies
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        if !names.is_empty() {
            narrow(names.iter().flat_map(|n| self.companies_named(n)).collect());
        }
        if !q.industries.is_empty() {
            let seed = self.seed();
            let in_industry = |slug: &str| {
                q.industries
                    .iter()
                    .any(|i| companies::industry_of(seed, slug).eq_ignore_ascii_case(i.trim()))
            };
            companies = Some(match companies.take() {
                Some(had) => had.into_iter().filter(|c| in_industry(c)).collect(),
                None => q
                    .industries
                    .iter()
                    .flat_map(|i| self.directory().in_industry(i.trim()))
                    .map(|i| self.directory().name_and_slug(i).1.to_string())
                    .collect(),
            });
        }
        if companies.as_ref().is_some_and(Vec::is_empty) {
            return None;
        }
        // City: inside every place filter given.
        let mut cities: Option<Vec<usize>> = None;
        if !q.geo_ids.is_empty() {
            cities = Some(
                (0..places::CITIES.len())
                    .filter(|&i| q.geo_ids.iter().any(|g| places::city_in(i, *g)))
                    .collect(),
            );
        }
        if let Some(l) = q.location.as_deref().filter(|l| !l.trim().is_empty()) {
            let m = places::cities_matching(l);
            cities = Some(match cities {
                Some(c) => c.into_iter().filter(|i| m.contains(i)).collect(),
                None => m,
            });
        }
        if cities.as_ref().is_some_and(Vec::is_empty) {
            return None;
        }
        Some(Plan {
            titles: Keywords::sides(q.title.as_deref().unwrap_or_default()),
            companies: companies.unwrap_or_default(),
            cities,
            keywords: Keywords::sides(q.keywords.as_deref().unwrap_or_default()),
            school: q
                .school
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        })
    }

    /// How many members a query draws (stable per query; fewer when narrow,
    /// never fewer than 20).
    fn people_total(&self, q: &PeopleQuery) -> usize {
        let key = format!("{q:?}");
        let filters = [
            q.keywords.is_some(),
            q.title.is_some(),
            q.first_name.is_some(),
            q.last_name.is_some(),
            !q.companies.is_empty() || !q.company_ids.is_empty(),
            !q.geo_ids.is_empty() || q.location.is_some(),
            !q.industries.is_empty(),
            q.school.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count() as u64;
        let spread = ids::hash(self.seed(), &["total", &key]) % 2000;
        (20 + spread / filters.max(1)).min(MAX_RESULTS as u64) as usize
    }

    /// People matching `q`, as `account` sees them: handles `start..start+count`
    /// of a stable list, and the list's length. The account's matching
    /// connections come first when 1st degree is asked for; the rest are
    /// drawn members whose handles carry the query's traits.
    pub fn search_people(
        &self,
        account: &str,
        q: &PeopleQuery,
        start: usize,
        count: usize,
    ) -> Page<String> {
        let Some(plan) = self.plan(q) else {
            return Page {
                items: Vec::new(),
                total: 0,
            };
        };
        let first = q.degrees.contains(&Degree::First);
        let others = q.degrees.is_empty() || q.degrees.iter().any(|d| *d != Degree::First);
        let connections: Vec<String> = if first {
            self.connections(account)
                .into_iter()
                .take(CONNECTIONS_SCANNED)
                .map(|c| c.handle)
                .filter(|h| self.matches(account, &self.person(h), q))
                .take(MAX_RESULTS)
                .collect()
        } else {
            Vec::new()
        };
        let drawn = if others {
            self.people_total(q).min(MAX_RESULTS - connections.len())
        } else {
            0
        };
        let total = connections.len() + drawn;
        let end = start.saturating_add(count).min(total);
        let mut items: Vec<String> = connections.iter().take(end).skip(start).cloned().collect();
        if end > connections.len() {
            let from = start.saturating_sub(connections.len());
            let to = end - connections.len();
            items.extend(self.drawn(account, q, &plan, first, from, to));
        }
        Page { items, total }
    }

    /// Drawn hits `from..to` of a query: candidates numbered 0, 1, 2, …, each
    /// a distinct member carrying one choice of the query's traits; a degree
    /// filter skips some (about a third at most), so the scan is bounded by a
    /// small multiple of the page.
    fn drawn(
        &self,
        account: &str,
        q: &PeopleQuery,
        plan: &Plan,
        first_listed: bool,
        from: usize,
        to: usize,
    ) -> Vec<String> {
        let seed = self.seed();
        let base = ids::hash(seed, &["query", &format!("{q:?}")]);
        let candidate = |n: u64| {
            let traits = plan.traits(n);
            // Consecutive numbers from a per-query base: distinct members.
            let slot = (base.wrapping_add(n) & 0xFF_FFFF) as u32;
            match (&q.first_name, &q.last_name) {
                (None, None) => members::search_handle(seed, &traits, slot),
                (f, l) => {
                    members::search_handle_named(seed, &traits, slot, f.as_deref(), l.as_deref())
                }
            }
        };
        if q.degrees.is_empty() {
            return (from as u64..to as u64).map(candidate).collect();
        }
        let wanted = |d: Degree| q.degrees.contains(&d) && !(first_listed && d == Degree::First);
        let mut items = Vec::new();
        let mut found = 0usize;
        let mut n: u64 = 0;
        while found < to && n < (to as u64 + 64) * 4 {
            let handle = candidate(n);
            n += 1;
            if !wanted(self.degree(account, &handle)) {
                continue;
            }
            if found >= from {
                items.push(handle);
            }
            found += 1;
        }
        items
    }

    /// Posts by the members a people search finds (the first
    /// [`POST_SEARCH_AUTHORS`], [`POSTS_PER_AUTHOR`] newest posts each, those
    /// since `q.since`): a member drawn for keywords writes about them, so
    /// each post's text and author match when fetched. By author (relevance)
    /// or newest first.
    pub fn search_posts(
        &self,
        account: &str,
        q: &PostQuery,
        now: DateTime<Utc>,
        start: usize,
        count: usize,
    ) -> Page<Post> {
        let authors = self.search_people(account, &q.authors, 0, POST_SEARCH_AUTHORS);
        let mut found: Vec<Post> = authors
            .items
            .iter()
            .flat_map(|h| self.member_posts(h, now, POSTS_PER_AUTHOR))
            .filter(|p| q.since.is_none_or(|s| p.posted_at >= s))
            .collect();
        if q.newest_first {
            found.sort_by(|a, b| b.posted_at.cmp(&a.posted_at).then(b.id.cmp(&a.id)));
        }
        let total = found.len();
        Page {
            items: found.into_iter().skip(start).take(count).collect(),
            total,
        }
    }

    /// Member `n` of an unbounded series of members whose headline and posts
    /// carry `keywords` (what a keyword feed follows: unlike a search, it
    /// never runs out).
    pub fn keyword_author(&self, keywords: &str, n: u32) -> String {
        let traits = Traits {
            keywords: Some(keywords.to_string()),
            ..Traits::default()
        };
        members::search_handle(self.seed(), &traits, n)
    }

    /// Companies whose name contains the keywords (all of the directory's,
    /// plus one named exactly by the keywords when none is), optionally in
    /// some industries.
    pub fn search_companies(
        &self,
        keywords: &str,
        industries: &[String],
        start: usize,
        count: usize,
    ) -> Page<Company> {
        let kws = alternatives(keywords);
        let dir = self.directory();
        let mut idx: Vec<usize> = (0..DIRECTORY_SIZE)
            .filter(|&i| {
                let (name, _) = dir.name_and_slug(i);
                kws.is_empty() || kws.iter().any(|k| contains(name, k))
            })
            .collect();
        if !industries.is_empty() {
            let seed = self.seed();
            idx.retain(|&i| {
                let slug = dir.name_and_slug(i).1;
                industries
                    .iter()
                    .any(|x| companies::industry_of(seed, slug).eq_ignore_ascii_case(x.trim()))
            });
        }
        let mut extra: Option<Company> = None;
        if idx.is_empty() {
            if let Some(c) = kws
                .first()
                .and_then(|k| self.company_by_slug(&companies::slugify(k)))
            {
                let ind_ok = industries.is_empty()
                    || industries
                        .iter()
                        .any(|x| c.industry.eq_ignore_ascii_case(x.trim()));
                if ind_ok && kws.iter().any(|k| contains(&c.name, k)) {
                    extra = Some(c);
                }
            }
        }
        let total = (usize::from(extra.is_some()) + idx.len()).min(MAX_RESULTS);
        let items = extra
            .into_iter()
            .chain(idx.into_iter().map(|i| dir.at(i)))
            .take(total)
            .skip(start)
            .take(count)
            .collect();
        Page { items, total }
    }

    /// Open jobs matching the keywords (read as [`Keywords`] in the title and
    /// company name) in a place, posted
    /// within `within` of `now` (at most [`JOB_OPEN_DAYS`]), newest first.
    pub fn search_jobs(
        &self,
        keywords: &str,
        geo_id: Option<u64>,
        within: Option<Duration>,
        now: DateTime<Utc>,
        start: usize,
        count: usize,
    ) -> Page<Job> {
        let open = Duration::days(JOB_OPEN_DAYS);
        let window = within.map_or(open, |w| w.min(open));
        let kws = Keywords::parse(keywords);
        let all = self.jobs_between(
            now - window,
            now,
            |j| {
                kws.matches(&format!("{} {}", j.title, j.company_name))
                    && geo_id.is_none_or(|g| places::city_in(j.city, g))
            },
            MAX_RESULTS,
        );
        let total = all.len();
        Page {
            items: all.into_iter().skip(start).take(count).collect(),
            total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Catalog §3.F (ConnectSafely `/search/people` keywords): `OR` sides,
    // every word of a side beginning a word of the text.
    #[test]
    fn keywords_or_sides_match_either_and_words_within_a_side_all() {
        let k = Keywords::parse("Engineering Manager OR CTO");
        assert!(k.matches("senior engineering manager at acme"));
        assert!(k.matches("CTO"));
        assert!(!k.matches("engineering lead"));
        assert!(!k.matches("director of sales"));
        assert!(Keywords::parse("  ").matches("anything"));
        assert_eq!(
            Keywords::sides("CEO or Founder OR  OR --"),
            vec!["CEO".to_string(), "Founder".to_string()]
        );
    }
}
