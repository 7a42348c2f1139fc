//! `cargo xtask bench`: samtykke alone in headless Chromium, written into docs/benchmarks.md.
//!
//! `xtask/bench/run.mjs` (playwright-core, Debian's Chromium) measures and prints one line per
//! sample; this side builds first, turns the samples into medians, and writes the part of
//! docs/benchmarks.md between the markers plus the chart docs/bench.svg. Timings are never
//! asserted anywhere: only these pure helpers are tested.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::cmd::{self, rel};
use crate::{dist, settings, setup, Result};

const DRIVER: &str = "xtask/bench/run.mjs";
const DOC: &str = "docs/benchmarks.md";
const SVG: &str = "docs/bench.svg";
const START: &str =
    "<!-- bench:start: written by `cargo xtask bench`, edits in here are overwritten -->";
const END: &str = "<!-- bench:end -->";
/// The pages run.mjs serves, in the order the tables show them.
const PAGES: [&str; 3] = ["plain", "preload", "inline"];

/// What a metric is called in the table, and how many decimals it deserves.
struct Metric {
    key: &'static str,
    label: &'static str,
    decimals: usize,
}

const fn m(key: &'static str, label: &'static str, decimals: usize) -> Metric {
    Metric {
        key,
        label,
        decimals,
    }
}

const METRICS: [Metric; 16] = [
    m("banner_ms", "first visit: banner visible (ms)", 0),
    m("return_ms", "return visit: analytics ran (ms)", 0),
    m("accept_ms", "click on accept all → analytics ran (ms)", 0),
    m("requests_first", "first visit: requests", 0),
    m("requests_return", "return visit: requests", 0),
    m(
        "last_request_ms",
        "first visit: last request, after the page's (ms)",
        0,
    ),
    m("script_ms", "first visit: main-thread script (ms)", 1),
    m("task_ms", "first visit: main-thread tasks (ms)", 0),
    m("long_tasks", "first visit: long tasks", 0),
    m("long_task_ms", "first visit: long tasks (ms)", 0),
    m("cls", "first visit: CLS", 3),
    m("heap_kb", "JS heap after GC, first visit (KB)", 0),
    m("wasm_initial_kb", "wasm memory at instantiation (KB)", 0),
    m("wasm_first_kb", "wasm memory, end of first visit (KB)", 0),
    m("wasm_accept_kb", "wasm memory after accept all (KB)", 0),
    m("wasm_return_kb", "wasm memory, end of return visit (KB)", 0),
];

/// The timings the chart shows.
const CHARTED: [&str; 4] = ["banner_ms", "last_request_ms", "return_ms", "script_ms"];

#[derive(Debug, PartialEq)]
struct Options {
    runs: u32,
    latency: Vec<u32>,
}

fn parse_args(args: &[String]) -> Result<Options> {
    let mut options = Options {
        runs: 9,
        latency: vec![0, 40],
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) => (k, Some(v.to_string())),
            None => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or(format!("{key} needs a value"))
        };
        match key {
            "--runs" => {
                let v = value()?;
                options.runs = v
                    .parse()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or(format!("--runs {v}: expected a whole number ≥ 1"))?;
            }
            "--latency" => {
                let v = value()?;
                options.latency = v
                    .split(',')
                    .map(|l| l.trim().parse::<u32>())
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .ok()
                    .filter(|l| !l.is_empty())
                    .ok_or(format!(
                        "--latency {v}: expected milliseconds, comma-separated (e.g. 0,40)"
                    ))?;
            }
            other => {
                return Err(format!(
                    "bench: unknown option `{other}` (options: --runs N, --latency MS[,MS...])"
                ))
            }
        }
    }
    Ok(options)
}

pub fn run(root: &Path, args: &[String]) -> Result {
    let options = parse_args(args)?;
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
    let results = parse_samples(&String::from_utf8_lossy(&out.stdout))?;

    let mut command = "cargo xtask bench".to_string();
    for a in args {
        command.push(' ');
        command.push_str(a);
    }
    let run = Run {
        command,
        commit: commit(root),
        took_s: took,
        options,
    };
    let section = section(&results, &run);
    let doc_path = root.join(DOC);
    let doc = std::fs::read_to_string(&doc_path).unwrap_or_else(|_| "# Benchmarks\n".into());
    write(&doc_path, &replace_section(&doc, &section))?;
    write(&root.join(SVG), &svg(&results, &run.options.latency))?;
    println!("\n{}", table(&results, &run.options.latency));
    println!(
        "bench: {} runs in {took} s; wrote {} and {}",
        run.options.runs,
        rel(root, &doc_path),
        SVG
    );
    Ok(())
}

