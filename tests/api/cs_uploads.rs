//! ConnectSafely uploads (catalog §3.E: `/posts/upload/init`,
//! `/posts/upload/complete`, `GET /posts/upload/document-status`), through
//! HTTP against the real server.

use serde_json::{json, Value};

use super::helpers::*;

const KEY: &str = "cs_live_demo";
const OTHER_KEY: &str = "cs_live_other";
const INIT: &str = "/linkedin/posts/upload/init";
const COMPLETE: &str = "/linkedin/posts/upload/complete";
const STATUS: &str = "/linkedin/posts/upload/document-status";

fn init(app: &TestApp, kind: &str, size: u64) -> Reply {
    app.post_bearer(
        INIT,
        KEY,
        &json!({ "mediaType": kind, "fileSize": size, "filename": "f.bin" }),
    )
}

fn status(app: &TestApp, key: &str, urn: &str) -> Reply {
    app.send(
        app.client
            .get(app.url(STATUS))
            .query(&[("assetUrn", urn)])
            .bearer_auth(key),
    )
}

#[test]
fn small_uploads_are_single_with_one_url_and_big_videos_are_4_mib_parts() {
    // Catalog §3.E upload/init: SINGLE gives uploadUrl + uploadHeaders,
    // MULTIPART gives mediaArtifactUrn + partUploadRequests + multipartMetadata.
    let app = spawn();
    let r = init(&app, "image", 1000);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["uploadType"], "SINGLE");
    assert!(r.json["assetUrn"]
        .as_str()
        .is_some_and(|u| u.starts_with("urn:li:digitalmediaAsset:")));
    assert!(r.json["uploadUrl"].is_string());
    assert!(r.json["uploadHeaders"].is_object());
    assert!(r.json.get("partUploadRequests").is_none());
    let size = 4 * 1024 * 1024 * 2 + 1;
    let v = init(&app, "video", size);
    assert_eq!(v.json["uploadType"], "MULTIPART", "{}", v.text);
    let parts = v.json["partUploadRequests"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[2]["byteRange"]["lastByte"], json!(size - 1));
    assert!(v.json["mediaArtifactUrn"].is_string());
    assert!(v.json["multipartMetadata"].is_string());
    assert!(v.json.get("uploadUrl").is_none());
}

#[test]
fn upload_init_validates_with_zod_issues() {
    // CS-ZOD on upload/init: every missing field, in schema order.
    let app = spawn();
    let r = app.post_bearer(INIT, KEY, &json!({ "mediaType": "gif" }));
    assert_eq!(r.status, 400);
    let paths: Vec<Value> = r.json["error"]["issues"]
        .as_array()
        .map(|i| i.iter().map(|x| x["path"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(
        paths,
        vec![
            json!(["mediaType"]),
            json!(["fileSize"]),
            json!(["filename"])
        ]
    );
    assert_eq!(r.json["error"]["issues"][0]["code"], "invalid_enum_value");
    let big = init(&app, "document", 200 * 1024 * 1024);
    assert_eq!(big.status, 400, "{}", big.text);
}

#[test]
fn document_is_processing_until_the_virtual_clock_passes_its_processing_time() {
    // Catalog §5.10: document assets move to READY on the virtual clock.
    let app = spawn();
    let urn = init(&app, "document", 5000).json["assetUrn"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let r = status(&app, KEY, &urn);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        (r.json["status"].clone(), r.json["ready"].clone()),
        (json!("PROCESSING"), json!(false))
    );
    app.advance(59.0);
    assert_eq!(status(&app, KEY, &urn).json["ready"], json!(false));
    app.advance(1.0);
    let r = status(&app, KEY, &urn);
    assert_eq!(
        (r.json["status"].clone(), r.json["ready"].clone()),
        (json!("READY"), json!(true))
    );
}

#[test]
fn document_status_needs_an_asset_of_this_account() {
    let app = spawn();
    let urn = init(&app, "document", 5000).json["assetUrn"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    // Another key's account does not see it; a missing URN is 400 (E1 shape).
    let r = status(&app, OTHER_KEY, &urn);
    assert_eq!(r.status, 404, "{}", r.text);
    assert_eq!(
        r.json,
        json!({ "error": format!("Asset not found: {urn}"), "message": format!("Asset not found: {urn}") })
    );
    let r = app.send(app.client.get(app.url(STATUS)).bearer_auth(KEY));
    assert_eq!(
        r.json,
        json!({ "error": "assetUrn is required", "message": "assetUrn is required" })
    );
    assert_eq!(r.status, 400);
    let r = app.send(app.client.get(app.url(STATUS)).query(&[("assetUrn", &urn)]));
    assert_eq!(r.status, 401);
}

#[test]
fn multipart_complete_needs_every_part_with_a_2xx() {
    // Catalog §3.E upload/complete.
    let app = spawn();
    let v = init(&app, "video", 4 * 1024 * 1024 + 10);
    let artifact = v.json["mediaArtifactUrn"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let asset = v.json["assetUrn"].as_str().unwrap_or_default().to_string();
    let part = |code: u64| json!({ "httpStatusCode": code, "headers": { "ETag": "x" } });
    let send = |parts: Vec<Value>| {
        app.post_bearer(
            COMPLETE,
            KEY,
            &json!({ "mediaArtifactUrn": artifact, "multipartMetadata": v.json["multipartMetadata"], "partUploadResponses": parts }),
        )
    };
    let r = send(vec![part(200)]);
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(
        r.json,
        json!({ "error": "Expected 2 part upload responses, received 1", "message": "Expected 2 part upload responses, received 1" })
    );
    assert_eq!(status(&app, KEY, &asset).json["ready"], json!(false));
    let r = send(vec![part(200), part(503)]);
    assert_eq!(r.status, 400);
    let r = send(vec![part(200), part(201)]);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json, json!({ "success": true }));
    assert_eq!(status(&app, KEY, &asset).json["ready"], json!(true));
    let r = app.post_bearer(
        COMPLETE,
        KEY,
        &json!({ "mediaArtifactUrn": "urn:li:digitalmediaMediaArtifact:nope", "partUploadResponses": [] }),
    );
    assert_eq!(r.status, 404);
    let r = app.post_bearer(
        COMPLETE,
        KEY,
        &json!({ "partUploadResponses": [{ "httpStatusCode": "200" }] }),
    );
    assert_eq!(r.status, 400);
    let paths: Vec<Value> = r.json["error"]["issues"]
        .as_array()
        .map(|i| i.iter().map(|x| x["path"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(
        paths,
        vec![
            json!(["mediaArtifactUrn"]),
            json!(["partUploadResponses", 0, "httpStatusCode"])
        ]
    );
}
