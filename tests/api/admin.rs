//! admin tests.
