//! Send Message, Send Connection Request and Fetch Connections (outx.md
//! §3.7, §3.8, §3.10, flow 5): they read and change the network of the
//! team's acting admin in the shared LinkedIn model, so a request sent here
//! is the pending invitation ConnectSafely shows, and messaging reaches only
//! 1st-degree connections.

use std::collections::VecDeque;

use actix_web::post;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Map, Value};

use crate::state::World;

use super::{acting_admin, body_object, optional_str, required_str, TaskRequest, NO_ADMIN};
use crate::providers::outx::error::{bad, OutxError};
use crate::providers::outx::li;
use crate::providers::outx::model::ErrorBody;
use crate::providers::outx::tasks::{Input, Outcome, Task};
use crate::providers::outx::teams::{Member, Team};

pub const MAX_MESSAGE_CHARS: usize = 10_000;
pub const MAX_NOTE_CHARS: usize = 300;
pub const DEFAULT_CONNECTIONS: u64 = 40;
pub const MAX_CONNECTIONS: u64 = 100;
/// The invitation limit's window: the last seven days, rolling.
pub const INVITATION_WINDOW_DAYS: i64 = 7;
pub const INVITATION_LIMIT: &str =
    "LinkedIn invitation limit reached. Please wait before sending more connection requests.";

const TOO_LONG: &str = "Message text is too long (max 10000 characters)";

task_route! {
    /// Send Message: queues a direct message from the team's oldest admin to a
    /// 1st-degree connection.
    ///
    /// The POST answers 200 for anyone; the task ends `failed` when the
    /// recipient is no member or not a 1st-degree connection of that admin
    /// (a pending invitation is not a connection). `urn:li:person:…`,
    /// `urn:li:fsd_profile:…` and the bare id name the same member.
    #[post("/linkedin-agent/send-message")]
    send_message: SendMessage,
    request_body(content = Object, content_type = "application/json",
        example = json!({ "recipient_urn": "urn:li:person:ACoAAB1", "message": "Hi" })),
    responses(
        (status = 400, description = "`recipient_urn` or `message` missing, blank or too long", body = ErrorBody,
            examples(
                    ("recipient" = (value = json!({ "error": "Missing or invalid 'recipient_urn'" }))),
                    ("message" = (value = json!({ "error": "Missing or invalid 'message'" }))),
                    ("too long" = (value = json!({ "error": TOO_LONG })))
            )),
        (status = 404, description = "The team has no admin", body = ErrorBody,
            example = json!({ "error": NO_ADMIN })),
    )
}

struct SendMessage {
    recipient: String,
    message: String,
    admin: Member,
}

impl TaskRequest for SendMessage {
    const CREATED: &'static str = "Send message task created successfully";

    fn parse(body: &[u8], team: &Team) -> Result<Self, OutxError> {
        let m = body_object(body);
        let recipient = required_str(&m, "recipient_urn")?;
        let message = match m.get("message").and_then(Value::as_str) {
            Some(s) if !s.trim().is_empty() => s.to_string(),
            _ => return Err(bad("Missing or invalid 'message'")),
        };
        if message.chars().count() > MAX_MESSAGE_CHARS {
            return Err(bad(TOO_LONG));
        }
        let admin = acting_admin(team)?.clone();
        Ok(SendMessage {
            recipient,
            message,
            admin,
        })
    }

    fn start(self, world: &World, _team: &Team) -> Result<(Input, Outcome), OutxError> {
        let SendMessage {
            recipient,
            message,
            admin,
        } = self;
        let now = world.now();
        let outcome = match li::member_for_urn(world, &recipient) {
            None => Outcome::Failed(format!("Recipient not found: {recipient}")),
            Some(handle) => {
                match li::send_message(world, &admin.linkedin, &handle, &message, now) {
                    Ok(()) => Outcome::Done(None),
                    Err(e) => Outcome::Failed(e),
                }
            }
        };
        let input = Input::SendMessage {
            recipient_urn: recipient,
            message,
        };
        Ok((input, outcome))
    }
}

