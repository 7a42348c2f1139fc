//! `samtykke-receipts`: the command line. Every flag has an environment variable of the same name
//! (`--keep-days` is `SAMTYKKE_RECEIPTS_KEEP_DAYS`), for containers.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use samtykke_receipts::{open, serve, Settings};

/// The consent log for samtykke: receives the receipt samtykke sends for every decision (its
/// `recordUrl`), keeps it in SQLite or PostgreSQL, and exports the log for an auditor.
/// It stores no IP address and no user agent.
#[derive(Parser, Debug)]
#[command(name = "samtykke-receipts", version, about, long_about = None)]
struct Args {
    /// Address and port to listen on (put TLS in front: a reverse proxy or load balancer).
    #[arg(
        long,
        env = "SAMTYKKE_RECEIPTS_LISTEN",
        default_value = "127.0.0.1:8790"
    )]
    listen: SocketAddr,

    /// Where receipts are kept: sqlite://<file> (created on first start) or
    /// postgres://user:password@host/database.
    #[arg(
        long,
        env = "SAMTYKKE_RECEIPTS_DATABASE",
        default_value = "sqlite://receipts.db"
    )]
    database: String,

    /// An origin whose pages may send receipts, exactly as browsers send it
    /// (https://www.example.com). Repeat for each; the variable takes them comma-separated.
    #[arg(
        long = "origin",
        env = "SAMTYKKE_RECEIPTS_ORIGIN",
        value_delimiter = ',',
        required = true
    )]
    origins: Vec<String>,

    /// File holding the bearer token the export (GET /v1/receipts) requires.
    #[arg(long, env = "SAMTYKKE_RECEIPTS_TOKEN_FILE")]
    token_file: PathBuf,

    /// Delete receipts received more than N days ago, once a day (off unless set).
    #[arg(long, env = "SAMTYKKE_RECEIPTS_KEEP_DAYS", value_parser = clap::value_parser!(u32).range(1..))]
    keep_days: Option<u32>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the runtime: {e}")),
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("samtykke-receipts: error: {message}");
    ExitCode::FAILURE
}

async fn run(args: Args) -> Result<(), String> {
    for origin in &args.origins {
        check_origin(origin)?;
    }
    let token = std::fs::read_to_string(&args.token_file)
        .map_err(|e| {
            format!(
                "cannot read --token-file {}: {e}",
                args.token_file.display()
            )
        })?
        .trim()
        .to_owned();
    if token.len() < 16 {
        return Err(format!(
            "the token in {} is shorter than 16 characters",
            args.token_file.display()
        ));
    }
    let settings = Settings {
        database: args.database,
        origins: args.origins,
        token,
        keep_days: args.keep_days,
        body_timeout: Duration::from_secs(10),
    };
    let router = open(&settings).await?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    eprintln!(
        "samtykke-receipts: listening on http://{}, database {}, origins {}",
        args.listen,
        samtykke_receipts::Db::redacted(&settings.database),
        settings.origins.join(" ")
    );
    serve(listener, router, stop_signal()).await
}

/// `https://host[:port]` or `http://…`, no path: the form of a browser's `Origin` header.
fn check_origin(origin: &str) -> Result<(), String> {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    match rest {
        Some(host)
            if !host.is_empty() && !host.trim_end_matches('/').contains(['/', '?', '#', ' ']) =>
        {
            Ok(())
        }
        _ => Err(format!(
            "--origin `{origin}` is not an origin like https://www.example.com"
        )),
    }
}

/// Ctrl-C or SIGTERM (what systemd and container runtimes send).
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    eprintln!("samtykke-receipts: stopping");
}
