//! The LinkedIn URLs clients send in place of ids (catalog §2 "Identifiers"):
//! post URLs in both forms, group URLs, and (G-2) full profile URLs where a
//! public id is expected. Pure string work; whether the thing exists is the
//! LinkedIn model's question.

/// The activity id (digits) a post URL or URN names:
/// `https://www.linkedin.com/posts/<author>_<slug>-activity-<id>-<tail>`,
/// `https://www.linkedin.com/feed/update/urn:li:activity:<id>/`, or a bare
/// `urn:li:activity:<id>` / `urn:li:share:<id>` / `urn:li:ugcPost:<id>`.
pub fn activity_id(url: &str) -> Option<String> {
    let s = url.trim();
    let s = s
        .split(['?', '#'])
        .next()
        .unwrap_or(s)
        .trim_end_matches('/');
    let digits = |t: &str| -> Option<String> {
        let d: String = t.chars().take_while(char::is_ascii_digit).collect();
        (d.len() >= 10 && d.len() <= 20 && d.len() == t.len()).then_some(d)
    };
    for prefix in ["urn:li:activity:", "urn:li:share:", "urn:li:ugcPost:"] {
        if let Some(i) = s.find(prefix) {
            let rest = &s[i + prefix.len()..];
            return digits(rest);
        }
    }
    let i = s.find("linkedin.com/posts/")?;
    let rest = &s[i + "linkedin.com/posts/".len()..];
    let j = rest.rfind("-activity-")?;
    let tail = &rest[j + "-activity-".len()..];
    let id = tail.split('-').next()?;
    digits(id)
}

/// The numeric id in `https://www.linkedin.com/groups/<id>` (with or without
/// `www.`, a trailing path, slash or query), or a bare numeric id.
pub fn group_id(url: &str) -> Option<String> {
    let s = url.trim();
    if is_group_id(s) {
        return Some(s.to_string());
    }
    let i = s.find("linkedin.com/groups/")?;
    let rest = &s[i + "linkedin.com/groups/".len()..];
    let id = rest.split(['/', '?', '#']).next()?;
    is_group_id(id).then(|| id.to_string())
}

/// Group ids are numbers of 1 to 19 digits.
pub fn is_group_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit())
}

/// G-2: a full profile URL means its public id; anything else is taken as
/// the id itself.
pub fn profile_id(s: &str) -> String {
    let t = s.trim();
    match t.find("linkedin.com/in/") {
        Some(i) => t[i + "linkedin.com/in/".len()..]
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default()
            .to_string(),
        None => t.to_string(),
    }
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
