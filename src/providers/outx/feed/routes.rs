//! `/api-posts`, `/api-interactions`, `/api-like`, `/api-comment` (outx.md
//! §5.1–§5.4): the posts a team's watchlists collected, what the team did
//! with them, and queued likes and comments whose effect shows after the
//! scenario's `outx.feed.engagementDelaySeconds`.

use std::collections::BTreeMap;

use actix_web::web::{Bytes, Data, Query};
use actix_web::{get, post, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::state::{AppState, World};

use super::query::PostQuery;
use super::{Actor, Interaction, InteractionKind, Post};
use crate::providers::outx::error::{bad, OutxError, PLUGIN_REQUIRED};
use crate::providers::outx::li;
use crate::providers::outx::model::ErrorBody;
use crate::providers::outx::request::{admit, Admitted, Uses};
use crate::providers::outx::teams::{Member, Team};
use crate::providers::outx::watchlists::input::object;
use crate::providers::outx::watchlists::routes::settle;

const TAG: &str = "outx";
pub const INTERACTIONS_DEFAULT_PAGE_SIZE: usize = 10;
pub const INTERACTIONS_MAX_PAGE_SIZE: usize = 100;
/// Likes and comments one member may queue per UTC day, each (OutX's older
/// docs: 50 likes; the comment figure is cut, mocklink uses 50 too).
pub const DAILY_ENGAGEMENT: usize = 50;
const INTERACTIONS_DENIED: &str =
    "Access denied: You don't have permission to access this watchlist";

pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(get_posts)
        .service(get_interactions)
        .service(like)
        .service(comment);
}

// ------------------------------------------------------------ wire types

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxPostsPage)]
pub struct PostsPage {
    data: Vec<Post>,
    pagination: PostsPagination,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxPostsPagination)]
pub struct PostsPagination {
    #[schema(example = 1)]
    page: usize,
    #[schema(example = 20)]
    page_size: usize,
    /// Posts matching the filters, over every page.
    #[schema(example = 42)]
    total: usize,
    #[schema(example = 3)]
    total_pages: usize,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxInteractionsPage)]
pub struct InteractionsPage {
    data: Vec<InteractionView>,
    pagination: InteractionsPagination,
    /// The last seven days (today last), likes and comments per day.
    graph: Vec<GraphDay>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxInteraction)]
pub struct InteractionView {
    #[schema(example = "interaction-3f6c2a8e")]
    id: String,
    /// The comment's text; null for likes.
    #[schema(required = true)]
    text: Option<String>,
    interaction_type: InteractionKind,
    /// Epoch milliseconds: when the action took effect.
    #[schema(example = 1705314630000_i64)]
    created_at: i64,
    author: InteractionAuthor,
    post: Post,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxInteractionAuthor)]
pub struct InteractionAuthor {
    #[schema(example = "8d3f2a1e-5b6c-4d7e-8f90-1a2b3c4d5e6f")]
    id: String,
    #[schema(example = "Admin")]
    full_name: String,
    #[schema(example = "outx-demo-admin")]
    author_slug: String,
    headline: String,
    /// `user` or `company`.
    #[schema(example = "user")]
    author_type: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxInteractionsPagination)]
pub struct InteractionsPagination {
    #[schema(example = 1)]
    page: usize,
    #[schema(example = 10)]
    page_size: usize,
    #[schema(example = 2)]
    total: usize,
    #[schema(example = 1)]
    total_likes: usize,
    #[schema(example = 1)]
    total_comments: usize,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxGraphDay)]
pub struct GraphDay {
    #[schema(example = "2024-01-15")]
    date: String,
    #[schema(example = 1)]
    likes: usize,
    #[schema(example = 0)]
    comments: usize,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxEngagementQueued)]
pub struct Queued {
    #[schema(example = true)]
    success: bool,
    #[schema(example = "Like task created successfully")]
    message: &'static str,
    #[schema(example = "9b2e7c4d-1a3f-4e5b-8c6d-7e8f9a0b1c2d")]
    task_id: String,
}

// ------------------------------------------------------------ /api-posts

