//! mocklink: one local server that stands in for the ConnectSafely, Atomus
//! (and its Apify actor) and OutX LinkedIn-data APIs, with deterministic fake
//! people, a controllable clock, fault injection and a request journal.
//!
//! The public surface is small: [`MockLink`] to embed a server in tests,
//! [`Server`]/[`ServerConfig`] to run one, and [`Scenario`] to configure it.

mod admin;
pub mod clock;
mod faults;
pub mod health;
mod http;
mod journal;
pub mod linkedin;
mod openapi;
mod providers;
mod routes;
pub mod scenario;
mod server;
mod state;

/// The members part of the LinkedIn model under its former name.
pub use linkedin::members as people;
pub use scenario::{Scenario, ScenarioError};
pub use server::{
    openapi_document, openapi_texts, write_openapi, MockLink, MockLinkBuilder, Server,
    ServerConfig, DEFAULT_REQUEST_TIMEOUT,
};
pub use state::{AppState, World};
