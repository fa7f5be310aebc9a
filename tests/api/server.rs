//! server tests.
