//! Actions and relationships (catalog 3.B): message, follow, relationship,
//! withdraw and respond. Every one reads or changes the account's network in
//! the shared LinkedIn model (`world.linkedin`), so `/connect`, `/profile`,
//! `/connections`, `/invitations/*` and the conversations see the same state.
//! Error bodies are E2 (`{"error","success":false}`), as `/relationship` and
//! `/connect` document them; the account 404 is CS-ACCOUNT's E3.

use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Data, Path};
use actix_web::{get, post, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{CsError, Shape};
use super::model::{CsBadRequest, CsFailure, CsMessage, CsRefusal};
use super::routes::{upstream, TAG};
use super::steps::{
    begin, caller, caller_of, counted, member, member_id, network_error, profile_not_found, reply,
    Begun, Caller, Counted, Member,
};
use super::zod::Checker;
use crate::linkedin::{FollowTarget, Response};
use crate::scenario::ProfileUrn;
use crate::state::{AppState, World};

/// This group's routes (catalog 3.B).
pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(send_linkedin_message)
        .service(follow)
        .service(relationship)
        .service(relationship_for_account)
        .service(withdraw)
        .service(respond);
}

// ------------------------------------------------------------------ wire

/// `POST /message`: `recipientProfileId` or `recipientProfileUrn`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsMessageRequest)]
pub struct MessageRequest {
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub account_id: Option<String>,
    /// Public id or full profile URL.
    #[schema(example = "connected-jane-doe")]
    pub recipient_profile_id: Option<String>,
    #[schema(example = "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o")]
    pub recipient_profile_urn: Option<String>,
    #[schema(example = "Hi Jane, thanks for connecting!", min_length = 1)]
    pub message: String,
    /// InMail subject.
    pub subject: Option<String>,
    /// `normal` (default; needs a 1st-degree connection) or `inmail` (needs Premium).
    #[schema(example = "normal")]
    pub message_type: Option<String>,
    /// A group both belong to, which lets a non-connection be reached.
    #[schema(example = "12345678")]
    pub group_id: Option<String>,
}

/// 200 of every single-message send route.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsMessageSent)]
pub struct MessageSent {
    pub success: bool,
    #[schema(example = "Message sent successfully")]
    pub message: String,
    #[schema(example = "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o")]
    pub recipient_profile_urn: String,
    /// The conversation the message went into (created if needed).
    #[schema(
        example = "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)"
    )]
    pub conversation_urn: String,
    #[schema(
        example = "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)"
    )]
    pub message_urn: String,
    /// `normal` or `inmail`, as delivered (an InMail to a connection goes as a normal message).
    #[schema(example = "normal")]
    pub message_type: String,
}

/// `POST /follow`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsFollowRequest)]
pub struct FollowRequest {
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub account_id: Option<String>,
    /// `follow` (default) or `unfollow`.
    #[schema(example = "follow")]
    pub action: Option<String>,
    /// Public id or full profile URL.
    #[schema(example = "jane-doe")]
    pub profile_id: Option<String>,
    pub profile_urn: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsFollowResponse)]
pub struct FollowResponse {
    pub success: bool,
    #[schema(example = "Successfully followed jane-doe")]
    pub message: String,
    #[schema(example = "follow")]
    pub action: String,
    #[schema(example = "jane-doe")]
    pub profile_id: String,
    pub profile_urn: String,
    /// Whether the account follows the member now.
    pub following: bool,
    /// False when nothing changed (already followed, or not followed); such
    /// a call is not counted.
    pub changed: bool,
}

/// 200 of both relationship routes: flat, without `success`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsRelationship)]
pub struct RelationshipResponse {
    pub connected: bool,
    pub invitation_sent: bool,
    pub invitation_received: bool,
    /// `CONNECTED`, `PENDING_SENT`, `PENDING_RECEIVED` or `NOT_CONNECTED`.
    #[schema(example = "NOT_CONNECTED")]
    pub status: String,
    pub profile_urn: String,
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub account_id: String,
    /// The same as `connected` (clients read this name).
    pub is_connected: bool,
    /// The account follows the member.
    pub following: bool,
    /// The member follows the account (connections follow each other).
    pub follower: bool,
    /// `DISTANCE_1`, `DISTANCE_2` or `DISTANCE_3`, as `/profile` writes it.
    #[schema(example = "DISTANCE_2")]
    pub connection_degree: String,
    /// 1, 2 or 3.
    #[schema(example = 2)]
    pub degree: u8,
}

