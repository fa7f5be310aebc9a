//! Companies: a company page is a pure function of (seed, slug).
//!
//! Each seed has a directory of [`DIRECTORY_SIZE`] generated companies: the
//! ones members work at, jobs are posted by and searches enumerate. Their
//! numeric ids encode their place in the directory, so an id resolves with no
//! table. Any other slug a client names (`microsoft`, a pinned person's
//! `ConnectSafely`) is a company too, with a name from the slug (or the pin)
//! and an id remembered in the process-wide registry.

use std::collections::HashMap;

use fake::faker::company::en::CompanyName;
use fake::rand::rngs::ChaCha8Rng;
use fake::rand::SeedableRng;
use fake::Fake;

use super::ids::{self, Space};
use super::places;

/// Generated companies per seed.
pub const DIRECTORY_SIZE: usize = 1500;
const DIRECTORY_ID_BASE: u64 = 1_000_000;
const REGISTERED_ID_BASE: u64 = 100_000_000;

/// A company page as every provider sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Company {
    /// Numeric LinkedIn company id.
    pub id: u64,
    /// The universal name, as in `linkedin.com/company/<slug>`.
    pub slug: String,
    pub name: String,
    pub industry: &'static str,
    /// LinkedIn's size bucket, e.g. `"51-200"`.
    pub size: &'static str,
    /// Employees on LinkedIn (inside the size bucket).
    pub employee_count: u32,
    /// Index into [`places::CITIES`].
    pub hq_city: usize,
    pub tagline: String,
    pub description: String,
    pub followers: u32,
    pub website: String,
    pub founded: i32,
    pub logo_url: String,
    /// Whether it is one of the seed's generated companies (members work there).
    pub in_directory: bool,
}

/// What identifies a company where it is only mentioned (a member's current
/// company on a search card): [`Company`]'s id, slug and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyBrief {
    pub id: u64,
    pub slug: String,
    pub name: String,
}

impl Company {
    /// `urn:li:organization:<id>` (what ConnectSafely's `companyUrn` takes).
    pub fn urn(&self) -> String {
        format!("urn:li:organization:{}", self.id)
    }

    /// `urn:li:fsd_company:<id>` (the form search filters carry).
    pub fn fsd_urn(&self) -> String {
        format!("urn:li:fsd_company:{}", self.id)
    }

    pub fn url(&self) -> String {
        format!("https://www.linkedin.com/company/{}/", self.slug)
    }

    pub fn hq(&self) -> &'static places::City {
        places::city(self.hq_city)
    }
}

pub const INDUSTRIES: &[&str] = &[
    "Software Development",
    "IT Services and IT Consulting",
    "Financial Services",
    "Banking",
    "Insurance",
    "Hospitals and Health Care",
    "Pharmaceutical Manufacturing",
    "Biotechnology Research",
    "Retail",
    "E-Learning Providers",
    "Higher Education",
    "Marketing Services",
    "Advertising Services",
    "Staffing and Recruiting",
    "Business Consulting and Services",
    "Telecommunications",
    "Computer and Network Security",
    "Technology, Information and Internet",
    "Manufacturing",
    "Automotive",
    "Real Estate",
    "Construction",
    "Truck Transportation",
    "Food and Beverage Services",
    "Media Production",
    "Non-profit Organizations",
    "Government Administration",
    "Renewable Energy Semiconductor Manufacturing",
    "Venture Capital and Private Equity Principals",
    "Human Resources Services",
];

const SIZES: &[(&str, u32, u32)] = &[
    ("2-10", 2, 10),
    ("11-50", 11, 50),
    ("51-200", 51, 200),
    ("201-500", 201, 500),
    ("501-1000", 501, 1000),
    ("1001-5000", 1001, 5000),
    ("5001-10000", 5001, 10000),
    ("10001+", 10001, 250_000),
];

