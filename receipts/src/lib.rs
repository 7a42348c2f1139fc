//! samtykke-receipts: the consent log. It receives the receipt samtykke sends for every decision,
//! keeps it durably in SQLite or PostgreSQL, and hands the log to an auditor.
//!
//! The receipt is read by the core crate's own reader (`samtykke_core::receipt`), the same code
//! that writes it in the banner. Nothing about the sender is stored: no IP address, no user agent,
//! no cookie; the server adds only its own clock (`received`) and the page's `Origin`.

mod db;
mod export;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use samtykke_core::json::write_str;
use samtykke_core::receipt::{Receipt, MAX_BYTES};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};

pub use db::Db;

/// How the server runs (the command line's flags, already checked).
#[derive(Clone, Debug)]
pub struct Settings {
    /// `sqlite://path` or `postgres://…`.
    pub database: String,
    /// The exact origins (`https://www.example.com`) whose pages may send receipts.
    pub origins: Vec<String>,
    /// The export's bearer token.
    pub token: String,
    /// Delete receipts received more than this many days ago, once a day.
    pub keep_days: Option<u32>,
    /// How long a client may take to send its body before it is answered 408.
    pub body_timeout: Duration,
}

/// One receipt on its way to the database.
struct Row {
    id: String,
    updated: String,
    method: &'static str,
    received: i64,
    origin: String,
    body: String,
}

type Done = oneshot::Sender<Result<(), String>>;

struct App {
    db: Db,
    origins: Vec<String>,
    token: String,
    body_timeout: Duration,
    writer: mpsc::Sender<(Row, Done)>,
}

/// Opens (creating on first start) the database and its table; starts the writer and, with
/// `keep_days`, the daily clean-up. The error is one line for the operator.
///
/// # Errors
/// The database cannot be opened or its table created.
pub async fn open(settings: &Settings) -> Result<Router, String> {
    let db = Db::open(&settings.database).await?;
    let (writer, queue) = mpsc::channel(4096);
    tokio::spawn(write_batches(db.clone(), queue));
    if let Some(days) = settings.keep_days {
        tokio::spawn(clean_up(db.clone(), days));
    }
    let app = Arc::new(App {
        db,
        origins: settings
            .origins
            .iter()
            .map(|o| o.trim_end_matches('/').to_owned())
            .collect(),
        token: settings.token.clone(),
        body_timeout: settings.body_timeout,
        writer,
    });
    Ok(Router::new()
        .route(
            "/v1/receipts",
            post(receive).get(export::export).options(preflight),
        )
        .route("/healthz", get(healthz))
        .with_state(app))
}

/// Serves `router` on `listener` until `stop` resolves; requests in flight are finished first.
///
/// # Errors
/// The listener fails.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(stop)
    .await
    .map_err(|e| format!("the server stopped: {e}"))
}

/// Milliseconds since the Unix epoch, the server's own clock.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// `{"error": "…", "key": "…"}` with `status`.
fn problem(status: StatusCode, key: &str, message: &str) -> Response {
    let mut body = String::from("{\"error\":");
    write_str(&mut body, message);
    if !key.is_empty() {
        body.push_str(",\"key\":");
        write_str(&mut body, key);
    }
    body.push('}');
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The request's `Origin` when it is one of the configured ones.
fn allowed_origin<'a>(app: &App, headers: &'a HeaderMap) -> Result<&'a str, Response> {
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .unwrap_or("");
    if origin.is_empty() {
        return Err(problem(
            StatusCode::FORBIDDEN,
            "",
            "no Origin header: receipts come from a page of a configured origin",
        ));
    }
    if app.origins.iter().any(|o| o == origin) {
        Ok(origin)
    } else {
        Err(problem(
            StatusCode::FORBIDDEN,
            "",
            "this Origin is not configured (--origin)",
        ))
    }
}

/// CORS for a page on another origin than the server (the answer to `fetch` is readable then;
/// `sendBeacon` does not need it).
fn cors(response: &mut Response, origin: &str) {
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
}

async fn preflight(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let origin = match allowed_origin(&app, &headers) {
        Ok(o) => o,
        Err(refused) => return refused,
    };
    let mut response = StatusCode::NO_CONTENT.into_response();
    cors(&mut response, origin);
    let h = response.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Content-Type"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    response
}

/// `text/plain` (what `sendBeacon` sends a string as) or `application/json`, in UTF-8.
fn acceptable_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut parts = value.split(';').map(|p| p.trim().to_ascii_lowercase());
    let essence = parts.next().unwrap_or_default();
    if essence != "text/plain" && essence != "application/json" {
        return false;
    }
    parts.all(|p| match p.split_once('=') {
        Some(("charset", cs)) => matches!(cs.trim_matches('"'), "utf-8" | "utf8"),
        _ => true,
    })
}

/// `POST /v1/receipts`.
async fn receive(State(app): State<Arc<App>>, request: Request) -> Response {
    let headers = request.headers();
    let origin = match allowed_origin(&app, headers) {
        Ok(o) => o.to_owned(),
        Err(refused) => return refused,
    };
    let mut response = receive_from(&app, request, &origin).await;
    cors(&mut response, &origin);
    response
}