/// `POST /invitations/withdraw`: `profileId`, `profileUrn` or `memberId`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsWithdrawRequest)]
pub struct WithdrawRequest {
    pub account_id: Option<String>,
    #[schema(example = "jane-doe")]
    pub profile_id: Option<String>,
    pub profile_urn: Option<String>,
    /// `ACoAA…`; looked up when absent.
    pub member_id: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// When given, it must be the pending invitation's id.
    pub invitation_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsWithdrawResponse)]
pub struct WithdrawResponse {
    pub success: bool,
    #[schema(example = "Invitation withdrawn successfully")]
    pub message: String,
    #[schema(example = "7897046780350316544")]
    pub invitation_id: String,
    pub profile_urn: String,
    pub member_id: String,
}

/// `POST /invitations/received/respond`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsRespondRequest)]
pub struct RespondRequest {
    pub account_id: Option<String>,
    /// `accept` or `ignore`.
    #[schema(example = "accept")]
    pub action: String,
    #[schema(example = "7897046780350316544")]
    pub invitation_id: String,
    #[schema(example = "C712w50Z")]
    pub validation_token: String,
    #[schema(example = "GenericInvitationType_CONNECTION")]
    pub linked_in_invitation_type: String,
    pub first_name: String,
    pub last_name: String,
    /// `ACoAA…` member id (connection invitations).
    pub profile_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsRespondResponse)]
pub struct RespondResponse {
    pub success: bool,
    #[schema(example = "Invitation accepted successfully")]
    pub message: String,
    #[schema(example = "accept")]
    pub action: String,
    #[schema(example = "7897046780350316544")]
    pub invitation_id: String,
    #[schema(example = "CONNECTION")]
    pub invitation_category: String,
}

// ------------------------------------------------------------------ shared

/// A profile URN field: well formed or a Zod regex issue (as CS-C1).
pub(super) fn urn_field<'a>(c: &mut Checker<'a>, key: &str) -> Option<&'a str> {
    let u = c.string(key, false)?;
    c.regex(key, ProfileUrn::is_valid(u)).then_some(u)
}

/// The fields every message send shares (`/message`, `/messaging/send*`),
/// checked in one order so both routes list Zod issues alike.
pub(super) struct MessageFields<'a> {
    pub account_id: Option<&'a str>,
    pub id: Option<&'a str>,
    pub urn: Option<&'a str>,
    pub text: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub kind: Option<&'a str>,
}

pub(super) fn message_fields<'a>(z: &mut Checker<'a>) -> MessageFields<'a> {
    let account_id = z.string("accountId", false);
    let id = z.string("recipientProfileId", false);
    let urn = urn_field(z, "recipientProfileUrn");
    let text = z.string("message", true);
    if let Some(t) = text {
        z.min_len("message", t, 1);
    }
    MessageFields {
        account_id,
        id,
        urn,
        text,
        subject: z.string("subject", false),
        kind: z.enumeration("messageType", &["normal", "inmail"]),
    }
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The target of an action: the URN wins over the id when both are given
/// (as CS-C1); `what` names the pair in the 400.
fn target(
    world: &World,
    urn: Option<String>,
    id: Option<String>,
    what: &str,
) -> Result<(Member, String), CsError> {
    let sent = urn.or(id).ok_or_else(|| {
        CsError::text(
            StatusCode::BAD_REQUEST,
            Shape::ErrorFirst,
            format!("Either {what} must be provided"),
        )
    })?;
    let m = member(world, &sent).ok_or_else(|| profile_not_found(&sent))?;
    Ok((m, sent))
}

// ------------------------------------------------------------------ message

/// Whether a message reaches its recipient, and as what.
pub enum Channel {
    Normal,
    InMail,
    Group,
}

