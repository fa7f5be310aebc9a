//! Handlers of the watchlist endpoints (outx.md §4): each parses and checks
//! its body in OutX's order (key 401, plugin 403, input 400, then 402 / 403 /
//! 404 on the store), lets an injected fault strike, then calls the store.
//! The four kinds share one implementation per operation; each path has its
//! own thin, documented handler. What differs by kind is said once: which
//! body a create takes ([`draft`]) and, for people and company watchlists,
//! what they track ([`win::PROFILES`], [`win::COMPANIES`]).

use actix_web::web::{Bytes, Data};
use actix_web::{delete, get, post, put, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::{json, Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::state::{AppState, World};

use super::input::{self as win, object};
use super::{KeywordRule, Kind, Label, PendingPrompt, Store, Watchlist};
use crate::providers::outx::error::{bad, OutxError, PLUGIN_REQUIRED};
use crate::providers::outx::feed::{source::WorldSource, Collected};
use crate::providers::outx::model::ErrorBody;
use crate::providers::outx::request::{admit, Admitted, Uses};
use crate::providers::outx::team::iso_seconds;

const TAG: &str = "outx";

pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(create_keyword)
        .service(list_keyword)
        .service(update_keyword)
        .service(delete_keyword)
        .service(create_keyword_prompt)
        .service(update_keyword_prompt)
        .service(create_people)
        .service(list_people)
        .service(update_people)
        .service(delete_people)
        .service(create_company)
        .service(list_company)
        .service(update_company)
        .service(delete_company)
        .service(create_reddit)
        .service(list_reddit)
        .service(update_reddit)
        .service(delete_reddit);
}

// ------------------------------------------------------------ wire types

/// A watchlist as every GET, create and the feed describe it. Lists and the
/// single GET show the same object (mocklink's decision; the docs' list
/// items name fewer fields).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = OutxWatchlist)]
pub struct View {
    #[schema(example = "550e8400-e29b-41d4-a716-446655440000")]
    pub id: String,
    #[schema(example = "Remote Senior Jobs")]
    pub name: String,
    #[schema(example = "remote-senior-jobs-550e8400")]
    pub slug: String,
    #[serde(rename = "type")]
    pub kind: Kind,
    #[serde(rename = "fetchFreqInHours")]
    #[schema(example = 12)]
    pub fetch_freq_in_hours: u64,
    /// Paused: no fetches while true.
    pub disable: bool,
    #[schema(required = true, example = json!(null))]
    pub slack_webhook_url: Option<String>,
    #[schema(required = true, example = json!(null))]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    /// ISO 8601 seconds with `Z`.
    #[serde(rename = "createdAt")]
    #[schema(example = "2024-01-15T10:30:00Z")]
    pub created_at: String,
    pub labels: Vec<Label>,
    /// The prompt a prompt-mode watchlist was built from.
    #[schema(required = true, example = json!(null))]
    pub prompt: Option<String>,
    /// Keyword and Reddit watchlists: the tracked keywords (empty while a
    /// prompt's keywords are still being generated).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = json!(["remote senior engineer"]))]
    pub keywords: Option<Vec<String>>,
    /// Keyword and Reddit watchlists: each keyword with its rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyword_tracking: Option<Vec<KeywordRule>>,
    /// People watchlists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profiles_count: Option<usize>,
    /// Company watchlists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub companies_count: Option<usize>,
    /// People and company watchlists: who is tracked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lists: Option<Vec<Tracked>>,
    /// Posts collected so far.
    #[schema(example = 5)]
    pub posts_count: usize,
}

/// A tracked member or company page.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = OutxTracked)]
pub struct Tracked {
    #[schema(example = "williamhgates")]
    pub slug: String,
    #[schema(example = "https://www.linkedin.com/in/williamhgates")]
    pub url: String,
}

impl View {
    fn of(w: &Watchlist) -> View {
        let tracked = |prefix: &str| -> Vec<Tracked> {
            w.targets
                .iter()
                .map(|t| Tracked {
                    slug: t.clone(),
                    url: format!("https://www.linkedin.com/{prefix}/{t}"),
                })
                .collect()
        };
        View {
            id: w.id.to_string(),
            name: w.name.clone(),
            slug: w.slug.clone(),
            kind: w.kind,
            fetch_freq_in_hours: w.frequency,
            disable: w.disable,
            slack_webhook_url: w.slack_webhook_url.clone(),
            description: w.description.clone(),
            objective: w.objective.clone(),
            created_at: iso_seconds(w.created_at),
            labels: w.labels.clone(),
            prompt: w
                .prompt
                .clone()
                .or_else(|| w.pending.as_ref().map(|p| p.prompt.clone())),
            keywords: w
                .kind
                .tracks_keywords()
                .then(|| w.keywords.iter().map(|k| k.keyword.clone()).collect()),
            keyword_tracking: w.kind.tracks_keywords().then(|| w.keywords.clone()),
            profiles_count: (w.kind == Kind::People).then_some(w.targets.len()),
            companies_count: (w.kind == Kind::Company).then_some(w.targets.len()),
            lists: match w.kind {
                Kind::People => Some(tracked("in")),
                Kind::Company => Some(tracked("company")),
                _ => None,
            },
            posts_count: w.collected.posts.len(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxWatchlistList)]
pub struct List {
    pub watchlists: Vec<View>,
    #[schema(example = 1)]
    pub count: usize,
}

/// `GET` answers the list, or one watchlist when `?id=` is given.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
#[schema(as = OutxWatchlistListOrOne)]
pub enum ListOrOne {
    List(List),
    One(Box<View>),
}

/// What one keyword of a direct-mode create became.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxKeywordResult)]
pub struct KeywordResult {
    #[schema(example = "hiring")]
    pub keyword: String,
    #[schema(example = true)]
    pub created: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxWatchlistCreated)]
pub struct Created {
    #[serde(flatten)]
    pub watchlist: View,
    #[schema(example = true)]
    pub created: bool,
    /// Direct keyword mode: one entry per keyword kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyword_results: Option<Vec<KeywordResult>>,
    /// Prompt mode: keywords and labels follow in the background.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'static str>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxWatchlistUpdated)]
pub struct Updated {
    #[schema(example = "550e8400-e29b-41d4-a716-446655440000")]
    pub id: String,
    #[schema(example = "Remote Senior Jobs")]
    pub name: String,
    #[serde(rename = "fetchFreqInHours")]
    #[schema(example = 6)]
    pub fetch_freq_in_hours: u64,
    pub disable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    #[schema(example = true)]
    pub updated: bool,
    #[schema(example = "Watchlist updated successfully")]
    pub message: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxWatchlistDeleted)]
pub struct Deleted {
    #[schema(example = "550e8400-e29b-41d4-a716-446655440000")]
    pub id: String,
    #[schema(example = true)]
    pub deleted: bool,
    #[schema(example = "Watchlist and all related data deleted successfully")]
    pub message: &'static str,
}

/// Documents the keyword create body (parsed by `input`, which accepts more
/// than serde would: strings or rule objects, both exclusion spellings).
#[allow(dead_code, non_snake_case)]
#[derive(Debug, ToSchema)]
#[schema(as = OutxKeywordWatchlistCreate)]
pub struct KeywordCreateBody {
    /// Direct mode: keywords (strings or `{keyword, required_keywords,
    /// excluded_keywords | exclude_keywords, include_all_required}`).
    #[schema(value_type = Option<Vec<Object>>, example = json!(["hiring"]))]
    keywords: Option<Vec<Value>>,
    /// Prompt mode: a plain-English description (not with `keywords`).
    #[schema(example = "people asking for a CRM")]
    prompt: Option<String>,
    name: Option<String>,
    description: Option<String>,
    objective: Option<String>,
    /// Names or `{name | key, description, default}`; at most two default.
    #[schema(value_type = Option<Vec<Object>>)]
    labels: Option<Vec<Value>>,
    /// 1, 3, 6, 12, 24, 48 or 72.
    #[schema(example = 12)]
    fetchFreqInHours: Option<u64>,
    slack_webhook_url: Option<String>,
}

/// Documents the people / company create body.
#[allow(dead_code, non_snake_case)]
#[derive(Debug, ToSchema)]
#[schema(as = OutxTrackedWatchlistCreate)]
pub struct TrackedCreateBody {
    /// People watchlists: profile URLs or public ids.
    #[schema(example = json!(["williamhgates", "https://www.linkedin.com/in/anandi-devi"]))]
    profiles: Option<Vec<String>>,
    /// Company watchlists: company page URLs or slugs.
    #[schema(example = json!(["microsoft"]))]
    companies: Option<Vec<String>>,
    name: Option<String>,
    description: Option<String>,
    #[schema(value_type = Option<Vec<Object>>)]
    labels: Option<Vec<Value>>,
    #[schema(example = 24)]
    fetchFreqInHours: Option<u64>,
}

/// Documents the update body.
#[allow(dead_code, non_snake_case)]
#[derive(Debug, ToSchema)]
#[schema(as = OutxWatchlistUpdate)]
pub struct UpdateBody {
    #[schema(example = "550e8400-e29b-41d4-a716-446655440000")]
    id: String,
    name: Option<String>,
    #[schema(example = 6)]
    fetchFreqInHours: Option<u64>,
    disable: Option<bool>,
    /// null clears it.
    slack_webhook_url: Option<String>,
    /// Keyword and Reddit: replaces the keywords (or adds to them with `append`).
    #[schema(value_type = Option<Vec<Object>>)]
    keywords: Option<Vec<Value>>,
    append: Option<bool>,
    #[schema(value_type = Option<Vec<Object>>)]
    labels: Option<Vec<Value>>,
    /// Keyword and Reddit: regenerate keywords and labels (not with patch fields).
    prompt: Option<String>,
}

/// Documents the DELETE body (the id may come as `?id=` instead).
#[allow(dead_code, non_snake_case)]
#[derive(Debug, ToSchema)]
#[schema(as = OutxWatchlistDelete)]
pub struct DeleteBody {
    #[schema(example = "550e8400-e29b-41d4-a716-446655440000")]
    id: Option<String>,
}

#[allow(dead_code, non_snake_case)]
#[derive(Debug, ToSchema)]
#[schema(as = OutxPromptCreate)]
pub struct PromptCreateBody {
    #[schema(example = "people asking for an open-source CRM")]
    prompt: String,
    name: Option<String>,
    #[schema(example = 12)]
    fetchFreqInHours: Option<u64>,
}

#[allow(dead_code, non_snake_case)]
#[derive(Debug, ToSchema)]
#[schema(as = OutxPromptUpdate)]
pub struct PromptUpdateBody {
    #[schema(example = "550e8400-e29b-41d4-a716-446655440000")]
    id: String,
    #[schema(example = "founders asking for an open-source CRM")]
    prompt: String,
}

// ------------------------------------------------------------ the operations

const PROMPT_MESSAGE: &str =
    "Watchlist created. Keywords and labels are being generated in the background.";
const UPDATED: &str = "Watchlist updated successfully";
const DELETED: &str = "Watchlist and all related data deleted successfully";

/// What a create asked for, checked.
struct Draft {
    name: Option<String>,
    description: Option<String>,
    objective: Option<String>,
    frequency: Option<u64>,
    labels: Vec<Label>,
    webhook: Option<String>,
    keywords: Vec<KeywordRule>,
    targets: Vec<String>,
    prompt: Option<String>,
}

fn common(m: &Map<String, Value>) -> Result<Draft, OutxError> {
    Ok(Draft {
        name: win::optional_text(m, "name")?,
        description: win::optional_text(m, "description")?,
        objective: win::optional_text(m, "objective")?,
        frequency: win::frequency(m)?,
        labels: match m.get("labels") {
            None | Some(Value::Null) => Vec::new(),
            Some(v) => win::labels(v)?,
        },
        webhook: win::webhook(m)?.flatten(),
        keywords: Vec::new(),
        targets: Vec::new(),
        prompt: None,
    })
}

/// Keyword and Reddit creates: `keywords` (direct) or `prompt`, not both.
fn keyword_draft(m: &Map<String, Value>) -> Result<Draft, OutxError> {
    let has_keywords = m.get("keywords").is_some_and(|v| !v.is_null());
    let has_prompt = m.get("prompt").is_some_and(|v| !v.is_null());
    let mut d = common(m)?;
    match (has_keywords, has_prompt) {
        (true, true) => return Err(bad(win::BOTH_MODES)),
        (false, true) => d.prompt = Some(win::prompt(m.get("prompt"))?),
        (_, false) => d.keywords = win::keyword_rules(m.get("keywords").unwrap_or(&Value::Null))?,
    }
    Ok(d)
}

/// People and company creates: what they track, then the common fields.
fn tracked_draft(targets: &win::Targets, m: &Map<String, Value>) -> Result<Draft, OutxError> {
    let targets = win::targets(m, targets)?;
    let mut d = common(m)?;
    d.targets = targets;
    Ok(d)
}

/// The keyword prompt create: only `prompt` besides the common fields.
fn prompt_draft(m: &Map<String, Value>) -> Result<Draft, OutxError> {
    let mut d = common(m)?;
    d.prompt = Some(win::prompt(m.get("prompt"))?);
    Ok(d)
}

/// A create's body, checked by the rules of its kind (and of the prompt
/// route).
fn draft(kind: Kind, m: &Map<String, Value>, prompt_only: bool) -> Result<Draft, OutxError> {
    match kind {
        _ if prompt_only => prompt_draft(m),
        Kind::Keyword | Kind::Reddit => keyword_draft(m),
        Kind::People => tracked_draft(&win::PROFILES, m),
        Kind::Company => tracked_draft(&win::COMPANIES, m),
    }
}

/// A name when the client gave none: the first keyword or tracked id, and
/// how many more there are.
fn default_name(kind: Kind, d: &Draft) -> String {
    let firsts: Vec<&str> = if let Some(p) = &d.prompt {
        return p.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
    } else if kind.tracks_keywords() {
        d.keywords.iter().map(|k| k.keyword.as_str()).collect()
    } else {
        d.targets.iter().map(String::as_str).collect()
    };
    match firsts.as_slice() {
        [] => format!("{} watchlist", kind.as_str()),
        [one] => (*one).to_string(),
        [one, rest @ ..] => format!("{one} and {} more", rest.len()),
    }
}

fn prompt_delay(world: &World) -> Duration {
    let s = world.outx.config.feed.prompt_delay_seconds.get();
    Duration::seconds(i64::try_from(s).unwrap_or(0))
}

async fn create(
    kind: Kind,
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
    prompt_only: bool,
) -> Result<HttpResponse, OutxError> {
    let Admitted { world, team, input } = admit(&req, &state, Uses::SharedData, |_| {
        draft(kind, &object(&body), prompt_only)
    })
    .await?;
    let now = world.now();
    let id = world.uuid();
    let name = input
        .name
        .clone()
        .unwrap_or_else(|| default_name(kind, &input));
    let frequency = input.frequency.unwrap_or(kind.default_frequency());
    let keyword_results = (input.prompt.is_none() && kind.tracks_keywords()).then(|| {
        input
            .keywords
            .iter()
            .map(|k| KeywordResult {
                keyword: k.keyword.clone(),
                created: true,
            })
            .collect()
    });
    let w = Watchlist {
        id,
        team: team.id.clone(),
        kind,
        slug: super::slug(&name, id),
        name,
        description: input.description,
        objective: input.objective,
        created_at: now,
        frequency,
        disable: false,
        slack_webhook_url: input.webhook,
        keywords: input.keywords,
        targets: input.targets,
        labels: input.labels,
        prompt: None,
        pending: input.prompt.map(|prompt| PendingPrompt {
            prompt,
            ready_at: now + prompt_delay(&world),
        }),
        collected: Collected::new(now),
    };
    let is_prompt = w.pending.is_some();
    let view = {
        let mut store = world.outx.watchlists.lock();
        let id = store.create(w, team.plan.watchlist_limit)?;
        // The first fetch runs at once, at creation.
        settle(&world, &mut store, id, now);
        store
            .by_id(id)
            .map(View::of)
            .ok_or_else(|| OutxError::NotFound("Watchlist not found".into()))?
    };
    Ok(HttpResponse::Ok().json(Created {
        watchlist: view,
        created: true,
        keyword_results,
        message: is_prompt.then_some(PROMPT_MESSAGE),
    }))
}

/// Brings watchlist `id`'s feed up to `now` before it is shown or changed,
/// within the world's post budget ([`super::MAX_FEED_POSTS`]).
pub fn settle(world: &World, store: &mut Store, id: Uuid, now: DateTime<Utc>) {
    let feed = &world.outx.config.feed;
    let room = store.room(id);
    if let Some(w) = store.by_id_mut(id) {
        w.fetch_due(
            now,
            feed.posts_per_batch.as_usize(),
            feed.max_posts_per_watchlist.as_usize().min(room),
            &WorldSource(world),
        );
    }
}

async fn list(
    kind: Kind,
    req: HttpRequest,
    state: Data<AppState>,
) -> Result<HttpResponse, OutxError> {
    let Admitted { world, team, input } = admit(&req, &state, Uses::SharedData, |_| {
        Ok(win::id_from(req.query_string(), b""))
    })
    .await?;
    let now = world.now();
    let mut store = world.outx.watchlists.lock();
    if let Some(id) = input {
        let id = store.find(&id, &team.id, Some(kind))?;
        settle(&world, &mut store, id, now);
        let view = store.by_id(id).map(View::of);
        return Ok(HttpResponse::Ok().json(ListOrOne::One(Box::new(
            view.ok_or_else(|| OutxError::NotFound("Watchlist not found".into()))?,
        ))));
    }
    let views: Vec<View> = store
        .ids(&team.id, Some(kind))
        .into_iter()
        .filter_map(|id| {
            settle(&world, &mut store, id, now);
            store.by_id(id).map(View::of)
        })
        .collect();
    Ok(HttpResponse::Ok().json(ListOrOne::List(List {
        count: views.len(),
        watchlists: views,
    })))
}

/// What an update changes, checked before anything is looked up.
#[derive(Default)]
struct Patch {
    name: Option<String>,
    frequency: Option<u64>,
    disable: Option<bool>,
    webhook: Option<Option<String>>,
    keywords: Option<Vec<KeywordRule>>,
    append: bool,
    labels: Option<Vec<Label>>,
    prompt: Option<String>,
}

fn patch(kind: Kind, m: &Map<String, Value>, prompt_only: bool) -> Result<Patch, OutxError> {
    if prompt_only {
        return Ok(Patch {
            prompt: Some(win::prompt(m.get("prompt"))?),
            ..Patch::default()
        });
    }
    let mut p = Patch {
        name: match m.get("name") {
            None => None,
            Some(v) => Some(
                v.as_str()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| bad(win::NAME_EMPTY))?
                    .chars()
                    .take(win::MAX_TEXT)
                    .collect(),
            ),
        },
        frequency: win::frequency(m)?,
        disable: win::flag(m, "disable", win::DISABLE_BOOL)?,
        webhook: win::webhook(m)?,
        ..Patch::default()
    };
    if kind.tracks_keywords() {
        if let Some(v) = m.get("keywords").filter(|v| !v.is_null()) {
            p.keywords = Some(win::keyword_rules(v)?);
        }
        p.append = m.get("append").and_then(Value::as_bool).unwrap_or(false);
        if let Some(v) = m.get("labels").filter(|v| !v.is_null()) {
            p.labels = Some(win::labels(v)?);
        }
        if m.get("prompt").is_some_and(|v| !v.is_null()) {
            p.prompt = Some(win::prompt(m.get("prompt"))?);
        }
    }
    let patched = p.name.is_some()
        || p.frequency.is_some()
        || p.disable.is_some()
        || p.webhook.is_some()
        || p.keywords.is_some()
        || p.labels.is_some();
    if patched && p.prompt.is_some() {
        return Err(bad(win::PATCH_AND_PROMPT));
    }
    if !patched && p.prompt.is_none() {
        return Err(bad(win::NO_UPDATE_FIELDS));
    }
    Ok(p)
}

fn required_id(m: &Map<String, Value>) -> Result<String, OutxError> {
    m.get("id")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .ok_or_else(|| bad(win::MISSING_ID))
}

async fn update(
    kind: Kind,
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
    prompt_only: bool,
) -> Result<HttpResponse, OutxError> {
    let Admitted { world, team, input } = admit(&req, &state, Uses::SharedData, |_| {
        let m = object(&body);
        Ok((required_id(&m)?, patch(kind, &m, prompt_only)?))
    })
    .await?;
    let (id, p) = input;
    let now = world.now();
    let mut store = world.outx.watchlists.lock();
    let id = store.find(&id, &team.id, Some(kind)).map_err(|e| {
        if prompt_only {
            OutxError::NotFound("Watchlist not found or access denied".into())
        } else {
            e
        }
    })?;
    settle(&world, &mut store, id, now);
    let w = store
        .by_id_mut(id)
        .ok_or_else(|| OutxError::NotFound("Watchlist not found".into()))?;
    apply(&world, w, p, now);
    Ok(HttpResponse::Ok().json(Updated {
        id: w.id.to_string(),
        name: w.name.clone(),
        fetch_freq_in_hours: w.frequency,
        disable: w.disable,
        prompt: w.pending.as_ref().map(|p| p.prompt.clone()),
        updated: true,
        message: UPDATED,
    }))
}

fn apply(world: &World, w: &mut Watchlist, p: Patch, now: DateTime<Utc>) {
    if let Some(name) = p.name {
        w.slug = super::slug(&name, w.id);
        w.name = name;
    }
    if let Some(f) = p.frequency {
        w.set_frequency(f);
    }
    if let Some(d) = p.disable {
        w.set_disabled(d, now);
    }
    if let Some(h) = p.webhook {
        w.slack_webhook_url = h;
    }
    if let Some(k) = p.keywords {
        if p.append {
            for rule in k {
                let lower = rule.keyword.to_lowercase();
                if !w.keywords.iter().any(|r| r.keyword.to_lowercase() == lower)
                    && w.keywords.len() < win::MAX_KEYWORDS
                {
                    w.keywords.push(rule);
                }
            }
        } else {
            // Collected posts are kept (outx.md §4.3).
            w.keywords = k;
        }
    }
    if let Some(l) = p.labels {
        w.labels = l;
    }
    if let Some(prompt) = p.prompt {
        w.pending = Some(PendingPrompt {
            prompt,
            ready_at: now + prompt_delay(world),
        });
    }
}

async fn remove(
    kind: Kind,
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, OutxError> {
    let Admitted { world, team, input } = admit(&req, &state, Uses::SharedData, |_| {
        win::id_from(req.query_string(), &body).ok_or_else(|| bad(win::MISSING_ID))
    })
    .await?;
    let w = world
        .outx
        .watchlists
        .lock()
        .delete(&input, &team.id, kind)?;
    Ok(HttpResponse::Ok().json(Deleted {
        id: w.id.to_string(),
        deleted: true,
        message: DELETED,
    }))
}

// ------------------------------------------------------------ handlers

/// Create Keyword Watchlist: track LinkedIn posts by keywords (direct mode)
/// or by a plain-English `prompt` whose keywords and labels follow a few
/// seconds later.
#[utoipa::path(
    tag = TAG, security(("x_api_key" = [])),
    request_body(content = KeywordCreateBody, content_type = "application/json",
        examples(
            ("direct" = (value = json!({ "keywords": ["hiring"], "fetchFreqInHours": 6 }))),
            ("rules" = (value = json!({ "keywords": [{ "keyword": "crm", "required_keywords": ["open source"], "excluded_keywords": ["salesforce"] }] }))),
            ("prompt" = (value = json!({ "prompt": "people asking for a CRM" })))
        )),
    responses(
        (status = 200, description = "Created; the first fetch ran at once", body = Created,
            example = json!({
                "id": "550e8400-e29b-41d4-a716-446655440000", "name": "hiring", "slug": "hiring-550e8400",
                "type": "keyword", "fetchFreqInHours": 6, "disable": false, "slack_webhook_url": null,
                "description": null, "createdAt": "2024-01-15T10:30:00Z", "labels": [], "prompt": null,
                "keywords": ["hiring"],
                "keyword_tracking": [{ "keyword": "hiring", "required_keywords": [], "excluded_keywords": [], "include_all_required": false }],
                "posts_count": 5, "created": true,
                "keyword_results": [{ "keyword": "hiring", "created": true }]
            })),
        (status = 400, description = "Bad body", body = ErrorBody, examples(
            ("no keywords" = (value = json!({ "error": win::KEYWORDS_REQUIRED }))),
            ("cleaned away" = (value = json!({ "error": win::NO_VALID_KEYWORDS }))),
            ("frequency" = (value = json!({ "error": win::INVALID_FREQ }))),
            ("prompt" = (value = json!({ "error": win::PROMPT_REQUIRED }))),
            ("both" = (value = json!({ "error": win::BOTH_MODES })))
        )),
        (status = 401, description = "API key missing or unknown", body = ErrorBody,
            example = json!({ "error": "Invalid API Key" })),
        (status = 402, description = "The plan's watchlist limit is reached", body = ErrorBody,
            example = json!({ "error": "Your plan includes up to 10 watchlists. Upgrade your plan or delete a watchlist to create a new one." })),
        (status = 403, description = "Plugin rule (teams sharing data globally are exempt)", body = ErrorBody,
            example = json!({ "error": PLUGIN_REQUIRED })),
    )
)]
#[post("/api-keyword-watchlist")]
async fn create_keyword(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, OutxError> {
    create(Kind::Keyword, req, state, body, false).await
}

/// Create Keyword Watchlist by prompt: keywords and labels are generated in
/// the background from the prompt.
#[utoipa::path(
    tag = TAG, security(("x_api_key" = [])),
    request_body(content = PromptCreateBody, content_type = "application/json",
        example = json!({ "prompt": "people asking for an open-source CRM", "fetchFreqInHours": 12 })),
    responses(
        (status = 200, description = "Created; keywords follow", body = Created,
            example = json!({
                "id": "550e8400-e29b-41d4-a716-446655440000", "name": "people asking for an open-source CRM",
                "slug": "people-asking-for-an-open-source-crm-550e8400", "type": "keyword", "fetchFreqInHours": 12,
                "disable": false, "slack_webhook_url": null, "description": null, "createdAt": "2024-01-15T10:30:00Z",
                "labels": [], "prompt": "people asking for an open-source CRM", "keywords": [], "keyword_tracking": [],
                "posts_count": 0, "created": true, "message": PROMPT_MESSAGE
            })),
        (status = 400, description = "Bad body", body = ErrorBody, examples(
            ("prompt" = (value = json!({ "error": win::PROMPT_REQUIRED }))),
            ("frequency" = (value = json!({ "error": win::INVALID_FREQ })))
        )),
        (status = 401, description = "API key missing or unknown", body = ErrorBody,
            example = json!({ "error": "Invalid API Key" })),
        (status = 402, description = "The plan's watchlist limit is reached", body = ErrorBody,
            example = json!({ "error": "Your plan includes up to 10 watchlists. Upgrade your plan or delete a watchlist to create a new one." })),
        (status = 403, description = "Plugin rule", body = ErrorBody, example = json!({ "error": PLUGIN_REQUIRED })),
    )
)]
#[post("/api-keyword-watchlist-prompt")]
async fn create_keyword_prompt(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, OutxError> {
    create(Kind::Keyword, req, state, body, true).await
}

/// Update Keyword Watchlist by prompt: keywords and labels are regenerated
/// in the background.
#[utoipa::path(
    tag = TAG, security(("x_api_key" = [])),
    request_body(content = PromptUpdateBody, content_type = "application/json",
        example = json!({ "id": "550e8400-e29b-41d4-a716-446655440000", "prompt": "founders asking for an open-source CRM" })),
    responses(
        (status = 200, description = "Updated; keywords follow", body = Updated,
            example = json!({ "id": "550e8400-e29b-41d4-a716-446655440000", "name": "crm", "fetchFreqInHours": 12,
                "disable": false, "prompt": "founders asking for an open-source CRM", "updated": true, "message": UPDATED })),
        (status = 400, description = "Bad body", body = ErrorBody, examples(
            ("id" = (value = json!({ "error": win::MISSING_ID }))),
            ("prompt" = (value = json!({ "error": win::PROMPT_REQUIRED })))
        )),
        (status = 401, description = "API key missing or unknown", body = ErrorBody,
            example = json!({ "error": "Invalid API Key" })),
        (status = 403, description = "Plugin rule", body = ErrorBody, example = json!({ "error": PLUGIN_REQUIRED })),
        (status = 404, description = "No such keyword watchlist of this team", body = ErrorBody,
            example = json!({ "error": "Watchlist not found or access denied" })),
    )
)]
#[put("/api-keyword-watchlist-prompt")]
async fn update_keyword_prompt(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, OutxError> {
    update(Kind::Keyword, req, state, body, true).await
}

macro_rules! list_handler {
    (#[$method:ident($path:literal)] $fn:ident, $kind:expr, $what:literal) => {
        #[doc = concat!("List ", $what, " watchlists, or one with `?id=`.")]
        #[utoipa::path(
            tag = TAG, security(("x_api_key" = [])),
            params(("id" = Option<String>, Query, description = "A watchlist id: answer that one watchlist")),
            responses(
                (status = 200, description = "The team's watchlists of this kind, or the one asked for", body = ListOrOne),
                (status = 401, description = "API key missing or unknown", body = ErrorBody,
                    example = json!({ "error": "Invalid API Key" })),
                (status = 403, description = "Plugin rule, or another team's watchlist", body = ErrorBody,
                    example = json!({ "error": "Access denied" })),
                (status = 404, description = "No such watchlist of this kind", body = ErrorBody,
                    example = json!({ "error": "Watchlist not found" })),
            )
        )]
        #[$method($path)]
        async fn $fn(req: HttpRequest, state: Data<AppState>) -> Result<HttpResponse, OutxError> {
            list($kind, req, state).await
        }
    };
}

