//! docs/shared-bench.svg: samtykke beside its peers in one ../shared/bench run. One panel per
//! latency with the banner-visible median of each system and a min–max whisker, the floor's median
//! and 1.6 × it as reference lines (budget line 2); then one panel of first-visit brotli bytes with
//! vanilla-cookieconsent's as the reference line (budget line 1). samtykke's bars are coloured, the
//! peers' grey.

use std::fmt::Write as _;

use super::report::{Report, FLOOR, SAMTYKKE, VANILLA};
use crate::bench::svg::{escape, open, whisker};

const WIDTH: f64 = 760.0;
const LABEL: f64 = 200.0;
const BARS: f64 = 440.0;
const BAR: f64 = 18.0;
const GAP: f64 = 6.0;
const HEAD: f64 = 30.0;
const FOOT: f64 = 34.0;
const OURS: &str = "#a34b22";
const PEER: &str = "#8193a8";
const REFERENCE: &str = "#2f7541";
/// A white outline under text, so a reference line crossing a number does not hide it.
const HALO: &str = r##" stroke="#ffffff" stroke-width="3" paint-order="stroke""##;

/// One bar: a label, a median, and the min–max whisker when the value varies between runs.
struct Bar {
    system: String,
    ours: bool,
    median: Option<f64>,
    range: Option<(f64, f64)>,
}

/// A reference line across a panel, labelled below it.
struct Reference {
    value: f64,
    label: String,
    dashes: &'static str,
    /// The label's side of the line: `end` (to its left) or `start` (to its right).
    anchor: &'static str,
}

/// The systems charted: every one but the floor, which is a reference line instead.
fn charted(report: &Report) -> Vec<&str> {
    report
        .systems
        .iter()
        .map(|s| s.name.as_str())
        .filter(|n| *n != FLOOR)
        .collect()
}

pub fn svg(report: &Report) -> String {
    let systems = charted(report);
    let panel = HEAD + systems.len() as f64 * (BAR + GAP) + FOOT;
    let panels = report.latencies.len() + 1;
    let height = 64.0 + panels as f64 * panel;
    let mut desc = Vec::new();
    let mut body = String::new();
    let mut y = 64.0;
    for pass in &report.latencies {
        let bars: Vec<Bar> = systems
            .iter()
            .map(|p| {
                let s = pass.summary.get(*p).and_then(|s| s.banner_visible_ms);
                Bar {
                    system: report.label(p),
                    ours: *p == SAMTYKKE,
                    median: s.map(|s| s.median),
                    range: s.map(|s| (s.min, s.max)),
                }
            })
            .collect();
        let floor = pass
            .summary
            .get(FLOOR)
            .and_then(|s| s.banner_visible_ms)
            .map(|s| s.median);
        let references: Vec<Reference> = floor
            .map(|f| {
                vec![
                    Reference {
                        value: f,
                        label: format!("floor {f:.0} ms"),
                        dashes: "5 3",
                        anchor: "end",
                    },
                    Reference {
                        value: 1.6 * f,
                        label: format!("1.6 × floor {:.0} ms", 1.6 * f),
                        dashes: "2 3",
                        anchor: "start",
                    },
                ]
            })
            .unwrap_or_default();
        let title = format!(
            "Banner visible, {} ms per request (ms; median, whiskers min–max)",
            pass.latency
        );
        desc.push(describe(&title, &bars, &references, 0, " ms"));
        y = draw(&mut body, y, &title, &bars, &references, 0, "");
    }
    let bars: Vec<Bar> = systems
        .iter()
        .map(|p| Bar {
            system: report.label(p),
            ours: *p == SAMTYKKE,
            median: report.brotli(p).map(|b| b as f64 / 1024.0),
            range: None,
        })
        .collect();
    let references: Vec<Reference> = report
        .brotli(VANILLA)
        .map(|b| Reference {
            value: b as f64 / 1024.0,
            label: format!("line 1: ≤ {VANILLA} {:.1} KB", b as f64 / 1024.0),
            dashes: "5 3",
            anchor: "start",
        })
        .into_iter()
        .collect();
    let title = "First visit through accept-all, brotli (KB; the floor: 0, inline in its page)";
    desc.push(describe(title, &bars, &references, 1, " KB"));
    draw(&mut body, y, title, &bars, &references, 1, " KB");

    let day = report.started.get(..10).unwrap_or(&report.started);
    let heading = format!(
        "samtykke beside its peers, ../shared/bench {day}, {} run{} per system",
        report.options.runs,
        if report.options.runs == 1 { "" } else { "s" }
    );
    let mut s = String::new();
    open(&mut s, WIDTH, height, &heading, &desc.join(" "));
    let _ = writeln!(
        s,
        r##"<text x="10" y="22" font-size="15" font-weight="bold" fill="#222">{}</text>"##,
        escape(&heading)
    );
    legend(&mut s);
    s.push_str(&body);
    s.push_str("</svg>\n");
    s
}

/// The panel's numbers in words, for `<desc>`.
fn describe(title: &str, bars: &[Bar], refs: &[Reference], decimals: usize, unit: &str) -> String {
    let mut parts: Vec<String> = bars
        .iter()
        .map(|b| match (b.median, b.range) {
            (Some(m), Some((lo, hi))) => {
                format!(
                    "{} {m:.decimals$}{unit} ({lo:.decimals$}–{hi:.decimals$})",
                    b.system
                )
            }
            (Some(m), None) => format!("{} {m:.decimals$}{unit}", b.system),
            _ => format!("{} not measured", b.system),
        })
        .collect();
    parts.extend(refs.iter().map(|r| format!("reference: {}", r.label)));
    format!("{title}: {}.", parts.join("; "))
}

