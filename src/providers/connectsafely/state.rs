//! This provider's state for one world: every LinkedIn account the scenario
//! names, each with its own lock around its rules (so limits count per
//! account, not per key, and accounts never wait on each other), plus its
//! fixed list of profile visits. Accounts are known up front, so the map
//! itself never changes after construction and needs no lock.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use parking_lot::Mutex;

use super::content::{ContentLimits, ContentState};
use super::logic::{AccountState, Limits};
use super::steps::ActionState;
use super::visitors::{generate, Visit};
use crate::scenario::Scenario;

/// Per-scenario state of this provider.
#[derive(Debug)]
pub struct State {
    limits: Limits,
    content_limits: ContentLimits,
    accounts: HashMap<String, Account>,
}

#[derive(Debug)]
pub struct Account {
    pub premium: bool,
    /// Built on first use, so loading a scenario costs time in proportion
    /// to its size, not to the visitor counts it names (C-12).
    visits: OnceLock<Vec<Visit>>,
    /// (seed, id, visitors, anonymous, start): what the visits are made from.
    visit_source: (u64, String, u32, u32, DateTime<Utc>),
    /// Hold only for one rule call; never across an `.await`.
    pub rules: Mutex<AccountState>,
    /// Daily MESSAGE and FOLLOW windows, `lastUsed`, sync bookkeeping.
    /// Taken before any lock of the LinkedIn network, never after.
    pub actions: Mutex<ActionState>,
    /// Posts and groups budgets and upload assets; its own lock, so these
    /// routes never wait on profile fetches. Never held across an `.await`.
    pub content: Mutex<ContentState>,
}

impl Account {
    /// Who viewed this account's profile, newest first.
    pub fn visits(&self) -> &[Visit] {
        self.visits.get_or_init(|| {
            let (seed, id, recent, anonymous, start) = &self.visit_source;
            generate(*seed, id, *recent, *anonymous, *start)
        })
    }
}

impl State {
    pub fn new(scenario: &Scenario, start: DateTime<Utc>) -> State {
        let mut accounts = HashMap::new();
        for key in &scenario.connectsafely.keys {
            for a in &key.accounts {
                // An account listed under two keys is one LinkedIn account;
                // the scenario check makes every listing describe it alike.
                accounts.entry(a.id.0.clone()).or_insert_with(|| Account {
                    premium: a.premium,
                    visits: OnceLock::new(),
                    visit_source: (
                        scenario.seed,
                        a.id.0.clone(),
                        a.visitors,
                        a.anonymous_visitors,
                        start,
                    ),
                    rules: Mutex::new(AccountState::default()),
                    actions: Mutex::new(ActionState {
                        last_used: Some(start),
                        ..ActionState::default()
                    }),
                    content: Mutex::new(ContentState::default()),
                });
            }
        }
        State {
            limits: Limits::from_scenario(&scenario.connectsafely.limits),
            content_limits: ContentLimits::from_scenario(&scenario.connectsafely.limits),
            accounts,
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    pub fn content_limits(&self) -> &ContentLimits {
        &self.content_limits
    }

    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.get(id)
    }
}
