//! The OpenAPI document (SPEC C-10): `info`, tags and security schemes are set
//! here; paths and schemas come from the handlers' `#[utoipa::path]`
//! annotations, collected as the routes are registered, so the spec cannot
//! drift from the router. It also cuts the document into one per provider and
//! serves both. The docs page at `/docs/` ships its assets in the binary.

use std::collections::{BTreeMap, BTreeSet};

use actix_web::web::{Data, Path};
use actix_web::{get, HttpResponse};
use serde_json::Value;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{InfoBuilder, OpenApi, Tag};
use utoipa_swagger_ui::{Config, SwaggerUi, Url};

/// Providers with a document of their own, by tag.
pub const PROVIDERS: [&str; 4] = ["connectsafely", "atomus", "apify", "outx"];

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
            "mocklink's own controls: clock, reset, scenario, journal, faults, OpenAPI",
        ),
    ] {
        let mut t = Tag::new(name);
        t.description = Some(about.to_string());
        tags.push(t);
    }
    api.tags = Some(tags);
    for item in api.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
        ]
        .into_iter()
        .flatten()
        {
            for (status, resp) in op.responses.responses.iter_mut() {
                if let utoipa::openapi::RefOr::T(r) = resp {
                    // OpenAPI requires a description on every response.
                    if r.description.is_empty() {
                        r.description = reason(status);
                    }
                }
            }
        }
    }
    crate::sessions::document_openapi(&mut api);
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

fn reason(status: &str) -> String {
    status
        .parse::<u16>()
        .ok()
        .and_then(|s| actix_web::http::StatusCode::from_u16(s).ok())
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Response")
        .to_string()
}

/// The documents served: the whole one and one per provider, rendered once.
#[derive(Debug, Clone)]
pub struct Documents {
    pub full: String,
    pub per_provider: BTreeMap<&'static str, String>,
}

impl Documents {
    pub fn new(api: &OpenApi) -> Documents {
        let value = serde_json::to_value(api).unwrap_or(Value::Null);
        let render =
            |v: &Value| serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".into()) + "\n";
        Documents {
            full: render(&value),
            per_provider: PROVIDERS
                .iter()
                .map(|p| (*p, render(&provider_document(&value, p))))
                .collect(),
        }
    }
}

/// The part of the document tagged `tag`, with only the schemas and security
/// schemes it uses, so a user can hand one provider's spec to their tooling.
pub fn provider_document(full: &Value, tag: &str) -> Value {
    let mut doc = full.clone();
    let tagged = |op: &Value| {
        op.get("tags")
            .and_then(Value::as_array)
            .is_some_and(|t| t.iter().any(|x| x == tag))
    };
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            if let Some(ops) = item.as_object_mut() {
                ops.retain(|_, op| tagged(op));
            }
        }
        paths.retain(|_, item| item.as_object().is_some_and(|o| !o.is_empty()));
    }
    // Schemas reachable from the kept paths, following $refs transitively.
    let schemas = full
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or(Value::Null);
    let mut used = BTreeSet::new();
    let mut todo = Vec::new();
    collect_refs(doc.get("paths").unwrap_or(&Value::Null), &mut todo);
    while let Some(name) = todo.pop() {
        if used.insert(name.clone()) {
            if let Some(s) = schemas.get(&name) {
                collect_refs(s, &mut todo);
            }
        }
    }
    let mut security = BTreeSet::new();
    collect_security(doc.get("paths").unwrap_or(&Value::Null), &mut security);
    if let Some(c) = doc.get_mut("components").and_then(Value::as_object_mut) {
        if let Some(s) = c.get_mut("schemas").and_then(Value::as_object_mut) {
            s.retain(|k, _| used.contains(k));
        }
        if let Some(s) = c.get_mut("securitySchemes").and_then(Value::as_object_mut) {
            s.retain(|k, _| security.contains(k));
        }
    }
    if let Some(tags) = doc.get_mut("tags").and_then(Value::as_array_mut) {
        tags.retain(|t| t.get("name").is_some_and(|n| n == tag));
    }
    if let Some(title) = doc.pointer_mut("/info/title") {
        *title = Value::String(format!("mocklink: {tag}"));
    }
    doc
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref" {
                    if let Some(name) = x
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    {
                        out.push(name.to_string());
                    }
                } else {
                    collect_refs(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

fn collect_security(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "security" {
                    for req in x.as_array().into_iter().flatten() {
                        if let Some(o) = req.as_object() {
                            out.extend(o.keys().cloned());
                        }
                    }
                } else {
                    collect_security(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_security(x, out)),
        _ => {}
    }
}

pub fn configure(cfg: &mut impl crate::routes::Register) {
    cfg.service(index)
        .service(openapi_json)
        .service(provider_openapi_json);
}

/// Where things are: `GET /` answers this small map.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Index {
    #[schema(example = "mocklink")]
    pub name: &'static str,
    #[schema(example = "0.1.0")]
    pub version: &'static str,
    /// The OpenAPI document of everything served.
    #[schema(example = "/openapi.json")]
    pub openapi: &'static str,
    /// The browsable docs page.
    #[schema(example = "/docs/")]
    pub docs: &'static str,
    /// mocklink's own API (health, clock, reset, scenario, journal, faults).
    #[schema(example = "/__admin/")]
    pub admin: &'static str,
    /// Base URL path of each provider on this server.
    pub providers: BTreeMap<&'static str, &'static str>,
}

/// A small index of where things are on this server.
#[utoipa::path(
    tag = "admin",
    responses((status = 200, description = "Where things are", body = Index,
        example = json!({"name": "mocklink", "version": "0.1.0", "openapi": "/openapi.json", "docs": "/docs/", "admin": "/__admin/",
            "providers": {"connectsafely": "/linkedin", "atomus": "/", "apify": "/", "outx": "/"}})))
)]
#[get("/")]
async fn index() -> HttpResponse {
    HttpResponse::Ok().json(Index {
        name: "mocklink",
        version: env!("CARGO_PKG_VERSION"),
        openapi: "/openapi.json",
        docs: "/docs/",
        admin: "/__admin/",
        providers: BTreeMap::from([
            ("connectsafely", "/linkedin"),
            ("atomus", "/"),
            ("apify", "/"),
            ("outx", "/"),
        ]),
    })
}

