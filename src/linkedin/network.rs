//! Each LinkedIn account's own network: what it starts with and what it did.
//!
//! What an account starts with is generated, not stored: its initial
//! 1st-degree connections and received invitations are members whose handles
//! carry (account tag, number), so "is X a connection of A?" is answered by
//! decoding X's handle. What an account does (connect, withdraw, accept,
//! ignore, follow, message, react, comment, post, upload) is stored here,
//! per account behind its own lock, with a documented cap on every list, so
//! memory is bounded whatever clients do. The state belongs to a world:
//! reset, scenario swaps and sessions get a fresh network for free.
//!
//! Locking: one mutex per account, one per shard of post activity; a call
//! takes at most the account's and then one shard's, never across `.await`
//! (the functions are synchronous), so concurrent actions are exact (C-6).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use parking_lot::{Mutex, RwLock};

use super::ids;
use super::posts::{Comment, Media, ReactionType};

/// At most this many connections made through the API per account (LinkedIn's own cap is 30,000).
pub const MAX_ADDED_CONNECTIONS: usize = 30_000;
/// At most this many pending sent invitations per account.
pub const MAX_PENDING_SENT: usize = 5_000;
/// At most this many follows per account.
pub const MAX_FOLLOWS: usize = 10_000;
/// At most this many conversations per account; the least recently active goes first.
pub const MAX_CONVERSATIONS: usize = 2_000;
/// At most this many messages kept per conversation; the oldest go first.
pub const MAX_MESSAGES_PER_CONVERSATION: usize = 500;
/// At most this many own posts per account (they must resolve for ever, so
/// the next one is refused rather than an old one dropped).
pub const MAX_OWN_POSTS: usize = 2_000;
/// At most this many uploads kept per account; the oldest go first.
pub const MAX_UPLOADS: usize = 500;
/// At most this many interactions (reactions, comments) listed per account; the oldest go first.
pub const MAX_INTERACTIONS: usize = 5_000;
/// At most this many posts with account activity per world.
pub const MAX_ACTIVE_POSTS: usize = 200_000;
/// At most this many comments added through the API per post.
pub const MAX_OWN_COMMENTS_PER_POST: usize = 10_000;
/// At most this many accounts per world (every provider's accounts together).
pub const MAX_ACCOUNTS: usize = 100_000;
/// At most this many page follow invitations per account (all pages).
pub const MAX_PAGE_INVITES: usize = 10_000;

/// Why an action was refused. Providers map these to their own bodies.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetworkError {
    #[error("no such member: {0}")]
    MemberNotFound(String),
    #[error("already connected: {0}")]
    AlreadyConnected(String),
    #[error("invitation already pending: {0}")]
    InvitationPending(String),
    #[error("no pending invitation to {0}")]
    NoPendingInvitation(String),
    #[error("invitation not found: {0}")]
    InvitationNotFound(String),
    #[error("not a 1st-degree connection: {0}")]
    NotConnected(String),
    #[error("no such post: {0}")]
    PostNotFound(String),
    #[error("no such conversation: {0}")]
    ConversationNotFound(String),
    #[error("no such message: {0}")]
    MessageNotFound(String),
    #[error("only the sender can do that to message {0}")]
    NotOwnMessage(String),
    #[error("no such upload: {0}")]
    UploadNotFound(String),
    #[error("an account cannot {0} itself")]
    SelfAction(&'static str),
    #[error("{what} limit reached: at most {cap}")]
    Full { what: &'static str, cap: usize },
}

/// 1st, 2nd or 3rd+ degree, as LinkedIn shows distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Degree {
    First,
    Second,
    Third,
}

impl Degree {
    pub fn number(self) -> u8 {
        match self {
            Degree::First => 1,
            Degree::Second => 2,
            Degree::Third => 3,
        }
    }

