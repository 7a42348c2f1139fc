//! Issue 12's budget, lines 1–4, evaluated from one latency's summaries of a ../shared/bench run.
//! Every comparison is between medians, as the bench's own README asks; a number the file lacks
//! makes its line "not measured", never "holds".

use std::fmt::Write as _;

use super::report::{Pass, Report, SystemSummary, FLOOR, SAMTYKKE, VANILLA};
use crate::bench::summary::Summary;

/// Line 2: the banner within this many times the floor's median (two round trips and a frame).
const FLOOR_FACTOR: f64 = 1.6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Holds,
    DoesNotHold,
    NotMeasured,
}

impl Verdict {
    fn of(holds: bool) -> Verdict {
        if holds {
            Verdict::Holds
        } else {
            Verdict::DoesNotHold
        }
    }

    /// A line of several clauses: it fails when one fails, and holds only when all were measured
    /// and hold.
    fn all(clauses: &[Verdict]) -> Verdict {
        if clauses.contains(&Verdict::DoesNotHold) {
            Verdict::DoesNotHold
        } else if clauses.contains(&Verdict::NotMeasured) {
            Verdict::NotMeasured
        } else {
            Verdict::Holds
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::DoesNotHold => "does not hold",
            Verdict::NotMeasured => "not measured",
        }
    }
}

pub struct Line {
    pub number: u8,
    pub budget: &'static str,
    pub measured: String,
    pub verdict: Verdict,
}

type Field = fn(&SystemSummary) -> Option<Summary>;

fn stat(pass: &Pass, system: &str, field: Field) -> Option<Summary> {
    pass.summary.get(system).and_then(field)
}

fn median(pass: &Pass, system: &str, field: Field) -> Option<f64> {
    stat(pass, system, field).map(|s| s.median)
}

fn ms(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format!("{x:.0} ms"))
}

fn kb(bytes: Option<u64>) -> String {
    bytes.map_or("–".into(), |b| format!("{:.1} KB", b as f64 / 1024.0))
}

/// The systems compared against: every measured one but samtykke and the floor.
fn peers(report: &Report) -> Vec<&str> {
    report
        .systems
        .iter()
        .map(|s| s.name.as_str())
        .filter(|n| *n != SAMTYKKE && *n != FLOOR)
        .collect()
}

/// Lines 1–4 at one latency.
pub fn lines(report: &Report, pass: &Pass) -> Vec<Line> {
    vec![
        bytes(report),
        banner(report, pass),
        return_visit(pass),
        main_thread(pass),
    ]
}

/// 1. First-visit bytes (brotli) ≤ vanilla-cookieconsent's.
fn bytes(report: &Report) -> Line {
    let (ours, theirs) = (report.brotli(SAMTYKKE), report.brotli(VANILLA));
    let verdict = match (ours, theirs) {
        (Some(o), Some(t)) => Verdict::of(o <= t),
        _ => Verdict::NotMeasured,
    };
    let mut measured = format!("samtykke {}, {VANILLA} {}", kb(ours), kb(theirs));
    if let (Some(o), Some(t)) = (ours, theirs) {
        if t > 0 {
            let _ = write!(measured, " ({:.2}×)", o as f64 / t as f64);
        }
    }
    let smallest = peers(report)
        .into_iter()
        .filter_map(|p| Some((p, report.brotli(p)?)))
        .min_by_key(|(_, b)| *b);
    if let Some((p, b)) = smallest {
        let _ = write!(measured, "; smallest peer {p} {}", kb(Some(b)));
    }
    Line {
        number: 1,
        budget: "first-visit bytes through accept-all, brotli ≤ vanilla-cookieconsent's",
        measured,
        verdict,
    }
}

