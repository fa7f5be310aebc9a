//! Integration tests: one binary, one module per feature.

mod helpers;

mod admin;
mod apify;
mod apify_catalog;
mod atomus;
mod compression;
mod connectsafely;
mod cs_account;
mod cs_groups;
mod cs_network;
mod cs_posts;
mod cs_search;
mod cs_uploads;
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
