//! Start-up: binds the listener first (so port 0 works and the address is
//! known before anything is served), builds the shared state once outside the
//! per-worker closure, and lists every route in one place. Also the embeddable
//! [`MockLink`] used by tests, which runs the same server on its own thread.

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;

use actix_service::{
    fn_service, map_config, IntoServiceFactory, ServiceFactory, ServiceFactoryExt,
};
use actix_web::middleware::from_fn;
use actix_web::rt::net::TcpStream;
use actix_web::web::{self, Data};
use actix_web::App;
use utoipa::openapi::OpenApi;
use utoipa_actix_web::AppExt;

use crate::facade::{ControlError, Fault, Requests, SessionHandle, Target};
use crate::http::{capture, extractor_error, fallback, BodyTimeout, RouteTable, MAX_BODY};
use crate::openapi;
use crate::scenario::{Scenario, ScenarioError};
use crate::sessions::{self, SessionSettings};
use crate::state::AppState;
use target_repair::TargetRepair;

mod target_repair;

/// How to run a server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub host: String,
    /// 0 = any free port.
    pub port: u16,
    pub scenario: Scenario,
    /// Worker threads; None = one per core.
    pub workers: Option<usize>,
    /// How long a client has to send a request's head, and again its body; a
    /// slower client gets 408 and its connection closed (slow-loris guard,
    /// SPEC C-7).
    pub request_timeout: std::time::Duration,
    /// Origins browsers may call from (`*` = any); empty = no CORS (C-12).
    pub cors_origins: Vec<String>,
    /// Server-wide session settings (`--session-idle-minutes`).
    pub sessions: SessionSettings,
}

/// The default [`ServerConfig::request_timeout`].
pub const DEFAULT_REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            host: "127.0.0.1".into(),
            port: 8080,
            scenario: Scenario::default_scenario(),
            workers: None,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            cors_origins: Vec::new(),
            sessions: SessionSettings::default(),
        }
    }
}

/// Checks a `--cors-origin` value: `*`, or an origin as a browser sends it
/// (`scheme://host[:port]`, nothing after). actix-cors would only fail each
/// worker's start-up on a bad one, so it is refused here with its reason.
pub fn check_cors_origin(origin: &str) -> Result<(), String> {
    if origin == "*" {
        return Ok(());
    }
    let uri: actix_web::http::Uri = origin.parse().map_err(|_| {
        format!("invalid CORS origin {origin:?}: expected * or scheme://host[:port]")
    })?;
    let bare = uri.scheme().is_some()
        && uri.host().is_some_and(|h| !h.is_empty())
        && uri
            .path_and_query()
            .is_none_or(|p| p.as_str().is_empty() || p.as_str() == "/")
        && !origin.ends_with('/');
    if bare {
        Ok(())
    } else {
        Err(format!(
            "invalid CORS origin {origin:?}: expected * or scheme://host[:port] (no path or trailing slash)"
        ))
    }
}

/// CORS for browser-based tools (C-12): preflights answered, every method
/// and request header allowed, every response header readable (rate-limit
/// headers, `Location`, …). Off (a pass-through) when no origin is given.
fn cors(origins: &[String]) -> actix_web::middleware::Condition<actix_cors::Cors> {
    let mut c = actix_cors::Cors::default()
        .allow_any_method()
        .allow_any_header()
        .expose_any_header()
        .max_age(3600);
    for o in origins {
        c = if o == "*" {
            c.allow_any_origin()
        } else {
            c.allowed_origin(o)
        };
    }
    actix_web::middleware::Condition::new(!origins.is_empty(), c)
}

/// `GET /docs` → the docs page at `/docs/` (C-12).
async fn docs_redirect() -> actix_web::HttpResponse {
    actix_web::HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, "/docs/"))
        .finish()
}

