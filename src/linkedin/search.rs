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
use super::{Job, LinkedIn};

/// LinkedIn shows at most this many results of one search.
pub const MAX_RESULTS: usize = 1000;
/// Open jobs are those posted within this many days.
pub const JOB_OPEN_DAYS: i64 = 90;
/// 1st-degree searches look at this many of the account's connections at most.
const CONNECTIONS_SCANNED: usize = 3000;

/// A people search, in the union of the providers' vocabularies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleQuery {
    /// Free text; `A OR B` means either (matched in name, headline, title, company).
    pub keywords: Option<String>,
    pub title: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// Current company by name (free text).
    pub company: Option<String>,
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
        let any = |alts: &[String], f: &dyn Fn(&str) -> bool| {
            alts.is_empty() || alts.iter().any(|a| f(a))
        };
        let kw = q.keywords.as_deref().map(alternatives).unwrap_or_default();
        let kw_ok = any(&kw, &|k| {
            contains(&p.full_name(), k)
                || contains(&p.headline, k)
                || contains(&p.title, k)
                || contains(&p.company, k)
        });
        let titles = q.title.as_deref().map(alternatives).unwrap_or_default();
        let title_ok = any(&titles, &|t| contains(&p.title, t));
        let first_ok = q
            .first_name
            .as_deref()
            .is_none_or(|f| p.first_name.eq_ignore_ascii_case(f.trim()));
        let last_ok = q
            .last_name
            .as_deref()
            .is_none_or(|l| p.last_name.eq_ignore_ascii_case(l.trim()));
        let company_ok = q
            .company
            .as_deref()
            .is_none_or(|c| contains(&p.company, c.trim()));
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
            .is_none_or(|s| p.education.iter().any(|e| contains(&e.school, s.trim())));
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

    /// Traits for result `n` of a query, or None when nothing can match
    /// (an unknown place, a company outside the asked industry, …).
    fn traits_for(&self, q: &PeopleQuery, n: u64) -> Option<Traits> {
        let pick = |len: usize, salt: u64| (ids::mix(n, salt) % len.max(1) as u64) as usize;
        // Company: by id, by name, by industry, or free.
        let mut companies: Vec<String> = q
            .company_ids
            .iter()
            .filter_map(|i| self.company_ref(i))
            .map(|c| c.slug)
            .collect();
        if !q.company_ids.is_empty() && companies.is_empty() {
            return None;
        }
        if let Some(name) = q
            .company
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let named: Vec<String> = self
                .directory()
                .named_like(name)
                .into_iter()
                .map(|i| self.directory().name_and_slug(i).1.to_string())
                .collect();
            let by_name = if named.is_empty() {
                vec![companies::slugify(name)]
            } else {
                named
            };
            companies = if companies.is_empty() {
                by_name
            } else {
                companies
                    .into_iter()
                    .filter(|c| by_name.contains(c))
                    .collect()
            };
            if companies.is_empty() {
                return None;
            }
        }
        if !q.industries.is_empty() {
            let seed = self.seed();
            let in_industry = |slug: &str| {
                q.industries
                    .iter()
                    .any(|i| companies::industry_of(seed, slug).eq_ignore_ascii_case(i.trim()))
            };
            if companies.is_empty() {
                companies = q
                    .industries
                    .iter()
                    .flat_map(|i| self.directory().in_industry(i.trim()))
                    .map(|i| self.directory().name_and_slug(i).1.to_string())
                    .collect();
            } else {
                companies.retain(|c| in_industry(c));
            }
            if companies.is_empty() {
                return None;
            }
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
        let titles = q.title.as_deref().map(alternatives).unwrap_or_default();
        let kws = q.keywords.as_deref().map(alternatives).unwrap_or_default();
        Some(Traits {
            title: (!titles.is_empty()).then(|| titles[pick(titles.len(), 1)].clone()),
            company: (!companies.is_empty()).then(|| companies[pick(companies.len(), 2)].clone()),
            city: cities.map(|c| c[pick(c.len(), 3)]),
            keywords: (!kws.is_empty()).then(|| kws[pick(kws.len(), 4)].clone()),
            school: q
                .school
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            degree: None,
        })
    }

    /// How many members a query finds (stable per query; fewer when narrow).
    fn people_total(&self, q: &PeopleQuery) -> usize {
        let key = format!("{q:?}");
        let filters = [
            q.keywords.is_some(),
            q.title.is_some(),
            q.first_name.is_some(),
            q.last_name.is_some(),
            q.company.is_some() || !q.company_ids.is_empty(),
            !q.geo_ids.is_empty() || q.location.is_some(),
            !q.industries.is_empty(),
            q.school.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count() as u32;
        let base = 20 + ids::hash(self.seed(), &["total", &key]) % 2000;
        (base / u64::from(filters.max(1))).min(MAX_RESULTS as u64) as usize
    }

    /// People matching `q`, as `account` sees them: handles `start..start+count`
    /// of a stable list, and the list's length.
    pub fn search_people(
        &self,
        account: &str,
        q: &PeopleQuery,
        start: usize,
        count: usize,
    ) -> Page<String> {
        let first_only = !q.degrees.is_empty() && q.degrees.iter().all(|d| *d == Degree::First);
        if first_only {
            let all: Vec<String> = self
                .connections(account)
                .into_iter()
                .take(CONNECTIONS_SCANNED)
                .map(|c| c.handle)
                .filter(|h| self.matches(account, &self.person(h), q))
                .collect();
            let total = all.len().min(MAX_RESULTS);
            let items = all
                .into_iter()
                .take(total)
                .skip(start)
                .take(count)
                .collect();
            return Page { items, total };
        }
        let total = self.people_total(q);
        let qkey = ids::hash(self.seed(), &["query", &format!("{q:?}")]);
        let mut items = Vec::new();
        let mut found = 0usize;
        // Candidates numbered 0, 1, 2, …; degree filters skip some (about a
        // third at most), so the scan is bounded by a small multiple of the page.
        let limit = (start + count).min(total);
        let mut n: u64 = 0;
        while found < limit && n < (limit as u64 + 64) * 4 {
            let Some(traits) = self.traits_for(q, n) else {
                return Page {
                    items: Vec::new(),
                    total: 0,
                };
            };
            let slot = (ids::mix(qkey, n) & 0xF_FFFF) as u32;
            let handle = match (&q.first_name, &q.last_name) {
                (None, None) => members::search_handle(self.seed(), &traits, slot),
                (f, l) => members::search_handle_named(
                    self.seed(),
                    &traits,
                    slot,
                    f.as_deref(),
                    l.as_deref(),
                ),
            };
            n += 1;
            let ok = q.degrees.is_empty() || q.degrees.contains(&self.degree(account, &handle));
            if !ok {
                continue;
            }
            if found >= start {
                items.push(handle);
            }
            found += 1;
        }
        Page { items, total }
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

    /// Open jobs matching the keywords (title or company) in a place, posted
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
        let kws = alternatives(keywords);
        let all = self.jobs_between(
            now - window,
            now,
            |j| {
                (kws.is_empty()
                    || kws
                        .iter()
                        .any(|k| contains(&j.title, k) || contains(&j.company_name, k)))
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
