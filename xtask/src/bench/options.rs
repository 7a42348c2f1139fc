//! `cargo xtask bench`'s options: `--runs N` and `--latency MS[,MS...]`, with their defaults.

use crate::Result;

#[derive(Debug, PartialEq)]
pub struct Options {
    pub runs: u32,
    pub latency: Vec<u32>,
}

pub fn parse(args: &[String]) -> Result<Options> {
    let mut options = Options {
        runs: 9,
        latency: vec![0, 40],
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) => (k, Some(v.to_string())),
            None => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or(format!("{key} needs a value"))
        };
        match key {
            "--runs" => {
                let v = value()?;
                options.runs = v
                    .parse()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or(format!("--runs {v}: expected a whole number ≥ 1"))?;
            }
            "--latency" => {
                let v = value()?;
                options.latency = v
                    .split(',')
                    .map(|l| l.trim().parse::<u32>())
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .ok()
                    .filter(|l| !l.is_empty())
                    .ok_or(format!(
                        "--latency {v}: expected milliseconds, comma-separated (e.g. 0,40)"
                    ))?;
            }
            other => {
                return Err(format!(
                    "bench: unknown option `{other}` (options: --runs N, --latency MS[,MS...])"
                ))
            }
        }
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options_have_defaults_and_reject_nonsense() {
        assert_eq!(
            parse(&[]).unwrap(),
            Options {
                runs: 9,
                latency: vec![0, 40]
            }
        );
        assert_eq!(
            parse(&args(&["--runs", "5", "--latency=0,40,150"])).unwrap(),
            Options {
                runs: 5,
                latency: vec![0, 40, 150]
            }
        );
        for bad in [
            &["--runs", "0"][..],
            &["--runs", "x"],
            &["--runs"],
            &["--latency", "0,-4"],
            &["--latency", ""],
            &["--fast"],
        ] {
            assert!(parse(&args(bad)).is_err(), "{bad:?}");
        }
    }
}