/// Builds one worker's router. Routes come from [`routes::all`], the same list
/// the OpenAPI document is built from; the document itself is built once, in
/// [`Server::bind`].
fn build_app(
    state: Data<AppState>,
    root: Data<sessions::admin::Root>,
    routes: Data<RouteTable>,
    docs: Data<openapi::Documents>,
    body_timeout: BodyTimeout,
    cors_origins: &[String],
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state)
        .app_data(root)
        .app_data(routes)
        .app_data(docs)
        .app_data(web::PayloadConfig::new(MAX_BODY))
        .app_data(body_timeout)
        .app_data(
            web::QueryConfig::default()
                .error_handler(|e, req| extractor_error(format!("invalid query string: {e}"), req)),
        )
        .app_data(
            web::PathConfig::default()
                .error_handler(|e, req| extractor_error(format!("invalid path: {e}"), req)),
        )
        .configure(crate::routes::all)
        .route("/docs", web::get().to(docs_redirect))
        .service(openapi::docs_page())
        .default_service(web::to(fallback))
        // Inside `capture`: rewrites Apify's `owner/name` actor paths before routing.
        .wrap(from_fn(crate::providers::apify::normalize_actor_path))
        .wrap(from_fn(capture))
        // Outermost: the session is resolved (and its prefix cut) before
        // anything else sees the request.
        .wrap(from_fn(sessions::edge::route))
        // Outermost, so a preflight is answered before anything else runs.
        .wrap(cors(cors_origins))
}

/// The OpenAPI document of everything the server serves (SPEC C-10).
pub fn openapi_document() -> OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .configure(|cfg| crate::routes::all(cfg))
        .split_for_parts();
    openapi::finish(api)
}

/// Writes the committed OpenAPI copies (`mocklink.json` and one per provider)
/// into `dir`; `mocklink openapi DIR` calls this.
pub fn write_openapi(dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    openapi::write_documents(dir, &openapi::Documents::new(&openapi_document()))
}

/// The served documents, as text: (`/openapi.json`, per provider).
pub fn openapi_texts() -> (String, std::collections::BTreeMap<&'static str, String>) {
    let d = openapi::Documents::new(&openapi_document());
    (d.full, d.per_provider)
}

/// What the transport needs to know besides the app.
struct Transport {
    addr: SocketAddr,
    request_timeout: std::time::Duration,
    workers: Option<usize>,
}

/// Serves `app` on `listener`: what `actix_web::HttpServer` does, with each
/// accepted connection wrapped in [`TargetRepair`] first, because actix-http
/// answers a request-target `http::Uri` refuses (`?id=<id>`) with an empty
/// 400 before any middleware could step in (SPEC C-12, issue 10 item 21).
/// The settings are `HttpServer`'s, as mocklink used them.
fn serve<F, I, S, B>(
    listener: TcpListener,
    options: Transport,
    app: F,
) -> std::io::Result<actix_web::dev::Server>
where
    F: Fn() -> I + Send + Clone + 'static,
    I: IntoServiceFactory<S, actix_http::Request>,
    S: ServiceFactory<
            actix_http::Request,
            Config = actix_web::dev::AppConfig,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
            InitError = (),
        > + 'static,
    S::Service: 'static,
    <S::Service as actix_service::Service<actix_http::Request>>::Future: 'static,
    B: actix_web::body::MessageBody + 'static,
{
    let Transport {
        addr,
        request_timeout,
        workers,
    } = options;
    let mut builder = actix_server::Server::build()
        .shutdown_timeout(10)
        // actix stops at once on SIGINT; mocklink installs its own handlers
        // (in `Server::run`) so Ctrl-C drains like SIGTERM (SPEC C-12), and an
        // embedded `MockLink` leaves the host process's signals alone.
        .disable_signals();
    if let Some(w) = workers {
        builder = builder.workers(w.max(1));
    }
    // Lets keep-alive connections close when a graceful stop begins.
    let shutdown = builder.graceful_shutdown_signal();
    builder
        .listen(format!("mocklink-{addr}"), listener, move || {
            let shutdown = shutdown.clone();
            let h1 = actix_http::HttpService::build()
                .graceful_shutdown_signal(move || {
                    let signal = shutdown.clone();
                    async move { signal.notified().await }
                })
                .keep_alive(actix_http::KeepAlive::default())
                .client_request_timeout(request_timeout)
                .client_disconnect_timeout(std::time::Duration::from_secs(2))
                .h1_allow_half_closed(true)
                .local_addr(addr)
                .h1(map_config(
                    app()
                        .into_factory()
                        .map_err(|e: actix_web::Error| e.error_response()),
                    // The values `HttpServer` gives the app: the host and
                    // address URLs fall back to without a `Host` header.
                    move |()| {
                        actix_web::dev::AppConfig::__priv_test_new(false, addr.to_string(), addr)
                    },
                ));
            fn_service(|io: TcpStream| async move {
                let peer = io.peer_addr().ok();
                Ok::<_, actix_http::error::DispatchError>((TargetRepair::new(io), peer))
            })
            .and_then(h1)
        })
        .map(actix_server::ServerBuilder::run)
}