/// The OpenAPI document of everything mocklink serves.
#[utoipa::path(
    tag = "admin",
    responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json", body = Object))
)]
#[get("/openapi.json")]
async fn openapi_json(docs: Data<Documents>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(docs.full.clone())
}

/// One provider's part of the OpenAPI document.
#[utoipa::path(
    tag = "admin",
    params(("provider" = String, Path, description = "connectsafely, atomus, apify or outx")),
    responses(
        (status = 200, description = "OpenAPI 3.1 document", content_type = "application/json", body = Object),
        (status = 404, description = "No such provider", body = crate::admin::AdminError)
    )
)]
#[get("/openapi/{provider}.json")]
async fn provider_openapi_json(docs: Data<Documents>, provider: Path<String>) -> HttpResponse {
    match docs.per_provider.get(provider.as_str()) {
        Some(d) => HttpResponse::Ok()
            .content_type("application/json")
            .body(d.clone()),
        None => HttpResponse::NotFound().json(crate::admin::AdminError {
            error: format!(
                "unknown provider {:?}: expected connectsafely, atomus, apify or outx",
                provider.as_str()
            ),
        }),
    }
}

/// The docs page: Swagger UI with its assets compiled in (the `vendored`
/// feature), listing the whole document and each provider's.
pub fn docs_page() -> SwaggerUi {
    let mut urls = vec![Url::new("mocklink (all)", "/openapi.json")];
    for (name, url) in [
        ("ConnectSafely", "/openapi/connectsafely.json"),
        ("Atomus", "/openapi/atomus.json"),
        ("Apify", "/openapi/apify.json"),
        ("OutX", "/openapi/outx.json"),
    ] {
        urls.push(Url::new(name, url));
    }
    SwaggerUi::new("/docs/{_:.*}").config(Config::new(urls))
}

/// Writes the committed copies: `DIR/mocklink.json` and `DIR/<provider>.json`.
pub fn write_documents(
    dir: &std::path::Path,
    docs: &Documents,
) -> std::io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = vec![dir.join("mocklink.json")];
    std::fs::write(&written[0], &docs.full)?;
    for (p, d) in &docs.per_provider {
        let path = dir.join(format!("{p}.json"));
        std::fs::write(&path, d)?;
        written.push(path);
    }
    Ok(written)
}
