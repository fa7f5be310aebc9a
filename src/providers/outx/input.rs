//! Parsing what a client sends into checked values (OX-AUTH, OX-1, OX-2):
//! the `x-api-key` header, the fetch body's `profile_slug`, and the status
//! query's `api_agent_task_id`. Pure functions; every failure is OutX's error.

use actix_web::http::header::HeaderValue;
use actix_web::web::Query;
use uuid::Uuid;

use super::error::OutxError;
use super::model::FetchProfileRequest;

/// Longest slug accepted. LinkedIn's custom URLs are at most 100 characters;
/// the margin admits mocklink's own longer magic handles.
pub const MAX_SLUG_CHARS: usize = 200;

/// The key of an `x-api-key` header: absent or blank is missing; anything not
/// visible ASCII can be no key of ours.
pub fn api_key(header: Option<&HeaderValue>) -> Result<&str, OutxError> {
    let value = header.ok_or(OutxError::MissingKey)?;
    let key = value.to_str().map_err(|_| OutxError::InvalidKey)?.trim();
    if key.is_empty() {
        return Err(OutxError::MissingKey);
    }
    Ok(key)
}

/// `profile_slug` of a fetch body: a non-empty JSON string that is a bare
/// slug or a LinkedIn profile URL (its slug), not another URL or a bare
/// `/in/…` path.
pub fn profile_slug(body: &[u8]) -> Result<FetchProfileRequest, OutxError> {
    let v: serde_json::Value = serde_json::from_slice(body).map_err(|_| OutxError::InvalidSlug)?;
    let slug = v
        .get("profile_slug")
        .and_then(serde_json::Value::as_str)
        .ok_or(OutxError::InvalidSlug)?;
    // SPEC G-2: a full profile URL means its slug.
    let slug = if slug.to_ascii_lowercase().contains("linkedin.com/in/") {
        member_id(slug).ok_or(OutxError::InvalidSlug)?
    } else {
        slug.to_string()
    };
    if is_bare_slug(&slug) {
        Ok(FetchProfileRequest { profile_slug: slug })
    } else {
        Err(OutxError::InvalidSlug)
    }
}

fn is_bare_slug(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    !s.is_empty()
        && s.chars().count() <= MAX_SLUG_CHARS
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "/\\:?#".contains(c))
        && !lower.contains("linkedin.com")
        && !lower.starts_with("www.")
}

/// `api_agent_task_id` of a status query: present, and a UUID (the form
/// every task id has). The first occurrence counts.
pub fn task_id(query: &str) -> Result<Uuid, OutxError> {
    let pairs = Query::<Vec<(String, String)>>::from_query(query)
        .map_err(|_| OutxError::InvalidTaskId)?
        .into_inner();
    let id = pairs
        .iter()
        .find(|(k, _)| k == "api_agent_task_id")
        .map(|(_, v)| v.trim())
        .ok_or(OutxError::InvalidTaskId)?;
    Uuid::try_parse(id).map_err(|_| OutxError::InvalidTaskId)
}

/// A member's public id from what a client sends: the id itself or a
/// profile URL (`https://www.linkedin.com/in/<id>/…`, G-2).
pub fn member_id(s: &str) -> Option<String> {
    entity_id(s, "in")
}

/// A company page's slug from its slug or page URL (`/company/<slug>`).
pub fn company_slug(s: &str) -> Option<String> {
    entity_id(s, "company")
}

