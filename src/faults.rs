//! Fault injection (SPEC C-8, AT-6): rules from the scenario plus rules queued
//! through the admin API. This module decides whether a request is hit; the
//! provider that serves it decides where in its flow the fault strikes (after
//! authentication, where the real service would call upstream) and renders it
//! in its own error shape.

use parking_lot::Mutex;
use serde::Serialize;
use utoipa::ToSchema;

use crate::scenario::{FaultRule, ProviderName};

/// A fault that hit a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fault {
    pub status: u16,
    pub latency_ms: u64,
}

/// A rule in force, as `GET /__admin/faults` lists it: the rule's fields plus
/// `remaining` and `source`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActiveFault {
    #[serde(flatten)]
    #[schema(inline)]
    pub rule: FaultRuleView,
    /// Hits left; null = unlimited.
    pub remaining: Option<u32>,
    /// `scenario` or `admin`.
    #[schema(example = "admin")]
    pub source: &'static str,
}

/// The rule part of [`ActiveFault`] (same fields as a `FaultRule`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FaultRuleView {
    pub provider: ProviderName,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
}

impl From<&FaultRule> for FaultRuleView {
    fn from(r: &FaultRule) -> Self {
        FaultRuleView {
            provider: r.provider,
            path: r.path.clone(),
            status: r.status.0,
            times: r.times,
            probability: r.probability.map(|p| p.0),
            latency_ms: r.latency_ms.map(|m| m.0),
        }
    }
}

/// A rule with its bookkeeping.
#[derive(Debug, Clone)]
struct Rule {
    rule: FaultRule,
    remaining: Option<u32>,
    source: &'static str,
}

impl Rule {
    fn view(&self) -> ActiveFault {
        ActiveFault {
            rule: FaultRuleView::from(&self.rule),
            remaining: self.remaining,
            source: self.source,
        }
    }
}

#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<Vec<Rule>>,
}

impl Faults {
    pub fn new(scenario_rules: &[FaultRule]) -> Faults {
        Faults {
            rules: Mutex::new(
                scenario_rules
                    .iter()
                    .map(|r| Rule {
                        rule: r.clone(),
                        remaining: r.times,
                        source: "scenario",
                    })
                    .collect(),
            ),
        }
    }

    /// Queues an admin rule; `times` defaults to 1.
    pub fn queue(&self, rule: FaultRule) -> ActiveFault {
        let active = Rule {
            remaining: Some(rule.times.unwrap_or(1)),
            rule,
            source: "admin",
        };
        let view = active.view();
        self.rules.lock().push(active);
        view
    }

    pub fn list(&self) -> Vec<ActiveFault> {
        self.rules.lock().iter().map(Rule::view).collect()
    }

    pub fn clear(&self) {
        self.rules.lock().clear();
    }

    /// Whether this request is hit. `roll` draws a number in 0..1 (from the
    /// scenario's seeded generator) for rules with a probability. The first
    /// matching rule that fires is used up by one.
    pub fn take(
        &self,
        provider: ProviderName,
        path: &str,
        mut roll: impl FnMut() -> f64,
    ) -> Option<Fault> {
        let mut rules = self.rules.lock();
        let mut hit = None;
        for (i, r) in rules.iter_mut().enumerate() {
            if r.rule.provider != provider
                || r.rule.path.as_deref().is_some_and(|p| p != path)
                || r.remaining == Some(0)
            {
                continue;
            }
            if let Some(p) = r.rule.probability {
                if roll() >= p.0 {
                    continue;
                }
            }
            if let Some(n) = r.remaining.as_mut() {
                *n -= 1;
            }
            hit = Some((
                i,
                Fault {
                    status: r.rule.status.0,
                    latency_ms: r.rule.latency_ms.map_or(0, |m| m.0),
                },
            ));
            break;
        }
        let (i, fault) = hit?;
        if rules[i].remaining == Some(0) {
            rules.remove(i);
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{FaultStatus, Probability};

    fn rule(path: Option<&str>, times: Option<u32>, p: Option<f64>) -> FaultRule {
        FaultRule {
            provider: ProviderName::Atomus,
            path: path.map(str::to_string),
            status: FaultStatus(502),
            times,
            probability: p.map(Probability),
            latency_ms: None,
        }
    }

    #[test]
    fn queued_fault_fires_once_by_default_then_is_gone() {
        let f = Faults::default();
        f.queue(rule(Some("/v1/x"), None, None));
        assert_eq!(f.take(ProviderName::Atomus, "/v1/y", || 0.0), None);
        assert_eq!(f.take(ProviderName::Outx, "/v1/x", || 0.0), None);
        assert_eq!(
            f.take(ProviderName::Atomus, "/v1/x", || 0.0)
                .map(|x| x.status),
            Some(502)
        );
        assert_eq!(f.take(ProviderName::Atomus, "/v1/x", || 0.0), None);
        assert!(f.list().is_empty());
    }

    #[test]
    fn scenario_fault_without_times_never_runs_out() {
        let f = Faults::new(&[rule(None, None, None)]);
        for _ in 0..100 {
            assert!(f.take(ProviderName::Atomus, "/anything", || 0.0).is_some());
        }
    }

    #[test]
    fn probability_fault_fires_only_when_the_roll_is_below_it() {
        let f = Faults::new(&[rule(None, None, Some(0.25))]);
        assert!(f.take(ProviderName::Atomus, "/p", || 0.3).is_none());
        assert!(f.take(ProviderName::Atomus, "/p", || 0.2).is_some());
    }
}
