//! Request steps shared by the routes beyond the seeds (actions, network,
//! account, organizations, messaging): the `?accountId=` of GET routes,
//! member ids in every form clients send, the daily MESSAGE and FOLLOW
//! windows with their `X-RateLimit-*` headers, and the error shapes those
//! pages document. The seed routes' own steps stay in `routes`.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::error::{CsError, Shape};
use super::logic::Usage;
use super::routes::{account, add_usage_headers, authenticate, select};
use super::state::Account;
use crate::clock::{iso, next_midnight, start_of_day};
use crate::linkedin::NetworkError;
use crate::scenario::{CsAccount, CsKey};
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
    caller_of(world, key, account_id, shape)
}

/// CS-ACCOUNT for a key already authenticated.
pub fn caller_of<'w>(
    world: &'w World,
    key: &'w CsKey,
    account_id: Option<&str>,
    shape: Shape,
) -> Result<Caller<'w>, CsError> {
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

/// A POST route's first steps: CS-AUTH (401 before anything else), then
/// the body as JSON; also the account whose limit headers the answer
/// carries, known even when the body then fails validation.
pub fn begin<'w>(world: &'w World, req: &HttpRequest, body: &[u8]) -> Result<Begun<'w>, CsError> {
    let key = authenticate(world, req)?;
    let body = super::zod::parse_body(body);
    let named = match body.as_ref().ok().and_then(|b| b.get("accountId")) {
        None => Ok(None),
        Some(Value::String(id)) if !id.is_empty() => Ok(Some(id.as_str())),
        Some(_) => Err(()),
    };
    let account = named
        .ok()
        .and_then(|n| select(key, n).ok())
        .and_then(|a| world.connectsafely.account(&a.id.0));
    Ok(Begun { key, body, account })
}

/// A POST request past authentication.
pub struct Begun<'w> {
    pub key: &'w CsKey,
    /// The body as JSON, or why not.
    pub body: Result<Value, CsError>,
    /// The account the limit headers describe, when known.
    pub account: Option<&'w Account>,
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
    let handle = world.linkedin.resolve_member(sent)?;
    let urn = world.people.urn_for(&handle);
    Some(Member { handle, urn })
}

/// The bare member id inside a profile URN (`ACoAA…`).
pub fn member_id(urn: &str) -> &str {
    urn.rsplit(':').next().unwrap_or(urn)
}

/// The E2 404 every action route answers for a member nobody is.
pub fn profile_not_found(sent: &str) -> CsError {
    CsError::ProfileNotFound(sent.to_string())
}

/// A refusal of the LinkedIn network in this provider's words (E2 bodies,
/// as the action pages show); `sent` is the id the client used.
pub fn network_error(e: NetworkError, sent: &str) -> CsError {
    let bad = |text: String| CsError::text(StatusCode::BAD_REQUEST, Shape::ErrorFirst, text);
    match e {
        NetworkError::MemberNotFound(_) => profile_not_found(sent),
        NetworkError::AlreadyConnected(_) | NetworkError::InvitationPending(_) => {
            CsError::AlreadyConnected(sent.to_string())
        }
        NetworkError::NoPendingInvitation(_) => {
            bad(format!("No pending invitation found for: {sent}"))
        }
        NetworkError::InvitationNotFound(id) => CsError::text(
            StatusCode::NOT_FOUND,
            Shape::ErrorFirst,
            format!("Invitation not found: {id}"),
        ),
        NetworkError::NotConnected(_) => bad(format!(
            "Not a 1st-degree connection: {sent}. Send an InMail (messageType \"inmail\", needs Premium) or message through a shared group (groupId)"
        )),
        NetworkError::ConversationNotFound(urn) => CsError::text(
            StatusCode::NOT_FOUND,
            Shape::Bare,
            format!("Conversation not found: {urn}"),
        ),
        NetworkError::MessageNotFound(urn) => CsError::text(
            StatusCode::NOT_FOUND,
            Shape::Bare,
            format!("Message not found: {urn}"),
        ),
        NetworkError::NotOwnMessage(urn) => CsError::text(
            StatusCode::BAD_REQUEST,
            Shape::Bare,
            format!("Only messages sent by this account can be recalled: {urn}"),
        ),
        NetworkError::SelfAction(what) => bad(format!("An account cannot {what} itself")),
        other => bad(other.to_string()),
    }
}

/// LinkedIn's relative stamp for lists: "just now", "5 minutes ago",
/// "2 days ago", "3 weeks ago".
pub fn ago(now: DateTime<Utc>, at: DateTime<Utc>) -> String {
    let m = (now - at).num_minutes().max(0);
    let (n, unit) = match m {
        0 => return "just now".to_string(),
        1..=59 => (m, "minute"),
        60..=1439 => (m / 60, "hour"),
        1440..=10079 => (m / 1440, "day"),
        10080..=43199 => (m / 10080, "week"),
        43200..=525_599 => (m / 43200, "month"),
        _ => (m / 525_600, "year"),
    };
    let s = if n == 1 { "" } else { "s" };
    format!("{n} {unit}{s} ago")
}

/// "Connected on Feb 15, 2024".
pub fn connected_on(at: DateTime<Utc>) -> String {
    format!("Connected on {}", at.format("%b %-d, %Y"))
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
    /// Sales Navigator threads: thread URN → the conversation it is, in
    /// the order they were opened (at most [`MAX_SALES_NAV_THREADS`]).
    pub sales_nav: Vec<(String, String)>,
}

/// At most this many Sales Navigator threads are remembered per account;
/// the oldest is forgotten first (its conversation stays).
pub const MAX_SALES_NAV_THREADS: usize = 2_000;

impl ActionState {
    /// The Sales Navigator thread of a conversation, if it is one.
    pub fn thread_of(&self, conversation: &str) -> Option<&str> {
        self.sales_nav
            .iter()
            .find(|(_, c)| c == conversation)
            .map(|(t, _)| t.as_str())
    }

    /// The conversation behind a Sales Navigator thread URN.
    pub fn conversation_of(&self, thread: &str) -> Option<&str> {
        self.sales_nav
            .iter()
            .find(|(t, _)| t == thread)
            .map(|(_, c)| c.as_str())
    }

    /// Marks a conversation as a Sales Navigator thread; returns its thread URN.
    pub fn open_thread(&mut self, conversation: &str) -> String {
        if let Some(t) = self.thread_of(conversation) {
            return t.to_string();
        }
        let tail = conversation
            .rsplit(",2-")
            .next()
            .unwrap_or(conversation)
            .trim_end_matches(')')
            .trim_end_matches('=')
            .replace(['+', '/'], "_");
        let thread = format!("urn:li:salesNav_thread:2-{tail}");
        if self.sales_nav.len() >= MAX_SALES_NAV_THREADS {
            self.sales_nav.remove(0);
        }
        self.sales_nav
            .push((thread.clone(), conversation.to_string()));
        thread
    }
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
    fn relative_times_read_like_linkedin_lists() {
        let now: DateTime<Utc> = "2024-01-15T10:30:00Z".parse().unwrap_or_default();
        assert_eq!(ago(now, now), "just now");
        assert_eq!(ago(now, now - chrono::Duration::minutes(1)), "1 minute ago");
        assert_eq!(ago(now, now - chrono::Duration::days(2)), "2 days ago");
        assert_eq!(ago(now, now - chrono::Duration::days(15)), "2 weeks ago");
        assert_eq!(
            connected_on(now - chrono::Duration::days(334)),
            "Connected on Feb 15, 2023"
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
