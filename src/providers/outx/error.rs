//! Every way an OutX request can fail, and the one place that maps a failure to
//! its status and `{"error": "..."}` body (OX-AUTH, OX-PLUGIN, OX-1, OX-2 and
//! the catalog's per-endpoint errors, outx.md §2.3).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use super::model::ErrorBody;

/// OX-PLUGIN's message, word for word.
pub const PLUGIN_REQUIRED: &str = "Plugin installation required: Please install the OutX browser \
extension on at least one team member's account to use the API. The plugin must have been active \
within the last 48 hours.";

/// A watchlist of another team (outx.md §2.1).
pub const ACCESS_DENIED: &str = "Access denied";

/// Shorthand for a 400 with OutX's message.
pub fn bad(message: impl Into<String>) -> OutxError {
    OutxError::BadRequest(message.into())
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutxError {
    #[error("Missing API Key")]
    MissingKey,
    #[error("Invalid API Key")]
    InvalidKey,
    #[error("{PLUGIN_REQUIRED}")]
    PluginRequired,
    #[error("Missing or invalid 'profile_slug'")]
    InvalidSlug,
    #[error("Missing or invalid 'api_agent_task_id'")]
    InvalidTaskId,
    #[error("Agent task not found")]
    TaskNotFound,
    /// A request field is missing or wrong: OutX's message for it.
    #[error("{0}")]
    BadRequest(String),
    /// A one-time code that does not match or has expired.
    #[error("Invalid or expired OTP")]
    InvalidOtp,
    /// The plan's watchlist limit: one more create is refused.
    #[error("Your plan includes up to {0} watchlists. Upgrade your plan or delete a watchlist to create a new one.")]
    PlanLimit(u64),
    /// Another team's resource.
    #[error("{0}")]
    Forbidden(&'static str),
    /// An unknown id: OutX's message for the kind of thing.
    #[error("{0}")]
    NotFound(String),
    /// LinkedIn's invitation limit on the acting account.
    #[error("{0}")]
    TooManyRequests(String),
    /// A status that does not come from OutX's rules: an injected fault, an
    /// unknown path or method, an oversized body.
    #[error("{message}")]
    Other { status: StatusCode, message: String },
}

impl ResponseError for OutxError {
    fn status_code(&self) -> StatusCode {
        match self {
            OutxError::MissingKey | OutxError::InvalidKey => StatusCode::UNAUTHORIZED,
            OutxError::PluginRequired => StatusCode::FORBIDDEN,
            OutxError::InvalidSlug | OutxError::InvalidTaskId | OutxError::BadRequest(_) => {
                StatusCode::BAD_REQUEST
            }
            OutxError::InvalidOtp => StatusCode::UNAUTHORIZED,
            OutxError::PlanLimit(_) => StatusCode::PAYMENT_REQUIRED,
            OutxError::Forbidden(_) => StatusCode::FORBIDDEN,
            OutxError::TaskNotFound | OutxError::NotFound(_) => StatusCode::NOT_FOUND,
            OutxError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            OutxError::Other { status, .. } => *status,
        }
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).json(ErrorBody {
            error: self.to_string(),
        })
    }
}
