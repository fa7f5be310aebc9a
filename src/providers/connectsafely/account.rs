//! Account routes (catalog 3.D) and the host-root health check (3.J): what
//! the key's LinkedIn accounts are, as ConnectSafely's own store knows them.
//! Every account is `AVAILABLE`, enabled and has its session tokens; its plan
//! comes from the scenario (`premium`, `salesNavigator`). These bodies are
//! flat, without `success` (except `/premium`), and `/accounts` is a bare
//! array, as documented.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{get, post, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{CsError, Shape};
use super::model::CsMessage;
use super::routes::{authenticate, TAG};
use super::state::Account;
use super::steps::{public_id, query, query_account, reply, touch};
use crate::clock::iso;
use crate::scenario::{AccountId, CsAccount, CsKey};
use crate::state::{AppState, World};

/// This group's routes (catalog 3.D, 3.J).
pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(get_account_status)
        .service(post_account_status)
        .service(account_status_by_id)
        .service(account_premium)
        .service(accounts)
        .service(cs_health);
}

// ------------------------------------------------------------------ wire

/// One LinkedIn account as `/account/status` shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsAccountStatus)]
pub struct AccountStatus {
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub id: String,
    #[schema(example = "Priya")]
    pub first_name: String,
    #[schema(example = "Sharma")]
    pub last_name: String,
    /// The account's own public profile id.
    #[schema(example = "priya-sharma-5a1b2c3d")]
    pub public_id: String,
    #[schema(example = "ConnectSafely")]
    pub platform: String,
    /// `AVAILABLE` (mocklink's accounts are always ready).
    #[schema(example = "AVAILABLE")]
    pub status: String,
    pub enabled: bool,
    #[schema(example = "2024-01-15T10:30:00.000Z")]
    pub last_used: String,
    pub has_tokens: bool,
    pub linkedin_plan: LinkedinPlan,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsLinkedinPlan)]
pub struct LinkedinPlan {
    /// `NON_PREMIUM`, `PREMIUM` or `SALES_NAVIGATOR`.
    #[schema(example = "SALES_NAVIGATOR")]
    pub premium_type: String,
    pub is_premium: bool,
    pub has_sales_navigator: bool,
    pub has_recruiter: bool,
    pub has_away_messages: bool,
    pub has_advertise_badge: bool,
    pub has_hiring_manager: bool,
}

/// 200 of `GET /account/{accountId}/premium`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsPremiumResponse)]
pub struct PremiumResponse {
    pub success: bool,
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub account_id: String,
    #[schema(example = "Priya Sharma")]
    pub account_name: String,
    #[schema(example = "SALES_NAVIGATOR")]
    pub premium_type: String,
    pub is_premium: bool,
    pub has_sales_navigator: bool,
    pub has_recruiter: bool,
    pub has_away_messages: bool,
    pub has_advertise_badge: bool,
    pub has_hiring_manager: bool,
    /// Feature flags of the plan (mocklink's vocabulary: `INMAIL`,
    /// `PROFILE_VIEWERS`, `SALES_NAVIGATOR_INBOX`).
    #[schema(example = json!(["INMAIL", "PROFILE_VIEWERS"]))]
    pub features: Vec<String>,
}

/// One item of `GET /accounts`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsAccountItem)]
pub struct AccountItem {
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub id: String,
    #[schema(example = "Priya")]
    pub first_name: String,
    #[schema(example = "Sharma")]
    pub last_name: String,
    #[schema(example = "priya-sharma-5a1b2c3d")]
    pub public_id: String,
    pub picture: String,
    #[schema(example = "AVAILABLE")]
    pub status: String,
    pub enabled: bool,
    #[schema(example = "2024-01-15T10:30:00.000Z")]
    pub last_used: String,
    pub has_tokens: bool,
    /// An API seat for this account is assigned to the caller's key.
    pub api_seat_allocated: bool,
}

/// 200 of `GET /health`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CsHealth)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
}

// ------------------------------------------------------------------ rendering

fn plan(a: &CsAccount) -> LinkedinPlan {
    LinkedinPlan {
        premium_type: premium_type(a).into(),
        is_premium: a.premium || a.sales_navigator,
        has_sales_navigator: a.sales_navigator,
        has_recruiter: false,
        has_away_messages: a.premium || a.sales_navigator,
        has_advertise_badge: false,
        has_hiring_manager: false,
    }
}

