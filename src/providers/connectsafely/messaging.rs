//! Messaging (catalog 3.I): the newer `/conversations…` routes, the older
//! `/messaging/*` ones and Sales Navigator's `/sales-nav/*`, all over the
//! same conversations of the shared LinkedIn model: a message sent through
//! any route shows in every list, `exists` and message read. Every route
//! that sends counts in the account's one daily MESSAGE window.
//!
//! Bodies: the `/conversations…` and `/sales-nav/*` families answer E1
//! (`{"error"}`) on every non-200, as documented; the older `/messaging/*`
//! routes answer E3 (`{"success":false,"error"}`), as `mark-seen`'s page
//! shows. Sales Navigator threads are conversations too; which conversation
//! a thread URN stands for is ConnectSafely's bookkeeping, kept per account.

use std::collections::HashMap;

use actix_web::http::header::LOCATION;
use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Data, Path};
use actix_web::{delete, get, patch, post, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::actions::{channel, deliver, message_fields, urn_field, MessageFields, MessageSent};
use super::error::{CsError, Shape};
use super::model::{CsBadRequest, CsFailure, CsMessage, CsZodError};
use super::network::index_param;
use super::routes::{upstream, TAG};
use super::steps::{
    begin, caller, caller_of, counted, member, network_error, query, query_account, reply, Caller,
    Counted,
};
use super::zod::Checker;
use crate::clock::iso;
use crate::linkedin::{Conversation, Message};
use crate::scenario::ProfileUrn;
use crate::state::{AppState, World};

/// This group's routes (catalog 3.I).
pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(list_conversations)
        .service(send_conversation)
        .service(conversation_exists)
        .service(conversation_messages)
        .service(recall_message)
        .service(react_message)
        .service(mark_unread)
        .service(sync)
        .service(recent_messages)
        .service(conversation_details)
        .service(messaging_send)
        .service(messaging_send_with_ack)
        .service(messaging_send_with_typing)
        .service(messaging_send_group)
        .service(messaging_send_group_with_typing)
        .service(messaging_send_group_with_ack)
        .service(mark_seen)
        .service(sales_nav_send)
        .service(sales_nav_mark_read);
}

/// Default and largest page of conversations and messages.
pub const DEFAULT_PAGE: usize = 20;
pub const MAX_PAGE: usize = 100;

// ------------------------------------------------------------------ wire

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsParticipant)]
pub struct Participant {
    /// The member's public id.
    #[schema(example = "jane-doe")]
    pub profile_id: String,
    pub profile_urn: String,
    #[schema(example = "Jane Doe")]
    pub name: String,
    pub headline: String,
    pub profile_picture: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsLatestMessage)]
pub struct LatestMessage {
    pub text: String,
    /// Epoch milliseconds.
    #[schema(example = 1705314600000i64)]
    pub sent_at: i64,
    pub sender_name: String,
    pub has_attachment: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsConversation)]
pub struct ConversationItem {
    pub conversation_urn: String,
    /// The thread id inside the URN (`2-…`).
    pub conversation_id: String,
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub account_id: String,
    /// ISO 8601.
    #[schema(example = "2024-01-15T10:30:00.000Z")]
    pub last_activity_at: String,
    pub unread_count: u32,
    pub participants: Vec<Participant>,
    /// null for a conversation without messages.
    #[schema(required = true)]
    pub latest_message: Option<LatestMessage>,
    /// `LINKEDIN` or `SALES_NAVIGATOR`.
    #[schema(example = "LINKEDIN")]
    pub source: String,
    /// Sales Navigator threads only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sales_nav_thread_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CsAccountRef)]
pub struct AccountRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsConversationsResponse)]
pub struct ConversationsResponse {
    pub success: bool,
    pub conversations: Vec<ConversationItem>,
    pub accounts: Vec<AccountRef>,
    /// Pass back as `nextCursor`; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
    pub has_more: bool,
    pub from_cache: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsConversationMessage)]
pub struct MessageItem {
    pub message_urn: String,
    pub text: String,
    /// Epoch milliseconds.
    #[schema(example = 1705314600000i64)]
    pub sent_at: i64,
    /// The sender's public id.
    pub sender_profile_id: String,
    pub sender_name: String,
    pub sender_photo: String,
    pub is_sent_by_owner: bool,
    pub has_attachment: bool,
    #[schema(value_type = Vec<String>)]
    pub attachments: Vec<String>,
    /// Emoji reactions the account put on it.
    pub reactions: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsMessagesResponse)]
pub struct MessagesResponse {
    pub success: bool,
    pub conversation_urn: String,
    /// Newest first.
    pub messages: Vec<MessageItem>,
    pub participants: Vec<Participant>,
    pub has_more: bool,
    /// Pass back as `cursor` for older messages (epoch ms of the oldest
    /// message here); null on the last page.
    #[schema(required = true)]
    pub cursor: Option<String>,
    #[schema(example = "Served from the local store")]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsConversationSendRequest)]
pub struct ConversationSendRequest {
    pub account_id: Option<String>,
    pub recipient_profile_id: Option<String>,
    pub recipient_profile_urn: Option<String>,
    /// An existing conversation; the recipient then need not be given.
    pub conversation_urn: Option<String>,
    #[schema(example = "Hi Jane!", min_length = 1)]
    pub message: String,
    pub subject: Option<String>,
    #[schema(value_type = Option<Vec<Object>>)]
    pub attachments: Option<Vec<Value>>,
    /// `auto` (default), `sales_navigator` or `linkedin_inbox`.
    #[schema(example = "linkedin_inbox")]
    pub messaging_channel: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsSentRef)]
pub struct SentRef {
    pub message_id: String,
    pub conversation_urn: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsConversationSendResponse)]
pub struct ConversationSendResponse {
    pub success: bool,
    /// The text sent.
    pub message: String,
    pub recipient_profile_urn: String,
    pub conversation_urn: String,
    pub sent_message: MessageItem,
    /// Sales Navigator only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    /// `linkedin_inbox` or `sales_navigator`.
    pub messaging_channel: String,
    /// `{messageId, conversationUrn}`, where a third-party client reads them.
    pub data: SentRef,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsExistsResponse)]
pub struct ExistsResponse {
    pub success: bool,
    pub has_conversation: bool,
    #[schema(required = true)]
    pub conversation_urn: Option<String>,
    pub profile_urn: String,
    pub account_id: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsMessageRef)]
pub struct MessageRef {
    pub success: bool,
    pub message_urn: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsReactRequest)]
pub struct ReactRequest {
    #[schema(example = "👍")]
    pub emoji: String,
    /// true adds, false removes.
    pub react: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsReactResponse)]
pub struct ReactResponse {
    pub success: bool,
    pub message_urn: String,
    pub emoji: String,
    pub react: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsConversationRef)]
pub struct ConversationRef {
    pub success: bool,
    pub conversation_urn: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsSyncRequest)]
pub struct SyncRequest {
    pub account_id: Option<String>,
    /// Sync even when one ran in the last 5 minutes.
    pub force: Option<bool>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsSyncResponse)]
pub struct SyncResponse {
    pub success: bool,
    pub account_id: String,
    pub conversations_processed: u64,
    pub messages_processed: u64,
    pub duration_ms: u64,
    #[schema(example = "0.25")]
    pub duration_seconds: String,
    /// A sync ran less than 5 minutes ago and `force` was not set: nothing
    /// was processed.
    pub skipped: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsDetailMessage)]
pub struct DetailMessage {
    /// The message URN (newer docs' name).
    pub message_id: String,
    pub message_urn: String,
    pub text: String,
    /// The same text (older docs' name).
    pub body: String,
    /// The sender's name.
    pub sender: String,
    pub sender_profile_urn: String,
    /// ISO 8601.
    pub created_at: String,
    /// Epoch milliseconds: the `deliveredAt` anchor.
    pub delivered_at: i64,
    pub is_sent_by_owner: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CsConversationDetails)]
pub struct ConversationDetails {
    pub messages: Vec<DetailMessage>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsConversationDetailsResponse)]
pub struct ConversationDetailsResponse {
    pub success: bool,
    pub account_id: String,
    /// The counterpart's public id.
    pub profile_id: String,
    pub profile_urn: String,
    pub conversation_urn: String,
    /// Oldest first.
    pub messages: Vec<DetailMessage>,
    /// Messages in the conversation.
    pub total: u64,
    /// The older documented shape: the same messages.
    pub conversation_details: ConversationDetails,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsMessagingSendRequest)]
pub struct MessagingSendRequest {
    pub account_id: Option<String>,
    pub recipient_profile_id: Option<String>,
    pub recipient_profile_urn: Option<String>,
    #[schema(min_length = 1)]
    pub message: String,
    pub subject: Option<String>,
    /// `normal` (default) or `inmail`.
    pub message_type: Option<String>,
    /// `send-with-typing`: the conversation the indicator is shown in.
    pub conversation_urn: Option<String>,
    /// `send-with-ack`: messages to acknowledge.
    pub message_urns: Option<Vec<String>>,
}

/// 200 of the older single-message send routes.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsMessagingSent)]
pub struct MessagingSent {
    #[serde(flatten)]
    pub sent: MessageSent,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typing_indicator_sent: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledgment_sent: Option<bool>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsGroupSendRequest)]
pub struct GroupSendRequest {
    pub account_id: Option<String>,
    pub recipient_profile_urn: String,
    #[schema(example = "12345678")]
    pub group_id: String,
    #[schema(min_length = 1)]
    pub message: String,
    pub conversation_urn: Option<String>,
    pub message_urns: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsGroupSent)]
