//! One-time-code login (outx.md §3.11–§3.12): `auth-send-otp` stores a
//! six-digit code for an address for one hour; `auth-verify-otp` consumes it
//! and answers the address's team and key, creating a one-member team on the
//! first login. Neither takes a key. There is no mail: a test reads the code
//! with `GET /__admin/outx/otp?email=` or fixes it in the scenario
//! (`outx.otp.fixedCode`).

use std::collections::HashMap;

use actix_web::web::{Bytes, Data, Query};
use actix_web::{get, post, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use fake::rand::RngExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use crate::admin::AdminError;
use crate::state::AppState;

use super::error::{bad, OutxError};
use super::model::ErrorBody;
use super::request::injected_fault;
use super::watchlists::input::object;

const TAG: &str = "outx";
/// A code counts this long after it is sent (outx.md §2.4).
pub const OTP_VALID_MINUTES: i64 = 60;
/// Codes pending at most; a full table first drops expired codes, then the
/// one that expires first.
pub const MAX_PENDING: usize = 10_000;

const INVALID_EMAIL: &str = "Missing or invalid 'email'";
const INVALID_OTP: &str = "Missing or invalid 'otp'";

pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(send_otp).service(verify_otp).service(admin_otp);
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Code {
    code: String,
    expires_at: DateTime<Utc>,
    full_name: Option<String>,
}

/// Codes sent and not yet used, by lower-case address.
#[derive(Debug, Default)]
pub struct Pending {
    codes: HashMap<String, Code>,
}

impl Pending {
    fn insert(&mut self, email: String, code: Code, now: DateTime<Utc>) {
        if self.codes.len() >= MAX_PENDING && !self.codes.contains_key(&email) {
            self.codes.retain(|_, c| c.expires_at > now);
            if self.codes.len() >= MAX_PENDING {
                let first = self
                    .codes
                    .iter()
                    .min_by_key(|(_, c)| c.expires_at)
                    .map(|(e, _)| e.clone());
                if let Some(e) = first {
                    self.codes.remove(&e);
                }
            }
        }
        self.codes.insert(email, code);
    }

    /// Consumes the address's code if `code` matches and has not expired.
    fn take(&mut self, email: &str, code: &str, now: DateTime<Utc>) -> Option<Code> {
        let ok = self
            .codes
            .get(email)
            .is_some_and(|c| c.code == code && now < c.expires_at);
        if ok {
            self.codes.remove(email)
        } else {
            None
        }
    }
}

/// A plausible address: one `@`, something before it, a dot after it.
fn email(m: &serde_json::Map<String, Value>) -> Result<String, OutxError> {
    let e = m
        .get("email")
        .and_then(Value::as_str)
        .map(|s| s.trim().to_ascii_lowercase())
        .ok_or_else(|| bad(INVALID_EMAIL))?;
    let valid = e.len() <= 254
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain
                    .split_once('.')
                    .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
        });
    if valid {
        Ok(e)
    } else {
        Err(bad(INVALID_EMAIL))
    }
}

/// Body of `POST /linkedin-agent/auth-send-otp`.
#[allow(dead_code)]
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = OutxSendOtpRequest)]
pub struct SendOtpRequest {
    #[schema(example = "john@example.com")]
    email: String,
    /// Used if the login creates the account.
    #[schema(example = "John Doe")]
    full_name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxSendOtpResponse)]
pub struct SendOtpResponse {
    #[schema(example = true)]
    success: bool,
    #[schema(example = "john@example.com")]
    email: String,
}

