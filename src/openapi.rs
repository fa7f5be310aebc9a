//! The OpenAPI document (SPEC C-10): `info`, tags and security schemes set
//! here; paths and schemas come from the handlers' `#[utoipa::path]`
//! annotations, collected as the routes are registered, so the spec cannot
//! drift from the router.

use actix_web::{web, HttpResponse};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{InfoBuilder, OpenApi, Tag};

/// Fills in what the handlers cannot say about the whole document.
pub fn finish(mut api: OpenApi) -> OpenApi {
    api.info = InfoBuilder::new()
        .title("mocklink")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "A local stand-in for the ConnectSafely, Atomus (with its Apify actor) and OutX \
             LinkedIn-data APIs, plus mocklink's own admin API under /__admin.",
        ))
        .build();
    let mut tags = Vec::new();
    for (name, about) in [
        ("connectsafely", "ConnectSafely (base URL /linkedin)"),
        ("atomus", "Atomus profile enrichment"),
        ("apify", "The Atomus scraper as an Apify actor"),
        ("outx", "OutX LinkedIn agent tasks"),
        (
            "admin",
            "mocklink's own controls: clock, reset, scenario, journal, faults",
        ),
    ] {
        let mut t = Tag::new(name);
        t.description = Some(about.to_string());
        tags.push(t);
    }
    api.tags = Some(tags);
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
    );
    components.add_security_scheme(
        "x_api_key",
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("x-api-key"))),
    );
    components.add_security_scheme(
        "apify_token",
        SecurityScheme::ApiKey(ApiKey::Query(ApiKeyValue::new("token"))),
    );
    api
}

/// `/openapi.json`.
pub fn routes(api: OpenApi) -> actix_web::Resource {
    let body = api.to_pretty_json().unwrap_or_else(|_| "{}".into());
    web::resource("/openapi.json").route(web::get().to(move || {
        let body = body.clone();
        async move {
            HttpResponse::Ok()
                .content_type("application/json")
                .body(body)
        }
    }))
}
