//! Atomus's HTTP handlers: read the request, call the rules in the order
//! AT-4 fixes (authentication, idempotent replay, rate limit, input,
//! credits), and render the answer with its rate-limit headers.

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::{Bytes, Data};
use actix_web::{get, post, HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;

use super::error::AtomusError;
use super::idempotency::{fingerprint, Begin, Outcome};
use super::model::{EnrichResponse, ErrorBody, Meta, TenantList, TenantView};
use super::rules::{self, RateInfo};
use crate::journal::mask;
use crate::scenario::ProviderName;
use crate::state::{AppState, World};

const TAG: &str = "atomus";
/// Longest `Idempotency-Key` accepted (mocklink's choice).
const MAX_KEY_LEN: usize = 255;

/// `req_` + a ULID from the clock and the seeded generator.
pub fn request_id(world: &World) -> String {
    format!("req_{}", world.ulid())
}

/// Who is calling.
struct Caller {
    tenant: String,
    mode: &'static str,
}

fn authenticate(world: &World, req: &HttpRequest) -> Result<Caller, AtomusError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or(AtomusError::Unauthenticated)?;
    let (scheme, key) = value
        .trim()
        .split_once(' ')
        .ok_or(AtomusError::Unauthenticated)?;
    let key = key.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || key.is_empty() {
        return Err(AtomusError::Unauthenticated);
    }
    let (tenant, mode) = world
        .atomus
        .keys
        .get(key)
        .ok_or(AtomusError::InvalidApiKey)?;
    Ok(Caller {
        tenant: tenant.clone(),
        mode,
    })
}

fn json_bytes<T: Serialize>(v: &T) -> Bytes {
    serde_json::to_vec(v).map(Bytes::from).unwrap_or_default()
}

fn error_outcome(world: &World, e: &AtomusError) -> Outcome {
    Outcome {
        status: e.status().as_u16(),
        body: json_bytes(&e.body(request_id(world))),
    }
}

/// Status and body plus what goes only into headers.
struct Answer {
    outcome: Outcome,
    rate: RateInfo,
    retry_after: Option<i64>,
}

fn respond(answer: Answer, replayed: bool) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(answer.outcome.status)
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = HttpResponse::build(status);
    resp.content_type("application/json")
        .insert_header(("x-ratelimit-limit", answer.rate.limit.to_string()))
        .insert_header(("x-ratelimit-remaining", answer.rate.remaining.to_string()))
        .insert_header(("x-ratelimit-reset", answer.rate.reset.to_string()));
    if let Some(s) = answer.retry_after {
        resp.insert_header((header::RETRY_AFTER, s.to_string()));
    }
    if replayed {
        resp.insert_header(("Idempotent-Replayed", HeaderValue::from_static("true")));
    }
    resp.body(answer.outcome.body)
}

