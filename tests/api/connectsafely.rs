//! connectsafely: tests arrive with its issue.
