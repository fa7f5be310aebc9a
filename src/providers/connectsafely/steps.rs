//! Request steps shared by the routes beyond the seeds (actions, network,
//! account, organizations, messaging): the `?accountId=` of GET routes,
//! member ids in every form clients send, the daily MESSAGE and FOLLOW
//! windows with their `X-RateLimit-*` headers, and the error shapes those
//! pages document. The seed routes' own steps stay in `routes`.

// Part of these steps serves the action and messaging routes, which land
// right after the LinkedIn network layer does.
#![allow(dead_code)]

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use chrono::{DateTime, Utc};

use super::error::{CsError, Shape};
use super::logic::Usage;
use super::routes::{account, add_usage_headers, authenticate, select};
use super::state::Account;
use crate::clock::{iso, next_midnight, start_of_day};
use crate::people::HandleKind;
use crate::scenario::{CsAccount, CsKey, ProfileUrn};
use crate::state::World;

/// A GET route's query string, decoded; repeated keys keep the last value.
pub fn query(req: &HttpRequest) -> HashMap<String, String> {
    web::Query::<HashMap<String, String>>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .unwrap_or_default()
}

/// `?accountId=` (an empty value counts as absent: N8N appends the
/// parameter only when set, but hand-built URLs leave it empty).
pub fn query_account(q: &HashMap<String, String>) -> Option<&str> {
    q.get("accountId")
        .map(String::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// A key and the account a request acts for.
pub struct Caller<'w> {
    pub key: &'w CsKey,
    pub chosen: &'w CsAccount,
    pub account: &'w Account,
}

impl Caller<'_> {
    pub fn id(&self) -> &str {
        &self.chosen.id.0
    }
}

/// CS-AUTH then CS-ACCOUNT; the 404 comes in `shape` (the conversations
/// family documents E1 bodies, the action routes E3).
pub fn caller<'w>(
    world: &'w World,
    req: &HttpRequest,
    account_id: Option<&str>,
    shape: Shape,
) -> Result<Caller<'w>, CsError> {
    let key = authenticate(world, req)?;
    let chosen = select(key, account_id).map_err(|e| reshape(e, shape))?;
    let account = account(world, chosen).map_err(|e| reshape(e, shape))?;
    touch(world, account);
    Ok(Caller {
        key,
        chosen,
        account,
    })
}

/// Every call that uses an account updates its `lastUsed` (catalog §5.1).
pub fn touch(world: &World, account: &Account) {
    account.actions.lock().last_used = Some(world.now());
}

/// CS-ACCOUNT's text in another documented shape.
pub fn reshape(e: CsError, shape: Shape) -> CsError {
    match e {
        CsError::AccountNotFound(id) if shape != Shape::SuccessFirst => CsError::text(
            StatusCode::NOT_FOUND,
            shape,
            format!("LinkedIn account not found: {id}"),
        ),
        other => other,
    }
}

pub fn reply(result: Result<HttpResponse, CsError>) -> HttpResponse {
    result.unwrap_or_else(|e| e.error_response())
}

// ------------------------------------------------------------------ members

/// The public id inside a full profile URL (`https://www.linkedin.com/in/<id>/`,
/// with or without scheme, `www.`, a country subdomain, trailing slash, query
/// or fragment), else the id as sent (SPEC G-2).
pub fn public_id(sent: &str) -> String {
    let s = sent.trim();
    let lower = s.to_ascii_lowercase();
    let Some(at) = lower.find("linkedin.com/in/") else {
        return s.to_string();
    };
    let host = &lower[..at];
    let host = host
        .strip_prefix("https://")
        .or_else(|| host.strip_prefix("http://"))
        .unwrap_or(host);
    // Only the host may precede: `www.`, `in.` and the like, or nothing.
    if host.contains('/') || !(host.is_empty() || host.ends_with('.')) {
        return s.to_string();
    }
    let rest = &s[at + "linkedin.com/in/".len()..];
    let id = rest.split(['/', '?', '#']).next().unwrap_or_default();
    percent_decode(id)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push(u8::try_from(hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)).unwrap_or(0));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// A member as a route resolved it: the handle behind it and the id the
/// client sent (for error texts).
#[derive(Debug, Clone)]
pub struct Member {
    pub handle: String,
    pub urn: String,
}

/// A member by any id a client sends: a public id or profile URL, a
/// `urn:li:fsd_profile:` URN, or a bare `ACoAA…` member id. None when no
/// member has it (magic `notfound-*` handles included).
pub fn member(world: &World, sent: &str) -> Option<Member> {
    let sent = sent.trim();
    let handle = if sent.starts_with("urn:li:") {
        world.people.handle_for_urn(sent)?
    } else if sent.starts_with("ACoAA")
        && ProfileUrn::is_valid(&format!("urn:li:fsd_profile:{sent}"))
    {
        world
            .people
            .handle_for_urn(&format!("urn:li:fsd_profile:{sent}"))?
    } else {
        super::routes::member_handle(world, &public_id(sent))?
    };
    if world.people.kind(&handle) == HandleKind::NotFound {
        return None;
    }
    let urn = world.people.urn_for(&handle);
    Some(Member { handle, urn })
}

/// The bare member id inside a profile URN (`ACoAA…`).
pub fn member_id(urn: &str) -> &str {
    urn.rsplit(':').next().unwrap_or(urn)
}

// ------------------------------------------------------------------ limits