/// The rules shared by every single-message send route (catalog 3.B, 3.I):
/// a normal message needs a 1st-degree connection; an InMail needs Premium
/// (and to a connection goes as a normal message); a `groupId` must be a
/// group the account belongs to (403 otherwise).
pub fn channel(
    world: &World,
    c: &Caller,
    m: &Member,
    sent: &str,
    inmail: bool,
    group_id: Option<&str>,
) -> Result<Channel, CsError> {
    let connected = world.linkedin.relationship(c.id(), &m.handle).connected;
    if let Some(g) = group_id {
        let mine = world
            .linkedin
            .account_groups(c.id())
            .iter()
            .any(|x| x.id.to_string() == g);
        if !mine {
            return Err(CsError::text(
                StatusCode::FORBIDDEN,
                Shape::ErrorFirst,
                format!("Not allowed to message {sent} through group {g}: the account is not a member of that group"),
            ));
        }
        return Ok(if connected {
            Channel::Normal
        } else {
            Channel::Group
        });
    }
    if connected {
        return Ok(Channel::Normal);
    }
    if !inmail {
        return Err(network_error(
            crate::linkedin::NetworkError::NotConnected(m.handle.clone()),
            sent,
        ));
    }
    if !c.chosen.premium && !c.chosen.sales_navigator {
        return Err(CsError::text(
            StatusCode::FORBIDDEN,
            Shape::ErrorFirst,
            "LinkedIn Premium required to send InMail",
        ));
    }
    Ok(Channel::InMail)
}

/// Sends one message under the route's daily window: checks, appends to the
/// conversation (creating it), counts, all as one step.
pub fn deliver(
    world: &World,
    c: &Caller,
    which: Counted,
    m: &Member,
    text: &str,
    subject: Option<String>,
    attachments: Vec<String>,
) -> Result<(crate::linkedin::Conversation, crate::linkedin::Message), CsError> {
    which.run(world, c.account, || {
        world
            .linkedin
            .send_message(c.id(), &m.handle, text, subject, attachments, world.now())
            .map_err(|e| network_error(e, &m.handle))
    })
}