async fn receive_from(app: &App, request: Request, origin: &str) -> Response {
    if !acceptable_type(request.headers()) {
        return problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "",
            "the body must be text/plain or application/json in UTF-8",
        );
    }
    let too_long = || {
        problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "",
            &format!("a receipt is at most {MAX_BYTES} bytes"),
        )
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BYTES as u64) {
        return too_long();
    }
    let body = Limited::new(request.into_body(), MAX_BYTES);
    let bytes: Bytes = match tokio::time::timeout(app.body_timeout, body.collect()).await {
        Err(_) => {
            return problem(
                StatusCode::REQUEST_TIMEOUT,
                "",
                "the body took too long to arrive",
            )
        }
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => return too_long(),
        Ok(Err(_)) => return problem(StatusCode::BAD_REQUEST, "", "the body could not be read"),
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return problem(StatusCode::BAD_REQUEST, "", "the body is not UTF-8");
    };
    let receipt = match Receipt::read(text) {
        Ok(r) => r,
        Err(e) => return problem(StatusCode::BAD_REQUEST, &e.key, &e.to_string()),
    };
    let row = Row {
        method: receipt.method.as_str(),
        id: receipt.id.clone(),
        updated: receipt.updated.clone(),
        received: now_ms(),
        origin: origin.to_owned(),
        // Stored as the core writes it: one line, keys in their documented order.
        body: receipt.to_json(),
    };
    let (done, stored) = oneshot::channel();
    if app.writer.send((row, done)).await.is_err() {
        return problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "",
            "the writer has stopped",
        );
    }
    match stored.await {
        Ok(Ok(())) => StatusCode::NO_CONTENT.into_response(),
        Ok(Err(e)) => {
            eprintln!("samtykke-receipts: a write failed: {e}");
            problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "",
                "the receipt could not be stored; try again",
            )
        }
        Err(_) => problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "",
            "the writer has stopped",
        ),
    }
}

/// The one writer: takes every receipt waiting (up to 512) and stores them in one transaction, so
/// one durable commit answers many senders (group commit). Each sender hears back only after the
/// commit returned.
async fn write_batches(db: Db, mut queue: mpsc::Receiver<(Row, Done)>) {
    let mut rows = Vec::with_capacity(512);
    let mut waiting = Vec::with_capacity(512);
    while let Some((row, done)) = queue.recv().await {
        rows.push(row);
        waiting.push(done);
        while rows.len() < 512 {
            match queue.try_recv() {
                Ok((row, done)) => {
                    rows.push(row);
                    waiting.push(done);
                }
                Err(_) => break,
            }
        }
        let result = db
            .insert(&rows)
            .await
            .map_err(|e| format!("storing {} receipts: {e}", rows.len()));
        for done in waiting.drain(..) {
            let _ = done.send(result.clone());
        }
        rows.clear();
    }
}

/// `--keep-days`: at start and then once a day, deletes receipts received before the cut-off.
async fn clean_up(db: Db, days: u32) {
    let mut every_day = tokio::time::interval(Duration::from_secs(24 * 60 * 60));
    loop {
        every_day.tick().await;
        let cut = now_ms() - i64::from(days) * samtykke_core::time::DAY_MS;
        match db.delete_before(cut).await {
            Ok(n) => eprintln!("samtykke-receipts: --keep-days {days}: deleted {n} receipts"),
            Err(e) => eprintln!("samtykke-receipts: --keep-days {days}: deleting failed: {e}"),
        }
    }
}

/// `GET /healthz`: 200 when the database answers.
async fn healthz(State(app): State<Arc<App>>) -> Response {
    match app.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the database does not answer: {e}\n"),
        )
            .into_response(),
    }
}

/// Compares without stopping at the first difference, so the time taken says nothing about the
/// token.
fn same_secret(given: &str, want: &str) -> bool {
    let (a, b) = (given.as_bytes(), want.as_bytes());
    let mut diff = a.len() ^ b.len();
    for (i, &w) in b.iter().enumerate() {
        diff |= usize::from(a.get(i).copied().unwrap_or(0) ^ w);
    }
    diff == 0
}

/// The query string as pairs, for handlers that name their own errors.
type Params = Query<Vec<(String, String)>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abd", "abc"));
        assert!(!same_secret("ab", "abc"));
        assert!(!same_secret("abcd", "abc"));
        assert!(!same_secret("", "abc"));
    }

    #[test]
    fn content_types() {
        let with = |t: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_str(t).unwrap());
            acceptable_type(&h)
        };
        assert!(with("text/plain;charset=UTF-8"));
        assert!(with("application/json"));
        assert!(with("Application/JSON; charset=\"utf-8\""));
        assert!(!with("text/plain; charset=latin1"));
        assert!(!with("application/x-www-form-urlencoded"));
        assert!(!with("multipart/form-data; boundary=x"));
        assert!(!acceptable_type(&HeaderMap::new()));
    }
}
