//! The LinkedIn agent task types (outx.md §3).
