//! `mocklink` binary: flags → configuration → server → wait for Ctrl-C/SIGTERM.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use mocklink::{health, Scenario, Server, ServerConfig};

/// glibc's allocator fragments under the server's churn of short-lived
/// request buffers beside long-lived kept answers (benches/run.sh showed a
/// fifth of a worker in free-list upkeep); mimalloc keeps per-thread pages.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A local stand-in for the ConnectSafely, Atomus/Apify and OutX APIs.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "MOCKLINK_HOST", default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, env = "MOCKLINK_PORT", default_value_t = 8080)]
    port: u16,
    /// A bundled scenario by name (default, tight-limits, flaky-upstream,
    /// no-credits, no-plugin, slow-tasks, instant, bench) or a scenario file
    /// (JSON); the bundled default when absent.
    #[arg(long, env = "MOCKLINK_SCENARIO", value_name = "NAME|FILE")]
    scenario: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, env = "MOCKLINK_WORKERS")]
    workers: Option<usize>,
    /// Let browsers on ORIGIN call the server (CORS); repeat for more, `*`
    /// for any. Off by default.
    #[arg(
        long = "cors-origin",
        value_name = "ORIGIN",
        env = "MOCKLINK_CORS_ORIGINS",
        value_delimiter = ',',
        value_parser = cors_origin
    )]
    cors_origins: Vec<String>,
    /// Real minutes an unused session lives before it is dropped (overrides
    /// the scenario's sessions.idleMinutes; default 30).
    #[arg(long, env = "MOCKLINK_SESSION_IDLE_MINUTES", value_parser = idle_minutes)]
    session_idle_minutes: Option<f64>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the OpenAPI documents (whole and per provider) into DIR and exit.
    Openapi {
        #[arg(default_value = "openapi")]
        dir: PathBuf,
    },
    /// Ask a running mocklink whether it is healthy: exit 0 when
    /// `/__admin/health` answers `"status":"ok"`, 1 otherwise. Containers use
    /// it as their health check, since a `FROM scratch` image has no curl.
    Health {
        /// Base URL of the server; default: this command's --host/--port
        /// (an unspecified address such as 0.0.0.0 is asked on loopback).
        #[arg(long)]
        url: Option<String>,
    },
}

fn cors_origin(s: &str) -> Result<String, String> {
    mocklink::check_cors_origin(s.trim()).map(|()| s.trim().to_string())
}

/// The flags, with every `MOCKLINK_*` variable that is set but empty taken as
/// unset (SPEC C-12): `MOCKLINK_SCENARIO=` in a CI file means "no scenario",
/// not "a scenario called ''". clap reads each variable into its argument
/// when the command is built, so clearing the argument's variable is enough.
fn parse_args() -> Args {
    let mut cmd = Args::command();
    let empty: Vec<clap::Id> = cmd
        .get_arguments()
        .filter(|a| {
            a.get_env()
                .and_then(std::env::var_os)
                .is_some_and(|v| v.is_empty())
        })
        .map(|a| a.get_id().clone())
        .collect();
    for id in empty {
        cmd = cmd.mut_arg(id, |a| a.env(None));
    }
    let matches = cmd.get_matches();
    Args::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

fn idle_minutes(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if mocklink::IdleMinutes::allowed(v) => Ok(v),
        _ => Err(format!(
            "expected minutes above 0 and at most {}, found {s:?}",
            mocklink::IdleMinutes::MAX
        )),
    }
}

#[actix_web::main]
async fn main() -> ExitCode {
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, never into a log file.
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("MOCKLINK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let args = parse_args();
    if let Some(Command::Openapi { dir }) = &args.command {
        return match mocklink::write_openapi(dir) {
            Ok(files) => {
                for f in files {
                    println!("wrote {}", f.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!(
                    "mocklink: cannot write OpenAPI documents to {}: {e}",
                    dir.display()
                );
                ExitCode::from(1)
            }
        };
    }
    if let Some(Command::Health { url }) = &args.command {
        let base = url
            .clone()
            .unwrap_or_else(|| local_base_url(&args.host, args.port));
        return match health::check(&base) {
            Ok(version) => {
                println!("mocklink {version} at {base} is healthy");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("mocklink: {base} is not healthy: {e}");
                ExitCode::from(1)
            }
        };
    }
    let loaded = match &args.scenario {
        None => Ok(Scenario::default_scenario()),
        Some(arg) => match arg.to_str() {
            Some(name_or_file) => Scenario::from_name_or_file(name_or_file),
            None => Scenario::from_file(arg),
        },
    };
    let scenario = match loaded {
        Ok(s) => s,
        Err(e) => {
            eprintln!("mocklink: {e}");
            return ExitCode::from(2);
        }
    };
    let config = ServerConfig {
        host: args.host.clone(),
        port: args.port,
        scenario,
        workers: args.workers,
        request_timeout: mocklink::DEFAULT_REQUEST_TIMEOUT,
        cors_origins: args.cors_origins.clone(),
        sessions: mocklink::SessionSettings {
            idle_minutes: args.session_idle_minutes,
        },
    };
    let server = match Server::bind(config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "mocklink: cannot listen on {}:{}: {e}",
                args.host, args.port
            );
            return ExitCode::from(1);
        }
    };
    let addr = server.local_addr();
    let host = if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    println!("mocklink listening on http://{host}:{}", addr.port());
    let _ = std::io::stdout().flush();
    match server.run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mocklink: {e}");
            ExitCode::from(1)
        }
    }
}

/// The URL a local client uses to reach a server bound to `host:port`: an
/// unspecified bind address (all interfaces) is reached on loopback.
fn local_base_url(host: &str, port: u16) -> String {
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) if ip.is_unspecified() && ip.is_ipv6() => format!("http://[::1]:{port}"),
        Ok(ip) if ip.is_unspecified() => format!("http://127.0.0.1:{port}"),
        Ok(std::net::IpAddr::V6(ip)) => format!("http://[{ip}]:{port}"),
        _ => format!("http://{host}:{port}"),
    }
}