/// A name as LinkedIn makes a page slug of it: "Kuhn and Sons" → `kuhn-and-sons`.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// "acme-robotics" → "Acme Robotics".
fn name_from_slug(slug: &str) -> String {
    slug.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The seed's generated companies, plus names fixed by the scenario (pinned
/// people's companies), built once per world.
#[derive(Debug)]
pub struct Directory {
    seed: u64,
    names: Vec<String>,
    slugs: Vec<String>,
    by_slug: HashMap<String, usize>,
    /// Slug → name for companies named outside the directory (pins).
    named: HashMap<String, String>,
}

impl Directory {
    pub fn new(seed: u64, extra_names: &[String]) -> Directory {
        let mut names = Vec::with_capacity(DIRECTORY_SIZE);
        let mut slugs = Vec::with_capacity(DIRECTORY_SIZE);
        let mut by_slug = HashMap::with_capacity(DIRECTORY_SIZE);
        for i in 0..DIRECTORY_SIZE {
            let mut rng = ChaCha8Rng::seed_from_u64(ids::mix(seed ^ 0xc0, i as u64));
            let name: String = CompanyName().fake_with_rng(&mut rng);
            let mut slug = slugify(&name);
            if slug.is_empty() || by_slug.contains_key(&slug) {
                slug = format!("{slug}-{i}");
            }
            by_slug.insert(slug.clone(), i);
            names.push(name);
            slugs.push(slug);
        }
        let named = extra_names
            .iter()
            .map(|n| (slugify(n), n.clone()))
            .filter(|(s, _)| !s.is_empty() && !by_slug.contains_key(s))
            .collect();
        Directory {
            seed,
            names,
            slugs,
            by_slug,
            named,
        }
    }

    /// The directory company at `index` (wrapping).
    pub fn at(&self, index: usize) -> Company {
        let i = index % DIRECTORY_SIZE;
        self.build(&self.slugs[i], self.names[i].clone(), Some(i))
    }

    /// Name and slug of the directory company at `index`, without building it.
    pub fn name_and_slug(&self, index: usize) -> (&str, &str) {
        let i = index % DIRECTORY_SIZE;
        (&self.names[i], &self.slugs[i])
    }

    /// The index of a directory slug.
    pub fn index_of(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }

    /// The company with this page slug (any slug is a company; case-insensitive).
    pub fn by_slug(&self, slug: &str) -> Option<Company> {
        let (slug, name, index) = self.identify(slug)?;
        Some(self.build(&slug, name, index))
    }

    /// Id, slug and name of the company with this page slug, without
    /// generating its page (what a member's card or a mention shows): the
    /// same id and name [`Directory::by_slug`] gives, at a fraction of the cost.
    pub fn brief(&self, slug: &str) -> Option<CompanyBrief> {
        let (slug, name, index) = self.identify(slug)?;
        let id = self.id_of(&slug, index);
        Some(CompanyBrief { id, slug, name })
    }

    /// The normalized slug, name and directory place of a slug; None when
    /// it cannot be a page slug.
    fn identify(&self, slug: &str) -> Option<(String, String, Option<usize>)> {
        let slug = slug.trim().to_ascii_lowercase();
        if slug.is_empty()
            || slug.len() > 100
            || !slug
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return None;
        }
        if let Some(&i) = self.by_slug.get(&slug) {
            let name = self.names[i].clone();
            return Some((slug, name, Some(i)));
        }
        let name = self
            .named
            .get(&slug)
            .cloned()
            .unwrap_or_else(|| name_from_slug(&slug));
        Some((slug, name, None))
    }

    /// A company's numeric id: its directory place encoded, or a hash of the
    /// slug remembered in the registry so the id resolves back.
    fn id_of(&self, slug: &str, index: Option<usize>) -> u64 {
        match index {
            Some(i) => directory_id(self.seed, i),
            None => {
                let id = REGISTERED_ID_BASE + ids::hash(0, &["company-id", slug]) % 900_000_000;
                ids::remember(ids::key(Space::Company, id), slug);
                id
            }
        }
    }

    /// The company with this numeric id, if it is one this process issued.
    pub fn by_id(&self, id: u64) -> Option<Company> {
        if (DIRECTORY_ID_BASE..REGISTERED_ID_BASE).contains(&id) {
            let v = id - DIRECTORY_ID_BASE;
            let i = usize::try_from(v / 100).ok()?;
            return (i < DIRECTORY_SIZE && directory_id(self.seed, i) == id).then(|| self.at(i));
        }
        let slug = ids::recall(ids::key(Space::Company, id))?;
        self.by_slug(&slug)
    }

    /// A numeric id or a slug, as `/search/companies/details` takes them.
    pub fn lookup(&self, id_or_slug: &str) -> Option<Company> {
        match id_or_slug.trim().parse::<u64>() {
            Ok(id) => self.by_id(id),
            Err(_) => self.by_slug(id_or_slug),
        }
    }

    /// Directory companies in `industry`, in directory order.
    pub fn in_industry(&self, industry: &str) -> Vec<usize> {
        (0..DIRECTORY_SIZE)
            .filter(|&i| industry_of(self.seed, &self.slugs[i]).eq_ignore_ascii_case(industry))
            .collect()
    }

    /// Directory companies whose name contains `text` (case-insensitive).
    pub fn named_like(&self, text: &str) -> Vec<usize> {
        let t = text.trim().to_lowercase();
        if t.is_empty() {
            return Vec::new();
        }
        (0..DIRECTORY_SIZE)
            .filter(|&i| self.names[i].to_lowercase().contains(&t) || self.slugs[i] == t)
            .collect()
    }

    fn build(&self, slug: &str, name: String, index: Option<usize>) -> Company {
        let h = ids::hash(self.seed, &["company", slug]);
        let mut rng = ChaCha8Rng::seed_from_u64(h);
        let (size, lo, hi) = SIZES[(ids::mix(h, 1) % SIZES.len() as u64) as usize];
        let employee_count = lo + (ids::mix(h, 2) % u64::from(hi - lo + 1)) as u32;
        let id = self.id_of(slug, index);
        let catch = super::text::catch_phrase(&mut rng);
        let bs = super::text::bs(&mut rng);
        let domain: String = slug.chars().filter(char::is_ascii_alphanumeric).collect();
        Company {
            id,
            slug: slug.to_string(),
            industry: industry_of(self.seed, slug),
            size,
            employee_count,
            hq_city: (ids::mix(h, 3) % places::CITIES.len() as u64) as usize,
            tagline: catch.clone(),
            description: format!("{name}: {catch}. We help teams {bs}."),
            followers: employee_count.saturating_mul(3) + (ids::mix(h, 4) % 5000) as u32,
            website: format!("https://www.{domain}.com"),
            founded: 1950 + (ids::mix(h, 5) % 74) as i32,
            logo_url: format!(
                "https://media.licdn.com/dms/image/v2/C{:015X}/company-logo_200_200/...",
                ids::mix(h, 6) >> 4
            ),
            in_directory: index.is_some(),
            name,
        }
    }
}

