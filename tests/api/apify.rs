//! apify: tests arrive with its issue.
