//! Session resolution at the HTTP edge (SPEC C-11): before anything else
//! runs, a request's `/__session/{name}/` prefix (or, without one, its
//! `X-Mocklink-Session` header) picks the session; the prefix is cut from the
//! path so routing sees the provider's own path, and the request's handlers
//! get a `Data<AppState>` bound to that session's world. On the way out a
//! `Location` pointing back at mocklink gets the prefix again.

use std::rc::Rc;
use std::sync::Arc;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Extensions, ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode, Uri};
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::{Error, HttpMessage, HttpRequest, HttpResponse};
use serde_json::json;

use super::{name_error, valid_name, HEADER, PREFIX};
use crate::state::AppState;

/// The session a request is served by, in its extensions.
#[derive(Debug, Clone)]
pub struct Scope {
    pub name: Arc<str>,
    /// `/__session/{name}` when the client used the prefix; None for the header.
    pub prefix: Option<Arc<str>>,
    /// The path as the client sent it, prefix included.
    pub client_path: Arc<str>,
}

/// The session `req` is served by, if any.
pub fn scope(req: &HttpRequest) -> Option<Scope> {
    req.extensions().get::<Scope>().cloned()
}

/// The path as the client sent it (the journal shows this one).
pub fn client_path(req: &HttpRequest) -> String {
    req.extensions()
        .get::<Scope>()
        .map_or_else(|| req.path().to_string(), |s| s.client_path.to_string())
}

/// The base URL a client of this request reaches mocklink at, session prefix
/// included: every URL mocklink builds for a client starts with it.
pub fn base_url(req: &HttpRequest) -> String {
    let info = req.connection_info();
    let prefix = req
        .extensions()
        .get::<Scope>()
        .and_then(|s| s.prefix.clone());
    format!(
        "{}://{}{}",
        info.scheme(),
        info.host(),
        prefix.as_deref().unwrap_or("")
    )
}

/// What the request asks for.
enum Selected {
    Default,
    /// Name and the path without the prefix.
    Prefix(String, String),
    Header(String),
    Invalid(String),
}

fn select(req: &ServiceRequest) -> Selected {
    let path = req.path();
    if let Some(rest) = path.strip_prefix(PREFIX) {
        let (name, tail) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
        if !valid_name(name) {
            return Selected::Invalid(name.to_string());
        }
        let tail = if tail.is_empty() { "/" } else { tail };
        return Selected::Prefix(name.to_string(), tail.to_string());
    }
    match req.headers().get(HEADER) {
        None => Selected::Default,
        Some(v) => match v.to_str() {
            Ok(name) if valid_name(name.trim()) => Selected::Header(name.trim().to_string()),
            Ok(name) => Selected::Invalid(name.to_string()),
            Err(_) => Selected::Invalid(String::from_utf8_lossy(v.as_bytes()).into_owned()),
        },
    }
}

/// `uri` with its path replaced by `path`, query kept.
fn with_path(uri: &Uri, path: &str) -> Option<Uri> {
    let pq = match uri.query() {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(pq.parse().ok()?);
    Uri::from_parts(parts).ok()
}

fn refuse(req: ServiceRequest, status: StatusCode, message: String) -> ServiceResponse {
    req.into_response(HttpResponse::build(status).json(json!({ "error": message })))
}

/// The middleware: resolve, strip, bind, serve, put the prefix back.
pub async fn route(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let sessions = req
        .app_data::<Data<AppState>>()
        .and_then(|s| s.sessions().cloned());
    let Some(sessions) = sessions else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    let (name, stripped) = match select(&req) {
        Selected::Default => {
            return next
                .call(req)
                .await
                .map(ServiceResponse::map_into_left_body);
        }
        Selected::Invalid(name) => {
            return Ok(
                refuse(req, StatusCode::BAD_REQUEST, name_error(&name)).map_into_right_body()
            );
        }
        Selected::Prefix(name, tail) => (name, Some(tail)),
        Selected::Header(name) => (name, None),
    };
    let entered = match sessions.enter(&name) {
        Ok(e) => e,
        Err(e) => {
            return Ok(
                refuse(req, StatusCode::TOO_MANY_REQUESTS, e.to_string()).map_into_right_body()
            );
        }
    };
    let name = entered.session().name_arc();
    let client_path: Arc<str> = req.path().into();
    let prefix = if let Some(tail) = stripped {
        let Some(uri) = with_path(req.uri(), &tail) else {
            let message = format!("invalid path {tail:?}");
            return Ok(refuse(req, StatusCode::BAD_REQUEST, message).map_into_right_body());
        };
        req.match_info_mut().get_mut().update(&uri);
        req.head_mut().uri = uri;
        Some(entered.session().prefix())
    } else {
        None
    };
    req.extensions_mut().insert(Scope {
        name,
        prefix: prefix.clone(),
        client_path,
    });
    let mut data = Extensions::new();
    data.insert(entered.session().state().clone());
    req.add_data_container(Rc::new(data));

    let mut res = next.call(req).await?;
    if let Some(prefix) = prefix {
        prefix_location(&mut res, &prefix);
    }
    drop(entered);
    Ok(res.map_into_left_body())
}

/// Puts the session prefix into a `Location` that points at mocklink (a
/// path, or an absolute URL on the request's own host) and lacks it.
fn prefix_location<B>(res: &mut ServiceResponse<B>, prefix: &str) {
    let Some(loc) = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
    else {
        return;
    };
    let host = res.request().connection_info().host().to_string();
    let inside = |path: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    let fixed = if loc.starts_with('/') && !loc.starts_with("//") {
        (!inside(&loc)).then(|| format!("{prefix}{loc}"))
    } else {
        loc.parse::<Uri>().ok().and_then(|u| {
            let same_host = u.authority().is_some_and(|a| a.as_str() == host);
            let path = u.path();
            if !same_host || inside(path) {
                return None;
            }
            let pq = u.path_and_query().map_or(path, |pq| pq.as_str());
            let scheme = u.scheme_str().unwrap_or("http");
            Some(format!("{scheme}://{host}{prefix}{pq}"))
        })
    };
    if let Some(v) = fixed.and_then(|f| header::HeaderValue::from_str(&f).ok()) {
        res.headers_mut().insert(header::LOCATION, v);
    }
}
