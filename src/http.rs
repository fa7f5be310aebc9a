//! The HTTP layer every provider shares: body capture and the 1 MiB limit,
//! injected latency, the request journal and log, `HEAD` as `GET` without a
//! body, and JSON answers for unknown paths and methods (SPEC C-7, C-8, C-9,
//! C-12). It owns none of the providers' rules.

use std::time::Instant;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{header, ConnectionType, Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut, Data};
use actix_web::{Error, HttpMessage, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde_json::json;

use crate::decode::{decode, DecodeError};
use crate::journal::{mask_query, Recorded};
use crate::providers;
use crate::scenario::ProviderName;
use crate::state::AppState;

/// Largest request body accepted; larger ones get 413 (SPEC C-7).
pub const MAX_BODY: usize = 1024 * 1024;

/// How long a request body may take to arrive whole. actix-web times only the
/// request head, so without this a client trickling a body in (or stopping
/// halfway) would hold its connection and handler open for ever (SPEC C-7).
#[derive(Debug, Clone, Copy)]
pub struct BodyTimeout(pub std::time::Duration);

/// Paths that belong to mocklink itself and are not journaled.
fn is_own_path(path: &str) -> bool {
    path == "/"
        || path.starts_with("/__admin")
        || path.starts_with("/openapi")
        || path.starts_with("/docs")
}

/// Whether a `GET` is served at `path` (so a `HEAD` is answered there too).
fn serves_get(req: &ServiceRequest, path: &str) -> bool {
    path.starts_with("/docs")
        || req
            .app_data::<Data<RouteTable>>()
            .and_then(|r| r.methods_for(path))
            .is_some_and(|m| m.contains(&Method::GET))
}

/// Reads the whole body (at most [`MAX_BODY`]), delays by the provider's
/// latency without holding any lock, runs the request and journals it.
pub async fn capture(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let Some(state) = req.app_data::<Data<AppState>>().cloned() else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    let world = state.world();
    let started = Instant::now();
    let at = world.now();
    let path = req.path().to_string();
    let provider = ProviderName::for_path(&path);
    let method = req.method().clone();
    // C-12: HEAD is GET without the body. actix-http already leaves the body
    // out of an answer to a HEAD request (it remembers the method it read),
    // so the route only has to be found.
    if method == Method::HEAD && serves_get(&req, &path) {
        req.head_mut().method = Method::GET;
    }

    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let body_timeout = req
        .app_data::<BodyTimeout>()
        .map_or(crate::server::DEFAULT_REQUEST_TIMEOUT, |t| t.0);
    let mut body = BytesMut::new();
    let mut too_large = declared.is_some_and(|n| n > MAX_BODY as u64);
    let mut timed_out = false;
    if !too_large {
        let mut payload = req.take_payload();
        let read_all = async {
            while let Some(chunk) = payload.next().await {
                let chunk = chunk?;
                if body.len() + chunk.len() > MAX_BODY {
                    return Ok::<bool, actix_web::error::PayloadError>(true);
                }
                body.extend_from_slice(&chunk);
            }
            Ok(false)
        };
        // Only a body that was announced can trickle in; requests without
        // one (most GETs) skip arming a timer. HTTP/1.1 sends a body only
        // with Content-Length or Transfer-Encoding.
        let announced = declared.is_some_and(|n| n > 0)
            || req.headers().contains_key(header::TRANSFER_ENCODING);
        if announced {
            match actix_web::rt::time::timeout(body_timeout, read_all).await {
                Ok(read) => too_large = read?,
                Err(_) => timed_out = true,
            }
        } else {
            too_large = read_all.await?;
        }
    }
    let mut body: Bytes = body.freeze();

    // SPEC G-5: a compressed body is decoded here, before anything reads it;
    // the size limit applies to the decoded bytes.
    let mut rejection = if too_large {
        Some((
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("Request body exceeds the limit of {MAX_BODY} bytes"),
        ))
    } else if timed_out {
        Some((
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "Request body not received within {} s",
                body_timeout.as_secs_f64()
            ),
        ))
    } else {
        None
    };
    if rejection.is_none() {
        if let Err(e) = decode_body(&mut req, &mut body) {
            let status = match e {
                DecodeError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
                DecodeError::Unsupported(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                DecodeError::Corrupt { .. } => StatusCode::BAD_REQUEST,
            };
            rejection = Some((status, e.to_string()));
        }
    }

    let res = if let Some((status, message)) = rejection {
        let mut resp = match provider {
            Some(p) => providers::error_response(p, &world, status, &message),
            None => HttpResponse::build(status).json(json!({ "error": message })),
        };
        if timed_out {
            // The rest of the body may still come; the connection cannot be reused.
            resp.head_mut().set_connection_type(ConnectionType::Close);
        }
        req.into_response(resp).map_into_right_body()
    } else {
        req.set_payload(Payload::from(body.clone()));
        if let Some(p) = provider {
            let delay = world.latency(p);
            if !delay.is_zero() {
                // No lock is held here: the world is an Arc snapshot.
                actix_web::rt::time::sleep(delay).await;
            }
        }
        next.call(req).await?.map_into_left_body()
    };

    if tracing::enabled!(target: REQUEST_LOG, tracing::Level::INFO) {
        log_request(res.request(), &method, res.status(), started);
    }
    if !is_own_path(&path) {
        world.journal.record(entry(
            res.request(),
            &method,
            provider,
            at,
            &body,
            res.status(),
            started,
        ));
    }
    Ok(res)
}

/// Decodes a body sent with `Content-Encoding` in place. Handlers then see
/// plain bytes; the header is renamed `x-mocklink-content-encoding`, so the
/// journal still shows how the body came.
fn decode_body(req: &mut ServiceRequest, body: &mut Bytes) -> Result<(), DecodeError> {
    let Some(encoding) = req.headers().get(header::CONTENT_ENCODING).cloned() else {
        return Ok(());
    };
    let Ok(codings) = encoding.to_str() else {
        return Err(DecodeError::Unsupported(
            String::from_utf8_lossy(encoding.as_bytes()).into_owned(),
        ));
    };
    *body = decode(codings, std::mem::take(body), MAX_BODY)?;
    let headers = req.headers_mut();
    headers.remove(header::CONTENT_ENCODING);
    headers.insert(
        header::HeaderName::from_static("x-mocklink-content-encoding"),
        encoding,
    );
    headers.insert(
        header::CONTENT_LENGTH,
        header::HeaderValue::from(body.len()),
    );
    Ok(())
}

/// The `tracing` target of the one-line-per-request log (`MOCKLINK_LOG=info`).
pub const REQUEST_LOG: &str = "mocklink::request";

/// `METHOD /path?query STATUS 1.2ms [session=NAME]`, the query's `token`
/// masked as in the journal (C-12).
fn log_request(req: &HttpRequest, method: &Method, status: StatusCode, started: Instant) {
    let query = req.query_string();
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{}", mask_query(query))
    };
    let session =
        crate::sessions::edge::scope(req).map_or(String::new(), |s| format!(" session={}", s.name));
    tracing::info!(
        target: REQUEST_LOG,
        "{method} {}{query} {} {:.1}ms{session}",
        crate::sessions::edge::client_path(req),
        status.as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
}

fn entry(
    req: &HttpRequest,
    method: &Method,
    provider: Option<ProviderName>,
    at: chrono::DateTime<chrono::Utc>,
    body: &[u8],
    status: StatusCode,
    started: Instant,
) -> Recorded {
    Recorded {
        at,
        provider,
        method: method.clone(),
        path: crate::sessions::edge::client_path(req),
        query: req.query_string().to_owned(),
        headers: Recorded::pack_headers(req.headers()),
        body: Recorded::body_of(body),
        status: status.as_u16(),
        duration_ms: started.elapsed().as_secs_f64() * 1000.0,
    }
}

/// The routes mocklink serves, as OpenAPI path templates with their methods;
/// used to tell 405 (known path, other method) from 404.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<String>, Vec<Method>)>,
}

