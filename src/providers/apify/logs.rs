//! A run's log (catalog #5, #7, #16, #17): one timestamped line when the run
//! starts, one per URL as the run processes it on the clock, one when it
//! ends. With `stream=1` (or `true`) the response stays open and sends lines
//! as the clock reaches them, and ends when the run ends — the official
//! clients' `call()` waits for that end.

use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Data};
use actix_web::{get, HttpRequest, HttpResponse};

use super::common::{flag, routes, Result, POLL};
use super::model::ApifyErrorBody;
use super::record::RunRecord;
use super::runs::located;
use crate::state::{AppState, World};

const TEXT: &str = "text/plain; charset=utf-8";
/// Longest a stream stays open in real time: a run on a frozen clock never
/// ends, and a forgotten stream must not live for ever.
const STREAM_MAX: StdDuration = StdDuration::from_secs(3600);

/// What a log stream needs between two chunks. It holds no lock.
struct Tail {
    state: Data<AppState>,
    world: Arc<World>,
    run: Arc<RunRecord>,
    sent: usize,
    until: Instant,
}

impl Tail {
    /// The next lines, waiting for the clock to reach them; None once the
    /// run has ended and every line went out (or the world was reset).
    async fn next(
        mut self,
    ) -> Option<(std::result::Result<Bytes, std::convert::Infallible>, Tail)> {
        loop {
            let now = self.world.now();
            let lines = self.run.log_from(now, self.sent);
            if !lines.is_empty() {
                self.sent += lines.len();
                return Some((Ok(Bytes::from(lines.concat())), self));
            }
            let swapped = !Arc::ptr_eq(&self.state.world(), &self.world);
            if self.run.status(now).is_terminal() || swapped || Instant::now() >= self.until {
                return None;
            }
            actix_web::rt::time::sleep(POLL).await;
        }
    }
}

async fn get_log(req: HttpRequest, state: Data<AppState>, _body: Bytes) -> Result<HttpResponse> {
    let world = state.world();
    let (run, stream) = located(&world, &req, |q| {
        let stream = flag(q, "stream", false)?;
        flag(q, "raw", false)?;
        flag(q, "download", false)?;
        Ok(stream)
    })
    .await?;
    if !stream {
        let text = run.log_from(world.now(), 0).concat();
        return Ok(HttpResponse::Ok().content_type(TEXT).body(text));
    }
    let tail = Tail {
        state: state.clone(),
        world: world.clone(),
        run,
        sent: 0,
        until: Instant::now() + STREAM_MAX,
    };
    let body = futures_util::stream::unfold(tail, Tail::next);
    Ok(HttpResponse::build(StatusCode::OK)
        .content_type(TEXT)
        .streaming(body))
}

/// Query of the log routes.
#[allow(dead_code)] // documents the parameters; read through a map
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LogQuery {
    /// API token; optional for a run by id (the id is the secret), checked when given.
    token: Option<String>,
    /// `1`/`true`: keep the response open and send lines as the run writes them; it ends when the run ends.
    #[param(pattern = "^(0|1|true|false)$")]
    stream: Option<String>,
    /// `1`/`true`: keep ANSI codes (the log has none; accepted).
    #[param(pattern = "^(0|1|true|false)$")]
    raw: Option<String>,
    /// `1`/`true`: as a download (accepted).
    #[param(pattern = "^(0|1|true|false)$")]
    download: Option<String>,
    /// With `runs/last`: only a run with this status.
    status: Option<String>,
}
routes! {
    get ["/v2/actor-runs/{runId}/log" => actor_runs_log: by_run,
         "/v2/logs/{runId}" => logs_get: by_run,
         "/v2/actors/{actor}/runs/last/log" => actors_last_log: last_run,
         "/v2/acts/{actor}/runs/last/log" => acts_last_log: last_run] = get_log {
        params(LogQuery),
        responses(
            (status = 200, description = "Log lines `2024-01-16T00:00:00.000Z message`, one per line",
             content((String = "text/plain"))),
            (status = 400, description = "invalid-input", body = ApifyErrorBody),
            (status = 401, description = "token-not-provided or token-not-valid", body = ApifyErrorBody),
            (status = 404, description = "record-not-found", body = ApifyErrorBody,
             example = json!({"error": {"type": "record-not-found", "message": "Actor run was not found"}})),
        )
    }
}
