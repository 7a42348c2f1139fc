//! The receipts server under load, for `cargo xtask bench receipts` (which builds this and the
//! server in release mode and gives each engine its database). Loopback only, bounded in time and
//! count. Prints Markdown for docs/benchmarks.md.
//!
//!   load <server binary> <database url> <port> [seconds per level] [kill rounds]
//!
//! 1. Throughput: 1, 16 and 64 concurrent senders, each sending one new receipt after the other
//!    for the given seconds: receipts answered 204 per second, p50 and p99 latency.
//! 2. kill -9: a server under 16 senders is killed at a random moment, restarted, and the export
//!    must hold every receipt that was answered 204, none twice. Every tenth receipt is sent twice.

use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const ORIGIN: &str = "http://127.0.0.1:8080";
const TOKEN: &str = "bench-token-0123456789abcdef";
/// At most this many receipts per level, whatever the time.
const MAX_PER_LEVEL: u64 = 400_000;

struct Setup {
    bin: String,
    database: String,
    port: u16,
    token_file: std::path::PathBuf,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: load <server binary> <database url> <port> [seconds] [kill rounds]");
        std::process::exit(2);
    }
    let seconds: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(5);
    let rounds: u32 = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(20);
    let token_file =
        std::env::temp_dir().join(format!("receipts-bench-token-{}", std::process::id()));
    std::fs::write(&token_file, TOKEN).expect("the token file is written");
    let setup = Setup {
        bin: args[0].clone(),
        database: args[1].clone(),
        port: args[2].parse().expect("a port"),
        token_file,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let ok = runtime.block_on(bench(&setup, seconds, rounds));
    let _ = std::fs::remove_file(&setup.token_file);
    if !ok {
        std::process::exit(1);
    }
}

fn start(setup: &Setup) -> Child {
    Command::new(&setup.bin)
        .args(["--listen", &format!("127.0.0.1:{}", setup.port)])
        .args(["--database", &setup.database])
        .args(["--origin", ORIGIN])
        .arg("--token-file")
        .arg(&setup.token_file)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the server starts")
}

async fn healthy(client: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await {
            if r.status() == 200 {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not answer /healthz within 30 s");
}

static NEXT: AtomicU64 = AtomicU64::new(1);

/// A new receipt: a new id (UUID-shaped, unique in this run), as samtykke writes it.
fn receipt(salt: u32) -> (String, String) {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let id = format!(
        "{:08x}-{:04x}-4000-8000-{:012x}",
        std::process::id(),
        salt & 0xffff,
        n
    );
    let body = format!(
        r#"{{"id":"{id}","revision":"2024-06-17","given":"2024-06-17T08:30:00.000Z","updated":"2024-06-17T08:30:00.000Z","expires":"2025-06-17T08:30:00.000Z","method":"accept-all","categories":{{"necessary":true,"preferences":true,"analytics":true,"marketing":true}},"language":"en","gpc":false,"samtykke":"0.1.0","source":"banner","noticeSha256":"{}"}}"#,
        "ab".repeat(32)
    );
    (id, body)
}

/// Sends until `stop`: returns the latencies (µs) of the 204s and the ids they acknowledged.
async fn sender(
    client: reqwest::Client,
    url: String,
    stop: Arc<AtomicBool>,
    budget: Arc<AtomicU64>,
    salt: u32,
    twice: bool,
) -> (Vec<u32>, Vec<String>) {
    let mut latencies = Vec::new();
    let mut acked = Vec::new();
    let mut n = 0u64;
    while !stop.load(Ordering::Relaxed) && budget.fetch_sub(1, Ordering::Relaxed) > 0 {
        let (id, body) = receipt(salt);
        n += 1;
        let times = if twice && n % 10 == 0 { 2 } else { 1 };
        for _ in 0..times {
            let t = Instant::now();
            let answer = client
                .post(&url)
                .header("Origin", ORIGIN)
                .header("Content-Type", "text/plain;charset=UTF-8")
                .body(body.clone())
                .send()
                .await;
            match answer {
                Ok(r) if r.status() == 204 => {
                    latencies.push(u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX));
                    acked.push(id.clone());
                }
                Ok(r) => {
                    if !stop.load(Ordering::Relaxed) {
                        eprintln!("load: answered {}", r.status());
                    }
                }
                // The server was killed under us: stop this sender.
                Err(_) => return (latencies, acked),
            }
        }
    }
    (latencies, acked)
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i]) / 1000.0
}