impl RouteTable {
    pub fn from_openapi(api: &utoipa::openapi::OpenApi) -> RouteTable {
        let routes = api
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let segs = template.split('/').map(str::to_string).collect();
                let mut methods = Vec::new();
                let m = [
                    (&item.get, Method::GET),
                    (&item.post, Method::POST),
                    (&item.put, Method::PUT),
                    (&item.delete, Method::DELETE),
                    (&item.patch, Method::PATCH),
                ];
                for (op, method) in m {
                    if op.is_some() {
                        let get = method == Method::GET;
                        methods.push(method);
                        // HEAD is answered wherever GET is (C-12).
                        if get {
                            methods.push(Method::HEAD);
                        }
                    }
                }
                (segs, methods)
            })
            .collect();
        RouteTable { routes }
    }

    /// Methods served at `path`, if any route matches it.
    pub fn methods_for(&self, path: &str) -> Option<Vec<Method>> {
        let segs: Vec<&str> = path.split('/').collect();
        let mut found: Option<Vec<Method>> = None;
        for (template, methods) in &self.routes {
            let matches = template.len() == segs.len()
                && template.iter().zip(&segs).all(|(t, s)| {
                    (t.starts_with('{') && t.ends_with('}') && !s.is_empty()) || t == s
                });
            if matches {
                found
                    .get_or_insert_with(Vec::new)
                    .extend(methods.iter().cloned());
            }
        }
        found
    }
}