    /// `"1st"`, `"2nd"`, `"3rd"`.
    pub fn ordinal(self) -> &'static str {
        match self {
            Degree::First => "1st",
            Degree::Second => "2nd",
            Degree::Third => "3rd",
        }
    }

    /// `"DISTANCE_1"` …
    pub fn distance(self) -> String {
        format!("DISTANCE_{}", self.number())
    }

    /// LinkedIn's search facet letter: `F`, `S`, `O`.
    pub fn facet(self) -> char {
        match self {
            Degree::First => 'F',
            Degree::Second => 'S',
            Degree::Third => 'O',
        }
    }
}

/// What an account knows about one member at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relationship {
    pub degree: Degree,
    pub connected: bool,
    pub invitation_sent: bool,
    pub invitation_received: bool,
    pub following: bool,
}

impl Relationship {
    /// `CONNECTED`, `PENDING_SENT`, `PENDING_RECEIVED` or `NOT_CONNECTED`.
    pub fn status(&self) -> &'static str {
        if self.connected {
            "CONNECTED"
        } else if self.invitation_sent {
            "PENDING_SENT"
        } else if self.invitation_received {
            "PENDING_RECEIVED"
        } else {
            "NOT_CONNECTED"
        }
    }
}

/// A 1st-degree connection and since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub handle: String,
    pub connected_at: DateTime<Utc>,
}

/// An invitation this account sent and that is still pending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentInvitation {
    /// Numeric id, as LinkedIn's (`7897046780350316544`).
    pub id: u64,
    pub handle: String,
    pub message: Option<String>,
    pub sent_at: DateTime<Utc>,
}

impl SentInvitation {
    pub fn urn(&self) -> String {
        format!("urn:li:invitation:{}", self.id)
    }
}

/// The kind of a received invitation (ConnectSafely's `invitationCategory`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationCategory {
    Connection,
    Organization,
    Newsletter,
    Event,
    MemberFollow,
}

impl InvitationCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            InvitationCategory::Connection => "CONNECTION",
            InvitationCategory::Organization => "ORGANIZATION",
            InvitationCategory::Newsletter => "NEWSLETTER",
            InvitationCategory::Event => "EVENT",
            InvitationCategory::MemberFollow => "MEMBER_FOLLOW",
        }
    }

    /// `GenericInvitationType_CONNECTION`, …
    pub fn linkedin_type(self) -> String {
        format!("GenericInvitationType_{}", self.as_str())
    }
}

/// A pending invitation this account received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedInvitation {
    pub id: u64,
    pub category: InvitationCategory,
    /// The inviting member (for organization invitations: the member who invited on its behalf).
    pub handle: String,
    /// Organization invitations: the company's slug.
    pub company: Option<String>,
    pub validation_token: String,
    pub message: Option<String>,
    pub received_at: DateTime<Utc>,
}

impl ReceivedInvitation {
    pub fn urn(&self) -> String {
        format!("urn:li:invitation:{}", self.id)
    }
}

/// How a received invitation was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    Accept,
    Ignore,
}

/// What `connect` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectOutcome {
    /// A new pending invitation.
    Sent(SentInvitation),
    /// The member had invited the account: connecting accepted that (as LinkedIn does).
    Accepted(Connection),
}

/// What an account follows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FollowTarget {
    Member(String),
    Company(String),
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// `urn:li:msg_message:(urn:li:fsd_profile:<owner>,2-<id>)`.
    pub urn: String,
    pub text: String,
    pub sent_at: DateTime<Utc>,
    /// Sent by the account (else by the counterpart).
    pub from_account: bool,
    pub subject: Option<String>,
    /// Emoji reactions the account put on it.
    pub reactions: Vec<String>,
    pub attachments: Vec<String>,
}

/// A conversation of the account with one member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    /// `urn:li:msg_conversation:(urn:li:fsd_profile:<owner>,2-<id>)`.
    pub urn: String,
    pub counterpart: String,
    pub messages: VecDeque<Message>,
    pub unread: u32,
    pub last_activity: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// A media upload reserved by `/posts/upload/init`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// `urn:li:digitalmediaAsset:<id>`.
    pub asset_urn: String,
    pub media_type: String,
    pub filename: String,
    pub size: u64,
    /// Multipart uploads need completing before use.
    pub multipart: bool,
    pub completed: bool,
    pub created_at: DateTime<Utc>,
    /// Documents are usable from this instant on (rasterizing takes time).
    pub ready_at: DateTime<Utc>,
}