macro_rules! update_handler {
    (#[$method:ident($path:literal)] $fn:ident, $kind:expr, $what:literal) => {
        #[doc = concat!("Update a ", $what, " watchlist: send only what changes.")]
        #[utoipa::path(
            tag = TAG, security(("x_api_key" = [])),
            request_body(content = UpdateBody, content_type = "application/json",
                example = json!({ "id": "550e8400-e29b-41d4-a716-446655440000", "fetchFreqInHours": 6, "disable": false })),
            responses(
                (status = 200, description = "Updated", body = Updated,
                    example = json!({ "id": "550e8400-e29b-41d4-a716-446655440000", "name": "hiring",
                        "fetchFreqInHours": 6, "disable": false, "updated": true, "message": UPDATED })),
                (status = 400, description = "Bad body", body = ErrorBody, examples(
                    ("id" = (value = json!({ "error": win::MISSING_ID }))),
                    ("frequency" = (value = json!({ "error": win::INVALID_FREQ }))),
                    ("name" = (value = json!({ "error": win::NAME_EMPTY }))),
                    ("nothing" = (value = json!({ "error": win::NO_UPDATE_FIELDS }))),
                    ("disable" = (value = json!({ "error": win::DISABLE_BOOL })))
                )),
                (status = 401, description = "API key missing or unknown", body = ErrorBody,
                    example = json!({ "error": "Invalid API Key" })),
                (status = 403, description = "Plugin rule, or another team's watchlist", body = ErrorBody,
                    example = json!({ "error": "Access denied" })),
                (status = 404, description = "No such watchlist of this kind", body = ErrorBody,
                    example = json!({ "error": "Watchlist not found" })),
            )
        )]
        #[$method($path)]
        async fn $fn(req: HttpRequest, state: Data<AppState>, body: Bytes) -> Result<HttpResponse, OutxError> {
            update($kind, req, state, body, false).await
        }
    };
}

