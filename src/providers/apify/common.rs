//! Request steps every Apify handler shares: the query, the token, query
//! booleans and numbers as the official clients send them, injected faults,
//! `waitForFinish`, and answers in Apify's shapes. Also the macro that
//! declares a route once per path form.

use std::collections::HashMap;
use std::time::{Duration as StdDuration, Instant};

use actix_web::http::{header, StatusCode};
use actix_web::web;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use super::error::ApifyError;
use super::record::RunRecord;
use crate::scenario::ProviderName;
use crate::state::World;

pub const TAG: &str = "apify";
/// Longest `waitForFinish` honoured, in seconds (Apify's limit).
pub const MAX_WAIT_SECS: f64 = 60.0;
/// Real time between looks at the clock while waiting or streaming.
pub const POLL: StdDuration = StdDuration::from_millis(50);

pub type Query = HashMap<String, String>;
pub type Result<T> = std::result::Result<T, ApifyError>;

/// Declares handlers with their OpenAPI operation, one per path: every
/// handler takes the request, the app state and the body, and delegates to a
/// plain async function of the same three that returns [`Result`]; the
/// handler answers its error in Apify's shape. So the `/v2/acts/…` and
/// `/v2/actors/…` forms of a route share one declaration:
/// `get ["/v2/acts/{actor}" => acts_get, "/v2/actors/{actor}" => actors_get] = get_actor { …utoipa… }`.
///
/// A run's resource (dataset, key-value store, log) is reached by several
/// path forms, each with its own security and path parameter; there each
/// path names its form and the spec starts with the route's other
/// parameters, which follow the form's:
/// `get ["/v2/datasets/{datasetId}" => datasets_get: by_id("datasetId", "…"),
/// "/v2/actor-runs/{runId}/dataset" => actor_runs_dataset_get: by_run,
/// "/v2/acts/{actor}/runs/last/dataset" => acts_last_dataset_get: last_run]
/// = get_dataset { params(ObjectQuery), …utoipa… }`.
macro_rules! routes {
    () => {};
    ($method:ident [$($path:literal => $name:ident : $form:ident $(($($form_args:tt)*))?),+ $(,)?]
        = $handler:ident $spec:tt $($rest:tt)*) => {
        $(
            $crate::providers::apify::common::routes!(@form $form $(($($form_args)*))?
                $method $path $name $handler $spec);
        )+
        $crate::providers::apify::common::routes!($($rest)*);
    };
    ($method:ident [$($path:literal => $name:ident),+ $(,)?] = $handler:ident { $($spec:tt)* } $($rest:tt)*) => {
        $crate::providers::apify::common::routes!(@each $method $handler { $($spec)* } $($path => $name),+);
        $crate::providers::apify::common::routes!($($rest)*);
    };
    // By the resource's own id: the id is the secret, a token is optional.
    (@form by_id ($param:tt, $about:tt) $method:ident $path:literal $name:ident $handler:ident { params($($params:tt)*), $($spec:tt)* }) => {
        $crate::providers::apify::common::routes!(@one $method $path $name $handler {
            security((), ("apify_token" = []), ("bearer" = [])),
            params(($param = String, Path, description = $about), $($params)*),
            $($spec)*
        });
    };
    // Through the run's id: a token is optional.
    (@form by_run $method:ident $path:literal $name:ident $handler:ident { params($($params:tt)*), $($spec:tt)* }) => {
        $crate::providers::apify::common::routes!(@one $method $path $name $handler {
            security((), ("apify_token" = []), ("bearer" = [])),
            params(("runId" = String, Path, description = "Run id"), $($params)*),
            $($spec)*
        });
    };
    // Through the actor's last run: the token says whose.
    (@form last_run $method:ident $path:literal $name:ident $handler:ident { params($($params:tt)*), $($spec:tt)* }) => {
        $crate::providers::apify::common::routes!(@one $method $path $name $handler {
            security(("apify_token" = []), ("bearer" = [])),
            params(("actor" = String, Path, example = "atomus~linkedin-profile-scraper"), $($params)*),
            $($spec)*
        });
    };
    (@each $method:ident $handler:ident $spec:tt $($path:literal => $name:ident),+) => {
        $( $crate::providers::apify::common::routes!(@one $method $path $name $handler $spec); )+
    };
    (@one $method:ident $path:literal $name:ident $handler:ident { $($spec:tt)* }) => {
        #[utoipa::path(tag = $crate::providers::apify::common::TAG, $($spec)*)]
        #[$method($path)]
        pub async fn $name(
            req: actix_web::HttpRequest,
            state: actix_web::web::Data<$crate::state::AppState>,
            body: $crate::providers::apify::common::Body,
        ) -> actix_web::HttpResponse {
            $crate::providers::apify::common::or_error($handler(req, state, body).await)
        }
    };
}
pub(crate) use routes;

/// The request body, named so utoipa does not take it for a documented
/// schema (each route documents its body itself).
pub type Body = actix_web::web::Bytes;

/// A stable 17-character Apify-style id for a name (actor, user).
pub fn derived_id(name: &str) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut n = xxhash_rust::xxh3::xxh3_128(name.as_bytes());
    (0..17)
        .map(|_| {
            let c = CHARS[(n % 62) as usize];
            n /= 62;
            char::from(c)
        })
        .collect()
}