/// 2. Banner visible sooner than every peer, and within 1.6 × the floor.
fn banner(report: &Report, pass: &Pass) -> Line {
    let field: Field = |s| s.banner_visible_ms;
    let ours = median(pass, SAMTYKKE, field);
    let floor = median(pass, FLOOR, field);
    let theirs: Vec<(&str, Option<f64>)> = peers(report)
        .into_iter()
        .map(|p| (p, median(pass, p, field)))
        .collect();
    let sooner = match ours {
        Some(o) if !theirs.is_empty() => Verdict::all(
            &theirs
                .iter()
                .map(|(_, t)| t.map_or(Verdict::NotMeasured, |t| Verdict::of(o < t)))
                .collect::<Vec<_>>(),
        ),
        _ => Verdict::NotMeasured,
    };
    let within = match (ours, floor) {
        (Some(o), Some(f)) => Verdict::of(o <= FLOOR_FACTOR * f),
        _ => Verdict::NotMeasured,
    };
    let mut measured = format!("samtykke {}", ms(ours));
    let fastest = theirs
        .iter()
        .filter_map(|(p, t)| Some((*p, (*t)?)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((p, t)) = fastest {
        let _ = write!(measured, "; fastest peer {p} {}", ms(Some(t)));
    }
    if let Some(o) = ours {
        let not_later: Vec<String> = theirs
            .iter()
            .filter_map(|(p, t)| t.filter(|t| *t <= o).map(|t| format!("{p} {t:.0} ms")))
            .collect();
        if !not_later.is_empty() {
            let _ = write!(measured, " (not later: {})", not_later.join(", "));
        }
    }
    if let Some(f) = floor {
        let _ = write!(
            measured,
            "; floor {}, {FLOOR_FACTOR} × floor = {}",
            ms(Some(f)),
            ms(Some(FLOOR_FACTOR * f))
        );
        if let (Some(o), true) = (ours, f > 0.0) {
            let _ = write!(measured, " (samtykke {:.2}× the floor)", o / f);
        }
    }
    Line {
        number: 2,
        budget: "banner visible sooner than every peer, and ≤ 1.6 × the floor",
        measured,
        verdict: Verdict::all(&[sooner, within]),
    }
}

/// 3. Return visit → gated script ≤ vanilla-cookieconsent's.
fn return_visit(pass: &Pass) -> Line {
    let field: Field = |s| s.return_analytics_ms;
    let (ours, theirs) = (median(pass, SAMTYKKE, field), median(pass, VANILLA, field));
    let verdict = match (ours, theirs) {
        (Some(o), Some(t)) => Verdict::of(o <= t),
        _ => Verdict::NotMeasured,
    };
    Line {
        number: 3,
        budget: "return visit → gated script ≤ vanilla-cookieconsent's",
        measured: format!("samtykke {}, {VANILLA} {}", ms(ours), ms(theirs)),
        verdict,
    }
}

/// 4. Script time ≤ vanilla-cookieconsent's, no long tasks, CLS 0 (medians; the max is shown).
fn main_thread(pass: &Pass) -> Line {
    let script: Field = |s| s.script_ms;
    let (ours, theirs) = (
        median(pass, SAMTYKKE, script),
        median(pass, VANILLA, script),
    );
    let script_ok = match (ours, theirs) {
        (Some(o), Some(t)) => Verdict::of(o <= t),
        _ => Verdict::NotMeasured,
    };
    let long = stat(pass, SAMTYKKE, |s| s.long_task_ms);
    let cls = stat(pass, SAMTYKKE, |s| s.cls);
    let zero =
        |s: Option<Summary>| s.map_or(Verdict::NotMeasured, |s| Verdict::of(s.median == 0.0));
    let shown = |s: Option<Summary>, d: usize, unit: &str| {
        s.map_or("–".into(), |s| {
            format!("{:.d$}{unit} median (max {:.d$}{unit})", s.median, s.max)
        })
    };
    let one = |x: Option<f64>| x.map_or("–".into(), |x| format!("{x:.1} ms"));
    Line {
        number: 4,
        budget: "script time ≤ vanilla-cookieconsent's, no long tasks, CLS 0",
        measured: format!(
            "script samtykke {}, {VANILLA} {}; long tasks {}; CLS {}",
            one(ours),
            one(theirs),
            shown(long, 0, " ms"),
            shown(cls, 3, "")
        ),
        verdict: Verdict::all(&[script_ok, zero(long), zero(cls)]),
    }
}

/// The lines as a markdown table.
pub fn table(lines: &[Line]) -> String {
    let mut s =
        String::from("| line | budget | measured (medians) | verdict |\n|---|---|---|---|\n");
    for l in lines {
        let _ = writeln!(
            s,
            "| {} | {} | {} | **{}** |",
            l.number,
            l.budget,
            l.measured,
            l.verdict.word()
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::report::{parse, FIXTURE};
    use super::*;

    fn verdicts(report: &Report, latency: usize) -> Vec<Verdict> {
        lines(report, &report.latencies[latency])
            .iter()
            .map(|l| l.verdict)
            .collect()
    }

    /// The fixture edited at a JSON path, e.g. `["latencies", 0, "summary", "floor", ...]`.
    fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> Report {
        let mut v: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
        edit(&mut v);
        parse(&v.to_string()).unwrap()
    }

    use Verdict::{DoesNotHold as No, Holds as Yes, NotMeasured as Unknown};

    #[test]
    fn the_fixture_s_lines_at_40_ms() {
        let r = parse(FIXTURE).unwrap();
        // 1: 20000 B > vanilla's 14734 B. 2: 150 ms < klaro 196, osano 211, vanilla 282 and
        // ≤ 1.6 × 96 = 153.6. 3: 90 ms > vanilla's 81. 4: 13.0 ≤ 18.0 ms, long tasks and CLS 0.
        assert_eq!(verdicts(&r, 0), [No, Yes, No, Yes]);
        let l = lines(&r, &r.latencies[0]);
        assert_eq!(
            l[0].measured,
            "samtykke 19.5 KB, vanilla-cookieconsent 14.4 KB (1.36×); smallest peer osano-cookieconsent 7.5 KB"
        );
        assert_eq!(
            l[1].measured,
            "samtykke 150 ms; fastest peer klaro 196 ms; floor 96 ms, 1.6 × floor = 154 ms (samtykke 1.56× the floor)"
        );
        assert_eq!(l[2].measured, "samtykke 90 ms, vanilla-cookieconsent 81 ms");
        assert_eq!(
            l[3].measured,
            "script samtykke 13.0 ms, vanilla-cookieconsent 18.0 ms; long tasks 0 ms median (max 0 ms); CLS 0.000 median (max 0.000)"
        );
        let t = table(&l);
        assert!(t.contains("| 1 | first-visit bytes"));
        assert_eq!(t.matches("**does not hold**").count(), 2, "{t}");
        assert_eq!(t.matches("**holds**").count(), 2, "{t}");
    }

    #[test]
    fn at_0_ms_a_peer_as_soon_as_samtykke_fails_line_2() {
        // The fixture's 0 ms pass: osano's median equals samtykke's (110 ms): not sooner; the
        // return visit equals vanilla's (34 ms): ≤ holds; script 15.0 > vanilla's 14.4 ms.
        let r = parse(FIXTURE).unwrap();
        assert_eq!(verdicts(&r, 1), [No, No, Yes, No]);
        let l = lines(&r, &r.latencies[1]);
        assert!(
            l[1].measured
                .contains("(not later: osano-cookieconsent 110 ms)"),
            "{}",
            l[1].measured
        );
    }

    #[test]
    fn each_clause_can_fail_the_line_on_its_own() {
        // Sooner than every peer, but slower than 1.6 × the floor (floor 90: 144 < 150).
        let r = edited(|v| {
            v["latencies"][0]["summary"]["floor"]["bannerVisibleMs"]["median"] = 90.into()
        });
        assert_eq!(verdicts(&r, 0)[1], No);
        // Exactly 1.6 × the floor still holds (floor 93.75 → 150).
        let r = edited(|v| {
            v["latencies"][0]["summary"]["floor"]["bannerVisibleMs"]["median"] = 93.75.into()
        });
        assert_eq!(verdicts(&r, 0)[1], Yes);
        // One long task in the median, or a layout shift, fails line 4.
        let r = edited(|v| {
            v["latencies"][0]["summary"]["samtykke"]["longTaskMs"]["median"] = 52.into()
        });
        assert_eq!(verdicts(&r, 0)[3], No);
        let r =
            edited(|v| v["latencies"][0]["summary"]["samtykke"]["cls"]["median"] = 0.001.into());
        assert_eq!(verdicts(&r, 0)[3], No);
        // Equal bytes hold line 1.
        let r = edited(|v| v["sizes"]["samtykke"]["total"]["br"] = 14734.into());
        assert_eq!(verdicts(&r, 0)[0], Yes);
    }

    #[test]
    fn a_missing_number_is_not_measured_never_holds() {
        let r = edited(|v| {
            v["latencies"][0]["summary"]["klaro"]["bannerVisibleMs"] = serde_json::Value::Null;
            v["latencies"][0]["summary"]
                .as_object_mut()
                .unwrap()
                .remove("vanilla-cookieconsent");
            v["sizes"].as_object_mut().unwrap().remove("samtykke");
        });
        assert_eq!(verdicts(&r, 0), [Unknown, Unknown, Unknown, Unknown]);
        // A failing clause still fails a line with an unmeasured one.
        assert_eq!(Verdict::all(&[Unknown, No]), No);
        assert_eq!(Verdict::all(&[Yes, Yes]), Yes);
    }
}
