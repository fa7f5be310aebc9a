//! Actor runs on the virtual clock (AP-1, AP-2): what a run was asked to do,
//! when it turns `RUNNING` and `SUCCEEDED` (or `ABORTED`), which dataset
//! items and log lines exist at a given moment, and the bounded store of runs.
//! A run's plan is fixed when it starts; its progress is a function of `now`,
//! so readers clone an `Arc` and release the store's lock at once. Only two
//! things change later, each behind its own small lock: an abort, and the
//! stored input, which the byte budget may drop (issue 10 item 4).

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use parking_lot::Mutex;
use serde_json::Value;

use actix_web::web::Bytes;

use super::model::{ChargedEvents, Run, RunListItem, RunMeta, RunOptions, RunStats};
use crate::clock::iso;
use crate::people::{HandleKind, People};
use crate::providers::atomus::rules::{enrich, profile_handle};

/// What a found profile costs on the actor's price list (mocklink's choice).
pub const PRICE_PER_PROFILE_USD: f64 = 0.004;
/// Most URLs in one run (AP-1).
pub const MAX_URLS: usize = 5000;
/// Most bytes the stored runs may retain (inputs and their URLs), 64 MiB:
/// past it the oldest finished runs' stored input goes first (issue 10
/// item 4), so `maxRuns` runs of 1 MiB inputs cannot hold a gigabyte.
pub const MAX_RETAINED_BYTES: usize = 64 * 1024 * 1024;
/// `buildNumber` of every run: PY 3.x's pattern wants `x.y.z` with z ≥ 1.
pub const BUILD_NUMBER: &str = "0.0.1";

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
    pub fn url(&self) -> &str {
        match self {
            Item::Found { url, .. }
            | Item::NotFound { url, .. }
            | Item::Unavailable { url, .. }
            | Item::Invalid { url }
            | Item::NoCredits { url } => url,
        }
    }

    /// How the item came out, in a log line's words.
    fn outcome(&self) -> &'static str {
        match self {
            Item::Found { .. } => "profile found",
            Item::NotFound { .. } => "no such member",
            Item::Unavailable { .. } => "profile unavailable",
            Item::Invalid { .. } => "not a LinkedIn profile URL",
            Item::NoCredits { .. } => "skipped: no credits left",
        }
    }

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

/// The input a run was started with: its `INPUT` record.
#[derive(Debug, Clone)]
pub struct StoredInput {
    pub content_type: String,
    pub body: Bytes,
}

/// A run: its plan fixed at creation, plus an abort and the stored input.
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
    /// When the run was aborted, if it was before it finished.
    aborted_at: Mutex<Option<DateTime<Utc>>>,
    /// None once the byte budget dropped it.
    input: Mutex<Option<StoredInput>>,
}

/// Everything a run is made of except what changes later.
#[derive(Debug)]
pub struct Plan {
    pub id: String,
    pub act_id: String,
    pub user_id: String,
    pub started_at: DateTime<Utc>,
    pub running_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub per_url: Duration,
    pub simulated_secs: f64,
    pub items: Vec<Item>,
    pub billed: u64,
    pub dataset_id: String,
    pub key_value_store_id: String,
    pub request_queue_id: String,
    pub build_id: String,
    pub user_agent: Option<String>,
    pub options: RunOptions,
    pub input: StoredInput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ready,
    Running,
    Succeeded,
    Aborted,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ready => "READY",
            Status::Running => "RUNNING",
            Status::Succeeded => "SUCCEEDED",
            Status::Aborted => "ABORTED",
        }
    }

    pub fn is_terminal(self) -> bool {
        matches!(self, Status::Succeeded | Status::Aborted)
    }
}

/// Seconds as a chrono duration (fractions kept to the microsecond).
pub fn seconds(s: f64) -> Duration {
    Duration::microseconds((s * 1_000_000.0).clamp(0.0, 1.0e15).round() as i64)
}

/// One log line: Apify's `2017-07-14T06:00:49.733Z message` form, which the
/// clients split messages on. Control characters of user input (a URL with a
/// newline) would start a false line, so they become spaces.
fn log_line(at: DateTime<Utc>, message: &str) -> String {
    let clean: String = message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("{} {clean}\n", iso(at))
}

