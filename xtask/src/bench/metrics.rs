//! What the bench reports: the pages run.mjs serves, the metrics in table order with their labels
//! and decimals, and which of them the chart shows.

/// The pages run.mjs serves, in the order the tables show them: the README's one tag with the
/// config inline (the main case), the config from `data-config`, and that with a preload hint for
/// the config file.
pub const PAGES: [&str; 3] = ["inline", "data-config", "config-preload"];

/// What a metric is called in the table, and how many decimals it deserves.
pub struct Metric {
    pub key: &'static str,
    pub label: &'static str,
    pub decimals: usize,
}

const fn m(key: &'static str, label: &'static str, decimals: usize) -> Metric {
    Metric {
        key,
        label,
        decimals,
    }
}

pub const METRICS: [Metric; 23] = [
    m("banner_ms", "first visit: banner visible (ms)", 0),
    m("choose_ms", "click on Choose → dialog visible (ms)", 0),
    m(
        "accept_br_kb",
        "first visit: bytes through accept all (KB, brotli of the files fetched)",
        1,
    ),
    m("return_ms", "return visit: analytics ran (ms)", 0),
    m("accept_ms", "click on accept all → analytics ran (ms)", 0),
    m("requests_first", "first visit: requests", 0),
    m("choose_requests", "requests after Choose", 0),
    m("choose_kb", "bytes after Choose (KB, as served)", 1),
    m("choose_br_kb", "bytes after Choose (KB, brotli)", 1),
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
    m("wasm_instances_first", "wasm instances, first visit", 0),
    m("wasm_instances_choose", "wasm instances after Choose", 0),
    m(
        "wasm1_initial_kb",
        "wasm memory at instantiation, 1st instance (KB)",
        0,
    ),
    m(
        "wasm1_growth_kb",
        "wasm memory growth after instantiation, 1st instance (KB)",
        0,
    ),
    m(
        "wasm2_initial_kb",
        "wasm memory at instantiation, 2nd instance (KB)",
        0,
    ),
    m(
        "wasm2_growth_kb",
        "wasm memory growth after instantiation, 2nd instance (KB)",
        0,
    ),
];

/// The timings the chart shows.
pub const CHARTED: [&str; 5] = [
    "banner_ms",
    "choose_ms",
    "last_request_ms",
    "return_ms",
    "script_ms",
];

/// The series, in table order: every page at every latency.
pub fn series(latencies: &[u32]) -> Vec<(u32, &'static str)> {
    latencies
        .iter()
        .flat_map(|l| PAGES.iter().map(move |p| (*l, *p)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The driver and this table name the same pages and metrics: a row the driver never samples
    /// would only ever show dashes.
    #[test]
    fn every_page_and_row_is_one_the_driver_emits() {
        let driver = include_str!("../../bench/run.mjs");
        let pages = PAGES.map(|p| format!("'{p}'")).join(", ");
        assert!(
            driver.contains(&format!("const PAGES = [{pages}];")),
            "run.mjs's PAGES differ from [{pages}]"
        );
        for metric in &METRICS {
            // wasm<N>_<what>_kb: one per instance, the number filled in by the driver.
            let emitted = match metric.key.strip_prefix("wasm") {
                Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => {
                    let what = rest.trim_start_matches(|c: char| c.is_ascii_digit());
                    driver.contains(&format!("`wasm${{i + 1}}{what}`"))
                }
                _ => driver.contains(&format!("sample('{}'", metric.key)),
            };
            assert!(emitted, "run.mjs never samples {}", metric.key);
        }
        assert!(CHARTED
            .iter()
            .all(|key| METRICS.iter().any(|m| m.key == *key)));
    }
}