/// Send OTP: mails a six-digit login code, valid for one hour.
///
/// No key. mocklink sends no mail: read the code with
/// `GET /__admin/outx/otp?email=`, or fix it with the scenario's
/// `outx.otp.fixedCode`. A second request replaces the first code.
#[utoipa::path(
    tag = TAG,
    request_body(content = SendOtpRequest, content_type = "application/json",
        example = json!({ "email": "john@example.com", "full_name": "John Doe" })),
    responses(
        (status = 200, description = "Code sent", body = SendOtpResponse,
            example = json!({ "success": true, "email": "john@example.com" })),
        (status = 400, description = "`email` missing or not an address", body = ErrorBody,
            example = json!({ "error": INVALID_EMAIL })),
    )
)]
#[post("/linkedin-agent/auth-send-otp")]
async fn send_otp(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, OutxError> {
    let world = state.world();
    let m = object(&body);
    let email = email(&m)?;
    let full_name = m
        .get("full_name")
        .and_then(Value::as_str)
        .map(|s| s.trim().chars().take(200).collect::<String>())
        .filter(|s| !s.is_empty());
    injected_fault(&world, &req).await?;
    let now = world.now();
    let code = match &world.outx.config.otp.fixed_code {
        Some(c) => c.0.clone(),
        None => format!("{:06}", world.with_rng(|r| r.random_range(0..1_000_000u32))),
    };
    world.outx.otps.lock().insert(
        email.clone(),
        Code {
            code,
            expires_at: now + Duration::minutes(OTP_VALID_MINUTES),
            full_name,
        },
        now,
    );
    Ok(HttpResponse::Ok().json(SendOtpResponse {
        success: true,
        email,
    }))
}

/// Body of `POST /linkedin-agent/auth-verify-otp`.
#[allow(dead_code)]
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = OutxVerifyOtpRequest)]
pub struct VerifyOtpRequest {
    #[schema(example = "john@example.com")]
    email: String,
    /// The six digits sent.
    #[schema(example = "123456")]
    otp: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxVerifyOtpResponse)]
pub struct VerifyOtpResponse {
    user: LoginUser,
    team: LoginTeam,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxLoginUser)]
pub struct LoginUser {
    #[schema(example = "8d3f2a1e-5b6c-4d7e-8f90-1a2b3c4d5e6f")]
    id: String,
    #[schema(example = "John Doe")]
    full_name: String,
    #[schema(example = "john@example.com")]
    email: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutxLoginTeam)]
pub struct LoginTeam {
    #[schema(example = "0f1e2d3c-4b5a-4968-8776-655443322110")]
    id: String,
    #[schema(example = "John Doe's Team")]
    name: String,
    /// Works at once on every keyed endpoint.
    #[schema(example = "outx_aB3dE5fG7hJ9kL1mN3pQ5rS7")]
    api_key: String,
}

/// Verify OTP: exchanges a code for the user, their team and its API key.
///
/// No key. The first login of an address creates its user and a team named
/// after them (`John Doe's Team`) with a new key; later logins answer the
/// same team. A code works once.
#[utoipa::path(
    tag = TAG,
    request_body(content = VerifyOtpRequest, content_type = "application/json",
        example = json!({ "email": "john@example.com", "otp": "123456" })),
    responses(
        (status = 200, description = "Logged in", body = VerifyOtpResponse,
            example = json!({
                "user": { "id": "8d3f2a1e-5b6c-4d7e-8f90-1a2b3c4d5e6f", "full_name": "John Doe", "email": "john@example.com" },
                "team": { "id": "0f1e2d3c-4b5a-4968-8776-655443322110", "name": "John Doe's Team", "api_key": "outx_aB3dE5fG7hJ9kL1mN3pQ5rS7" }
            })),
        (status = 400, description = "`email` or `otp` missing or malformed", body = ErrorBody,
            examples(
                ("email" = (value = json!({ "error": INVALID_EMAIL }))),
                ("otp" = (value = json!({ "error": INVALID_OTP })))
            )),
        (status = 401, description = "Wrong, used or expired code", body = ErrorBody,
            example = json!({ "error": "Invalid or expired OTP" })),
        (status = 429, description = "mocklink's bound on teams created by logins reached", body = ErrorBody,
            example = json!({ "error": "Too many accounts created in this run; reset mocklink" })),
    )
)]
#[post("/linkedin-agent/auth-verify-otp")]
async fn verify_otp(
    req: HttpRequest,
    state: Data<AppState>,
    body: Bytes,
) -> Result<HttpResponse, OutxError> {
    let world = state.world();
    let m = object(&body);
    let email = email(&m)?;
    let code = m
        .get("otp")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| bad(INVALID_OTP))?
        .to_string();
    injected_fault(&world, &req).await?;
    let now = world.now();
    let sent = world
        .outx
        .otps
        .lock()
        .take(&email, &code, now)
        .ok_or(OutxError::InvalidOtp)?;
    let outx = &world.outx;
    let (team, _created) = outx
        .teams
        .login(
            &email,
            sent.full_name.as_deref(),
            now,
            outx.config.otp.new_team_plugin_active,
            || world.uuid(),
            || format!("outx_{}", world.alnum_id(24)),
        )
        .ok_or_else(|| {
            OutxError::TooManyRequests(
                "Too many accounts created in this run; reset mocklink".into(),
            )
        })?;
    let user = team
        .member_by_email(&email)
        .cloned()
        .ok_or(OutxError::InvalidOtp)?;
    Ok(HttpResponse::Ok().json(VerifyOtpResponse {
        user: LoginUser {
            id: user.id.to_string(),
            full_name: user.full_name,
            email: user.email,
        },
        team: LoginTeam {
            id: team.id.clone(),
            name: team.name.clone(),
            api_key: team.key.clone(),
        },
    }))
}

