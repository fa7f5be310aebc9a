//! One LinkedIn (SPEC G-3): the members, companies, places, posts, groups
//! and jobs every provider renders, and each account's own network.
//!
//! Providers own their wire shapes, rules (limits, caches) and errors; this
//! module owns what LinkedIn *is*. Every entity is a pure function of
//! (seed, id), generated lazily (ids carry what the generator needs, see
//! [`ids`]); what accounts do is stored per account in [`network`], inside
//! the world, so reset and sessions cover it. It never sees HTTP.
//!
//! # Usage map (what a provider calls for what)
//!
//! Everything hangs off `world.linkedin` ([`LinkedIn`]); `account` is any
//! stable string naming one LinkedIn account (ConnectSafely: the 24-hex
//! account id; OutX: e.g. `outx:<team id>`, the team's admin account).
//!
//! | need | call |
//! |---|---|
//! | a member by handle / URN / profile URL | [`LinkedIn::person`], [`LinkedIn::kind`], [`LinkedIn::resolve_member`], `people.urn_for`, `people.handle_for_urn` |
//! | the account's own profile | [`LinkedIn::account_member`] |
//! | a company by slug or numeric id; a member's companies | [`LinkedIn::company`], [`LinkedIn::company_by_slug`], [`LinkedIn::company_by_id`] (`Person::company_slug`, `Position::company_slug`) |
//! | places, geo ids, `/search/geo` | [`places::search`], [`places::by_geo_id`], [`places::city`] |
//! | a member's / company's latest posts | [`LinkedIn::member_posts`], [`LinkedIn::company_posts`] |
//! | a post by id / URN / URL, its comments | [`LinkedIn::post`], [`LinkedIn::post_by_urn`], [`LinkedIn::comments`] |
//! | react / comment / create a post / upload | [`LinkedIn::react`], [`LinkedIn::unreact`], [`LinkedIn::comment`], [`LinkedIn::create_post`], [`LinkedIn::create_upload`], [`LinkedIn::complete_upload`], [`LinkedIn::upload`] |
//! | what the account did to posts | [`LinkedIn::interactions`], [`LinkedIn::reaction_of`] |
//! | a group and a page of its members | [`LinkedIn::group`], [`LinkedIn::group_members`], [`LinkedIn::account_groups`] |
//! | a job by id; jobs in a window | [`LinkedIn::job`], [`LinkedIn::jobs_between`] |
//! | search people / companies / jobs (results match when fetched) | [`LinkedIn::search_people`] with a [`search::PeopleQuery`], [`LinkedIn::search_companies`], [`LinkedIn::search_jobs`], [`LinkedIn::matches`]; `/search/geo`: [`places::search`] |
//! | a LinkedIn URL or a public id that may be one (G-2) | [`urls::parse`], [`urls::member_id`], [`urls::company_id`], [`urls::post_id`], [`urls::group_id`] |
//! | degree / relationship of a member to the account | [`LinkedIn::degree`], [`LinkedIn::relationship`] |
//! | connections (newest first), their count | [`LinkedIn::connections`], [`LinkedIn::connection_count`] |
//! | send / withdraw an invitation; list sent | [`LinkedIn::connect`], [`LinkedIn::withdraw`], [`LinkedIn::sent_invitations`] |
//! | received invitations; accept / ignore | [`LinkedIn::received_invitations`], [`LinkedIn::respond`] |
//! | follow / unfollow members and companies | [`LinkedIn::follow`], [`LinkedIn::unfollow`], [`LinkedIn::is_following`], [`LinkedIn::follows`] |
//! | messages and conversations | [`LinkedIn::send_message`], [`LinkedIn::send_in_conversation`], [`LinkedIn::conversations`], [`LinkedIn::conversation`], [`LinkedIn::conversation_with`], [`LinkedIn::mark_read`], [`LinkedIn::mark_unread`], [`LinkedIn::recall_message`], [`LinkedIn::react_to_message`] |
//!
//! Magic handles keep their meaning: `notfound-*` is no member ([`LinkedIn::member`]
//! is None and actions answer [`NetworkError::MemberNotFound`]), `connected-*`
//! is a 1st-degree connection of every account.

pub mod companies;
pub mod config;
pub mod groups;
pub mod ids;
pub mod jobs;
pub mod members;
pub mod network;
mod organizations;
pub mod places;
pub mod posts;
pub mod search;
mod text;
pub mod urls;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

pub use companies::Company;
pub use config::LinkedInConfig;
pub use groups::{Group, GroupMember, Role};
pub use ids::AuthorRef;
pub use jobs::Job;
pub use members::{HandleKind, Member, People, Person, Traits};
pub use network::{
    ConnectOutcome, Connection, Conversation, Degree, FollowTarget, Initial, Interaction,
    InteractionKind, InvitationCategory, Message, Network, NetworkError, ReceivedInvitation,
    Relationship, Response, SentInvitation, Upload,
};
pub use places::{City, Place, PlaceKind};
pub use posts::{Comment, Media, Post, ReactionType};

use network::{AccountNetwork, OwnPost};

/// The LinkedIn of one world: the generator (shared, pure) and the network
/// (this world's state).
#[derive(Debug)]
pub struct LinkedIn {
    seed: u64,
    pub people: Arc<People>,
    pub config: LinkedInConfig,
    pub network: Network,
}

