//! Actor runs on the virtual clock (AP-1, AP-2): what a run was asked to do,
//! when it turns `RUNNING` and `SUCCEEDED`, which dataset items exist at a
//! given moment, and the bounded store of runs. A run never changes after it
//! is created; its progress is a function of `now`, so readers clone an `Arc`
//! and release the lock at once.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use parking_lot::Mutex;
use serde_json::Value;

use super::model::{ChargedEvents, Run, RunMeta, RunOptions, RunStats};
use crate::clock::iso;
use crate::people::{HandleKind, People};
use crate::providers::atomus::rules::{enrich, profile_handle};

/// What a found profile costs on the actor's price list (mocklink's choice).
pub const PRICE_PER_PROFILE_USD: f64 = 0.004;
/// Most URLs in one run (AP-1).
pub const MAX_URLS: usize = 5000;

/// How one input URL turns out, decided when the run starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Found and billed (or a test-mode tenant).
    Found {
        url: String,
        handle: String,
    },
    NotFound {
        url: String,
        handle: String,
    },
    Unavailable {
        url: String,
        handle: String,
    },
    /// Not a LinkedIn profile URL.
    Invalid {
        url: String,
    },
    /// Would have been found, but the tenant had no credit left for it.
    NoCredits {
        url: String,
    },
}

impl Item {
    /// The Atomus `data` object for this item (AP-3).
    pub fn render(&self, people: &People) -> Value {
        let data = match self {
            Item::Found { url, handle }
            | Item::NotFound { url, handle }
            | Item::Unavailable { url, handle } => enrich(people, url, handle),
            Item::Invalid { url } => {
                return error_item(
                    url,
                    "validation_failed",
                    "The url is not a valid linkedin.com/in/<handle> profile URL.",
                )
            }
            Item::NoCredits { url } => {
                return error_item(
                    url,
                    "insufficient_credits",
                    "Tenant credit balance is below the request cost. Top up and resend.",
                )
            }
        };
        serde_json::to_value(data).unwrap_or(Value::Null)
    }
}

fn error_item(url: &str, code: &str, message: &str) -> Value {
    serde_json::json!({ "url": url, "status": "error", "code": code, "message": message })
}

/// Sorts URLs into items; `Found` for every member (billing comes after).
pub fn classify(people: &People, urls: &[String]) -> Vec<Item> {
    urls.iter()
        .map(|url| {
            let url = url.clone();
            match profile_handle(&url) {
                None => Item::Invalid { url },
                Some(handle) => match people.kind(&handle) {
                    HandleKind::Member => Item::Found { url, handle },
                    HandleKind::NotFound => Item::NotFound { url, handle },
                    HandleKind::Unavailable => Item::Unavailable { url, handle },
                },
            }
        })
        .collect()
}

/// Turns `Found` items past the first `billed` into `NoCredits`.
pub fn bill(items: &mut [Item], billed: u64) {
    let mut left = billed;
    for item in items.iter_mut() {
        if let Item::Found { url, .. } = item {
            if left > 0 {
                left -= 1;
            } else {
                *item = Item::NoCredits { url: url.clone() };
            }
        }
    }
}

/// A run, fixed at creation.
#[derive(Debug)]
pub struct RunRecord {
    pub id: String,
    pub act_id: String,
    pub user_id: String,
    pub started_at: DateTime<Utc>,
    pub running_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    /// Seconds of run time per URL; 0 = every item at once.
    pub per_url: Duration,
    /// Simulated run time in seconds (shown in stats even for sync runs).
    pub simulated_secs: f64,
    pub items: Vec<Item>,
    /// Credits taken from the tenant (0 for test-mode tenants).
    pub billed: u64,
    pub dataset_id: String,
    pub key_value_store_id: String,
    pub request_queue_id: String,
    pub build_id: String,
    pub input_body_len: usize,
    pub user_agent: Option<String>,
    pub options: RunOptions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ready,
    Running,
    Succeeded,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ready => "READY",
            Status::Running => "RUNNING",
            Status::Succeeded => "SUCCEEDED",
        }
    }
}

/// Seconds as a chrono duration (fractions kept to the microsecond).
pub fn seconds(s: f64) -> Duration {
    Duration::microseconds((s * 1_000_000.0).clamp(0.0, 1.0e15).round() as i64)
}

