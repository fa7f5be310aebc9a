//! Shared set-up: every test starts the real server in-process on a free port
//! through the library facade and talks HTTP to it, as a client would.

#![allow(dead_code)]

use mocklink::{MockLink, Scenario};
use reqwest::blocking::{Client, RequestBuilder, Response};
use serde_json::Value;

/// A default-scenario moment that is a Monday morning, far from any reset.
pub const MONDAY_MORNING: &str = "2024-01-15T10:30:00Z";

pub struct TestApp {
    pub mock: MockLink,
    pub client: Client,
}

/// The default scenario, its clock frozen at `at`.
pub fn default_at(at: &str) -> Scenario {
    let mut s = Scenario::default_scenario();
    s.clock.start = Some(at.parse().expect("test time"));
    s.clock.frozen = true;
    s
}

/// The default scenario with a frozen clock at [`MONDAY_MORNING`].
pub fn spawn() -> TestApp {
    spawn_scenario(default_at(MONDAY_MORNING))
}

pub fn spawn_scenario(scenario: Scenario) -> TestApp {
    TestApp {
        mock: MockLink::builder().scenario(scenario).start(),
        client: Client::builder()
            .timeout(std::time::Duration::from_secs(90))
            .build()
            .expect("http client"),
    }
}

/// Loads a scenario file of the repo's `scenarios/` folder.
pub fn scenario_file(name: &str) -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    Scenario::from_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// A response read whole: status, headers and body (JSON when it parses).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
}

pub fn read(resp: Response) -> Reply {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().expect("body");
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        text,
        json,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        self.mock.url(path)
    }

    pub fn send(&self, rb: RequestBuilder) -> Reply {
        read(rb.send().expect("request"))
    }

    pub fn get(&self, path: &str) -> Reply {
        self.send(self.client.get(self.url(path)))
    }

    pub fn delete(&self, path: &str) -> Reply {
        self.send(self.client.delete(self.url(path)))
    }

    pub fn post_json(&self, path: &str, body: &Value) -> Reply {
        self.send(self.client.post(self.url(path)).json(body))
    }

    pub fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::blocking::Body>,
    ) -> Reply {
        self.send(
            self.client
                .post(self.url(path))
                .header("content-type", content_type)
                .body(body),
        )
    }

    /// POST with `Authorization: Bearer <key>`.
    pub fn post_bearer(&self, path: &str, key: &str, body: &Value) -> Reply {
        self.send(self.client.post(self.url(path)).bearer_auth(key).json(body))
    }

    /// Moves the virtual clock forward.
    pub fn advance(&self, seconds: f64) -> Reply {
        let r = self.post_json(
            "/__admin/clock",
            &serde_json::json!({ "advanceSeconds": seconds }),
        );
        assert_eq!(r.status, 200, "{}", r.text);
        r
    }

    /// Sets the virtual clock.
    pub fn set_clock(&self, at: &str) -> Reply {
        let r = self.post_json("/__admin/clock", &serde_json::json!({ "set": at }));
        assert_eq!(r.status, 200, "{}", r.text);
        r
    }

    pub fn now(&self) -> String {
        self.get("/__admin/clock").json["now"]
            .as_str()
            .expect("clock")
            .to_string()
    }

    pub fn journal(&self, query: &str) -> Vec<Value> {
        let r = self.get(&format!("/__admin/requests{query}"));
        assert_eq!(r.status, 200, "{}", r.text);
        r.json["requests"].as_array().cloned().unwrap_or_default()
    }
}