fn legend(s: &mut String) {
    let items = [
        (OURS, "samtykke", None),
        (PEER, "peers", None),
        (REFERENCE, "reference lines", Some("5 3")),
    ];
    let mut x = 10.0;
    for (colour, text, dashes) in items {
        match dashes {
            Some(d) => {
                let _ = writeln!(
                    s,
                    r#"<path d="M{x:.1} 40H{:.1}" stroke="{colour}" stroke-width="2" stroke-dasharray="{d}"/>"#,
                    x + 14.0
                );
            }
            None => {
                let _ = writeln!(
                    s,
                    r#"<rect x="{x:.1}" y="34" width="14" height="12" fill="{colour}"/>"#
                );
            }
        }
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="44" fill="#333">{text}</text>"##,
            x + 20.0
        );
        x += 30.0 + 7.0 * text.len() as f64;
    }
}

/// One panel from `y` down; returns the `y` below it. Each panel has its own scale from 0.
fn draw(
    s: &mut String,
    mut y: f64,
    title: &str,
    bars: &[Bar],
    refs: &[Reference],
    decimals: usize,
    unit: &str,
) -> f64 {
    let _ = writeln!(
        s,
        r##"<text x="10" y="{:.1}" font-weight="bold" fill="#222">{}</text>"##,
        y + 18.0,
        escape(title)
    );
    y += HEAD;
    let top = bars
        .iter()
        .filter_map(|b| b.range.map(|r| r.1).or(b.median))
        .chain(refs.iter().map(|r| r.value))
        .fold(0.0, f64::max);
    let scale = if top > 0.0 { BARS / top } else { 0.0 };
    let rows_top = y;
    // The numbers go in last, above the reference lines, each on a white outline.
    let mut values = String::new();
    for b in bars {
        let weight = if b.ours { r#" font-weight="bold""# } else { "" };
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#222"{weight}>{}</text>"##,
            LABEL - 8.0,
            y + BAR - 5.0,
            escape(&b.system)
        );
        match b.median {
            Some(m) => {
                let colour = if b.ours { OURS } else { PEER };
                let w = m * scale;
                let _ = writeln!(
                    s,
                    r#"<rect x="{LABEL}" y="{y:.1}" width="{w:.1}" height="{BAR}" fill="{colour}"/>"#
                );
                let mut end = LABEL + w;
                if let Some((lo, hi)) = b.range.filter(|(lo, hi)| hi > lo) {
                    let (x0, x1) = (LABEL + lo * scale, LABEL + hi * scale);
                    whisker(s, x0, x1, y + BAR / 2.0);
                    end = end.max(x1);
                }
                let _ = writeln!(
                    values,
                    r##"<text x="{:.1}" y="{:.1}" fill="#222"{weight}{HALO}>{m:.decimals$}{unit}</text>"##,
                    end + 6.0,
                    y + BAR - 5.0
                );
            }
            None => {
                let _ = writeln!(
                    s,
                    r##"<text x="{LABEL}" y="{:.1}" fill="#555">not measured</text>"##,
                    y + BAR - 5.0
                );
            }
        }
        y += BAR + GAP;
    }
    for r in refs {
        let x = LABEL + r.value * scale;
        let _ = writeln!(
            s,
            r#"<path d="M{x:.1} {:.1}V{:.1}" stroke="{REFERENCE}" stroke-width="1.5" stroke-dasharray="{}"/>"#,
            rows_top - 4.0,
            y,
            r.dashes
        );
        let dx = if r.anchor == "end" { -4.0 } else { 4.0 };
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="{}" fill="{REFERENCE}"{HALO}>{}</text>"#,
            x + dx,
            y + 12.0,
            r.anchor,
            escape(&r.label)
        );
    }
    s.push_str(&values);
    y + FOOT
}

#[cfg(test)]
mod tests {
    use super::super::report::{parse, FIXTURE};
    use super::*;

    #[test]
    fn a_banner_panel_per_latency_and_a_bytes_panel() {
        let r = parse(FIXTURE).unwrap();
        let svg = svg(&r);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains(r#"<title id="chart-title">samtykke beside its peers, ../shared/bench 2026-12-06, 9 runs per system</title>"#));
        // <desc> carries the numbers: the chart is readable without seeing it.
        assert!(svg.contains("samtykke 150 ms (141–171)"), "{svg}");
        assert!(svg.contains("reference: 1.6 × floor 154 ms"));
        assert!(svg.contains("vanilla-cookieconsent 3.1.0 14.4 KB"));
        assert!(svg.contains("reference: line 1: ≤ vanilla-cookieconsent 14.4 KB"));
        // 4 systems (the floor is a line) × 3 panels, plus the legend's two swatches.
        assert_eq!(svg.matches("<rect x=").count(), 4 * 3 + 2, "{svg}");
        // samtykke's three bars and its legend swatch are coloured; the peers' 9 bars grey.
        assert_eq!(svg.matches(&format!(r#"fill="{OURS}""#)).count(), 4);
        assert_eq!(svg.matches(&format!(r#"fill="{PEER}""#)).count(), 10);
        // Reference lines: floor and 1.6 × floor in both banner panels, vanilla's bytes once.
        assert_eq!(svg.matches(r#"stroke-dasharray="2 3""#).count(), 2);
        assert!(svg.contains(">floor 96 ms<") && svg.contains(">floor 48 ms<"));
        // Bytes have no whisker; at 40 ms the largest max (vanilla 320) fills the bar area.
        assert!(svg.contains("H640.0"), "{svg}");
        assert_eq!(svg.matches("http").count(), 1, "no link but the namespace");
        assert!(!svg.contains("<script") && !svg.contains("@import") && !svg.contains("href"));
        assert_eq!(svg.matches('<').count(), svg.matches('>').count());
    }
}
