//! One cell of the report: the median, min and max of a metric's values over the runs.

/// Also read from ../shared/bench's results JSON, whose `{ n, median, min, max }` it matches.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
pub struct Summary {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Summary {
    pub fn of(values: &[f64]) -> Option<Summary> {
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

    /// `median (min–max)` with `decimals` decimals.
    pub fn cell(&self, decimals: usize) -> String {
        format!(
            "{:.d$} ({:.d$}–{:.d$})",
            self.median,
            self.min,
            self.max,
            d = decimals
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
