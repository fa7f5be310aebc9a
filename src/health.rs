//! The client side of `GET /__admin/health`, for `mocklink health`: a
//! container built `FROM scratch` has no curl, so its health check is the
//! binary asking itself. Kept in the library so tests reach it directly.

use std::time::Duration;

/// How long one check may take before the server counts as unhealthy; a
/// Docker health check that hangs is worse than one that fails.
pub const TIMEOUT: Duration = Duration::from_secs(3);

/// Why a server is not healthy.
#[derive(Debug, thiserror::Error)]
pub enum HealthError {
    #[error("no answer: {0}")]
    Unreachable(String),
    #[error("answered HTTP {0}")]
    Status(u16),
    #[error("answered something that is not mocklink's health document: {0}")]
    Body(String),
}

/// Asks `base`/__admin/health and returns the server's version when it
/// answers 200 with `"status":"ok"`.
pub fn check(base: &str) -> Result<String, HealthError> {
    let url = format!("{}/__admin/health", base.trim_end_matches('/'));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(&url)
        .call()
        .map_err(|e| HealthError::Unreachable(e.to_string()))?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(HealthError::Status(status));
    }
    let text = response
        .body_mut()
        .with_config()
        .limit(64 * 1024)
        .read_to_string()
        .map_err(|e| HealthError::Body(e.to_string()))?;
    let doc: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| HealthError::Body(e.to_string()))?;
    match (
        doc.get("status").and_then(|s| s.as_str()),
        doc.get("version"),
    ) {
        (Some("ok"), Some(serde_json::Value::String(v))) => Ok(v.clone()),
        _ => Err(HealthError::Body(text.chars().take(200).collect())),
    }
}