fn entity_id(s: &str, segment: &str) -> Option<String> {
    let s = s.trim();
    let id = if s.contains('/') {
        let lower = s.to_ascii_lowercase();
        let marker = format!("/{segment}/");
        let at = lower.find(&marker)?;
        let rest = &s[at + marker.len()..];
        rest.split(['/', '?', '#']).next().unwrap_or("")
    } else {
        s
    };
    crate::scenario::Handle::is_valid(id).then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_slugs_are_accepted() {
        for s in [
            "williamhgates",
            "john-doe-123abc",
            "Anandi-Devi",
            "jos%C3%A9",
            "müller",
        ] {
            let body = serde_json::json!({ "profile_slug": s, "extra": 1 }).to_string();
            assert_eq!(
                profile_slug(body.as_bytes()).map(|r| r.profile_slug),
                Ok(s.to_string()),
                "{s}"
            );
        }
    }

    #[test]
    fn profile_urls_mean_their_slug() {
        // SPEC G-2
        for url in [
            "https://www.linkedin.com/in/jane-doe",
            "https://linkedin.com/in/jane-doe/",
            "linkedin.com/in/jane-doe?trk=x",
        ] {
            let body = serde_json::json!({ "profile_slug": url }).to_string();
            assert_eq!(
                profile_slug(body.as_bytes()).map(|r| r.profile_slug),
                Ok("jane-doe".to_string()),
                "{url}"
            );
        }
    }

    #[test]
    fn everything_but_a_bare_slug_is_refused() {
        let long = "a".repeat(MAX_SLUG_CHARS + 1);
        for body in [
            "{}".to_string(),
            r#"{"profile_slug": 42}"#.to_string(),
            r#"{"profile_slug": null}"#.to_string(),
            r#"{"profile_slug": ["x"]}"#.to_string(),
            r#"{"profile_slug": ""}"#.to_string(),
            r#"{"profile_slug": "  "}"#.to_string(),
            r#"{"profile_slug": "https://www.linkedin.com/company/jane"}"#.to_string(),
            r#"{"profile_slug": "https://www.linkedin.com/in/"}"#.to_string(),
            r#"{"profile_slug": "www.linkedin.com"}"#.to_string(),
            r#"{"profile_slug": "/in/jane"}"#.to_string(),
            r#"{"profile_slug": "in/jane/"}"#.to_string(),
            format!(r#"{{"profile_slug": "{long}"}}"#),
            r#"["jane"]"#.to_string(),
            "profile_slug=jane".to_string(),
            String::new(),
        ] {
            assert_eq!(
                profile_slug(body.as_bytes()),
                Err(OutxError::InvalidSlug),
                "{body}"
            );
        }
    }

    #[test]
    fn task_ids_must_be_present_and_uuids() {
        let id = "3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e01";
        assert!(task_id(&format!("api_agent_task_id={id}")).is_ok());
        assert!(task_id(&format!("x=1&api_agent_task_id={id}&api_agent_task_id=zz")).is_ok());
        for q in [
            "",
            "api_agent_task_id=",
            "api_agent_task_id",
            "api_agent_task_id=abc",
            "other=3f6c2a8e-4b1d-4c3a-9e1f-2a7b5c8d9e01",
            "api_agent_task_id=%ZZ%",
            "&&==&",
        ] {
            assert_eq!(task_id(q), Err(OutxError::InvalidTaskId), "{q}");
        }
    }

    #[test]
    fn ids_come_from_bare_ids_or_urls() {
        assert_eq!(member_id("williamhgates"), Some("williamhgates".into()));
        assert_eq!(
            member_id("https://www.linkedin.com/in/anandi-devi/?x=1"),
            Some("anandi-devi".into())
        );
        assert_eq!(
            company_slug("linkedin.com/company/microsoft"),
            Some("microsoft".into())
        );
        assert_eq!(
            member_id("https://www.linkedin.com/company/microsoft"),
            None
        );
        assert_eq!(member_id(""), None);
        assert_eq!(member_id("a b"), None);
    }

    #[test]
    fn blank_keys_are_missing_and_odd_bytes_invalid() {
        assert_eq!(api_key(None), Err(OutxError::MissingKey));
        let blank = HeaderValue::from_static("  ");
        assert_eq!(api_key(Some(&blank)), Err(OutxError::MissingKey));
        let odd = HeaderValue::from_bytes(b"k\xff").unwrap();
        assert_eq!(api_key(Some(&odd)), Err(OutxError::InvalidKey));
    }
}
