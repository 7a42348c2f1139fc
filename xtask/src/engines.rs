//! The end-to-end subset in every engine (tests/e2e/engines/): the same visitor flows in Chromium,
//! Firefox ESR and WebKitGTK, one `cargo xtask test` layer each. run.mjs skips an engine that is
//! not installed with one line, except in CI (env CI set), where that fails the layer.

use std::path::Path;
use std::process::Command;

use crate::{cmd, settings, Result};

/// (SAMTYKKE_ENGINE, what the layer is called).
pub const ENGINES: [(&str, &str); 3] = [
    ("chromium", "Chromium"),
    ("firefox", "Firefox ESR"),
    ("webkit", "WebKitGTK"),
];

pub fn run(root: &Path, engine: &str) -> Result {
    let dist = root.join(settings::load(root)?.out_dir);
    cmd::run(
        Command::new("node")
            .current_dir(root)
            .args(["--test", "tests/e2e/engines/run.mjs"])
            .env("SAMTYKKE_ENGINE", engine)
            .env("SAMTYKKE_DIST", dist),
    )
}
