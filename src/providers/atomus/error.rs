//! Every way an Atomus request fails, and the one place that maps a failure
//! to its status, `code`, `retryable` flag and envelope (AT-ERR).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use super::model::{ErrorBody, ErrorDetail};

#[derive(Debug, Clone, thiserror::Error)]
pub enum AtomusError {
    #[error("Missing or malformed Authorization header. Send `Authorization: Bearer <key>`.")]
    Unauthenticated,
    #[error("API key is not recognized or has been revoked.")]
    InvalidApiKey,
    #[error("Tenant credit balance is below the request cost. Top up and resend.")]
    InsufficientCredits,
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0}")]
    ValidationFailed(String),
    #[error("This Idempotency-Key was already used with a different request body.")]
    IdempotencyKeyReused,
    #[error("Sustained request rate exceeded the tenant limit of {0} requests per second.")]
    RateLimitExceeded(u32),
    #[error("Upstream provider returned a non-success response.")]
    UpstreamError,
    #[error("Upstream provider did not respond within the time budget.")]
    UpstreamTimeout,
    #[error("{0}")]
    Internal(String),
    /// A status that has no code of its own (unknown route, wrong method,
    /// oversized body, odd injected faults).
    #[error("{message}")]
    Other { status: StatusCode, message: String },
}

impl AtomusError {
    pub fn status(&self) -> StatusCode {
        match self {
            AtomusError::Unauthenticated | AtomusError::InvalidApiKey => StatusCode::UNAUTHORIZED,
            AtomusError::InsufficientCredits => StatusCode::PAYMENT_REQUIRED,
            AtomusError::InvalidInput(_) => StatusCode::BAD_REQUEST,
            AtomusError::ValidationFailed(_) | AtomusError::IdempotencyKeyReused => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AtomusError::RateLimitExceeded(_) => StatusCode::TOO_MANY_REQUESTS,
            AtomusError::UpstreamError => StatusCode::BAD_GATEWAY,
            AtomusError::UpstreamTimeout => StatusCode::GATEWAY_TIMEOUT,
            AtomusError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AtomusError::Other { status, .. } => *status,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AtomusError::Unauthenticated => "unauthenticated",
            AtomusError::InvalidApiKey => "invalid_api_key",
            AtomusError::InsufficientCredits => "insufficient_credits",
            AtomusError::InvalidInput(_) => "invalid_input",
            AtomusError::ValidationFailed(_) => "validation_failed",
            AtomusError::IdempotencyKeyReused => "idempotency_key_reused",
            AtomusError::RateLimitExceeded(_) => "rate_limit_exceeded",
            AtomusError::UpstreamError => "upstream_error",
            AtomusError::UpstreamTimeout => "upstream_timeout",
            AtomusError::Internal(_) => "internal_error",
            AtomusError::Other { status, .. } => match status.as_u16() {
                404 => "not_found",
                405 => "method_not_allowed",
                413 => "payload_too_large",
                s if s >= 500 => "internal_error",
                _ => "invalid_input",
            },
        }
    }

    /// Whether the same request may succeed when sent again (seed 001's table).
    pub fn retryable(&self) -> bool {
        let s = self.status();
        s == StatusCode::TOO_MANY_REQUESTS || s.is_server_error()
    }

    /// The error for a status set from outside the rules (faults, fallbacks).
    pub fn for_status(status: StatusCode, message: &str) -> AtomusError {
        let message = message.to_string();
        match status.as_u16() {
            400 => AtomusError::InvalidInput(message),
            401 => AtomusError::Unauthenticated,
            402 => AtomusError::InsufficientCredits,
            422 => AtomusError::ValidationFailed(message),
            429 => AtomusError::RateLimitExceeded(4),
            500 => AtomusError::Internal(message),
            502 => AtomusError::UpstreamError,
            504 => AtomusError::UpstreamTimeout,
            _ => AtomusError::Other { status, message },
        }
    }

    pub fn body(&self, request_id: String) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code().to_string(),
                message: self.to_string(),
                retryable: self.retryable(),
                request_id,
            },
        }
    }

    /// With the request id it is reported under.
    pub fn with_id(self, request_id: String) -> Failure {
        Failure {
            error: self,
            request_id,
        }
    }
}

/// An [`AtomusError`] as answered to one request.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct Failure {
    pub error: AtomusError,
    pub request_id: String,
}

impl ResponseError for Failure {
    fn status_code(&self) -> StatusCode {
        self.error.status()
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).json(self.error.body(self.request_id.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_table_of_codes_statuses_and_retryable_holds() {
        for (e, status, code, retry) in [
            (AtomusError::Unauthenticated, 401, "unauthenticated", false),
            (AtomusError::InvalidApiKey, 401, "invalid_api_key", false),
            (
                AtomusError::InsufficientCredits,
                402,
                "insufficient_credits",
                false,
            ),
            (
                AtomusError::InvalidInput("x".into()),
                400,
                "invalid_input",
                false,
            ),
            (
                AtomusError::ValidationFailed("x".into()),
                422,
                "validation_failed",
                false,
            ),
            (
                AtomusError::RateLimitExceeded(4),
                429,
                "rate_limit_exceeded",
                true,
            ),
            (AtomusError::UpstreamError, 502, "upstream_error", true),
            (AtomusError::UpstreamTimeout, 504, "upstream_timeout", true),
            (
                AtomusError::Internal("x".into()),
                500,
                "internal_error",
                true,
            ),
        ] {
            assert_eq!(e.status().as_u16(), status);
            assert_eq!(e.code(), code);
            assert_eq!(e.retryable(), retry, "{code}");
        }
    }
}