/// One action's count for the current UTC day.
#[derive(Debug, Default)]
pub struct Daily {
    day: Option<DateTime<Utc>>,
    used: u32,
}

impl Daily {
    /// A new day restores the budget; setting the clock back does not
    /// rewind it (SPEC C-8).
    fn roll(&mut self, now: DateTime<Utc>) {
        let day = start_of_day(now);
        if self.day.is_none_or(|d| day > d) {
            self.day = Some(day);
            self.used = 0;
        }
    }

    pub fn usage(&mut self, action: &'static str, limit: u32, now: DateTime<Utc>) -> Usage {
        self.roll(now);
        Usage {
            action,
            limit,
            used: self.used,
            reset: next_midnight(now),
        }
    }

    /// The 429 when the day's budget is used up; nothing is counted.
    pub fn check(
        &mut self,
        action: &'static str,
        limit: u32,
        now: DateTime<Utc>,
    ) -> Result<(), CsError> {
        self.roll(now);
        if self.used >= limit {
            return Err(CsError::daily_limit(
                action,
                self.used,
                limit,
                &iso(next_midnight(now)),
            ));
        }
        Ok(())
    }

    /// Counts one action; call under the same lock as [`Daily::check`].
    pub fn take(&mut self) {
        self.used = self.used.saturating_add(1);
    }
}

/// What an account's actions beyond the seeds count, and its bookkeeping.
#[derive(Debug, Default)]
pub struct ActionState {
    /// MESSAGE: every route that sends a message shares this count.
    pub message: Daily,
    /// FOLLOW: follows and unfollows.
    pub follow: Daily,
    pub last_used: Option<DateTime<Utc>>,
    /// `/conversations/sync` bookkeeping.
    pub last_sync: Option<DateTime<Utc>>,
}

/// Which daily window a route reports in its headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// `/message`, `/conversations/send`, `/sales-nav/send`.
    Message,
    /// The `/messaging/send*` routes (150 a day).
    Messaging,
    Follow,
}

impl Counted {
    pub fn limit(self, world: &World) -> u32 {
        let l = &world.scenario.connectsafely.limits;
        match self {
            Counted::Message => l.messages_per_day,
            Counted::Messaging => l.messaging_per_day,
            Counted::Follow => l.follows_per_day,
        }
    }

    pub fn action(self) -> &'static str {
        match self {
            Counted::Message | Counted::Messaging => "MESSAGE",
            Counted::Follow => "FOLLOW",
        }
    }

    fn window(self, s: &mut ActionState) -> &mut Daily {
        match self {
            Counted::Message | Counted::Messaging => &mut s.message,
            Counted::Follow => &mut s.follow,
        }
    }

    /// Runs `act` only if the window has room, and counts it when it
    /// succeeds; check, act and count are one step under the account's
    /// action lock (SPEC C-6). `act` must not take this lock again.
    pub fn run<T>(
        self,
        world: &World,
        account: &Account,
        act: impl FnOnce() -> Result<T, CsError>,
    ) -> Result<T, CsError> {
        let now = world.now();
        let limit = self.limit(world);
        let mut s = account.actions.lock();
        let w = self.window(&mut s);
        w.check(self.action(), limit, now)?;
        let out = act()?;
        w.take();
        Ok(out)
    }

    pub fn usage(self, world: &World, account: &Account) -> Usage {
        let now = world.now();
        let limit = self.limit(world);
        let mut s = account.actions.lock();
        self.window(&mut s).usage(self.action(), limit, now)
    }
}

/// The answer of a counted route, with the window's headers once the
/// account is known (CS-HEADERS; G-4).
pub fn counted(
    world: &World,
    result: Result<HttpResponse, CsError>,
    which: Counted,
    account: Option<&Account>,
) -> HttpResponse {
    let mut resp = reply(result);
    if let Some(acc) = account {
        add_usage_headers(&mut resp, &which.usage(world, acc));
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_urls_mean_their_public_id() {
        for sent in [
            "https://www.linkedin.com/in/jane-doe/",
            "http://linkedin.com/in/jane-doe",
            "www.linkedin.com/in/jane-doe?trk=x",
            "https://in.linkedin.com/in/jane-doe#about",
            "jane-doe",
            " jane-doe ",
        ] {
            assert_eq!(public_id(sent), "jane-doe", "{sent}");
        }
        assert_eq!(
            public_id("https://www.linkedin.com/in/j%C3%BCrgen/"),
            "jürgen"
        );
        assert_eq!(
            public_id("https://evil.com/x/linkedin.com/in/a"),
            "https://evil.com/x/linkedin.com/in/a"
        );
    }

    #[test]
    fn a_daily_window_refuses_at_the_limit_and_resets_at_midnight() {
        let mut d = Daily::default();
        let now: DateTime<Utc> = "2024-01-15T10:30:00Z".parse().unwrap_or_default();
        assert!(d.check("FOLLOW", 1, now).is_ok());
        d.take();
        match d.check("FOLLOW", 1, now) {
            Err(e) => assert_eq!(
                e.to_string(),
                "Rate limit exceeded for FOLLOW: 1/1 used. Resets at 2024-01-16T00:00:00.000Z"
            ),
            Ok(()) => panic!("over the limit"),
        }
        let tomorrow: DateTime<Utc> = "2024-01-16T00:00:00Z".parse().unwrap_or_default();
        assert!(d.check("FOLLOW", 1, tomorrow).is_ok());
        assert_eq!(d.usage("FOLLOW", 1, now).used, 0);
    }
}
