//! How the OpenAPI document shows sessions (SPEC C-11): the prefix as a
//! server variable and the header as an optional parameter of every
//! operation.

use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::server::{ServerBuilder, ServerVariableBuilder};
use utoipa::openapi::{OpenApi, RefOr, Required};

/// The pattern of a session name.
pub const NAME_PATTERN: &str = "^[A-Za-z0-9._-]{1,64}$";

/// Adds the session server and header to `api`.
pub fn document(api: &mut OpenApi) {
    api.servers = Some(vec![
        ServerBuilder::new()
            .url("/")
            .description(Some("The default world"))
            .build(),
        ServerBuilder::new()
            .url("/__session/{session}")
            .description(Some(
                "A session: a world of its own (scenario, clock, counters, caches, \
                 credits, idempotency keys, tasks, runs, journal, faults), created on \
                 its first request. The prefix wins over the X-Mocklink-Session header.",
            ))
            .parameter(
                "session",
                ServerVariableBuilder::new()
                    .default_value("worker-1")
                    .description(Some("1 to 64 of A-Z a-z 0-9 . _ -")),
            )
            .build(),
    ]);
    let header = ParameterBuilder::new()
        .name("X-Mocklink-Session")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Serve this request in the named session (as the /__session/{session} \
             prefix does; the prefix wins). A bad name gets 400; a new session past \
             sessions.max gets 429.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(64))
                .pattern(Some(NAME_PATTERN)),
        ))
        .example(Some(serde_json::json!("worker-1")))
        .build();
    for item in api.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
        ]
        .into_iter()
        .flatten()
        {
            op.parameters
                .get_or_insert_with(Vec::new)
                .push(RefOr::T(header.clone()));
        }
    }
}
