//! people tests.