/// Send a message: a DM to a 1st-degree connection, an InMail (Premium), or
/// through a shared group.
///
/// 100 messages per account per UTC day, shared with every other route that
/// sends a message.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = MessageRequest,
    responses(
        (status = 200, description = "Message sent successfully", body = MessageSent,
            headers(
                ("X-RateLimit-Action" = String, description = "MESSAGE"),
                ("X-RateLimit-Limit" = u32, description = "Messages allowed per day"),
                ("X-RateLimit-Used" = u32, description = "Messages sent today"),
                ("X-RateLimit-Remaining" = u32, description = "Messages left today"),
                ("X-RateLimit-Reset" = String, description = "Next midnight UTC, ISO 8601"),
            ),
            example = json!({"success": true, "message": "Message sent successfully", "recipientProfileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "conversationUrn": "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)", "messageUrn": "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)", "messageType": "normal"})),
        (status = 400, description = "Bad request: missing recipient, not a connection, or validation failed", body = CsBadRequest,
            examples(
                ("missing" = (summary = "No recipient", value = json!({"error": "Either recipientProfileId or recipientProfileUrn must be provided", "success": false, "message": "Either recipientProfileId or recipientProfileUrn must be provided"}))),
                ("zod" = (summary = "Validation failed", value = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "string", "received": "undefined", "path": ["message"], "message": "Required"}], "name": "ZodError"}}))),
            )),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 403, description = "InMail without Premium, or a group the account is not in", body = CsRefusal,
            example = json!({"error": "LinkedIn Premium required to send InMail", "success": false, "message": "LinkedIn Premium required to send InMail"})),
        (status = 404, description = "Profile (or LinkedIn account) not found", body = CsRefusal,
            example = json!({"error": "LinkedIn profile not found: notfound-jane", "success": false, "message": "LinkedIn profile not found: notfound-jane"})),
        (status = 429, description = "Daily message limit reached", body = CsRefusal,
            example = json!({"error": "Rate limit exceeded for MESSAGE: 100/100 used. Resets at 2024-01-16T00:00:00.000Z", "success": false, "message": "Rate limit exceeded for MESSAGE: 100/100 used. Resets at 2024-01-16T00:00:00.000Z"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to send message", "message": "Failed to send message"})),
    )
)]
#[post("/linkedin/message")]
pub async fn send_linkedin_message(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> HttpResponse {
    let world = state.world();
    match begin(&world, &req, &body) {
        Ok(b) => {
            let acc = b.account;
            let result = message_inner(&world, &req, b).await;
            counted(&world, result, Counted::Message, acc)
        }
        Err(e) => reply(Err(e)),
    }
}

async fn message_inner(
    world: &World,
    req: &HttpRequest,
    b: Begun<'_>,
) -> Result<HttpResponse, CsError> {
    let raw = b.body?;
    let mut z = Checker::new(&raw);
    let MessageFields {
        account_id,
        id,
        urn,
        text,
        subject,
        kind,
    } = message_fields(&mut z);
    let group = z.string("groupId", false);
    z.finish()?;
    let c = caller_of(world, b.key, account_id, Shape::SuccessFirst)?;
    let (m, sent) = target(
        world,
        non_empty(urn),
        non_empty(id),
        "recipientProfileId or recipientProfileUrn",
    )?;
    upstream(world, req, "Failed to send message").await?;
    let ch = channel(
        world,
        &c,
        &m,
        &sent,
        kind == Some("inmail"),
        non_empty(group).as_deref(),
    )?;
    let (conv, msg) = deliver(
        world,
        &c,
        Counted::Message,
        &m,
        text.unwrap_or_default(),
        non_empty(subject),
        Vec::new(),
    )?;
    Ok(HttpResponse::Ok().json(MessageSent {
        success: true,
        message: "Message sent successfully".into(),
        recipient_profile_urn: m.urn,
        conversation_urn: conv.urn,
        message_urn: msg.urn,
        message_type: match ch {
            Channel::InMail => "inmail",
            Channel::Normal | Channel::Group => "normal",
        }
        .into(),
    }))
}

// ------------------------------------------------------------------ follow

/// Follow or unfollow a member.
///
/// 100 follows and unfollows per account per UTC day. Following a member
/// already followed, or unfollowing one not followed, answers 200 with
/// `changed: false` and is not counted.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = FollowRequest,
    responses(
        (status = 200, description = "Followed or unfollowed", body = FollowResponse,
            headers(
                ("X-RateLimit-Action" = String, description = "FOLLOW"),
                ("X-RateLimit-Limit" = u32, description = "Follows and unfollows allowed per day"),
                ("X-RateLimit-Used" = u32, description = "Follows and unfollows today"),
                ("X-RateLimit-Remaining" = u32, description = "Follows and unfollows left today"),
                ("X-RateLimit-Reset" = String, description = "Next midnight UTC, ISO 8601"),
            ),
            example = json!({"success": true, "message": "Successfully followed jane-doe", "action": "follow", "profileId": "jane-doe", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "following": true, "changed": true})),
        (status = 400, description = "No target, or validation failed", body = CsBadRequest,
            examples(
                ("missing" = (summary = "No target", value = json!({"error": "Either profileId or profileUrn must be provided", "success": false, "message": "Either profileId or profileUrn must be provided"}))),
                ("zod" = (summary = "Bad action", value = json!({"success": false, "error": {"issues": [{"received": "like", "code": "invalid_enum_value", "options": ["follow", "unfollow"], "path": ["action"], "message": "Invalid enum value. Expected 'follow' | 'unfollow', received 'like'"}], "name": "ZodError"}}))),
            )),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Profile (or LinkedIn account) not found", body = CsRefusal,
            example = json!({"error": "LinkedIn profile not found: notfound-jane", "success": false, "message": "LinkedIn profile not found: notfound-jane"})),
        (status = 429, description = "Daily follow limit reached", body = CsRefusal,
            example = json!({"error": "Rate limit exceeded for FOLLOW: 100/100 used. Resets at 2024-01-16T00:00:00.000Z", "success": false, "message": "Rate limit exceeded for FOLLOW: 100/100 used. Resets at 2024-01-16T00:00:00.000Z"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to follow", "message": "Failed to follow"})),
    )
)]
#[post("/linkedin/follow")]
pub async fn follow(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    match begin(&world, &req, &body) {
        Ok(b) => {
            let acc = b.account;
            let result = follow_inner(&world, &req, b).await;
            counted(&world, result, Counted::Follow, acc)
        }
        Err(e) => reply(Err(e)),
    }
}

async fn follow_inner(
    world: &World,
    req: &HttpRequest,
    b: Begun<'_>,
) -> Result<HttpResponse, CsError> {
    let raw = b.body?;
    let mut z = Checker::new(&raw);
    let account_id = z.string("accountId", false);
    let action = z.enumeration("action", &["follow", "unfollow"]);
    let id = z.string("profileId", false);
    let urn = urn_field(&mut z, "profileUrn");
    z.finish()?;
    let c = caller_of(world, b.key, account_id, Shape::SuccessFirst)?;
    let (m, sent) = target(
        world,
        non_empty(urn),
        non_empty(id),
        "profileId or profileUrn",
    )?;
    let unfollow = action == Some("unfollow");
    upstream(
        world,
        req,
        if unfollow {
            "Failed to unfollow"
        } else {
            "Failed to follow"
        },
    )
    .await?;
    let t = FollowTarget::Member(m.handle.clone());
    let now = world.now();
    let changed = if world.linkedin.is_following(c.id(), &t) != unfollow {
        // Nothing to change: not counted.
        false
    } else {
        Counted::Follow.run(world, c.account, || {
            let r = if unfollow {
                world.linkedin.unfollow(c.id(), &t)
            } else {
                world.linkedin.follow(c.id(), &t, now)
            };
            r.map_err(|e| network_error(e, &sent))
        })?
    };
    let following = world.linkedin.is_following(c.id(), &t);
    let verb = if unfollow { "unfollowed" } else { "followed" };
    let message = match (changed, unfollow) {
        (true, _) => format!("Successfully {verb} {}", m.handle),
        (false, false) => format!("Already following {}", m.handle),
        (false, true) => format!("Not following {}", m.handle),
    };
    Ok(HttpResponse::Ok().json(FollowResponse {
        success: true,
        message,
        action: if unfollow { "unfollow" } else { "follow" }.into(),
        profile_id: m.handle.clone(),
        profile_urn: m.urn,
        following,
        changed,
    }))
}

// ------------------------------------------------------------------ relationship

async fn relationship_inner(
    world: &World,
    req: &HttpRequest,
    account_id: Option<&str>,
    sent: &str,
) -> Result<HttpResponse, CsError> {
    let c = caller(world, req, account_id, Shape::SuccessFirst)?;
    upstream(world, req, "Failed to check relationship").await?;
    let m = member(world, sent).ok_or_else(|| profile_not_found(sent))?;
    let r = world.linkedin.relationship(c.id(), &m.handle);
    Ok(HttpResponse::Ok().json(RelationshipResponse {
        connected: r.connected,
        invitation_sent: r.invitation_sent,
        invitation_received: r.invitation_received,
        status: r.status().into(),
        profile_urn: m.urn,
        account_id: c.id().to_string(),
        is_connected: r.connected,
        following: r.following,
        follower: r.connected,
        connection_degree: r.degree.distance(),
        degree: r.degree.number(),
    }))
}

/// Relationship between the key's default account and a member.
///
/// Flat, without `success`. `profileId` is the public id (a URL-encoded full
/// profile URL works too).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("profileId" = String, Path, description = "Public profile id", example = "jane-doe")),
    responses(
        (status = 200, description = "Relationship status", body = RelationshipResponse,
            example = json!({"connected": false, "invitationSent": true, "invitationReceived": false, "status": "PENDING_SENT", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "accountId": "696ce9e780e0483585e4e553", "isConnected": false, "following": false, "follower": false, "connectionDegree": "DISTANCE_2", "degree": 2})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Profile not found", body = CsRefusal,
            example = json!({"error": "LinkedIn profile not found: invalid-profile-id", "success": false, "message": "LinkedIn profile not found: invalid-profile-id"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to check relationship", "message": "Failed to check relationship"})),
    )
)]
#[get("/linkedin/relationship/{profileId}")]
pub async fn relationship(
    req: HttpRequest,
    state: Data<AppState>,
    path: Path<String>,
) -> HttpResponse {
    let world = state.world();
    reply(relationship_inner(&world, &req, None, &path).await)
}

/// Relationship between a named account of the key and a member.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(
        ("accountId" = String, Path, description = "LinkedIn account (24 hex)", example = "696ce9e780e0483585e4e553"),
        ("profileId" = String, Path, description = "Public profile id", example = "jane-doe"),
    ),
    responses(
        (status = 200, description = "Relationship status", body = RelationshipResponse,
            example = json!({"connected": true, "invitationSent": false, "invitationReceived": false, "status": "CONNECTED", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "accountId": "696ce9e780e0483585e4e553", "isConnected": true, "following": false, "follower": true, "connectionDegree": "DISTANCE_1", "degree": 1})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Profile or LinkedIn account not found", body = CsBadRequest,
            examples(
                ("profile" = (summary = "No such member", value = json!({"error": "LinkedIn profile not found: invalid-profile-id", "success": false, "message": "LinkedIn profile not found: invalid-profile-id"}))),
                ("account" = (summary = "Not the key's account", value = json!({"success": false, "error": "LinkedIn account not found: 60d21b4667d0d8992e610c85", "message": "LinkedIn account not found: 60d21b4667d0d8992e610c85"}))),
            )),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to check relationship", "message": "Failed to check relationship"})),
    )
)]
#[get("/linkedin/relationship/{accountId}/{profileId}")]
pub async fn relationship_for_account(
    req: HttpRequest,
    state: Data<AppState>,
    path: Path<(String, String)>,
) -> HttpResponse {
    let world = state.world();
    let (account_id, profile_id) = path.into_inner();
    reply(relationship_inner(&world, &req, Some(&account_id), &profile_id).await)
}