fn premium_type(a: &CsAccount) -> &'static str {
    if a.sales_navigator {
        "SALES_NAVIGATOR"
    } else if a.premium {
        "PREMIUM"
    } else {
        "NON_PREMIUM"
    }
}

fn last_used(world: &World, acc: &Account) -> String {
    iso(acc.actions.lock().last_used.unwrap_or_else(|| world.now()))
}

fn status(world: &World, a: &CsAccount, acc: &Account) -> AccountStatus {
    let me = world.linkedin.account_member(&a.id.0);
    AccountStatus {
        id: a.id.0.clone(),
        first_name: me.first_name.to_string(),
        last_name: me.last_name.to_string(),
        public_id: me.handle.to_string(),
        platform: "ConnectSafely".into(),
        status: "AVAILABLE".into(),
        enabled: true,
        last_used: last_used(world, acc),
        has_tokens: true,
        linkedin_plan: plan(a),
    }
}

/// The key's account by a path id: 400 unless 24 hex characters, 404 unless
/// the key owns it (E1 bodies, as the `/account/{accountId}/…` pages show).
fn by_path<'w>(
    world: &'w World,
    key: &'w CsKey,
    id: &str,
) -> Result<(&'w CsAccount, &'w Account), CsError> {
    if !AccountId::is_valid(id) {
        return Err(CsError::text(
            StatusCode::BAD_REQUEST,
            Shape::Bare,
            "Invalid account ID format",
        ));
    }
    let not_found = || {
        CsError::text(
            StatusCode::NOT_FOUND,
            Shape::Bare,
            "LinkedIn account not found or not accessible",
        )
    };
    let a = key
        .accounts
        .iter()
        .find(|a| a.id.0.eq_ignore_ascii_case(id))
        .ok_or_else(not_found)?;
    let acc = world.connectsafely.account(&a.id.0).ok_or_else(not_found)?;
    Ok((a, acc))
}

// ------------------------------------------------------------------ routes

fn account_status(req: &HttpRequest, state: &AppState) -> HttpResponse {
    let world = state.world();
    reply((|| {
        let key = authenticate(&world, req)?;
        let q = query(req);
        let chosen = match query_account(&q) {
            Some(id) => by_path(&world, key, id)?.0,
            None => super::routes::select(key, None).map_err(|_| {
                CsError::text(
                    StatusCode::NOT_FOUND,
                    Shape::Bare,
                    "No LinkedIn account found for this API key",
                )
            })?,
        };
        let acc = super::routes::account(&world, chosen)?;
        touch(&world, acc);
        Ok(HttpResponse::Ok().json(status(&world, chosen, acc)))
    })())
}

/// Status of the key's default (or the named) LinkedIn account.
///
/// Flat, without `success`. Without `accountId` the key's default account
/// answers.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("accountId" = Option<String>, Query, description = "LinkedIn account (24 hex); absent = the key's default account", example = "696ce9e780e0483585e4e553")),
    responses(
        (status = 200, description = "Account status", body = AccountStatus,
            example = json!({"id": "696ce9e780e0483585e4e553", "firstName": "Priya", "lastName": "Sharma", "publicId": "priya-sharma-5a1b2c3d", "platform": "ConnectSafely", "status": "AVAILABLE", "enabled": true, "lastUsed": "2024-01-15T10:30:00.000Z", "hasTokens": true, "linkedinPlan": {"premiumType": "SALES_NAVIGATOR", "isPremium": true, "hasSalesNavigator": true, "hasRecruiter": false, "hasAwayMessages": true, "hasAdvertiseBadge": false, "hasHiringManager": false}})),
        (status = 400, description = "Invalid account ID format", body = CsMessage,
            example = json!({"error": "Invalid account ID format", "message": "Invalid account ID format"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such LinkedIn account for this key", body = CsMessage,
            example = json!({"error": "LinkedIn account not found or not accessible", "message": "LinkedIn account not found or not accessible"})),
    )
)]
#[get("/linkedin/account/status")]
pub async fn get_account_status(req: HttpRequest, state: Data<AppState>) -> HttpResponse {
    account_status(&req, &state)
}

