//! `cargo xtask bench`: samtykke alone in headless Chromium, written into docs/benchmarks.md.
//!
//! `xtask/bench/run.mjs` (playwright-core, Debian's Chromium) measures and prints one line per
//! sample; this side builds first, turns the samples into medians, and writes the part of
//! docs/benchmarks.md between the markers plus the chart docs/bench.svg. Timings are never
//! asserted anywhere: only the pure helpers in the modules below are tested.
//!
//! This module only runs the steps in order.

mod about;
mod doc;
mod metrics;
mod notes;
mod options;
mod provenance;
mod samples;
pub mod shared;
mod summary;
mod svg;
mod table;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::cmd::{self, rel};
use crate::{dist, files, settings, setup, Result};

const DRIVER: &str = "xtask/bench/run.mjs";
const DOC: &str = "docs/benchmarks.md";
const SVG: &str = "docs/bench.svg";

pub fn run(root: &Path, args: &[String]) -> Result {
    let options = options::parse(args)?;
    setup::run(root)?;
    dist::build(root)?;
    let dist = root.join(settings::load(root)?.out_dir);
    let latency = options
        .latency
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let mut c = Command::new("node");
    c.current_dir(root)
        .arg(DRIVER)
        .args(["--runs", &options.runs.to_string(), "--latency", &latency])
        .arg("--dist")
        .arg(&dist)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    println!("\n$ {}", cmd::show(&c));
    let start = Instant::now();
    let out = c.output().map_err(|e| format!("cannot start node: {e}"))?;
    if !out.status.success() {
        return Err(format!("{DRIVER} failed ({})", out.status));
    }
    let took = start.elapsed().as_secs();
    let results = samples::parse(&String::from_utf8_lossy(&out.stdout))?;

    let run = provenance::Run::new(root, args, took, options);
    let section = doc::section(&results, &run);
    let doc_path = root.join(DOC);
    let doc = std::fs::read_to_string(&doc_path).unwrap_or_else(|_| "# Benchmarks\n".into());
    files::write(&doc_path, &doc::replace_section(&doc, &section))?;
    files::write(&root.join(SVG), &svg::svg(&results, &run.options.latency))?;
    println!("\n{}", table::table(&results, &run.options.latency));
    println!(
        "bench: {} runs in {took} s; wrote {} and {}",
        run.options.runs,
        rel(root, &doc_path),
        SVG
    );
    Ok(())
}
