//! The size report: what a visitor downloads, raw and as a server would compress it.
//!
//! Computed in-process at the highest levels (gzip -9, brotli -q 11) so the numbers are the same on
//! every machine, whatever command-line tools it has.

use std::io::Write;
use std::path::Path;

use crate::Result;

#[derive(Clone)]
pub struct Row {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

impl Row {
    /// A row named `name` with the sums of `rows`.
    pub fn total(name: String, rows: &[Row]) -> Row {
        Row {
            name,
            raw: rows.iter().map(|r| r.raw).sum(),
            gzip: rows.iter().map(|r| r.gzip).sum(),
            brotli: rows.iter().map(|r| r.brotli).sum(),
        }
    }
}

pub fn measure(name: &str, path: &Path) -> Result<Row> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(Row {
        name: name.to_string(),
        raw: bytes.len() as u64,
        gzip: gzip(&bytes),
        brotli: brotli(&bytes),
    })
}

fn gzip(bytes: &[u8]) -> u64 {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail").len() as u64
}

fn brotli(bytes: &[u8]) -> u64 {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        // The brotli command line's default window for -q 11 (2^24 - 16 bytes).
        lgwin: 24,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .expect("compressing from and to memory cannot fail");
    out.len() as u64
}

/// A markdown table with a total row, so the README can paste it as it is.
pub fn table(rows: &[Row]) -> String {
    let total = Row::total("**total**".into(), rows);
    table_without_total(&rows.iter().cloned().chain([total]).collect::<Vec<_>>())
}

/// A markdown table of the rows as given.
pub fn table_without_total(rows: &[Row]) -> String {
    let mut out = String::from(
        "| file | raw bytes | gzip -9 | brotli -q 11 |\n| --- | ---: | ---: | ---: |\n",
    );
    for row in rows {
        out += &format!(
            "| {} | {} | {} | {} |\n",
            row.name, row.raw, row.gzip, row.brotli
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compression_shrinks_repetitive_input() {
        let text = "samtykke ".repeat(1000);
        assert!(gzip(text.as_bytes()) < 200);
        assert!(brotli(text.as_bytes()) < 100);
    }

    #[test]
    fn table_has_a_total_row() {
        let rows = [
            Row {
                name: "a".into(),
                raw: 1,
                gzip: 2,
                brotli: 3,
            },
            Row {
                name: "b".into(),
                raw: 10,
                gzip: 20,
                brotli: 30,
            },
        ];
        assert!(table(&rows).ends_with("| **total** | 11 | 22 | 33 |\n"));
    }
}
