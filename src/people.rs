//! Deterministic fake people (SPEC C-4).
//!
//! A person is a pure function of (seed, handle): every provider renders the
//! same [`Person`] in its own shape, so ConnectSafely's `firstName`/`lastName`,
//! Atomus's `full_name` and OutX's `name` always agree. Pinned people from the
//! scenario override generated fields; magic handle patterns decide who does
//! not exist, who fails to fetch and who is already connected.
//!
//! URNs are derived from the handle and map back to it without keeping state
//! for handles of up to [`REVERSIBLE_MAX`] characters: the handle is written
//! into the URN under a fixed substitution, followed by check characters
//! computed from it, so a made-up URN almost never decodes to a handle. Longer
//! handles get a hashed URN remembered in a bounded table.
//!
//! This module knows nothing of caches, limits or endorsements; providers keep
//! those and overlay them on the person they render.

use std::collections::HashMap;
use std::sync::Arc;

use fake::faker::company::en::{Bs, CatchPhrase, CompanyName};
use fake::faker::job::en::Title as JobTitle;
use fake::faker::name::en::{FirstName, LastName};
use fake::rand::rngs::ChaCha8Rng;
use fake::rand::seq::IndexedRandom;
use fake::rand::{RngExt, SeedableRng};
use fake::Fake;
use parking_lot::Mutex;
use serde::Serialize;
use wildmatch::WildMatch;

use crate::scenario::{PeopleConfig, PinnedPerson, ProfileUrn};

/// Longest handle whose URN decodes without a lookup table.
pub const REVERSIBLE_MAX: usize = 28;
/// Long-handle URNs remembered at most; the table is emptied when full.
const LONG_URN_CAPACITY: usize = 100_000;
/// Generated people are kept in this many shards of at most
/// [`PERSON_SHARD_CAPACITY`] each (a full shard drops one person per new
/// one): hot handles are served without regenerating them, memory stays
/// bounded (a few MiB), and concurrent requests rarely meet on one lock.
const PERSON_SHARDS: usize = 16;
const PERSON_SHARD_CAPACITY: usize = 128;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Fixed per-position shifts so encoded handles look like real URN noise.
const SHIFTS: [u8; 34] = [
    17, 3, 41, 58, 22, 9, 61, 30, 12, 47, 5, 36, 27, 53, 19, 44, 8, 62, 33, 14, 50, 25, 39, 2, 57,
    21, 45, 11, 60, 29, 6, 38, 52, 16,
];

