//! The watchlist feed and engagement (outx.md §5, flows 2–4).
