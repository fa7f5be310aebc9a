//! The posts routes' Zod schemas (catalog §3.E), in schema field order, and
//! the rules applied once a schema passes. Ranges are the ones the N8N node
//! documents (`count` 1–20, `commentCount` 1–100, `maxComments` 10–5000,
//! `batchSize` 10–100, search `count` 1–500, at most 5 `authorJobTitles`).

use actix_web::http::StatusCode;
use serde_json::Value;

use super::content::MediaKind;
use super::error::CsError;
use super::links;
use super::zod::Checker;
use crate::scenario::ProfileUrn;

pub const REACTIONS: [&str; 6] = [
    "LIKE",
    "PRAISE",
    "EMPATHY",
    "INTEREST",
    "APPRECIATION",
    "ENTERTAINMENT",
];
pub const DATE_POSTED: [&str; 4] = ["past-24h", "past-week", "past-month", "any-time"];
pub const SORT_BY: [&str; 2] = ["relevance", "date_posted"];
pub const VISIBILITY: [&str; 3] = ["PUBLIC", "CONNECTIONS", "LOGGED_IN"];
pub const MEDIA_TYPES: [&str; 4] = ["none", "image", "video", "document"];
/// LinkedIn's limits: a post's text and a comment's text.
pub const MAX_POST_TEXT: usize = 3000;
pub const MAX_COMMENT_TEXT: usize = 1250;
pub const DEFAULT_LATEST: u64 = 10;
pub const DEFAULT_COMMENT_PAGE: u64 = 50;
pub const DEFAULT_MAX_COMMENTS: u64 = 1000;
pub const DEFAULT_BATCH: u64 = 50;
pub const DEFAULT_SEARCH: u64 = 50;

/// A post URL that names no activity → 400 in the E3 shape (decision).
pub fn post_id(url: &str) -> Result<String, CsError> {
    links::activity_id(url).ok_or_else(|| {
        CsError::failed(
            StatusCode::BAD_REQUEST,
            format!("Invalid LinkedIn post URL: {url}"),
        )
    })
}

/// `postUrl: z.string().min(1)`.
fn post_url<'a>(c: &mut Checker<'a>) -> Option<&'a str> {
    let u = c.string("postUrl", true);
    if let Some(u) = u {
        c.min_len("postUrl", u, 1);
    }
    u
}

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}

pub struct Latest {
    pub account_id: Option<String>,
    pub profile_id: Option<String>,
    pub profile_urn: Option<String>,
    pub count: u64,
    pub include_reposts: bool,
}

pub fn latest(body: &Value) -> Result<Latest, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let profile_id = c.string("profileId", false);
    let profile_urn = c.string("profileUrn", false);
    if let Some(u) = profile_urn.filter(|u| !u.is_empty()) {
        c.regex("profileUrn", ProfileUrn::is_valid(u));
    }
    let count = c.integer_in("count", false, 1, 20);
    let include_reposts = c.boolean("includeReposts");
    c.finish()?;
    let non_empty = |s: Option<&str>| s.filter(|s| !s.trim().is_empty()).map(str::to_string);
    let r = Latest {
        account_id: owned(account_id),
        profile_id: non_empty(profile_id).map(|p| links::profile_id(&p)),
        profile_urn: non_empty(profile_urn),
        count: count.unwrap_or(DEFAULT_LATEST),
        include_reposts: include_reposts.unwrap_or(true),
    };
    if r.profile_id.is_none() && r.profile_urn.is_none() {
        return Err(CsError::TargetMissing);
    }
    Ok(r)
}

pub struct React {
    pub account_id: Option<String>,
    pub post_url: String,
    pub reaction: String,
}

pub fn react(body: &Value) -> Result<React, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let url = post_url(&mut c);
    let reaction = c.enumeration_of("reactionType", true, &REACTIONS);
    c.finish()?;
    Ok(React {
        account_id: owned(account_id),
        post_url: url.unwrap_or_default().to_string(),
        reaction: reaction.unwrap_or("LIKE").to_string(),
    })
}