macro_rules! delete_handler {
    (#[$method:ident($path:literal)] $fn:ident, $kind:expr, $what:literal) => {
        #[doc = concat!("Delete a ", $what, " watchlist with its posts and interactions. The id comes as `?id=` or in the JSON body.")]
        #[utoipa::path(
            tag = TAG, security(("x_api_key" = [])),
            params(("id" = Option<String>, Query, description = "The watchlist id (or send it in the body)")),
            request_body(content = Option<DeleteBody>, content_type = "application/json",
                example = json!({ "id": "550e8400-e29b-41d4-a716-446655440000" })),
            responses(
                (status = 200, description = "Deleted", body = Deleted,
                    example = json!({ "id": "550e8400-e29b-41d4-a716-446655440000", "deleted": true, "message": DELETED })),
                (status = 400, description = "No id", body = ErrorBody, example = json!({ "error": win::MISSING_ID })),
                (status = 401, description = "API key missing or unknown", body = ErrorBody,
                    example = json!({ "error": "Invalid API Key" })),
                (status = 403, description = "Plugin rule, or another team's watchlist", body = ErrorBody,
                    example = json!({ "error": "Access denied" })),
                (status = 404, description = "No such watchlist of this kind", body = ErrorBody,
                    example = json!({ "error": "Watchlist not found" })),
            )
        )]
        #[$method($path)]
        async fn $fn(req: HttpRequest, state: Data<AppState>, body: Bytes) -> Result<HttpResponse, OutxError> {
            remove($kind, req, state, body).await
        }
    };
}

