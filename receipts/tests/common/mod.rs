//! The server's behaviour, the same against SQLite and PostgreSQL: each engine's test file starts
//! servers in-process on a free loopback port and runs these checks through real HTTP.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use samtykke_receipts::{open, serve, Settings};

/// Calls `$engine!(name, …)` with every check below, so each engine's file runs them all.
#[macro_export]
macro_rules! every_check {
    ($engine:ident) => {
        $engine!(
            stores_and_exports,
            duplicates_are_kept_once,
            bad_receipts_name_the_key,
            origins_and_content_types,
            oversize_is_413,
            the_export_needs_the_token,
            the_export_streams_every_row_in_order,
            a_slow_client_does_not_hold_up_others,
            old_receipts_can_be_deleted,
        );
    };
}

pub const ORIGIN: &str = "https://www.example.com";
pub const TOKEN: &str = "test-token-0123456789";

pub struct Server {
    pub addr: SocketAddr,
    pub url: String,
    pub client: reqwest::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn start(database: &str) -> Server {
    start_with(database, None).await
}

pub async fn start_with(database: &str, keep_days: Option<u32>) -> Server {
    let settings = Settings {
        database: database.to_owned(),
        origins: vec![ORIGIN.to_owned(), "http://127.0.0.1:9".to_owned()],
        token: TOKEN.to_owned(),
        keep_days,
        body_timeout: Duration::from_millis(1500),
    };
    let router = open(&settings)
        .await
        .expect("the server opens its database");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve(listener, router, async {
        let _ = stopped.await;
    }));
    Server {
        addr,
        url: format!("http://{addr}"),
        client: reqwest::Client::new(),
        stop: Some(stop),
    }
}

/// A receipt as samtykke writes it, with this id and `updated` time.
pub fn receipt(id: &str, updated: &str) -> String {
    format!(
        r#"{{"id":"{id}","revision":"2024-06-17","given":"2024-06-17T08:30:00.000Z","updated":"{updated}","expires":"2025-06-17T08:30:00.000Z","method":"custom","categories":{{"necessary":true,"analytics":false}},"language":"da","gpc":true,"samtykke":"0.1.0","source":"dialog","noticeSha256":"{}"}}"#,
        "5e".repeat(32)
    )
}

/// A fresh UUID-shaped id for each call, so tests sharing one database do not meet.
pub fn new_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let t = samtykke_receipts::now_ms() as u64;
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        std::process::id(),
        n & 0xffff,
        (t >> 12) & 0xfff,
        t & 0xfff,
        t.wrapping_mul(31).wrapping_add(n) & 0xffff_ffff_ffff
    )
}

const T1: &str = "2024-06-17T08:30:00.000Z";

