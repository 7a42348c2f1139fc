//! The results JSON that `../shared/bench/run.mjs` writes (`<out>/<timestamp>.json`), read back:
//! only the parts the section and the chart use; the samples and everything else are skipped.
//! Field names are run.mjs's own (camelCase).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::bench::summary::Summary;
use crate::Result;

pub const SAMTYKKE: &str = "samtykke";
pub const FLOOR: &str = "floor";
pub const VANILLA: &str = "vanilla-cookieconsent";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub started: String,
    pub finished: Option<String>,
    pub options: RunOptions,
    #[serde(default)]
    pub machine: Machine,
    #[serde(default)]
    pub chromium: Chromium,
    pub playwright_core: Option<String>,
    pub systems: Vec<System>,
    #[serde(default)]
    pub skipped: Vec<Skipped>,
    pub latencies: Vec<Pass>,
    #[serde(default)]
    pub sizes: BTreeMap<String, Sizes>,
    pub markdown: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunOptions {
    pub runs: u32,
    pub only: Option<Vec<String>>,
    pub warmup: Option<u32>,
    pub encoding: Option<String>,
    pub http_cache: Option<bool>,
    pub checks: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Machine {
    pub cpus: Option<u32>,
    pub cpu_model: Option<String>,
    #[serde(rename = "memGB")]
    pub mem_gb: Option<f64>,
    #[serde(default)]
    pub loadavg_at_start: Vec<f64>,
    #[serde(default)]
    pub loadavg_at_end: Vec<f64>,
    pub node: Option<String>,
    pub platform: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Chromium {
    pub version: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct System {
    pub name: String,
    pub version: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Skipped {
    pub name: String,
    pub reason: Option<String>,
}

/// One latency's pass: a summary per system (by name).
#[derive(Debug, Deserialize)]
pub struct Pass {
    pub latency: f64,
    pub summary: BTreeMap<String, SystemSummary>,
}

/// run.mjs's `summarize()`: each timing is `{ n, median, min, max }`, or null when no run
/// measured it.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemSummary {
    pub banner_visible_ms: Option<Summary>,
    pub long_task_ms: Option<Summary>,
    pub script_ms: Option<Summary>,
    #[serde(rename = "heapAfterGcMB")]
    pub heap_after_gc_mb: Option<Summary>,
    pub cls: Option<Summary>,
    pub accept_ms: Option<Summary>,
    pub return_analytics_ms: Option<Summary>,
}

#[derive(Debug, Deserialize)]
pub struct Sizes {
    #[serde(default)]
    pub assets: Vec<Asset>,
    pub total: Total,
}

/// One file of a first visit, as served (`url` is the path on the bench's server).
#[derive(Debug, Deserialize)]
pub struct Asset {
    pub url: String,
    pub raw: u64,
    pub gzip: u64,
    pub br: u64,
}

/// The CMP files of a first visit (through the accept-all click and 0.5 s after it), in bytes.
#[derive(Debug, Deserialize)]
pub struct Total {
    pub files: u32,
    pub raw: u64,
    pub gzip: u64,
    pub br: u64,
}

pub fn parse(text: &str) -> Result<Report> {
    let report: Report = serde_json::from_str(text)
        .map_err(|e| format!("not a results file of ../shared/bench/run.mjs: {e}"))?;
    if report.latencies.is_empty() {
        return Err("the results file has no latency pass".into());
    }
    Ok(report)
}

impl Report {
    /// `name version`, as run.mjs labels its rows.
    pub fn label(&self, system: &str) -> String {
        match self.systems.iter().find(|s| s.name == system) {
            Some(System {
                version: Some(v), ..
            }) if v != "-" => format!("{system} {v}"),
            _ => system.to_string(),
        }
    }

    /// First-visit brotli bytes of the system's files.
    pub fn brotli(&self, system: &str) -> Option<u64> {
        self.sizes.get(system).map(|s| s.total.br)
    }

    /// The command that produced the file, rebuilt from its options (run.mjs does not record its
    /// argv or the environment, so where the samtykke build came from is a placeholder).
    pub fn command(&self) -> String {
        let o = &self.options;
        let latencies = self
            .latencies
            .iter()
            .map(|p| p.latency.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let mut c = format!(
            "SAMTYKKE_DIST=$PWD/dist node ../shared/bench/run.mjs --runs {} --latency {latencies}",
            o.runs
        );
        if let Some(only) = &o.only {
            c.push_str(&format!(" --only {}", only.join(",")));
        }
        if let Some(w) = o.warmup.filter(|w| *w != 1) {
            c.push_str(&format!(" --warmup {w}"));
        }
        if let Some(e) = o.encoding.as_deref().filter(|e| *e != "auto") {
            c.push_str(&format!(" --encoding {e}"));
        }
        if o.http_cache == Some(false) {
            c.push_str(" --no-http-cache");
        }
        if o.checks == Some(false) {
            c.push_str(" --no-checks");
        }
        c
    }

    /// The machine, browser and tool versions in one sentence; what the file lacks is left out.
    pub fn machine(&self) -> String {
        let m = &self.machine;
        let mut facts = Vec::new();
        if let Some(v) = &self.chromium.version {
            facts.push(format!("Chromium {v}"));
        }
        if let Some(v) = &self.playwright_core {
            facts.push(format!("playwright-core {v}"));
        }
        if let Some(v) = &m.node {
            facts.push(format!("Node {v}"));
        }
        match (m.cpus, &m.cpu_model) {
            (Some(n), Some(model)) => facts.push(format!("{n} × {model}")),
            (Some(n), None) => facts.push(format!("{n} cores")),
            _ => {}
        }
        if let Some(gb) = m.mem_gb {
            facts.push(format!("{gb} GiB"));
        }
        if let Some(p) = &m.platform {
            facts.push(p.clone());
        }
        let load = |l: &[f64]| l.first().map(|x| format!("{x:.2}"));
        if let (Some(a), Some(b)) = (load(&m.loadavg_at_start), load(&m.loadavg_at_end)) {
            facts.push(format!("load average {a} at the start and {b} at the end"));
        }
        facts.join(", ")
    }

    /// The part of run.mjs's markdown for one latency: from its `### latency N ms` heading up to
    /// the next `### ` heading (the table, the fail-closed and reject-all lines, notes, warnings).
    pub fn markdown_for(&self, latency: f64) -> Option<&str> {
        let md = self.markdown.as_deref()?;
        let heading = format!("### latency {latency} ms per request");
        let from = md.find(&heading)?;
        let rest = &md[from..];
        let to = rest[heading.len()..]
            .find("\n### ")
            .map_or(rest.len(), |i| i + heading.len() + 1);
        Some(rest[..to].trim_end())
    }
}

/// run.mjs's results for the tests of this folder: a hand-trimmed copy of a real file's shape
/// (two latencies, five systems, no samples), with samtykke's numbers chosen so that lines 1 and 3
/// do not hold and lines 2 and 4 do at 40 ms.
#[cfg(test)]
pub const FIXTURE: &str = include_str!("fixture.json");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixture_is_read_with_run_mjs_field_names() {
        let r = parse(FIXTURE).unwrap();
        assert_eq!(r.options.runs, 9);
        assert_eq!(r.latencies.len(), 2);
        let pass = &r.latencies[0];
        assert_eq!(pass.latency, 40.0);
        let s = &pass.summary[SAMTYKKE];
        let banner = s.banner_visible_ms.unwrap();
        assert_eq!(
            (banner.median, banner.min, banner.max),
            (150.0, 141.0, 171.0)
        );
        assert_eq!(s.return_analytics_ms.unwrap().median, 90.0);
        assert_eq!(s.heap_after_gc_mb.unwrap().median, 1.47);
        assert!(pass.summary[FLOOR].accept_ms.is_some());
        assert_eq!(r.brotli(SAMTYKKE), Some(20000));
        assert_eq!(r.brotli(VANILLA), Some(14734));
        assert_eq!(r.label(VANILLA), "vanilla-cookieconsent 3.1.0");
        assert_eq!(r.label(FLOOR), "floor");
        assert_eq!(r.chromium.version.as_deref(), Some("156.0.8078.114"));
        assert_eq!(
            r.command(),
            "SAMTYKKE_DIST=$PWD/dist node ../shared/bench/run.mjs --runs 9 --latency 40,0"
        );
        let m = r.machine();
        assert!(m.starts_with("Chromium 156.0.8078.114, playwright-core 1.65.1, Node v20.20.2, 2 × Intel(R) Xeon(R) Processor, 23.5 GiB"), "{m}");
        assert!(
            m.ends_with("load average 2.66 at the start and 3.10 at the end"),
            "{m}"
        );
    }

    #[test]
    fn a_latency_s_markdown_ends_at_the_next_heading() {
        let r = parse(FIXTURE).unwrap();
        let md = r.markdown_for(40.0).unwrap();
        assert!(md.starts_with("### latency 40 ms per request, 9 runs"));
        assert!(md.contains("| samtykke |"));
        assert!(md.ends_with("showed no banner then."), "{md}");
        assert!(!md.contains("latency 0 ms"));
        let last = r.markdown_for(0.0).unwrap();
        assert!(last.starts_with("### latency 0 ms per request"));
        assert!(!last.contains("CMP assets"), "{last}");
        assert!(r.markdown_for(80.0).is_none());
    }

    #[test]
    fn another_shape_is_refused_with_a_reason() {
        assert!(parse("{}").unwrap_err().contains("not a results file"));
        let mut no_pass: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
        no_pass["latencies"] = serde_json::json!([]);
        assert!(parse(&no_pass.to_string())
            .unwrap_err()
            .contains("no latency pass"));
    }
}
