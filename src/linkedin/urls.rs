//! LinkedIn URLs, parsed once for every provider (SPEC G-2, AT-1).
//!
//! Built on the `url` crate, so scheme and host case, ports, percent-encoding,
//! queries and fragments are handled by a real URL parser rather than string
//! slicing. Accepted hosts: `linkedin.com`, `www.linkedin.com` and two-letter
//! country subdomains (`de.linkedin.com`); schemes `https` and `http`, or none
//! (`linkedin.com/in/x`, as people paste them). Providers that are stricter
//! (Atomus wants `https`) ask [`ParsedUrl::is_https`].

use url::Url;

/// What a LinkedIn URL points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `/in/<handle>`: the normalized handle (lower case; non-ASCII bytes as `%xx`).
    Member(String),
    /// `/company/<slug or numeric id>` (also `/showcase/…`), lower case.
    Company(String),
    /// `/groups/<id>`.
    Group(u64),
    /// A post: `/feed/update/urn:li:activity:<id>`, `/posts/<author>_<words>-activity-<id>-<tag>`,
    /// also `urn:li:share:` / `urn:li:ugcPost:` forms.
    Post(u64),
    /// `/jobs/view/<id>` or `/jobs/view/<title>-at-<company>-<id>`, or `?currentJobId=<id>`.
    Job(u64),
}

/// A LinkedIn URL, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUrl {
    pub target: Target,
    scheme_https: bool,
    had_scheme: bool,
}

impl ParsedUrl {
    /// Written with `https://` (AT-1 accepts nothing else).
    pub fn is_https(&self) -> bool {
        self.had_scheme && self.scheme_https
    }
}

/// Why a string is not a LinkedIn URL of a known kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("not a URL")]
    NotAUrl,
    #[error("not a linkedin.com URL")]
    NotLinkedIn,
    #[error("not a LinkedIn member, company, group, post or job URL")]
    UnknownPath,
}

fn host_ok(host: &str) -> bool {
    match host.strip_suffix("linkedin.com") {
        Some("") => true,
        Some(sub) => sub.strip_suffix('.').is_some_and(|s| {
            s == "www" || (s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase()))
        }),
        None => false,
    }
}

/// One path segment, percent-decoded and re-encoded canonically: ASCII
/// letters, digits, `-` and `_` as themselves, every other byte `%xx`.
fn canonical_segment(seg: &str) -> String {
    let bytes: Vec<u8> = percent_decode(seg);
    let mut out = String::with_capacity(bytes.len());
    for b in bytes {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(char::from(b.to_ascii_lowercase()));
        } else {
            out.push_str(&format!("%{b:02x}"));
        }
    }
    out
}

