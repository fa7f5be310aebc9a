//! Teams, their members, plans and API keys, and the browser-plugin rule
//! (OX-AUTH, OX-PLUGIN, outx.md §2.1–§2.2, §6).
//!
//! The scenario's teams are built once per world from the scenario and the
//! clock's start; a first one-time-code login adds a team at run time, so the
//! table sits behind a lock held only for a lookup or an insert. Whether the
//! plugin counts is a function of the clock's `now`, so a team whose plugin
//! was last seen 47 h before start lapses an hour into the run.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use parking_lot::RwLock;
use uuid::Uuid;

use crate::scenario::{OutxConfig, OutxTeam};

use super::config::{OutxMember, OutxPlan, OutxRole};
use super::tasks::seconds;

/// How long after its last activity the plugin still counts (OX-PLUGIN).
pub const PLUGIN_WINDOW_HOURS: i64 = 48;

/// Teams a run may add through one-time-code logins; more answer 429, so a
/// client looping over fresh addresses cannot grow memory without bound.
pub const MAX_LOGIN_TEAMS: usize = 10_000;

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

/// A person in a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: Uuid,
    /// Lower case; compared case-insensitively.
    pub email: String,
    pub full_name: String,
    pub admin: bool,
    pub joined_at: DateTime<Utc>,
    /// The member's LinkedIn account in the shared model,
    /// `outx:<team id>:<email>`: the account their actions run on.
    pub linkedin: String,
}

/// A team's plan with its end on the clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub name: String,
    pub watchlist_limit: u64,
    pub member_limit: u64,
    pub expires_at: DateTime<Utc>,
}

