//! The receipts server (receipts/) in xtask: next to the demo site (`cargo xtask demo`) and under
//! load (`cargo xtask bench receipts`).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cmd::{self, rel};
use crate::postgres::Cluster;
use crate::{section, Result};

/// Where the demo's receipts server listens; the demo site is on 8080.
const DEMO_PORT: u16 = 8081;
const START: &str = "<!-- receipts-bench:start: written by `cargo xtask bench receipts`, edits in here are overwritten -->";
const END: &str = "<!-- receipts-bench:end -->";

/// The demo's receipts server: SQLite in target/demo-receipts/, stopped when dropped.
pub struct Demo {
    child: Child,
    /// For the demo site's server (tests/e2e/receipts-demo.mjs): where to forward the beacons, and
    /// the export token, which stays on the server side.
    pub env: [(&'static str, String); 2],
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Builds the `samtykke-receipts` binary (the demo and the beacon test run it).
pub fn build_binary(root: &Path) -> Result {
    cmd::run(Command::new("cargo").current_dir(root).args([
        "build",
        "-p",
        "samtykke-receipts",
        "--bin",
        "samtykke-receipts",
    ]))
}

pub fn start_demo(root: &Path) -> Result<Demo> {
    build_binary(root)?;
    let dir = root.join("target/demo-receipts");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let token_file = dir.join("token");
    std::fs::write(&token_file, random_token()?)
        .map_err(|e| format!("cannot write {}: {e}", token_file.display()))?;
    let database = format!("sqlite://{}", dir.join("receipts.db").display());
    let mut c = Command::new(root.join("target/debug/samtykke-receipts"));
    c.args(["--listen", &format!("127.0.0.1:{DEMO_PORT}")])
        .args(["--database", &database])
        .args([
            "--origin",
            "http://127.0.0.1:8080",
            "--origin",
            "http://localhost:8080",
        ])
        .arg("--token-file")
        .arg(&token_file);
    println!("$ {}", cmd::show(&c));
    let child = c
        .spawn()
        .map_err(|e| format!("cannot start samtykke-receipts: {e}"))?;
    let demo = Demo {
        child,
        env: [
            (
                "SAMTYKKE_RECEIPTS_URL",
                format!("http://127.0.0.1:{DEMO_PORT}"),
            ),
            (
                "SAMTYKKE_RECEIPTS_TOKEN_FILE",
                token_file.display().to_string(),
            ),
        ],
    };
    wait_for_port(DEMO_PORT)?;
    println!(
        "samtykke demo: receipts kept in {} by samtykke-receipts on 127.0.0.1:{DEMO_PORT}",
        rel(root, &dir)
    );
    Ok(demo)
}

fn wait_for_port(port: u16) -> Result {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!(
        "samtykke-receipts did not listen on port {port} within 30 s"
    ))
}

/// 32 hex digits from the kernel's random source.
fn random_token() -> Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| format!("cannot read /dev/urandom: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// `cargo xtask bench receipts [SECONDS [ROUNDS]]`.
pub fn bench(root: &Path, args: &[String]) -> Result {
    let number = |i: usize, default: u64, name: &str| -> Result<u64> {
        args.get(i).map_or(Ok(default), |a| {
            a.parse()
                .map_err(|_| format!("bench receipts: {name} must be a number, not `{a}`"))
        })
    };
    let seconds = number(0, 5, "SECONDS")?;
    let rounds = number(1, 20, "ROUNDS")?;
    if args.len() > 2 || seconds == 0 || seconds > 120 || rounds > 200 {
        return Err("usage: cargo xtask bench receipts [SECONDS (1-120)] [ROUNDS (0-200)]".into());
    }
    cmd::run(Command::new("cargo").current_dir(root).args([
        "build",
        "--profile",
        "server",
        "-p",
        "samtykke-receipts",
        "--bin",
        "samtykke-receipts",
        "--example",
        "load",
    ]))?;
    let bin = root.join("target/server/samtykke-receipts");
    let load = root.join("target/server/examples/load");
    let load_before = load_average();
    let dir = std::env::temp_dir().join(format!("samtykke-receipts-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let sqlite = run_load(
        &load,
        &bin,
        &format!("sqlite://{}", dir.join("receipts.db").display()),
        seconds,
        rounds,
    );
    let _ = std::fs::remove_dir_all(&dir);
    let sqlite = sqlite?;
    let postgres = {
        let cluster = Cluster::start()?;
        run_load(&load, &bin, &cluster.url, seconds, rounds)?
    };
    let load_after = load_average();
    let date = samtykke::core::time::format_iso(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64),
    );
    let section = format!(
        "{START}\n## The receipts server: `cargo xtask bench receipts {seconds} {rounds}` ({date})\n\n\
         The release-optimised server (`--profile server`) and the load generator \
         (receipts/examples/load.rs) on loopback, {cores} cores; load average {load_before} before \
         and {load_after} after. The machine was shared with other builds and browser tests while \
         this ran, so these are figures under that load, not the machine's best. Each sender sends \
         one new receipt after the other (no pause); a receipt counts when answered 204, which the \
         server sends only after its transaction committed (SQLite: WAL with synchronous=FULL; \
         PostgreSQL: its default fsync and synchronous_commit on). {seconds} s per level.\n\n\
         ### SQLite (one file)\n\n{sqlite}\n\
         ### PostgreSQL ({pg}, a throw-away cluster on the same machine)\n\n{postgres}\n\
         In each kill -9 round the server takes 16 senders (every tenth receipt sent twice) and is \
         killed with SIGKILL at a random moment, then restarted; the export must hold every receipt \
         answered 204 (\"missing\") and none twice (\"twice\", counted over the whole export).\n\
         {END}\n",
        cores = std::thread::available_parallelism().map_or(0, |n| n.get()),
        pg = postgres_version(),
    );
    let doc_path = root.join("docs/benchmarks.md");
    let doc = std::fs::read_to_string(&doc_path)
        .map_err(|e| format!("cannot read {}: {e}", doc_path.display()))?;
    let doc = section::replace(&doc, START, END, &section).unwrap_or_else(|| {
        match doc.find("<!-- bench:end -->\n") {
            Some(i) => {
                let at = i + "<!-- bench:end -->\n".len();
                format!("{}\n{section}{}", &doc[..at], &doc[at..])
            }
            None => format!("{doc}\n{section}"),
        }
    });
    std::fs::write(&doc_path, doc)
        .map_err(|e| format!("cannot write {}: {e}", doc_path.display()))?;
    println!(
        "bench receipts: wrote its section of {}",
        rel(root, &doc_path)
    );
    Ok(())
}

/// Runs the load generator against one database; its Markdown (stdout), or why it failed.
fn run_load(load: &Path, bin: &Path, database: &str, seconds: u64, rounds: u64) -> Result<String> {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port: {e}"))?
        .port();
    let mut c = Command::new(load);
    c.arg(bin)
        .arg(database)
        .arg(port.to_string())
        .arg(seconds.to_string())
        .arg(rounds.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    println!("$ {}", cmd::show(&c));
    let out = c
        .output()
        .map_err(|e| format!("cannot start {}: {e}", load.display()))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    println!("{text}");
    if out.status.success() {
        Ok(text)
    } else {
        Err(format!(
            "the load run on {database} failed ({}):\n{text}",
            out.status
        ))
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

fn postgres_version() -> String {
    let dir = PathBuf::from("/usr/lib/postgresql");
    std::fs::read_dir(dir)
        .ok()
        .and_then(|d| {
            d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .max()
        })
        .map_or_else(|| "PostgreSQL".into(), |v| format!("PostgreSQL {v}"))
}