macro_rules! create_tracked_handler {
    (#[$method:ident($path:literal)] $fn:ident, $kind:expr, $what:literal, $field:literal, $example:expr, $targets:path) => {
        #[doc = concat!("Create a ", $what, " watchlist: track what the listed ", $what, " pages or members post.")]
        #[utoipa::path(
            tag = TAG, security(("x_api_key" = [])),
            request_body(content = TrackedCreateBody, content_type = "application/json", example = json!({ $field: $example })),
            responses(
                (status = 200, description = "Created; the first fetch ran at once", body = Created),
                (status = 400, description = "Bad body", body = ErrorBody, examples(
                    ("missing" = (value = json!({ "error": $targets.required }))),
                    ("none valid" = (value = json!({ "error": $targets.none_valid }))),
                    ("frequency" = (value = json!({ "error": win::INVALID_FREQ })))
                )),
                (status = 401, description = "API key missing or unknown", body = ErrorBody,
                    example = json!({ "error": "Invalid API Key" })),
                (status = 402, description = "The plan's watchlist limit is reached", body = ErrorBody,
                    example = json!({ "error": "Your plan includes up to 10 watchlists. Upgrade your plan or delete a watchlist to create a new one." })),
                (status = 403, description = "Plugin rule", body = ErrorBody, example = json!({ "error": PLUGIN_REQUIRED })),
            )
        )]
        #[$method($path)]
        async fn $fn(req: HttpRequest, state: Data<AppState>, body: Bytes) -> Result<HttpResponse, OutxError> {
            create($kind, req, state, body, false).await
        }
    };
}