/// `note`: absent, null or blank is none; otherwise a string of at most 300
/// characters after trimming.
fn note(m: &Map<String, Value>) -> Result<Option<String>, OutxError> {
    match m.get("note") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let t = s.trim();
            if t.chars().count() > MAX_NOTE_CHARS {
                Err(bad("Invalid 'note': must be 300 characters or fewer"))
            } else {
                Ok(Some(t.to_string()).filter(|t| !t.is_empty()))
            }
        }
        Some(_) => Err(bad("Invalid 'note': must be a string")),
    }
}

/// Counts one invitation against `account`'s rolling window, unless it is
/// full: `false` then, and nothing is counted.
fn within_limit(sent: &mut VecDeque<DateTime<Utc>>, now: DateTime<Utc>, limit: usize) -> bool {
    let since = now - Duration::days(INVITATION_WINDOW_DAYS);
    while sent.front().is_some_and(|t| *t <= since) {
        sent.pop_front();
    }
    sent.len() < limit
}

task_route! {
    /// Send Connection Request: queues an invitation from the team's oldest
    /// admin, with an optional note.
    ///
    /// Once sent, the invitation is pending in that admin's network (not a
    /// connection). A member already connected or already invited makes the
    /// task end `failed` and counts nothing. Each admin account may send the
    /// scenario's `outx.invitations.perWeek` (default 100) per rolling seven
    /// days; one more answers 429 at once.
    #[post("/linkedin-agent/send-connection-request")]
    send_connection_request: ConnectionRequest,
    request_body(content = Object, content_type = "application/json",
        example = json!({ "profile_urn": "urn:li:fsd_profile:ACoAAB1", "note": "Hello" })),
    responses(
        (status = 400, description = "`profile_urn` missing, or `note` not a string or too long", body = ErrorBody,
            examples(
                    ("urn" = (value = json!({ "error": "Missing or invalid 'profile_urn'" }))),
                    ("note type" = (value = json!({ "error": "Invalid 'note': must be a string" }))),
                    ("note length" = (value = json!({ "error": "Invalid 'note': must be 300 characters or fewer" })))
            )),
        (status = 404, description = "The team has no admin", body = ErrorBody,
            example = json!({ "error": NO_ADMIN })),
        (status = 429, description = "The admin account's weekly invitation limit is reached", body = ErrorBody,
            example = json!({ "error": INVITATION_LIMIT })),
    )
}

struct ConnectionRequest {
    urn: String,
    note: Option<String>,
    admin: Member,
}

impl TaskRequest for ConnectionRequest {
    const CREATED: &'static str = "Send connection request task created successfully";

    fn parse(body: &[u8], team: &Team) -> Result<Self, OutxError> {
        let m = body_object(body);
        let urn = required_str(&m, "profile_urn")?;
        let note = note(&m)?;
        let admin = acting_admin(team)?.clone();
        Ok(ConnectionRequest { urn, note, admin })
    }

    /// A full invitation window answers 429 instead of creating a task.
    fn start(self, world: &World, _team: &Team) -> Result<(Input, Outcome), OutxError> {
        let ConnectionRequest { urn, note, admin } = self;
        let now = world.now();
        let outcome = match li::member_for_urn(world, &urn) {
            None => Outcome::Failed(format!("Profile not found: {urn}")),
            Some(handle) => {
                let limit = world.outx.config.invitations.per_week.as_usize();
                let mut all = world.outx.invitations.lock();
                let sent = all.entry(admin.linkedin.clone()).or_default();
                if !within_limit(sent, now, limit) {
                    return Err(OutxError::TooManyRequests(INVITATION_LIMIT.into()));
                }
                match li::invite(world, &admin.linkedin, &handle, note.as_deref(), now) {
                    Ok(()) => {
                        sent.push_back(now);
                        Outcome::Done(None)
                    }
                    Err(e) => Outcome::Failed(e),
                }
            }
        };
        let input = Input::ConnectionRequest {
            profile_urn: urn,
            note,
        };
        Ok((input, outcome))
    }
}

/// A non-negative integer field, when present.
fn integer(m: &Map<String, Value>, name: &str, min: u64) -> Result<Option<u64>, OutxError> {
    match m.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .or_else(|| {
                v.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                    .map(|f| f as u64)
            })
            .filter(|n| *n >= min)
            .map(Some)
            .ok_or_else(|| {
                bad(if min == 0 {
                    format!("Invalid '{name}': must be a non-negative integer")
                } else {
                    format!("Invalid '{name}': must be a positive integer")
                })
            }),
    }
}