/// The same, by POST, as ConnectSafely's cookbook template and auth guide
/// send it (catalog 3.D: the client wins).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("accountId" = Option<String>, Query, description = "LinkedIn account (24 hex); absent = the key's default account", example = "696ce9e780e0483585e4e553")),
    responses(
        (status = 200, description = "Account status", body = AccountStatus,
            example = json!({"id": "696ce9e780e0483585e4e553", "firstName": "Priya", "lastName": "Sharma", "publicId": "priya-sharma-5a1b2c3d", "platform": "ConnectSafely", "status": "AVAILABLE", "enabled": true, "lastUsed": "2024-01-15T10:30:00.000Z", "hasTokens": true, "linkedinPlan": {"premiumType": "NON_PREMIUM", "isPremium": false, "hasSalesNavigator": false, "hasRecruiter": false, "hasAwayMessages": false, "hasAdvertiseBadge": false, "hasHiringManager": false}})),
        (status = 400, description = "Invalid account ID format", body = CsMessage,
            example = json!({"error": "Invalid account ID format", "message": "Invalid account ID format"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "No such LinkedIn account for this key", body = CsMessage,
            example = json!({"error": "LinkedIn account not found or not accessible", "message": "LinkedIn account not found or not accessible"})),
    )
)]
#[post("/linkedin/account/status")]
pub async fn post_account_status(req: HttpRequest, state: Data<AppState>) -> HttpResponse {
    account_status(&req, &state)
}

/// Status of one LinkedIn account of the key.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("accountId" = String, Path, description = "LinkedIn account (24 hex)", example = "696ce9e780e0483585e4e553")),
    responses(
        (status = 200, description = "Account status", body = AccountStatus,
            example = json!({"id": "696ce9e780e0483585e4e553", "firstName": "Priya", "lastName": "Sharma", "publicId": "priya-sharma-5a1b2c3d", "platform": "ConnectSafely", "status": "AVAILABLE", "enabled": true, "lastUsed": "2024-01-15T10:30:00.000Z", "hasTokens": true, "linkedinPlan": {"premiumType": "SALES_NAVIGATOR", "isPremium": true, "hasSalesNavigator": true, "hasRecruiter": false, "hasAwayMessages": true, "hasAdvertiseBadge": false, "hasHiringManager": false}})),
        (status = 400, description = "Invalid account ID format", body = CsMessage,
            example = json!({"error": "Invalid account ID format", "message": "Invalid account ID format"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Not found or not accessible", body = CsMessage,
            example = json!({"error": "LinkedIn account not found or not accessible", "message": "LinkedIn account not found or not accessible"})),
    )
)]
#[get("/linkedin/account/{accountId}/status")]
pub async fn account_status_by_id(
    req: HttpRequest,
    state: Data<AppState>,
    path: Path<String>,
) -> HttpResponse {
    let world = state.world();
    reply((|| {
        let key = authenticate(&world, &req)?;
        let (a, acc) = by_path(&world, key, &path)?;
        touch(&world, acc);
        Ok(HttpResponse::Ok().json(status(&world, a, acc)))
    })())
}

