//! The size report and budgets: every file of the package and the language files measured, printed
//! as tables, and the brotli sizes of what a first visit downloads checked against
//! `budget-brotli-bytes` (the first-paint module's visit: samtykke.js alone) and
//! `budget-full-brotli-bytes` (a visit that needs the full module).

use std::path::Path;

use super::{languages, npm, sizes};
use crate::settings::{self, Settings};
use crate::Result;

/// What a first visit downloads through Accept all when the first-paint module handles it (an
/// inline config it fully understands, English): samtykke.js, with that module inside.
pub const FIRST: [&str; 1] = [npm::CLASSIC];
/// What a page downloads once it needs the full module (the preferences, a config or language the
/// first-paint module leaves to it), besides at most one language file.
pub const FULL: [&str; 3] = [npm::CLASSIC, npm::GLUE, npm::WASM];

/// The report's two markdown tables, as printed.
pub struct Tables {
    /// Every file of the package besides `i18n/`, with a total.
    pub files: String,
    /// A typical and the largest language file, and all of them together.
    pub languages: String,
}

/// Measures `out`, prints the tables and fails when either visit is over its budget.
pub fn run(out: &Path, languages: &[String], settings: &Settings) -> Result<Tables> {
    let rows = npm::FILES
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
    let sum = |names: &[&str]| -> u64 {
        rows.iter()
            .filter(|r| names.contains(&r.name.as_str()))
            .map(|r| r.brotli)
            .sum()
    };
    let first = sum(&FIRST);
    let full = sum(&FULL) + largest.map_or(0, |r| r.brotli);
    check(
        "a first visit the first-paint module handles",
        &FIRST.join(" + "),
        first,
        settings.budget_brotli_bytes,
        "budget-brotli-bytes",
    )?;
    check(
        "a visit that needs the full module",
        &format!("{} + the largest language file", FULL.join(" + ")),
        full,
        settings.budget_full_brotli_bytes,
        "budget-full-brotli-bytes",
    )?;
    Ok(Tables {
        files: files_table,
        languages: languages_table,
    })
}

/// Fails when `bytes` is over `budget`, else prints how far under it is.
fn check(what: &str, files: &str, bytes: u64, budget: u64, key: &str) -> Result {
    if bytes > budget {
        return Err(format!(
            "size budget exceeded: {what} downloads {bytes} bytes brotli ({files}), over the \
             budget of {budget} (`{key}` in {})",
            settings::FILE
        ));
    }
    println!("size budget, {what}: {bytes} of {budget} bytes brotli ({files})");
    Ok(())
}
