//! Every way an OutX request can fail, and the one place that maps a failure to
//! its status and `{"error": "..."}` body (OX-AUTH, OX-PLUGIN, OX-1, OX-2).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use super::model::ErrorBody;

/// OX-PLUGIN's message, word for word.
pub const PLUGIN_REQUIRED: &str = "Plugin installation required: Please install the OutX browser \
extension on at least one team member's account to use the API. The plugin must have been active \
within the last 48 hours.";

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
            OutxError::InvalidSlug | OutxError::InvalidTaskId => StatusCode::BAD_REQUEST,
            OutxError::TaskNotFound => StatusCode::NOT_FOUND,
            OutxError::Other { status, .. } => *status,
        }
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).json(ErrorBody {
            error: self.to_string(),
        })
    }
}