fn percent_decode(s: &str) -> Vec<u8> {
    fn hex(b: u8) -> Option<u8> {
        char::from(b)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// The trailing digits of a post or job slug (`…-activity-7450…-abcd` → 7450…).
fn activity_in(seg: &str) -> Option<u64> {
    let (_, rest) = seg.rsplit_once("-activity-")?;
    rest.split('-').next()?.parse().ok()
}

fn activity_urn_id(s: &str) -> Option<u64> {
    let decoded = String::from_utf8(percent_decode(s)).ok()?;
    ["urn:li:activity:", "urn:li:share:", "urn:li:ugcPost:"]
        .iter()
        .find_map(|p| decoded.strip_prefix(p))
        .and_then(|id| id.parse().ok())
}

/// Parses a LinkedIn URL (with or without a scheme).
pub fn parse(input: &str) -> Result<ParsedUrl, UrlError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(UrlError::NotAUrl);
    }
    let had_scheme = trimmed.contains("://");
    let url = if had_scheme {
        Url::parse(trimmed)
    } else {
        Url::parse(&format!("https://{trimmed}"))
    }
    .map_err(|_| UrlError::NotAUrl)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(UrlError::NotAUrl);
    }
    let host = url
        .host_str()
        .ok_or(UrlError::NotAUrl)?
        .to_ascii_lowercase();
    if !host_ok(&host) || url.username() != "" || url.password().is_some() {
        return Err(UrlError::NotLinkedIn);
    }
    let segs: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let target = match segs.as_slice() {
        ["in", h] => Target::Member(canonical_segment(h)),
        ["company" | "showcase", c] | ["company" | "showcase", c, ..] => {
            Target::Company(canonical_segment(c))
        }
        ["groups", g] | ["groups", g, ..] => {
            Target::Group(g.parse().map_err(|_| UrlError::UnknownPath)?)
        }
        ["feed", "update", urn] | ["feed", "update", urn, ..] => {
            Target::Post(activity_urn_id(urn).ok_or(UrlError::UnknownPath)?)
        }
        ["posts", slug] | ["posts", slug, ..] => {
            Target::Post(activity_in(slug).ok_or(UrlError::UnknownPath)?)
        }
        ["jobs", "view", j] | ["jobs", "view", j, ..] => Target::Job(
            j.rsplit('-')
                .next()
                .and_then(|d| d.parse().ok())
                .ok_or(UrlError::UnknownPath)?,
        ),
        ["jobs", ..] => Target::Job(
            url.query_pairs()
                .find(|(k, _)| k == "currentJobId")
                .and_then(|(_, v)| v.parse().ok())
                .ok_or(UrlError::UnknownPath)?,
        ),
        _ => return Err(UrlError::UnknownPath),
    };
    if let Target::Member(h) | Target::Company(h) = &target {
        if h.is_empty() || h.len() > 100 {
            return Err(UrlError::UnknownPath);
        }
    }
    Ok(ParsedUrl {
        target,
        scheme_https: url.scheme() == "https",
        had_scheme,
    })
}

/// A member's public id as clients send it (G-2): a bare handle, or a full
/// profile URL meaning its handle. None when it is a URL of anything else
/// or not a handle at all.
pub fn member_id(input: &str) -> Option<String> {
    let t = input.trim();
    if t.contains('/') || t.to_ascii_lowercase().contains("linkedin.com") {
        return match parse(t).ok()?.target {
            Target::Member(h) => Some(h),
            _ => None,
        };
    }
    crate::scenario::Handle::is_valid(t).then(|| t.to_ascii_lowercase())
}