fn write(path: &Path, text: &str) -> Result {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The short commit, marked when the tree has changes beyond it.
fn commit(root: &Path) -> String {
    let git = |args: &[&str]| cmd::output(Command::new("git").current_dir(root).args(args));
    let head =
        git(&["rev-parse", "--short", "HEAD"]).map_or("unknown".into(), |s| s.trim().to_string());
    let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
        .is_some_and(|s| !s.trim().is_empty());
    if dirty {
        format!("{head} with uncommitted changes")
    } else {
        head
    }
}

struct Run {
    command: String,
    commit: String,
    took_s: u64,
    options: Options,
}

#[derive(Debug, Default)]
struct Results {
    meta: BTreeMap<String, String>,
    /// (page, latency, metric) -> one value per run.
    samples: BTreeMap<(String, u32, String), Vec<f64>>,
}

impl Results {
    fn summary(&self, page: &str, latency: u32, metric: &str) -> Option<Summary> {
        let values = self
            .samples
            .get(&(page.to_string(), latency, metric.to_string()))?;
        Summary::of(values)
    }

    fn meta(&self, key: &str) -> &str {
        self.meta.get(key).map_or("unknown", String::as_str)
    }
}

fn parse_samples(text: &str) -> Result<Results> {
    let mut results = Results::default();
    for (n, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        let bad = || format!("{DRIVER} printed an unexpected line {}: {line:?}", n + 1);
        match fields.as_slice() {
            ["meta", key, value] => {
                results.meta.insert(key.to_string(), value.to_string());
            }
            ["sample", page, latency, _run, metric, value] => {
                let latency = latency.parse().map_err(|_| bad())?;
                let value: f64 = value.parse().map_err(|_| bad())?;
                if !value.is_finite() {
                    return Err(bad());
                }
                results
                    .samples
                    .entry((page.to_string(), latency, metric.to_string()))
                    .or_default()
                    .push(value);
            }
            [""] => {}
            _ => return Err(bad()),
        }
    }
    if results.samples.is_empty() {
        return Err(format!("{DRIVER} reported no samples"));
    }
    Ok(results)
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Summary {
    median: f64,
    min: f64,
    max: f64,
}

impl Summary {
    fn of(values: &[f64]) -> Option<Summary> {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = match n {
            0 => return None,
            _ if n % 2 == 1 => v[n / 2],
            _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        };
        Some(Summary {
            median,
            min: v[0],
            max: v[n - 1],
        })
    }

    fn cell(&self, decimals: usize) -> String {
        format!(
            "{:.d$} ({:.d$}–{:.d$})",
            self.median,
            self.min,
            self.max,
            d = decimals
        )
    }
}

/// The series, in table order: every page at every latency.
fn series(latencies: &[u32]) -> Vec<(u32, &'static str)> {
    latencies
        .iter()
        .flat_map(|l| PAGES.iter().map(move |p| (*l, *p)))
        .collect()
}

/// One table per latency: rows are metrics, columns pages; each cell is `median (min–max)`.
fn table(results: &Results, latencies: &[u32]) -> String {
    let mut out = String::new();
    for l in latencies {
        let _ = write!(out, "\n**{l} ms per request**\n\n| measure |");
        for p in PAGES {
            let _ = write!(out, " {p} |");
        }
        out.push_str("\n|---|");
        out.push_str(&"---:|".repeat(PAGES.len()));
        out.push('\n');
        for metric in &METRICS {
            let _ = write!(out, "| {} |", metric.label);
            for p in PAGES {
                let cell = results
                    .summary(p, *l, metric.key)
                    .map_or("–".into(), |s| s.cell(metric.decimals));
                let _ = write!(out, " {cell} |");
            }
            out.push('\n');
        }
    }
    out
}

/// A warning when the 1-minute load average was above the number of cores at the start or the end:
/// then Chromium waited for the CPU, and the timings say more about the machine than about samtykke.
fn busy(results: &Results) -> Option<String> {
    let cores: f64 = results.meta("cores").split(' ').next()?.parse().ok()?;
    let load = |key| -> Option<f64> { results.meta(key).split(' ').next()?.parse().ok() };
    let worst = load("load_start")?.max(load("load_end")?);
    (worst > cores).then(|| {
        format!(
            "**Busy machine:** the load average reached {worst:.1} on {cores:.0} cores, so other work \
             competed with Chromium for the CPU. Read the timings as indications, not verdicts."
        )
    })
}

/// One sentence on budget line 5 (the wasm memory must not grow beyond its initial size).
fn memory_verdict(results: &Results, latencies: &[u32]) -> String {
    let mut initial = f64::INFINITY;
    let mut largest: f64 = 0.0;
    for (l, p) in series(latencies) {
        for key in ["wasm_initial_kb"] {
            if let Some(s) = results.summary(p, l, key) {
                initial = initial.min(s.min);
            }
        }
        for key in ["wasm_first_kb", "wasm_accept_kb", "wasm_return_kb"] {
            if let Some(s) = results.summary(p, l, key) {
                largest = largest.max(s.max);
            }
        }
    }
    if !initial.is_finite() {
        return "The wasm memory was not measured.".into();
    }
    if largest <= initial {
        format!(
            "The wasm memory stayed at its initial {initial:.0} KB in every run: budget line 5 holds."
        )
    } else {
        let pages = (largest - initial) / 64.0;
        format!(
            "The wasm memory grew from {initial:.0} KB at instantiation to at most {largest:.0} KB \
             ({pages:.0} page{} of 64 KB): budget line 5 (no growth beyond the initial size) does not hold.",
            if (pages - 1.0).abs() < 0.5 { "" } else { "s" }
        )
    }
}

fn section(results: &Results, run: &Run) -> String {
    let date = results.meta("date");
    let day = date.get(..10).unwrap_or(date);
    let mut s = String::new();
    let _ = writeln!(s, "{START}");
    let _ = writeln!(s, "## samtykke alone: `cargo xtask bench` ({day})\n");
    let _ = writeln!(
        s,
        "Command: `{}`, on commit {}. {} run{} per page and latency after one warm-up run; the \
         measuring took {} s.\n",
        run.command,
        run.commit,
        run.options.runs,
        if run.options.runs == 1 { "" } else { "s" },
        run.took_s
    );
    let _ = writeln!(
        s,
        "Machine: {}, {} cores ({}), Node {}, playwright-core {}, niceness {}. Load average {} at \
         the start and {} at the end. The machine is shared: other work lands in the timings, so compare medians \
         and distrust differences smaller than the min–max spread. Memory, CLS and long-task counts \
         hardly move between runs.\n",
        results.meta("chromium"),
        results.meta("cores").split(" × ").next().unwrap_or("?"),
        results.meta("cores").split(" × ").nth(1).unwrap_or("unknown"),
        results.meta("node"),
        results.meta("playwright"),
        results.meta("nice"),
        results.meta("load_start"),
        results.meta("load_end"),
    );
    if let Some(note) = busy(results) {
        let _ = writeln!(s, "{note}\n");
    }
    let _ = writeln!(
        s,
        "![Medians per latency and page, with min–max](bench.svg)\n"
    );
    let _ = writeln!(
        s,
        "Median (min–max) of the runs, for each latency the server added to every request:"
    );
    s.push_str(&table(results, &run.options.latency));
    let _ = writeln!(s, "\n{}\n", memory_verdict(results, &run.options.latency));
    s.push_str(ABOUT);
    let _ = writeln!(s, "{END}");
    s
}

/// What each row means; kept next to the code that measures it (xtask/bench/run.mjs).
const ABOUT: &str = "How it is measured (`xtask/bench/run.mjs`):

- Each run is a fresh headless Chromium with an empty profile, 1280×800, en-US. The bench's server
  (the e2e server, `tests/e2e/server.mjs`) serves `dist/` as `/samtykke/`, the demo config
  `www/consent.json`, and the bench's own page: a short article, one gated
  `<script type=\"text/plain\" data-consent=\"analytics\" data-src>` and the loader at the end of
  `<body>` with `data-config=\"/consent.json\"` (page *plain*). Page *preload* adds `<link
  rel=\"preload\" href=\"/samtykke/samtykke_bg.wasm\" as=\"fetch\" crossorigin>` to `<head>`; page
  *inline* has that hint too and the config inline (`<script type=\"application/json\"
  id=\"samtykke-config\">`) instead of `data-config`. The latency is added by the server before every answer. Files are
  served uncompressed with `Cache-Control: max-age=3600` (the page itself with `no-store`).
- Times are from navigation start. *Banner visible*: the first animation frame in which the banner
  has a box in the viewport and is neither hidden nor transparent. The first visit lasts until 2 s
  after navigation and at least 0.5 s after the banner; nothing gated may run in it.
- *Main-thread script* and *tasks*: CDP `Performance.getMetrics` `ScriptDuration` and
  `TaskDuration` at the end of the first visit. *Long tasks*: `longtask` entries (over 50 ms).
  *CLS*: the largest session window of `layout-shift` entries. *JS heap*: `JSHeapUsedSize` after
  `HeapProfiler.collectGarbage`.
- *Accept all → analytics*: from the click event on the banner's accept-all button to the gated
  script running (one request for it). *Return visit*: in the same tab, via `about:blank`, with the
  consent stored and the HTTP cache warm: navigation start to the gated script running.
- *Requests*: what the server was asked for during the visit, the page included; on a return visit
  the cache should leave only the page. *Last request*: when the server received the last request of
  the first visit, counted from the page's request. It shows how many requests wait for another.
- *wasm memory*: the instance's exported `memory`, caught by wrapping `WebAssembly.instantiate` and
  `instantiateStreaming` from an init script (the shipped files have no hook for it), read right
  after instantiation and at the end of each step.
";

/// Replaces the bench's section between the markers, or inserts it before the first `## ` heading
/// (after the title and introduction) when the document has none yet.
fn replace_section(doc: &str, section: &str) -> String {
    if let Some(done) = crate::section::replace(doc, START, END, section) {
        return done;
    }
    match doc.find("\n## ") {
        Some(i) => format!("{}{section}\n{}", &doc[..=i], &doc[i + 1..]),
        None => format!("{}\n\n{section}", doc.trim_end()),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Horizontal bars of the medians, one group per timing, one bar per latency × page, with a
/// min–max whisker. Each group has its own scale, so the labels carry the numbers.
fn svg(results: &Results, latencies: &[u32]) -> String {
    const WIDTH: f64 = 760.0;
    const LABEL: f64 = 150.0;
    const BARS: f64 = 500.0;
    const BAR: f64 = 16.0;
    const GAP: f64 = 5.0;
    const TITLE: f64 = 26.0;
    // One hue per latency, one shade per page (darkest: plain).
    const COLOURS: [[&str; 3]; 4] = [
        ["#2f5d8f", "#5f8fc4", "#9dbde3"],
        ["#a34b22", "#d27a4f", "#ecb497"],
        ["#2f7541", "#5ea56f", "#a3d3ad"],
        ["#6a4290", "#9a72c0", "#cbb2e3"],
    ];
    let series = series(latencies);
    let groups: Vec<&Metric> = METRICS
        .iter()
        .filter(|m| CHARTED.contains(&m.key))
        .collect();
    let height = 40.0 + groups.len() as f64 * (TITLE + series.len() as f64 * (BAR + GAP) + 10.0);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="system-ui, sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let _ = writeln!(
        s,
        r##"<text x="10" y="22" font-size="15" font-weight="bold" fill="#222">samtykke, cargo xtask bench: medians, whiskers min–max</text>"##
    );
    let _ = writeln!(
        s,
        r##"<text x="{x}" y="22" text-anchor="end" fill="#555">each group on its own scale from 0</text>"##,
        x = WIDTH - 10.0
    );
    let mut y = 40.0;
    for metric in groups {
        let _ = writeln!(
            s,
            r##"<text x="10" y="{:.1}" font-weight="bold" fill="#222">{}</text>"##,
            y + 16.0,
            escape(metric.label)
        );
        y += TITLE;
        let top = series
            .iter()
            .filter_map(|(l, p)| results.summary(p, *l, metric.key))
            .map(|s| s.max)
            .fold(0.0, f64::max);
        let scale = if top > 0.0 { BARS / top } else { 0.0 };
        for (i, (l, p)) in series.iter().enumerate() {
            let colour = COLOURS[(i / PAGES.len()) % COLOURS.len()][i % PAGES.len()];
            let _ = writeln!(
                s,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#333">{l} ms, {p}</text>"##,
                LABEL - 8.0,
                y + BAR - 4.0
            );
            if let Some(sum) = results.summary(p, *l, metric.key) {
                let w = sum.median * scale;
                let _ = writeln!(
                    s,
                    r#"<rect x="{LABEL}" y="{y:.1}" width="{w:.1}" height="{BAR}" fill="{colour}"/>"#
                );
                let (x0, x1, mid) = (
                    LABEL + sum.min * scale,
                    LABEL + sum.max * scale,
                    y + BAR / 2.0,
                );
                let _ = writeln!(
                    s,
                    r##"<path d="M{x0:.1} {mid:.1}H{x1:.1}M{x0:.1} {:.1}V{:.1}M{x1:.1} {:.1}V{:.1}" stroke="#222" stroke-width="1.2" fill="none"/>"##,
                    mid - 4.0,
                    mid + 4.0,
                    mid - 4.0,
                    mid + 4.0
                );
                let _ = writeln!(
                    s,
                    r##"<text x="{:.1}" y="{:.1}" fill="#222">{:.d$}</text>"##,
                    x1.max(LABEL + w) + 6.0,
                    y + BAR - 4.0,
                    sum.median,
                    d = metric.decimals
                );
            } else {
                let _ = writeln!(
                    s,
                    r##"<text x="{LABEL}" y="{:.1}" fill="#777">not measured</text>"##,
                    y + BAR - 4.0
                );
            }
            y += BAR + GAP;
        }
        y += 10.0;
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options_have_defaults_and_reject_nonsense() {
        assert_eq!(
            parse_args(&[]).unwrap(),
            Options {
                runs: 9,
                latency: vec![0, 40]
            }
        );
        assert_eq!(
            parse_args(&args(&["--runs", "5", "--latency=0,40,150"])).unwrap(),
            Options {
                runs: 5,
                latency: vec![0, 40, 150]
            }
        );
        for bad in [
            &["--runs", "0"][..],
            &["--runs", "x"],
            &["--runs"],
            &["--latency", "0,-4"],
            &["--latency", ""],
            &["--fast"],
        ] {
            assert!(parse_args(&args(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn median_min_max() {
        let s = Summary::of(&[5.0, 1.0, 3.0]).unwrap();
        assert_eq!((s.median, s.min, s.max), (3.0, 1.0, 5.0));
        assert_eq!(Summary::of(&[4.0, 1.0, 2.0, 10.0]).unwrap().median, 3.0);
        assert_eq!(Summary::of(&[7.0]).unwrap().median, 7.0);
        assert!(Summary::of(&[]).is_none());
        assert_eq!(
            Summary::of(&[1.25, 2.5, 9.0]).unwrap().cell(1),
            "2.5 (1.2–9.0)"
        );
    }

    const SAMPLES: &str = "meta\tchromium\tChromium 156\nmeta\tcores\t2 × AMD EPYC\n\
        sample\tplain\t0\t1\tbanner_ms\t100\nsample\tplain\t0\t2\tbanner_ms\t120\n\
        sample\tplain\t0\t3\tbanner_ms\t300\nsample\tpreload\t40\t1\tbanner_ms\t250.5\n\
        sample\tplain\t0\t1\twasm_initial_kb\t1088\nsample\tplain\t0\t1\twasm_first_kb\t1152\n";

    #[test]
    fn samples_are_grouped_and_bad_lines_named() {
        let r = parse_samples(SAMPLES).unwrap();
        assert_eq!(r.meta("chromium"), "Chromium 156");
        assert_eq!(r.meta("nope"), "unknown");
        let s = r.summary("plain", 0, "banner_ms").unwrap();
        assert_eq!((s.median, s.min, s.max), (120.0, 100.0, 300.0));
        assert!(r.summary("preload", 0, "banner_ms").is_none());
        let err = parse_samples("meta\tx\ty\nsample\tplain\t0\t1\tbanner_ms\tNaN\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert!(parse_samples("hello\n").is_err());
        assert!(
            parse_samples("meta\tx\ty\n").is_err(),
            "no samples is an error"
        );
    }

    #[test]
    fn a_table_per_latency_with_a_column_per_page_and_a_dash_for_gaps() {
        let r = parse_samples(SAMPLES).unwrap();
        let t = table(&r, &[0, 40]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[1], "**0 ms per request**");
        assert_eq!(lines[3], "| measure | plain | preload | inline |");
        assert_eq!(lines[4], "|---|---:|---:|---:|");
        assert_eq!(
            lines[5],
            "| first visit: banner visible (ms) | 120 (100–300) | – | – |"
        );
        let second = 5 + METRICS.len();
        assert_eq!(lines[second + 1], "**40 ms per request**");
        assert_eq!(
            lines[second + 5],
            "| first visit: banner visible (ms) | – | 250 (250–250) | – |"
        );
        assert_eq!(lines.len(), 2 * (5 + METRICS.len()));
    }

    #[test]
    fn a_busy_machine_is_named() {
        let mut r = parse_samples(SAMPLES).unwrap();
        assert_eq!(busy(&r), None, "no load average, no claim");
        r.meta
            .insert("load_start".into(), "1.50 / 1.2 / 1.0".into());
        r.meta.insert("load_end".into(), "1.90 / 1.2 / 1.0".into());
        assert_eq!(busy(&r), None, "below 2 cores");
        r.meta
            .insert("load_end".into(), "10.21 / 12.98 / 8.37".into());
        let note = busy(&r).unwrap();
        assert!(note.contains("reached 10.2 on 2 cores"), "{note}");
    }

    #[test]
    fn memory_growth_is_reported_in_pages() {
        let r = parse_samples(SAMPLES).unwrap();
        let v = memory_verdict(&r, &[0, 40]);
        assert!(
            v.contains("from 1088 KB") && v.contains("1152 KB (1 page of 64 KB)"),
            "{v}"
        );
        assert!(v.contains("does not hold"), "{v}");
        let flat = parse_samples(
            "sample\tplain\t0\t1\twasm_initial_kb\t1088\nsample\tplain\t0\t1\twasm_return_kb\t1088\n",
        )
        .unwrap();
        assert!(memory_verdict(&flat, &[0]).contains("holds"));
    }

    #[test]
    fn section_is_replaced_between_markers_and_inserted_once() {
        let doc = "# Benchmarks\n\nIntro.\n\n## Side by side\n\nOld table.\n";
        let first = replace_section(doc, &format!("{START}\nnew one\n{END}\n"));
        assert_eq!(
            first,
            format!("# Benchmarks\n\nIntro.\n\n{START}\nnew one\n{END}\n\n## Side by side\n\nOld table.\n")
        );
        let second = replace_section(&first, &format!("{START}\nnew two\n{END}\n"));
        assert_eq!(second, first.replace("new one", "new two"));
        assert_eq!(second.matches(START).count(), 1);
        let bare = replace_section("# B", &format!("{START}\nx\n{END}\n"));
        assert_eq!(bare, format!("# B\n\n{START}\nx\n{END}\n"));
    }

    #[test]
    fn svg_has_a_bar_per_series_and_escapes_text() {
        let r = parse_samples(SAMPLES).unwrap();
        let svg = svg(&r, &[0, 40]);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.trim_end().ends_with("</svg>"));
        // banner_ms: plain at 0 ms and preload at 40 ms were measured, the other four not.
        assert_eq!(svg.matches("<rect x=").count(), 2, "{svg}");
        assert!(svg.contains(">not measured<"));
        assert!(svg.contains(">first visit: last request, after the page's (ms)<"));
        assert!(!svg.contains("accept all"), "only the charted timings");
        // The longest bar is the largest max of its group: 300 ms fills the bar area.
        assert!(svg.contains(r#"width="200.0""#), "120/300 of 500: {svg}");
        assert_eq!(escape("a<b & c>"), "a&lt;b &amp; c&gt;");
        assert_eq!(svg.matches('<').count(), svg.matches('>').count());
    }
}