// ------------------------------------------------------------------ withdraw

/// Withdraw a pending sent invitation.
///
/// Only the member is needed (`profileId`, `profileUrn` or `memberId`); the
/// rest is looked up. Withdrawing frees the member for a new `/connect`
/// (mocklink keeps no re-invite cooldown).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = WithdrawRequest,
    responses(
        (status = 200, description = "Invitation withdrawn", body = WithdrawResponse,
            example = json!({"success": true, "message": "Invitation withdrawn successfully", "invitationId": "7897046780350316544", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "memberId": "ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o"})),
        (status = 400, description = "No pending invitation, missing fields, or validation failed", body = CsBadRequest,
            examples(
                ("none" = (summary = "Nothing pending", value = json!({"error": "No pending invitation found for: jane-doe", "success": false, "message": "No pending invitation found for: jane-doe"}))),
                ("missing" = (summary = "No member", value = json!({"error": "Either profileId, profileUrn or memberId must be provided", "success": false, "message": "Either profileId, profileUrn or memberId must be provided"}))),
            )),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Profile (or LinkedIn account) not found", body = CsRefusal,
            example = json!({"error": "LinkedIn profile not found: notfound-jane", "success": false, "message": "LinkedIn profile not found: notfound-jane"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to withdraw invitation", "message": "Failed to withdraw invitation"})),
    )
)]
#[post("/linkedin/invitations/withdraw")]
pub async fn withdraw(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    reply(withdraw_inner(&world, &req, &body).await)
}