impl Upload {
    pub fn ready(&self, now: DateTime<Utc>) -> bool {
        (!self.multipart || self.completed) && now >= self.ready_at
    }
}

/// A post the account wrote through the API.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnPost {
    pub id: u64,
    pub text: String,
    pub media: Media,
    pub assets: Vec<String>,
    pub visibility: Option<String>,
    pub posted_at: DateTime<Utc>,
}

impl OwnPost {
    /// The `#tags` in its text.
    pub fn hashtags(&self) -> Vec<String> {
        self.text
            .split_whitespace()
            .filter_map(|w| w.strip_prefix('#'))
            .map(|t| {
                t.trim_end_matches(|c: char| !c.is_alphanumeric())
                    .to_string()
            })
            .filter(|t| !t.is_empty())
            .collect()
    }
}

/// Something the account did to a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InteractionKind {
    Reaction(ReactionType),
    Comment { comment_id: u64, text: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interaction {
    pub post_id: u64,
    pub kind: InteractionKind,
    pub at: DateTime<Utc>,
}

/// How one account starts (from the scenario).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Initial {
    pub connections: u32,
    pub received_invitations: u32,
    pub conversations: u32,
}

/// One account's stored state. Everything generated is derived on read.
#[derive(Debug, Default)]
pub struct AccountNetwork {
    pub(super) added: Vec<Connection>,
    pub(super) added_set: HashSet<String>,
    pub(super) sent: Vec<SentInvitation>,
    pub(super) answered: HashMap<u64, Response>,
    pub(super) follows: HashMap<FollowTarget, DateTime<Utc>>,
    pub(super) conversations: Vec<Conversation>,
    pub(super) own_posts: Vec<OwnPost>,
    pub(super) uploads: VecDeque<Upload>,
    pub(super) interactions: VecDeque<Interaction>,
    pub(super) seeded_conversations: bool,
    /// Company page id → members the account invited to follow it.
    pub(super) page_invites: HashMap<u64, HashSet<String>>,
}

/// What accounts did to one post.
#[derive(Debug, Default, Clone)]
pub struct PostActivity {
    /// (account, reaction); one per account.
    pub reactions: Vec<(String, ReactionType)>,
    pub comments: Vec<Comment>,
}

const POST_SHARDS: usize = 32;

/// The network state of one world.
#[derive(Debug)]
pub struct Network {
    pub(super) start: DateTime<Utc>,
    pub(super) initial: Initial,
    accounts: RwLock<HashMap<String, Arc<Mutex<AccountNetwork>>>>,
    /// Account member handle → account, for accounts that posted.
    owners: RwLock<HashMap<String, String>>,
    posts: Vec<Mutex<HashMap<u64, PostActivity>>>,
    active_posts: std::sync::atomic::AtomicUsize,
}