/// Get Posts: the posts the team's watchlists collected, filtered, sorted
/// and paged.
///
/// `watchlist_id` (one id, or several comma-separated) limits the posts to
/// those watchlists; without it every watchlist of the team counts (as the
/// MCP server and the legacy docs allow). Values arrive as strings; empty
/// ones are ignored. The envelope (`data`, `pagination`) is mocklink's
/// choice; the docs' example is cut.
#[utoipa::path(
    tag = TAG,
    security(("x_api_key" = [])),
    params(
        ("watchlist_id" = Option<String>, Query, description = "Watchlist id(s), comma-separated; default all of the team's"),
        ("page" = Option<String>, Query, description = "1-based page (default 1; `current_page` is the legacy name)"),
        ("page_size" = Option<String>, Query, description = "Posts per page (default 20, at most 100)"),
        ("sort_by" = Option<String>, Query, description = "`recent` (default), `recent_first`, `popular_first`, `engagement`, `relevance_first`"),
        ("search_term" = Option<String>, Query, description = "Text the post contains"),
        ("labels" = Option<String>, Query, description = "Comma-separated labels; `no labels` for posts without one"),
        ("people_slug" = Option<String>, Query, description = "Author public ids, comma-separated"),
        ("company_slug" = Option<String>, Query, description = "Company page slugs, comma-separated"),
        ("is_saved" = Option<String>, Query, description = "`true`: bookmarked posts only"),
        ("lang" = Option<String>, Query, description = "`en`, `english` or `true`: English posts only"),
        ("start_date" = Option<String>, Query, description = "`YYYY-MM-DD` (or an ISO 8601 time): posts from that day on"),
        ("end_date" = Option<String>, Query, description = "`YYYY-MM-DD` (or an ISO 8601 time): posts up to that day"),
        ("post_type" = Option<String>, Query, description = "`text`, `article`, `image`, `video`, `poll`, `document`; legacy `person`, `company`"),
        ("trending" = Option<String>, Query, description = "`true`: posts with at least 100 likes"),
        ("interacted" = Option<String>, Query, description = "`true`: posts the team liked or commented on"),
        ("seniority_level" = Option<String>, Query, description = "Author seniority, e.g. `Director`, `VP`"),
        ("linkedin_post_slug" = Option<String>, Query, description = "One post, by its activity id or URL part"),
    ),
    responses(
        (status = 200, description = "A page of posts", body = PostsPage),
        (status = 400, description = "A malformed or unknown watchlist id, or a bad date", body = ErrorBody,
            examples(
                ("watchlist" = (value = json!({ "error": "Invalid watchlist ID(s)" }))),
                ("date" = (value = json!({ "error": "Invalid start_date: expected YYYY-MM-DD" })))
            )),
        (status = 401, description = "API key missing or unknown", body = ErrorBody,
            example = json!({ "error": "Invalid API Key" })),
        (status = 403, description = "Plugin rule, or another team's watchlist", body = ErrorBody,
            examples(
                ("plugin" = (value = json!({ "error": PLUGIN_REQUIRED }))),
                ("other team" = (value = json!({ "error": "Access denied" })))
            )),
    )
)]
#[get("/api-posts")]
async fn get_posts(
    req: HttpRequest,
    state: Data<AppState>,
    query: Query<Vec<(String, String)>>,
) -> Result<HttpResponse, OutxError> {
    let Admitted { world, team, input } = admit(&req, &state, Uses::SharedData, |_| {
        let q = PostQuery::parse(&query)?;
        let ids = q
            .watchlist_ids
            .iter()
            .map(|id| Uuid::try_parse(id).map_err(|_| bad("Invalid watchlist ID(s)")))
            .collect::<Result<Vec<Uuid>, _>>()?;
        Ok((q, ids))
    })
    .await?;
    let (q, ids) = input;
    let now = world.now();
    let posts = {
        let mut store = world.outx.watchlists.lock();
        let ids = if ids.is_empty() {
            store.ids(&team.id, None)
        } else {
            ids.iter()
                .map(|id| {
                    store
                        .find(&id.to_string(), &team.id, None)
                        .map_err(|e| match e {
                            OutxError::NotFound(_) => bad("Invalid watchlist ID(s)"),
                            e => e,
                        })
                })
                .collect::<Result<Vec<Uuid>, _>>()?
        };
        let mut posts = Vec::new();
        for id in ids {
            settle(&world, &mut store, id, now);
            if let Some(w) = store.by_id(id) {
                posts.extend(w.posts_at(now));
            }
        }
        posts
    };
    let (data, total) = q.apply(posts);
    Ok(HttpResponse::Ok().json(PostsPage {
        data,
        pagination: PostsPagination {
            page: q.page,
            page_size: q.page_size,
            total,
            total_pages: total.div_ceil(q.page_size),
        },
    }))
}

