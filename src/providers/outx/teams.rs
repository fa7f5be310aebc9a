//! Teams, their API keys and the browser-plugin rule (OX-AUTH, OX-PLUGIN).
//!
//! Built once per world from the scenario and the clock's start; afterwards
//! read-only, so it needs no lock. Whether the plugin counts is a function of
//! the clock's `now`, so a team whose plugin was last seen 47 h before start
//! lapses an hour into the run.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use crate::scenario::{OutxConfig, OutxTeam};

use super::tasks::seconds;

/// How long after its last activity the plugin still counts (OX-PLUGIN).
pub const PLUGIN_WINDOW_HOURS: i64 = 48;

/// When a team's plugin counts as recently active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plugin {
    /// `pluginActive: true`: a member's plugin is running throughout.
    Always,
    /// Last active at some time; counts strictly before `until` (= that + 48 h).
    Until(DateTime<Utc>),
    /// Never installed.
    Never,
}

impl Plugin {
    /// The rule for `team` on a clock that started at `start`.
    pub fn for_team(team: &OutxTeam, start: DateTime<Utc>) -> Plugin {
        if team.plugin_active {
            return Plugin::Always;
        }
        match team.plugin_last_active_hours_ago {
            None => Plugin::Never,
            Some(h) => {
                let last = start
                    .checked_sub_signed(seconds(h.0 * 3600.0))
                    .unwrap_or(DateTime::<Utc>::MIN_UTC);
                Plugin::Until(
                    last.checked_add_signed(Duration::hours(PLUGIN_WINDOW_HOURS))
                        .unwrap_or(DateTime::<Utc>::MAX_UTC),
                )
            }
        }
    }

    pub fn active_at(&self, now: DateTime<Utc>) -> bool {
        match self {
            Plugin::Always => true,
            Plugin::Until(until) => now < *until,
            Plugin::Never => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: String,
    pub plugin: Plugin,
}

/// Every team, found by any of its keys.
#[derive(Debug, Default)]
pub struct Teams {
    teams: Vec<Team>,
    by_key: HashMap<String, usize>,
}

impl Teams {
    pub fn new(config: &OutxConfig, start: DateTime<Utc>) -> Teams {
        let mut teams = Teams::default();
        for t in &config.teams {
            let index = teams.teams.len();
            teams.teams.push(Team {
                id: t.id.clone(),
                plugin: Plugin::for_team(t, start),
            });
            for k in &t.keys {
                teams.by_key.insert(k.0.clone(), index);
            }
        }
        teams
    }

    /// The team owning `key`, compared exactly.
    pub fn by_key(&self, key: &str) -> Option<&Team> {
        self.by_key.get(key).and_then(|&i| self.teams.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{ApiKey, NonNegative};

    fn team(active: bool, hours_ago: Option<f64>) -> OutxTeam {
        OutxTeam {
            id: "t".into(),
            keys: vec![ApiKey("k".into())],
            plugin_active: active,
            plugin_last_active_hours_ago: hours_ago.map(NonNegative),
        }
    }

    fn start() -> DateTime<Utc> {
        "2024-01-15T10:30:00Z".parse().unwrap()
    }

    #[test]
    fn an_active_plugin_counts_forever() {
        let p = Plugin::for_team(&team(true, None), start());
        assert!(p.active_at(start() + Duration::days(3650)));
    }

    #[test]
    fn a_plugin_last_seen_72_hours_ago_does_not_count() {
        let p = Plugin::for_team(&team(false, Some(72.0)), start());
        assert!(!p.active_at(start()));
    }

    #[test]
    fn a_plugin_last_seen_47_hours_ago_lapses_one_hour_into_the_run() {
        let p = Plugin::for_team(&team(false, Some(47.0)), start());
        assert!(p.active_at(start() + Duration::minutes(59)));
        assert!(!p.active_at(start() + Duration::hours(1)));
    }

    #[test]
    fn a_plugin_never_seen_never_counts() {
        let p = Plugin::for_team(&team(false, None), start());
        assert!(!p.active_at(start()));
    }

    #[test]
    fn keys_find_their_team() {
        let cfg = OutxConfig {
            teams: vec![team(true, None)],
            ..OutxConfig::default()
        };
        let teams = Teams::new(&cfg, start());
        assert_eq!(teams.by_key("k").map(|t| t.id.as_str()), Some("t"));
        assert!(teams.by_key("K").is_none());
    }
}