impl Network {
    pub fn new(start: DateTime<Utc>, initial: Initial) -> Network {
        Network {
            start,
            initial,
            accounts: RwLock::new(HashMap::new()),
            owners: RwLock::new(HashMap::new()),
            posts: (0..POST_SHARDS)
                .map(|_| Mutex::new(HashMap::new()))
                .collect(),
            active_posts: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// The account's state, created empty on first use. Hold the returned
    /// lock only for one synchronous step.
    pub(super) fn account(
        &self,
        account: &str,
    ) -> Result<Arc<Mutex<AccountNetwork>>, NetworkError> {
        if let Some(a) = self.accounts.read().get(account) {
            return Ok(a.clone());
        }
        let mut map = self.accounts.write();
        if let Some(a) = map.get(account) {
            return Ok(a.clone());
        }
        if map.len() >= MAX_ACCOUNTS {
            return Err(NetworkError::Full {
                what: "accounts",
                cap: MAX_ACCOUNTS,
            });
        }
        let a = Arc::new(Mutex::new(AccountNetwork::default()));
        map.insert(account.to_string(), a.clone());
        Ok(a)
    }

    /// The account's state if it was ever used (reads of untouched accounts
    /// need no entry).
    pub(super) fn existing(&self, account: &str) -> Option<Arc<Mutex<AccountNetwork>>> {
        self.accounts.read().get(account).cloned()
    }

    /// The account whose own member `handle` is, if that account posted.
    pub(super) fn owner_of(&self, handle: &str) -> Option<String> {
        self.owners.read().get(handle).cloned()
    }

    /// Notes that `handle` is `account`'s own member (bounded like accounts).
    pub(super) fn set_owner(&self, handle: &str, account: &str) {
        if self.owners.read().contains_key(handle) {
            return;
        }
        let mut owners = self.owners.write();
        if owners.len() < MAX_ACCOUNTS {
            owners.insert(handle.to_string(), account.to_string());
        }
    }

    fn post_shard(&self, post_id: u64) -> &Mutex<HashMap<u64, PostActivity>> {
        &self.posts[(post_id % POST_SHARDS as u64) as usize]
    }

    /// What accounts did to a post (empty when nothing).
    pub fn post_activity(&self, post_id: u64) -> PostActivity {
        self.post_shard(post_id)
            .lock()
            .get(&post_id)
            .cloned()
            .unwrap_or_default()
    }

    /// Runs `f` on the post's activity, creating it within the world's cap.
    pub(super) fn with_post<T>(
        &self,
        post_id: u64,
        f: impl FnOnce(&mut PostActivity) -> Result<T, NetworkError>,
    ) -> Result<T, NetworkError> {
        use std::sync::atomic::Ordering;
        let mut shard = self.post_shard(post_id).lock();
        match shard.entry(post_id) {
            std::collections::hash_map::Entry::Occupied(mut e) => f(e.get_mut()),
            std::collections::hash_map::Entry::Vacant(e) => {
                if self.active_posts.fetch_add(1, Ordering::Relaxed) >= MAX_ACTIVE_POSTS {
                    self.active_posts.fetch_sub(1, Ordering::Relaxed);
                    return Err(NetworkError::Full {
                        what: "posts with activity",
                        cap: MAX_ACTIVE_POSTS,
                    });
                }
                f(e.insert(PostActivity::default()))
            }
        }
    }
}

/// A short tag of an account: its generated members' handles carry it.
pub fn account_tag(account: &str) -> u32 {
    (ids::hash(0, &["account", account]) & 0x1FF) as u32
}

/// Numbers (in generated handles) of the account's initial connections:
/// bit 23 clear, then the 9-bit account tag, then the connection's index.
pub fn connection_number(account: &str, i: u32) -> u32 {
    (account_tag(account) << 14) | (i & 0x3FFF)
}

/// Numbers of the account's initial received invitations: bit 23 set.
pub fn invitation_number(account: &str, i: u32) -> u32 {
    (1 << 23) | (account_tag(account) << 14) | (i & 0x3FFF)
}

/// A 19-digit invitation id from (account, what, n).
pub fn invitation_id(account: &str, what: &str, n: u64) -> u64 {
    7_100_000_000_000_000_000
        + ids::hash(n, &["invitation", account, what]) % 1_000_000_000_000_000_000
}

/// A LinkedIn-looking opaque id for messaging URNs.
pub fn messaging_id(parts: &[&str]) -> String {
    use base64::Engine;
    let a = ids::hash(1, parts).to_le_bytes();
    let b = ids::hash(2, parts).to_le_bytes();
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a);
    bytes[8..].copy_from_slice(&b);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// When initial connection `i` was made: newest first, spread before `start`.
pub fn initial_connected_at(start: DateTime<Utc>, total: u32, i: u32) -> DateTime<Utc> {
    // Spread over up to 8 years; at least an hour apart.
    let span_hours = 8 * 365 * 24;
    let step = (span_hours / i64::from(total.max(1))).clamp(1, 72);
    start - Duration::hours(step * (i64::from(i) + 1))
}
