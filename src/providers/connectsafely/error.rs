//! Every way a ConnectSafely request can fail, and the exact status and body
//! each one answers with (SPEC §1), in one place. The documented key order
//! differs between errors (`{"error","success"}` for the 429s, the connect
//! 400s and the profile 404; `{"success","error"}` for the account 404 and
//! the Zod-era 400s), hence two text shapes.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::Value;

use super::model::{
    ConnectHeld, CsBadRequest, CsFailure, CsMessage, CsRefusal, CsZodError, ZodErrorBody,
};

#[derive(Debug, thiserror::Error)]
pub enum CsError {
    /// CS-AUTH: no bearer key, or one the scenario does not know.
    #[error("Unauthorized - Invalid credentials")]
    Unauthorized,
    /// CS-ZOD decision: the body does not parse as JSON.
    #[error("Invalid JSON in request body")]
    InvalidJson,
    /// CS-ZOD: every issue Zod would report, already in Zod 3's shape.
    #[error("ZodError")]
    Zod(Vec<Value>),
    /// CS-ACCOUNT: the key does not own this id (or it is not an id at all).
    #[error("LinkedIn account not found: {0}")]
    AccountNotFound(String),
    /// CS-C1.
    #[error("Either profileId or profileUrn must be provided")]
    TargetMissing,
    /// CS-E1 decision.
    #[error("Either skillId or random=true must be provided")]
    SkillChoiceMissing,
    /// CS-P3.
    #[error("Rate limit exceeded for PROFILE: {used}/{limit} used. Resets at {reset}")]
    ProfileLimit {
        used: u32,
        limit: u32,
        reset: String,
    },
    /// CS-C4: the weekly limit was hit, or the account is on hold.
    #[error("Connection request limit exceeded: {used}/{limit} used. New connection requests blocked for {hold_hours} hours. Other activities (messaging, following, etc.) are not affected.")]
    ConnectHold {
        used: u32,
        limit: u32,
        /// Already formatted: `24`, or `0.5` for a fractional scenario value.
        hold_hours: String,
        hold_until: String,
        weekly_reset: String,
    },
    /// CS-C3 / CS-E3: no such member (the id or URN the client sent).
    #[error("LinkedIn profile not found: {0}")]
    ProfileNotFound(String),
    /// CS-C3 decision.
    #[error("Already connected or invitation pending: {0}")]
    AlreadyConnected(String),
    /// CS-V3.
    #[error("LinkedIn Premium required to view profile visitors")]
    PremiumRequired,
    /// CS-E3.
    #[error("Skill not found: {0}")]
    SkillNotFound(String),
    /// Endorsing a skill this account already endorsed (mocklink's choice).
    #[error("Skill already endorsed: {0}")]
    AlreadyEndorsed(String),
    /// CS-E3 decision.
    #[error("No unendorsed skills left on {0}")]
    NoUnendorsedSkills(String),
    /// An injected fault: what the real service answers when LinkedIn fails.
    #[error("{message}")]
    Upstream { status: StatusCode, message: String },
    /// A failure of a route beyond the seeds, in the shape its docs page
    /// shows (catalog §2 "Error shapes"): routes name their own texts.
    #[error("{error}")]
    Text {
        status: StatusCode,
        shape: Shape,
        error: String,
    },
    /// A rule of the posts, search and groups routes, in the E3 shape
    /// `{"success": false, "error": …}`.
    #[error("{message}")]
    Failed { status: StatusCode, message: String },
    /// The same in the E1 shape `{"error": …}`: the upload routes' documented
    /// errors carry no `success`.
    #[error("{message}")]
    Bare { status: StatusCode, message: String },
    /// G-4: a daily action limit other than PROFILE (COMMENT, GROUP_MEMBERS),
    /// worded as CS-P3's.
    #[error("Rate limit exceeded for {action}: {used}/{limit} used. Resets at {reset}")]
    DailyLimit {
        action: &'static str,
        used: u32,
        limit: u32,
        reset: String,
    },
}

/// The catalog's text error shapes (E1..E3). Every one also carries the text
/// as `message` (last), because the provider's own clients read `message`
/// first (N8N) or only (the agent examples): mocklink's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// E1 `{"error"}`.
    Bare,
    /// E2 `{"error","success":false}`.
    ErrorFirst,
    /// E3 `{"success":false,"error"}`.
    SuccessFirst,
}

impl CsError {
    pub fn text(status: StatusCode, shape: Shape, error: impl Into<String>) -> CsError {
        CsError::Text {
            status,
            shape,
            error: error.into(),
        }
    }

