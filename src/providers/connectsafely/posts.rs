//! Posts (catalog §3.E): `/posts/latest`, `/posts/react`, `/posts/comment`,
//! `/posts/comments`, `/posts/comments/all`, `/posts/search`,
//! `/posts/scrape` and `/posts/create` (uploads are in `uploads`). Posts,
//! comments and reactions are the shared LinkedIn model's
//! (`world.linkedin`): what an account does here shows at once in every
//! read of the same post (counts, comment lists, the author's latest posts),
//! through every provider (G-3). This file adds ConnectSafely's shapes, the
//! post-URL forms clients send, and the daily COMMENT budget (100 per
//! account per UTC day; scenario `connectsafely.limits.commentsPerDay`).

use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Data};
use actix_web::{post, HttpRequest, HttpResponse, ResponseError};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};

use super::content::COMMENT;
use super::content_model::*;
use super::error::CsError;
use super::model::{CsBadRequest, CsFailure, CsMessage, CsRefusal};
use super::posts_input::{self as input, Media as NewMedia};
use super::routes::{
    account, acting, add_usage_headers, authed, ok, select, upstream, Acting, TAG,
};
use super::steps::reply;
use crate::clock::iso;
use crate::linkedin::search::{PeopleQuery, PostQuery};
use crate::linkedin::{self, AuthorRef, ReactionType};
use crate::scenario::CsAccount;
use crate::state::{AppState, World};

// ------------------------------------------------------------------ rendering

/// A post's author as ConnectSafely shows it.
pub fn author(world: &World, who: &AuthorRef) -> Author {
    match who {
        AuthorRef::Member(h) => {
            let p = world.linkedin.person(h);
            Author {
                name: p.full_name(),
                first_name: p.first_name.to_string(),
                last_name: p.last_name.to_string(),
                public_identifier: p.handle.to_string(),
                profile_urn: p.urn.to_string(),
                profile_url: p.profile_url(),
                headline: p.headline.to_string(),
                r#type: "MEMBER".into(),
            }
        }
        AuthorRef::Company(slug) => {
            let c = world.linkedin.company_by_slug(slug);
            let (name, urn, url, tagline) = c
                .map(|c| (c.name.clone(), c.urn(), c.url(), c.tagline.clone()))
                .unwrap_or_else(|| (slug.clone(), String::new(), String::new(), String::new()));
            Author {
                first_name: name.clone(),
                name,
                last_name: String::new(),
                public_identifier: slug.clone(),
                profile_urn: urn,
                profile_url: url,
                headline: tagline,
                r#type: "COMPANY".into(),
            }
        }
    }
}

fn media_name(m: linkedin::Media) -> &'static str {
    match m {
        linkedin::Media::None | linkedin::Media::Poll => "none",
        linkedin::Media::Image => "image",
        linkedin::Media::Video => "video",
        linkedin::Media::Article => "article",
        linkedin::Media::Document => "document",
    }
}

pub fn post_card(world: &World, account: Option<&str>, p: &linkedin::Post) -> Post {
    Post {
        urn: p.urn(),
        activity_id: p.id.to_string(),
        url: p.url(),
        content: p.text.clone(),
        author: author(world, &p.author),
        num_likes: u64::from(p.num_likes),
        num_comments: u64::from(p.num_comments),
        num_shares: u64::from(p.num_shares),
        is_repost: p.is_repost,
        timestamp: iso(p.posted_at),
        media_type: media_name(p.media).into(),
        my_reaction: account
            .and_then(|a| world.linkedin.reaction_of(a, p.id))
            .map(|r| r.as_str().to_string()),
    }
}

pub fn comment_card(world: &World, c: &linkedin::Comment) -> Comment {
    let a = author(world, &AuthorRef::Member(c.author.clone()));
    Comment {
        comment_urn: c.urn(),
        comment_text: c.text.clone(),
        author_name: a.name.clone(),
        public_identifier: a.public_identifier.clone(),
        profile_url: a.profile_url.clone(),
        profile_urn: a.profile_urn.clone(),
        author_headline: a.headline.clone(),
        author: a,
        created_at: iso(c.created_at),
        num_likes: 0,
    }
}

