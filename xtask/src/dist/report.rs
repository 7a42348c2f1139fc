//! The size report and budget: every file of the package and the language files measured, printed
//! as tables, and the brotli size of what a first visit downloads checked against
//! `budget-brotli-bytes`.

use std::path::Path;

use super::{languages, npm, sizes};
use crate::{settings, Result};

/// The two files every page downloads; the budget is on their brotli sizes.
pub const SHIPPED: [&str; 2] = [npm::CLASSIC, npm::WASM];

/// The report's two markdown tables, as printed.
pub struct Tables {
    /// Every file of the package besides `i18n/`, with a total.
    pub files: String,
    /// A typical and the largest language file, and all of them together.
    pub languages: String,
}

/// Measures `out`, prints the tables and fails when the first visit is over `budget`.
pub fn run(out: &Path, languages: &[String], budget: u64) -> Result<Tables> {
    let mut rows = npm::FILES
        .iter()
        .map(|f| sizes::measure(f, &out.join(f)))
        .collect::<Result<Vec<_>>>()?;
    let packs = languages
        .iter()
        .map(|c| sizes::measure(&languages::path(c), &out.join(languages::path(c))))
        .collect::<Result<Vec<_>>>()?;
    let largest = packs.iter().max_by_key(|r| r.brotli).cloned();
    let files_table = sizes::table(&rows);
    println!("\n{files_table}");
    let all = sizes::Row::total(
        format!("all {} language files together", packs.len()),
        &packs,
    );
    let typical: Vec<sizes::Row> = packs
        .iter()
        .filter(|r| r.name == languages::path("da"))
        .cloned()
        .chain(largest.clone())
        .collect();
    let languages_table =
        sizes::table_without_total(&typical.iter().cloned().chain([all]).collect::<Vec<_>>());
    println!("Languages other than English (each fetched only when shown):\n\n{languages_table}");
    // A first visit downloads the loader, the wasm and at most one language file.
    rows.retain(|r| SHIPPED.contains(&r.name.as_str()));
    let shipped: u64 = rows.iter().map(|r| r.brotli).sum::<u64>() + largest.map_or(0, |r| r.brotli);
    if shipped > budget {
        return Err(format!(
            "size budget exceeded: brotli of {} + the largest language file is {shipped} bytes, \
             over the budget of {budget} (`budget-brotli-bytes` in {})",
            SHIPPED.join(" + "),
            settings::FILE
        ));
    }
    println!(
        "size budget: {shipped} of {budget} bytes brotli ({} + {} + the largest language file)",
        SHIPPED[0], SHIPPED[1]
    );
    Ok(Tables {
        files: files_table,
        languages: languages_table,
    })
}
