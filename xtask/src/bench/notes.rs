//! The sentences the section draws from the samples: a warning when the machine was busy, and the
//! verdict on issue 12's budget line 4 (wasm memory flat), per instance.

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

/// The wasm instances the samples name (`wasm<N>_initial_kb`: the Nth made in a visit), in order.
fn instances(results: &Results) -> Vec<u32> {
    let mut found: Vec<u32> = results
        .samples
        .keys()
        .filter_map(|(_, _, metric)| {
            metric
                .strip_prefix("wasm")?
                .strip_suffix("_initial_kb")?
                .parse()
                .ok()
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

fn ordinal(n: u32) -> String {
    match n {
        1 => "1st".into(),
        2 => "2nd".into(),
        3 => "3rd".into(),
        _ => format!("{n}th"),
    }
}

/// One sentence on issue 12's budget line 4, wasm memory flat: no instance's memory may grow beyond
/// its size at instantiation. Each instance (the first-paint module, the full one once it is
/// loaded) is judged against its own start.
pub fn memory_verdict(results: &Results, latencies: &[u32]) -> String {
    let mut flat = Vec::new();
    let mut grew = Vec::new();
    for i in instances(results) {
        let mut initial = f64::INFINITY;
        let mut most: f64 = 0.0;
        for (l, p) in series(latencies) {
            if let Some(s) = results.summary(p, l, &format!("wasm{i}_initial_kb")) {
                initial = initial.min(s.min);
            }
            if let Some(s) = results.summary(p, l, &format!("wasm{i}_growth_kb")) {
                most = most.max(s.max);
            }
        }
        if !initial.is_finite() {
            continue;
        }
        let which = ordinal(i);
        if most <= 0.0 {
            flat.push(format!("the {which} instance at {initial:.0} KB"));
        } else {
            let pages = most / 64.0;
            grew.push(format!(
                "the {which} instance grew from {initial:.0} KB by up to {most:.0} KB ({pages:.0} \
                 page{} of 64 KB)",
                if (pages - 1.0).abs() < 0.5 { "" } else { "s" }
            ));
        }
    }
    if flat.is_empty() && grew.is_empty() {
        return "The wasm memory was not measured.".into();
    }
    if grew.is_empty() {
        return format!(
            "The wasm memory stayed at its size at instantiation in every run ({}): budget line 4 \
             (wasm memory flat) holds.",
            flat.join(", ")
        );
    }
    let kept = if flat.is_empty() {
        String::new()
    } else {
        format!("; {} stayed flat", flat.join(", "))
    };
    format!(
        "The wasm memory grew: {}{kept}. Budget line 4 (wasm memory flat) does not hold.",
        grew.join("; ")
    )
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
    fn memory_growth_is_reported_per_instance_in_pages() {
        let r = parse(SAMPLES).unwrap();
        let v = memory_verdict(&r, &[0, 40]);
        assert!(
            v.contains("the 1st instance grew from 1088 KB by up to 64 KB (1 page of 64 KB)"),
            "{v}"
        );
        assert!(v.contains("the 2nd instance at 17 KB stayed flat"), "{v}");
        assert!(v.contains("does not hold"), "{v}");
        // Latencies that were not run are not judged: at 40 ms only the 2nd instance was measured.
        assert!(memory_verdict(&r, &[40]).contains("holds"));
        let flat = parse(
            "sample\tinline\t0\t1\twasm1_initial_kb\t1088\nsample\tinline\t0\t1\twasm1_growth_kb\t0\n\
             sample\tinline\t0\t1\twasm2_initial_kb\t1152\nsample\tinline\t0\t1\twasm2_growth_kb\t0\n",
        )
        .unwrap();
        let v = memory_verdict(&flat, &[0]);
        assert!(
            v.contains("(the 1st instance at 1088 KB, the 2nd instance at 1152 KB)"),
            "{v}"
        );
        assert!(v.contains("holds"), "{v}");
        let none = parse("sample\tinline\t0\t1\tbanner_ms\t1\n").unwrap();
        assert_eq!(
            memory_verdict(&none, &[0]),
            "The wasm memory was not measured."
        );
        assert_eq!(ordinal(11), "11th");
    }
}