/// A LinkedIn member as every provider sees them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub handle: String,
    pub urn: String,
    /// Numeric LinkedIn member id, as a string (CS-E2's `memberId`).
    pub member_id: String,
    pub first_name: String,
    pub last_name: String,
    pub headline: String,
    pub title: String,
    pub company: String,
    pub summary: String,
    pub location: Location,
    pub profile_picture: String,
    pub is_premium: bool,
    pub is_verified: bool,
    pub supports_free_email: bool,
    pub connection_count: u32,
    pub follower_count: u32,
    /// 1st-degree connection of every account.
    pub connected: bool,
    pub skills: Vec<Skill>,
    pub experience: Vec<Position>,
    pub education: Vec<Education>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Person {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    pub fn profile_url(&self) -> String {
        format!("https://www.linkedin.com/in/{}", self.handle)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub city: String,
    pub state: Option<String>,
    pub country: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country_code: String,
    pub postal_code: Option<String>,
}

impl Location {
    /// "Delhi, India" / "Austin, Texas, United States".
    pub fn full(&self) -> String {
        match &self.state {
            Some(s) => format!("{}, {}, {}", self.city, s, self.country),
            None => format!("{}, {}", self.city, self.country),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Skill {
    /// Numeric id, as a string.
    pub id: String,
    pub name: String,
    pub endorsement_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Position {
    pub title: String,
    pub company: String,
    pub location: String,
    pub start_year: i32,
    pub start_month: u32,
    /// None = current position.
    pub end_year: Option<i32>,
    pub end_month: Option<u32>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Education {
    pub school: String,
    pub degree: String,
    pub field_of_study: String,
    pub start_year: i32,
    pub end_year: i32,
}

/// What a handle stands for under the scenario's magic patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandleKind {
    /// No such member anywhere.
    NotFound,
    /// Exists, but fetches of it fail per item.
    Unavailable,
    /// An ordinary member (who may be pinned or a 1st-degree connection).
    Member,
}

/// The generator for one scenario.
#[derive(Debug)]
pub struct People {
    seed: u64,
    pinned: HashMap<String, PinnedPerson>,
    pinned_urns: HashMap<String, String>,
    not_found: WildMatch,
    unavailable: WildMatch,
    connected: WildMatch,
    long_urns: Mutex<HashMap<String, String>>,
    /// Built people by the 64-bit hash of their normalized handle (no
    /// allocation per lookup); a pure cache of [`People::build`].
    built: Vec<Mutex<HashMap<u64, Arc<Person>>>>,
}

impl People {
    pub fn new(seed: u64, config: &PeopleConfig) -> People {
        let pinned: HashMap<String, PinnedPerson> = config
            .pinned
            .iter()
            .map(|p| (p.handle.0.to_ascii_lowercase(), p.clone()))
            .collect();
        let pinned_urns = pinned
            .iter()
            .filter_map(|(h, p)| p.entity_urn.as_ref().map(|u| (u.0.clone(), h.clone())))
            .collect();
        People {
            seed,
            pinned,
            pinned_urns,
            not_found: WildMatch::new(&config.magic_handles.not_found),
            unavailable: WildMatch::new(&config.magic_handles.unavailable),
            connected: WildMatch::new(&config.magic_handles.connected),
            long_urns: Mutex::new(HashMap::new()),
            built: (0..PERSON_SHARDS)
                .map(|_| Mutex::new(HashMap::new()))
                .collect(),
        }
    }

    /// Handles are case-insensitive on LinkedIn; every lookup goes through this.
    pub fn normalize(handle: &str) -> String {
        handle.to_ascii_lowercase()
    }

    pub fn kind(&self, handle: &str) -> HandleKind {
        let h = People::normalize(handle);
        if self.pinned.contains_key(&h) {
            HandleKind::Member
        } else if self.not_found.matches(&h) {
            HandleKind::NotFound
        } else if self.unavailable.matches(&h) {
            HandleKind::Unavailable
        } else {
            HandleKind::Member
        }
    }

    /// The person behind a handle, whatever its kind (providers decide what a
    /// `NotFound` handle shows).
    pub fn person(&self, handle: &str) -> Arc<Person> {
        let h = People::normalize(handle);
        let key = xxhash_rust::xxh3::xxh3_64(h.as_bytes());
        let shard = &self.built[(key % PERSON_SHARDS as u64) as usize];
        if let Some(p) = shard.lock().get(&key).filter(|p| p.handle == h) {
            return p.clone();
        }
        // Built without the lock: generation is the slow part, and two
        // requests building the same person build identical ones.
        let p = Arc::new(self.build(&h));
        let evicted = {
            let mut cached = shard.lock();
            let evicted = if cached.len() >= PERSON_SHARD_CAPACITY {
                let any = cached.keys().next().copied();
                any.and_then(|k| cached.remove(&k))
            } else {
                None
            };
            cached.insert(key, p.clone());
            evicted
        };
        // The evicted person is freed after the lock is released.
        drop(evicted);
        p
    }

    /// Generates the person for a normalized handle, pins applied.
    fn build(&self, h: &str) -> Person {
        let mut p = generate(self.seed, h);
        p.urn = self.urn_for(h);
        p.connected = self.connected.matches(h);
        if let Some(pin) = self.pinned.get(h) {
            apply_pin(&mut p, pin);
        }
        p
    }

    /// The profile URN for a handle; pinned URNs win.
    pub fn urn_for(&self, handle: &str) -> String {
        let h = People::normalize(handle);
        if let Some(u) = self.pinned.get(&h).and_then(|p| p.entity_urn.as_ref()) {
            return u.0.clone();
        }
        match encode_reversible(&h) {
            Some(urn) => urn,
            None => {
                let urn = hashed_urn(&h);
                let mut table = self.long_urns.lock();
                if table.len() >= LONG_URN_CAPACITY {
                    table.clear();
                }
                table.insert(urn.clone(), h);
                urn
            }
        }
    }

    /// The handle a URN stands for, if it is one mocklink issued.
    pub fn handle_for_urn(&self, urn: &str) -> Option<String> {
        if let Some(h) = self.pinned_urns.get(urn) {
            return Some(h.clone());
        }
        if !ProfileUrn::is_valid(urn) {
            return None;
        }
        if let Some(h) = decode_reversible(urn) {
            // A pinned person's own URN replaces the derived one.
            if self.pinned.get(&h).is_none_or(|p| p.entity_urn.is_none()) {
                return Some(h);
            }
        }
        self.long_urns.lock().get(urn).cloned()
    }
}

fn index_of(c: u8) -> Option<u8> {
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .and_then(|i| u8::try_from(i).ok())
}

fn shifted(i: usize, v: u8) -> u8 {
    ALPHABET[usize::from((v + SHIFTS[i % SHIFTS.len()]) % 64)]
}

fn unshifted(i: usize, c: u8) -> Option<u8> {
    index_of(c).map(|v| (v + 64 - SHIFTS[i % SHIFTS.len()]) % 64)
}

/// Check characters after the handle: derived from it, so a URN is accepted
/// only if it is exactly the one mocklink would issue.
fn filler(handle: &str, count: usize) -> Vec<u8> {
    let mut h = xxhash_rust::xxh3::xxh3_128(handle.as_bytes());
    (0..count)
        .map(|_| {
            let v = (h & 63) as u8;
            h = h.rotate_right(6) ^ 0x9e37_79b9_7f4a_7c15;
            v
        })
        .collect()
}

fn encode_reversible(handle: &str) -> Option<String> {
    let bytes = handle.as_bytes();
    if bytes.is_empty() || bytes.len() > REVERSIBLE_MAX {
        return None;
    }
    // Handle characters are a-z 0-9 - _ ; they map into the alphabet's lower half onwards.
    let mut vals = Vec::with_capacity(34);
    vals.push(u8::try_from(bytes.len()).ok()?);
    for &b in bytes {
        if b.is_ascii_uppercase() {
            return None;
        }
        vals.push(index_of(b)?);
    }
    vals.extend(filler(handle, 33 - bytes.len()));
    let tail: String = vals
        .iter()
        .enumerate()
        .map(|(i, &v)| char::from(shifted(i, v)))
        .collect();
    Some(format!("{}ACoAA{tail}", ProfileUrn::PREFIX))
}

fn decode_reversible(urn: &str) -> Option<String> {
    let tail = urn
        .strip_prefix(ProfileUrn::PREFIX)?
        .strip_prefix("ACoAA")?;
    let t = tail.as_bytes();
    let len = usize::from(unshifted(0, *t.first()?)?);
    if len == 0 || len > REVERSIBLE_MAX || t.len() != 34 {
        return None;
    }
    let mut handle = String::with_capacity(len);
    for (i, &c) in t.iter().enumerate().skip(1).take(len) {
        let v = unshifted(i, c)?;
        handle.push(char::from(ALPHABET[usize::from(v)]));
    }
    (encode_reversible(&handle).as_deref() == Some(urn)).then_some(handle)
}

fn hashed_urn(handle: &str) -> String {
    let mut vals = vec![0u8];
    vals.extend(filler(handle, 33));
    let tail: String = vals
        .iter()
        .enumerate()
        .map(|(i, &v)| char::from(shifted(i, v)))
        .collect();
    format!("{}ACoAA{tail}", ProfileUrn::PREFIX)
}

fn apply_pin(p: &mut Person, pin: &PinnedPerson) {
    let set = |dst: &mut String, src: &Option<String>| {
        if let Some(v) = src {
            dst.clone_from(v);
        }
    };
    set(&mut p.first_name, &pin.first_name);
    set(&mut p.last_name, &pin.last_name);
    set(&mut p.headline, &pin.headline);
    set(&mut p.title, &pin.title);
    set(&mut p.company, &pin.company);
    set(&mut p.summary, &pin.summary);
    set(&mut p.profile_picture, &pin.profile_picture);
    set(&mut p.location.city, &pin.city);
    if pin.state.is_some() || pin.city.is_some() || pin.country.is_some() {
        p.location.state.clone_from(&pin.state);
    }
    set(&mut p.location.country, &pin.country);
    if let Some(cc) = &pin.country_code {
        p.location.country_code = cc.to_ascii_uppercase();
    }
    if let Some(u) = &pin.entity_urn {
        p.urn.clone_from(&u.0);
    }
    if let Some(v) = pin.is_premium {
        p.is_premium = v;
    }
    if let Some(v) = pin.is_verified {
        p.is_verified = v;
    }
    if let Some(v) = pin.connection_count {
        p.connection_count = v;
    }
    if let Some(v) = pin.follower_count {
        p.follower_count = v;
    }
    if let Some(v) = pin.connected {
        p.connected = v;
    }
    if pin.email.is_some() {
        p.email.clone_from(&pin.email);
    }
    if pin.phone.is_some() {
        p.phone.clone_from(&pin.phone);
    }
    if let Some(skills) = &pin.skills {
        p.skills = skills
            .iter()
            .enumerate()
            .map(|(i, name)| Skill {
                id: skill_id(&p.handle, name),
                name: name.clone(),
                endorsement_count: p.skills.get(i).map_or(0, |s| s.endorsement_count),
            })
            .collect();
    }
    if let Some(first) = p.experience.first_mut() {
        first.title.clone_from(&p.title);
        first.company.clone_from(&p.company);
    }
}

fn skill_id(handle: &str, skill: &str) -> String {
    let h = xxhash_rust::xxh3::xxh3_64(format!("{handle}\u{0}{skill}").as_bytes());
    (1_000_000_000 + h % 9_000_000_000).to_string()
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "ritika-kulkarni-85718922a" reads as Ritika Kulkarni; a handle that does not
/// look like a name gets a generated one.
fn names_from_handle(handle: &str) -> Option<(String, String)> {
    let mut parts = handle
        .split(['-', '_'])
        .take_while(|p| p.len() >= 2 && p.bytes().all(|b| b.is_ascii_alphabetic()));
    let first = parts.next()?;
    let last = parts.next()?;
    Some((capitalize(first), capitalize(last)))
}

/// The generated person for a normalized handle.
fn generate(seed: u64, handle: &str) -> Person {
    let mut rng = ChaCha8Rng::seed_from_u64(xxhash_rust::xxh3::xxh3_64_with_seed(
        handle.as_bytes(),
        seed,
    ));
    let (gen_first, gen_last): (String, String) = (
        FirstName().fake_with_rng(&mut rng),
        LastName().fake_with_rng(&mut rng),
    );
    let (first_name, last_name) = names_from_handle(handle).unwrap_or((gen_first, gen_last));
    let title: String = JobTitle().fake_with_rng(&mut rng);
    let company: String = CompanyName().fake_with_rng(&mut rng);
    let loc = LOCATIONS.choose(&mut rng).copied().unwrap_or(LOCATIONS[0]);
    let location = Location {
        city: loc.0.to_string(),
        state: loc.1.map(str::to_string),
        country: loc.2.to_string(),
        country_code: loc.3.to_string(),
        postal_code: None,
    };

    let skill_count = rng.random_range(5..=12);
    let mut pool: Vec<&str> = SKILLS.to_vec();
    let mut skills = Vec::with_capacity(skill_count);
    for _ in 0..skill_count {
        if pool.is_empty() {
            break;
        }
        let i = rng.random_range(0..pool.len());
        let name = pool.swap_remove(i);
        skills.push(Skill {
            id: skill_id(handle, name),
            name: name.to_string(),
            endorsement_count: rng.random_range(0..=99),
        });
    }
    let top: Vec<&str> = skills.iter().take(2).map(|s| s.name.as_str()).collect();
    let headline = match rng.random_range(0..3) {
        0 => format!("{title} @ {company}"),
        1 => format!("{title} at {company} | {}", top.join(" | ")),
        _ => format!("{title} | {}", top.join(" | ")),
    };
    let catch: String = CatchPhrase().fake_with_rng(&mut rng);
    let bs: String = Bs().fake_with_rng(&mut rng);
    let summary = format!("{catch}. I help teams {bs}.");

    let mut year = 2025 - rng.random_range(0..4);
    let jobs = rng.random_range(1..=4);
    let mut experience = Vec::with_capacity(jobs);
    for j in 0..jobs {
        let (t, c) = if j == 0 {
            (title.clone(), company.clone())
        } else {
            (
                JobTitle().fake_with_rng(&mut rng),
                CompanyName().fake_with_rng(&mut rng),
            )
        };
        let length = rng.random_range(1..=5);
        let start_year = year - length;
        let start_month = rng.random_range(1..=12);
        let end = (j > 0).then(|| (year, rng.random_range(1..=12u32)));
        let what: String = Bs().fake_with_rng(&mut rng);
        experience.push(Position {
            title: t,
            company: c,
            location: location.full(),
            start_year,
            start_month,
            end_year: end.map(|e| e.0),
            end_month: end.map(|e| e.1),
            description: format!("Worked to {what}."),
        });
        year = start_year;
    }
    let school = SCHOOLS.choose(&mut rng).copied().unwrap_or(SCHOOLS[0]);
    let (degree, field) = DEGREES.choose(&mut rng).copied().unwrap_or(DEGREES[0]);
    let end_year = year.min(2024);
    let mut education = vec![Education {
        school: school.to_string(),
        degree: degree.to_string(),
        field_of_study: field.to_string(),
        start_year: end_year - if degree.starts_with('M') { 2 } else { 4 },
        end_year,
    }];
    if rng.random_bool(0.3) {
        let school = SCHOOLS.choose(&mut rng).copied().unwrap_or(SCHOOLS[0]);
        education.push(Education {
            school: school.to_string(),
            degree: "Bachelor of Science".into(),
            field_of_study: "Computer Science".into(),
            start_year: end_year - 7,
            end_year: end_year - 3,
        });
    }

    let pic: u64 = rng.random();
    let connection_count = rng.random_range(30..=500u32) * rng.random_range(1..=4u32);
    let email_domain = company
        .to_ascii_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>();
    let email = rng.random_bool(0.6).then(|| {
        format!(
            "{}.{}@{}.com",
            first_name.to_ascii_lowercase(),
            last_name.to_ascii_lowercase(),
            email_domain
        )
    });
    let phone = rng.random_bool(0.3).then(|| {
        format!(
            "+1 555 {:03} {:04}",
            rng.random_range(100..999),
            rng.random_range(0..9999)
        )
    });
    let member_id = (100_000_000 + rng.random_range(0..900_000_000u64)).to_string();
    Person {
        handle: handle.to_string(),
        urn: String::new(),
        member_id,
        first_name,
        last_name,
        headline,
        title,
        company,
        summary,
        location,
        profile_picture: format!(
            "https://media.licdn.com/dms/image/v2/D{:015X}/profile-displayphoto-shrink_100_100/...",
            pic >> 4
        ),
        is_premium: rng.random_bool(0.2),
        is_verified: rng.random_bool(0.5),
        supports_free_email: rng.random_bool(0.5),
        connection_count,
        follower_count: connection_count + rng.random_range(0..2000),
        connected: false,
        skills,
        experience,
        education,
        email,
        phone,
    }
}

/// (city, state, country, ISO 3166-1 alpha-2): real places so that the three
/// location fields always agree.
const LOCATIONS: &[(&str, Option<&str>, &str, &str)] = &[
    ("Delhi", None, "India", "IN"),
    ("Bengaluru", Some("Karnataka"), "India", "IN"),
    ("Mumbai", Some("Maharashtra"), "India", "IN"),
    ("San Francisco", Some("California"), "United States", "US"),
    ("New York", Some("New York"), "United States", "US"),
    ("Austin", Some("Texas"), "United States", "US"),
    ("Seattle", Some("Washington"), "United States", "US"),
    ("Chicago", Some("Illinois"), "United States", "US"),
    ("Boston", Some("Massachusetts"), "United States", "US"),
    ("Toronto", Some("Ontario"), "Canada", "CA"),
    ("Vancouver", Some("British Columbia"), "Canada", "CA"),
    ("London", Some("England"), "United Kingdom", "GB"),
    ("Manchester", Some("England"), "United Kingdom", "GB"),
    ("Dublin", None, "Ireland", "IE"),
    ("Berlin", None, "Germany", "DE"),
    ("Munich", Some("Bavaria"), "Germany", "DE"),
    ("Paris", Some("Île-de-France"), "France", "FR"),
    ("Amsterdam", Some("North Holland"), "Netherlands", "NL"),
    ("Madrid", None, "Spain", "ES"),
    ("Lisbon", None, "Portugal", "PT"),
    ("Stockholm", None, "Sweden", "SE"),
    ("Zurich", None, "Switzerland", "CH"),
    ("Singapore", None, "Singapore", "SG"),
    ("Sydney", Some("New South Wales"), "Australia", "AU"),
    ("Melbourne", Some("Victoria"), "Australia", "AU"),
    ("São Paulo", Some("São Paulo"), "Brazil", "BR"),
    ("Mexico City", None, "Mexico", "MX"),
    ("Dubai", None, "United Arab Emirates", "AE"),
    ("Tel Aviv", None, "Israel", "IL"),
    ("Tokyo", None, "Japan", "JP"),
];

const SKILLS: &[&str] = &[
    "Python",
    "JavaScript",
    "TypeScript",
    "Rust",
    "Go",
    "Java",
    "SQL",
    "React",
    "Node.js",
    "Kubernetes",
    "Docker",
    "Amazon Web Services (AWS)",
    "Google Cloud Platform (GCP)",
    "Microsoft Azure",
    "Machine Learning",
    "Data Analysis",
    "Data Engineering",
    "Product Management",
    "Project Management",
    "Agile Methodologies",
    "Scrum",
    "Go-To-Market Strategy",
    "Sales",
    "B2B Sales",
    "Lead Generation",
    "CRM",
    "Salesforce.com",
    "HubSpot",
    "Marketing Automation",
    "Content Marketing",
    "SEO",
    "Growth Hacking",
    "Customer Success",
    "Account Management",
    "Business Development",
    "Negotiation",
    "Leadership",
    "Team Management",
    "Public Speaking",
    "Strategic Planning",
    "Financial Modeling",
    "Excel",
    "Tableau",
    "Power BI",
    "UX Design",
    "Figma",
    "Communication",
    "Recruiting",
    "Operations Management",
    "Generative AI",
    "Large Language Models (LLM)",
    "DevOps",
    "CI/CD",
    "Cybersecurity",
];

const SCHOOLS: &[&str] = &[
    "Indian Institute of Technology, Delhi",
    "University of Delhi",
    "Stanford University",
    "Massachusetts Institute of Technology",
    "University of California, Berkeley",
    "University of Toronto",
    "University of Oxford",
    "Imperial College London",
    "Technical University of Munich",
    "ETH Zürich",
    "National University of Singapore",
    "University of Melbourne",
    "INSEAD",
    "London Business School",
    "University of Michigan",
    "Georgia Institute of Technology",
    "University of Texas at Austin",
    "Carnegie Mellon University",
];

const DEGREES: &[(&str, &str)] = &[
    ("Bachelor of Technology", "Computer Science"),
    ("Bachelor of Science", "Computer Science"),
    ("Bachelor of Arts", "Economics"),
    ("Bachelor of Commerce", "Accounting"),
    ("Master of Business Administration - MBA", "Marketing"),
    ("Master of Science", "Data Science"),
    ("Master of Science", "Electrical Engineering"),
    ("Bachelor of Engineering", "Mechanical Engineering"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn people(seed: u64) -> People {
        People::new(seed, &Scenario::default_scenario().people)
    }

    #[test]
    fn same_seed_and_handle_give_the_same_person() {
        assert_eq!(
            people(7).person("john-doe-123"),
            people(7).person("john-doe-123")
        );
        assert_ne!(
            people(7).person("john-doe-123").headline,
            people(8).person("john-doe-123").headline
        );
    }

    #[test]
    fn person_cache_serves_the_same_person_and_stays_bounded() {
        let p = people(3);
        let first = p.person("kim-park");
        assert!(
            Arc::ptr_eq(&first, &p.person("Kim-Park")),
            "served from the cache"
        );
        for i in 0..(PERSON_SHARDS * PERSON_SHARD_CAPACITY * 3) {
            p.person(&format!("member-{i}"));
        }
        assert!(p
            .built
            .iter()
            .all(|s| s.lock().len() <= PERSON_SHARD_CAPACITY));
        assert_eq!(
            *p.person("kim-park"),
            *first,
            "rebuilt identically after eviction"
        );
    }

    #[test]
    fn handle_lookup_is_case_insensitive() {
        assert_eq!(people(1).person("John-Doe"), people(1).person("john-doe"));
    }

    #[test]
    fn urn_maps_back_to_its_handle() {
        let p = people(1);
        for h in [
            "a",
            "john-doe-123",
            "ritika-kulkarni-85718922a",
            "x_y",
            &"z".repeat(28),
        ] {
            let urn = p.urn_for(h);
            assert!(ProfileUrn::is_valid(&urn), "{urn}");
            assert_eq!(urn.rsplit(':').next().map(str::len), Some(39));
            assert_eq!(p.handle_for_urn(&urn).as_deref(), Some(h));
        }
    }

    #[test]
    fn long_handle_urn_maps_back_once_issued() {
        let p = people(1);
        let h = "a-very-long-handle-that-exceeds-the-reversible-size";
        let urn = p.urn_for(h);
        assert!(ProfileUrn::is_valid(&urn));
        assert_eq!(p.handle_for_urn(&urn).as_deref(), Some(h));
    }

    #[test]
    fn made_up_urn_maps_to_no_handle() {
        let p = people(1);
        assert_eq!(
            p.handle_for_urn("urn:li:fsd_profile:ACoAAA24A-MBVEvT49xpVF2gnWrhvmUIPDJshSM"),
            None
        );
    }

    #[test]
    fn pinned_person_overrides_generated_fields() {
        let p = people(42).person("anandi-devi");
        assert_eq!(p.full_name(), "Anandi Devi");
        assert_eq!(
            p.urn,
            "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o"
        );
        assert_eq!(p.location.full(), "Delhi, India");
        assert_eq!(p.location.country_code, "IN");
        assert_eq!(p.connection_count, 958);
        assert!(p.connected && p.is_premium);
        assert_eq!(
            people(42).handle_for_urn(&p.urn).as_deref(),
            Some("anandi-devi")
        );
    }

    #[test]
    fn magic_handles_are_classified() {
        let p = people(1);
        assert_eq!(p.kind("notfound-bob"), HandleKind::NotFound);
        assert_eq!(p.kind("unavailable-bob"), HandleKind::Unavailable);
        assert_eq!(p.kind("bob"), HandleKind::Member);
        assert!(p.person("connected-bob").connected);
        assert!(!p.person("bob-smith").connected);
    }

    #[test]
    fn name_follows_a_name_like_handle() {
        let p = people(1).person("ritika-kulkarni-85718922a");
        assert_eq!(
            (p.first_name.as_str(), p.last_name.as_str()),
            ("Ritika", "Kulkarni")
        );
    }
}
