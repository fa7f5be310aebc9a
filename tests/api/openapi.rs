//! The OpenAPI contract (SPEC C-10): served, committed, complete, and browsable
//! offline.

use std::collections::BTreeSet;

use serde_json::Value;

use super::helpers::*;

fn committed(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("openapi")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const REGENERATE: &str = "regenerate with `cargo run -- openapi openapi/` and commit";

// C-10: the committed copies are exactly what the server generates.
#[test]
fn committed_openapi_matches_generated() {
    let (full, per_provider) = mocklink::openapi_texts();
    assert!(
        committed("mocklink.json") == full,
        "openapi/mocklink.json is stale: {REGENERATE}"
    );
    for (p, doc) in per_provider {
        assert!(
            committed(&format!("{p}.json")) == doc,
            "openapi/{p}.json is stale: {REGENERATE}"
        );
    }
}

// C-10: /openapi.json and the per-provider documents are served.
#[test]
fn openapi_documents_are_served() {
    let app = spawn();
    let full = app.get("/openapi.json");
    assert_eq!(full.status, 200);
    assert_eq!(full.json["openapi"], "3.1.0");
    assert_eq!(full.text, mocklink::openapi_texts().0);
    for p in ["connectsafely", "atomus", "apify", "outx"] {
        let r = app.get(&format!("/openapi/{p}.json"));
        assert_eq!(r.status, 200, "{p}");
        assert_eq!(r.json["tags"][0]["name"], p);
        for (path, item) in r.json["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let tags = op["tags"].as_array().cloned().unwrap_or_default();
                assert!(
                    tags.contains(&Value::String(p.into())),
                    "{method} {path} in {p}"
                );
            }
        }
    }
    assert_eq!(app.get("/openapi/linkedin.json").status, 404);
}

/// (method, path) of every actix route macro in `src/`, with `{}` templates,
/// and of every path in a `routes!` list (Apify declares each route once for
/// its path forms: `get ["/v2/acts/{actor}" => acts_get, …] = handler {`).
fn routes_in_source() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source");
                let mut listing: Option<&str> = None;
                for line in text.lines().map(str::trim) {
                    for method in ["get", "post", "put", "delete", "patch", "head"] {
                        if line.starts_with(&format!("{method} [\"")) {
                            listing = Some(method);
                        }
                    }
                    if let Some(method) = listing {
                        // Every `"/path" => name` on the line.
                        for piece in line
                            .split("\" => ")
                            .collect::<Vec<_>>()
                            .iter()
                            .rev()
                            .skip(1)
                        {
                            if let Some((_, route)) = piece.rsplit_once('"') {
                                out.insert((method.to_string(), route.to_string()));
                            }
                        }
                        if line.contains("] = ") {
                            listing = None;
                        }
                    }
                    for method in ["get", "post", "put", "delete", "patch"] {
                        let open = format!("#[{method}(\"");
                        if let Some(rest) = line.strip_prefix(&open) {
                            if let Some(route) = rest.split('"').next() {
                                out.insert((method.to_string(), route.to_string()));
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

// C-10: every route in the router is in the spec, and nothing else is.
#[test]
fn every_route_in_the_router_is_in_the_spec() {
    let spec: Value = serde_json::from_str(&mocklink::openapi_texts().0).expect("json");
    let mut documented = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        for method in item.as_object().into_iter().flatten().map(|(m, _)| m) {
            documented.insert((method.clone(), path.clone()));
        }
    }
    let source = routes_in_source();
    assert!(source.len() >= 13, "found the route macros: {source:?}");
    assert_eq!(source, documented);
}

// C-10: every operation documents at least one response with a JSON body schema
// and belongs to exactly one tag.
#[test]
fn every_operation_has_a_tag_and_documented_responses() {
    let spec: Value = serde_json::from_str(&mocklink::openapi_texts().0).expect("json");
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            assert_eq!(
                op["tags"].as_array().map(Vec::len),
                Some(1),
                "{method} {path}"
            );
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path}"
            );
        }
    }
}

// C-10: operation ids are unique across the whole document (OpenAPI 3.1
// requires it; generators name client methods after them), so two providers'
// handlers of the same name must not both reach the spec unqualified.
#[test]
fn operation_ids_are_unique_across_providers() {
    let spec: Value = serde_json::from_str(&mocklink::openapi_texts().0).expect("json");
    let mut seen = std::collections::BTreeMap::new();
    let mut count = 0;
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let Some(id) = op["operationId"].as_str() else {
                continue;
            };
            count += 1;
            if let Some(first) = seen.insert(id.to_string(), format!("{method} {path}")) {
                panic!("operationId {id:?} is used by {first} and {method} {path}");
            }
        }
    }
    assert!(count > 100, "only {count} operations carry an operationId");
}

// C-10: the docs page and its assets come from the binary, not a CDN.
#[test]
fn docs_page_is_served_without_internet() {
    let app = spawn();
    let page = app.get("/docs/");
    assert_eq!(page.status, 200);
    assert!(page.text.contains("swagger-ui"), "{}", page.text);
    for asset in [
        "swagger-ui-bundle.js",
        "swagger-ui.css",
        "swagger-initializer.js",
    ] {
        let r = app.get(&format!("/docs/{asset}"));
        assert_eq!(r.status, 200, "{asset}");
    }
    let init = app.get("/docs/swagger-initializer.js").text;
    assert!(
        init.contains("/openapi.json") && init.contains("/openapi/outx.json"),
        "{init}"
    );
    for text in [&page.text, &init] {
        assert!(!text.contains("https://"), "no remote assets: {text}");
    }
}
