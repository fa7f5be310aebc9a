//! mocklink: one local server that stands in for the ConnectSafely, Atomus
//! (and its Apify actor) and OutX LinkedIn-data APIs, with deterministic fake
//! people, a controllable clock, fault injection and a request journal.
//!
//! The public surface is small: [`MockLink`] to embed a server in tests,
//! [`Server`]/[`ServerConfig`] to run one, and [`Scenario`] to configure it.

mod admin;
pub mod clock;
mod decode;
mod facade;
mod faults;
pub mod health;
mod http;
mod journal;
pub mod keys;
pub mod linkedin;
mod openapi;
mod providers;
mod routes;
pub mod scenario;
mod server;
mod sessions;
mod state;

pub use facade::{ControlError, Fault, Requests, SessionHandle};
pub use journal::JournalEntry;
/// The members part of the LinkedIn model under its former name.
pub use linkedin::members as people;
pub use scenario::{ProviderName, ProviderName as Provider, Scenario, ScenarioError};

/// The `chrono` types the helpers take and return, so a test needs no
/// `chrono` dependency of its own to call them.
pub use chrono::{DateTime, Duration, TimeDelta, Utc};
pub use server::{
    check_cors_origin, openapi_document, openapi_texts, write_openapi, MockLink, MockLinkBuilder,
    Server, ServerConfig, DEFAULT_REQUEST_TIMEOUT,
};
pub use sessions::{IdleMinutes, MaxSessions, SessionInfo, SessionSettings, SessionsConfig};
pub use state::{AppState, World};