async fn run_level(
    client: &reqwest::Client,
    url: &str,
    senders: u32,
    duration: Duration,
    twice: bool,
    stop: Arc<AtomicBool>,
) -> (Vec<u32>, Vec<String>, Duration) {
    let budget = Arc::new(AtomicU64::new(MAX_PER_LEVEL));
    let t = Instant::now();
    let tasks: Vec<_> = (0..senders)
        .map(|s| {
            tokio::spawn(sender(
                client.clone(),
                url.to_owned(),
                stop.clone(),
                budget.clone(),
                s,
                twice,
            ))
        })
        .collect();
    let timer = {
        let stop = stop.clone();
        tokio::spawn(async move {
            tokio::time::sleep(duration).await;
            stop.store(true, Ordering::Relaxed);
        })
    };
    let mut latencies = Vec::new();
    let mut acked = Vec::new();
    for task in tasks {
        let (l, a) = task.await.unwrap();
        latencies.extend(l);
        acked.extend(a);
    }
    timer.abort();
    (latencies, acked, t.elapsed())
}

/// Every line of the export, by id: how many times each appears.
async fn exported(client: &reqwest::Client, base: &str) -> HashMap<String, u32> {
    let text = client
        .get(format!("{base}/v1/receipts"))
        .header("Authorization", format!("Bearer {TOKEN}"))
        .send()
        .await
        .expect("the export answers")
        .text()
        .await
        .expect("the export reads");
    let mut counts = HashMap::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let key = format!("{} {} {}", v["id"], v["updated"], v["method"]);
        *counts.entry(key).or_insert(0) += 1;
    }
    counts
}

fn key(id: &str) -> String {
    format!("\"{id}\" \"2024-06-17T08:30:00.000Z\" \"accept-all\"")
}

async fn bench(setup: &Setup, seconds: u64, rounds: u32) -> bool {
    let base = format!("http://127.0.0.1:{}", setup.port);
    let url = format!("{base}/v1/receipts");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(128)
        .build()
        .unwrap();
    let mut ok = true;

    println!("| senders | receipts | seconds | receipts/s | p50 ms | p99 ms |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut server = start(setup);
    healthy(&client, &base).await;
    let mut all_acked = HashSet::new();
    for senders in [1, 16, 64] {
        let stop = Arc::new(AtomicBool::new(false));
        let (mut lat, acked, took) = run_level(
            &client,
            &url,
            senders,
            Duration::from_secs(seconds),
            false,
            stop,
        )
        .await;
        lat.sort_unstable();
        println!(
            "| {senders} | {} | {:.1} | {:.0} | {:.2} | {:.2} |",
            lat.len(),
            took.as_secs_f64(),
            lat.len() as f64 / took.as_secs_f64(),
            percentile(&lat, 0.5),
            percentile(&lat, 0.99)
        );
        all_acked.extend(acked);
    }
    let counts = exported(&client, &base).await;
    let missing = all_acked
        .iter()
        .filter(|id| !counts.contains_key(&key(id)))
        .count();
    println!();
    println!(
        "Export after the load: {} receipts answered 204, {} in the export, {missing} missing.",
        all_acked.len(),
        counts.len()
    );
    ok &= missing == 0;
    let _ = server.kill();
    let _ = server.wait();

    if rounds == 0 {
        return ok;
    }
    println!();
    println!("| kill -9 round | answered 204 | in the export | missing | twice |");
    println!("| ---: | ---: | ---: | ---: | ---: |");
    let mut acked_total: HashSet<String> = HashSet::new();
    let (mut sum_acked, mut sum_missing, mut sum_twice) = (0, 0, 0);
    let mut seed = u64::from(std::process::id()) | 1;
    for round in 1..=rounds {
        server = start(setup);
        healthy(&client, &base).await;
        let stop = Arc::new(AtomicBool::new(false));
        // A fresh client per round: no connection kept from the killed server.
        let round_client = reqwest::Client::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let after = Duration::from_millis(300 + seed % 1200);
        let load = tokio::spawn({
            let (c, u, s) = (round_client.clone(), url.clone(), stop.clone());
            async move { run_level(&c, &u, 16, Duration::from_secs(30), true, s).await }
        });
        tokio::time::sleep(after).await;
        // SIGKILL: no shutdown, no flush, in the middle of writes.
        server.kill().expect("kill -9");
        let _ = server.wait();
        stop.store(true, Ordering::Relaxed);
        let (_, acked, _) = load.await.unwrap();
        let acked: HashSet<String> = acked.into_iter().collect();
        server = start(setup);
        healthy(&client, &base).await;
        let counts = exported(&client, &base).await;
        let _ = server.kill();
        let _ = server.wait();
        acked_total.extend(acked.iter().cloned());
        let missing = acked
            .iter()
            .filter(|id| !counts.contains_key(&key(id)))
            .count();
        let in_export = acked
            .iter()
            .filter(|id| counts.contains_key(&key(id)))
            .count();
        let twice = counts.values().filter(|&&n| n > 1).count();
        println!(
            "| {round} (after {} ms) | {} | {in_export} | {missing} | {twice} |",
            after.as_millis(),
            acked.len()
        );
        sum_acked += acked.len();
        sum_missing += missing;
        sum_twice += twice;
    }
    println!(
        "| all {rounds} | {sum_acked} | {} | {sum_missing} | {sum_twice} |",
        sum_acked - sum_missing
    );
    ok && sum_missing == 0 && sum_twice == 0
}
