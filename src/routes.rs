//! One list of routes, two uses. Every module registers its handlers through
//! [`Register`]; the OpenAPI document is built once from utoipa's
//! `ServiceConfig` (which records each handler's `#[utoipa::path]`), and every
//! worker's router from actix's plain `ServiceConfig`. So the spec still
//! cannot drift from the router, but workers do not each re-generate the
//! whole document at start-up (memory a worker's allocator would then keep).

use actix_web::dev::HttpServiceFactory;
use utoipa_actix_web::OpenApiFactory;

/// Where a module puts its routes.
pub trait Register {
    fn service<F>(&mut self, factory: F) -> &mut Self
    where
        F: HttpServiceFactory + OpenApiFactory + 'static;
}

impl Register for utoipa_actix_web::service_config::ServiceConfig<'_> {
    fn service<F>(&mut self, factory: F) -> &mut Self
    where
        F: HttpServiceFactory + OpenApiFactory + 'static,
    {
        utoipa_actix_web::service_config::ServiceConfig::service(self, factory)
    }
}

impl Register for actix_web::web::ServiceConfig {
    fn service<F>(&mut self, factory: F) -> &mut Self
    where
        F: HttpServiceFactory + OpenApiFactory + 'static,
    {
        actix_web::web::ServiceConfig::service(self, factory)
    }
}

/// Every route mocklink serves, in one place.
pub fn all(cfg: &mut impl Register) {
    crate::providers::configure(cfg);
    crate::admin::configure(cfg);
    crate::sessions::admin::configure(cfg);
    crate::openapi::configure(cfg);
}
