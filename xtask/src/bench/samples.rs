//! run.mjs's output read back: `meta` lines (machine, versions, load) and `sample` lines (page,
//! latency, run, metric, value), grouped per page, latency and metric.

use std::collections::BTreeMap;

use super::summary::Summary;
use super::DRIVER;
use crate::Result;

#[derive(Debug, Default)]
pub struct Results {
    pub meta: BTreeMap<String, String>,
    /// (page, latency, metric) -> one value per run.
    pub samples: BTreeMap<(String, u32, String), Vec<f64>>,
}

impl Results {
    pub fn summary(&self, page: &str, latency: u32, metric: &str) -> Option<Summary> {
        let values = self
            .samples
            .get(&(page.to_string(), latency, metric.to_string()))?;
        Summary::of(values)
    }

    /// A meta value, or `unknown` when run.mjs did not report it.
    pub fn meta(&self, key: &str) -> &str {
        self.meta.get(key).map_or("unknown", String::as_str)
    }
}

/// Every line of run.mjs's stdout; a line of another shape, a value that is not a finite number
/// or no sample at all is an error naming the line.
pub fn parse(text: &str) -> Result<Results> {
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

/// run.mjs's output for the tests of this folder's modules: the banner at both latencies, the
/// Choose rows, the first visit's bytes and two wasm instances (the 1st grew by a page).
#[cfg(test)]
pub const SAMPLES: &str = "meta\tchromium\tChromium 156\nmeta\tcores\t2 × AMD EPYC\n\
    sample\tinline\t0\t1\tbanner_ms\t100\nsample\tinline\t0\t2\tbanner_ms\t120\n\
    sample\tinline\t0\t3\tbanner_ms\t300\nsample\tdata-config\t40\t1\tbanner_ms\t250.5\n\
    sample\tinline\t0\t1\tchoose_ms\t33\nsample\tinline\t0\t2\tchoose_ms\t17\n\
    sample\tconfig-preload\t40\t1\tchoose_requests\t2\n\
    sample\tinline\t0\t1\taccept_br_kb\t14.36\n\
    sample\tinline\t0\t1\twasm1_initial_kb\t1088\nsample\tinline\t0\t1\twasm1_growth_kb\t64\n\
    sample\tdata-config\t40\t1\twasm2_initial_kb\t17\nsample\tdata-config\t40\t1\twasm2_growth_kb\t0\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_grouped_and_bad_lines_named() {
        let r = parse(SAMPLES).unwrap();
        assert_eq!(r.meta("chromium"), "Chromium 156");
        assert_eq!(r.meta("nope"), "unknown");
        let s = r.summary("inline", 0, "banner_ms").unwrap();
        assert_eq!((s.median, s.min, s.max), (120.0, 100.0, 300.0));
        assert!(r.summary("data-config", 0, "banner_ms").is_none());
        let choose = r.summary("inline", 0, "choose_ms").unwrap();
        assert_eq!((choose.median, choose.min, choose.max), (25.0, 17.0, 33.0));
        let page = r.summary("config-preload", 40, "choose_requests").unwrap();
        assert_eq!(page.median, 2.0, "a page name with a hyphen is one field");
        let err = parse("meta\tx\ty\nsample\tinline\t0\t1\tbanner_ms\tNaN\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert!(parse("hello\n").is_err());
        assert!(parse("meta\tx\ty\n").is_err(), "no samples is an error");
    }
}