pub struct Comment {
    pub account_id: Option<String>,
    pub post_url: String,
    pub text: String,
    pub tag_author: bool,
    pub company_urn: Option<String>,
}

pub fn comment(body: &Value) -> Result<Comment, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let url = post_url(&mut c);
    let text = c.string("comment", true);
    if let Some(t) = text {
        if c.min_len("comment", t, 1) {
            c.max_len("comment", t, MAX_COMMENT_TEXT);
        }
    }
    let tag = c.boolean("tagPostAuthor");
    let company = c.string("companyUrn", false);
    c.finish()?;
    Ok(Comment {
        account_id: owned(account_id),
        post_url: url.unwrap_or_default().to_string(),
        text: text.unwrap_or_default().to_string(),
        tag_author: tag.unwrap_or(false),
        company_urn: company.filter(|s| !s.is_empty()).map(str::to_string),
    })
}

pub struct Comments {
    pub account_id: Option<String>,
    pub post_url: String,
    pub page: u64,
    pub start: u64,
    pub token: Option<String>,
    pub max_comments: u64,
}

pub fn comments(body: &Value) -> Result<Comments, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let url = post_url(&mut c);
    let page = c.integer_in("commentCount", false, 1, 100);
    let start = c.integer("start", false, 0);
    let token = c.string("paginationToken", false);
    let max = c.integer_in("maxComments", false, 10, 5000);
    c.integer_in("batchSize", false, 10, 100);
    c.finish()?;
    Ok(Comments {
        account_id: owned(account_id),
        post_url: url.unwrap_or_default().to_string(),
        page: page.unwrap_or(DEFAULT_COMMENT_PAGE),
        start: start.unwrap_or(0),
        token: token.filter(|t| !t.is_empty()).map(str::to_string),
        max_comments: max.unwrap_or(DEFAULT_MAX_COMMENTS),
    })
}

pub struct AllComments {
    pub account_id: Option<String>,
    pub post_url: String,
    pub max_comments: u64,
    pub batch_size: u64,
}

pub fn all_comments(body: &Value) -> Result<AllComments, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let url = post_url(&mut c);
    let max = c.integer_in("maxComments", false, 10, 5000);
    let batch = c.integer_in("batchSize", false, 10, 100);
    c.finish()?;
    Ok(AllComments {
        account_id: owned(account_id),
        post_url: url.unwrap_or_default().to_string(),
        max_comments: max.unwrap_or(DEFAULT_MAX_COMMENTS),
        batch_size: batch.unwrap_or(DEFAULT_BATCH),
    })
}

pub struct Search {
    pub account_id: Option<String>,
    pub keywords: String,
    pub count: u64,
    pub start: u64,
    pub date_posted: Option<String>,
    pub sort_by: String,
    pub author_job_titles: Vec<String>,
}

pub fn search(body: &Value) -> Result<Search, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let keywords = c.string("keywords", true);
    if let Some(k) = keywords {
        c.min_len("keywords", k, 1);
    }
    let count = c.integer_in("count", false, 1, 500);
    let start = c.integer("start", false, 0);
    let date = c.enumeration_of("datePosted", false, &DATE_POSTED);
    let sort = c.enumeration_of("sortBy", false, &SORT_BY);
    let titles = c.strings("authorJobTitles", Some(5), None);
    c.finish()?;
    Ok(Search {
        account_id: owned(account_id),
        keywords: keywords.unwrap_or_default().trim().to_string(),
        count: count.unwrap_or(DEFAULT_SEARCH),
        start: start.unwrap_or(0),
        date_posted: date.filter(|d| *d != "any-time").map(str::to_string),
        sort_by: sort.unwrap_or("relevance").to_string(),
        author_job_titles: titles
            .unwrap_or_default()
            .into_iter()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
    })
}

pub struct Scrape {
    pub post_url: String,
}

pub fn scrape(body: &Value) -> Result<Scrape, CsError> {
    let mut c = Checker::new(body);
    let url = post_url(&mut c);
    c.finish()?;
    Ok(Scrape {
        post_url: url.unwrap_or_default().to_string(),
    })
}

