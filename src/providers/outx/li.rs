//! What OutX takes from the shared LinkedIn model, in OutX's shapes:
//! members and their profiles, companies, posts, search, and each acting
//! admin's network (connections, invitations, messages, reactions,
//! comments). The one place this provider touches `crate::linkedin`.

use serde::Serialize;

use crate::state::World;

use super::model::ProfileOutput;
use super::tasks::SearchInput;

pub enum MemberStatus {
    Member,
    NotFound,
    Unavailable,
}

pub fn member_status(world: &World, slug: &str) -> MemberStatus {
    match world.people.kind(slug) {
        crate::people::HandleKind::Member => MemberStatus::Member,
        crate::people::HandleKind::NotFound => MemberStatus::NotFound,
        crate::people::HandleKind::Unavailable => MemberStatus::Unavailable,
    }
}

pub fn profile(world: &World, slug: &str) -> ProfileOutput {
    ProfileOutput::from_person(&world.people.person(slug))
}

pub fn member_for_urn(world: &World, urn: &str) -> Option<String> {
    let id = urn.rsplit(':').next().unwrap_or(urn);
    world
        .people
        .handle_for_urn(&format!("urn:li:fsd_profile:{id}"))
}

#[derive(Debug, Clone, Serialize)]
pub struct PostOut {}

pub fn member_posts(
    _world: &World,
    _handle: &str,
    _until: chrono::DateTime<chrono::Utc>,
    _n: usize,
) -> Vec<PostOut> {
    Vec::new()
}

pub fn company_exists(_world: &World, _slug: &str) -> bool {
    false
}

#[derive(Debug, Clone, Serialize)]
pub struct CompanyOut {}

pub fn company(_world: &World, _slug: &str) -> CompanyOut {
    CompanyOut {}
}

pub fn company_posts(
    _world: &World,
    _slug: &str,
    _until: chrono::DateTime<chrono::Utc>,
    _n: usize,
) -> Vec<PostOut> {
    Vec::new()
}

pub fn is_post_urn(urn: &str) -> bool {
    urn.starts_with("urn:li:activity:")
}

pub fn react(
    _world: &World,
    _account: &str,
    _urn: &str,
    _now: chrono::DateTime<chrono::Utc>,
) -> Result<(), String> {
    Err("pending".into())
}

pub fn comment(
    _world: &World,
    _account: &str,
    _urn: &str,
    _text: &str,
    _now: chrono::DateTime<chrono::Utc>,
) -> Result<String, String> {
    Err("pending".into())
}

pub fn send_message(
    _world: &World,
    _account: &str,
    _handle: &str,
    _text: &str,
    _now: chrono::DateTime<chrono::Utc>,
) -> Result<(), String> {
    Err("pending".into())
}

pub fn invite(
    _world: &World,
    _account: &str,
    _handle: &str,
    _note: Option<&str>,
    _now: chrono::DateTime<chrono::Utc>,
) -> Result<(), String> {
    Err("pending".into())
}

#[derive(Debug, Clone, Serialize)]
pub struct ConnectionOut {}

pub fn connections(
    _world: &World,
    _account: &str,
    _keyword: Option<&str>,
    _recent: bool,
    _start: u64,
    _count: u64,
) -> Vec<ConnectionOut> {
    Vec::new()
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {}

pub fn search(_world: &World, _account: Option<&str>, _q: &SearchInput) -> Vec<SearchHit> {
    Vec::new()
}

pub struct Card {
    pub headline: String,
    pub company: Option<(String, String)>,
}

pub fn member_card(world: &World, handle: &str) -> Card {
    let p = world.people.person(handle);
    Card {
        headline: p.headline.clone(),
        company: None,
    }
}
