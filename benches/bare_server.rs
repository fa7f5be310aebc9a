//! The ceiling mocklink is measured against: a bare actix-web server that only
//! checks the auth header, parses the same JSON body (or query) as the routes
//! under test, and answers a fixed document. Same actix version and
//! allocator, same worker count, same machine, same run — so `mocklink / bare`
//! isolates what mocklink itself costs. Run by `benches/run.sh`; not part of the product.

use actix_web::http::header;
use actix_web::web::{self, Bytes};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer};
use serde::Deserialize;
use serde_json::{json, Value};

/// The same allocator as the `mocklink` binary, so the ratio measures
/// mocklink's own work rather than the two allocators.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bearer(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|k| !k.is_empty())
}

async fn profile(req: HttpRequest, body: Bytes) -> HttpResponse {
    if !bearer(&req) {
        return HttpResponse::Unauthorized()
            .json(json!({"error": "Unauthorized - Invalid credentials"}));
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return HttpResponse::BadRequest()
            .json(json!({"success": false, "error": "Invalid JSON in request body"}));
    };
    let Some(id) = v.get("profileId").and_then(Value::as_str) else {
        return HttpResponse::BadRequest().json(json!({"success": false}));
    };
    HttpResponse::Ok().json(json!({
        "success": true, "profileId": id, "accountId": "696ce9e780e0483585e4e553",
        "profile": {"firstName": "Anandi", "lastName": "Devi",
            "headline": "Go-To-Market (GTM) Engineer @ ConnectSafely | MBA",
            "location": {"countryCode": "in", "postalCode": null, "geoLocationName": null},
            "entityUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o",
            "publicIdentifier": id, "profilePicture": "https://media.licdn.com/x",
            "isPremium": true, "isVerified": true, "supportsFreeEmail": true,
            "connectionCount": 958, "followerCount": 1243, "isConnected": true,
            "connectionDegree": "DISTANCE_1", "invitationSent": false, "invitationReceived": false},
        "cached": false, "expiresAt": "2024-01-15T16:30:00.000Z",
        "message": "Profile information retrieved successfully"
    }))
}

async fn enrich(req: HttpRequest, body: Bytes) -> HttpResponse {
    if !bearer(&req) {
        return HttpResponse::Unauthorized().json(json!({"error": {"code": "unauthenticated"}}));
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return HttpResponse::BadRequest().json(json!({"error": {"code": "invalid_input"}}));
    };
    let Some(url) = v.get("url").and_then(Value::as_str) else {
        return HttpResponse::BadRequest().json(json!({"error": {"code": "invalid_input"}}));
    };
    HttpResponse::Ok().json(json!({
        "data": {"url": url, "status": "success", "profile": {
            "full_name": "Anandi Devi", "title": "GTM Engineer",
            "headline": "Go-To-Market (GTM) Engineer @ ConnectSafely | MBA",
            "summary": "…", "company": {"name": "ConnectSafely"},
            "location": {"country": "IN", "state": null, "city": "Delhi"},
            "skills": ["Sales", "CRM"], "educations": [], "position_groups": []}},
        "meta": {"request_id": "req_01HXXXXXXXXXXXXXXXXXXXXXXX", "api": "linkedin-profile-enrichment",
            "version": "v1", "mode": "live", "credits_used": 1, "credits_remaining": 999, "duration_ms": 1}
    }))
}

/// A page of `count` (≤ 100) people or group members: what the search and
/// group routes answer, from a fixed card.
fn people_page(key: &str, count: u64) -> Value {
    let people: Vec<Value> = (0..count.min(100))
        .map(|i| {
            json!({"profileId": format!("jane-roe-{i}"), "publicIdentifier": format!("jane-roe-{i}"),
                "profileUrn": "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o",
                "profileUrl": format!("https://www.linkedin.com/in/jane-roe-{i}/"),
                "firstName": "Jane", "lastName": "Roe", "fullName": "Jane Roe",
                "headline": "Head of Growth at Acme", "currentPosition": "Head of Growth",
                "currentCompany": {"id": "1441", "name": "Acme", "universalName": "acme"},
                "location": "Austin, Texas, United States", "connectionDegree": "2nd",
                "isPremium": false, "isOpenToWork": false,
                "profilePicture": "https://media.licdn.com/x", "mutualConnectionsCount": 3})
        })
        .collect();
    json!({"success": true, key: people,
        "pagination": {"start": 0, "count": count.min(100), "total": 1000}, "hasMore": true})
}

/// The ceiling for `POST /linkedin/search/people` and `/groups/members`.
async fn page(req: HttpRequest, body: Bytes, key: &'static str) -> HttpResponse {
    if !bearer(&req) {
        return HttpResponse::Unauthorized()
            .json(json!({"error": "Unauthorized - Invalid credentials"}));
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return HttpResponse::BadRequest()
            .json(json!({"success": false, "error": "Invalid JSON in request body"}));
    };
    let count = v.get("count").and_then(Value::as_u64).unwrap_or(50);
    HttpResponse::Ok().json(people_page(key, count))
}

#[derive(Deserialize)]
struct TaskQuery {
    api_agent_task_id: String,
}

async fn task_status(req: HttpRequest, q: web::Query<TaskQuery>) -> HttpResponse {
    if req.headers().get("x-api-key").is_none() {
        return HttpResponse::Unauthorized().json(json!({"error": "Missing API Key"}));
    }
    HttpResponse::Ok().json(json!({
        "success": true,
        "data": {"id": q.api_agent_task_id, "status": "completed",
            "task_input": {"task_type": "agent_profile_fetch", "profile_slug": "anandi-devi"},
            "task_output": {"name": "Anandi Devi", "headline": "GTM Engineer", "location": "Delhi, India"}}
    }))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(8090);
    let server = HttpServer::new(|| {
        App::new()
            .route("/linkedin/profile", web::post().to(profile))
            .route(
                "/v1/linkedin-profile-enrichment/enrich",
                web::post().to(enrich),
            )
            .route(
                "/linkedin-agent/get-task-status",
                web::get().to(task_status),
            )
            .route(
                "/linkedin/search/people",
                web::post().to(|r, b| page(r, b, "people")),
            )
            .route(
                "/linkedin/groups/members",
                web::post().to(|r, b| page(r, b, "members")),
            )
    })
    .bind(("127.0.0.1", port))?;
    println!("bare listening on http://127.0.0.1:{port}");
    server.run().await
}
