//! Every way an Apify request fails, mapped in one place to the status and
//! Apify's `{"error": {"type", "message"}}` body (AP-4).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use super::model::{ApifyErrorBody, ApifyErrorDetail};

#[derive(Debug, Clone, thiserror::Error)]
pub enum ApifyError {
    #[error("Authentication token was not provided")]
    TokenNotProvided,
    #[error("User was not found or authentication token is not valid")]
    TokenNotValid,
    #[error("Actor was not found")]
    ActorNotFound,
    #[error("{0} was not found")]
    RecordNotFound(&'static str),
    #[error("{0}")]
    InvalidInput(String),
    #[error("Actor run exceeded the timeout of {secs} seconds for this API endpoint, but the Actor run {run_id} continues in the background")]
    RunTimeoutExceeded { secs: f64, run_id: String },
    /// A status from outside the rules (faults, unknown routes, 413).
    #[error("{message}")]
    Other { status: StatusCode, message: String },
}

impl ApifyError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApifyError::TokenNotProvided | ApifyError::TokenNotValid => StatusCode::UNAUTHORIZED,
            ApifyError::ActorNotFound | ApifyError::RecordNotFound(_) => StatusCode::NOT_FOUND,
            ApifyError::InvalidInput(_) => StatusCode::BAD_REQUEST,
            ApifyError::RunTimeoutExceeded { .. } => StatusCode::REQUEST_TIMEOUT,
            ApifyError::Other { status, .. } => *status,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            ApifyError::TokenNotProvided => "token-not-provided",
            ApifyError::TokenNotValid => "token-not-valid",
            ApifyError::ActorNotFound => "actor-not-found",
            ApifyError::RecordNotFound(_) => "record-not-found",
            ApifyError::InvalidInput(_) => "invalid-input",
            ApifyError::RunTimeoutExceeded { .. } => "run-timeout-exceeded",
            ApifyError::Other { status, .. } => match status.as_u16() {
                400 => "invalid-input",
                401 => "token-not-valid",
                402 => "not-enough-usage-to-run-paid-actor",
                403 => "insufficient-permissions",
                404 => "page-not-found",
                405 => "method-not-allowed",
                408 => "run-timeout-exceeded",
                413 => "request-too-large",
                415 => "unsupported-content-encoding",
                429 => "rate-limit-exceeded",
                _ => "internal-server-error",
            },
        }
    }

    pub fn body(&self) -> ApifyErrorBody {
        ApifyErrorBody {
            error: ApifyErrorDetail {
                kind: self.kind().to_string(),
                message: self.to_string(),
            },
        }
    }
}

impl ResponseError for ApifyError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status()).json(self.body())
    }
}