#[allow(dead_code)]
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct OtpQuery {
    /// The address a code was sent to.
    #[param(example = "john@example.com")]
    email: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = OutxPendingOtp)]
struct PendingOtp {
    #[schema(example = "john@example.com")]
    email: String,
    #[schema(example = "123456")]
    otp: String,
    #[schema(example = "2024-01-15T11:30:00.000Z")]
    expires_at: String,
}

/// The OutX login code pending for an address (mocklink sends no mail).
#[utoipa::path(
    tag = crate::admin::TAG,
    params(OtpQuery),
    responses(
        (status = 200, description = "The code and when it expires", body = PendingOtp),
        (status = 404, description = "No unexpired code pending for that address", body = AdminError),
        (status = 400, description = "`email` missing", body = AdminError),
    )
)]
#[get("/__admin/outx/otp")]
async fn admin_otp(state: Data<AppState>, query: Query<Vec<(String, String)>>) -> HttpResponse {
    let Some(email) = query
        .iter()
        .find(|(k, _)| k == "email")
        .map(|(_, v)| v.trim().to_ascii_lowercase())
    else {
        return HttpResponse::BadRequest().json(AdminError {
            error: "expected ?email=<address>".into(),
        });
    };
    let world = state.world();
    let now = world.now();
    let found = world
        .outx
        .otps
        .lock()
        .codes
        .get(&email)
        .filter(|c| now < c.expires_at)
        .cloned();
    match found {
        Some(c) => HttpResponse::Ok().json(PendingOtp {
            email,
            otp: c.code,
            expires_at: crate::clock::iso(c.expires_at),
        }),
        None => HttpResponse::NotFound().json(AdminError {
            error: format!("no login code pending for {email:?}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        "2024-01-15T10:30:00Z".parse().unwrap()
    }

    fn code(c: &str, at: DateTime<Utc>) -> Code {
        Code {
            code: c.into(),
            expires_at: at + Duration::minutes(OTP_VALID_MINUTES),
            full_name: None,
        }
    }

    #[test]
    fn a_code_works_once_and_only_within_the_hour() {
        let mut p = Pending::default();
        p.insert("a@x.io".into(), code("111111", t0()), t0());
        assert!(p.take("a@x.io", "222222", t0()).is_none());
        assert!(p
            .take("a@x.io", "111111", t0() + Duration::minutes(60))
            .is_none());
        assert!(p
            .take("a@x.io", "111111", t0() + Duration::minutes(59))
            .is_some());
        assert!(p.take("a@x.io", "111111", t0()).is_none());
    }

    #[test]
    fn the_table_stays_bounded() {
        let mut p = Pending::default();
        for i in 0..MAX_PENDING + 10 {
            p.insert(format!("u{i}@x.io"), code("111111", t0()), t0());
        }
        assert_eq!(p.codes.len(), MAX_PENDING);
    }

    #[test]
    fn addresses_need_a_local_part_and_a_dotted_domain() {
        let e = |v: Value| {
            email(
                &serde_json::json!({ "email": v })
                    .as_object()
                    .cloned()
                    .unwrap(),
            )
        };
        assert_eq!(e("John@Example.com".into()), Ok("john@example.com".into()));
        for badv in [
            "", "john", "@x.io", "john@", "john@x", "a b@x.io", "a@b@x.io",
        ] {
            assert!(e(badv.into()).is_err(), "{badv}");
        }
        assert!(e(Value::Null).is_err());
    }
}