impl RunRecord {
    pub fn new(plan: Plan) -> RunRecord {
        RunRecord {
            input_body_len: plan.input.body.len(),
            id: plan.id,
            act_id: plan.act_id,
            user_id: plan.user_id,
            started_at: plan.started_at,
            running_at: plan.running_at,
            finished_at: plan.finished_at,
            per_url: plan.per_url,
            simulated_secs: plan.simulated_secs,
            items: plan.items,
            billed: plan.billed,
            dataset_id: plan.dataset_id,
            key_value_store_id: plan.key_value_store_id,
            request_queue_id: plan.request_queue_id,
            build_id: plan.build_id,
            user_agent: plan.user_agent,
            options: plan.options,
            aborted_at: Mutex::new(None),
            input: Mutex::new(Some(plan.input)),
        }
    }

    pub fn aborted_at(&self) -> Option<DateTime<Utc>> {
        *self.aborted_at.lock()
    }

    pub fn status(&self, now: DateTime<Utc>) -> Status {
        if self.aborted_at().is_some() {
            Status::Aborted
        } else if now < self.running_at {
            Status::Ready
        } else if now < self.finished_at {
            Status::Running
        } else {
            Status::Succeeded
        }
    }

    /// When the run ended (finished or aborted), if it has by `now`.
    pub fn ended_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.aborted_at() {
            Some(a) => Some(a),
            None => (now >= self.finished_at).then_some(self.finished_at),
        }
    }

    /// When item `i` is written: one `per_url` of running after the last.
    fn reached_at(&self, i: usize) -> DateTime<Utc> {
        let per = self.per_url.num_microseconds().unwrap_or(0);
        if per <= 0 {
            return self.running_at;
        }
        let steps = i64::try_from(i + 1).unwrap_or(i64::MAX);
        crate::clock::after(
            self.running_at,
            Duration::microseconds(per.saturating_mul(steps)),
        )
    }

    /// Items written by `t` on the plan, ignoring any abort.
    fn done_by(&self, t: DateTime<Utc>) -> usize {
        if t < self.running_at {
            return 0;
        }
        if t >= self.finished_at {
            return self.items.len();
        }
        let per = self.per_url.num_microseconds().unwrap_or(0);
        let ran = (t - self.running_at).num_microseconds().unwrap_or(0);
        if per <= 0 {
            self.items.len()
        } else {
            usize::try_from(ran / per)
                .unwrap_or(0)
                .min(self.items.len())
        }
    }

    /// Items written to the dataset by `now` (an aborted run stops where the
    /// abort found it).
    pub fn items_done(&self, now: DateTime<Utc>) -> usize {
        self.done_by(self.aborted_at().unwrap_or(now))
    }

    /// Found profiles written by `now` that were billed.
    fn charged(&self, now: DateTime<Utc>) -> u64 {
        let found = self.items[..self.items_done(now)]
            .iter()
            .filter(|i| matches!(i, Item::Found { .. }))
            .count() as u64;
        found.min(self.billed)
    }

    /// Aborts a run that has not ended: it stops where it is and the credits
    /// of the found profiles it had not reached are owed back (returned).
    /// None when it had already ended, so nothing changes.
    pub fn abort(&self, now: DateTime<Utc>) -> Option<u64> {
        let mut aborted = self.aborted_at.lock();
        if aborted.is_some() || now >= self.finished_at {
            return None;
        }
        // The clock may have been set back before the start: never earlier.
        let at = now.max(self.started_at);
        *aborted = Some(at);
        drop(aborted);
        Some(self.billed - self.charged(at))
    }

    /// The items written by `now`, as dataset items.
    pub fn dataset(&self, people: &People, now: DateTime<Utc>) -> Vec<Value> {
        self.items[..self.items_done(now)]
            .iter()
            .map(|i| i.render(people))
            .collect()
    }

    /// The run's log up to `now`, from line `skip` on: a line when it
    /// starts, one per URL as it is processed, and one when it ends. Lines
    /// only ever get added, so a stream sends `log_from(now, sent)`.
    pub fn log_from(&self, now: DateTime<Utc>, skip: usize) -> Vec<String> {
        let n = self.items.len();
        let mut lines = Vec::new();
        if skip == 0 {
            lines.push(log_line(
                self.started_at,
                &format!("ACTOR: Run started, {n} URLs to enrich"),
            ));
        }
        let done = self.items_done(now);
        for (i, item) in self.items[..done]
            .iter()
            .enumerate()
            .skip(skip.saturating_sub(1))
        {
            lines.push(log_line(
                self.reached_at(i),
                &format!("INFO [{}/{n}] {}: {}", i + 1, item.url(), item.outcome()),
            ));
        }
        if skip <= done + 1 {
            match (self.aborted_at(), self.ended_at(now)) {
                (Some(at), _) => lines.push(log_line(
                    at,
                    &format!("ACTOR: Run aborted after {done} of {n} URLs"),
                )),
                (None, Some(at)) => lines.push(log_line(
                    at,
                    &format!("ACTOR: Run finished, {n} URLs enriched"),
                )),
                (None, None) => {}
            }
        }
        lines
    }

    /// The stored input, unless the byte budget dropped it.
    pub fn input(&self) -> Option<StoredInput> {
        self.input.lock().clone()
    }

    fn input_len(&self) -> usize {
        self.input.lock().as_ref().map_or(0, |i| i.body.len())
    }

    /// Drops the stored input; returns the bytes freed.
    fn drop_input(&self) -> usize {
        self.input.lock().take().map_or(0, |i| i.body.len())
    }

    /// Bytes of the item URLs (kept as long as the run is).
    fn url_bytes(&self) -> usize {
        self.items.iter().map(|i| i.url().len()).sum()
    }

    /// The `OUTPUT` record: a summary, written when the run ends.
    pub fn output(&self, now: DateTime<Utc>) -> Option<Value> {
        self.ended_at(now)?;
        let done = self.items_done(now);
        let count = |f: fn(&Item) -> bool| self.items[..done].iter().filter(|i| f(i)).count();
        Some(serde_json::json!({
            "status": self.status(now).as_str(),
            "urls": self.items.len(),
            "processed": done,
            "found": count(|i| matches!(i, Item::Found { .. })),
            "notFound": count(|i| matches!(i, Item::NotFound { .. })),
            "errors": count(|i| !matches!(i, Item::Found { .. } | Item::NotFound { .. })),
            "chargedProfiles": self.charged(now),
            "datasetId": self.dataset_id,
        }))
    }

    /// The run as Apify shows it at `now`.
    pub fn view(&self, now: DateTime<Utc>) -> Run {
        let status = self.status(now);
        let done = self.items_done(now);
        let n = self.items.len();
        let charged = self.charged(now);
        let ended = self.ended_at(now);
        let run_time_secs = match ended {
            // A sync run is done at once but shows the time it simulated.
            Some(_) if status == Status::Succeeded => self.simulated_secs,
            Some(at) => (at - self.running_at).num_milliseconds().max(0) as f64 / 1000.0,
            None if status == Status::Ready => 0.0,
            None => (now - self.running_at).num_milliseconds().max(0) as f64 / 1000.0,
        };
        let status_message = match status {
            Status::Ready => "Starting the run".to_string(),
            Status::Running => format!("Enriched {done} of {n} profiles"),
            Status::Succeeded => format!("Finished! Enriched {n} profiles, {charged} charged"),
            Status::Aborted => format!("Aborted after {done} of {n} profiles"),
        };
        Run {
            id: self.id.clone(),
            act_id: self.act_id.clone(),
            user_id: self.user_id.clone(),
            actor_task_id: None,
            started_at: iso(self.started_at),
            finished_at: ended.map(iso),
            status: status.as_str(),
            status_message,
            is_status_message_terminal: status.is_terminal(),
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
            build_number: BUILD_NUMBER,
            general_access: "FOLLOW_USER_SETTING",
            exit_code: (status == Status::Succeeded).then_some(0),
            default_key_value_store_id: self.key_value_store_id.clone(),
            default_dataset_id: self.dataset_id.clone(),
            default_request_queue_id: self.request_queue_id.clone(),
            usage_total_usd: usd(charged),
            charged_event_counts: ChargedEvents {
                profile_found: charged,
            },
        }
    }

    /// The run as a runs list shows it.
    pub fn list_item(&self, now: DateTime<Utc>) -> RunListItem {
        let status = self.status(now);
        RunListItem {
            id: self.id.clone(),
            act_id: self.act_id.clone(),
            user_id: self.user_id.clone(),
            actor_task_id: None,
            status: status.as_str(),
            started_at: iso(self.started_at),
            finished_at: self.ended_at(now).map(iso),
            build_id: self.build_id.clone(),
            build_number: BUILD_NUMBER,
            meta: RunMeta {
                origin: "API",
                user_agent: self.user_agent.clone(),
            },
            usage_total_usd: usd(self.charged(now)),
            default_key_value_store_id: self.key_value_store_id.clone(),
            default_dataset_id: self.dataset_id.clone(),
            default_request_queue_id: self.request_queue_id.clone(),
        }
    }
}

