//! atomus: tests arrive with its issue.