impl Plan {
    fn new(cfg: &OutxPlan, start: DateTime<Utc>) -> Plan {
        let days = i64::try_from(cfg.expires_in_days.get()).unwrap_or(i64::MAX);
        Plan {
            name: cfg.name.clone(),
            watchlist_limit: cfg.watchlist_limit.get(),
            member_limit: cfg.member_limit.get(),
            expires_at: start
                .checked_add_signed(Duration::days(days))
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub plan: Plan,
    /// Never empty, oldest first.
    pub members: Vec<Member>,
    pub plugin: Plugin,
    /// OX-PLUGIN's exemption: reads of shared data skip the plugin rule.
    pub global_data_sharing: bool,
    /// The first key, as a login returns it.
    pub key: String,
}

impl Team {
    /// The admin whose LinkedIn account runs the team's LinkedIn actions: the
    /// one who joined first (outx.md §2.6).
    pub fn acting_admin(&self) -> Option<&Member> {
        self.members
            .iter()
            .filter(|m| m.admin)
            .min_by_key(|m| m.joined_at)
    }

    pub fn member_by_email(&self, email: &str) -> Option<&Member> {
        let email = email.trim().to_ascii_lowercase();
        self.members.iter().find(|m| m.email == email)
    }
}

/// A stable id for a scenario entity, from its names.
fn stable_uuid(parts: &[&str]) -> Uuid {
    let joined = parts.join("\u{1f}");
    let bytes = xxhash_rust::xxh3::xxh3_128(joined.as_bytes()).to_le_bytes();
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// "Jane Doe" from `jane.doe@…`.
fn name_from_email(email: &str) -> String {
    let local = email.split('@').next().unwrap_or(email);
    local
        .split(['.', '_', '-', '+'])
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

/// The LinkedIn account name of a member (see [`Member::linkedin`]).
fn account(team: &str, email: &str) -> String {
    format!("outx:{team}:{email}")
}

fn member(team: &str, m: &OutxMember, start: DateTime<Utc>) -> Member {
    let email = m.email.trim().to_ascii_lowercase();
    let days = i64::try_from(m.joined_days_ago.get()).unwrap_or(0);
    Member {
        id: stable_uuid(&["outx-member", team, &email]),
        full_name: m
            .full_name
            .clone()
            .unwrap_or_else(|| name_from_email(&email)),
        admin: m.role == OutxRole::Admin,
        joined_at: start
            .checked_sub_signed(Duration::days(days))
            .unwrap_or(DateTime::<Utc>::MIN_UTC),
        linkedin: account(team, &email),
        email,
    }
}

fn team_from_config(t: &OutxTeam, start: DateTime<Utc>) -> Team {
    let mut members: Vec<Member> = if t.members.is_empty() {
        let email = format!("admin@{}.outx.test", t.id);
        vec![member(
            &t.id,
            &OutxMember {
                email,
                full_name: None,
                role: OutxRole::Admin,
                joined_days_ago: super::config::Bounded(365),
            },
            start,
        )]
    } else {
        t.members.iter().map(|m| member(&t.id, m, start)).collect()
    };
    members.sort_by_key(|m| m.joined_at);
    Team {
        id: t.id.clone(),
        name: t.name.clone().unwrap_or_else(|| format!("{}'s Team", t.id)),
        plan: Plan::new(&t.plan, start),
        members,
        plugin: Plugin::for_team(t, start),
        global_data_sharing: t.global_data_sharing,
        key: t.keys.first().map(|k| k.0.clone()).unwrap_or_default(),
    }
}

#[derive(Debug, Default)]
struct Table {
    teams: Vec<Arc<Team>>,
    by_key: HashMap<String, usize>,
    /// Lower-case email → team index (the first team naming it).
    by_email: HashMap<String, usize>,
    added: usize,
}

impl Table {
    fn push(&mut self, team: Team, keys: &[String]) -> Arc<Team> {
        let index = self.teams.len();
        for k in keys {
            self.by_key.entry(k.clone()).or_insert(index);
        }
        for m in &team.members {
            self.by_email.entry(m.email.clone()).or_insert(index);
        }
        let team = Arc::new(team);
        self.teams.push(team.clone());
        team
    }
}

/// Every team, found by any of its keys or its members' addresses.
#[derive(Debug, Default)]
pub struct Teams {
    table: RwLock<Table>,
    start: Option<DateTime<Utc>>,
}

impl Teams {
    pub fn new(config: &OutxConfig, start: DateTime<Utc>) -> Teams {
        let mut table = Table::default();
        for t in &config.teams {
            let keys: Vec<String> = t.keys.iter().map(|k| k.0.clone()).collect();
            table.push(team_from_config(t, start), &keys);
        }
        Teams {
            table: RwLock::new(table),
            start: Some(start),
        }
    }

    /// The team owning `key`, compared exactly.
    pub fn by_key(&self, key: &str) -> Option<Arc<Team>> {
        let table = self.table.read();
        table
            .by_key
            .get(key)
            .and_then(|&i| table.teams.get(i))
            .cloned()
    }

    /// The team with id `id`.
    pub fn by_team_id(&self, id: &str) -> Option<Arc<Team>> {
        self.table.read().teams.iter().find(|t| t.id == id).cloned()
    }

    /// The team of `email`, creating a one-member team (its admin) on the
    /// first login of an unknown address (outx.md §3.12). `make_key` and
    /// `team_id` are only called when a team is created. `None`: the run has
    /// added [`MAX_LOGIN_TEAMS`] teams already.
    pub fn login(
        &self,
        email: &str,
        full_name: Option<&str>,
        now: DateTime<Utc>,
        plugin_active: bool,
        team_id: impl FnOnce() -> Uuid,
        make_key: impl FnOnce() -> String,
    ) -> Option<(Arc<Team>, bool)> {
        let email = email.trim().to_ascii_lowercase();
        let mut table = self.table.write();
        if let Some(team) = table.by_email.get(&email).and_then(|&i| table.teams.get(i)) {
            return Some((team.clone(), false));
        }
        if table.added >= MAX_LOGIN_TEAMS {
            return None;
        }
        let id = team_id().to_string();
        let full_name = full_name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| name_from_email(&email));
        let key = make_key();
        let team = Team {
            name: format!("{full_name}'s Team"),
            plan: Plan::new(&OutxPlan::default(), self.start.unwrap_or(now)),
            members: vec![Member {
                id: stable_uuid(&["outx-member", &id, &email]),
                full_name: full_name.clone(),
                admin: true,
                joined_at: now,
                linkedin: account(&id, &email),
                email,
            }],
            plugin: if plugin_active {
                Plugin::Always
            } else {
                Plugin::Never
            },
            global_data_sharing: false,
            key: key.clone(),
            id,
        };
        table.added += 1;
        Some((table.push(team, &[key]), true))
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
            name: None,
            plan: OutxPlan::default(),
            members: Vec::new(),
            global_data_sharing: false,
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
        assert_eq!(teams.by_key("k").map(|t| t.id.clone()), Some("t".into()));
        assert!(teams.by_key("K").is_none());
    }

    #[test]
    fn a_team_without_members_has_one_admin_who_acts() {
        let t = team_from_config(&team(true, None), start());
        assert_eq!(t.members.len(), 1);
        let admin = t.acting_admin().expect("admin");
        assert_eq!(admin.email, "admin@t.outx.test");
        assert_eq!(admin.linkedin, "outx:t:admin@t.outx.test");
    }

    #[test]
    fn the_admin_who_joined_first_acts() {
        let mut cfg = team(true, None);
        let m = |email: &str, role, days| OutxMember {
            email: email.into(),
            full_name: None,
            role,
            joined_days_ago: super::super::config::Bounded(days),
        };
        cfg.members = vec![
            m("new@x.io", OutxRole::Admin, 10),
            m("old@x.io", OutxRole::Admin, 400),
            m("older@x.io", OutxRole::Member, 900),
        ];
        let t = team_from_config(&cfg, start());
        assert_eq!(t.acting_admin().map(|a| a.email.as_str()), Some("old@x.io"));
        assert_eq!(
            t.member_by_email(" NEW@x.io ")
                .map(|m| m.full_name.as_str()),
            Some("New")
        );
    }

    #[test]
    fn a_first_login_creates_a_team_and_a_second_finds_it() {
        let teams = Teams::new(&OutxConfig::default(), start());
        let (t, created) = teams
            .login(
                "Jo@x.io",
                Some("Jo Lee"),
                start(),
                true,
                || Uuid::from_u128(7),
                || "outx_k1".into(),
            )
            .expect("team");
        assert!(created);
        assert_eq!(t.name, "Jo Lee's Team");
        assert_eq!(
            teams.by_key("outx_k1").map(|t| t.id.clone()),
            Some(t.id.clone())
        );
        let (again, created) = teams
            .login("jo@x.io", None, start(), true, Uuid::nil, || unreachable!())
            .expect("team");
        assert!(!created);
        assert_eq!(again.id, t.id);
    }
}
