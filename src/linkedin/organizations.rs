//! Company pages an account invites members to follow (ConnectSafely's
//! `/organizations/{companyId}/follow-invitations`). Which pages an account
//! administers, and with what role, is the provider's scenario; what it sent
//! is network state, kept here per account so reset and sessions cover it.

use super::network::{self, NetworkError};
use super::LinkedIn;

impl LinkedIn {
    /// Invites a member to follow a company page: true when newly invited,
    /// false when the account had already invited that member to that page
    /// (nothing changes). The caller checks the account's role on the page.
    pub fn invite_to_follow_page(
        &self,
        account: &str,
        company_id: u64,
        handle: &str,
    ) -> Result<bool, NetworkError> {
        let h = self.known(handle)?;
        let acc = self.network.account(account)?;
        let mut s = acc.lock();
        if s.page_invites
            .get(&company_id)
            .is_some_and(|set| set.contains(&h))
        {
            return Ok(false);
        }
        let total: usize = s.page_invites.values().map(|v| v.len()).sum();
        if total >= network::MAX_PAGE_INVITES {
            return Err(NetworkError::Full {
                what: "page follow invitations",
                cap: network::MAX_PAGE_INVITES,
            });
        }
        s.page_invites.entry(company_id).or_default().insert(h);
        Ok(true)
    }

    /// Whether the account invited the member to follow the page.
    pub fn invited_to_follow_page(&self, account: &str, company_id: u64, handle: &str) -> bool {
        let h = super::People::normalize(handle);
        self.network.existing(account).is_some_and(|s| {
            s.lock()
                .page_invites
                .get(&company_id)
                .is_some_and(|set| set.contains(&h))
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::{LinkedIn, People};
    use crate::scenario::Scenario;

    fn linkedin() -> LinkedIn {
        let s = Scenario::default_scenario();
        let people = Arc::new(People::new(s.seed, &s.people));
        LinkedIn::new(people, s.linkedin.clone(), chrono::Utc::now())
    }

    #[test]
    fn a_member_is_invited_to_a_page_once_per_account() {
        let li = linkedin();
        assert_eq!(li.invite_to_follow_page("a", 7, "jane-doe"), Ok(true));
        assert_eq!(li.invite_to_follow_page("a", 7, "Jane-Doe"), Ok(false));
        assert!(li.invited_to_follow_page("a", 7, "jane-doe"));
        assert!(!li.invited_to_follow_page("b", 7, "jane-doe"));
        assert_eq!(li.invite_to_follow_page("a", 8, "jane-doe"), Ok(true));
        assert!(li.invite_to_follow_page("a", 7, "notfound-x").is_err());
    }
}
