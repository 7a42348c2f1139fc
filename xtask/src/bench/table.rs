//! The markdown tables: one per latency, rows are metrics, columns pages; each cell is
//! `median (min–max)`, a dash where nothing was measured.

use std::fmt::Write as _;

use super::metrics::{METRICS, PAGES};
use super::samples::Results;

pub fn table(results: &Results, latencies: &[u32]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::samples::{parse, SAMPLES};

    #[test]
    fn a_table_per_latency_with_a_column_per_page_and_a_dash_for_gaps() {
        let r = parse(SAMPLES).unwrap();
        let t = table(&r, &[0, 40]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[1], "**0 ms per request**");
        assert_eq!(
            lines[3],
            "| measure | inline | data-config | config-preload |"
        );
        assert_eq!(lines[4], "|---|---:|---:|---:|");
        assert_eq!(
            lines[5],
            "| first visit: banner visible (ms) | 120 (100–300) | – | – |"
        );
        // Line 5 of issue 12's budget, next to the first paint.
        assert_eq!(
            lines[6],
            "| click on Choose → dialog visible (ms) | 25 (17–33) | – | – |"
        );
        assert_eq!(
            lines[7],
            "| first visit: bytes through accept all (KB, brotli of the files fetched) | 14.4 (14.4–14.4) | – | – |"
        );
        let row = |label: &str, from: usize| {
            lines[from..]
                .iter()
                .find(|l| l.starts_with(&format!("| {label} |")))
                .copied()
                .unwrap_or_else(|| panic!("no row {label:?} in {t}"))
        };
        assert_eq!(
            row(
                "wasm memory growth after instantiation, 1st instance (KB)",
                0
            ),
            "| wasm memory growth after instantiation, 1st instance (KB) | 64 (64–64) | – | – |"
        );
        let second = 5 + METRICS.len();
        assert_eq!(lines[second + 1], "**40 ms per request**");
        assert_eq!(
            lines[second + 5],
            "| first visit: banner visible (ms) | – | 250 (250–250) | – |"
        );
        assert_eq!(
            row("requests after Choose", second),
            "| requests after Choose | – | – | 2 (2–2) |"
        );
        assert_eq!(
            row("wasm memory at instantiation, 2nd instance (KB)", second),
            "| wasm memory at instantiation, 2nd instance (KB) | – | 17 (17–17) | – |"
        );
        assert_eq!(lines.len(), 2 * (5 + METRICS.len()));
    }
}