impl LinkedIn {
    /// The LinkedIn of a world starting at `start` (initial connections and
    /// invitations are dated before it).
    pub fn new(people: Arc<People>, config: LinkedInConfig, start: DateTime<Utc>) -> LinkedIn {
        let initial = Initial {
            connections: config.connections_per_account,
            received_invitations: config.received_invitations_per_account,
            conversations: config.conversations_per_account,
        };
        LinkedIn {
            seed: people.seed(),
            people,
            config,
            network: Network::new(start, initial),
        }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    // ------------------------------------------------------------ members

    /// The person behind a handle, whatever its kind.
    pub fn person(&self, handle: &str) -> Arc<Person> {
        self.people.person(handle)
    }

    /// The member behind a handle; None for `notfound-*`.
    pub fn member(&self, handle: &str) -> Option<Arc<Person>> {
        (self.people.kind(handle) != HandleKind::NotFound).then(|| self.people.person(handle))
    }

    pub fn kind(&self, handle: &str) -> HandleKind {
        self.people.kind(handle)
    }

    /// A handle, a profile URN (`urn:li:fsd_profile:` / `urn:li:person:` /
    /// bare `ACoAA…`) or a profile URL → the normalized handle, if a member.
    pub fn resolve_member(&self, id: &str) -> Option<String> {
        let id = id.trim();
        let handle = if let Some(rest) = id.strip_prefix("urn:li:person:") {
            self.people
                .handle_for_urn(&format!("{}{rest}", ids::PROFILE_URN_PREFIX))?
        } else if id.starts_with("urn:") {
            self.people.handle_for_urn(id)?
        } else if id.starts_with("ACoAA") && id.len() == 39 {
            self.people
                .handle_for_urn(&format!("{}{id}", ids::PROFILE_URN_PREFIX))?
        } else if id.contains("linkedin.com/") || id.contains('/') {
            let h = id
                .split("/in/")
                .nth(1)?
                .split(['/', '?', '#'])
                .next()?
                .to_string();
            People::normalize(&h)
        } else {
            People::normalize(id)
        };
        let ok = crate::scenario::Handle::is_valid(&handle)
            && self.people.kind(&handle) != HandleKind::NotFound;
        ok.then_some(handle)
    }

    /// The handle of the account's own member profile (stable per account id).
    pub fn account_handle(&self, account: &str) -> String {
        members::generated_handle(self.seed, ids::hash(0, &["self", account]))
    }

    /// The account's own profile.
    pub fn account_member(&self, account: &str) -> Arc<Person> {
        self.people.person(&self.account_handle(account))
    }

    // ---------------------------------------------------------- companies

    /// The seed's company directory.
    pub fn directory(&self) -> &companies::Directory {
        self.people.directory()
    }

    /// A company by numeric id or page slug.
    pub fn company(&self, id_or_slug: &str) -> Option<Company> {
        self.directory().lookup(id_or_slug)
    }

    pub fn company_by_slug(&self, slug: &str) -> Option<Company> {
        self.directory().by_slug(slug)
    }

    /// A company's id, slug and name without generating its page.
    pub fn company_brief(&self, slug: &str) -> Option<companies::CompanyBrief> {
        self.directory().brief(slug)
    }

    pub fn company_by_id(&self, id: u64) -> Option<Company> {
        self.directory().by_id(id)
    }

    // -------------------------------------------------------------- posts

    fn series(&self, author: &AuthorRef) -> posts::Series {
        let rate = match author {
            AuthorRef::Member(_) => self.config.member_posts_per_month,
            AuthorRef::Company(_) => self.config.company_posts_per_month,
        };
        posts::Series::of(self.seed, author, rate)
    }

    /// Fills in the author's name and the accounts' reactions and comments.
    fn finish_post(&self, mut p: Post, now: DateTime<Utc>) -> Post {
        match &p.author {
            AuthorRef::Member(h) => {
                let m = self.people.person(h);
                p.author_name = m.full_name();
                p.author_headline = m.headline.to_string();
                p.author_urn = m.urn.to_string();
            }
            AuthorRef::Company(s) => {
                if let Some(c) = self.company_by_slug(s) {
                    p.author_name = c.name.clone();
                    p.author_headline = c.tagline.clone();
                    p.author_urn = c.urn();
                }
            }
        }
        let activity = self.network.post_activity(p.id);
        let visible = if p.own {
            0
        } else {
            (0..p.num_comments)
                .take_while(|&j| {
                    posts::generated_comment(self.seed, p.id, p.posted_at, j).created_at <= now
                })
                .count() as u32
        };
        p.num_comments = visible + activity.comments.len() as u32;
        p.num_likes += activity.reactions.len() as u32;
        p
    }

    fn generated_post(&self, author: &AuthorRef, n: u32, now: DateTime<Utc>) -> Option<Post> {
        let t = self.series(author).time_of(n)?;
        if t > now {
            return None;
        }
        let p = posts::generate(self.seed, author, n, t, self.config.max_comments_per_post);
        Some(self.finish_post(p, now))
    }

    fn latest_of(&self, author: &AuthorRef, now: DateTime<Utc>, count: usize) -> Vec<Post> {
        let Some(latest) = self.series(author).latest(now) else {
            return Vec::new();
        };
        (0..=latest)
            .rev()
            .take(count)
            .filter_map(|n| self.generated_post(author, n, now))
            .collect()
    }

    /// A member's newest `count` posts at `now`, newest first (an account's
    /// own member includes the posts it created through the API).
    pub fn member_posts(&self, handle: &str, now: DateTime<Utc>, count: usize) -> Vec<Post> {
        let h = People::normalize(handle);
        let mut out = self.latest_of(&AuthorRef::Member(h.clone()), now, count);
        if let Some(account) = self.network.owner_of(&h) {
            out.extend(self.own_posts(&account, now));
            out.sort_by(|a, b| b.posted_at.cmp(&a.posted_at).then(b.id.cmp(&a.id)));
            out.truncate(count);
        }
        out
    }

    /// A company page's newest `count` posts at `now`, newest first.
    pub fn company_posts(&self, slug: &str, now: DateTime<Utc>, count: usize) -> Vec<Post> {
        match self.company_brief(slug) {
            Some(c) => self.latest_of(&AuthorRef::Company(c.slug), now, count),
            None => Vec::new(),
        }
    }

    /// The post with this id as it is at `now` (None if unknown or not yet out).
    pub fn post(&self, id: u64, now: DateTime<Utc>) -> Option<Post> {
        let (author, n) = ids::parse_activity_id(id)?;
        if n >= ids::OWN_POST_FIRST {
            let AuthorRef::Member(h) = &author else {
                return None;
            };
            let account = self.network.owner_of(h)?;
            let acc = self.network.existing(&account)?;
            let own = acc.lock().own_posts.iter().find(|p| p.id == id).cloned()?;
            return Some(self.render_own(&author, own, now));
        }
        self.generated_post(&author, n, now)
    }

    /// `urn:li:activity:<id>` (also `urn:li:share:` / `urn:li:ugcPost:` with
    /// a mocklink id) → the post.
    pub fn post_by_urn(&self, urn: &str, now: DateTime<Utc>) -> Option<Post> {
        let id = urn
            .strip_prefix("urn:li:activity:")
            .or_else(|| urn.strip_prefix("urn:li:share:"))
            .or_else(|| urn.strip_prefix("urn:li:ugcPost:"))?;
        self.post(id.parse().ok()?, now)
    }

    /// Every comment visible on a post at `now`, oldest first: the generated
    /// ones written by then, then the accounts' in the order written.
    pub fn comments(&self, post_id: u64, now: DateTime<Utc>) -> Vec<Comment> {
        let Some(p) = self.post(post_id, now) else {
            return Vec::new();
        };
        let total = if p.own {
            0
        } else {
            posts::comment_total(self.seed, p.id, self.config.max_comments_per_post)
        };
        let mut out: Vec<Comment> = (0..total)
            .map(|j| posts::generated_comment(self.seed, p.id, p.posted_at, j))
            .take_while(|c| c.created_at <= now)
            .collect();
        out.extend(self.network.post_activity(post_id).comments);
        out
    }

    fn render_own(&self, author: &AuthorRef, own: OwnPost, now: DateTime<Utc>) -> Post {
        let hashtags = own.hashtags();
        let p = Post {
            id: own.id,
            author: author.clone(),
            author_name: String::new(),
            author_headline: String::new(),
            author_urn: String::new(),
            text: own.text,
            posted_at: own.posted_at,
            num_likes: 0,
            num_comments: 0,
            num_shares: 0,
            is_repost: false,
            media: own.media,
            hashtags,
            own: true,
        };
        self.finish_post(p, now)
    }

    /// Posts the account created through the API, newest first.
    pub fn own_posts(&self, account: &str, now: DateTime<Utc>) -> Vec<Post> {
        let Some(acc) = self.network.existing(account) else {
            return Vec::new();
        };
        let own: Vec<OwnPost> = acc.lock().own_posts.iter().rev().cloned().collect();
        let author = AuthorRef::Member(self.account_handle(account));
        own.into_iter()
            .map(|p| self.render_own(&author, p, now))
            .collect()
    }

    // ------------------------------------------------------------- groups

    /// The group with this id (any id from 1 to [`groups::MAX_GROUP_ID`]).
    pub fn group(&self, id: u64) -> Option<Group> {
        groups::group(self.seed, id, self.config.max_group_members)
    }

    /// Members `start..start+count` of a group, and the group's total.
    pub fn group_members(
        &self,
        id: u64,
        start: u32,
        count: u32,
    ) -> Option<(Vec<GroupMember>, u32)> {
        let g = self.group(id)?;
        Some((
            groups::members_page(self.seed, &g, start, count),
            g.member_count,
        ))
    }

    /// Groups the account belongs to (three, stable per account).
    pub fn account_groups(&self, account: &str) -> Vec<Group> {
        (0..3u64)
            .filter_map(|i| {
                let id = 1_000_000 + ids::hash(i, &["groups", account]) % 9_000_000;
                self.group(id)
            })
            .collect()
    }

    // --------------------------------------------------------------- jobs

    /// The job with this id, if posted by `now` and still open (posted
    /// within [`search::JOB_OPEN_DAYS`] days, as searches find it).
    pub fn job(&self, id: u64, now: DateTime<Utc>) -> Option<Job> {
        jobs::job(self.seed, self.directory(), id, now)
            .filter(|j| now - j.posted_at <= Duration::days(search::JOB_OPEN_DAYS))
    }

    /// Jobs posted in `(since, now]` that `keep` accepts, newest first, at most `limit`.
    pub fn jobs_between(
        &self,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
        keep: impl FnMut(&Job) -> bool,
        limit: usize,
    ) -> Vec<Job> {
        jobs::posted_between(self.seed, self.directory(), since, now, keep, limit)
    }

    // ------------------------------------------------------------ network

    /// Index of `handle` among the account's initial connections.
    fn initial_connection(&self, account: &str, h: &str) -> Option<u32> {
        let (idx, n) = members::decode_handle_code(h)?;
        let i = n & 0x3FFF;
        let ok = idx == 0
            && n >> 23 == 0
            && i < self.network.initial.connections
            && network::connection_number(account, i) == n
            && members::search_handle(self.seed, &Traits::default(), n) == h;
        ok.then_some(i)
    }

    /// Index of `handle` among the account's initial received invitations.
    fn initial_invitation(&self, account: &str, h: &str) -> Option<u32> {
        let (idx, n) = members::decode_handle_code(h)?;
        let i = n & 0x3FFF;
        let ok = idx == 0
            && i < self.network.initial.received_invitations
            && network::invitation_number(account, i) == n
            && members::search_handle(self.seed, &Traits::default(), n) == h;
        ok.then_some(i)
    }

    fn connected_in(&self, state: Option<&AccountNetwork>, account: &str, h: &str) -> bool {
        self.people.connected_everywhere(h)
            || self.initial_connection(account, h).is_some()
            || state.is_some_and(|s| s.added_set.contains(h))
    }

    /// Distance of a member from the account: 1st for connections, else 2nd
    /// or 3rd by a hash of (seed, handle), stable everywhere.
    pub fn degree(&self, account: &str, handle: &str) -> Degree {
        let h = People::normalize(handle);
        let state = self.network.existing(account);
        let guard = state.as_ref().map(|s| s.lock());
        self.degree_in(guard.as_deref(), account, &h)
    }

    fn degree_in(&self, state: Option<&AccountNetwork>, account: &str, h: &str) -> Degree {
        if self.connected_in(state, account, h) {
            Degree::First
        } else if xxhash_rust::xxh3::xxh3_64_with_seed(h.as_bytes(), self.seed).is_multiple_of(3) {
            Degree::Third
        } else {
            Degree::Second
        }
    }

    /// Everything the account's relationship endpoints show about a member.
    pub fn relationship(&self, account: &str, handle: &str) -> Relationship {
        let h = People::normalize(handle);
        let state = self.network.existing(account);
        let guard = state.as_ref().map(|s| s.lock());
        let s = guard.as_deref();
        let degree = self.degree_in(s, account, &h);
        Relationship {
            degree,
            connected: degree == Degree::First,
            invitation_sent: s.is_some_and(|s| s.sent.iter().any(|i| i.handle == h)),
            invitation_received: self.pending_received_from(s, account, &h).is_some(),
            following: s.is_some_and(|s| s.follows.contains_key(&FollowTarget::Member(h.clone()))),
        }
    }

    fn received_at(&self, i: u32) -> DateTime<Utc> {
        self.network.start - Duration::hours(5 * (i64::from(i) + 1))
    }

    fn initial_received(&self, account: &str, i: u32) -> ReceivedInvitation {
        let n = network::invitation_number(account, i);
        let handle = members::search_handle(self.seed, &Traits::default(), n);
        let id = network::invitation_id(account, "received", u64::from(i));
        // Every fifth is an organization's page invitation.
        let (category, company) = if i % 5 == 4 {
            let c = self
                .directory()
                .name_and_slug((ids::mix(id, 1) % companies::DIRECTORY_SIZE as u64) as usize);
            (InvitationCategory::Organization, Some(c.1.to_string()))
        } else {
            (InvitationCategory::Connection, None)
        };
        ReceivedInvitation {
            id,
            category,
            handle,
            company,
            validation_token: ids::base36(ids::mix(id, 2), 8).chars().take(8).collect(),
            message: None,
            received_at: self.received_at(i),
        }
    }

    fn pending_received_from(
        &self,
        s: Option<&AccountNetwork>,
        account: &str,
        h: &str,
    ) -> Option<ReceivedInvitation> {
        let i = self.initial_invitation(account, h)?;
        let inv = self.initial_received(account, i);
        let answered = s.is_some_and(|s| s.answered.contains_key(&inv.id));
        (!answered && inv.category == InvitationCategory::Connection).then_some(inv)
    }

    /// The account's 1st-degree connections, newest first: those made
    /// through the API, the scenario's pinned connected people, then the
    /// initial ones. (`connected-*` handles are connected but, being a
    /// pattern, not listed.)
    pub fn connections(&self, account: &str) -> Vec<Connection> {
        let added: Vec<Connection> = self
            .network
            .existing(account)
            .map(|s| s.lock().added.iter().rev().cloned().collect())
            .unwrap_or_default();
        let mut out = added;
        for h in self.people.pinned_connected() {
            if !out.iter().any(|c| c.handle == h) {
                out.push(Connection {
                    handle: h,
                    connected_at: self.network.start - Duration::days(30),
                });
            }
        }
        let total = self.network.initial.connections;
        out.extend((0..total).map(|i| Connection {
            handle: members::search_handle(
                self.seed,
                &Traits::default(),
                network::connection_number(account, i),
            ),
            connected_at: network::initial_connected_at(self.network.start, total, i),
        }));
        out.sort_by_key(|c| std::cmp::Reverse(c.connected_at));
        out
    }

    /// How many 1st-degree connections the account lists.
    pub fn connection_count(&self, account: &str) -> usize {
        let added = self
            .network
            .existing(account)
            .map_or(0, |s| s.lock().added.len());
        added + self.people.pinned_connected().len() + self.network.initial.connections as usize
    }

    /// Sends a connection request: a pending sent invitation (G-3). Refused
    /// for unknown members, the account itself, connections and members
    /// already invited. A member who had invited the account gets connected.
    pub fn connect(
        &self,
        account: &str,
        handle: &str,
        message: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<ConnectOutcome, NetworkError> {
        let h = self.known(handle)?;
        if h == self.account_handle(account) {
            return Err(NetworkError::SelfAction("connect to"));
        }
        let acc = self.network.account(account)?;
        let mut s = acc.lock();
        if self.connected_in(Some(&s), account, &h) {
            return Err(NetworkError::AlreadyConnected(h));
        }
        if s.sent.iter().any(|i| i.handle == h) {
            return Err(NetworkError::InvitationPending(h));
        }
        if let Some(inv) = self.pending_received_from(Some(&s), account, &h) {
            let c = Self::add_connection(&mut s, &h, now)?;
            s.answered.insert(inv.id, Response::Accept);
            return Ok(ConnectOutcome::Accepted(c));
        }
        if s.sent.len() >= network::MAX_PENDING_SENT {
            return Err(NetworkError::Full {
                what: "pending invitations",
                cap: network::MAX_PENDING_SENT,
            });
        }
        let inv = SentInvitation {
            id: network::invitation_id(account, &h, now.timestamp_millis() as u64),
            handle: h,
            message,
            sent_at: now,
        };
        s.sent.push(inv.clone());
        Ok(ConnectOutcome::Sent(inv))
    }

    fn add_connection(
        s: &mut AccountNetwork,
        h: &str,
        now: DateTime<Utc>,
    ) -> Result<Connection, NetworkError> {
        if s.added.len() >= network::MAX_ADDED_CONNECTIONS {
            return Err(NetworkError::Full {
                what: "connections",
                cap: network::MAX_ADDED_CONNECTIONS,
            });
        }
        let c = Connection {
            handle: h.to_string(),
            connected_at: now,
        };
        s.added.push(c.clone());
        s.added_set.insert(h.to_string());
        Ok(c)
    }

    /// The account's pending sent invitations, newest first.
    pub fn sent_invitations(&self, account: &str) -> Vec<SentInvitation> {
        self.network
            .existing(account)
            .map(|s| s.lock().sent.iter().rev().cloned().collect())
            .unwrap_or_default()
    }

    /// Withdraws the pending invitation to a member.
    pub fn withdraw(&self, account: &str, handle: &str) -> Result<SentInvitation, NetworkError> {
        let h = self.known(handle)?;
        let acc = self.network.account(account)?;
        let mut s = acc.lock();
        match s.sent.iter().position(|i| i.handle == h) {
            Some(at) => Ok(s.sent.remove(at)),
            None => Err(NetworkError::NoPendingInvitation(h)),
        }
    }

    /// Pending invitations the account received, newest first.
    pub fn received_invitations(&self, account: &str) -> Vec<ReceivedInvitation> {
        let state = self.network.existing(account);
        let guard = state.as_ref().map(|s| s.lock());
        (0..self.network.initial.received_invitations)
            .map(|i| self.initial_received(account, i))
            .filter(|inv| {
                !guard
                    .as_ref()
                    .is_some_and(|s| s.answered.contains_key(&inv.id))
            })
            .collect()
    }

    /// Accepts or ignores a received invitation by id. Accepting a
    /// connection invitation connects; accepting an organization's follows it.
    pub fn respond(
        &self,
        account: &str,
        invitation_id: u64,
        response: Response,
        now: DateTime<Utc>,
    ) -> Result<ReceivedInvitation, NetworkError> {
        let inv = (0..self.network.initial.received_invitations)
            .map(|i| self.initial_received(account, i))
            .find(|i| i.id == invitation_id)
            .ok_or_else(|| NetworkError::InvitationNotFound(invitation_id.to_string()))?;
        let acc = self.network.account(account)?;
        let mut s = acc.lock();
        if s.answered.contains_key(&inv.id) {
            return Err(NetworkError::InvitationNotFound(invitation_id.to_string()));
        }
        if response == Response::Accept {
            match (inv.category, &inv.company) {
                (InvitationCategory::Connection, _)
                    if !self.connected_in(Some(&s), account, &inv.handle) =>
                {
                    Self::add_connection(&mut s, &inv.handle, now)?;
                }
                (InvitationCategory::Organization, Some(slug)) => {
                    Self::add_follow(&mut s, FollowTarget::Company(slug.clone()), now)?;
                }
                _ => {}
            }
        }
        s.answered.insert(inv.id, response);
        Ok(inv)
    }

    fn known(&self, handle: &str) -> Result<String, NetworkError> {
        let h = People::normalize(handle);
        if self.people.kind(&h) == HandleKind::NotFound || !crate::scenario::Handle::is_valid(&h) {
            return Err(NetworkError::MemberNotFound(handle.to_string()));
        }
        Ok(h)
    }

    fn add_follow(
        s: &mut AccountNetwork,
        target: FollowTarget,
        now: DateTime<Utc>,
    ) -> Result<bool, NetworkError> {
        if s.follows.contains_key(&target) {
            return Ok(false);
        }
        if s.follows.len() >= network::MAX_FOLLOWS {
            return Err(NetworkError::Full {
                what: "follows",
                cap: network::MAX_FOLLOWS,
            });
        }
        s.follows.insert(target, now);
        Ok(true)
    }

    fn follow_target(&self, target: &FollowTarget) -> Result<FollowTarget, NetworkError> {
        match target {
            FollowTarget::Member(h) => Ok(FollowTarget::Member(self.known(h)?)),
            FollowTarget::Company(s) => self
                .company_brief(s)
                .map(|c| FollowTarget::Company(c.slug))
                .ok_or_else(|| NetworkError::MemberNotFound(s.clone())),
        }
    }

    /// Follows a member or company; true when newly followed, false when
    /// already followed (nothing changes).
    pub fn follow(
        &self,
        account: &str,
        target: &FollowTarget,
        now: DateTime<Utc>,
    ) -> Result<bool, NetworkError> {
        let t = self.follow_target(target)?;
        if t == FollowTarget::Member(self.account_handle(account)) {
            return Err(NetworkError::SelfAction("follow"));
        }
        let acc = self.network.account(account)?;
        let mut s = acc.lock();
        Self::add_follow(&mut s, t, now)
    }

    /// Unfollows; true when it was followed.
    pub fn unfollow(&self, account: &str, target: &FollowTarget) -> Result<bool, NetworkError> {
        let t = self.follow_target(target)?;
        let acc = self.network.account(account)?;
        let removed = acc.lock().follows.remove(&t).is_some();
        Ok(removed)
    }

    pub fn is_following(&self, account: &str, target: &FollowTarget) -> bool {
        let Ok(t) = self.follow_target(target) else {
            return false;
        };
        self.network
            .existing(account)
            .is_some_and(|s| s.lock().follows.contains_key(&t))
    }

    /// Everything the account follows, newest first.
    pub fn follows(&self, account: &str) -> Vec<(FollowTarget, DateTime<Utc>)> {
        let mut v: Vec<(FollowTarget, DateTime<Utc>)> = self
            .network
            .existing(account)
            .map(|s| {
                s.lock()
                    .follows
                    .iter()
                    .map(|(t, at)| (t.clone(), *at))
                    .collect()
            })
            .unwrap_or_default();
        v.sort_by_key(|f| std::cmp::Reverse(f.1));
        v
    }

    // ---------------------------------------------------------- messaging

    fn owner_tail(&self, account: &str) -> String {
        self.people.urn_for(&self.account_handle(account))
    }

    fn conversation_urn(&self, account: &str, counterpart: &str) -> String {
        format!(
            "urn:li:msg_conversation:({},2-{})",
            self.owner_tail(account),
            network::messaging_id(&["conversation", account, counterpart])
        )
    }

    fn message_urn(&self, account: &str, conversation: &str, n: u64) -> String {
        format!(
            "urn:li:msg_message:({},2-{})",
            self.owner_tail(account),
            network::messaging_id(&["message", account, conversation, &n.to_string()])
                .trim_end_matches('=')
        )
    }

    /// Creates the account's starting conversations once (with its first connections).
    fn seed_conversations(&self, account: &str, s: &mut AccountNetwork) {
        if s.seeded_conversations {
            return;
        }
        s.seeded_conversations = true;
        let k = self
            .network
            .initial
            .conversations
            .min(self.network.initial.connections);
        for i in 0..k {
            let h = members::search_handle(
                self.seed,
                &Traits::default(),
                network::connection_number(account, i),
            );
            let urn = self.conversation_urn(account, &h);
            let t0 = self.network.start - Duration::hours(3 * (i64::from(i) + 1));
            let m1 = Message {
                urn: self.message_urn(account, &urn, 0),
                text: "Hi! Thanks for connecting. Would love to hear what you are working on."
                    .into(),
                sent_at: t0,
                from_account: false,
                subject: None,
                reactions: Vec::new(),
                attachments: Vec::new(),
            };
            let m2 = Message {
                urn: self.message_urn(account, &urn, 1),
                text: "Thanks for reaching out! Happy to chat next week.".into(),
                sent_at: t0 + Duration::minutes(42),
                from_account: true,
                subject: None,
                reactions: Vec::new(),
                attachments: Vec::new(),
            };
            s.conversations.push(Conversation {
                urn,
                counterpart: h,
                messages: [m1, m2].into(),
                unread: u32::from(i == 0),
                last_activity: t0 + Duration::minutes(42),
                created_at: t0,
            });
        }
    }

    /// Sends a message to a member, creating the conversation if needed.
    /// It does not check the degree: which messages need a connection is a
    /// provider rule (a normal message vs InMail).
    pub fn send_message(
        &self,
        account: &str,
        handle: &str,
        text: &str,
        subject: Option<String>,
        attachments: Vec<String>,
        now: DateTime<Utc>,
    ) -> Result<(Conversation, Message), NetworkError> {
        let h = self.known(handle)?;
        if h == self.account_handle(account) {
            return Err(NetworkError::SelfAction("message"));
        }
        let acc = self.network.account(account)?;
        let mut s = acc.lock();
        self.seed_conversations(account, &mut s);
        let at = match s.conversations.iter().position(|c| c.counterpart == h) {
            Some(at) => at,
            None => {
                if s.conversations.len() >= network::MAX_CONVERSATIONS {
                    // The least recently active conversation goes.
                    if let Some((oldest, _)) = s
                        .conversations
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, c)| c.last_activity)
                    {
                        s.conversations.swap_remove(oldest);
                    }
                }
                let urn = self.conversation_urn(account, &h);
                s.conversations.push(Conversation {
                    urn,
                    counterpart: h.clone(),
                    messages: VecDeque::new(),
                    unread: 0,
                    last_activity: now,
                    created_at: now,
                });
                s.conversations.len() - 1
            }
        };
        self.append(
            account,
            &mut s.conversations[at],
            text,
            subject,
            attachments,
            now,
        )
    }