/// A bound, not yet running server.
pub struct Server {
    addr: SocketAddr,
    state: Data<AppState>,
    server: actix_web::dev::Server,
}

impl Server {
    /// Binds `host:port` and prepares the server; run it with [`Server::run`].
    pub fn bind(config: ServerConfig) -> std::io::Result<Server> {
        for o in &config.cors_origins {
            check_cors_origin(o)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        }
        let listener = TcpListener::bind((config.host.as_str(), config.port))?;
        let addr = listener.local_addr()?;
        let state = Data::new(AppState::with_settings(config.scenario, config.sessions));
        let root = Data::new(sessions::admin::Root(
            state
                .sessions()
                .cloned()
                .ok_or_else(|| std::io::Error::other("no sessions"))?,
        ));
        let api = openapi_document();
        let routes = Data::new(RouteTable::from_openapi(&api));
        let docs = Data::new(openapi::Documents::new(&api));
        let app_state = state.clone();
        let body_timeout = BodyTimeout(config.request_timeout);
        let cors_origins = config.cors_origins.clone();
        let options = Transport {
            addr,
            request_timeout: config.request_timeout,
            workers: config.workers,
        };
        let server = serve(listener, options, move || {
            build_app(
                app_state.clone(),
                root.clone(),
                routes.clone(),
                docs.clone(),
                body_timeout,
                &cors_origins,
            )
        })?;
        Ok(Server {
            addr,
            state,
            server,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Base URL, e.g. `http://127.0.0.1:8080`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn state(&self) -> Arc<AppState> {
        self.state.clone().into_inner()
    }

    /// Serves until Ctrl-C / SIGTERM; either one stops accepting connections
    /// and gives in-flight requests up to 10 s to end (SPEC C-12).
    pub async fn run(self) -> std::io::Result<()> {
        let handle = self.server.handle();
        actix_web::rt::spawn(async move {
            shutdown_signal().await;
            handle.stop(true).await;
        });
        if let Some(s) = self.state.sessions() {
            actix_web::rt::spawn(sessions::Sessions::sweep_periodically(Arc::downgrade(s)));
        }
        self.server.await
    }
}

/// Resolves on the first SIGINT or SIGTERM.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// An in-process mocklink for tests: starts on a free port, stops on drop.
/// Works under `#[test]`, `#[tokio::test]` and `#[actix_web::test]` alike,
/// because it runs on its own thread with its own runtime.
///
/// ```no_run
/// let mock = mocklink::MockLink::start();
/// let url = format!("{}/__admin/health", mock.uri());
/// # let _ = url;
/// ```
pub struct MockLink {
    addr: SocketAddr,
    state: Arc<AppState>,
    target: Target,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// Configures a [`MockLink`] before it starts.
#[derive(Debug, Clone, Default)]
pub struct MockLinkBuilder {
    scenario: Option<Scenario>,
    workers: Option<usize>,
    request_timeout: Option<std::time::Duration>,
    cors_origins: Vec<String>,
    sessions: SessionSettings,
}

impl MockLinkBuilder {
    pub fn scenario(mut self, scenario: Scenario) -> Self {
        self.scenario = Some(scenario);
        self
    }

    /// Parses a scenario document; the error names what is wrong.
    pub fn scenario_json(mut self, json: &str) -> Result<Self, ScenarioError> {
        self.scenario = Some(Scenario::from_json_str(json, "<builder>")?);
        Ok(self)
    }

    pub fn workers(mut self, n: usize) -> Self {
        self.workers = Some(n);
        self
    }

    /// How long a client has to send a request (default 10 s); tests of slow
    /// clients shorten it.
    pub fn request_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// Lets browsers on `origin` (`*` = any) call the server (C-12).
    pub fn cors_origin(mut self, origin: impl Into<String>) -> Self {
        self.cors_origins.push(origin.into());
        self
    }

    /// Real minutes an unused session lives (wins over the scenario's
    /// `sessions.idleMinutes`, as `--session-idle-minutes` does).
    pub fn session_idle_minutes(mut self, minutes: f64) -> Self {
        self.sessions.idle_minutes = Some(minutes);
        self
    }

    /// Starts the server, or says why it could not.
    pub fn try_start(self) -> std::io::Result<MockLink> {
        let config = ServerConfig {
            host: "127.0.0.1".into(),
            port: 0,
            scenario: self.scenario.unwrap_or_else(Scenario::default_scenario),
            workers: Some(self.workers.unwrap_or(2)),
            request_timeout: self.request_timeout.unwrap_or(DEFAULT_REQUEST_TIMEOUT),
            cors_origins: self.cors_origins,
            sessions: self.sessions,
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("mocklink".into())
            .spawn(move || {
                let system = actix_web::rt::System::new();
                system.block_on(async move {
                    let server = match Server::bind(config) {
                        Ok(s) => s,
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    };
                    let handle = server.server.handle();
                    let _ = tx.send(Ok((server.addr, server.state())));
                    actix_web::rt::spawn(async move {
                        let _ = stop_rx.await;
                        handle.stop(true).await;
                    });
                    // Not `run`: an embedded server takes no signals.
                    let _ = server.server.await;
                });
            })?;
        let (addr, state) = rx
            .recv()
            .map_err(|_| std::io::Error::other("mocklink server thread ended before binding"))??;
        Ok(MockLink {
            addr,
            target: Target::Default(state.clone()),
            state,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// Starts the server; panics if it cannot bind (a test set-up failure).
    pub fn start(self) -> MockLink {
        match self.try_start() {
            Ok(m) => m,
            Err(e) => panic!("mocklink could not start: {e}"),
        }
    }
}

impl MockLink {
    /// A server on the embedded default scenario.
    pub fn start() -> MockLink {
        MockLink::builder().start()
    }

    pub fn builder() -> MockLinkBuilder {
        MockLinkBuilder::default()
    }

    /// Base URL, e.g. `http://127.0.0.1:41234`; every provider is under it.
    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `uri()` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.uri())
    }

    pub fn address(&self) -> SocketAddr {
        self.addr
    }

    /// Direct access to the running state, for assertions a test cannot make
    /// over HTTP.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// A handle on the session `name` (SPEC C-11): its URLs carry the
    /// `/__session/{name}` prefix and its helpers act on it alone. Panics on
    /// a name that is not 1–64 of `A–Z a–z 0–9 . _ -` (a test set-up error);
    /// see [`MockLink::try_session`].
    pub fn session(&self, name: &str) -> SessionHandle {
        match self.try_session(name) {
            Ok(h) => h,
            Err(e) => panic!("{e}"),
        }
    }

    /// [`MockLink::session`], or why the name cannot be used.
    pub fn try_session(&self, name: &str) -> Result<SessionHandle, ControlError> {
        let sessions = self
            .state
            .sessions()
            .cloned()
            .ok_or_else(|| ControlError::InvalidName("this state has no sessions".into()))?;
        SessionHandle::new(self.uri(), sessions, name)
    }

    /// Every live session, oldest first.
    pub fn sessions(&self) -> Vec<crate::SessionInfo> {
        self.state.sessions().map(|s| s.list()).unwrap_or_default()
    }

    fn target(&self) -> &Target {
        &self.target
    }

    fn base(&self) -> String {
        self.uri()
    }

    crate::facade::helpers!();
}

impl Drop for MockLink {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