impl RunRecord {
    pub fn status(&self, now: DateTime<Utc>) -> Status {
        if now < self.running_at {
            Status::Ready
        } else if now < self.finished_at {
            Status::Running
        } else {
            Status::Succeeded
        }
    }

    /// Items written to the dataset by `now`: one per `per_url` of running.
    pub fn items_done(&self, now: DateTime<Utc>) -> usize {
        match self.status(now) {
            Status::Ready => 0,
            Status::Succeeded => self.items.len(),
            Status::Running => {
                let per = self.per_url.num_microseconds().unwrap_or(0);
                let ran = (now - self.running_at).num_microseconds().unwrap_or(0);
                if per <= 0 {
                    self.items.len()
                } else {
                    usize::try_from(ran / per)
                        .unwrap_or(0)
                        .min(self.items.len())
                }
            }
        }
    }

    /// The items written by `now`, as dataset items.
    pub fn dataset(&self, people: &People, now: DateTime<Utc>) -> Vec<Value> {
        self.items[..self.items_done(now)]
            .iter()
            .map(|i| i.render(people))
            .collect()
    }

    /// The run as Apify shows it at `now`.
    pub fn view(&self, now: DateTime<Utc>) -> Run {
        let status = self.status(now);
        let done = self.items_done(now);
        let found = self.items[..done]
            .iter()
            .filter(|i| matches!(i, Item::Found { .. }))
            .count() as u64;
        // Test-mode tenants find profiles but are never charged.
        let charged = found.min(self.billed);
        let run_time_secs = match status {
            Status::Ready => 0.0,
            Status::Running => (now - self.running_at).num_milliseconds() as f64 / 1000.0,
            Status::Succeeded => self.simulated_secs,
        };
        let status_message = match status {
            Status::Ready => "Starting the run".to_string(),
            Status::Running => format!("Enriched {done} of {} profiles", self.items.len()),
            Status::Succeeded => format!(
                "Finished! Enriched {} profiles, {found} found",
                self.items.len()
            ),
        };
        let finished = status == Status::Succeeded;
        Run {
            id: self.id.clone(),
            act_id: self.act_id.clone(),
            user_id: self.user_id.clone(),
            actor_task_id: None,
            started_at: iso(self.started_at),
            finished_at: finished.then(|| iso(self.finished_at)),
            status: status.as_str(),
            status_message,
            is_status_message_terminal: finished,
            meta: RunMeta {
                origin: "API",
                user_agent: self.user_agent.clone(),
            },
            stats: RunStats {
                input_body_len: self.input_body_len,
                restart_count: 0,
                resurrect_count: 0,
                run_time_secs,
                compute_units: run_time_secs * self.options.memory_mbytes as f64 / 1024.0 / 3600.0,
                result_count: done,
            },
            options: self.options.clone(),
            build_id: self.build_id.clone(),
            build_number: "1.0.0",
            exit_code: finished.then_some(0),
            default_key_value_store_id: self.key_value_store_id.clone(),
            default_dataset_id: self.dataset_id.clone(),
            default_request_queue_id: self.request_queue_id.clone(),
            container_url: format!("https://{}.runs.apify.net", self.id.to_ascii_lowercase()),
            usage_total_usd: (charged as f64 * PRICE_PER_PROFILE_USD * 1e6).round() / 1e6,
            charged_event_counts: ChargedEvents {
                profile_found: charged,
            },
        }
    }
}

/// The runs kept, at most `max`; when full, the oldest finished run goes
/// first, else the oldest run.
#[derive(Debug)]
pub struct Runs {
    max: usize,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    runs: HashMap<String, Arc<RunRecord>>,
    /// Run ids, oldest first.
    order: VecDeque<String>,
    /// Dataset id → run id.
    datasets: HashMap<String, String>,
}

impl Runs {
    pub fn new(max: usize) -> Runs {
        Runs {
            max: max.max(1),
            inner: Mutex::new(Inner::default()),
        }
    }

