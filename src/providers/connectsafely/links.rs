//! The LinkedIn URLs clients send in place of ids (catalog §2 "Identifiers"):
//! post URLs in both forms, group URLs, and (G-2) full profile URLs where a
//! public id is expected. Pure string work; whether the thing exists is the
//! LinkedIn model's question. The parsing itself is the shared one
//! (`crate::linkedin::urls`); this file names what these routes take.

use crate::linkedin::urls;

/// The activity id a post URL or URN names: the share form
/// `https://www.linkedin.com/posts/<author>_<slug>-activity-<id>-<tail>`,
/// the feed form `https://www.linkedin.com/feed/update/urn:li:activity:<id>/`,
/// or a bare `urn:li:activity:<id>` (the shared URL parser's reading).
pub fn activity_id(url: &str) -> Option<String> {
    urls::post_id(url).map(|id| id.to_string())
}

/// The numeric id in `https://www.linkedin.com/groups/<id>` (with or without
/// `www.`, a trailing path, slash or query), or a bare numeric id.
pub fn group_id(url: &str) -> Option<String> {
    urls::group_id(url).map(|id| id.to_string())
}

/// G-2: a full profile URL means its public id; anything else is taken as
/// the id itself.
pub fn profile_id(s: &str) -> String {
    urls::member_id(s).unwrap_or_else(|| s.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_post_url_forms_and_bare_urns_name_the_activity() {
        let id = Some("7450000000000000000".to_string());
        assert_eq!(
            activity_id("https://www.linkedin.com/posts/jane-roe_topic-activity-7450000000000000000-abcd?utm=x"),
            id
        );
        assert_eq!(
            activity_id(
                "https://www.linkedin.com/feed/update/urn:li:activity:7450000000000000000/"
            ),
            id
        );
        assert_eq!(activity_id("urn:li:activity:7450000000000000000"), id);
        assert_eq!(activity_id("https://www.linkedin.com/posts/jane-roe"), None);
        assert_eq!(activity_id("urn:li:activity:12ab"), None);
        assert_eq!(activity_id(""), None);
    }

    #[test]
    fn group_urls_and_bare_ids_give_the_numeric_id() {
        let id = Some("9357376".to_string());
        assert_eq!(group_id("https://www.linkedin.com/groups/9357376/"), id);
        assert_eq!(group_id("linkedin.com/groups/9357376?x=1"), id);
        assert_eq!(group_id("9357376"), id);
        assert_eq!(group_id("https://www.linkedin.com/groups/abc"), None);
        assert_eq!(group_id("https://example.com/9357376"), None);
    }

    #[test]
    fn profile_urls_mean_their_public_id() {
        assert_eq!(
            profile_id("https://www.linkedin.com/in/jane-roe/?x=1"),
            "jane-roe"
        );
        assert_eq!(profile_id("linkedin.com/in/jane-roe"), "jane-roe");
        assert_eq!(profile_id("jane-roe"), "jane-roe");
    }
}
