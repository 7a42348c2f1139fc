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
}
