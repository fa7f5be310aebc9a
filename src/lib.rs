//! mocklink: one local server that stands in for the ConnectSafely, Atomus
//! (and its Apify actor) and OutX LinkedIn-data APIs, with deterministic fake
//! people, a controllable clock, fault injection and a request journal.
//!
//! The public surface is small: [`MockLink`] to embed a server in tests,
//! [`Server`]/[`ServerConfig`] to run one, and [`Scenario`] to configure it.

mod admin;
pub mod clock;
mod decode;
mod faults;
mod http;
mod journal;
mod openapi;
pub mod people;
mod providers;
mod routes;
pub mod scenario;
mod server;
mod state;

pub use scenario::{Scenario, ScenarioError};
pub use server::{
    openapi_document, openapi_texts, write_openapi, MockLink, MockLinkBuilder, Server,
    ServerConfig, DEFAULT_REQUEST_TIMEOUT,
};
pub use state::{AppState, World};
