//! docs/bench.svg: horizontal bars of the charted medians with min–max whiskers, one group per
//! timing, one bar per latency × page.

use std::fmt::Write as _;

use super::metrics::{series, Metric, CHARTED, METRICS, PAGES};
use super::samples::Results;

pub(super) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Horizontal bars of the medians, one group per timing, one bar per latency × page, with a
/// min–max whisker. Each group has its own scale, so the labels carry the numbers.
pub fn svg(results: &Results, latencies: &[u32]) -> String {
    const WIDTH: f64 = 760.0;
    const LABEL: f64 = 150.0;
    const BARS: f64 = 500.0;
    const BAR: f64 = 16.0;
    const GAP: f64 = 5.0;
    const TITLE: f64 = 26.0;
    // One hue per latency, one shade per page (darkest: inline).
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
    open(
        &mut s,
        WIDTH,
        height,
        "samtykke, cargo xtask bench",
        "Horizontal bars: for each charted timing, the median per latency and page, with a whisker from min to max.",
    );
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
                whisker(&mut s, x0, x1, mid);
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

/// The opening tag on a white background, with the `<title>` and `<desc>` a screen reader
/// announces (the picture is an image with those as its name and description).
pub(super) fn open(s: &mut String, width: f64, height: f64, title: &str, desc: &str) {
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-labelledby="chart-title chart-desc">"#
    );
    let _ = writeln!(s, r#"<title id="chart-title">{}</title>"#, escape(title));
    let _ = writeln!(s, r#"<desc id="chart-desc">{}</desc>"#, escape(desc));
    let _ = writeln!(s, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
}

/// A min–max whisker: a line from `x0` to `x1` at height `mid`, with a tick at each end.
pub(super) fn whisker(s: &mut String, x0: f64, x1: f64, mid: f64) {
    let _ = writeln!(
        s,
        r##"<path d="M{x0:.1} {mid:.1}H{x1:.1}M{x0:.1} {:.1}V{:.1}M{x1:.1} {:.1}V{:.1}" stroke="#222" stroke-width="1.2" fill="none"/>"##,
        mid - 4.0,
        mid + 4.0,
        mid - 4.0,
        mid + 4.0
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::samples::{parse, SAMPLES};

    #[test]
    fn svg_has_a_bar_per_series_and_escapes_text() {
        let r = parse(SAMPLES).unwrap();
        let svg = svg(&r, &[0, 40]);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.trim_end().ends_with("</svg>"));
        // banner_ms: inline at 0 ms and data-config at 40 ms were measured, the other four not;
        // choose_ms: inline at 0 ms.
        assert_eq!(svg.matches("<rect x=").count(), 3, "{svg}");
        assert!(svg.contains(">click on Choose → dialog visible (ms)<"));
        assert!(svg.contains(">40 ms, config-preload<"));
        assert!(svg.contains(">not measured<"));
        assert!(svg.contains(">first visit: last request, after the page's (ms)<"));
        assert!(!svg.contains("accept all"), "only the charted timings");
        // The longest bar is the largest max of its group: 300 ms fills the bar area.
        assert!(svg.contains(r#"width="200.0""#), "120/300 of 500: {svg}");
        assert_eq!(escape("a<b & c>"), "a&lt;b &amp; c&gt;");
        assert_eq!(svg.matches('<').count(), svg.matches('>').count());
    }
}