/// What a new post carries besides text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Media {
    None,
    Assets { kind: MediaKind, urns: Vec<String> },
}

pub struct Create {
    pub account_id: Option<String>,
    pub text: String,
    pub visibility: String,
    pub media: Media,
}

pub fn create(body: &Value) -> Result<Create, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let text = c.string("text", true);
    if let Some(t) = text {
        c.max_len("text", t, MAX_POST_TEXT);
    }
    let visibility = c.enumeration_of("visibility", false, &VISIBILITY);
    let media_type = c.enumeration_of("mediaType", false, &MEDIA_TYPES);
    let asset = c.string("assetUrn", false);
    let list = c.array("assetUrns", false);
    let mut urns = Vec::new();
    for (i, item) in list.into_iter().flatten().enumerate() {
        // The carousel guide sends `{"assetUrn": …}`; a bare string is read too.
        let urn = match item {
            Value::String(s) => Some(s.as_str()),
            _ => c
                .item("assetUrns", i, item, |e| e.string("assetUrn", true))
                .flatten(),
        };
        urns.extend(urn.map(str::to_string));
    }
    c.string("altText", false);
    c.array("recipes", false);
    let title = c.string("title", false);
    c.finish()?;
    let bad = |m: &str| CsError::failed(StatusCode::BAD_REQUEST, m);
    let asset = asset.filter(|a| !a.is_empty()).map(str::to_string);
    if asset.is_some() && list.is_some() {
        return Err(bad("Provide either assetUrn or assetUrns, not both"));
    }
    let media = match media_type.unwrap_or("none") {
        "none" => {
            if asset.is_some() || list.is_some() {
                return Err(bad("mediaType none takes no assetUrn"));
            }
            Media::None
        }
        kind => {
            let kind = match kind {
                "image" => MediaKind::Image,
                "video" => MediaKind::Video,
                _ => MediaKind::Document,
            };
            let urns = match (asset, list) {
                (Some(a), _) => vec![a],
                (None, Some(_)) if kind != MediaKind::Image => {
                    return Err(bad("assetUrns (a carousel) is for mediaType image only"))
                }
                (None, Some(_)) if !(2..=9).contains(&urns.len()) => {
                    return Err(bad("A carousel takes 2 to 9 images"))
                }
                (None, Some(_)) => urns,
                (None, None) => return Err(bad("assetUrn is required for this mediaType")),
            };
            if kind == MediaKind::Document && title.is_none_or(|t| t.trim().is_empty()) {
                return Err(bad("title is required for a document post"));
            }
            Media::Assets { kind, urns }
        }
    };
    Ok(Create {
        account_id: owned(account_id),
        text: text.unwrap_or_default().to_string(),
        visibility: visibility.unwrap_or("PUBLIC").to_string(),
        media,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn latest_needs_an_id_or_urn_and_reads_profile_urls() {
        assert!(matches!(
            latest(&json!({"count": 5})),
            Err(CsError::TargetMissing)
        ));
        assert!(matches!(
            latest(&json!({"profileId": "a", "count": 21})),
            Err(CsError::Zod(_))
        ));
        let r = latest(&json!({"profileId": "https://www.linkedin.com/in/jane-roe/"}));
        assert_eq!(
            r.ok().and_then(|r| r.profile_id),
            Some("jane-roe".to_string())
        );
    }

    #[test]
    fn carousel_takes_two_to_nine_asset_objects() {
        let one = json!({"text": "t", "mediaType": "image", "assetUrns": [{"assetUrn": "a"}]});
        assert!(matches!(create(&one), Err(CsError::Failed { .. })));
        let two = json!({"text": "t", "mediaType": "image", "assetUrns": [{"assetUrn": "a"}, "b"]});
        match create(&two).map(|c| c.media) {
            Ok(Media::Assets { urns, .. }) => assert_eq!(urns, vec!["a", "b"]),
            other => panic!("{:?}", other.err()),
        }
        let both = json!({"text": "t", "mediaType": "image", "assetUrn": "a", "assetUrns": [{"assetUrn": "b"}, {"assetUrn": "c"}]});
        assert!(create(&both).is_err());
    }
}