/// The post a URL names, as it is now: 400 for a URL that names no post,
/// 404 for one that names no post LinkedIn has (E3, mocklink's wording).
fn find_post(world: &World, url: &str, now: DateTime<Utc>) -> Result<linkedin::Post, CsError> {
    let id = input::post_id(url)?;
    id.parse::<u64>()
        .ok()
        .and_then(|n| world.linkedin.post(n, now))
        .ok_or_else(|| CsError::failed(StatusCode::NOT_FOUND, format!("Post not found: {url}")))
}

fn network_error(e: linkedin::NetworkError) -> CsError {
    use linkedin::NetworkError as N;
    match e {
        N::PostNotFound(id) => {
            CsError::failed(StatusCode::NOT_FOUND, format!("Post not found: {id}"))
        }
        N::MemberNotFound(id) => CsError::ProfileNotFound(id),
        N::Full { .. } => CsError::failed(StatusCode::TOO_MANY_REQUESTS, e.to_string()),
        other => CsError::failed(StatusCode::BAD_REQUEST, other.to_string()),
    }
}

// ------------------------------------------------------------------ latest

/// A member's latest posts.
///
/// `profileId` (public id or profile URL) or `profileUrn`; `count` 1–20
/// (default 10), newest first; `includeReposts` (default true). An
/// account's own member includes the posts it made through `/posts/create`.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = LatestPostsRequest, example = json!({"profileId": "anandi-devi", "count": 5, "includeReposts": true})),
    responses(
        (status = 200, description = "The member's latest posts", body = LatestPostsResponse,
            example = json!({"success": true, "profileId": "anandi-devi", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "count": 1, "posts": [{
                "urn": "urn:li:activity:7450000000000000000", "activityId": "7450000000000000000",
                "url": "https://www.linkedin.com/feed/update/urn:li:activity:7450000000000000000/",
                "content": "Shipping beats planning.", "author": {"name": "Anandi Devi", "firstName": "Anandi", "lastName": "Devi", "publicIdentifier": "anandi-devi", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "profileUrl": "https://www.linkedin.com/in/anandi-devi/", "headline": "Go-To-Market (GTM) Engineer @ ConnectSafely | MBA", "type": "MEMBER"},
                "numLikes": 12, "numComments": 3, "numShares": 1, "isRepost": false, "timestamp": "2024-01-15T09:12:00.000Z", "mediaType": "none", "myReaction": null
            }]})),
        (status = 400, description = "Neither profileId nor profileUrn, or validation failed", body = CsBadRequest,
            example = json!({"error": "Either profileId or profileUrn must be provided", "success": false})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such member (or LinkedIn account)", body = CsRefusal,
            example = json!({"error": "LinkedIn profile not found: notfound-jane", "success": false})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to fetch posts"})),
    )
)]
#[post("/linkedin/posts/latest")]
pub async fn posts_latest(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    reply(latest(&world, &req, &body).await)
}

async fn latest(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let Acting {
        input: r, chosen, ..
    } = acting(world, req, body, input::latest, |r| r.account_id.clone())?;
    // The URN is preferred when both are given, as on /connect.
    let sent = r
        .profile_urn
        .clone()
        .or(r.profile_id.clone())
        .unwrap_or_default();
    let handle = world
        .linkedin
        .resolve_member(&sent)
        .ok_or_else(|| CsError::ProfileNotFound(sent.clone()))?;
    upstream(world, req, "Failed to fetch posts").await?;
    let now = world.now();
    let count = usize::try_from(r.count).unwrap_or(20);
    // Reposts are left out after the fact, so look a little further back.
    let look = if r.include_reposts { count } else { count * 4 };
    let posts: Vec<Post> = world
        .linkedin
        .member_posts(&handle, now, look)
        .iter()
        .filter(|p| r.include_reposts || !p.is_repost)
        .take(count)
        .map(|p| post_card(world, Some(&chosen.id.0), p))
        .collect();
    let person = world.linkedin.person(&handle);
    ok(&LatestPostsResponse {
        success: true,
        profile_id: person.handle.to_string(),
        profile_urn: person.urn.to_string(),
        count: posts.len() as u64,
        posts,
    })
}

// ------------------------------------------------------------------ react