/// The Apify user id of an Atomus tenant.
pub fn user_id(tenant: &str) -> String {
    derived_id(&format!("user/{tenant}"))
}

pub fn query(req: &HttpRequest) -> Result<Query> {
    web::Query::<Query>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .map_err(|e| ApifyError::InvalidInput(format!("Invalid query string: {e}")))
}

/// A path parameter (actix has already decoded it, `%2F` aside).
pub fn path_param<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.match_info().get(name)
}

/// The token of a request (`?token=` or Bearer), if it carries one.
pub fn token_of(req: &HttpRequest, q: &Query) -> Option<String> {
    if let Some(t) = q.get("token").map(|t| t.trim()).filter(|t| !t.is_empty()) {
        return Some(t.to_string());
    }
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_string())
}

/// The Atomus tenant behind the request's token; a token is required.
pub fn authenticate(world: &World, req: &HttpRequest, q: &Query) -> Result<String> {
    let token = token_of(req, q).ok_or(ApifyError::TokenNotProvided)?;
    world
        .apify
        .tokens
        .get(&token)
        .cloned()
        .ok_or(ApifyError::TokenNotValid)
}

/// For resources addressed by their id (runs, datasets, stores, logs): the
/// id alone is enough, as on Apify; a token, when sent, must be valid and
/// then must own the resource.
pub fn authenticate_optional(
    world: &World,
    req: &HttpRequest,
    q: &Query,
) -> Result<Option<String>> {
    match token_of(req, q) {
        None => Ok(None),
        Some(_) => authenticate(world, req, q).map(Some),
    }
}

/// An injected fault, answered in Apify's shape after its latency. Called
/// after authentication and input checks, as the README promises (issue 10
/// item 24): a faulted request with bad input still gets its 400.
pub async fn fault(world: &World, req: &HttpRequest) -> Result<()> {
    let Some(f) = world.fault(ProviderName::Apify, req.path()) else {
        return Ok(());
    };
    if f.latency_ms > 0 {
        // No lock is held here; the world is an Arc snapshot.
        actix_web::rt::time::sleep(StdDuration::from_millis(f.latency_ms)).await;
    }
    let status = StatusCode::from_u16(f.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    Err(ApifyError::Other {
        status,
        message: "Injected fault.".into(),
    })
}

/// A query boolean: the JavaScript and Python 2 clients send `1`/`0`, the
/// Python 3 client `true`/`false`; absent means `default`.
pub fn flag(q: &Query, name: &str, default: bool) -> Result<bool> {
    match q.get(name).map(|s| s.trim()) {
        None | Some("") => Ok(default),
        Some(s) if s == "1" || s.eq_ignore_ascii_case("true") => Ok(true),
        Some(s) if s == "0" || s.eq_ignore_ascii_case("false") => Ok(false),
        Some(s) => Err(ApifyError::InvalidInput(format!(
            "Parameter '{name}' must be a boolean (1, 0, true or false), found {s:?}"
        ))),
    }
}

/// A non-negative number parameter.
pub fn number(q: &Query, name: &str) -> Result<Option<f64>> {
    match q.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => match s.parse::<f64>() {
            Ok(n) if n.is_finite() && n >= 0.0 => Ok(Some(n)),
            _ => Err(ApifyError::InvalidInput(format!(
                "Parameter '{name}' must be a non-negative number, found {s:?}"
            ))),
        },
    }
}

/// A non-negative integer parameter.
pub fn integer(q: &Query, name: &str) -> Result<Option<usize>> {
    match q.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse::<usize>().map(Some).map_err(|_| {
            ApifyError::InvalidInput(format!(
                "Parameter '{name}' must be a non-negative integer, found {s:?}"
            ))
        }),
    }
}

/// `waitForFinish` in seconds, clamped to [0, 60]: the clients send 999999
/// for "for ever", and the Python 2 client a negative number once its own
/// deadline has passed.
pub fn wait_secs(q: &Query) -> Result<Option<f64>> {
    match q
        .get("waitForFinish")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        None => Ok(None),
        Some(s) => match s.parse::<f64>() {
            Ok(n) if !n.is_nan() => Ok(Some(n.clamp(0.0, MAX_WAIT_SECS))),
            _ => Err(ApifyError::InvalidInput(format!(
                "Parameter 'waitForFinish' must be a number of seconds, found {s:?}"
            ))),
        },
    }
}

/// Waits up to `secs` real seconds for the run to end on the clock (AP-2).
pub async fn wait_for_finish(world: &World, run: &RunRecord, secs: Option<f64>) {
    let Some(secs) = secs else {
        return;
    };
    let budget = StdDuration::from_secs_f64(secs);
    let started = Instant::now();
    while !run.status(world.now()).is_terminal() {
        let left = budget.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        // No lock is held while sleeping: `run` is an Arc'd record.
        actix_web::rt::time::sleep(left.min(POLL)).await;
    }
}

/// A JSON answer with Apify's content type.
pub fn json<T: Serialize>(status: StatusCode, body: &T) -> HttpResponse {
    HttpResponse::build(status).json(body)
}

pub fn or_error(r: Result<HttpResponse>) -> HttpResponse {
    r.unwrap_or_else(|e| actix_web::ResponseError::error_response(&e))
}

/// `scheme://host` of this mocklink as the client reached it (with the
/// session prefix, if the client used one).
pub fn base_url(req: &HttpRequest) -> String {
    crate::sessions::edge::base_url(req)
}
