//! `cargo xtask demo`: the build served with the demo pages by the e2e test server, until Ctrl-C.

use std::path::Path;
use std::process::Command;

use crate::cmd::{self, rel};
use crate::{files, settings, Result};

/// Builds (setup included), then runs the server in the foreground process group, so Ctrl-C
/// reaches it and xtask alike and nothing is left behind; xtask waits for it rather than exiting
/// first.
pub fn demo(root: &Path) -> Result {
    let server = files::required(
        root,
        root.join("tests/e2e/server.mjs"),
        ": the demo needs the e2e test server",
    )?;
    super::run(root)?;
    let mut c = Command::new("node");
    c.current_dir(root)
        .arg(rel(root, &server))
        .args(["--port", "8080"])
        .env("SAMTYKKE_DIST", root.join(settings::load(root)?.out_dir));
    println!("$ {}", cmd::show(&c));
    let mut child = c.spawn().map_err(|e| format!("cannot start node: {e}"))?;
    println!("samtykke demo: http://127.0.0.1:8080/  (Ctrl-C stops it)");
    let status = child
        .wait()
        .map_err(|e| format!("waiting for the demo server: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the demo server stopped: {status}"))
    }
}