task_route! {
    /// Fetch Connections: queues a task that lists the team's oldest admin's
    /// 1st-degree connections, optionally filtered by name and sorted by
    /// recency, paged with `start` and `count` (default 40, above 100 → 100).
    ///
    /// Completed `task_output`: `{"connections": [...], "total": <this page's
    /// size>}`; page on until a page holds fewer than `count`. Pending
    /// invitations are never listed.
    #[post("/linkedin-agent/fetch-connections")]
    fetch_connections: FetchConnections,
    request_body(content = Object, content_type = "application/json",
        example = json!({ "keyword": "John", "sort_type": "RECENTLY_ADDED", "start": 0, "count": 40 })),
    responses(
        (status = 400, description = "A field of the wrong type", body = ErrorBody,
            examples(
                    ("keyword" = (value = json!({ "error": "Invalid 'keyword': must be a string" }))),
                    ("sort_type" = (value = json!({ "error": "Invalid 'sort_type': must be a string" }))),
                    ("start" = (value = json!({ "error": "Invalid 'start': must be a non-negative integer" }))),
                    ("count" = (value = json!({ "error": "Invalid 'count': must be a positive integer" })))
            )),
        (status = 404, description = "The team has no admin", body = ErrorBody,
            example = json!({ "error": NO_ADMIN })),
    )
}

/// The task's input as it will be echoed; the admin is only checked here,
/// and read again when the task is polled.
struct FetchConnections(Input);

impl TaskRequest for FetchConnections {
    const CREATED: &'static str = "Fetch connections task created successfully";

    fn parse(body: &[u8], team: &Team) -> Result<Self, OutxError> {
        let m = body_object(body);
        let keyword = optional_str(&m, "keyword")?;
        let sort_type = optional_str(&m, "sort_type")?;
        let start = integer(&m, "start", 0)?.unwrap_or(0);
        let count = integer(&m, "count", 1)?
            .unwrap_or(DEFAULT_CONNECTIONS)
            .min(MAX_CONNECTIONS);
        acting_admin(team)?;
        Ok(FetchConnections(Input::FetchConnections {
            keyword,
            sort_type,
            start,
            count,
        }))
    }

    fn start(self, _world: &World, _team: &Team) -> Result<(Input, Outcome), OutxError> {
        Ok((self.0, Outcome::Done(None)))
    }
}

/// The page of the acting admin's connections a fetch asked for, as the
/// network stands when it is polled.
pub fn connections_output(
    world: &World,
    task: &Task,
    keyword: Option<&str>,
    sort_type: Option<&str>,
    start: u64,
    count: u64,
) -> Value {
    let team = world.outx.teams.by_team_id(&task.team);
    let Some(admin) = team.as_ref().and_then(|t| t.acting_admin()) else {
        return json!({ "connections": [], "total": 0 });
    };
    let recent = sort_type.is_some_and(|s| s.eq_ignore_ascii_case("RECENTLY_ADDED"));
    let page = li::connections(world, &admin.linkedin, keyword, recent, start, count);
    json!({ "total": page.len(), "connections": page })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        "2024-01-15T10:30:00Z".parse().unwrap()
    }

    #[test]
    fn the_invitation_window_rolls_over_seven_days() {
        let mut sent = VecDeque::new();
        for _ in 0..3 {
            assert!(within_limit(&mut sent, t0(), 3));
            sent.push_back(t0());
        }
        assert!(!within_limit(&mut sent, t0() + Duration::days(6), 3));
        assert!(within_limit(&mut sent, t0() + Duration::days(7), 3));
        assert!(sent.is_empty());
    }

    #[test]
    fn notes_are_trimmed_and_bounded() {
        let m = |v: Value| json!({ "note": v }).as_object().cloned().unwrap();
        assert_eq!(note(&m(json!("  hi "))), Ok(Some("hi".into())));
        assert_eq!(note(&m(json!("   "))), Ok(None));
        assert_eq!(
            note(&m(json!(" ".repeat(10) + &"a".repeat(300)))).map(|n| n.map(|s| s.len())),
            Ok(Some(300))
        );
        assert!(note(&m(json!("a".repeat(301)))).is_err());
        assert!(note(&m(json!(5))).is_err());
    }
}