    pub fn insert(&self, run: RunRecord, now: DateTime<Utc>) -> Arc<RunRecord> {
        let run = Arc::new(run);
        let mut inner = self.inner.lock();
        while inner.runs.len() >= self.max {
            let victim = inner
                .order
                .iter()
                .position(|id| inner.runs.get(id).is_some_and(|r| r.finished_at <= now))
                .unwrap_or(0);
            let Some(id) = inner.order.remove(victim) else {
                break;
            };
            if let Some(old) = inner.runs.remove(&id) {
                inner.datasets.remove(&old.dataset_id);
            }
        }
        inner.order.push_back(run.id.clone());
        inner
            .datasets
            .insert(run.dataset_id.clone(), run.id.clone());
        inner.runs.insert(run.id.clone(), run.clone());
        run
    }

    pub fn get(&self, id: &str) -> Option<Arc<RunRecord>> {
        self.inner.lock().runs.get(id).cloned()
    }

    pub fn by_dataset(&self, dataset_id: &str) -> Option<Arc<RunRecord>> {
        let inner = self.inner.lock();
        let id = inner.datasets.get(dataset_id)?;
        inner.runs.get(id).cloned()
    }

    /// The newest run of `user_id` on `act_id` (`/runs/last`).
    pub fn last(&self, act_id: &str, user_id: &str) -> Option<Arc<RunRecord>> {
        let inner = self.inner.lock();
        inner
            .order
            .iter()
            .rev()
            .filter_map(|id| inner.runs.get(id))
            .find(|r| r.act_id == act_id && r.user_id == user_id)
            .cloned()
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.inner.lock().runs.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("time")
    }

    fn record(id: &str, start: DateTime<Utc>, n: usize) -> RunRecord {
        let running_at = start + seconds(2.0);
        RunRecord {
            id: id.into(),
            act_id: "act".into(),
            user_id: "user".into(),
            started_at: start,
            running_at,
            finished_at: running_at + seconds(0.5 * n as f64),
            per_url: seconds(0.5),
            simulated_secs: 2.0 + 0.5 * n as f64,
            items: (0..n)
                .map(|i| Item::Found {
                    url: format!("https://www.linkedin.com/in/p{i}"),
                    handle: format!("p{i}"),
                })
                .collect(),
            billed: n as u64,
            dataset_id: format!("ds-{id}"),
            key_value_store_id: "kvs".into(),
            request_queue_id: "rq".into(),
            build_id: "b".into(),
            input_body_len: 0,
            user_agent: None,
            options: RunOptions {
                build: "latest".into(),
                timeout_secs: 3600,
                memory_mbytes: 1024,
                disk_mbytes: 2048,
            },
        }
    }

    #[test]
    fn a_run_goes_ready_running_succeeded_and_fills_its_dataset_on_the_clock() {
        let t = at("2024-01-15T10:30:00Z");
        let r = record("r", t, 4);
        assert_eq!(r.status(t), Status::Ready);
        assert_eq!(r.status(t + seconds(2.0)), Status::Running);
        assert_eq!(r.items_done(t + seconds(3.2)), 2);
        assert_eq!(r.status(t + seconds(4.0)), Status::Succeeded);
        assert_eq!(r.items_done(t + seconds(4.0)), 4);
        let v = r.view(t + seconds(4.0));
        assert_eq!(v.finished_at.as_deref(), Some("2024-01-15T10:30:04.000Z"));
        assert_eq!(v.exit_code, Some(0));
    }

    #[test]
    fn billing_stops_at_the_credits_available() {
        let mut items = vec![
            Item::Found {
                url: "a".into(),
                handle: "a".into(),
            },
            Item::NotFound {
                url: "b".into(),
                handle: "b".into(),
            },
            Item::Found {
                url: "c".into(),
                handle: "c".into(),
            },
        ];
        bill(&mut items, 1);
        assert!(matches!(items[0], Item::Found { .. }));
        assert!(matches!(items[2], Item::NoCredits { .. }));
    }

    #[test]
    fn the_store_keeps_at_most_max_runs_dropping_finished_ones_first() {
        let t = at("2024-01-15T10:30:00Z");
        let runs = Runs::new(2);
        runs.insert(record("old-unfinished", t, 10_000), t);
        runs.insert(record("finished", t - seconds(100.0), 1), t);
        runs.insert(record("new", t, 1), t);
        assert_eq!(runs.len(), 2);
        assert!(runs.get("finished").is_none());
        assert!(runs.get("old-unfinished").is_some());
        assert!(runs.by_dataset("ds-finished").is_none());
    }
}
