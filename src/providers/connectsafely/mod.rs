//! ConnectSafely (SPEC §1, seeds 000, 002, 003): `POST /linkedin/profile`,
//! `/linkedin/connect`, `/linkedin/profile/visitors` and
//! `/linkedin/endorse-skill`, with bearer keys owning LinkedIn accounts, the
//! 6 h profile cache, the daily profile and weekly connection limits with
//! their 24 h hold, Zod-shaped validation errors and ConnectSafely's own
//! error bodies. It owns these rules and their per-account state; people,
//! the clock, faults and the journal are shared services of the world.
//!
//! Layout: `routes` (thin handlers and their OpenAPI), `input` and `zod`
//! (validation), `logic` (pure per-account rules of `now`), `visitors`
//! (the deterministic visitor list), `render` (person → wire types),
//! `model` (wire types), `error` (every failure → status and body), `state`.

mod account;
mod actions;
mod content;
mod content_model;
mod error;
mod groups;
mod input;
mod links;
mod logic;
mod messaging;
mod model;
mod network;
mod organizations;
mod posts;
mod posts_input;
mod render;
mod routes;
mod search;
mod search_input;
mod state;
mod steps;
mod uploads;
mod visitors;
mod zod;

use actix_web::{http::StatusCode, HttpResponse, ResponseError};

use crate::state::World;

pub use state::State;

/// Registers this provider's routes.
pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(routes::profile)
        .service(routes::connect)
        .service(routes::profile_visitors)
        .service(routes::endorse_skill);
    account::configure(cfg);
    actions::configure(cfg);
    network::configure(cfg);
    organizations::configure(cfg);
    messaging::configure(cfg);
    // Posts, search and groups (catalog §3.E–3.G).
    cfg.service(posts::posts_latest)
        .service(posts::posts_react)
        .service(posts::posts_comment)
        .service(posts::posts_comments)
        .service(posts::posts_comments_all)
        .service(posts::posts_search)
        .service(posts::posts_scrape)
        .service(posts::posts_create)
        .service(uploads::upload_init)
        .service(uploads::upload_complete)
        .service(uploads::document_status)
        .service(search::search_people)
        .service(search::search_people_v2)
        .service(search::search_geo)
        .service(search::search_jobs)
        .service(search::search_company_details)
        .service(groups::group_members)
        .service(groups::group_members_by_url)
        .service(groups::group_resolve)
        .service(groups::group_members_get);
}

/// This provider's error body for `status` (faults, 404/405/413):
/// `{"success": false, "error": message}`, and the CS-AUTH body for 401.
pub fn error_response(_world: &World, status: StatusCode, message: &str) -> HttpResponse {
    if status == StatusCode::UNAUTHORIZED {
        return error::CsError::Unauthorized.error_response();
    }
    error::CsError::Upstream {
        status,
        message: message.to_string(),
    }
    .error_response()
}