/// A company's slug or numeric id as clients send it: bare, or a company URL.
pub fn company_id(input: &str) -> Option<String> {
    let t = input.trim();
    if t.contains('/') || t.to_ascii_lowercase().contains("linkedin.com") {
        return match parse(t).ok()?.target {
            Target::Company(c) => Some(c),
            _ => None,
        };
    }
    (!t.is_empty()
        && t.len() <= 100
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then(|| t.to_ascii_lowercase())
}

/// A post id from a post URL, an activity URN or the bare number.
pub fn post_id(input: &str) -> Option<u64> {
    let t = input.trim();
    if let Ok(id) = t.parse() {
        return Some(id);
    }
    if let Some(id) = activity_urn_id(t) {
        return Some(id);
    }
    match parse(t).ok()?.target {
        Target::Post(id) => Some(id),
        _ => None,
    }
}

/// A group id from a group URL or the bare number.
pub fn group_id(input: &str) -> Option<u64> {
    let t = input.trim();
    if let Ok(id) = t.parse() {
        return Some(id);
    }
    match parse(t).ok()?.target {
        Target::Group(id) => Some(id),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(u: &str) -> Option<String> {
        match parse(u).ok()?.target {
            Target::Member(h) => Some(h),
            _ => None,
        }
    }

    #[test]
    fn member_urls_in_every_form_name_the_handle() {
        for u in [
            "https://www.linkedin.com/in/jane-roe",
            "https://www.linkedin.com/in/jane-roe/",
            "http://linkedin.com/in/jane-roe?trk=x#top",
            "https://de.linkedin.com/in/Jane-Roe/",
            "HTTPS://WWW.LINKEDIN.COM/in/jane-roe",
            "www.linkedin.com/in/jane-roe/",
            "linkedin.com/in/jane%2Droe",
            "https://www.linkedin.com:443/in/jane-roe/",
        ] {
            assert_eq!(member(u).as_deref(), Some("jane-roe"), "{u}");
        }
        assert_eq!(
            member("https://www.linkedin.com/in/jos%C3%A9-p").as_deref(),
            Some("jos%c3%a9-p")
        );
        for u in [
            "",
            "https://evil.com/in/x",
            "https://notlinkedin.com/in/x",
            "https://abc.linkedin.com/in/x",
            "https://www.linkedin.com.evil/in/x",
            "https://www.linkedin.com/in/",
            "https://www.linkedin.com/in/a/b",
            "ftp://www.linkedin.com/in/x",
            "https://user@www.linkedin.com/in/x",
        ] {
            assert_eq!(member(u), None, "{u}");
        }
        assert!(parse("https://www.linkedin.com/in/x").is_ok_and(|p| p.is_https()));
        assert!(parse("http://www.linkedin.com/in/x").is_ok_and(|p| !p.is_https()));
        assert!(parse("www.linkedin.com/in/x").is_ok_and(|p| !p.is_https()));
    }

    #[test]
    fn company_group_post_and_job_urls_are_recognised() {
        let t = |u: &str| parse(u).map(|p| p.target);
        assert_eq!(
            t("https://www.linkedin.com/company/Acme-Inc/about/"),
            Ok(Target::Company("acme-inc".into()))
        );
        assert_eq!(
            t("https://www.linkedin.com/groups/9357376/"),
            Ok(Target::Group(9_357_376))
        );
        assert_eq!(
            t("https://www.linkedin.com/feed/update/urn:li:activity:7450000000000000000/"),
            Ok(Target::Post(7_450_000_000_000_000_000))
        );
        assert_eq!(
            t("https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7450000000000000000"),
            Ok(Target::Post(7_450_000_000_000_000_000))
        );
        assert_eq!(
            t("https://www.linkedin.com/posts/jane-roe_topic-words-activity-7450000000000000000-abcd"),
            Ok(Target::Post(7_450_000_000_000_000_000))
        );
        assert_eq!(
            t("https://www.linkedin.com/jobs/view/senior-engineer-at-acme-4100000000/"),
            Ok(Target::Job(4_100_000_000))
        );
        assert_eq!(
            t("https://www.linkedin.com/jobs/search/?currentJobId=4100000001"),
            Ok(Target::Job(4_100_000_001))
        );
        assert_eq!(
            t("https://www.linkedin.com/groups/abc"),
            Err(UrlError::UnknownPath)
        );
        assert_eq!(
            t("https://www.linkedin.com/feed/"),
            Err(UrlError::UnknownPath)
        );
    }

    #[test]
    fn public_ids_take_bare_handles_and_profile_urls() {
        assert_eq!(member_id("Jane-Roe").as_deref(), Some("jane-roe"));
        assert_eq!(
            member_id("https://www.linkedin.com/in/jane-roe/").as_deref(),
            Some("jane-roe")
        );
        assert_eq!(member_id("https://www.linkedin.com/company/acme"), None);
        assert_eq!(member_id("not a handle"), None);
        assert_eq!(
            company_id("https://www.linkedin.com/company/acme/").as_deref(),
            Some("acme")
        );
        assert_eq!(company_id("1441").as_deref(), Some("1441"));
        assert_eq!(
            post_id("urn:li:activity:7450000000000000001"),
            Some(7_450_000_000_000_000_001)
        );
        assert_eq!(
            group_id("https://www.linkedin.com/groups/12345678"),
            Some(12_345_678)
        );
    }
}