/// The default service: JSON 405 for a known path with another method, JSON
/// 404 otherwise, in the provider's shape under a provider's prefix.
pub async fn fallback(
    req: HttpRequest,
    state: Data<AppState>,
    routes: Data<RouteTable>,
) -> HttpResponse {
    let world = state.world();
    let path = req.path();
    let provider = ProviderName::for_path(path);
    if let Some(methods) = routes.methods_for(path) {
        let allow = methods
            .iter()
            .map(Method::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let message = format!(
            "Method {} is not allowed on {path}; use {allow}",
            req.method()
        );
        let mut resp = match provider {
            Some(p) => {
                providers::error_response(p, &world, StatusCode::METHOD_NOT_ALLOWED, &message)
            }
            None => HttpResponse::MethodNotAllowed().json(json!({ "error": message })),
        };
        if let Ok(v) = header::HeaderValue::from_str(&allow) {
            resp.headers_mut().insert(header::ALLOW, v);
        }
        return resp;
    }
    let message = format!("No route for {} {path}", req.method());
    match provider {
        Some(p) => providers::error_response(p, &world, StatusCode::NOT_FOUND, &message),
        None => HttpResponse::NotFound().json(json!({ "error": message })),
    }
}

/// Turns an extractor failure (a query string or path segment that does not
/// parse) into a JSON 400 in the shape of whoever owns the path, instead of
/// actix's plain-text default.
pub fn extractor_error(message: String, req: &HttpRequest) -> Error {
    let resp = match (
        ProviderName::for_path(req.path()),
        req.app_data::<Data<AppState>>(),
    ) {
        (Some(p), Some(state)) => {
            providers::error_response(p, &state.world(), StatusCode::BAD_REQUEST, &message)
        }
        _ => HttpResponse::BadRequest().json(json!({ "error": message })),
    };
    actix_web::error::InternalError::from_response(message, resp).into()
}

/// Parses a JSON body for the admin API, naming what is wrong.
pub fn admin_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err("expected a JSON object, found an empty body".into());
    }
    // serde reads a struct from an array too (`[true]` as `{"freeze": true}`);
    // every admin body is documented as an object (SPEC C-12).
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) {
        if !v.is_object() {
            return Err(format!(
                "expected a JSON object, found {}",
                crate::scenario::load::kind(&v)
            ));
        }
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let v = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        // serde_path_to_error writes `?` for a key it had not read yet.
        let path = e.path().to_string();
        let path = path.trim_end_matches(".?").trim_end_matches('?');
        let inner = e.into_inner();
        if path.is_empty() || path == "." {
            format!("invalid JSON body: {inner}")
        } else {
            format!("invalid JSON body at {path}: {inner}")
        }
    })?;
    de.end().map_err(|e| format!("invalid JSON body: {e}"))?;
    Ok(v)
}