/// Enriches one LinkedIn profile URL.
///
/// One credit is reserved before the call and kept only when the profile is
/// found; `not_found`, `error` and every 5xx are refunded. Test-mode keys
/// (`atm_test_…`) are never charged.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    request_body(content = super::model::EnrichRequest, content_type = "application/json"),
    params(
        ("Idempotency-Key" = Option<String>, Header,
         description = "Makes the request safely retryable: the answer is stored for 24 h per tenant and replayed with `Idempotent-Replayed: true`.")
    ),
    responses(
        (status = 200, description = "Enriched (data.status is success, not_found or error)", body = EnrichResponse,
         headers(
            ("x-ratelimit-limit" = u32, description = "Requests per second for the tenant"),
            ("x-ratelimit-remaining" = u32, description = "Requests left in this second"),
            ("x-ratelimit-reset" = i64, description = "Unix seconds when the window resets"))),
        (status = 400, description = "Body is not JSON, or url missing / not a string", body = ErrorBody,
         example = json!({"error": {"code": "invalid_input", "message": "The url field is missing.", "retryable": false, "request_id": "req_01HMBZ3Q8W5T4YV2N6K7P9R0SX"}})),
        (status = 401, description = "unauthenticated or invalid_api_key", body = ErrorBody,
         example = json!({"error": {"code": "invalid_api_key", "message": "API key is not recognized or has been revoked.", "retryable": false, "request_id": "req_01HMBZ3Q8W5T4YV2N6K7P9R0SX"}})),
        (status = 402, description = "insufficient_credits", body = ErrorBody,
         example = json!({"error": {"code": "insufficient_credits", "message": "Tenant credit balance is below the request cost. Top up and resend.", "retryable": false, "request_id": "req_01HMBZ3Q8W5T4YV2N6K7P9R0SX"}})),
        (status = 422, description = "validation_failed, or idempotency_key_reused", body = ErrorBody,
         example = json!({"error": {"code": "validation_failed", "message": "The url is not a valid linkedin.com/in/<handle> profile URL.", "retryable": false, "request_id": "req_01HMBZ3Q8W5T4YV2N6K7P9R0SX"}})),
        (status = 429, description = "rate_limit_exceeded (with Retry-After)", body = ErrorBody,
         headers(("Retry-After" = i64, description = "Seconds until the next window")),
         example = json!({"error": {"code": "rate_limit_exceeded", "message": "Sustained request rate exceeded the tenant limit of 4 requests per second.", "retryable": true, "request_id": "req_01HMBZ3Q8W5T4YV2N6K7P9R0SX"}})),
        (status = 500, description = "internal_error", body = ErrorBody,
         example = json!({"error": {"code": "internal_error", "message": "Unexpected server error.", "retryable": true, "request_id": "req_01HMBZ3Q8W5T4YV2N6K7P9R0SX"}})),
        (status = 502, description = "upstream_error", body = ErrorBody,
         example = json!({"error": {"code": "upstream_error", "message": "Upstream provider returned a non-success response.", "retryable": true, "request_id": "req_01HMBZ3Q8W5T4YV2N6K7P9R0SX"}})),
        (status = 504, description = "upstream_timeout", body = ErrorBody,
         example = json!({"error": {"code": "upstream_timeout", "message": "Upstream provider did not respond within the time budget.", "retryable": true, "request_id": "req_01HMBZ3Q8W5T4YV2N6K7P9R0SX"}})),
    )
)]
#[post("/v1/linkedin-profile-enrichment/enrich")]
pub async fn enrich(req: HttpRequest, state: Data<AppState>, body: Bytes) -> HttpResponse {
    let world = state.world();
    let caller = match authenticate(&world, &req) {
        Ok(c) => c,
        Err(e) => return e.with_id(request_id(&world)).error_response(),
    };
    let key = req
        .headers()
        .get("idempotency-key")
        .map(|v| v.to_str().map(str::trim).unwrap_or(""));
    let lead = match key {
        None => None,
        Some(k) if k.is_empty() || k.len() > MAX_KEY_LEN => {
            let e = AtomusError::InvalidInput(format!(
                "Idempotency-Key must be 1 to {MAX_KEY_LEN} visible ASCII characters."
            ));
            return respond(peeked(&world, &caller, error_outcome(&world, &e)), false);
        }
        Some(k) => {
            let fp = fingerprint(&body);
            loop {
                match world
                    .atomus
                    .idempotency
                    .begin(&caller.tenant, k, fp, world.now())
                {
                    Begin::Lead(lead) => break Some(lead),
                    Begin::Replay(o) => return respond(peeked(&world, &caller, o), true),
                    Begin::Mismatch => {
                        let o = error_outcome(&world, &AtomusError::IdempotencyKeyReused);
                        return respond(peeked(&world, &caller, o), false);
                    }
                    Begin::Wait(mut rx) => {
                        // No lock is held while waiting: `rx` is our own receiver.
                        let got = rx.wait_for(Option::is_some).await.map(|v| (*v).clone());
                        if let Ok(Some(o)) = got {
                            return respond(peeked(&world, &caller, o), true);
                        }
                        // The first request was abandoned: start over.
                    }
                }
            }
        }
    };
    let answer = run(&world, &caller, &req, &body).await;
    if let Some(lead) = lead {
        let retryable = answer.outcome.status == 429 || answer.outcome.status >= 500;
        lead.finish(answer.outcome.clone(), !retryable, world.now());
    }
    respond(answer, false)
}

fn peeked(world: &World, caller: &Caller, outcome: Outcome) -> Answer {
    Answer {
        outcome,
        rate: world.atomus.rate.peek(&caller.tenant, world.now()),
        retry_after: None,
    }
}

