//! outx: tests arrive with its issue.