/// React to a post.
///
/// `reactionType` one of `LIKE`, `PRAISE`, `EMPATHY`, `INTEREST`,
/// `APPRECIATION`, `ENTERTAINMENT`. A second reaction by the same account
/// replaces the first (the post's count does not grow).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = ReactRequest, example = json!({"postUrl": "https://www.linkedin.com/feed/update/urn:li:activity:7450000000000000000/", "reactionType": "LIKE"})),
    responses(
        (status = 200, description = "Reaction recorded", body = ReactResponse,
            example = json!({"success": true, "message": "Reaction added successfully", "postUrn": "urn:li:activity:7450000000000000000", "reactionType": "LIKE", "previousReaction": null, "numLikes": 13})),
        (status = 400, description = "Validation failed, or the URL names no post", body = CsBadRequest,
            example = json!({"success": false, "error": "Invalid LinkedIn post URL: https://www.linkedin.com/in/jane"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such post (or LinkedIn account)", body = CsFailure,
            example = json!({"success": false, "error": "Post not found: urn:li:activity:7000000000000000000"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to react to post"})),
    )
)]
#[post("/linkedin/posts/react")]
pub async fn posts_react(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    reply(react(&world, &req, &body).await)
}

async fn react(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let Acting {
        input: r, chosen, ..
    } = acting(world, req, body, input::react, |r| r.account_id.clone())?;
    let now = world.now();
    let post = find_post(world, &r.post_url, now)?;
    upstream(world, req, "Failed to react to post").await?;
    let reaction = ReactionType::parse(&r.reaction).unwrap_or(ReactionType::Like);
    let previous = world
        .linkedin
        .react(&chosen.id.0, post.id, reaction, now)
        .map_err(network_error)?;
    let after = world.linkedin.post(post.id, now).unwrap_or(post);
    ok(&ReactResponse {
        success: true,
        message: "Reaction added successfully".into(),
        post_urn: after.urn(),
        reaction_type: reaction.as_str().into(),
        previous_reaction: previous.map(|p| p.as_str().to_string()),
        num_likes: u64::from(after.num_likes),
    })
}

// ------------------------------------------------------------------ comment

fn with_comment_usage(
    world: &World,
    mut resp: HttpResponse,
    chosen: Option<&CsAccount>,
) -> HttpResponse {
    let Some(acc) = chosen.and_then(|c| world.connectsafely.account(&c.id.0)) else {
        return resp;
    };
    let limit = world.connectsafely.content_limits().comments_per_day;
    let usage = acc
        .content
        .lock()
        .comments
        .usage(COMMENT, limit, world.now());
    add_usage_headers(&mut resp, &usage);
    resp
}

/// Comment on a post.
///
/// `comment` 1–1250 characters; `tagPostAuthor` starts it with a mention of
/// the author. 100 comments per account per UTC day (`X-RateLimit-Action:
/// COMMENT`). The comment shows at once in `/posts/comments` and in the
/// post's `numComments`.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = CommentRequest, example = json!({"postUrl": "https://www.linkedin.com/feed/update/urn:li:activity:7450000000000000000/", "comment": "Great insight, thanks for sharing!", "tagPostAuthor": false})),
    responses(
        (status = 200, description = "Comment posted", body = CommentResponse,
            headers(
                ("X-RateLimit-Action" = String, description = "COMMENT"),
                ("X-RateLimit-Limit" = u32, description = "Comments allowed per day"),
                ("X-RateLimit-Used" = u32, description = "Comments made today"),
                ("X-RateLimit-Remaining" = u32, description = "Comments left today"),
                ("X-RateLimit-Reset" = String, description = "Next midnight UTC, ISO 8601"),
            ),
            example = json!({"success": true, "message": "Comment posted successfully", "postUrn": "urn:li:activity:7450000000000000000", "commentUrn": "urn:li:comment:(activity:7450000000000000000,7450000000000000123)",
                "comment": {"commentUrn": "urn:li:comment:(activity:7450000000000000000,7450000000000000123)", "commentText": "Great insight, thanks for sharing!", "authorName": "Priya Sharma", "publicIdentifier": "priya-sharma-5a1b2c3d", "profileUrl": "https://www.linkedin.com/in/priya-sharma-5a1b2c3d/", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "authorHeadline": "Founder", "author": {"name": "Priya Sharma", "firstName": "Priya", "lastName": "Sharma", "publicIdentifier": "priya-sharma-5a1b2c3d", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "profileUrl": "https://www.linkedin.com/in/priya-sharma-5a1b2c3d/", "headline": "Founder", "type": "MEMBER"}, "createdAt": "2024-01-15T10:30:00.000Z", "numLikes": 0}})),
        (status = 400, description = "Validation failed, or the URL names no post", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "invalid_type", "expected": "string", "received": "undefined", "path": ["comment"], "message": "Required"}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 403, description = "companyUrn names a page the account does not manage", body = CsFailure,
            example = json!({"success": false, "error": "Commenting as a company page is not available for this account: urn:li:organization:105672170"})),
        (status = 404, description = "No such post (or LinkedIn account)", body = CsFailure,
            example = json!({"success": false, "error": "Post not found: urn:li:activity:7000000000000000000"})),
        (status = 429, description = "The day's 100 comments are used", body = CsRefusal,
            example = json!({"error": "Rate limit exceeded for COMMENT: 100/100 used. Resets at 2024-01-16T00:00:00.000Z", "success": false})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to comment on post"})),
    )
)]
#[post("/linkedin/posts/comment")]
pub async fn posts_comment(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    let a = match authed(&world, &req, &body) {
        Ok(a) => a,
        Err(e) => return e.error_response(),
    };
    let for_headers = a.for_headers;
    let result = comment(&world, &req, a.key, a.body).await;
    with_comment_usage(
        &world,
        result.unwrap_or_else(|e| e.error_response()),
        for_headers,
    )
}

async fn comment(
    world: &World,
    req: &HttpRequest,
    key: &crate::scenario::CsKey,
    body: Result<serde_json::Value, CsError>,
) -> Result<HttpResponse, CsError> {
    let r = input::comment(&body?)?;
    let chosen = select(key, r.account_id.as_deref())?;
    let acc = account(world, chosen)?;
    let now = world.now();
    let post = find_post(world, &r.post_url, now)?;
    if let Some(urn) = &r.company_urn {
        // The shared model writes comments as the account's member only, and
        // no account of the scenarios manages pages here (decision).
        return Err(CsError::failed(
            StatusCode::FORBIDDEN,
            format!("Commenting as a company page is not available for this account: {urn}"),
        ));
    }
    upstream(world, req, "Failed to comment on post").await?;
    let limit = world.connectsafely.content_limits().comments_per_day;
    acc.content.lock().comments.take(COMMENT, 1, limit, now)?;
    let text = if r.tag_author {
        format!("@{} {}", author(world, &post.author).name, r.text)
    } else {
        r.text.clone()
    };
    let c = match world.linkedin.comment(&chosen.id.0, post.id, &text, now) {
        Ok(c) => c,
        Err(e) => {
            // Nothing was written: the comment does not count.
            acc.content.lock().comments.refund(1);
            return Err(network_error(e));
        }
    };
    let card = comment_card(world, &c);
    ok(&CommentResponse {
        success: true,
        message: "Comment posted successfully".into(),
        post_urn: post.urn(),
        comment_urn: card.comment_urn.clone(),
        comment: card,
    })
}

// ------------------------------------------------------------------ comments

/// `paginationToken` ↔ offset: opaque to clients, stable for a post.
fn token(offset: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("offset:{offset}"))
}

