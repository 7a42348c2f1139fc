//! README.md's size tables: every build that passes its budget rewrites them from what it just
//! measured, so they cannot go stale by hand.

use std::path::Path;

use super::report::Tables;
use crate::{files, section, Result};

/// Marks README.md's size tables.
const START: &str =
    "<!-- sizes:start: written by `cargo xtask dist`, edits in here are overwritten -->";
const END: &str = "<!-- sizes:end -->";

/// Replaces the section between the markers; a README without them is left alone, with a note.
pub fn write_sizes(root: &Path, tables: &Tables) -> Result {
    let path = root.join("README.md");
    let doc = files::read(&path)?;
    match section::replace(&doc, START, END, &text(tables)) {
        Some(new) if new != doc => files::write(&path, &new),
        Some(_) => Ok(()),
        None => {
            println!("note: README.md has no `{END}` size section; not updated");
            Ok(())
        }
    }
}

/// The section, markers included.
fn text(tables: &Tables) -> String {
    format!(
        "{START}\n{}\n\nLanguages other than English, each fetched only when it is shown:\n\n{}\n{END}\n",
        tables.files.trim_end(),
        tables.languages.trim_end()
    )
}