pub struct GroupSent {
    pub success: bool,
    #[schema(example = "Group context message sent successfully")]
    pub message: String,
    pub recipient_profile_urn: String,
    pub group_id: String,
    pub conversation_urn: String,
    pub message_urn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typing_indicator_sent: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledgment_sent: Option<bool>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsMarkSeenRequest)]
pub struct MarkSeenRequest {
    pub account_id: Option<String>,
    pub conversation_urn: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsMarkSeenResponse)]
pub struct MarkSeenResponse {
    pub success: bool,
    pub account_id: String,
    pub conversation_urn: String,
    #[schema(example = "Conversation marked as seen successfully")]
    pub message: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsSalesNavSendRequest)]
pub struct SalesNavSendRequest {
    pub account_id: Option<String>,
    /// Reply in this thread.
    pub thread_id: Option<String>,
    /// Profile URNs (one), when there is no thread.
    pub recipients: Option<Vec<String>>,
    /// The text (the field is `body`, not `message`).
    #[schema(min_length = 1)]
    pub body: String,
    pub copy_to_crm: Option<bool>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsSalesNavSent)]
pub struct SalesNavSent {
    pub success: bool,
    #[schema(example = "Message sent successfully")]
    pub message: String,
    pub thread_id: String,
    pub message_id: String,
    pub account_id: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsSalesNavMarkReadRequest)]
pub struct SalesNavMarkReadRequest {
    pub account_id: Option<String>,
    pub thread_id: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsSalesNavMarkRead)]
pub struct SalesNavMarkRead {
    pub success: bool,
    pub thread_id: String,
    pub account_id: String,
}

/// 400 of the conversations and Sales Navigator sends: Zod's issues, or an
/// E1 text (`{"error","message"}`), as this family documents its errors.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
#[schema(as = CsBareBadRequest)]
#[allow(dead_code)] // a schema: the bodies come from CsError
pub enum BareBadRequest {
    Zod(CsZodError),
    Text(CsMessage),
}

// ------------------------------------------------------------------ rendering

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn participant(world: &World, handle: &str) -> Participant {
    let p = world.people.person(handle);
    Participant {
        profile_id: p.handle.to_string(),
        profile_urn: world.people.urn_for(handle),
        name: p.full_name(),
        headline: p.headline.to_string(),
        profile_picture: p.profile_picture.to_string(),
    }
}

fn message_item(world: &World, account: &str, c: &Conversation, m: &Message) -> MessageItem {
    let who = if m.from_account {
        world.linkedin.account_member(account)
    } else {
        world.people.person(&c.counterpart)
    };
    MessageItem {
        message_urn: m.urn.clone(),
        text: m.text.clone(),
        sent_at: ms(m.sent_at),
        sender_profile_id: who.handle.to_string(),
        sender_name: who.full_name(),
        sender_photo: who.profile_picture.to_string(),
        is_sent_by_owner: m.from_account,
        has_attachment: !m.attachments.is_empty(),
        attachments: m.attachments.clone(),
        reactions: m.reactions.clone(),
        subject: m.subject.clone(),
    }
}

fn thread_tail(urn: &str) -> String {
    urn.rsplit(',')
        .next()
        .unwrap_or(urn)
        .trim_end_matches(')')
        .to_string()
}

fn conversation_item(world: &World, c: &Caller, conv: &Conversation) -> ConversationItem {
    let thread = c
        .account
        .actions
        .lock()
        .thread_of(&conv.urn)
        .map(str::to_string);
    let latest = conv.messages.back().map(|m| {
        let sender = if m.from_account {
            world.linkedin.account_member(c.id()).full_name()
        } else {
            world.people.person(&conv.counterpart).full_name()
        };
        LatestMessage {
            text: m.text.clone(),
            sent_at: ms(m.sent_at),
            sender_name: sender,
            has_attachment: !m.attachments.is_empty(),
        }
    });
    ConversationItem {
        conversation_urn: conv.urn.clone(),
        conversation_id: thread_tail(&conv.urn),
        account_id: c.id().to_string(),
        last_activity_at: iso(conv.last_activity),
        unread_count: conv.unread,
        participants: vec![participant(world, &conv.counterpart)],
        latest_message: latest,
        source: if thread.is_some() {
            "SALES_NAVIGATOR"
        } else {
            "LINKEDIN"
        }
        .into(),
        sales_nav_thread_id: thread,
    }
}

fn e1(status: StatusCode, text: impl Into<String>) -> CsError {
    CsError::text(status, Shape::Bare, text)
}

fn e3(status: StatusCode, text: impl Into<String>) -> CsError {
    CsError::text(status, Shape::SuccessFirst, text)
}

/// A conversation of the caller by URN, or a Sales Navigator thread URN
/// standing for one.
fn find(world: &World, c: &Caller, urn: &str) -> Option<Conversation> {
    let urn = c
        .account
        .actions
        .lock()
        .conversation_of(urn)
        .map_or_else(|| urn.to_string(), str::to_string);
    world.linkedin.conversation(c.id(), &urn)
}

fn not_found(urn: &str) -> CsError {
    e1(
        StatusCode::NOT_FOUND,
        format!("Conversation not found: {urn}"),
    )
}

/// A count query parameter: default 20, at most 100.
fn count_param(q: &HashMap<String, String>) -> Result<usize, CsError> {
    let n = index_param(q, "count")?.unwrap_or(DEFAULT_PAGE as u64);
    Ok(usize::try_from(n).unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE))
}

fn flag(q: &HashMap<String, String>, key: &str) -> bool {
    q.get(key).is_some_and(|v| v == "true" || v == "1")
}

// ------------------------------------------------------------------ GET /conversations

/// Conversations of one account, or several (`linkedinAccountIds`).
///
/// Most recently active first. `nextCursor` pages on (a `linkedin:` prefix
/// is accepted and means the same). No labels exist in mocklink, so
/// `labelId` and `labeledOnly=true` give an empty page.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(
        ("accountId" = Option<String>, Query, description = "One LinkedIn account (24 hex)", example = "696ce9e780e0483585e4e553"),
        ("linkedinAccountIds" = Option<String>, Query, description = "Several accounts, comma-separated"),
        ("count" = Option<u64>, Query, description = "Page size (default 20, at most 100)", example = 20),
        ("nextCursor" = Option<String>, Query, description = "From the previous page"),
        ("labelId" = Option<String>, Query, description = "Only conversations with this label"),
        ("unreadOnly" = Option<bool>, Query, description = "Only unread conversations"),
        ("labeledOnly" = Option<bool>, Query, description = "Only labeled conversations"),
    ),
    responses(
        (status = 200, description = "Conversations", body = ConversationsResponse,
            example = json!({"success": true, "conversations": [{"conversationUrn": "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)", "conversationId": "2-MTIzNDU2Nzg5MA==", "accountId": "696ce9e780e0483585e4e553", "lastActivityAt": "2024-01-15T10:30:00.000Z", "unreadCount": 1, "participants": [{"profileId": "jane-doe", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "name": "Jane Doe", "headline": "Head of Growth at Acme", "profilePicture": "https://media.licdn.com/dms/image/v2/C4E03AQH/profile-displayphoto-shrink_100_100/0/1"}], "latestMessage": {"text": "Happy to chat next week.", "sentAt": 1705314600000i64, "senderName": "Jane Doe", "hasAttachment": false}, "source": "LINKEDIN"}], "accounts": [{"id": "696ce9e780e0483585e4e553", "name": "Priya Sharma"}], "nextCursor": null, "hasMore": false, "fromCache": true})),
        (status = 400, description = "A query parameter is not valid", body = CsMessage,
            example = json!({"error": "Invalid nextCursor: x", "message": "Invalid nextCursor: x"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Account not found", body = CsMessage,
            example = json!({"error": "LinkedIn account not found: 60d21b4667d0d8992e610c85", "message": "LinkedIn account not found: 60d21b4667d0d8992e610c85"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsMessage,
            example = json!({"error": "Failed to fetch conversations", "message": "Failed to fetch conversations"})),
    )
)]
#[get("/linkedin/conversations")]
pub async fn list_conversations(req: HttpRequest, state: Data<AppState>) -> HttpResponse {
    let world = state.world();
    reply(list_inner(&world, &req).await)
}

async fn list_inner(world: &World, req: &HttpRequest) -> Result<HttpResponse, CsError> {
    let q = query(req);
    let first = caller(world, req, query_account(&q), Shape::Bare)?;
    let mut callers = Vec::new();
    match q
        .get("linkedinAccountIds")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        Some(ids) => {
            for id in ids.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let c = caller_of(world, first.key, Some(id), Shape::Bare)?;
                if !callers.iter().any(|x: &Caller| x.id() == c.id()) {
                    callers.push(c);
                }
            }
        }
        None => callers.push(first),
    }
    let count = count_param(&q)?;
    let offset = match q
        .get("nextCursor")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        None => 0,
        Some(cur) => cur
            .strip_prefix("linkedin:")
            .unwrap_or(cur)
            .parse::<usize>()
            .map_err(|_| {
                e1(
                    StatusCode::BAD_REQUEST,
                    format!("Invalid nextCursor: {cur}"),
                )
            })?,
    };
    upstream(world, req, "Failed to fetch conversations").await?;
    let labels_only =
        flag(&q, "labeledOnly") || q.get("labelId").is_some_and(|s| !s.trim().is_empty());
    let unread_only = flag(&q, "unreadOnly");
    let mut all: Vec<ConversationItem> = Vec::new();
    if !labels_only {
        for c in &callers {
            let convs = world
                .linkedin
                .conversations(c.id())
                .map_err(|e| network_error(e, c.id()))?;
            all.extend(
                convs
                    .iter()
                    .filter(|x| !unread_only || x.unread > 0)
                    .map(|x| conversation_item(world, c, x)),
            );
        }
    }
    // ISO stamps of one format sort as times.
    all.sort_by(|a, b| {
        b.last_activity_at
            .cmp(&a.last_activity_at)
            .then(a.conversation_urn.cmp(&b.conversation_urn))
    });
    let total = all.len();
    let page: Vec<ConversationItem> = all.into_iter().skip(offset).take(count).collect();
    let end = offset.saturating_add(page.len());
    let has_more = end < total;
    Ok(HttpResponse::Ok().json(ConversationsResponse {
        success: true,
        conversations: page,
        accounts: callers
            .iter()
            .map(|c| AccountRef {
                id: c.id().to_string(),
                name: world.linkedin.account_member(c.id()).full_name(),
            })
            .collect(),
        next_cursor: has_more.then(|| end.to_string()),
        has_more,
        from_cache: true,
    }))
}

