//! A throw-away PostgreSQL for the receipts server's tests and bench: Debian's `postgresql`
//! package (installed by setup), a new cluster in a temporary folder, run as an unprivileged user
//! (the package's `postgres` user when xtask runs as root, which PostgreSQL refuses), listening on
//! a free loopback port, stopped and deleted when the [`Cluster`] is dropped, also on failure.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use crate::{cmd, setup, Result};

/// The variable the receipts server's PostgreSQL tests read their URL from.
pub const URL_VAR: &str = "SAMTYKKE_RECEIPTS_TEST_POSTGRES";

/// setup: the `postgresql` package, when no server binaries are installed.
pub fn install() -> Result {
    if bin_dir().is_some() {
        println!("setup: debian package postgresql: ok");
        return Ok(());
    }
    println!("setup: debian package postgresql: installing");
    cmd::run(&mut setup::apt(&["update"]))?;
    cmd::run(&mut setup::apt(&["install", "-y", "postgresql"]))
}

/// `/usr/lib/postgresql/<newest version>/bin`, where initdb and pg_ctl live.
fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
    running: bool,
    /// `postgres://postgres@127.0.0.1:<port>/postgres`
    pub url: String,
}

impl Cluster {
    pub fn start() -> Result<Cluster> {
        let bin = bin_dir().ok_or("PostgreSQL is not installed; run `cargo xtask setup`")?;
        let as_postgres =
            cmd::output(Command::new("id").arg("-u")).is_some_and(|id| id.trim() == "0");
        let dir = std::env::temp_dir().join(format!("samtykke-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let mut cluster = Cluster {
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            dir,
            bin,
            as_postgres,
            running: false,
        };
        if as_postgres {
            cmd::run(
                Command::new("chown")
                    .args(["postgres:postgres"])
                    .arg(&cluster.dir),
            )?;
        }
        let data = cluster.dir.join("data");
        cmd::run(cluster.tool("initdb").arg("-D").arg(&data).args([
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-instructions",
        ]))?;
        let options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -k {} -c max_connections=200",
            cluster.dir.display()
        );
        cluster.running = true;
        cmd::run(
            cluster
                .tool("pg_ctl")
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(cluster.dir.join("server.log"))
                .args(["-w", "-t", "60", "-o", &options, "start"]),
        )
        .map_err(|e| format!("{e}\n{}", cluster.log()))?;
        println!("postgres: a throw-away cluster at {}", cluster.url);
        Ok(cluster)
    }

    /// One of the cluster's programs, run as the `postgres` user when xtask is root.
    fn tool(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.running {
            let _ = cmd::run(
                self.tool("pg_ctl")
                    .arg("-D")
                    .arg(self.dir.join("data"))
                    .args(["-m", "fast", "-w", "stop"]),
            );
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