// ------------------------------------------------------------ /api-interactions

/// `/api-interactions` query, checked: watchlist, type, actors, page, size.
struct InteractionsQuery {
    id: Uuid,
    kind: Option<InteractionKind>,
    actors: Vec<String>,
    page: usize,
    page_size: usize,
}

fn interactions_query(pairs: &[(String, String)]) -> Result<InteractionsQuery, OutxError> {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, v)| n == k && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    };
    let raw =
        get("watchlist_id").ok_or_else(|| bad("watchlist_id is required and must be a string"))?;
    let id = Uuid::try_parse(&raw).map_err(|_| bad(format!("Invalid watchlist ID: {raw}")))?;
    let kind = match get("interaction_type").map(|s| s.to_ascii_lowercase()) {
        None => None,
        Some(s) if s == "like" => Some(InteractionKind::Like),
        Some(s) if s == "comment" => Some(InteractionKind::Comment),
        Some(_) => return Err(bad("Invalid interaction_type. Must be 'like' or 'comment'")),
    };
    let actors: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "actor_ids" || k == "actor_ids[]")
        .flat_map(|(_, v)| {
            v.split(',')
                .map(str::trim)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
        .collect();
    let page = get("page")
        .and_then(|p| p.parse::<usize>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let page_size = get("page_size")
        .and_then(|p| p.parse::<usize>().ok())
        .filter(|p| (1..=INTERACTIONS_MAX_PAGE_SIZE).contains(p))
        .unwrap_or(INTERACTIONS_DEFAULT_PAGE_SIZE);
    Ok(InteractionsQuery {
        id,
        kind,
        actors,
        page,
        page_size,
    })
}

/// Get Interactions: the team's likes and comments on one watchlist's posts
/// (those that took effect), newest first, with totals and a 7-day graph.
#[utoipa::path(
    tag = TAG,
    security(("x_api_key" = [])),
    params(
        ("watchlist_id" = String, Query, description = "The watchlist"),
        ("interaction_type" = Option<String>, Query, description = "`like` or `comment`"),
        ("actor_ids" = Option<String>, Query, description = "Actor ids (team user ids or company slugs), comma-separated or repeated"),
        ("page" = Option<String>, Query, description = "1-based page, default 1"),
        ("page_size" = Option<String>, Query, description = "Default 10, at most 100 (larger values fall back to 10)"),
    ),
    responses(
        (status = 200, description = "A page of interactions", body = InteractionsPage),
        (status = 400, description = "`watchlist_id` missing or malformed, or a bad `interaction_type`", body = ErrorBody,
            examples(
                ("missing" = (value = json!({ "error": "watchlist_id is required and must be a string" }))),
                ("invalid" = (value = json!({ "error": "Invalid watchlist ID: abc" })))
            )),
        (status = 401, description = "API key missing or unknown", body = ErrorBody,
            example = json!({ "error": "Invalid API Key" })),
        (status = 403, description = "Plugin rule, or a watchlist of another team", body = ErrorBody,
            examples(
                ("plugin" = (value = json!({ "error": PLUGIN_REQUIRED }))),
                ("other team" = (value = json!({ "error": INTERACTIONS_DENIED })))
            )),
    )
)]
#[get("/api-interactions")]
async fn get_interactions(
    req: HttpRequest,
    state: Data<AppState>,
    query: Query<Vec<(String, String)>>,
) -> Result<HttpResponse, OutxError> {
    let Admitted {
        world,
        team,
        input:
            InteractionsQuery {
                id,
                kind,
                actors,
                page,
                page_size,
            },
    } = admit(&req, &state, Uses::SharedData, |_| {
        interactions_query(&query)
    })
    .await?;
    let now = world.now();
    let mut store = world.outx.watchlists.lock();
    let id = store
        .find(&id.to_string(), &team.id, None)
        .map_err(|e| match e {
            OutxError::Forbidden(_) => OutxError::Forbidden(INTERACTIONS_DENIED),
            _ => bad(format!("Invalid watchlist ID: {id}")),
        })?;
    settle(&world, &mut store, id, now);
    let Some(w) = store.by_id(id) else {
        return Err(bad(format!("Invalid watchlist ID: {id}")));
    };
    let done: Vec<&Interaction> = w
        .collected
        .interactions
        .iter()
        .filter(|i| i.at <= now)
        .collect();
    let today = now.date_naive();
    let mut graph: BTreeMap<chrono::NaiveDate, (usize, usize)> = (0..7)
        .filter_map(|d| today.checked_sub_days(chrono::Days::new(d)))
        .map(|d| (d, (0, 0)))
        .collect();
    for i in &done {
        if let Some(day) = graph.get_mut(&i.at.date_naive()) {
            match i.kind {
                InteractionKind::Like => day.0 += 1,
                InteractionKind::Comment => day.1 += 1,
            }
        }
    }
    let selected: Vec<&&Interaction> = done
        .iter()
        .filter(|i| kind.is_none_or(|k| i.kind == k))
        .filter(|i| actors.is_empty() || actors.contains(&i.actor.id))
        .collect();
    let total_likes = selected
        .iter()
        .filter(|i| i.kind == InteractionKind::Like)
        .count();
    let total = selected.len();
    let data: Vec<InteractionView> = selected
        .into_iter()
        .rev()
        .skip((page - 1).saturating_mul(page_size))
        .take(page_size)
        .filter_map(|i| {
            let post = w.collected.posts.iter().find(|p| p.id == i.post_id)?;
            Some(InteractionView {
                id: i.id.clone(),
                text: i.text.clone(),
                interaction_type: i.kind,
                created_at: i.at.timestamp_millis(),
                author: InteractionAuthor {
                    id: i.actor.id.clone(),
                    full_name: i.actor.full_name.clone(),
                    author_slug: i.actor.slug.clone(),
                    headline: i.actor.headline.clone(),
                    author_type: i.actor.kind,
                },
                post: w.post_at(post, now),
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(InteractionsPage {
        data,
        pagination: InteractionsPagination {
            page,
            page_size,
            total,
            total_likes,
            total_comments: total - total_likes,
        },
        graph: graph
            .into_iter()
            .map(|(d, (likes, comments))| GraphDay {
                date: d.format("%Y-%m-%d").to_string(),
                likes,
                comments,
            })
            .collect(),
    }))
}

// ------------------------------------------------------------ /api-like, /api-comment

/// What a like or comment asked for, checked.
struct Engagement {
    post_id: String,
    email: String,
    company: Option<String>,
    text: Option<String>,
}

fn engagement(m: &Map<String, Value>, kind: InteractionKind) -> Result<Engagement, OutxError> {
    let field = |k: &str| {
        m.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let post_id = field("post_id").ok_or_else(|| bad("Missing required parameter: post_id"))?;
    let email = field("user_email").ok_or_else(|| bad("Missing required parameter: user_email"))?;
    let text = if kind == InteractionKind::Comment {
        match m.get("comment_text") {
            None | Some(Value::Null) => {
                return Err(bad("Missing required parameter: comment_text"))
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                return Err(bad("comment_text cannot be empty"))
            }
            Some(Value::String(s)) if s.chars().count() > 1_250 => {
                return Err(bad("comment_text is too long (max 1250 characters)"))
            }
            Some(Value::String(s)) => Some(s.trim().to_string()),
            Some(_) => return Err(bad("Missing required parameter: comment_text")),
        }
    } else {
        None
    };
    let company = match m.get("actor_type").and_then(Value::as_str) {
        None => None,
        Some("user") => None,
        Some("company") => Some(
            field("company_title")
                .ok_or_else(|| bad("company_title is required when actor_type is 'company'"))?,
        ),
        Some(_) => return Err(bad("Invalid actor_type. Must be 'user' or 'company'")),
    };
    if m.get("actor_type")
        .is_some_and(|v| !v.is_string() && !v.is_null())
    {
        return Err(bad("Invalid actor_type. Must be 'user' or 'company'"));
    }
    Ok(Engagement {
        post_id,
        email,
        company,
        text,
    })
}

/// The actor of a like or comment: the member, or the company page named
/// `company_title` if it is the member's current company.
fn actor(world: &World, member: &Member, company: Option<&str>) -> Result<Actor, OutxError> {
    let me = li::member_card(world, &member.linkedin);
    match company {
        None => Ok(Actor {
            id: member.id.to_string(),
            full_name: member.full_name.clone(),
            slug: me.handle,
            headline: me.headline,
            kind: "user",
        }),
        Some(title) => {
            let page = me
                .company
                .filter(|(name, _)| name.eq_ignore_ascii_case(title))
                .ok_or_else(|| {
                    bad(format!(
                        "company_title '{title}' does not match a company page {} administers",
                        member.email
                    ))
                })?;
            Ok(Actor {
                id: page.1.clone(),
                full_name: page.0,
                slug: page.1,
                headline: String::new(),
                kind: "company",
            })
        }
    }
}

async fn engage(
    kind: InteractionKind,
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, OutxError> {
    let Admitted { world, team, input } = admit(&req, &state, Uses::Plugin, |_| {
        engagement(&object(&body), kind)
    })
    .await?;
    let e = input;
    let now = world.now();
    let member = team
        .member_by_email(&e.email)
        .cloned()
        .ok_or_else(|| bad(format!("User {} is not a member of this team", e.email)))?;
    let actor = actor(&world, &member, e.company.as_deref())?;
    let not_found = || OutxError::NotFound("Post not found".into());
    let post_id = Uuid::try_parse(&e.post_id).map_err(|_| not_found())?;
    let delay = Duration::seconds(
        i64::try_from(world.outx.config.feed.engagement_delay_seconds.get()).unwrap_or(0),
    );
    let task_id = world.uuid();
    let urn = {
        let mut store = world.outx.watchlists.lock();
        let day_start = now.date_naive().and_time(chrono::NaiveTime::MIN).and_utc();
        let today = store
            .all_of(&team.id)
            .iter()
            .flat_map(|w| w.collected.interactions.iter())
            .filter(|i| i.kind == kind && i.actor.id == actor.id && i.at >= day_start)
            .count();
        let (w, index) = store.find_post(&team.id, post_id).ok_or_else(not_found)?;
        let post = &w.collected.posts[index];
        let Some(urn) = post.social_urn.clone() else {
            return Err(bad(match kind {
                InteractionKind::Like => {
                    "Post does not support like functionality (missing social_urn)"
                }
                InteractionKind::Comment => {
                    "Post does not support comment functionality (missing social_urn)"
                }
            }));
        };
        if today >= DAILY_ENGAGEMENT {
            return Err(OutxError::TooManyRequests(format!(
                "Daily {} limit reached for this user ({DAILY_ENGAGEMENT} per day)",
                if kind == InteractionKind::Like {
                    "like"
                } else {
                    "comment"
                }
            )));
        }
        w.record(Interaction {
            id: format!("interaction-{}", &task_id.simple().to_string()[..12]),
            task_id,
            post_id,
            kind,
            text: e.text.clone(),
            at: now + delay,
            actor: actor.clone(),
        });
        urn
    };
    // The LinkedIn side: the same reaction or comment on the shared post.
    if actor.kind == "user" {
        let _ = match kind {
            InteractionKind::Like => li::react(&world, &member.linkedin, &urn, now),
            InteractionKind::Comment => li::comment(
                &world,
                &member.linkedin,
                &urn,
                e.text.as_deref().unwrap_or(""),
                now,
            )
            .map(|_| ()),
        };
    }
    Ok(HttpResponse::Ok().json(Queued {
        success: true,
        message: match kind {
            InteractionKind::Like => "Like task created successfully",
            InteractionKind::Comment => "Comment task created successfully",
        },
        task_id: task_id.to_string(),
    }))
}

/// Like a watchlist post: queued; the like shows in `/api-interactions` and
/// the post's counts after the scenario's engagement delay (default 30 s).
#[utoipa::path(
    tag = TAG,
    security(("x_api_key" = [])),
    request_body(content = Object, content_type = "application/json",
        example = json!({ "post_id": "123e4567-e89b-12d3-a456-426614174000", "user_email": "admin@demo.outx.test" })),
    responses(
        (status = 200, description = "Queued", body = Queued,
            example = json!({ "success": true, "message": "Like task created successfully", "task_id": "9b2e7c4d-1a3f-4e5b-8c6d-7e8f9a0b1c2d" })),
        (status = 400, description = "A missing field, a bad actor, a user outside the team, or a post that cannot be liked", body = ErrorBody,
            examples(
                ("post_id" = (value = json!({ "error": "Missing required parameter: post_id" }))),
                ("user_email" = (value = json!({ "error": "Missing required parameter: user_email" }))),
                ("actor_type" = (value = json!({ "error": "Invalid actor_type. Must be 'user' or 'company'" }))),
                ("company_title" = (value = json!({ "error": "company_title is required when actor_type is 'company'" }))),
                ("reddit" = (value = json!({ "error": "Post does not support like functionality (missing social_urn)" })))
            )),
        (status = 401, description = "API key missing or unknown", body = ErrorBody,
            example = json!({ "error": "Invalid API Key" })),
        (status = 403, description = "No team member's plugin active within the last 48 hours",
            body = ErrorBody, example = json!({ "error": PLUGIN_REQUIRED })),
        (status = 404, description = "No such post in the team's watchlists", body = ErrorBody,
            example = json!({ "error": "Post not found" })),
        (status = 429, description = "The member's daily like limit", body = ErrorBody,
            example = json!({ "error": "Daily like limit reached for this user (50 per day)" })),
    )
)]
#[post("/api-like")]
async fn like(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, OutxError> {
    engage(InteractionKind::Like, req, state, body).await
}

/// Comment on a watchlist post: queued; the comment shows in
/// `/api-interactions` and the post's counts after the engagement delay.
#[utoipa::path(
    tag = TAG,
    security(("x_api_key" = [])),
    request_body(content = Object, content_type = "application/json",
        example = json!({ "post_id": "123e4567-e89b-12d3-a456-426614174000", "user_email": "admin@demo.outx.test", "comment_text": "Great insight!" })),
    responses(
        (status = 200, description = "Queued", body = Queued,
            example = json!({ "success": true, "message": "Comment task created successfully", "task_id": "9b2e7c4d-1a3f-4e5b-8c6d-7e8f9a0b1c2d" })),
        (status = 400, description = "A missing field, a bad actor, a user outside the team, or a post that cannot take comments", body = ErrorBody,
            examples(
                ("post_id" = (value = json!({ "error": "Missing required parameter: post_id" }))),
                ("comment_text" = (value = json!({ "error": "Missing required parameter: comment_text" }))),
                ("empty" = (value = json!({ "error": "comment_text cannot be empty" }))),
                ("reddit" = (value = json!({ "error": "Post does not support comment functionality (missing social_urn)" })))
            )),
        (status = 401, description = "API key missing or unknown", body = ErrorBody,
            example = json!({ "error": "Invalid API Key" })),
        (status = 403, description = "No team member's plugin active within the last 48 hours",
            body = ErrorBody, example = json!({ "error": PLUGIN_REQUIRED })),
        (status = 404, description = "No such post in the team's watchlists", body = ErrorBody,
            example = json!({ "error": "Post not found" })),
        (status = 429, description = "The member's daily comment limit", body = ErrorBody,
            example = json!({ "error": "Daily comment limit reached for this user (50 per day)" })),
    )
)]
#[post("/api-comment")]
async fn comment(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, OutxError> {
    engage(InteractionKind::Comment, req, state, body).await
}

/// Records a like-post or comment-post on every one of the team's watchlist
/// posts with that URN (effective when the task finishes).
pub fn record_on(
    world: &World,
    team: &Team,
    member: &Member,
    urn: &str,
    kind: InteractionKind,
    text: Option<String>,
    at: DateTime<Utc>,
) {
    let card = li::member_card(world, &member.linkedin);
    let actor = Actor {
        id: member.id.to_string(),
        full_name: member.full_name.clone(),
        slug: card.handle,
        headline: card.headline,
        kind: "user",
    };
    let mut store = world.outx.watchlists.lock();
    for w in store.all_of(&team.id) {
        let ids: Vec<Uuid> = w
            .collected
            .posts
            .iter()
            .filter(|p| p.linkedin_post_urn.as_deref() == Some(urn))
            .map(|p| p.id)
            .collect();
        for post_id in ids {
            let task_id = world.uuid();
            w.record(Interaction {
                id: format!("interaction-{}", &task_id.simple().to_string()[..12]),
                task_id,
                post_id,
                kind,
                text: text.clone(),
                at,
                actor: actor.clone(),
            });
        }
    }
}