    /// A 429 of a daily-limited action, worded as CS-P3's.
    pub fn daily_limit(action: &str, used: u32, limit: u32, reset: &str) -> CsError {
        CsError::text(
            StatusCode::TOO_MANY_REQUESTS,
            Shape::ErrorFirst,
            format!("Rate limit exceeded for {action}: {used}/{limit} used. Resets at {reset}"),
        )
    }

    /// E3 with a status.
    pub fn failed(status: StatusCode, message: impl Into<String>) -> CsError {
        CsError::Failed {
            status,
            message: message.into(),
        }
    }

    /// E1 with a status.
    pub fn bare(status: StatusCode, message: impl Into<String>) -> CsError {
        CsError::Bare {
            status,
            message: message.into(),
        }
    }
}

impl ResponseError for CsError {
    fn status_code(&self) -> StatusCode {
        match self {
            CsError::Unauthorized => StatusCode::UNAUTHORIZED,
            CsError::InvalidJson
            | CsError::Zod(_)
            | CsError::TargetMissing
            | CsError::SkillChoiceMissing
            | CsError::AlreadyConnected(_)
            | CsError::AlreadyEndorsed(_)
            | CsError::NoUnendorsedSkills(_) => StatusCode::BAD_REQUEST,
            CsError::AccountNotFound(_)
            | CsError::ProfileNotFound(_)
            | CsError::SkillNotFound(_) => StatusCode::NOT_FOUND,
            CsError::ProfileLimit { .. } | CsError::ConnectHold { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            CsError::PremiumRequired => StatusCode::FORBIDDEN,
            CsError::Upstream { status, .. }
            | CsError::Text { status, .. }
            | CsError::Failed { status, .. }
            | CsError::Bare { status, .. } => *status,
            CsError::DailyLimit { .. } => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let error = self.to_string();
        let mut out = HttpResponse::build(self.status_code());
        let failure = |error: String| CsFailure {
            success: false,
            message: error.clone(),
            error,
        };
        let refusal = |error: String| CsRefusal {
            message: error.clone(),
            error,
            success: false,
        };
        let bare = |error: String| CsMessage {
            message: error.clone(),
            error,
        };
        match self {
            CsError::Unauthorized | CsError::PremiumRequired => out.json(bare(error)),
            CsError::Text { shape, .. } => match shape {
                Shape::Bare => out.json(bare(error)),
                Shape::ErrorFirst => out.json(refusal(error)),
                Shape::SuccessFirst => out.json(failure(error)),
            },
            CsError::Zod(issues) => out.json(CsBadRequest::Zod(CsZodError {
                success: false,
                error: ZodErrorBody {
                    issues: issues.clone(),
                    name: "ZodError".into(),
                },
            })),
            CsError::ConnectHold {
                hold_until,
                weekly_reset,
                ..
            } => out.json(ConnectHeld {
                message: error.clone(),
                error,
                success: false,
                hold_until: hold_until.clone(),
                weekly_reset: weekly_reset.clone(),
            }),
            CsError::TargetMissing | CsError::AlreadyConnected(_) => out.json(refusal(error)),
            CsError::ProfileLimit { .. } | CsError::ProfileNotFound(_) => out.json(refusal(error)),
            CsError::InvalidJson
            | CsError::SkillChoiceMissing
            | CsError::AlreadyEndorsed(_)
            | CsError::NoUnendorsedSkills(_) => out.json(CsBadRequest::Failure(failure(error))),
            CsError::AccountNotFound(_) | CsError::SkillNotFound(_) | CsError::Upstream { .. } => {
                out.json(failure(error))
            }
            CsError::Failed { .. } => out.json(failure(error)),
            CsError::Bare { .. } => out.json(bare(error)),
            CsError::DailyLimit { .. } => out.json(refusal(error)),
        }
    }
}

/// `24` for whole hours, `0.5` otherwise: how the hold reads in the 429 text.
pub fn hours_text(hours: f64) -> String {
    if hours.fract() == 0.0 && hours.abs() < 1e15 {
        format!("{}", hours as i64)
    } else {
        format!("{hours}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_hours_print_without_a_fraction() {
        assert_eq!(hours_text(24.0), "24");
        assert_eq!(hours_text(0.5), "0.5");
    }

    #[test]
    fn connect_hold_text_is_the_documented_one() {
        let e = CsError::ConnectHold {
            used: 90,
            limit: 90,
            hold_hours: "24".into(),
            hold_until: String::new(),
            weekly_reset: String::new(),
        };
        assert_eq!(
            e.to_string(),
            "Connection request limit exceeded: 90/90 used. New connection requests blocked for 24 hours. Other activities (messaging, following, etc.) are not affected."
        );
    }
}