list_handler!(
    #[get("/api-keyword-watchlist")]
    list_keyword,
    Kind::Keyword,
    "keyword"
);
update_handler!(
    #[put("/api-keyword-watchlist")]
    update_keyword,
    Kind::Keyword,
    "keyword"
);
delete_handler!(
    #[delete("/api-keyword-watchlist")]
    delete_keyword,
    Kind::Keyword,
    "keyword"
);

create_tracked_handler!(
    #[post("/api-people-watchlist")]
    create_people,
    Kind::People,
    "people",
    "profiles",
    json!(["williamhgates", "https://www.linkedin.com/in/anandi-devi"]),
    win::PROFILES
);
list_handler!(
    #[get("/api-people-watchlist")]
    list_people,
    Kind::People,
    "people"
);
update_handler!(
    #[put("/api-people-watchlist")]
    update_people,
    Kind::People,
    "people"
);
delete_handler!(
    #[delete("/api-people-watchlist")]
    delete_people,
    Kind::People,
    "people"
);

create_tracked_handler!(
    #[post("/api-company-watchlist")]
    create_company,
    Kind::Company,
    "company",
    "companies",
    json!(["microsoft"]),
    win::COMPANIES
);
list_handler!(
    #[get("/api-company-watchlist")]
    list_company,
    Kind::Company,
    "company"
);
update_handler!(
    #[put("/api-company-watchlist")]
    update_company,
    Kind::Company,
    "company"
);
delete_handler!(
    #[delete("/api-company-watchlist")]
    delete_company,
    Kind::Company,
    "company"
);