impl Server {
    pub async fn post(&self, body: impl Into<reqwest::Body>, content_type: &str) -> (u16, String) {
        let r = self
            .client
            .post(format!("{}/v1/receipts", self.url))
            .header("Origin", ORIGIN)
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    pub async fn send(&self, body: &str) -> (u16, String) {
        self.post(body.to_owned(), "text/plain;charset=UTF-8").await
    }

    pub async fn export(&self, query: &str) -> (u16, String) {
        let r = self
            .client
            .get(format!("{}/v1/receipts?{query}", self.url))
            .header("Authorization", format!("Bearer {TOKEN}"))
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// The JSONL lines exported for one consent id.
    pub async fn lines(&self, id: &str) -> Vec<serde_json::Value> {
        let (status, body) = self.export(&format!("id={id}")).await;
        assert_eq!(status, 200, "{body}");
        body.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

fn key_of(body: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("{body}"));
    assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{body}");
    v["key"].as_str().unwrap_or("").to_owned()
}

pub async fn stores_and_exports(db: &str) {
    let s = start(db).await;
    let id = new_id();
    let (status, body) = s.send(&receipt(&id, T1)).await;
    assert_eq!((status, body.as_str()), (204, ""));
    let lines = s.lines(&id).await;
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    let mut keys: Vec<&str> = line
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    // Every receipt key (this one has the optional two as well), plus the server's two.
    let mut want: Vec<&str> = samtykke_core::receipt::KEYS.to_vec();
    want.extend(["received", "origin"]);
    want.sort_unstable();
    assert_eq!(keys, want);
    assert_eq!(line["id"], id.as_str());
    assert_eq!(line["origin"], ORIGIN);
    assert_eq!(line["source"], "dialog");
    assert_eq!(line["categories"]["analytics"], false);
    let received = samtykke_core::time::parse_iso(line["received"].as_str().unwrap()).unwrap();
    assert!((samtykke_receipts::now_ms() - received).abs() < 60_000);

    // The same as CSV: a header and one row, one column per key.
    let (status, csv) = s.export(&format!("id={id}&format=csv")).await;
    assert_eq!(status, 200);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert_eq!(
        rows[0],
        "id,revision,given,updated,expires,method,categories,language,gpc,samtykke,source,noticeSha256,received,origin"
    );
    assert!(
        rows[1].starts_with(&format!("{id},2024-06-17,")),
        "{}",
        rows[1]
    );
    assert!(rows[1].contains(",\"{\"\"necessary\"\":true,\"\"analytics\"\":false}\",da,true,"));

    // An older receipt (no source, no digest) is taken; application/json as well.
    let id2 = new_id();
    let old = receipt(&id2, T1);
    let old = old.split(",\"source\"").next().unwrap().to_owned() + "}";
    assert_eq!(s.post(old, "application/json").await.0, 204);
    let lines = s.lines(&id2).await;
    assert_eq!(lines.len(), 1);
    assert!(lines[0].get("source").is_none());

    // Time filters: received today is inside today, outside yesterday.
    let today = &samtykke_core::time::format_iso(samtykke_receipts::now_ms())[..10];
    let (_, inside) = s.export(&format!("id={id}&from={today}&to={today}")).await;
    assert_eq!(inside.lines().count(), 1);
    let (_, before) = s.export(&format!("id={id}&to=2024-01-01")).await;
    assert_eq!(before.lines().count(), 0);
    let (status, body) = s.export("from=soon").await;
    assert_eq!((status, key_of(&body).as_str()), (400, "from"));
}

pub async fn duplicates_are_kept_once(db: &str) {
    let s = start(db).await;
    let id = new_id();
    let body = receipt(&id, T1);
    assert_eq!(s.send(&body).await.0, 204);
    assert_eq!(
        s.send(&body).await.0,
        204,
        "the same receipt again: 204 again"
    );
    // Many at once, racing each other through the writer.
    let sends: Vec<_> = (0..20).map(|_| s.send(&body)).collect();
    for (status, _) in futures_util::future::join_all(sends).await {
        assert_eq!(status, 204);
    }
    assert_eq!(s.lines(&id).await.len(), 1, "stored once");
    // Another time or another method is another receipt.
    assert_eq!(
        s.send(&receipt(&id, "2024-06-18T08:30:00.000Z")).await.0,
        204
    );
    let withdrawn = body.replace("\"method\":\"custom\"", "\"method\":\"withdraw\"");
    assert_eq!(s.send(&withdrawn).await.0, 204);
    let lines = s.lines(&id).await;
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["method"], "withdraw", "in the order received");
}

pub async fn bad_receipts_name_the_key(db: &str) {
    let s = start(db).await;
    let id = new_id();
    let good = receipt(&id, T1);
    for (body, key) in [
        (good.replace("\"custom\"", "\"accept\""), "method"),
        (good.replace(&id, "not-a-uuid"), "id"),
        (
            good.replace(
                &format!("\"updated\":\"{T1}\""),
                "\"updated\":\"2024-06-31T08:30:00.000Z\"",
            ),
            "updated",
        ),
        (good.replace("\"gpc\":true", "\"gpc\":\"yes\""), "gpc"),
        (good.replace("\"language\"", "\"lang\""), "lang"),
        (good.replace("\"dialog\"", "\"script\""), "source"),
        (
            good.replace("\"analytics\":false", "\"analytics\":0"),
            "categories",
        ),
        (good[..good.len() - 1].to_owned(), ""),
        ("[]".to_owned(), ""),
        (format!("{}{}", "[".repeat(3000), "]".repeat(3000)), ""),
        (
            format!("{{\"id\":{}1{}}}", "{\"a\":".repeat(100), "}".repeat(100)),
            "",
        ),
    ] {
        let (status, answer) = s.send(&body).await;
        assert_eq!(status, 400, "{body:.80}: {answer}");
        assert_eq!(key_of(&answer), key, "{answer}");
    }
    // Not UTF-8.
    let mut bytes = good.clone().into_bytes();
    bytes[60] = 0xff;
    let (status, answer) = s.post(bytes, "text/plain").await;
    assert_eq!(status, 400, "{answer}");
    assert!(answer.contains("UTF-8"));
    assert!(s.lines(&id).await.is_empty(), "nothing stored");
}

pub async fn origins_and_content_types(db: &str) {
    let s = start(db).await;
    let id = new_id();
    let body = receipt(&id, T1);
    let post = |origin: Option<&'static str>, content_type: &'static str| {
        let mut r = s
            .client
            .post(format!("{}/v1/receipts", s.url))
            .header("Content-Type", content_type)
            .body(body.clone());
        if let Some(o) = origin {
            r = r.header("Origin", o);
        }
        async move { r.send().await.unwrap() }
    };
    for origin in [
        None,
        Some("https://evil.example"),
        Some("null"),
        Some("https://www.example.com.evil.example"),
    ] {
        assert_eq!(post(origin, "text/plain").await.status(), 403, "{origin:?}");
    }
    for t in [
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "text/html",
        "text/plain; charset=iso-8859-1",
    ] {
        assert_eq!(post(Some(ORIGIN), t).await.status(), 415, "{t}");
    }
    assert!(s.lines(&id).await.is_empty());
    let ok = post(Some("http://127.0.0.1:9"), "text/plain").await;
    assert_eq!(ok.status(), 204);
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "http://127.0.0.1:9"
    );
    // Preflight for a page's fetch with application/json from another origin.
    let pre = |origin: &'static str| {
        s.client
            .request(reqwest::Method::OPTIONS, format!("{}/v1/receipts", s.url))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .send()
    };
    let yes = pre(ORIGIN).await.unwrap();
    assert_eq!(yes.status(), 204);
    assert_eq!(yes.headers()["access-control-allow-origin"], ORIGIN);
    assert_eq!(pre("https://evil.example").await.unwrap().status(), 403);
}