/// Everything after replay: rate limit, input, credits, faults, enrichment.
async fn run(world: &World, caller: &Caller, req: &HttpRequest, body: &[u8]) -> Answer {
    let now = world.now();
    let rate = match world.atomus.rate.hit(&caller.tenant, now) {
        Ok(r) => r,
        Err(r) => {
            let e = AtomusError::RateLimitExceeded(r.limit);
            return Answer {
                outcome: error_outcome(world, &e),
                retry_after: Some(r.retry_after(now)),
                rate: r,
            };
        }
    };
    let fail = |e: AtomusError| Answer {
        outcome: error_outcome(world, &e),
        rate,
        retry_after: None,
    };
    let (url, handle) = match parse_input(body) {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let live = caller.mode == "live";
    let reservation = if live {
        match world.atomus.reserve(&caller.tenant, 1) {
            Some(r) => Some(r),
            None => return fail(AtomusError::InsufficientCredits),
        }
    } else {
        None
    };
    if let Some(fault) = world.fault(ProviderName::Atomus, req.path()) {
        // A fault uses no limit and no credit (the README's order): the
        // slot taken above and the reserved credit go back.
        if let Some(r) = reservation {
            world.atomus.refund(r);
        }
        let rate = world.atomus.rate.release(&caller.tenant, now);
        let mut delay = fault.latency_ms;
        if fault.status == 504 {
            delay = delay.saturating_add(world.atomus.timeout_delay_ms);
        }
        if delay > 0 {
            // No lock is held here; the world is an Arc snapshot.
            actix_web::rt::time::sleep(std::time::Duration::from_millis(delay)).await;
        }
        let status = actix_web::http::StatusCode::from_u16(fault.status)
            .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR);
        let message = if status.as_u16() == 500 {
            "Unexpected server error."
        } else {
            "Injected fault."
        };
        return Answer {
            outcome: error_outcome(world, &AtomusError::for_status(status, message)),
            rate,
            retry_after: None,
        };
    }
    let data = rules::enrich_with(&world.people, Some(&world.atomus.rendered), &url, &handle);
    let success = data.status == super::model::ItemStatus::Success;
    let (credits_used, credits_remaining) = match reservation {
        Some(r) if success => (1, world.atomus.commit(r)),
        Some(r) => (0, world.atomus.refund(r)),
        None => (0, world.atomus.balance(&caller.tenant).unwrap_or(0)),
    };
    let response = EnrichResponse {
        data,
        meta: Meta {
            request_id: request_id(world),
            api: "linkedin-profile-enrichment",
            version: "v1",
            mode: caller.mode,
            credits_used,
            credits_remaining,
            duration_ms: rules::simulated_duration_ms(&handle),
        },
    };
    Answer {
        outcome: Outcome {
            status: 200,
            body: json_bytes(&response),
        },
        rate,
        retry_after: None,
    }
}

/// `{"url": …}` → (url, handle), or the AT-1 error.
fn parse_input(body: &[u8]) -> Result<(String, String), AtomusError> {
    let v: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| AtomusError::InvalidInput(format!("Request body is not valid JSON: {e}")))?;
    let url = match v.get("url") {
        None | Some(serde_json::Value::Null) => {
            return Err(AtomusError::InvalidInput(
                "The url field is missing.".into(),
            ))
        }
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(AtomusError::InvalidInput(
                "The url field must be a string.".into(),
            ))
        }
    };
    match rules::profile_handle(&url) {
        Some(h) => Ok((url, h)),
        None => Err(AtomusError::ValidationFailed(format!(
            "The url is not a valid linkedin.com/in/<handle> profile URL: {url:?}. \
             Expected https://www.linkedin.com/in/<handle>/"
        ))),
    }
}

/// Atomus tenants with their balances now (mocklink's own view).
#[utoipa::path(tag = "admin", path = "/__admin/atomus/tenants",
    responses((status = 200, body = TenantList,
        example = json!({"tenants": [{"id": "demo", "credits": 1000, "mode": "live", "keys": ["atm_live_…demo", "atm_live_…emo2"]}]}))))]
#[get("/__admin/atomus/tenants")]
pub async fn admin_tenants(state: Data<AppState>) -> HttpResponse {
    let world = state.world();
    let a = &world.atomus;
    let tenants = a
        .tenants
        .iter()
        .map(|t| TenantView {
            id: t.id.clone(),
            credits: a.balance(&t.id).unwrap_or(0),
            mode: t.mode,
            keys: t.keys.iter().map(|k| mask(k)).collect(),
        })
        .collect();
    HttpResponse::Ok().json(TenantList { tenants })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_errors_follow_at_1() {
        let code = |b: &[u8]| parse_input(b).map_err(|e| e.code());
        assert_eq!(code(b"not json"), Err("invalid_input"));
        assert_eq!(code(b""), Err("invalid_input"));
        assert_eq!(code(b"{}"), Err("invalid_input"));
        assert_eq!(code(br#"{"url": 5}"#), Err("invalid_input"));
        assert_eq!(code(br#"{"url": ""}"#), Err("validation_failed"));
        assert_eq!(
            code(br#"{"url": "http://www.linkedin.com/in/x"}"#),
            Err("validation_failed")
        );
        assert_eq!(
            parse_input(br#"{"url": "https://www.linkedin.com/in/x/", "extra": 1}"#).ok(),
            Some(("https://www.linkedin.com/in/x/".into(), "x".into()))
        );
    }
}
