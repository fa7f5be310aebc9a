//! Integration tests: one binary, one module per feature.

mod helpers;

mod admin;
mod apify;
mod atomus;
mod connectsafely;
mod facade;
mod fuzz;
mod health;
mod latency;
mod linkedin;
mod load;
mod openapi;
mod outx;
mod outx_api;
mod people;
mod readme;
mod scenario;
mod scenario_hardening;
mod server;
mod sessions;
mod transport;