// ------------------------------------------------------------------ POST /conversations/send

/// Send a message; the server picks the channel.
///
/// `messagingChannel`: `auto` (Sales Navigator when the account has it,
/// else the inbox), `sales_navigator` (400 without a Sales Navigator
/// subscription), `linkedin_inbox`. Through the inbox a non-connection needs
/// Premium (an InMail). Counts as a MESSAGE (100 a day, shared).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = ConversationSendRequest,
    responses(
        (status = 200, description = "Message sent", body = ConversationSendResponse,
            headers(
                ("X-RateLimit-Action" = String, description = "MESSAGE"),
                ("X-RateLimit-Limit" = u32, description = "Messages allowed per day"),
                ("X-RateLimit-Used" = u32, description = "Messages sent today"),
                ("X-RateLimit-Remaining" = u32, description = "Messages left today"),
                ("X-RateLimit-Reset" = String, description = "Next midnight UTC, ISO 8601"),
            ),
            example = json!({"success": true, "message": "Hi Jane!", "recipientProfileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "conversationUrn": "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)", "sentMessage": {"messageUrn": "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)", "text": "Hi Jane!", "sentAt": 1705314600000i64, "senderProfileId": "priya-sharma-5a1b2c3d", "senderName": "Priya Sharma", "senderPhoto": "https://media.licdn.com/dms/image/v2/C4E03AQH/profile-displayphoto-shrink_100_100/0/1", "isSentByOwner": true, "hasAttachment": false, "attachments": [], "reactions": []}, "messagingChannel": "linkedin_inbox", "data": {"messageId": "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)", "conversationUrn": "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)"}})),
        (status = 400, description = "Bad request or send failed", body = BareBadRequest,
            examples(
                ("missing" = (summary = "No recipient", value = json!({"error": "Either recipientProfileId, recipientProfileUrn or conversationUrn must be provided", "message": "Either recipientProfileId, recipientProfileUrn or conversationUrn must be provided"}))),
                ("zod" = (summary = "Validation failed", value = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "string", "received": "undefined", "path": ["message"], "message": "Required"}], "name": "ZodError"}}))),
            )),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Account, profile or conversation not found", body = CsMessage,
            example = json!({"error": "LinkedIn profile not found: notfound-jane", "message": "LinkedIn profile not found: notfound-jane"})),
        (status = 429, description = "Daily message limit reached", body = CsMessage,
            example = json!({"error": "Rate limit exceeded for MESSAGE: 100/100 used. Resets at 2024-01-16T00:00:00.000Z", "message": "Rate limit exceeded for MESSAGE: 100/100 used. Resets at 2024-01-16T00:00:00.000Z"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsMessage,
            example = json!({"error": "Failed to send message", "message": "Failed to send message"})),
    )
)]
#[post("/linkedin/conversations/send")]
pub async fn send_conversation(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> HttpResponse {
    let world = state.world();
    match begin(&world, &req, &body) {
        Ok(b) => {
            let acc = b.account;
            let result = send_inner(&world, &req, b).await.map_err(to_bare);
            counted(&world, result, Counted::Message, acc)
        }
        Err(e) => reply(Err(to_bare(e))),
    }
}

/// The conversations family answers E1: texts the shared steps produce in
/// other shapes are rewritten (Zod's object and `Invalid JSON` aside).
fn to_bare(e: CsError) -> CsError {
    use actix_web::ResponseError;
    match e {
        CsError::Text { status, error, .. } => CsError::text(status, Shape::Bare, error),
        CsError::ProfileNotFound(_)
        | CsError::AlreadyConnected(_)
        | CsError::AccountNotFound(_)
        | CsError::Upstream { .. } => {
            let status = e.status_code();
            CsError::text(status, Shape::Bare, e.to_string())
        }
        other => other,
    }
}

/// Like [`to_bare`], for the older `/messaging/*` routes' E3.
fn to_success_first(e: CsError) -> CsError {
    use actix_web::ResponseError;
    match e {
        CsError::Text { status, error, .. } => CsError::text(status, Shape::SuccessFirst, error),
        CsError::ProfileNotFound(_) | CsError::AlreadyConnected(_) => {
            let status = e.status_code();
            CsError::text(status, Shape::SuccessFirst, e.to_string())
        }
        other => other,
    }
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

async fn send_inner(
    world: &World,
    req: &HttpRequest,
    b: super::steps::Begun<'_>,
) -> Result<HttpResponse, CsError> {
    let raw = b.body?;
    let mut z = Checker::new(&raw);
    let account_id = z.string("accountId", false);
    let id = z.string("recipientProfileId", false);
    let urn = urn_field(&mut z, "recipientProfileUrn");
    let conv_urn = z.string("conversationUrn", false);
    let text = z.string("message", true);
    if let Some(t) = text {
        z.min_len("message", t, 1);
    }
    let subject = z.string("subject", false);
    let attachments = z.array("attachments", false);
    let chan = z.enumeration(
        "messagingChannel",
        &["auto", "sales_navigator", "linkedin_inbox"],
    );
    z.finish()?;
    let c = caller_of(world, b.key, account_id, Shape::Bare)?;
    let text = text.unwrap_or_default();
    let attachments: Vec<String> = attachments
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let sn = match chan.unwrap_or("auto") {
        "sales_navigator" => {
            if !c.chosen.sales_navigator {
                return Err(e1(
                    StatusCode::BAD_REQUEST,
                    "Sales Navigator subscription required for messagingChannel sales_navigator",
                ));
            }
            true
        }
        "linkedin_inbox" => false,
        _ => c.chosen.sales_navigator,
    };
    // The recipient: from the conversation when one is named, else resolved.
    let (m, sent) = match non_empty(conv_urn) {
        Some(cu) => {
            let conv = find(world, &c, &cu).ok_or_else(|| not_found(&cu))?;
            let m = member(world, &conv.counterpart)
                .ok_or_else(|| CsError::ProfileNotFound(conv.counterpart.clone()))?;
            (m, conv.counterpart.clone())
        }
        None => {
            let sent = non_empty(urn).or(non_empty(id)).ok_or_else(|| {
                e1(
                    StatusCode::BAD_REQUEST,
                    "Either recipientProfileId, recipientProfileUrn or conversationUrn must be provided",
                )
            })?;
            let m = member(world, &sent).ok_or_else(|| CsError::ProfileNotFound(sent.clone()))?;
            (m, sent)
        }
    };
    upstream(world, req, "Failed to send message").await?;
    if !sn {
        // Through the inbox, a non-connection is an InMail: Premium needed.
        channel(world, &c, &m, &sent, true, None)?;
    }
    let (conv, msg) = deliver(
        world,
        &c,
        Counted::Message,
        &m,
        text,
        non_empty(subject),
        attachments,
    )?;
    let thread = sn.then(|| c.account.actions.lock().open_thread(&conv.urn));
    Ok(HttpResponse::Ok().json(ConversationSendResponse {
        success: true,
        message: text.to_string(),
        recipient_profile_urn: m.urn,
        conversation_urn: conv.urn.clone(),
        sent_message: message_item(world, c.id(), &conv, &msg),
        thread_id: thread,
        messaging_channel: if sn {
            "sales_navigator"
        } else {
            "linkedin_inbox"
        }
        .into(),
        data: SentRef {
            message_id: msg.urn,
            conversation_urn: conv.urn,
        },
    }))
}

// ------------------------------------------------------------------ exists

/// Whether the account ever had a conversation with a member.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(
        ("profileId" = String, Path, description = "Public profile id (or URL-encoded profile URL or URN)", example = "jane-doe"),
        ("accountId" = Option<String>, Query, description = "LinkedIn account (24 hex)", example = "696ce9e780e0483585e4e553"),
    ),
    responses(
        (status = 200, description = "Whether a conversation exists", body = ExistsResponse,
            example = json!({"success": true, "hasConversation": true, "conversationUrn": "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "accountId": "696ce9e780e0483585e4e553"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Account or profile not found", body = CsMessage,
            example = json!({"error": "LinkedIn profile not found: notfound-jane", "message": "LinkedIn profile not found: notfound-jane"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsMessage,
            example = json!({"error": "Failed to check conversation", "message": "Failed to check conversation"})),
    )
)]
#[get("/linkedin/conversations/exists/{profileId}")]
pub async fn conversation_exists(
    req: HttpRequest,
    state: Data<AppState>,
    path: Path<String>,
) -> HttpResponse {
    let world = state.world();
    reply(exists_inner(&world, &req, &path).await.map_err(to_bare))
}

async fn exists_inner(
    world: &World,
    req: &HttpRequest,
    sent: &str,
) -> Result<HttpResponse, CsError> {
    let q = query(req);
    let c = caller(world, req, query_account(&q), Shape::Bare)?;
    let m = member(world, sent).ok_or_else(|| CsError::ProfileNotFound(sent.to_string()))?;
    upstream(world, req, "Failed to check conversation").await?;
    let conv = world.linkedin.conversation_with(c.id(), &m.handle);
    Ok(HttpResponse::Ok().json(ExistsResponse {
        success: true,
        has_conversation: conv.is_some(),
        conversation_urn: conv.map(|x| x.urn),
        profile_urn: m.urn,
        account_id: c.id().to_string(),
    }))
}

// ------------------------------------------------------------------ messages

/// Messages of one conversation, newest first.
///
/// `cursor` (epoch ms from the previous page) reads older messages;
/// `since` (epoch ms) only newer ones. A Sales Navigator thread URN works
/// as the conversation URN.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(
        ("conversationUrn" = String, Path, description = "URL-encoded conversation URN"),
        ("accountId" = Option<String>, Query, description = "LinkedIn account (24 hex)", example = "696ce9e780e0483585e4e553"),
        ("count" = Option<u64>, Query, description = "Page size (default 20, at most 100)", example = 20),
        ("cursor" = Option<String>, Query, description = "Older than this (epoch ms)"),
        ("since" = Option<u64>, Query, description = "Newer than this (epoch ms)"),
        ("sync" = Option<bool>, Query, description = "Wait for LinkedIn (no effect: the store is always current)"),
    ),
    responses(
        (status = 200, description = "Messages", body = MessagesResponse,
            example = json!({"success": true, "conversationUrn": "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)", "messages": [{"messageUrn": "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)", "text": "Hi Jane!", "sentAt": 1705314600000i64, "senderProfileId": "priya-sharma-5a1b2c3d", "senderName": "Priya Sharma", "senderPhoto": "https://media.licdn.com/dms/image/v2/C4E03AQH/profile-displayphoto-shrink_100_100/0/1", "isSentByOwner": true, "hasAttachment": false, "attachments": [], "reactions": []}], "participants": [{"profileId": "jane-doe", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "name": "Jane Doe", "headline": "Head of Growth at Acme", "profilePicture": "https://media.licdn.com/dms/image/v2/C4E03AQH/profile-displayphoto-shrink_100_100/0/1"}], "hasMore": false, "cursor": null, "note": "Served from the local store"})),
        (status = 400, description = "A query parameter is not valid", body = CsMessage,
            example = json!({"error": "Invalid cursor: x", "message": "Invalid cursor: x"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Conversation (or account) not found", body = CsMessage,
            example = json!({"error": "Conversation not found: urn:li:msg_conversation:(x,2-y)", "message": "Conversation not found: urn:li:msg_conversation:(x,2-y)"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsMessage,
            example = json!({"error": "Failed to fetch messages", "message": "Failed to fetch messages"})),
    )
)]
#[get("/linkedin/conversations/{conversationUrn}/messages")]
pub async fn conversation_messages(
    req: HttpRequest,
    state: Data<AppState>,
    path: Path<String>,
) -> HttpResponse {
    let world = state.world();
    reply(messages_inner(&world, &req, &path).await.map_err(to_bare))
}

fn ms_param(q: &HashMap<String, String>, key: &str) -> Result<Option<i64>, CsError> {
    match q.get(key).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse::<i64>()
            .map(Some)
            .map_err(|_| e1(StatusCode::BAD_REQUEST, format!("Invalid {key}: {v}"))),
    }
}

async fn messages_inner(
    world: &World,
    req: &HttpRequest,
    urn: &str,
) -> Result<HttpResponse, CsError> {
    let q = query(req);
    let c = caller(world, req, query_account(&q), Shape::Bare)?;
    let count = count_param(&q)?;
    let cursor = ms_param(&q, "cursor")?;
    let since = ms_param(&q, "since")?;
    upstream(world, req, "Failed to fetch messages").await?;
    let conv = find(world, &c, urn).ok_or_else(|| not_found(urn))?;
    let newest_first: Vec<&Message> = conv
        .messages
        .iter()
        .rev()
        .filter(|m| cursor.is_none_or(|cu| ms(m.sent_at) < cu))
        .filter(|m| since.is_none_or(|s| ms(m.sent_at) > s))
        .collect();
    let has_more = newest_first.len() > count;
    let page: Vec<MessageItem> = newest_first
        .into_iter()
        .take(count)
        .map(|m| message_item(world, c.id(), &conv, m))
        .collect();
    Ok(HttpResponse::Ok().json(MessagesResponse {
        success: true,
        conversation_urn: conv.urn.clone(),
        cursor: if has_more {
            page.last().map(|m| m.sent_at.to_string())
        } else {
            None
        },
        messages: page,
        participants: vec![participant(world, &conv.counterpart)],
        has_more,
        note: "Served from the local store".into(),
    }))
}

// ------------------------------------------------------------------ recall, react, unread

/// Recall a message the account sent.
///
/// Gone from every read at once, and a later `/conversations/sync` does not
/// bring it back. Recalling someone else's message → 400.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(
        ("conversationUrn" = String, Path, description = "URL-encoded conversation URN"),
        ("messageUrn" = String, Path, description = "URL-encoded message URN"),
        ("accountId" = Option<String>, Query, description = "LinkedIn account (24 hex)", example = "696ce9e780e0483585e4e553"),
    ),
    responses(
        (status = 200, description = "Message recalled", body = MessageRef,
            example = json!({"success": true, "messageUrn": "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)"})),
        (status = 400, description = "Recall failed (not the account's own message)", body = CsMessage,
            example = json!({"error": "Only messages sent by this account can be recalled: urn:li:msg_message:(x,2-y)", "message": "Only messages sent by this account can be recalled: urn:li:msg_message:(x,2-y)"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Account, conversation or message not found", body = CsMessage,
            example = json!({"error": "Message not found: urn:li:msg_message:(x,2-y)", "message": "Message not found: urn:li:msg_message:(x,2-y)"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsMessage,
            example = json!({"error": "Failed to recall message", "message": "Failed to recall message"})),
    )
)]
#[delete("/linkedin/conversations/{conversationUrn}/messages/{messageUrn}")]
pub async fn recall_message(
    req: HttpRequest,
    state: Data<AppState>,
    path: Path<(String, String)>,
) -> HttpResponse {
    let world = state.world();
    let (conv, msg) = path.into_inner();
    reply(
        recall_inner(&world, &req, &conv, &msg)
            .await
            .map_err(to_bare),
    )
}

async fn recall_inner(
    world: &World,
    req: &HttpRequest,
    conv: &str,
    msg: &str,
) -> Result<HttpResponse, CsError> {
    let q = query(req);
    let c = caller(world, req, query_account(&q), Shape::Bare)?;
    upstream(world, req, "Failed to recall message").await?;
    let conv = find(world, &c, conv).ok_or_else(|| not_found(conv))?;
    let m = world
        .linkedin
        .recall_message(c.id(), &conv.urn, msg)
        .map_err(|e| network_error(e, msg))?;
    Ok(HttpResponse::Ok().json(MessageRef {
        success: true,
        message_urn: m.urn,
    }))
}

/// Add or remove an emoji reaction on a message.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(
        ("conversationUrn" = String, Path, description = "URL-encoded conversation URN"),
        ("messageUrn" = String, Path, description = "URL-encoded message URN"),
        ("accountId" = Option<String>, Query, description = "LinkedIn account (24 hex)", example = "696ce9e780e0483585e4e553"),
    ),
    request_body = ReactRequest,
    responses(
        (status = 200, description = "Reaction set", body = ReactResponse,
            example = json!({"success": true, "messageUrn": "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)", "emoji": "👍", "react": true})),
        (status = 400, description = "Validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "boolean", "received": "undefined", "path": ["react"], "message": "Required"}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Account, conversation or message not found", body = CsMessage,
            example = json!({"error": "Message not found: urn:li:msg_message:(x,2-y)", "message": "Message not found: urn:li:msg_message:(x,2-y)"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsMessage,
            example = json!({"error": "Failed to react to message", "message": "Failed to react to message"})),
    )
)]
#[post("/linkedin/conversations/{conversationUrn}/messages/{messageUrn}/react")]
pub async fn react_message(
    req: HttpRequest,
    state: Data<AppState>,
    path: Path<(String, String)>,
    body: Bytes,
) -> HttpResponse {
    let world = state.world();
    let (conv, msg) = path.into_inner();
    reply(
        react_inner(&world, &req, &conv, &msg, &body)
            .await
            .map_err(to_bare),
    )
}

async fn react_inner(
    world: &World,
    req: &HttpRequest,
    conv: &str,
    msg: &str,
    body: &[u8],
) -> Result<HttpResponse, CsError> {
    let q = query(req);
    let b = begin(world, req, body)?;
    let raw = b.body?;
    let mut z = Checker::new(&raw);
    let emoji = z.string("emoji", true);
    if let Some(e) = emoji {
        z.min_len("emoji", e, 1);
    }
    let react = z.boolean_required("react");
    z.finish()?;
    let c = caller_of(world, b.key, query_account(&q), Shape::Bare)?;
    upstream(world, req, "Failed to react to message").await?;
    let conv = find(world, &c, conv).ok_or_else(|| not_found(conv))?;
    let emoji = emoji.unwrap_or_default();
    let react = react.unwrap_or(true);
    let m = world
        .linkedin
        .react_to_message(c.id(), &conv.urn, msg, emoji, react)
        .map_err(|e| network_error(e, msg))?;
    Ok(HttpResponse::Ok().json(ReactResponse {
        success: true,
        message_urn: m.urn,
        emoji: emoji.to_string(),
        react,
    }))
}

/// Mark a conversation unread; the account is the one owning it.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("conversationUrn" = String, Path, description = "URL-encoded conversation URN")),
    responses(
        (status = 200, description = "Marked unread", body = ConversationRef,
            example = json!({"success": true, "conversationUrn": "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Conversation or account not found", body = CsMessage,
            example = json!({"error": "Conversation not found: urn:li:msg_conversation:(x,2-y)", "message": "Conversation not found: urn:li:msg_conversation:(x,2-y)"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsMessage,
            example = json!({"error": "Failed to mark conversation unread", "message": "Failed to mark conversation unread"})),
    )
)]
#[patch("/linkedin/conversations/{conversationUrn}/mark-unread")]
pub async fn mark_unread(
    req: HttpRequest,
    state: Data<AppState>,
    path: Path<String>,
) -> HttpResponse {
    let world = state.world();
    reply(unread_inner(&world, &req, &path).await.map_err(to_bare))
}

async fn unread_inner(
    world: &World,
    req: &HttpRequest,
    urn: &str,
) -> Result<HttpResponse, CsError> {
    let key = super::routes::authenticate(world, req)?;
    upstream(world, req, "Failed to mark conversation unread").await?;
    for a in &key.accounts {
        let Ok(c) = caller_of(world, key, Some(&a.id.0), Shape::Bare) else {
            continue;
        };
        if let Some(conv) = find(world, &c, urn) {
            world
                .linkedin
                .mark_unread(c.id(), &conv.urn)
                .map_err(|e| network_error(e, urn))?;
            return Ok(HttpResponse::Ok().json(ConversationRef {
                success: true,
                conversation_urn: urn.to_string(),
            }));
        }
    }
    Err(not_found(urn))
}

// ------------------------------------------------------------------ sync

/// Minimum time between two syncs without `force`.
const SYNC_INTERVAL_MINUTES: i64 = 5;

/// Copy the account's conversations from LinkedIn into the store.
///
/// The store is always current in mocklink; a sync counts what it holds.
/// Without `force`, a sync within 5 minutes of the last processes nothing
/// (`skipped: true`). Recalled messages stay gone.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = SyncRequest,
    responses(
        (status = 200, description = "Sync done", body = SyncResponse,
            example = json!({"success": true, "accountId": "696ce9e780e0483585e4e553", "conversationsProcessed": 5, "messagesProcessed": 10, "durationMs": 250, "durationSeconds": "0.25", "skipped": false})),
        (status = 400, description = "Validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "boolean", "received": "string", "path": ["force"], "message": "Expected boolean, received string"}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Account not found", body = CsMessage,
            example = json!({"error": "LinkedIn account not found: 60d21b4667d0d8992e610c85", "message": "LinkedIn account not found: 60d21b4667d0d8992e610c85"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsMessage,
            example = json!({"error": "Failed to sync conversations", "message": "Failed to sync conversations"})),
    )
)]
#[post("/linkedin/conversations/sync")]
pub async fn sync(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    reply(sync_inner(&world, &req, &body).await.map_err(to_bare))
}

async fn sync_inner(
    world: &World,
    req: &HttpRequest,
    body: &[u8],
) -> Result<HttpResponse, CsError> {
    let b = begin(world, req, body)?;
    let raw = b.body?;
    let mut z = Checker::new(&raw);
    let account_id = z.string("accountId", false);
    let force = z.boolean("force").unwrap_or(false);
    z.finish()?;
    let c = caller_of(world, b.key, account_id, Shape::Bare)?;
    upstream(world, req, "Failed to sync conversations").await?;
    let now = world.now();
    let skipped = {
        let mut s = c.account.actions.lock();
        let recent = s.last_sync.is_some_and(|t| {
            now >= t && now - t < chrono::Duration::minutes(SYNC_INTERVAL_MINUTES)
        });
        if !recent || force {
            s.last_sync = Some(now);
        }
        recent && !force
    };
    let (convs, msgs) = if skipped {
        (0, 0)
    } else {
        let all = world
            .linkedin
            .conversations(c.id())
            .map_err(|e| network_error(e, c.id()))?;
        let msgs: usize = all.iter().map(|x| x.messages.len()).sum();
        (all.len() as u64, msgs as u64)
    };
    // A stable, plausible duration: 50 ms plus 10 per conversation and 2 per message.
    let duration_ms = 50 + convs * 10 + msgs * 2;
    Ok(HttpResponse::Ok().json(SyncResponse {
        success: true,
        account_id: c.id().to_string(),
        conversations_processed: convs,
        messages_processed: msgs,
        duration_ms,
        duration_seconds: format!("{:.2}", duration_ms as f64 / 1000.0),
        skipped,
    }))
}

// ------------------------------------------------------------------ older /messaging routes

/// Deprecated: redirects (307) to `GET /conversations` with the same query.
///
/// The `Location` is relative (`../conversations?…`), so it keeps any
/// session prefix of the request.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(
        ("accountId" = Option<String>, Query, description = "LinkedIn account (24 hex)"),
        ("nextCursor" = Option<String>, Query, description = "From the previous page"),
        ("count" = Option<u64>, Query, description = "Page size (default 20, at most 100)"),
    ),
    responses(
        (status = 307, description = "Moved to GET /linkedin/conversations",
            headers(("Location" = String, description = "../conversations with the same query"))),
    )
)]
#[get("/linkedin/messaging/recent-messages")]
pub async fn recent_messages(req: HttpRequest) -> HttpResponse {
    let qs = req.query_string();
    let to = if qs.is_empty() {
        "../conversations".to_string()
    } else {
        format!("../conversations?{qs}")
    };
    HttpResponse::TemporaryRedirect()
        .insert_header((LOCATION, to))
        .finish()
}

/// Messages of a conversation around a `deliveredAt` anchor (superseded by
/// `GET /conversations/{conversationUrn}/messages`).
///
/// Without an anchor: the last `countBefore` (default 20) messages. With
/// one: `countBefore` messages before it and `countAfter` (default 0) after.
/// Oldest first. Both documented shapes at once: `messages` and
/// `conversationDetails.messages`.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(
        ("conversationUrn" = String, Query, description = "The conversation (required)"),
        ("accountId" = Option<String>, Query, description = "LinkedIn account (24 hex)"),
        ("profileId" = Option<String>, Query, description = "The counterpart (optional)"),
        ("deliveredAt" = Option<i64>, Query, description = "Anchor, epoch ms"),
        ("countBefore" = Option<u64>, Query, description = "Messages before the anchor (default 20)"),
        ("countAfter" = Option<u64>, Query, description = "Messages after the anchor (default 0)"),
    ),
    responses(
        (status = 200, description = "Messages", body = ConversationDetailsResponse,
            example = json!({"success": true, "accountId": "696ce9e780e0483585e4e553", "profileId": "jane-doe", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "conversationUrn": "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)", "messages": [{"messageId": "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)", "messageUrn": "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)", "text": "Hi Jane!", "body": "Hi Jane!", "sender": "Priya Sharma", "senderProfileUrn": "urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx", "createdAt": "2024-01-15T10:30:00.000Z", "deliveredAt": 1705314600000i64, "isSentByOwner": true}], "total": 1, "conversationDetails": {"messages": []}})),
        (status = 400, description = "Missing parameter", body = CsFailure,
            example = json!({"success": false, "error": "conversationUrn is required", "message": "conversationUrn is required"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Conversation or account not found", body = CsFailure,
            example = json!({"success": false, "error": "Conversation not found: urn:li:msg_conversation:(x,2-y)", "message": "Conversation not found: urn:li:msg_conversation:(x,2-y)"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to get conversation details", "message": "Failed to get conversation details"})),
    )
)]
#[get("/linkedin/messaging/conversation-details")]
pub async fn conversation_details(req: HttpRequest, state: Data<AppState>) -> HttpResponse {
    let world = state.world();
    reply(details_inner(&world, &req).await.map_err(to_success_first))
}

async fn details_inner(world: &World, req: &HttpRequest) -> Result<HttpResponse, CsError> {
    let q = query(req);
    let c = caller(world, req, query_account(&q), Shape::SuccessFirst)?;
    let urn = q
        .get("conversationUrn")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| e3(StatusCode::BAD_REQUEST, "conversationUrn is required"))?;
    let anchor = ms_param(&q, "deliveredAt")?;
    let before = usize::try_from(index_param(&q, "countBefore")?.unwrap_or(20)).unwrap_or(MAX_PAGE);
    let after = usize::try_from(index_param(&q, "countAfter")?.unwrap_or(0)).unwrap_or(MAX_PAGE);
    upstream(world, req, "Failed to get conversation details").await?;
    let conv = find(world, &c, urn).ok_or_else(|| {
        e3(
            StatusCode::NOT_FOUND,
            format!("Conversation not found: {urn}"),
        )
    })?;
    let me = world.linkedin.account_member(c.id());
    let them = world.people.person(&conv.counterpart);
    let all: Vec<&Message> = conv.messages.iter().collect();
    let picked: Vec<&Message> = match anchor {
        None => all
            .iter()
            .rev()
            .take(before.min(MAX_PAGE))
            .rev()
            .copied()
            .collect(),
        Some(a) => {
            let older: Vec<&Message> = all.iter().filter(|m| ms(m.sent_at) < a).copied().collect();
            let skip = older.len().saturating_sub(before.min(MAX_PAGE));
            let mut v: Vec<&Message> = older.into_iter().skip(skip).collect();
            v.extend(
                all.iter()
                    .filter(|m| ms(m.sent_at) >= a)
                    .take(after.min(MAX_PAGE))
                    .copied(),
            );
            v
        }
    };
    let messages: Vec<DetailMessage> = picked
        .iter()
        .map(|m| {
            let who = if m.from_account { &me } else { &them };
            DetailMessage {
                message_id: m.urn.clone(),
                message_urn: m.urn.clone(),
                text: m.text.clone(),
                body: m.text.clone(),
                sender: who.full_name(),
                sender_profile_urn: world.people.urn_for(&who.handle),
                created_at: iso(m.sent_at),
                delivered_at: ms(m.sent_at),
                is_sent_by_owner: m.from_account,
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(ConversationDetailsResponse {
        success: true,
        account_id: c.id().to_string(),
        profile_id: them.handle.to_string(),
        profile_urn: world.people.urn_for(&conv.counterpart),
        conversation_urn: conv.urn.clone(),
        total: conv.messages.len() as u64,
        conversation_details: ConversationDetails {
            messages: messages.clone(),
        },
        messages,
    }))
}

/// Which older single-message route.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Extra {
    Plain,
    Ack,
    Typing,
}

async fn messaging_send_inner(
    world: &World,
    req: &HttpRequest,
    b: super::steps::Begun<'_>,
    extra: Extra,
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
    let conv_urn = z.string("conversationUrn", false);
    let acks = if extra == Extra::Ack {
        z.string_array("messageUrns", false, 0, 1000)
    } else {
        None
    };
    z.finish()?;
    let c = caller_of(world, b.key, account_id, Shape::SuccessFirst)?;
    let sent = non_empty(urn).or(non_empty(id)).ok_or_else(|| {
        e3(
            StatusCode::BAD_REQUEST,
            "Either recipientProfileId or recipientProfileUrn must be provided",
        )
    })?;
    let m = member(world, &sent).ok_or_else(|| CsError::ProfileNotFound(sent.clone()))?;
    if let Some(cu) = non_empty(conv_urn) {
        // The typing indicator's conversation must be this member's.
        let conv = find(world, &c, &cu).ok_or_else(|| {
            e3(
                StatusCode::NOT_FOUND,
                format!("Conversation not found: {cu}"),
            )
        })?;
        if conv.counterpart != m.handle {
            return Err(e3(
                StatusCode::BAD_REQUEST,
                format!("Conversation {cu} is not with {sent}"),
            ));
        }
    }
    upstream(world, req, "Failed to send message").await?;
    let ch = channel(world, &c, &m, &sent, kind == Some("inmail"), None)?;
    let (conv, msg) = deliver(
        world,
        &c,
        Counted::Messaging,
        &m,
        text.unwrap_or_default(),
        non_empty(subject),
        Vec::new(),
    )?;
    if extra == Extra::Ack && acks.is_some_and(|a| !a.is_empty()) {
        // Acknowledging earlier messages reads the conversation.
        world
            .linkedin
            .mark_read(c.id(), &conv.urn)
            .map_err(|e| network_error(e, &sent))?;
    }
    Ok(HttpResponse::Ok().json(MessagingSent {
        sent: MessageSent {
            success: true,
            message: "Message sent successfully".into(),
            recipient_profile_urn: m.urn,
            conversation_urn: conv.urn,
            message_urn: msg.urn,
            message_type: match ch {
                super::actions::Channel::InMail => "inmail",
                _ => "normal",
            }
            .into(),
        },
        typing_indicator_sent: (extra == Extra::Typing).then_some(true),
        acknowledgment_sent: (extra == Extra::Ack).then_some(true),
    }))
}

async fn messaging_send_route(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
    extra: Extra,
) -> HttpResponse {
    let world = state.world();
    match begin(&world, &req, &body) {
        Ok(b) => {
            let acc = b.account;
            let result = messaging_send_inner(&world, &req, b, extra)
                .await
                .map_err(to_success_first);
            counted(&world, result, Counted::Messaging, acc)
        }
        Err(e) => reply(Err(e)),
    }
}

/// Send a DM or an InMail (deprecated in favour of `POST /conversations/send`).
///
/// A normal message needs a 1st-degree connection; an InMail needs Premium.
/// 150 a day per account, sharing the MESSAGE count with every send route.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = MessagingSendRequest,
    responses(
        (status = 200, description = "Message sent", body = MessagingSent,
            headers(
                ("X-RateLimit-Action" = String, description = "MESSAGE"),
                ("X-RateLimit-Limit" = u32, description = "Messages allowed per day through these routes"),
                ("X-RateLimit-Used" = u32, description = "Messages sent today"),
                ("X-RateLimit-Remaining" = u32, description = "Messages left today"),
                ("X-RateLimit-Reset" = String, description = "Next midnight UTC, ISO 8601"),
            ),
            example = json!({"success": true, "message": "Message sent successfully", "recipientProfileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "conversationUrn": "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)", "messageUrn": "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)", "messageType": "normal"})),
        (status = 400, description = "Missing parameter, not a connection, or validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": "Either recipientProfileId or recipientProfileUrn must be provided", "message": "Either recipientProfileId or recipientProfileUrn must be provided"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 403, description = "InMail without Premium", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn Premium required to send InMail", "message": "LinkedIn Premium required to send InMail"})),
        (status = 404, description = "Profile or account not found", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn profile not found: notfound-jane", "message": "LinkedIn profile not found: notfound-jane"})),
        (status = 429, description = "Daily message limit reached", body = CsFailure,
            example = json!({"success": false, "error": "Rate limit exceeded for MESSAGE: 150/150 used. Resets at 2024-01-16T00:00:00.000Z", "message": "Rate limit exceeded for MESSAGE: 150/150 used. Resets at 2024-01-16T00:00:00.000Z"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to send message", "message": "Failed to send message"})),
    )
)]
#[post("/linkedin/messaging/send")]
pub async fn messaging_send(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    messaging_send_route(req, state, body, Extra::Plain).await
}

/// Send a message and acknowledge earlier ones (`messageUrns`), which reads
/// the conversation.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = MessagingSendRequest,
    responses(
        (status = 200, description = "Message sent", body = MessagingSent,
            headers(
                ("X-RateLimit-Action" = String, description = "MESSAGE"),
                ("X-RateLimit-Limit" = u32, description = "Messages allowed per day through these routes"),
                ("X-RateLimit-Used" = u32, description = "Messages sent today"),
                ("X-RateLimit-Remaining" = u32, description = "Messages left today"),
                ("X-RateLimit-Reset" = String, description = "Next midnight UTC, ISO 8601"),
            ),
            example = json!({"success": true, "message": "Message sent successfully", "recipientProfileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "conversationUrn": "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)", "messageUrn": "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)", "messageType": "normal", "acknowledgmentSent": true})),
        (status = 400, description = "Missing parameter, not a connection, or validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": "Either recipientProfileId or recipientProfileUrn must be provided", "message": "Either recipientProfileId or recipientProfileUrn must be provided"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 403, description = "InMail without Premium", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn Premium required to send InMail", "message": "LinkedIn Premium required to send InMail"})),
        (status = 404, description = "Profile or account not found", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn profile not found: notfound-jane", "message": "LinkedIn profile not found: notfound-jane"})),
        (status = 429, description = "Daily message limit reached", body = CsFailure,
            example = json!({"success": false, "error": "Rate limit exceeded for MESSAGE: 150/150 used. Resets at 2024-01-16T00:00:00.000Z", "message": "Rate limit exceeded for MESSAGE: 150/150 used. Resets at 2024-01-16T00:00:00.000Z"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to send message", "message": "Failed to send message"})),
    )
)]
#[post("/linkedin/messaging/send-with-ack")]
pub async fn messaging_send_with_ack(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> HttpResponse {
    messaging_send_route(req, state, body, Extra::Ack).await
}

/// Show a typing indicator, then send the message.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = MessagingSendRequest,
    responses(
        (status = 200, description = "Message sent", body = MessagingSent,
            headers(
                ("X-RateLimit-Action" = String, description = "MESSAGE"),
                ("X-RateLimit-Limit" = u32, description = "Messages allowed per day through these routes"),
                ("X-RateLimit-Used" = u32, description = "Messages sent today"),
                ("X-RateLimit-Remaining" = u32, description = "Messages left today"),
                ("X-RateLimit-Reset" = String, description = "Next midnight UTC, ISO 8601"),
            ),
            example = json!({"success": true, "message": "Message sent successfully", "recipientProfileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "conversationUrn": "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)", "messageUrn": "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)", "messageType": "normal", "typingIndicatorSent": true})),
        (status = 400, description = "Missing parameter, not a connection, or validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": "Either recipientProfileId or recipientProfileUrn must be provided", "message": "Either recipientProfileId or recipientProfileUrn must be provided"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 403, description = "InMail without Premium", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn Premium required to send InMail", "message": "LinkedIn Premium required to send InMail"})),
        (status = 404, description = "Profile, conversation or account not found", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn profile not found: notfound-jane", "message": "LinkedIn profile not found: notfound-jane"})),
        (status = 429, description = "Daily message limit reached", body = CsFailure,
            example = json!({"success": false, "error": "Rate limit exceeded for MESSAGE: 150/150 used. Resets at 2024-01-16T00:00:00.000Z", "message": "Rate limit exceeded for MESSAGE: 150/150 used. Resets at 2024-01-16T00:00:00.000Z"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to send message", "message": "Failed to send message"})),
    )
)]
#[post("/linkedin/messaging/send-with-typing")]
pub async fn messaging_send_with_typing(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> HttpResponse {
    messaging_send_route(req, state, body, Extra::Typing).await
}

async fn group_inner(
    world: &World,
    req: &HttpRequest,
    b: super::steps::Begun<'_>,
    extra: Extra,
) -> Result<HttpResponse, CsError> {
    let raw = b.body?;
    let mut z = Checker::new(&raw);
    let account_id = z.string("accountId", false);
    let urn = z.string("recipientProfileUrn", true);
    if let Some(u) = urn {
        z.regex("recipientProfileUrn", ProfileUrn::is_valid(u));
    }
    let group = z.string("groupId", true);
    if let Some(g) = group {
        z.min_len("groupId", g, 1);
    }
    let text = z.string("message", true);
    if let Some(t) = text {
        z.min_len("message", t, 1);
    }
    let conv_urn = z.string("conversationUrn", false);
    let acks = if extra == Extra::Ack {
        z.string_array("messageUrns", false, 0, 1000)
    } else {
        None
    };
    z.finish()?;
    let c = caller_of(world, b.key, account_id, Shape::SuccessFirst)?;
    let sent = urn.unwrap_or_default().to_string();
    let group = group.unwrap_or_default().trim().to_string();
    let m = member(world, &sent).ok_or_else(|| CsError::ProfileNotFound(sent.clone()))?;
    if let Some(cu) = non_empty(conv_urn) {
        find(world, &c, &cu).ok_or_else(|| {
            e3(
                StatusCode::NOT_FOUND,
                format!("Conversation not found: {cu}"),
            )
        })?;
    }
    upstream(world, req, "Failed to send group message").await?;
    channel(world, &c, &m, &sent, false, Some(&group))?;
    let (conv, msg) = deliver(
        world,
        &c,
        Counted::Messaging,
        &m,
        text.unwrap_or_default(),
        None,
        Vec::new(),
    )?;
    if extra == Extra::Ack && acks.is_some_and(|a| !a.is_empty()) {
        world
            .linkedin
            .mark_read(c.id(), &conv.urn)
            .map_err(|e| network_error(e, &sent))?;
    }
    Ok(HttpResponse::Ok().json(GroupSent {
        success: true,
        message: "Group context message sent successfully".into(),
        recipient_profile_urn: m.urn,
        group_id: group,
        conversation_urn: conv.urn,
        message_urn: msg.urn,
        typing_indicator_sent: (extra == Extra::Typing).then_some(true),
        acknowledgment_sent: (extra == Extra::Ack).then_some(true),
    }))
}

async fn group_route(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
    extra: Extra,
) -> HttpResponse {
    let world = state.world();
    match begin(&world, &req, &body) {
        Ok(b) => {
            let acc = b.account;
            let result = group_inner(&world, &req, b, extra)
                .await
                .map_err(to_success_first);
            counted(&world, result, Counted::Messaging, acc)
        }
        Err(e) => reply(Err(e)),
    }
}

/// Message a fellow member of a group the account belongs to (no InMail
/// credit spent). 403 when the account is not in that group.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = GroupSendRequest,
    responses(
        (status = 200, description = "Group context message sent", body = GroupSent,
            headers(
                ("X-RateLimit-Action" = String, description = "MESSAGE"),
                ("X-RateLimit-Limit" = u32, description = "Messages allowed per day through these routes"),
                ("X-RateLimit-Used" = u32, description = "Messages sent today"),
                ("X-RateLimit-Remaining" = u32, description = "Messages left today"),
                ("X-RateLimit-Reset" = String, description = "Next midnight UTC, ISO 8601"),
            ),
            example = json!({"success": true, "message": "Group context message sent successfully", "recipientProfileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "groupId": "12345678", "conversationUrn": "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)", "messageUrn": "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)"})),
        (status = 400, description = "Missing parameter or validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "string", "received": "undefined", "path": ["groupId"], "message": "Required"}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 403, description = "Group route not allowed for this member", body = CsFailure,
            example = json!({"success": false, "error": "Not allowed to message jane-doe through group 12345678: the account is not a member of that group", "message": "Not allowed to message jane-doe through group 12345678: the account is not a member of that group"})),
        (status = 404, description = "Profile or account not found", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn profile not found: urn:li:fsd_profile:ACoAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "message": "LinkedIn profile not found: urn:li:fsd_profile:ACoAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})),
        (status = 429, description = "Daily message limit reached", body = CsFailure,
            example = json!({"success": false, "error": "Rate limit exceeded for MESSAGE: 150/150 used. Resets at 2024-01-16T00:00:00.000Z", "message": "Rate limit exceeded for MESSAGE: 150/150 used. Resets at 2024-01-16T00:00:00.000Z"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to send group message", "message": "Failed to send group message"})),
    )
)]
#[post("/linkedin/messaging/send-group")]
pub async fn messaging_send_group(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> HttpResponse {
    group_route(req, state, body, Extra::Plain).await
}

/// The same, with a typing indicator first.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = GroupSendRequest,
    responses(
        (status = 200, description = "Group context message sent", body = GroupSent,
            headers(
                ("X-RateLimit-Action" = String, description = "MESSAGE"),
                ("X-RateLimit-Limit" = u32, description = "Messages allowed per day through these routes"),
                ("X-RateLimit-Used" = u32, description = "Messages sent today"),
                ("X-RateLimit-Remaining" = u32, description = "Messages left today"),
                ("X-RateLimit-Reset" = String, description = "Next midnight UTC, ISO 8601"),
            ),
            example = json!({"success": true, "message": "Group context message sent successfully", "recipientProfileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "groupId": "12345678", "conversationUrn": "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)", "messageUrn": "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)", "typingIndicatorSent": true})),
        (status = 400, description = "Missing parameter or validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "string", "received": "undefined", "path": ["groupId"], "message": "Required"}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 403, description = "Group route not allowed for this member", body = CsFailure,
            example = json!({"success": false, "error": "Not allowed to message jane-doe through group 12345678: the account is not a member of that group", "message": "Not allowed to message jane-doe through group 12345678: the account is not a member of that group"})),
        (status = 404, description = "Profile, conversation or account not found", body = CsFailure,
            example = json!({"success": false, "error": "Conversation not found: urn:li:msg_conversation:(x,2-y)", "message": "Conversation not found: urn:li:msg_conversation:(x,2-y)"})),
        (status = 429, description = "Daily message limit reached", body = CsFailure,
            example = json!({"success": false, "error": "Rate limit exceeded for MESSAGE: 150/150 used. Resets at 2024-01-16T00:00:00.000Z", "message": "Rate limit exceeded for MESSAGE: 150/150 used. Resets at 2024-01-16T00:00:00.000Z"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to send group message", "message": "Failed to send group message"})),
    )
)]
#[post("/linkedin/messaging/send-group-with-typing")]
pub async fn messaging_send_group_with_typing(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> HttpResponse {
    group_route(req, state, body, Extra::Typing).await
}

/// The same, acknowledging earlier messages (deprecated in favour of
/// `POST /conversations/send`).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = GroupSendRequest,
    responses(
        (status = 200, description = "Group context message sent", body = GroupSent,
            headers(
                ("X-RateLimit-Action" = String, description = "MESSAGE"),
                ("X-RateLimit-Limit" = u32, description = "Messages allowed per day through these routes"),
                ("X-RateLimit-Used" = u32, description = "Messages sent today"),
                ("X-RateLimit-Remaining" = u32, description = "Messages left today"),
                ("X-RateLimit-Reset" = String, description = "Next midnight UTC, ISO 8601"),
            ),
            example = json!({"success": true, "message": "Group context message sent successfully", "recipientProfileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "groupId": "12345678", "conversationUrn": "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)", "messageUrn": "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)", "acknowledgmentSent": true})),
        (status = 400, description = "Missing parameter or validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "string", "received": "undefined", "path": ["groupId"], "message": "Required"}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 403, description = "Not allowed to message this member through the group", body = CsFailure,
            example = json!({"success": false, "error": "Not allowed to message jane-doe through group 12345678: the account is not a member of that group", "message": "Not allowed to message jane-doe through group 12345678: the account is not a member of that group"})),
        (status = 404, description = "Profile or account not found", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn profile not found: urn:li:fsd_profile:ACoAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "message": "LinkedIn profile not found: urn:li:fsd_profile:ACoAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})),
        (status = 429, description = "Daily message limit reached", body = CsFailure,
            example = json!({"success": false, "error": "Rate limit exceeded for MESSAGE: 150/150 used. Resets at 2024-01-16T00:00:00.000Z", "message": "Rate limit exceeded for MESSAGE: 150/150 used. Resets at 2024-01-16T00:00:00.000Z"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to send group message", "message": "Failed to send group message"})),
    )
)]
#[post("/linkedin/messaging/send-group-with-ack")]
pub async fn messaging_send_group_with_ack(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> HttpResponse {
    group_route(req, state, body, Extra::Ack).await
}

/// Mark a conversation read (the other side sees a read receipt).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = MarkSeenRequest,
    responses(
        (status = 200, description = "Marked seen", body = MarkSeenResponse,
            example = json!({"success": true, "accountId": "696ce9e780e0483585e4e553", "conversationUrn": "urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTIzNDU2Nzg5MA==)", "message": "Conversation marked as seen successfully"})),
        (status = 400, description = "conversationUrn missing", body = CsBadRequest,
            example = json!({"success": false, "error": "conversationUrn is required", "message": "conversationUrn is required"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Conversation or account not found", body = CsFailure,
            example = json!({"success": false, "error": "Conversation not found: urn:li:msg_conversation:(x,2-y)", "message": "Conversation not found: urn:li:msg_conversation:(x,2-y)"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to mark conversation as seen", "message": "Failed to mark conversation as seen"})),
    )
)]
#[post("/linkedin/messaging/mark-seen")]
pub async fn mark_seen(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    reply(
        mark_seen_inner(&world, &req, &body)
            .await
            .map_err(to_success_first),
    )
}

async fn mark_seen_inner(
    world: &World,
    req: &HttpRequest,
    body: &[u8],
) -> Result<HttpResponse, CsError> {
    let b = begin(world, req, body)?;
    let raw = b.body?;
    // Documented as a plain E3 text rather than a Zod issue.
    let urn = raw
        .get("conversationUrn")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| e3(StatusCode::BAD_REQUEST, "conversationUrn is required"))?;
    let mut z = Checker::new(&raw);
    let account_id = z.string("accountId", false);
    z.finish()?;
    let c = caller_of(world, b.key, account_id, Shape::SuccessFirst)?;
    upstream(world, req, "Failed to mark conversation as seen").await?;
    let conv = find(world, &c, urn).ok_or_else(|| {
        e3(
            StatusCode::NOT_FOUND,
            format!("Conversation not found: {urn}"),
        )
    })?;
    world
        .linkedin
        .mark_read(c.id(), &conv.urn)
        .map_err(|e| network_error(e, urn))?;
    Ok(HttpResponse::Ok().json(MarkSeenResponse {
        success: true,
        account_id: c.id().to_string(),
        conversation_urn: urn.to_string(),
        message: "Conversation marked as seen successfully".into(),
    }))
}

// ------------------------------------------------------------------ Sales Navigator

/// Send through Sales Navigator: reply in `threadId`, or start a thread
/// with one recipient. Needs a Sales Navigator subscription (400 without).
/// Counts as a MESSAGE (100 a day, shared).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = SalesNavSendRequest,
    responses(
        (status = 200, description = "Sent", body = SalesNavSent,
            headers(
                ("X-RateLimit-Action" = String, description = "MESSAGE"),
                ("X-RateLimit-Limit" = u32, description = "Messages allowed per day"),
                ("X-RateLimit-Used" = u32, description = "Messages sent today"),
                ("X-RateLimit-Remaining" = u32, description = "Messages left today"),
                ("X-RateLimit-Reset" = String, description = "Next midnight UTC, ISO 8601"),
            ),
            example = json!({"success": true, "message": "Message sent successfully", "threadId": "urn:li:salesNav_thread:2-MTIzNDU2Nzg5MA", "messageId": "urn:li:msg_message:(urn:li:fsd_profile:ACoAAB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx,2-MTcwNTMxNDYwMDAwMA)", "accountId": "696ce9e780e0483585e4e553"})),
        (status = 400, description = "Send failed (no Sales Navigator, no recipient) or validation failed", body = BareBadRequest,
            example = json!({"error": "Sales Navigator subscription required", "message": "Sales Navigator subscription required"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Account, thread or profile not found", body = CsMessage,
            example = json!({"error": "Thread not found: urn:li:salesNav_thread:2-x", "message": "Thread not found: urn:li:salesNav_thread:2-x"})),
        (status = 429, description = "Daily message limit reached", body = CsMessage,
            example = json!({"error": "Rate limit exceeded for MESSAGE: 100/100 used. Resets at 2024-01-16T00:00:00.000Z", "message": "Rate limit exceeded for MESSAGE: 100/100 used. Resets at 2024-01-16T00:00:00.000Z"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsMessage,
            example = json!({"error": "Failed to send Sales Navigator message", "message": "Failed to send Sales Navigator message"})),
    )
)]
#[post("/linkedin/sales-nav/send")]
pub async fn sales_nav_send(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    match begin(&world, &req, &body) {
        Ok(b) => {
            let acc = b.account;
            let result = sales_nav_inner(&world, &req, b).await.map_err(to_bare);
            counted(&world, result, Counted::Message, acc)
        }
        Err(e) => reply(Err(to_bare(e))),
    }
}

async fn sales_nav_inner(
    world: &World,
    req: &HttpRequest,
    b: super::steps::Begun<'_>,
) -> Result<HttpResponse, CsError> {
    let raw = b.body?;
    let mut z = Checker::new(&raw);
    let account_id = z.string("accountId", false);
    let thread = z.string("threadId", false);
    let recipients = z.string_array("recipients", false, 0, 1000);
    let text = z.string("body", true);
    if let Some(t) = text {
        z.min_len("body", t, 1);
    }
    z.boolean("copyToCrm");
    z.finish()?;
    let c = caller_of(world, b.key, account_id, Shape::Bare)?;
    if !c.chosen.sales_navigator {
        return Err(e1(
            StatusCode::BAD_REQUEST,
            "Sales Navigator subscription required",
        ));
    }
    let m = match non_empty(thread) {
        Some(t) => {
            let conv = find(world, &c, &t)
                .ok_or_else(|| e1(StatusCode::NOT_FOUND, format!("Thread not found: {t}")))?;
            member(world, &conv.counterpart)
                .ok_or_else(|| CsError::ProfileNotFound(conv.counterpart.clone()))?
        }
        None => {
            let list = recipients.unwrap_or_default();
            let first = match list.as_slice() {
                [one] => one.trim().to_string(),
                [] => {
                    return Err(e1(
                        StatusCode::BAD_REQUEST,
                        "Either threadId or recipients must be provided",
                    ))
                }
                _ => {
                    return Err(e1(
                        StatusCode::BAD_REQUEST,
                        "Sales Navigator threads with several recipients are not supported: give one recipient",
                    ))
                }
            };
            member(world, &first).ok_or_else(|| CsError::ProfileNotFound(first.clone()))?
        }
    };
    upstream(world, req, "Failed to send Sales Navigator message").await?;
    let (conv, msg) = deliver(
        world,
        &c,
        Counted::Message,
        &m,
        text.unwrap_or_default(),
        None,
        Vec::new(),
    )?;
    let thread = c.account.actions.lock().open_thread(&conv.urn);
    Ok(HttpResponse::Ok().json(SalesNavSent {
        success: true,
        message: "Message sent successfully".into(),
        thread_id: thread,
        message_id: msg.urn,
        account_id: c.id().to_string(),
    }))
}

/// Mark a Sales Navigator thread read.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body = SalesNavMarkReadRequest,
    responses(
        (status = 200, description = "Marked read", body = SalesNavMarkRead,
            example = json!({"success": true, "threadId": "urn:li:salesNav_thread:2-MTIzNDU2Nzg5MA", "accountId": "696ce9e780e0483585e4e553"})),
        (status = 400, description = "Validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "string", "received": "undefined", "path": ["threadId"], "message": "Required"}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Account or thread not found", body = CsMessage,
            example = json!({"error": "Thread not found: urn:li:salesNav_thread:2-x", "message": "Thread not found: urn:li:salesNav_thread:2-x"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsMessage,
            example = json!({"error": "Failed to mark thread read", "message": "Failed to mark thread read"})),
    )
)]
#[post("/linkedin/sales-nav/mark-read")]
pub async fn sales_nav_mark_read(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> HttpResponse {
    let world = state.world();
    reply(sn_read_inner(&world, &req, &body).await.map_err(to_bare))
}

async fn sn_read_inner(
    world: &World,
    req: &HttpRequest,
    body: &[u8],
) -> Result<HttpResponse, CsError> {
    let b = begin(world, req, body)?;
    let raw = b.body?;
    let mut z = Checker::new(&raw);
    let account_id = z.string("accountId", false);
    let thread = z.string("threadId", true);
    if let Some(t) = thread {
        z.min_len("threadId", t, 1);
    }
    z.finish()?;
    let c = caller_of(world, b.key, account_id, Shape::Bare)?;
    let t = thread.unwrap_or_default().trim().to_string();
    upstream(world, req, "Failed to mark thread read").await?;
    let known = c
        .account
        .actions
        .lock()
        .conversation_of(&t)
        .map(str::to_string);
    let conv = known.ok_or_else(|| e1(StatusCode::NOT_FOUND, format!("Thread not found: {t}")))?;
    world
        .linkedin
        .mark_read(c.id(), &conv)
        .map_err(|e| network_error(e, &t))?;
    Ok(HttpResponse::Ok().json(SalesNavMarkRead {
        success: true,
        thread_id: t,
        account_id: c.id().to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversation_ids_are_the_thread_part_of_the_urn() {
        assert_eq!(
            thread_tail("urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB,2-MTIz==)"),
            "2-MTIz=="
        );
        use chrono::TimeZone;
        let t: DateTime<Utc> = Utc
            .timestamp_millis_opt(1_705_314_600_000)
            .single()
            .unwrap_or_default();
        assert_eq!(ms(t), 1_705_314_600_000);
    }
}