fn directory_id(seed: u64, index: usize) -> u64 {
    DIRECTORY_ID_BASE + index as u64 * 100 + ids::mix(seed, index as u64) % 100
}

/// A company's industry: from (seed, slug), so it is known without building it.
pub fn industry_of(seed: u64, slug: &str) -> &'static str {
    INDUSTRIES[(ids::hash(seed, &["industry", slug]) % INDUSTRIES.len() as u64) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_company_is_the_same_by_slug_and_by_id() {
        let d = Directory::new(42, &[]);
        let c = d.at(17);
        assert_eq!(d.by_slug(&c.slug), Some(c.clone()));
        assert_eq!(d.by_id(c.id), Some(c.clone()));
        assert_eq!(d.lookup(&c.id.to_string()), Some(c.clone()));
        assert_eq!(Directory::new(42, &[]).at(17), c, "deterministic per seed");
        assert_ne!(Directory::new(43, &[]).at(17).name, c.name);
    }

    #[test]
    fn a_companys_brief_names_the_same_id_slug_and_name_as_its_page() {
        let d = Directory::new(42, &["ConnectSafely".into()]);
        for slug in [
            d.at(17).slug,
            "microsoft".into(),
            "ConnectSafely".into(),
            " Acme_Co ".into(),
        ] {
            let page = d.by_slug(&slug).expect("a company");
            let brief = d.brief(&slug).expect("a brief");
            assert_eq!(
                (brief.id, &brief.slug, &brief.name),
                (page.id, &page.slug, &page.name),
                "{slug}"
            );
            assert_eq!(d.by_id(brief.id).map(|c| c.slug), Some(brief.slug.clone()));
        }
        assert_eq!(d.brief("bad slug!"), None);
    }

    #[test]
    fn any_slug_is_a_company_whose_id_resolves() {
        let d = Directory::new(42, &["ConnectSafely".into()]);
        let ms = d.by_slug("microsoft").expect("a company");
        assert_eq!(ms.name, "Microsoft");
        assert_eq!(d.by_id(ms.id).map(|c| c.slug), Some("microsoft".into()));
        assert_eq!(
            d.by_slug("connectsafely").map(|c| c.name),
            Some("ConnectSafely".into())
        );
        assert_eq!(d.by_slug("bad slug!"), None);
        assert_eq!(d.by_id(1_000_001 + 99), None);
    }

    #[test]
    fn size_bucket_holds_the_employee_count() {
        let d = Directory::new(1, &[]);
        for i in 0..50 {
            let c = d.at(i);
            let (_, lo, hi) = SIZES
                .iter()
                .find(|s| s.0 == c.size)
                .copied()
                .unwrap_or(SIZES[0]);
            assert!((lo..=hi).contains(&c.employee_count), "{c:?}");
        }
    }
}