pub async fn oversize_is_413(db: &str) {
    let s = start(db).await;
    let id = new_id();
    let good = receipt(&id, T1);
    // Padded with white space to just over 8 KB: valid JSON, too long.
    let big = format!("{}{}", good, " ".repeat(8 * 1024 + 1 - good.len()));
    assert_eq!(s.send(&big).await.0, 413);
    // The same without a Content-Length (chunked): stopped while reading.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = big
        .as_bytes()
        .chunks(1000)
        .map(|c| Ok(c.to_vec()))
        .collect();
    let stream = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    assert_eq!(s.post(stream, "text/plain").await.0, 413);
    // Exactly 8 KB is fine.
    let exact = format!("{}{}", good, " ".repeat(8 * 1024 - good.len()));
    assert_eq!(s.send(&exact).await.0, 204);
    assert_eq!(s.lines(&id).await.len(), 1);
}

pub async fn the_export_needs_the_token(db: &str) {
    let s = start(db).await;
    let url = format!("{}/v1/receipts", s.url);
    assert_eq!(s.client.get(&url).send().await.unwrap().status(), 401);
    for value in [
        "Bearer wrong",
        "Bearer ",
        "Basic dGVzdA==",
        TOKEN,
        &format!("Bearer {TOKEN}x"),
    ] {
        let r = s
            .client
            .get(&url)
            .header("Authorization", value)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{value}");
        assert_eq!(r.headers()["www-authenticate"], "Bearer");
    }
    assert_eq!(s.export("format=csv").await.0, 200);
    let health = s
        .client
        .get(format!("{}/healthz", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}

pub async fn the_export_streams_every_row_in_order(db: &str) {
    let s = start(db).await;
    let id = new_id();
    // More than one page of the stream (500 rows), all under one consent id.
    let mut sent = Vec::new();
    for day in 0..1234_i64 {
        let updated = samtykke_core::time::format_iso(1_718_000_000_000 + day * 60_000);
        sent.push(updated.clone());
        let body = receipt(&id, &updated);
        assert_eq!(s.send(&body).await.0, 204);
    }
    let got: Vec<String> = s
        .lines(&id)
        .await
        .iter()
        .map(|l| l["updated"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(got, sent);
}

/// A client that sends half a request and waits holds only its own connection: others are served,
/// and it is answered 408 once the body timeout passes.
pub async fn a_slow_client_does_not_hold_up_others(db: &str) {
    let s = start(db).await;
    let addr = s.addr;
    let body = receipt(&new_id(), T1);
    let slow = tokio::task::spawn_blocking(move || {
        let mut c = TcpStream::connect(addr).unwrap();
        write!(
            c,
            "POST /v1/receipts HTTP/1.1\r\nHost: x\r\nOrigin: {ORIGIN}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{}",
            body.len(),
            &body[..10]
        )
        .unwrap();
        c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut answer = String::new();
        let _ = c.read_to_string(&mut answer);
        answer
    });
    // Headers that never finish, on another connection.
    let mut stuck = TcpStream::connect(addr).unwrap();
    stuck
        .write_all(b"POST /v1/receipts HTTP/1.1\r\nHost: x\r\nOri")
        .unwrap();
    for _ in 0..5 {
        let id = new_id();
        assert_eq!(s.send(&receipt(&id, T1)).await.0, 204);
        assert_eq!(s.lines(&id).await.len(), 1);
    }
    let answer = slow.await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    drop(stuck);
}

/// Deleting by age removes what was received before the cut-off (what --keep-days runs daily).
pub async fn old_receipts_can_be_deleted(db: &str) {
    let s = start(db).await;
    let id = new_id();
    assert_eq!(s.send(&receipt(&id, T1)).await.0, 204);
    // A second server on the same database with --keep-days 1 keeps what is a day old or newer.
    let kept = start_with(db, Some(1)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(kept.lines(&id).await.len(), 1);
    let handle = samtykke_receipts::Db::open(db).await.unwrap();
    let deleted = handle
        .delete_before(samtykke_receipts::now_ms() + 1)
        .await
        .unwrap();
    assert!(deleted >= 1);
    assert!(s.lines(&id).await.is_empty());
}
