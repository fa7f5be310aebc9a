//! `GET /__admin/sessions` and `DELETE /__admin/sessions/{name}` (SPEC C-11).
//! Outside a session they see every session; inside one, like every admin
//! route, they act on that session alone (it lists itself and may drop
//! itself), so a worker can never disturb another.

use actix_web::web::{Data, Path};
use actix_web::{delete, get, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::{edge, SessionInfo};
use crate::admin::{AdminError, TAG};

pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(list_sessions).service(delete_session);
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionList {
    /// Oldest first.
    pub sessions: Vec<SessionInfo>,
}

/// Live sessions, oldest first (inside a session: that session alone).
#[utoipa::path(tag = TAG, responses((status = 200, description = "Live sessions", body = SessionList)))]
#[get("/__admin/sessions")]
async fn list_sessions(req: HttpRequest, root: Data<Root>) -> HttpResponse {
    let sessions = &root.0;
    let list = match edge::scope(&req) {
        None => sessions.list(),
        Some(scope) => sessions
            .get(&scope.name)
            .map(|s| vec![sessions.info(&s)])
            .unwrap_or_default(),
    };
    HttpResponse::Ok().json(SessionList { sessions: list })
}

/// Drops a session and everything in it (inside a session: only itself).
#[utoipa::path(
    tag = TAG,
    params(("name" = String, Path, description = "Session name", example = "gw3")),
    responses(
        (status = 204, description = "Dropped"),
        (status = 404, description = "No such session", body = AdminError,
         example = json!({"error": "no session named \"gw3\""}))
    )
)]
#[delete("/__admin/sessions/{name}")]
async fn delete_session(req: HttpRequest, root: Data<Root>, name: Path<String>) -> HttpResponse {
    let visible = edge::scope(&req).is_none_or(|s| *s.name == *name);
    if visible && root.0.remove(&name) {
        HttpResponse::NoContent().finish()
    } else {
        HttpResponse::NotFound().json(AdminError {
            error: format!("no session named {:?}", name.as_str()),
        })
    }
}

/// The registry, as app data of its own: a session's requests get a state
/// bound to their world, so the registry cannot be reached through it.
pub struct Root(pub std::sync::Arc<super::Sessions>);