    fn append(
        &self,
        account: &str,
        c: &mut Conversation,
        text: &str,
        subject: Option<String>,
        attachments: Vec<String>,
        now: DateTime<Utc>,
    ) -> Result<(Conversation, Message), NetworkError> {
        let n = c
            .messages
            .back()
            .map_or(0, |m| ids::mix(ids::hash(0, &[&m.urn]), 1));
        let m = Message {
            urn: self.message_urn(account, &c.urn, n ^ now.timestamp_millis() as u64),
            text: text.to_string(),
            sent_at: now,
            from_account: true,
            subject,
            reactions: Vec::new(),
            attachments,
        };
        if c.messages.len() >= network::MAX_MESSAGES_PER_CONVERSATION {
            c.messages.pop_front();
        }
        c.messages.push_back(m.clone());
        c.last_activity = c.last_activity.max(now);
        Ok((c.clone(), m))
    }

    /// Sends a message into an existing conversation (by URN).
    pub fn send_in_conversation(
        &self,
        account: &str,
        conversation_urn: &str,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<(Conversation, Message), NetworkError> {
        let acc = self.network.account(account)?;
        let mut s = acc.lock();
        self.seed_conversations(account, &mut s);
        let c = s
            .conversations
            .iter_mut()
            .find(|c| c.urn == conversation_urn)
            .ok_or_else(|| NetworkError::ConversationNotFound(conversation_urn.to_string()))?;
        self.append(account, c, text, None, Vec::new(), now)
    }

    /// The account's conversations, most recently active first.
    pub fn conversations(&self, account: &str) -> Result<Vec<Conversation>, NetworkError> {
        let acc = self.network.account(account)?;
        let mut s = acc.lock();
        self.seed_conversations(account, &mut s);
        let mut v = s.conversations.clone();
        drop(s);
        v.sort_by(|a, b| {
            b.last_activity
                .cmp(&a.last_activity)
                .then(a.urn.cmp(&b.urn))
        });
        Ok(v)
    }

    /// One conversation by URN.
    pub fn conversation(&self, account: &str, urn: &str) -> Option<Conversation> {
        self.conversations(account)
            .ok()?
            .into_iter()
            .find(|c| c.urn == urn)
    }

    /// The conversation with a member, if there ever was one.
    pub fn conversation_with(&self, account: &str, handle: &str) -> Option<Conversation> {
        let h = People::normalize(handle);
        self.conversations(account)
            .ok()?
            .into_iter()
            .find(|c| c.counterpart == h)
    }

    fn with_conversation<T>(
        &self,
        account: &str,
        urn: &str,
        f: impl FnOnce(&mut Conversation) -> Result<T, NetworkError>,
    ) -> Result<T, NetworkError> {
        let acc = self.network.account(account)?;
        let mut s = acc.lock();
        self.seed_conversations(account, &mut s);
        let c = s
            .conversations
            .iter_mut()
            .find(|c| c.urn == urn)
            .ok_or_else(|| NetworkError::ConversationNotFound(urn.to_string()))?;
        f(c)
    }

    /// Marks a conversation read (unread count 0).
    pub fn mark_read(&self, account: &str, urn: &str) -> Result<(), NetworkError> {
        self.with_conversation(account, urn, |c| {
            c.unread = 0;
            Ok(())
        })
    }

    /// Marks a conversation unread (at least 1 unread).
    pub fn mark_unread(&self, account: &str, urn: &str) -> Result<(), NetworkError> {
        self.with_conversation(account, urn, |c| {
            c.unread = c.unread.max(1);
            Ok(())
        })
    }

    /// Recalls (deletes) a message the account sent.
    pub fn recall_message(
        &self,
        account: &str,
        conversation_urn: &str,
        message_urn: &str,
    ) -> Result<Message, NetworkError> {
        self.with_conversation(account, conversation_urn, |c| {
            let at = c
                .messages
                .iter()
                .position(|m| m.urn == message_urn)
                .ok_or_else(|| NetworkError::MessageNotFound(message_urn.to_string()))?;
            if !c.messages[at].from_account {
                return Err(NetworkError::NotOwnMessage(message_urn.to_string()));
            }
            c.messages
                .remove(at)
                .ok_or_else(|| NetworkError::MessageNotFound(message_urn.to_string()))
        })
    }

    /// Adds (or with `add: false` removes) an emoji reaction on a message.
    pub fn react_to_message(
        &self,
        account: &str,
        conversation_urn: &str,
        message_urn: &str,
        emoji: &str,
        add: bool,
    ) -> Result<Message, NetworkError> {
        self.with_conversation(account, conversation_urn, |c| {
            let m = c
                .messages
                .iter_mut()
                .find(|m| m.urn == message_urn)
                .ok_or_else(|| NetworkError::MessageNotFound(message_urn.to_string()))?;
            let has = m.reactions.iter().any(|e| e == emoji);
            if add && !has && m.reactions.len() < 16 {
                m.reactions.push(emoji.to_string());
            } else if !add {
                m.reactions.retain(|e| e != emoji);
            }
            Ok(m.clone())
        })
    }

    // ---------------------------------------------------- post activity

    fn record(&self, s: &mut AccountNetwork, i: Interaction) {
        if s.interactions.len() >= network::MAX_INTERACTIONS {
            s.interactions.pop_front();
        }
        s.interactions.push_back(i);
    }

    /// Reacts to a post; a second reaction replaces the first. Returns the
    /// reaction it replaced, if any.
    pub fn react(
        &self,
        account: &str,
        post_id: u64,
        reaction: ReactionType,
        now: DateTime<Utc>,
    ) -> Result<Option<ReactionType>, NetworkError> {
        if self.post(post_id, now).is_none() {
            return Err(NetworkError::PostNotFound(ids::activity_urn(post_id)));
        }
        let acc = self.network.account(account)?;
        let mut s = acc.lock();
        let previous = self.network.with_post(post_id, |p| {
            let previous = p
                .reactions
                .iter()
                .position(|(a, _)| a == account)
                .map(|at| p.reactions.remove(at).1);
            p.reactions.push((account.to_string(), reaction));
            Ok(previous)
        })?;
        self.record(
            &mut s,
            Interaction {
                post_id,
                kind: InteractionKind::Reaction(reaction),
                at: now,
            },
        );
        Ok(previous)
    }

    /// Removes the account's reaction; true when there was one.
    pub fn unreact(&self, account: &str, post_id: u64) -> Result<bool, NetworkError> {
        let acc = self.network.account(account)?;
        let _s = acc.lock();
        self.network.with_post(post_id, |p| {
            let before = p.reactions.len();
            p.reactions.retain(|(a, _)| a != account);
            Ok(p.reactions.len() != before)
        })
    }

    /// The account's reaction on a post.
    pub fn reaction_of(&self, account: &str, post_id: u64) -> Option<ReactionType> {
        self.network
            .post_activity(post_id)
            .reactions
            .into_iter()
            .find(|(a, _)| a == account)
            .map(|(_, r)| r)
    }

    /// Comments on a post as the account's member.
    pub fn comment(
        &self,
        account: &str,
        post_id: u64,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<Comment, NetworkError> {
        if self.post(post_id, now).is_none() {
            return Err(NetworkError::PostNotFound(ids::activity_urn(post_id)));
        }
        let author = self.account_handle(account);
        let acc = self.network.account(account)?;
        let mut s = acc.lock();
        let c = self.network.with_post(post_id, |p| {
            if p.comments.len() >= network::MAX_OWN_COMMENTS_PER_POST {
                return Err(NetworkError::Full {
                    what: "comments on one post",
                    cap: network::MAX_OWN_COMMENTS_PER_POST,
                });
            }
            let j = posts::OWN_COMMENT_FIRST + p.comments.len() as u32;
            let c = Comment {
                id: posts::comment_id(post_id, j),
                post_id,
                author,
                text: text.to_string(),
                created_at: now,
                by_account: Some(account.to_string()),
            };
            p.comments.push(c.clone());
            Ok(c)
        })?;
        self.record(
            &mut s,
            Interaction {
                post_id,
                kind: InteractionKind::Comment {
                    comment_id: c.id,
                    text: c.text.clone(),
                },
                at: now,
            },
        );
        Ok(c)
    }

    /// Reactions and comments the account made, newest first.
    pub fn interactions(&self, account: &str) -> Vec<Interaction> {
        self.network
            .existing(account)
            .map(|s| s.lock().interactions.iter().rev().cloned().collect())
            .unwrap_or_default()
    }

    /// Publishes a post as the account's member. Its URN resolves for the
    /// life of the world (own posts are capped, never dropped).
    pub fn create_post(
        &self,
        account: &str,
        text: &str,
        media: Media,
        assets: Vec<String>,
        visibility: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<Post, NetworkError> {
        let handle = self.account_handle(account);
        let author = AuthorRef::Member(handle.clone());
        let acc = self.network.account(account)?;
        self.network.set_owner(&handle, account);
        let own = {
            let mut s = acc.lock();
            if s.own_posts.len() >= network::MAX_OWN_POSTS {
                return Err(NetworkError::Full {
                    what: "own posts",
                    cap: network::MAX_OWN_POSTS,
                });
            }
            let n = ids::OWN_POST_FIRST + s.own_posts.len() as u32;
            let own = OwnPost {
                id: ids::activity_id(&author, n),
                text: text.to_string(),
                media,
                assets,
                visibility,
                posted_at: now,
            };
            s.own_posts.push(own.clone());
            own
        };
        Ok(self.render_own(&author, own, now))
    }

    /// Reserves an upload. Documents become ready a minute later on the clock.
    pub fn create_upload(
        &self,
        account: &str,
        media_type: &str,
        filename: &str,
        size: u64,
        multipart: bool,
        now: DateTime<Utc>,
    ) -> Result<Upload, NetworkError> {
        let acc = self.network.account(account)?;
        let mut s = acc.lock();
        let n = s.uploads.len() as u64
            + s.uploads
                .front()
                .map_or(0, |u| u.created_at.timestamp_millis() as u64);
        let id = ids::base36(
            ids::hash(n, &["upload", account, filename, &now.to_rfc3339()]),
            12,
        );
        let u = Upload {
            asset_urn: format!("urn:li:digitalmediaAsset:D4D{}", id.to_uppercase()),
            media_type: media_type.to_string(),
            filename: filename.to_string(),
            size,
            multipart,
            completed: !multipart,
            created_at: now,
            ready_at: if media_type.eq_ignore_ascii_case("document") {
                now + Duration::seconds(60)
            } else {
                now
            },
        };
        if s.uploads.len() >= network::MAX_UPLOADS {
            s.uploads.pop_front();
        }
        s.uploads.push_back(u.clone());
        Ok(u)
    }

    /// Marks a multipart upload complete.
    pub fn complete_upload(&self, account: &str, asset_urn: &str) -> Result<Upload, NetworkError> {
        let acc = self.network.account(account)?;
        let mut s = acc.lock();
        let u = s
            .uploads
            .iter_mut()
            .find(|u| u.asset_urn == asset_urn)
            .ok_or_else(|| NetworkError::UploadNotFound(asset_urn.to_string()))?;
        u.completed = true;
        Ok(u.clone())
    }

    /// An upload of the account by asset URN.
    pub fn upload(&self, account: &str, asset_urn: &str) -> Option<Upload> {
        self.network
            .existing(account)?
            .lock()
            .uploads
            .iter()
            .find(|u| u.asset_urn == asset_urn)
            .cloned()
    }
}

use std::collections::VecDeque;

#[cfg(test)]
mod tests;
