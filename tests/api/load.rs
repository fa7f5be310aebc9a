//! load tests (issue 7).
