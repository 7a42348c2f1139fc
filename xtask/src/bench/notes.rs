//! The sentences the section draws from the samples: a warning when the machine was busy, and the
//! verdict on budget line 5 (wasm memory).

use super::metrics::series;
use super::samples::Results;

/// A warning when the 1-minute load average was above the number of cores at the start or the end:
/// then Chromium waited for the CPU, and the timings say more about the machine than about samtykke.
pub fn busy(results: &Results) -> Option<String> {
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
pub fn memory_verdict(results: &Results, latencies: &[u32]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::samples::{parse, SAMPLES};

    #[test]
    fn a_busy_machine_is_named() {
        let mut r = parse(SAMPLES).unwrap();
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
        let r = parse(SAMPLES).unwrap();
        let v = memory_verdict(&r, &[0, 40]);
        assert!(
            v.contains("from 1088 KB") && v.contains("1152 KB (1 page of 64 KB)"),
            "{v}"
        );
        assert!(v.contains("does not hold"), "{v}");
        let flat = parse(
            "sample\tplain\t0\t1\twasm_initial_kb\t1088\nsample\tplain\t0\t1\twasm_return_kb\t1088\n",
        )
        .unwrap();
        assert!(memory_verdict(&flat, &[0]).contains("holds"));
    }
}