async fn withdraw_inner(
    world: &World,
    req: &HttpRequest,
    body: &[u8],
) -> Result<HttpResponse, CsError> {
    let b = begin(world, req, body)?;
    let raw = b.body?;
    let mut z = Checker::new(&raw);
    let account_id = z.string("accountId", false);
    let id = z.string("profileId", false);
    let urn = urn_field(&mut z, "profileUrn");
    let mid = z.string("memberId", false);
    z.string("firstName", false);
    z.string("lastName", false);
    let invitation = z.string("invitationId", false);
    z.finish()?;
    let c = caller_of(world, b.key, account_id, Shape::SuccessFirst)?;
    let urn = non_empty(urn).or_else(|| non_empty(mid).map(|m| format!("urn:li:fsd_profile:{m}")));
    let (m, sent) = target(
        world,
        urn,
        non_empty(id),
        "profileId, profileUrn or memberId",
    )?;
    upstream(world, req, "Failed to withdraw invitation").await?;
    if let Some(want) = non_empty(invitation) {
        let pending = world
            .linkedin
            .sent_invitations(c.id())
            .into_iter()
            .any(|i| i.handle == m.handle && i.id.to_string() == want);
        if !pending {
            return Err(network_error(
                crate::linkedin::NetworkError::NoPendingInvitation(m.handle.clone()),
                &sent,
            ));
        }
    }
    let inv = world
        .linkedin
        .withdraw(c.id(), &m.handle)
        .map_err(|e| network_error(e, &sent))?;
    Ok(HttpResponse::Ok().json(WithdrawResponse {
        success: true,
        message: "Invitation withdrawn successfully".into(),
        invitation_id: inv.id.to_string(),
        member_id: member_id(&m.urn).to_string(),
        profile_urn: m.urn,
    }))
}