fn untoken(t: &str) -> Option<u64> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(t.trim())
        .ok()?;
    String::from_utf8(raw)
        .ok()?
        .strip_prefix("offset:")?
        .parse()
        .ok()
}

/// One page of a post's comments.
///
/// Oldest first. `commentCount` (1–100, default 50) from `start`, or from
/// the `paginationToken` of the previous page (which wins); never more than
/// `maxComments`. `nextPaginationToken` is null on the last page.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = CommentsRequest, example = json!({"postUrl": "https://www.linkedin.com/feed/update/urn:li:activity:7450000000000000000/", "commentCount": 50, "maxComments": 100, "batchSize": 50})),
    responses(
        (status = 200, description = "A page of comments", body = CommentsResponse,
            example = json!({"success": true, "postUrn": "urn:li:activity:7450000000000000000", "comments": [], "pagination": {"start": 0, "count": 0, "total": 0}, "hasMore": false, "nextPaginationToken": null})),
        (status = 400, description = "Validation failed, a bad token, or the URL names no post", body = CsBadRequest,
            example = json!({"success": false, "error": "Invalid paginationToken"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such post (or LinkedIn account)", body = CsFailure,
            example = json!({"success": false, "error": "Post not found: urn:li:activity:7000000000000000000"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to fetch comments"})),
    )
)]
#[post("/linkedin/posts/comments")]
pub async fn posts_comments(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    reply(comments(&world, &req, &body).await)
}

async fn comments(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let Acting { input: r, .. } =
        acting(world, req, body, input::comments, |r| r.account_id.clone())?;
    let start = match &r.token {
        Some(t) => untoken(t)
            .ok_or_else(|| CsError::failed(StatusCode::BAD_REQUEST, "Invalid paginationToken"))?,
        None => r.start,
    };
    let now = world.now();
    let post = find_post(world, &r.post_url, now)?;
    upstream(world, req, "Failed to fetch comments").await?;
    let all = world.linkedin.comments(post.id, now);
    let total = all.len();
    let from = usize::try_from(start).unwrap_or(usize::MAX).min(total);
    let size = usize::try_from(r.page.min(r.max_comments)).unwrap_or(100);
    let to = (from + size).min(total);
    let comments: Vec<Comment> = all[from..to]
        .iter()
        .map(|c| comment_card(world, c))
        .collect();
    ok(&CommentsResponse {
        success: true,
        post_urn: post.urn(),
        pagination: Page {
            start: from as u64,
            count: comments.len() as u64,
            total: total as u64,
        },
        comments,
        has_more: to < total,
        next_pagination_token: (to < total).then(|| token(to)),
    })
}

/// Every comment on a post.
///
/// Oldest first, up to `maxComments` (10–5000, default 1000), fetched in
/// pages of `batchSize` (10–100, default 50).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = AllCommentsRequest, example = json!({"postUrl": "https://www.linkedin.com/posts/jane-roe_topic-activity-7450000000000000000-abcd", "maxComments": 100, "batchSize": 50})),
    responses(
        (status = 200, description = "The post's comments", body = AllCommentsResponse,
            example = json!({"success": true, "postUrn": "urn:li:activity:7450000000000000000", "comments": [], "count": 0, "total": 0, "hasMore": false, "batches": 0})),
        (status = 400, description = "Validation failed, or the URL names no post", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "too_small", "minimum": 10, "type": "number", "inclusive": true, "exact": false, "message": "Number must be greater than or equal to 10", "path": ["maxComments"]}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such post (or LinkedIn account)", body = CsFailure,
            example = json!({"success": false, "error": "Post not found: urn:li:activity:7000000000000000000"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to fetch comments"})),
    )
)]
#[post("/linkedin/posts/comments/all")]
pub async fn posts_comments_all(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> HttpResponse {
    let world = state.world();
    reply(all_comments(&world, &req, &body).await)
}

async fn all_comments(
    world: &World,
    req: &HttpRequest,
    body: &Bytes,
) -> Result<HttpResponse, CsError> {
    let Acting { input: r, .. } = acting(world, req, body, input::all_comments, |r| {
        r.account_id.clone()
    })?;
    let now = world.now();
    let post = find_post(world, &r.post_url, now)?;
    upstream(world, req, "Failed to fetch comments").await?;
    let all = world.linkedin.comments(post.id, now);
    let max = usize::try_from(r.max_comments).unwrap_or(5000);
    let comments: Vec<Comment> = all
        .iter()
        .take(max)
        .map(|c| comment_card(world, c))
        .collect();
    let count = comments.len() as u64;
    ok(&AllCommentsResponse {
        success: true,
        post_urn: post.urn(),
        comments,
        count,
        total: all.len() as u64,
        has_more: all.len() > max,
        batches: count.div_ceil(r.batch_size),
    })
}

// ------------------------------------------------------------------ scrape

/// Read one public post.
///
/// Needs no LinkedIn account (an `accountId` is ignored). The answer is
/// wrapped in `data`, as the N8N node reads it.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = ScrapeRequest, example = json!({"postUrl": "https://www.linkedin.com/posts/jane-roe_topic-activity-7450000000000000000-abcd"})),
    responses(
        (status = 200, description = "The post", body = ScrapeResponse,
            example = json!({"success": true, "data": {"urn": "urn:li:activity:7450000000000000000", "url": "https://www.linkedin.com/feed/update/urn:li:activity:7450000000000000000/", "content": "Shipping beats planning.",
                "author": {"name": "Jane Roe", "firstName": "Jane", "lastName": "Roe", "publicIdentifier": "jane-roe", "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o", "profileUrl": "https://www.linkedin.com/in/jane-roe/", "headline": "Head of Growth at Acme", "type": "MEMBER"},
                "engagement": {"likes": 120, "comments": 14, "shares": 3}, "media": {"hasImages": false, "hasVideo": false, "hasDocument": false, "type": "none"}, "postedAt": "2024-01-15T09:12:00.000Z", "isRepost": false}})),
        (status = 400, description = "Validation failed, or the URL names no post", body = CsBadRequest,
            example = json!({"success": false, "error": "Invalid LinkedIn post URL: https://www.linkedin.com/in/jane"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such post", body = CsFailure,
            example = json!({"success": false, "error": "Post not found: https://www.linkedin.com/posts/x_y-activity-7000000000000000000-ab"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to scrape post"})),
    )
)]
#[post("/linkedin/posts/scrape")]
pub async fn posts_scrape(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    reply(scrape(&world, &req, &body).await)
}

async fn scrape(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let a = authed(world, req, body)?;
    let r = input::scrape(&a.body?)?;
    let post = find_post(world, &r.post_url, world.now())?;
    upstream(world, req, "Failed to scrape post").await?;
    let kind = media_name(post.media);
    ok(&ScrapeResponse {
        success: true,
        data: ScrapedPost {
            urn: post.urn(),
            url: post.url(),
            content: post.text.clone(),
            author: author(world, &post.author),
            engagement: Engagement {
                likes: u64::from(post.num_likes),
                comments: u64::from(post.num_comments),
                shares: u64::from(post.num_shares),
            },
            media: Media {
                has_images: kind == "image",
                has_video: kind == "video",
                has_document: kind == "document",
                r#type: kind.into(),
            },
            posted_at: iso(post.posted_at),
            is_repost: post.is_repost,
        },
    })
}

// ------------------------------------------------------------------ create

/// Publish a post as the account's member.
///
/// `text` (≤ 3000 characters), `visibility`, and for media a `mediaType`
/// with the asset(s) from `/posts/upload/init`: `assetUrn` for one image,
/// video or document (documents need a `title` and must be READY; a
/// MULTIPART video must be completed), or `assetUrns` (2–9
/// `{"assetUrn": …}`) for an image carousel. The post shows at once in
/// `/posts/latest` of the account's own member.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = CreatePostRequest, example = json!({"text": "Shipping our new release today!", "visibility": "PUBLIC"})),
    responses(
        (status = 200, description = "Post published", body = CreatePostResponse,
            example = json!({"success": true, "message": "Post created successfully", "postUrn": "urn:li:activity:7450000000000000000", "postUrl": "https://www.linkedin.com/feed/update/urn:li:activity:7450000000000000000/", "visibility": "PUBLIC", "mediaType": "none"})),
        (status = 400, description = "Validation failed, or assets missing, mismatched or not ready", body = CsBadRequest,
            examples(
                ("zod" = (summary = "Text too long", value = json!({"success": false, "error": {"issues": [{"code": "too_big", "maximum": 3000, "type": "string", "inclusive": true, "exact": false, "message": "String must contain at most 3000 character(s)", "path": ["text"]}], "name": "ZodError"}}))),
                ("asset" = (summary = "Document not processed yet", value = json!({"success": false, "error": "Document is still processing: urn:li:digitalmediaAsset:D4DX1"}))),
            )),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such asset (or LinkedIn account)", body = CsFailure,
            example = json!({"success": false, "error": "Asset not found: urn:li:digitalmediaAsset:nope"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to create post"})),
    )
)]
#[post("/linkedin/posts/create")]
pub async fn posts_create(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    reply(create(&world, &req, &body).await)
}

async fn create(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let Acting {
        input: r, chosen, ..
    } = acting(world, req, body, input::create, |r| r.account_id.clone())?;
    let account_id = chosen.id.0.as_str();
    let now = world.now();
    let (media, assets, media_type) = match &r.media {
        NewMedia::None => (linkedin::Media::None, Vec::new(), "none"),
        NewMedia::Assets { kind, urns } => {
            for urn in urns {
                super::uploads::check_asset(world, account_id, urn, *kind, now)?;
            }
            let media = match kind {
                super::content::MediaKind::Image => linkedin::Media::Image,
                super::content::MediaKind::Video => linkedin::Media::Video,
                super::content::MediaKind::Document => linkedin::Media::Document,
            };
            (media, urns.clone(), kind.name())
        }
    };
    upstream(world, req, "Failed to create post").await?;
    let post = world
        .linkedin
        .create_post(
            account_id,
            &r.text,
            media,
            assets,
            Some(r.visibility.clone()),
            now,
        )
        .map_err(network_error)?;
    ok(&CreatePostResponse {
        success: true,
        message: "Post created successfully".into(),
        post_urn: post.urn(),
        post_url: post.url(),
        visibility: r.visibility.clone(),
        media_type: media_type.into(),
    })
}

// ------------------------------------------------------------------ search

/// How far back `datePosted` reaches.
fn window(date_posted: Option<&str>) -> Option<Duration> {
    match date_posted {
        Some("past-24h") => Some(Duration::days(1)),
        Some("past-week") => Some(Duration::days(7)),
        Some("past-month") => Some(Duration::days(30)),
        _ => None,
    }
}

/// Search posts.
///
/// Posts by members whose headline carries the `keywords` (and, with
/// `authorJobTitles`, whose title is one of them), newest of each author
/// first; `datePosted` (`past-24h`, `past-week`, `past-month`, `any-time`)
/// narrows by age; `sortBy` `relevance` (by author) or `date_posted`
/// (newest first). `count` 1–500 (default 50) from `start`.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = PostSearchRequest, example = json!({"keywords": "AI agents", "count": 10, "start": 0, "datePosted": "past-week", "sortBy": "date_posted", "authorJobTitles": ["CEO", "Founder"]})),
    responses(
        (status = 200, description = "Matching posts", body = PostSearchResponse,
            example = json!({"success": true, "keywords": "AI agents", "posts": [], "pagination": {"start": 0, "count": 0, "total": 0}, "hasMore": false})),
        (status = 400, description = "Validation failed", body = CsBadRequest,
            example = json!({"success": false, "error": {"issues": [{"code": "too_big", "maximum": 5, "type": "array", "inclusive": true, "exact": false, "message": "Array must contain at most 5 element(s)", "path": ["authorJobTitles"]}], "name": "ZodError"}})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such LinkedIn account", body = CsFailure,
            example = json!({"success": false, "error": "LinkedIn account not found: acc_12345"})),
        (status = 500, description = "LinkedIn failed (injected fault)", body = CsFailure,
            example = json!({"success": false, "error": "Failed to search posts"})),
    )
)]
#[post("/linkedin/posts/search")]
pub async fn posts_search(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    reply(search(&world, &req, &body).await)
}

async fn search(world: &World, req: &HttpRequest, body: &Bytes) -> Result<HttpResponse, CsError> {
    let Acting {
        input: r, chosen, ..
    } = acting(world, req, body, input::search, |r| r.account_id.clone())?;
    upstream(world, req, "Failed to search posts").await?;
    let now = world.now();
    let account_id = chosen.id.0.as_str();
    // `authorJobTitles` are titles any of which the author holds.
    let q = PostQuery {
        authors: PeopleQuery {
            keywords: Some(r.keywords.clone()),
            title: Some(r.author_job_titles.join(" OR ")).filter(|t| !t.is_empty()),
            ..PeopleQuery::default()
        },
        since: window(r.date_posted.as_deref()).map(|w| now - w),
        newest_first: r.sort_by == "date_posted",
    };
    let start = usize::try_from(r.start).unwrap_or(usize::MAX);
    let count = usize::try_from(r.count).unwrap_or(usize::MAX);
    let found = world
        .linkedin
        .search_posts(account_id, &q, now, start, count);
    let total = found.total;
    let from = start.min(total);
    let to = from + found.items.len();
    let posts: Vec<Post> = found
        .items
        .iter()
        .map(|p| post_card(world, Some(account_id), p))
        .collect();
    ok(&PostSearchResponse {
        success: true,
        keywords: r.keywords.clone(),
        pagination: Page {
            start: from as u64,
            count: posts.len() as u64,
            total: total as u64,
        },
        posts,
        has_more: to < total,
    })
}
