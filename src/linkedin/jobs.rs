//! Job postings: each directory company posts a few jobs a week, in cities
//! of the place table. A job id spells (week, company, slot), so a job is
//! found from its id alone and searches enumerate a time window cheaply.

use chrono::{DateTime, Duration, Utc};

use super::companies::{Directory, DIRECTORY_SIZE};
use super::ids;
use super::members::TITLES;
use super::places;
use super::posts::epoch;

const JOB_ID_BASE: u64 = 4_000_000_000;
/// Jobs a company posts in one week at most.
const SLOTS: u64 = 4;
const WEEK_MS: i64 = 7 * 86_400_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: u64,
    pub title: String,
    /// Directory index of the posting company.
    pub company: usize,
    pub company_slug: String,
    pub company_name: String,
    pub company_id: u64,
    /// Index into [`places::CITIES`].
    pub city: usize,
    pub description: String,
    pub posted_at: DateTime<Utc>,
    /// `Full-time`, `Part-time`, `Contract`, `Internship`.
    pub employment_type: &'static str,
    /// `On-site`, `Hybrid`, `Remote`.
    pub workplace_type: &'static str,
    pub applicants: u32,
}

impl Job {
    /// `https://www.linkedin.com/jobs/view/<id>/`.
    pub fn url(&self) -> String {
        format!("https://www.linkedin.com/jobs/view/{}/", self.id)
    }

    pub fn location(&self) -> String {
        places::city(self.city).full()
    }
}

/// How many jobs company `c` posts in week `w` (0 to [`SLOTS`]).
fn slots(seed: u64, w: u64, c: u64) -> u64 {
    let h = ids::mix(seed ^ 0x10b5, (w << 16) | c);
    // Most weeks nothing; some weeks a few.
    match h % 10 {
        0..=6 => 0,
        7 | 8 => 1,
        _ => 1 + (h >> 8) % SLOTS,
    }
}

/// The job with this id, if it exists and is posted by `now`.
pub fn job(seed: u64, dir: &Directory, id: u64, now: DateTime<Utc>) -> Option<Job> {
    let v = id.checked_sub(JOB_ID_BASE)?;
    let s = v % SLOTS;
    let c = (v / SLOTS) % DIRECTORY_SIZE as u64;
    let w = v / SLOTS / DIRECTORY_SIZE as u64;
    if s >= slots(seed, w, c) {
        return None;
    }
    let j = build(seed, dir, w, c, s);
    (j.posted_at <= now).then_some(j)
}

fn build(seed: u64, dir: &Directory, w: u64, c: u64, s: u64) -> Job {
    let id = JOB_ID_BASE + (w * DIRECTORY_SIZE as u64 + c) * SLOTS + s;
    let h = ids::mix(seed ^ 0x10b, id);
    let company = dir.at(c as usize);
    // Half the jobs are at headquarters.
    let city = if h.is_multiple_of(2) {
        company.hq_city
    } else {
        ((h >> 4) % places::CITIES.len() as u64) as usize
    };
    let title = TITLES[((h >> 12) % TITLES.len() as u64) as usize].to_string();
    let posted_at =
        epoch() + Duration::milliseconds(w as i64 * WEEK_MS + ((h >> 20) % WEEK_MS as u64) as i64);
    Job {
        id,
        description: format!(
            "{} is hiring a {title} in {}. You will work with a team that {}.",
            company.name,
            places::city(city).name,
            company.tagline.to_lowercase()
        ),
        title,
        company: c as usize,
        company_slug: company.slug.clone(),
        company_name: company.name.clone(),
        company_id: company.id,
        city,
        posted_at,
        employment_type: [
            "Full-time",
            "Full-time",
            "Full-time",
            "Part-time",
            "Contract",
            "Internship",
        ][((h >> 32) % 6) as usize],
        workplace_type: ["On-site", "Hybrid", "Remote"][((h >> 36) % 3) as usize],
        applicants: ((h >> 40) % 300) as u32,
    }
}

/// Jobs posted in `(since, now]`, newest week first, that `keep` accepts.
/// Bounded by the window: at most 1,500 × 4 jobs a week are looked at.
pub fn posted_between(
    seed: u64,
    dir: &Directory,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    mut keep: impl FnMut(&Job) -> bool,
    limit: usize,
) -> Vec<Job> {
    let week_of = |t: DateTime<Utc>| ((t - epoch()).num_milliseconds().max(0) / WEEK_MS) as u64;
    let (first, last) = (week_of(since.max(epoch())), week_of(now));
    let mut out = Vec::new();
    for w in (first..=last).rev() {
        let mut week: Vec<Job> = Vec::new();
        for c in 0..DIRECTORY_SIZE as u64 {
            for s in 0..slots(seed, w, c) {
                let j = build(seed, dir, w, c, s);
                if j.posted_at > since && j.posted_at <= now && keep(&j) {
                    week.push(j);
                }
            }
        }
        week.sort_by(|a, b| b.posted_at.cmp(&a.posted_at).then(a.id.cmp(&b.id)));
        out.extend(week);
        if out.len() >= limit {
            out.truncate(limit);
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_found_in_a_window_is_the_same_by_id() {
        let dir = Directory::new(1, &[]);
        let now: DateTime<Utc> = "2024-06-01T00:00:00Z".parse().unwrap_or_default();
        let jobs = posted_between(1, &dir, now - Duration::days(7), now, |_| true, 50);
        assert!(!jobs.is_empty());
        for j in &jobs {
            assert_eq!(job(1, &dir, j.id, now).as_ref(), Some(j));
            assert_eq!(dir.at(j.company).slug, j.company_slug);
        }
        assert!(jobs.windows(2).all(|w| w[0].posted_at >= w[1].posted_at));
        assert_eq!(job(1, &dir, 17, now), None);
    }
}
