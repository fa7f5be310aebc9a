//! openapi: tests arrive with its issue.