fn usd(charged: u64) -> f64 {
    (charged as f64 * PRICE_PER_PROFILE_USD * 1e6).round() / 1e6
}

/// The runs kept: at most `max` of them, and at most `max_bytes` of inputs
/// and URLs. When full, the oldest finished run goes first, else the oldest
/// run; over the byte budget, the oldest finished runs' stored input goes
/// first, then the oldest finished runs, then the oldest inputs of all.
#[derive(Debug)]
pub struct Runs {
    max: usize,
    max_bytes: usize,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    runs: HashMap<String, Arc<RunRecord>>,
    /// Run ids, oldest first.
    order: VecDeque<String>,
    /// Dataset id → run id.
    datasets: HashMap<String, String>,
    /// Key-value store id → run id.
    stores: HashMap<String, String>,
    /// Input and URL bytes of every run kept.
    bytes: usize,
}

impl Inner {
    fn remove_at(&mut self, pos: usize) {
        let Some(id) = self.order.remove(pos) else {
            return;
        };
        if let Some(old) = self.runs.remove(&id) {
            self.datasets.remove(&old.dataset_id);
            self.stores.remove(&old.key_value_store_id);
            self.bytes = self.bytes.saturating_sub(old.input_len() + old.url_bytes());
        }
    }

    /// Position of the oldest run matching `f`.
    fn oldest(&self, f: impl Fn(&RunRecord) -> bool) -> Option<usize> {
        self.order
            .iter()
            .position(|id| self.runs.get(id).is_some_and(|r| f(r)))
    }
}

