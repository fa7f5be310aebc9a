//! The request journal (SPEC C-8): what clients sent and what they got, for
//! tests to assert on. It owns masking of secrets and the bound on its size;
//! it does not decide which requests are recorded (the HTTP layer does).

use std::collections::{BTreeMap, VecDeque};

use parking_lot::Mutex;
use serde::Serialize;
use utoipa::ToSchema;

use crate::scenario::ProviderName;

/// One recorded request.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// Virtual time the request arrived.
    pub at: String,
    /// Provider that served it; null for paths no provider serves.
    pub provider: Option<ProviderName>,
    pub method: String,
    pub path: String,
    /// Raw query string, secrets masked ("" when none).
    pub query: String,
    /// Lower-case header names; repeated headers joined with ", ".
    pub headers: BTreeMap<String, String>,
    /// The body as JSON when it parses, else as text; null when empty.
    #[schema(value_type = Object)]
    pub request_body: serde_json::Value,
    pub status: u16,
    /// Wall-clock time to answer, including injected latency.
    pub duration_ms: f64,
}

/// A bounded, newest-last list of requests.
#[derive(Debug)]
pub struct Journal {
    max: usize,
    entries: Mutex<VecDeque<JournalEntry>>,
}

impl Journal {
    pub fn new(max: usize) -> Journal {
        Journal {
            max,
            // Grown on use: a session that is never called must stay small (C-11).
            entries: Mutex::new(VecDeque::new()),
        }
    }

    pub fn record(&self, entry: JournalEntry) {
        if self.max == 0 {
            return;
        }
        let mut e = self.entries.lock();
        while e.len() >= self.max {
            e.pop_front();
        }
        e.push_back(entry);
    }

    /// The newest `limit` entries of `provider` (all when None), oldest first.
    pub fn list(&self, provider: Option<ProviderName>, limit: Option<usize>) -> Vec<JournalEntry> {
        let e = self.entries.lock();
        let matching: Vec<&JournalEntry> = e
            .iter()
            .filter(|x| provider.is_none() || x.provider == provider)
            .collect();
        let skip = limit.map_or(0, |l| matching.len().saturating_sub(l));
        matching.into_iter().skip(skip).cloned().collect()
    }

    pub fn clear(&self) {
        self.entries.lock().clear();
    }
}

/// `****` and the last four characters.
pub fn mask(secret: &str) -> String {
    let tail: String = {
        let chars: Vec<char> = secret.chars().collect();
        chars[chars.len().saturating_sub(4)..].iter().collect()
    };
    format!("****{tail}")
}

/// Replaces every occurrence of each secret in `text` by its mask.
pub fn mask_all(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), &mask(s));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(i: usize) -> JournalEntry {
        JournalEntry {
            at: String::new(),
            provider: Some(ProviderName::Outx),
            method: "GET".into(),
            path: format!("/{i}"),
            query: String::new(),
            headers: BTreeMap::new(),
            request_body: serde_json::Value::Null,
            status: 200,
            duration_ms: 0.0,
        }
    }

    #[test]
    fn journal_keeps_only_the_newest_entries() {
        let j = Journal::new(3);
        for i in 0..5 {
            j.record(entry(i));
        }
        let paths: Vec<String> = j.list(None, None).into_iter().map(|e| e.path).collect();
        assert_eq!(paths, ["/2", "/3", "/4"]);
        assert_eq!(j.list(None, Some(1))[0].path, "/4");
    }

    #[test]
    fn mask_keeps_last_four_characters() {
        assert_eq!(mask("cs_live_demo"), "****demo");
        assert_eq!(mask("ab"), "****ab");
        assert_eq!(
            mask_all("Bearer cs_live_demo", &["cs_live_demo".into()]),
            "Bearer ****demo"
        );
    }
}