// ------------------------------------------------------------------ respond

/// Accept or ignore a received invitation (connection, organization,
/// newsletter, event).
///
/// `invitationId`, `validationToken` and `linkedInInvitationType` come from
/// `GET /invitations/received`. Accepting a connection invitation makes a
/// 1st-degree connection; accepting an organization's makes the account
/// follow the page.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = RespondRequest,
    responses(
        (status = 200, description = "Invitation handled", body = RespondResponse,
            example = json!({"success": true, "message": "Invitation accepted successfully", "action": "accept", "invitationId": "7897046780350316544", "invitationCategory": "CONNECTION"})),
        (status = 400, description = "Wrong validation token or type, or validation failed", body = CsBadRequest,
            examples(
                ("token" = (summary = "Wrong token", value = json!({"error": "Invalid validationToken for invitation 7897046780350316544", "success": false, "message": "Invalid validationToken for invitation 7897046780350316544"}))),
                ("zod" = (summary = "Missing fields", value = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "string", "received": "undefined", "path": ["validationToken"], "message": "Required"}], "name": "ZodError"}}))),
            )),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such pending invitation (or LinkedIn account)", body = CsBadRequest,
            example = json!({"error": "Invitation not found: 7897046780350316544", "success": false, "message": "Invitation not found: 7897046780350316544"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to respond to invitation", "message": "Failed to respond to invitation"})),
    )
)]
#[post("/linkedin/invitations/received/respond")]
pub async fn respond(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    reply(respond_inner(&world, &req, &body).await)
}

async fn respond_inner(
    world: &World,
    req: &HttpRequest,
    body: &[u8],
) -> Result<HttpResponse, CsError> {
    let b = begin(world, req, body)?;
    let raw = b.body?;
    let mut z = Checker::new(&raw);
    let account_id = z.string("accountId", false);
    let action = z.enumeration_of("action", true, &["accept", "ignore"]);
    let id = z.string("invitationId", true);
    let token = z.string("validationToken", true);
    let kind = z.string("linkedInInvitationType", true);
    z.string("firstName", true);
    z.string("lastName", true);
    z.string("profileId", false);
    z.finish()?;
    let c = caller_of(world, b.key, account_id, Shape::SuccessFirst)?;
    let id = id.unwrap_or_default().trim().to_string();
    let not_found = || {
        network_error(
            crate::linkedin::NetworkError::InvitationNotFound(id.clone()),
            &id,
        )
    };
    let inv = world
        .linkedin
        .received_invitations(c.id())
        .into_iter()
        .find(|i| i.id.to_string() == id)
        .ok_or_else(not_found)?;
    let bad = |t: String| CsError::text(StatusCode::BAD_REQUEST, Shape::ErrorFirst, t);
    if token != Some(inv.validation_token.as_str()) {
        return Err(bad(format!("Invalid validationToken for invitation {id}")));
    }
    if kind != Some(inv.category.linkedin_type().as_str()) {
        return Err(bad(format!(
            "linkedInInvitationType does not match invitation {id}: expected {}",
            inv.category.linkedin_type()
        )));
    }
    upstream(world, req, "Failed to respond to invitation").await?;
    let accept = action == Some("accept");
    let response = if accept {
        Response::Accept
    } else {
        Response::Ignore
    };
    let done = world
        .linkedin
        .respond(c.id(), inv.id, response, world.now())
        .map_err(|e| network_error(e, &id))?;
    Ok(HttpResponse::Ok().json(RespondResponse {
        success: true,
        message: if accept {
            "Invitation accepted successfully"
        } else {
            "Invitation ignored successfully"
        }
        .into(),
        action: if accept { "accept" } else { "ignore" }.into(),
        invitation_id: done.id.to_string(),
        invitation_category: done.category.as_str().into(),
    }))
}