impl Runs {
    pub fn new(max: usize, max_bytes: usize) -> Runs {
        Runs {
            max: max.max(1),
            max_bytes,
            inner: Mutex::new(Inner::default()),
        }
    }

    pub fn insert(&self, run: RunRecord, now: DateTime<Utc>) -> Arc<RunRecord> {
        let run = Arc::new(run);
        let mut inner = self.inner.lock();
        let ended = |r: &RunRecord| r.ended_at(now).is_some();
        while inner.runs.len() >= self.max {
            let victim = inner.oldest(ended).unwrap_or(0);
            let before = inner.runs.len();
            inner.remove_at(victim);
            if inner.runs.len() == before {
                break;
            }
        }
        inner.bytes += run.input_len() + run.url_bytes();
        inner.order.push_back(run.id.clone());
        inner
            .datasets
            .insert(run.dataset_id.clone(), run.id.clone());
        inner
            .stores
            .insert(run.key_value_store_id.clone(), run.id.clone());
        inner.runs.insert(run.id.clone(), run.clone());
        while inner.bytes > self.max_bytes {
            if let Some(pos) = inner.oldest(|r| ended(r) && r.input_len() > 0) {
                let freed = inner.runs[&inner.order[pos]].drop_input();
                inner.bytes = inner.bytes.saturating_sub(freed);
            } else if let Some(pos) = inner.oldest(|r| ended(r) && r.id != run.id) {
                inner.remove_at(pos);
            } else if let Some(pos) = inner.oldest(|r| r.input_len() > 0) {
                let freed = inner.runs[&inner.order[pos]].drop_input();
                inner.bytes = inner.bytes.saturating_sub(freed);
            } else {
                // Only the URLs of running runs are left: they are bounded
                // by `max` runs of at most one 1 MiB body each.
                break;
            }
        }
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

    pub fn by_store(&self, store_id: &str) -> Option<Arc<RunRecord>> {
        let inner = self.inner.lock();
        let id = inner.stores.get(store_id)?;
        inner.runs.get(id).cloned()
    }

    /// The runs of `user_id` on `act_id`, oldest first.
    pub fn of(&self, act_id: &str, user_id: &str) -> Vec<Arc<RunRecord>> {
        let inner = self.inner.lock();
        inner
            .order
            .iter()
            .filter_map(|id| inner.runs.get(id))
            .filter(|r| r.act_id == act_id && r.user_id == user_id)
            .cloned()
            .collect()
    }

    /// Input and URL bytes the store holds now.
    pub fn retained_bytes(&self) -> usize {
        self.inner.lock().bytes
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
        record_with_input(id, start, n, 0)
    }

    fn record_with_input(id: &str, start: DateTime<Utc>, n: usize, input: usize) -> RunRecord {
        let running_at = start + seconds(2.0);
        RunRecord::new(Plan {
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
            user_agent: None,
            options: RunOptions {
                build: "latest".into(),
                timeout_secs: 3600,
                memory_mbytes: 1024,
                disk_mbytes: 2048,
            },
            input: StoredInput {
                content_type: "application/json".into(),
                body: Bytes::from(vec![b' '; input]),
            },
        })
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
        let runs = Runs::new(2, MAX_RETAINED_BYTES);
        runs.insert(record("old-unfinished", t, 10_000), t);
        runs.insert(record("finished", t - seconds(100.0), 1), t);
        runs.insert(record("new", t, 1), t);
        assert_eq!(runs.len(), 2);
        assert!(runs.get("finished").is_none());
        assert!(runs.get("old-unfinished").is_some());
        assert!(runs.by_dataset("ds-finished").is_none());
    }

    #[test]
    fn an_abort_stops_the_run_where_it_is_and_owes_back_the_unreached_profiles() {
        // catalog #12: ABORTED, the dataset keeps what was produced, and the
        // found profiles not reached are not billed.
        let t = at("2024-01-15T10:30:00Z");
        let r = record("r", t, 4);
        let refund = r.abort(t + seconds(3.2));
        assert_eq!(refund, Some(2));
        let later = t + seconds(100.0);
        assert_eq!(r.status(later), Status::Aborted);
        assert_eq!(r.items_done(later), 2);
        let v = r.view(later);
        assert_eq!(v.status, "ABORTED");
        assert_eq!(v.charged_event_counts.profile_found, 2);
        assert_eq!(v.finished_at.as_deref(), Some("2024-01-15T10:30:03.200Z"));
        assert_eq!(r.abort(later), None, "a second abort changes nothing");
        let done = record("d", t, 1);
        assert_eq!(done.abort(later), None, "a finished run is not aborted");
        assert_eq!(done.status(later), Status::Succeeded);
    }

    #[test]
    fn the_log_has_a_line_per_url_as_the_clock_reaches_it_and_one_at_the_end() {
        // catalog #5: timestamped lines, the first at once, the last at the end.
        let t = at("2024-01-15T10:30:00Z");
        let r = record("r", t, 3);
        let at_start = r.log_from(t, 0);
        assert_eq!(at_start.len(), 1);
        assert!(at_start[0].starts_with("2024-01-15T10:30:00.000Z "));
        let mid = r.log_from(t + seconds(3.0), 0);
        assert_eq!(mid.len(), 3, "{mid:?}");
        assert!(mid[2]
            .starts_with("2024-01-15T10:30:03.000Z INFO [2/3] https://www.linkedin.com/in/p1"));
        let end = r.log_from(t + seconds(10.0), 0);
        assert_eq!(end.len(), 5);
        assert!(end[4].contains("Run finished"), "{}", end[4]);
        assert_eq!(r.log_from(t + seconds(10.0), 3), end[3..].to_vec());
        assert!(end
            .iter()
            .all(|l| l.ends_with('\n') && l.matches('\n').count() == 1));
    }

    #[test]
    fn retained_bytes_stay_under_the_budget_dropping_old_finished_inputs_first() {
        // issue 10 item 4: 300 runs of ~1 MiB input may not keep 300 MiB.
        let t = at("2024-01-15T10:30:00Z");
        let budget = 5 * 1024 * 1024;
        let runs = Runs::new(1000, budget);
        for i in 0..40 {
            // Finished runs (started long ago) with 1 MiB inputs.
            runs.insert(
                record_with_input(&format!("old{i}"), t - seconds(1000.0), 1, 1024 * 1024),
                t,
            );
            assert!(
                runs.retained_bytes() <= budget,
                "{} > {budget}",
                runs.retained_bytes()
            );
        }
        assert_eq!(runs.len(), 40, "dropping inputs is enough; the runs stay");
        assert!(runs.get("old0").is_some_and(|r| r.input().is_none()));
        assert!(runs.get("old39").is_some_and(|r| r.input().is_some()));
        // A running run's input outlives older finished runs' inputs.
        runs.insert(record_with_input("live", t, 10_000, 1024 * 1024), t);
        for i in 0..10 {
            runs.insert(
                record_with_input(&format!("new{i}"), t - seconds(1000.0), 1, 1024 * 1024),
                t,
            );
        }
        assert!(runs.retained_bytes() <= budget);
        assert!(runs.get("live").is_some_and(|r| r.input().is_some()));
    }
}