/// The account's LinkedIn subscription.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("accountId" = String, Path, description = "LinkedIn account (24 hex)", example = "696ce9e780e0483585e4e553")),
    responses(
        (status = 200, description = "The account's plan", body = PremiumResponse,
            example = json!({"success": true, "accountId": "696ce9e780e0483585e4e553", "accountName": "Priya Sharma", "premiumType": "SALES_NAVIGATOR", "isPremium": true, "hasSalesNavigator": true, "hasRecruiter": false, "hasAwayMessages": true, "hasAdvertiseBadge": false, "hasHiringManager": false, "features": ["INMAIL", "PROFILE_VIEWERS", "SALES_NAVIGATOR_INBOX"]})),
        (status = 400, description = "Invalid account ID format", body = CsMessage,
            example = json!({"error": "Invalid account ID format", "message": "Invalid account ID format"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
        (status = 404, description = "Not found or not accessible", body = CsMessage,
            example = json!({"error": "LinkedIn account not found or not accessible", "message": "LinkedIn account not found or not accessible"})),
    )
)]
#[get("/linkedin/account/{accountId}/premium")]
pub async fn account_premium(
    req: HttpRequest,
    state: Data<AppState>,
    path: Path<String>,
) -> HttpResponse {
    let world = state.world();
    reply((|| {
        let key = authenticate(&world, &req)?;
        let (a, acc) = by_path(&world, key, &path)?;
        touch(&world, acc);
        let me = world.linkedin.account_member(&a.id.0);
        let p = plan(a);
        let mut features = Vec::new();
        if p.is_premium {
            features.extend(["INMAIL".to_string(), "PROFILE_VIEWERS".to_string()]);
        }
        if p.has_sales_navigator {
            features.push("SALES_NAVIGATOR_INBOX".to_string());
        }
        Ok(HttpResponse::Ok().json(PremiumResponse {
            success: true,
            account_id: a.id.0.clone(),
            account_name: me.full_name(),
            premium_type: p.premium_type,
            is_premium: p.is_premium,
            has_sales_navigator: p.has_sales_navigator,
            has_recruiter: p.has_recruiter,
            has_away_messages: p.has_away_messages,
            has_advertise_badge: p.has_advertise_badge,
            has_hiring_manager: p.has_hiring_manager,
            features,
        }))
    })())
}

/// Every LinkedIn account the key may use (a bare array).
///
/// `q` filters: a 24-hex value selects that account, a `linkedin.com/in/…`
/// URL compares its public id with `publicId`, any other text is searched,
/// ignoring case, in first name, last name and `publicId`.
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    params(("q" = Option<String>, Query, description = "Account id, profile URL or text", example = "priya")),
    responses(
        (status = 200, description = "The key's accounts", body = Vec<AccountItem>,
            example = json!([{"id": "696ce9e780e0483585e4e553", "firstName": "Priya", "lastName": "Sharma", "publicId": "priya-sharma-5a1b2c3d", "picture": "https://media.licdn.com/dms/image/v2/C4E03AQH/profile-displayphoto-shrink_100_100/0/1", "status": "AVAILABLE", "enabled": true, "lastUsed": "2024-01-15T10:30:00.000Z", "hasTokens": true, "apiSeatAllocated": true}])),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
    )
)]
#[get("/linkedin/accounts")]
pub async fn accounts(req: HttpRequest, state: Data<AppState>) -> HttpResponse {
    let world = state.world();
    reply((|| {
        let key = authenticate(&world, &req)?;
        let q = query(&req);
        let filter = q.get("q").map(|s| s.trim()).filter(|s| !s.is_empty());
        let mut out = Vec::new();
        for a in &key.accounts {
            let Some(acc) = world.connectsafely.account(&a.id.0) else {
                continue;
            };
            let me = world.linkedin.account_member(&a.id.0);
            let keep = match filter {
                None => true,
                Some(f) if AccountId::is_valid(f) => a.id.0.eq_ignore_ascii_case(f),
                Some(f) if f.to_ascii_lowercase().contains("linkedin.com/in/") => {
                    public_id(f).eq_ignore_ascii_case(&me.handle)
                }
                Some(f) => {
                    let f = f.to_lowercase();
                    [&me.first_name, &me.last_name, &me.handle]
                        .iter()
                        .any(|s| s.to_lowercase().contains(&f))
                }
            };
            if keep {
                out.push(AccountItem {
                    id: a.id.0.clone(),
                    first_name: me.first_name.to_string(),
                    last_name: me.last_name.to_string(),
                    public_id: me.handle.to_string(),
                    picture: me.profile_picture.to_string(),
                    status: "AVAILABLE".into(),
                    enabled: true,
                    last_used: last_used(&world, acc),
                    has_tokens: true,
                    api_seat_allocated: true,
                });
            }
        }
        Ok(HttpResponse::Ok().json(out))
    })())
}

/// Health check at the host root (not under `/linkedin`), as the N8N
/// credential test calls it with the key: 200 for a known key, 401 else
/// (mocklink's decision: the credential test must be able to fail).
#[utoipa::path(
    tag = TAG,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The service is up and the key is valid", body = Health,
            example = json!({"status": "ok"})),
        (status = 401, description = "Unauthorized - Invalid or missing API key", body = CsMessage,
            example = json!({"error": "Unauthorized - Invalid credentials", "message": "Unauthorized - Invalid credentials"})),
    )
)]
#[get("/health")]
pub async fn cs_health(req: HttpRequest, state: Data<AppState>) -> HttpResponse {
    let world = state.world();
    reply(authenticate(&world, &req).map(|_| {
        HttpResponse::Ok().json(Health {
            status: "ok".into(),
        })
    }))
}
