//! Groups: any numeric id is a group, a pure function of (seed, id), with a
//! deterministic member list that pages without being stored: member `i` of
//! group `g` is a generated member derived from (g, i). The first member owns
//! the group and the next few manage it.

use fake::faker::company::en::Buzzword;
use fake::rand::rngs::ChaCha8Rng;
use fake::rand::SeedableRng;
use fake::Fake;

use super::ids;
use super::members;

/// Group ids mocklink accepts: what LinkedIn's look like (`9357376`).
pub const MAX_GROUP_ID: u64 = 9_999_999_999;

/// A member's place in a group (ConnectSafely's `membershipStatuses`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Owner,
    Manager,
    Member,
}

impl Role {
    /// `OWNER`, `MANAGER`, `MEMBER`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "OWNER",
            Role::Manager => "MANAGER",
            Role::Member => "MEMBER",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [Role::Owner, Role::Manager, Role::Member]
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: u64,
    pub name: String,
    pub description: String,
    pub member_count: u32,
}

impl Group {
    /// `https://www.linkedin.com/groups/<id>/`.
    pub fn url(&self) -> String {
        format!("https://www.linkedin.com/groups/{}/", self.id)
    }

    /// `urn:li:group:<id>`.
    pub fn urn(&self) -> String {
        format!("urn:li:group:{}", self.id)
    }
}

/// One entry of a group's member list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMember {
    pub handle: String,
    pub role: Role,
}

const MANAGERS: u32 = 3;

/// The group with this id (None for 0 or ids past [`MAX_GROUP_ID`]).
/// `max_members` is the scenario's largest group.
pub fn group(seed: u64, id: u64, max_members: u32) -> Option<Group> {
    if id == 0 || id > MAX_GROUP_ID {
        return None;
    }
    let h = ids::mix(seed ^ 0x6709, id);
    let mut rng = ChaCha8Rng::seed_from_u64(h);
    let word: String = Buzzword().fake_with_rng(&mut rng);
    let catch = super::text::catch_phrase(&mut rng);
    let topic = TOPICS[(h % TOPICS.len() as u64) as usize];
    // Sizes spread over orders of magnitude, as real groups do.
    let r = (ids::mix(h, 1) % 1000) as f64 / 1000.0;
    let member_count = if max_members == 0 {
        0
    } else {
        (1.0 + r.powi(3) * f64::from(max_members - 1)).round() as u32
    };
    Some(Group {
        id,
        name: format!("{topic} {}", capitalize(&word)),
        description: format!("A community for {}: {catch}.", topic.to_lowercase()),
        member_count,
    })
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Member `i` of group `g` (None past the end).
pub fn member(seed: u64, g: &Group, i: u32) -> Option<GroupMember> {
    (i < g.member_count).then(|| GroupMember {
        handle: members::generated_handle(seed, ids::mix(g.id ^ 0x6d, u64::from(i))),
        role: match i {
            0 => Role::Owner,
            i if i <= MANAGERS => Role::Manager,
            _ => Role::Member,
        },
    })
}

/// Members `start..start+count` of a group, in list order.
pub fn members_page(seed: u64, g: &Group, start: u32, count: u32) -> Vec<GroupMember> {
    (start..start.saturating_add(count))
        .map_while(|i| member(seed, g, i))
        .collect()
}

const TOPICS: &[&str] = &[
    "SaaS Growth",
    "Product Management",
    "Data Science",
    "B2B Sales",
    "Startup Founders",
    "DevOps",
    "Rust Developers",
    "Marketing Leaders",
    "HR Professionals",
    "Remote Work",
    "AI Builders",
    "Customer Success",
    "FinTech",
    "Recruiters",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_and_its_members_are_stable_and_page_without_overlap() {
        let g = group(1, 9_357_376, 500).expect("a group");
        assert_eq!(group(1, 9_357_376, 500), Some(g.clone()));
        assert!((1..=500).contains(&g.member_count));
        let a = members_page(1, &g, 0, 10);
        let b = members_page(1, &g, 10, 10);
        assert_eq!(a[0].role, Role::Owner);
        assert!(a.iter().all(|m| !b.contains(m)));
        assert_eq!(members_page(1, &g, 0, 10), a);
        assert!(members_page(1, &g, g.member_count, 5).is_empty());
        assert_eq!(group(1, 0, 10), None);
    }
}