/// Create Reddit Watchlist: track Reddit posts by keywords or a prompt, as a
/// keyword watchlist does (default `fetchFreqInHours` 24).
#[utoipa::path(
    tag = TAG, security(("x_api_key" = [])),
    request_body(content = KeywordCreateBody, content_type = "application/json",
        examples(
            ("direct" = (value = json!({ "keywords": ["crm"], "fetchFreqInHours": 24 }))),
            ("prompt" = (value = json!({ "prompt": "founders asking for a CRM" })))
        )),
    responses(
        (status = 200, description = "Created; the first fetch ran at once", body = Created),
        (status = 400, description = "Bad body", body = ErrorBody, examples(
            ("no keywords" = (value = json!({ "error": win::KEYWORDS_REQUIRED }))),
            ("frequency" = (value = json!({ "error": win::INVALID_FREQ }))),
            ("prompt" = (value = json!({ "error": win::PROMPT_REQUIRED })))
        )),
        (status = 401, description = "API key missing or unknown", body = ErrorBody,
            example = json!({ "error": "Invalid API Key" })),
        (status = 402, description = "The plan's watchlist limit is reached", body = ErrorBody,
            example = json!({ "error": "Your plan includes up to 10 watchlists. Upgrade your plan or delete a watchlist to create a new one." })),
        (status = 403, description = "Plugin rule (teams sharing data globally are exempt)", body = ErrorBody,
            example = json!({ "error": PLUGIN_REQUIRED })),
    )
)]
#[post("/api-reddit-watchlist")]
async fn create_reddit(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, OutxError> {
    create(Kind::Reddit, req, state, body, false).await
}
list_handler!(
    #[get("/api-reddit-watchlist")]
    list_reddit,
    Kind::Reddit,
    "reddit"
);
update_handler!(
    #[put("/api-reddit-watchlist")]
    update_reddit,
    Kind::Reddit,
    "reddit"
);
delete_handler!(
    #[delete("/api-reddit-watchlist")]
    delete_reddit,
    Kind::Reddit,
    "reddit"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_name_the_first_item_and_count_the_rest() {
        let mut d = common(&Map::new()).unwrap();
        d.keywords = vec![
            KeywordRule::plain("a".into()),
            KeywordRule::plain("b".into()),
        ];
        assert_eq!(default_name(Kind::Keyword, &d), "a and 1 more");
        d.targets = vec!["x".into()];
        assert_eq!(default_name(Kind::People, &d), "x");
    }

    #[test]
    fn an_update_needs_a_field_and_not_both_modes() {
        let m = |v: Value| v.as_object().cloned().unwrap();
        assert!(matches!(
            patch(Kind::Keyword, &m(serde_json::json!({ "id": "x" })), false),
            Err(OutxError::BadRequest(s)) if s == win::NO_UPDATE_FIELDS
        ));
        assert!(matches!(
            patch(Kind::Keyword, &m(serde_json::json!({ "name": "n", "prompt": "p" })), false),
            Err(OutxError::BadRequest(s)) if s == win::PATCH_AND_PROMPT
        ));
        assert!(matches!(
            patch(Kind::People, &m(serde_json::json!({ "disable": "yes" })), false),
            Err(OutxError::BadRequest(s)) if s == win::DISABLE_BOOL
        ));
        assert!(matches!(
            patch(Kind::People, &m(serde_json::json!({ "name": "" })), false),
            Err(OutxError::BadRequest(s)) if s == win::NAME_EMPTY
        ));
    }
}
