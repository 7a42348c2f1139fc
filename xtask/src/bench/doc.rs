//! docs/benchmarks.md's generated section: its text from the results and the run, and its place
//! in the document (between the markers, or before the first `## ` heading the first time).

use std::fmt::Write as _;

use super::about::ABOUT;
use super::notes::{busy, memory_verdict};
use super::provenance::Run;
use super::samples::Results;
use super::table::table;

const START: &str =
    "<!-- bench:start: written by `cargo xtask bench`, edits in here are overwritten -->";
pub(super) const END: &str = "<!-- bench:end -->";

/// The whole section, markers included.
pub fn section(results: &Results, run: &Run) -> String {
    let date = results.meta("date");
    let day = date.get(..10).unwrap_or(date);
    let mut s = String::new();
    let _ = writeln!(s, "{START}");
    let _ = writeln!(s, "## samtykke alone: `cargo xtask bench` ({day})\n");
    let _ = writeln!(
        s,
        "Command: `{}`, on commit {}. {} run{} per page and latency after one warm-up run; the \
         measuring took {} s.\n",
        run.command,
        run.commit,
        run.options.runs,
        if run.options.runs == 1 { "" } else { "s" },
        run.took_s
    );
    let _ = writeln!(
        s,
        "Machine: {}, {} cores ({}), Node {}, playwright-core {}, niceness {}. Load average {} at \
         the start and {} at the end. The machine is shared: other work lands in the timings, so compare medians \
         and distrust differences smaller than the min–max spread. Memory, CLS and long-task counts \
         hardly move between runs.\n",
        results.meta("chromium"),
        results.meta("cores").split(" × ").next().unwrap_or("?"),
        results.meta("cores").split(" × ").nth(1).unwrap_or("unknown"),
        results.meta("node"),
        results.meta("playwright"),
        results.meta("nice"),
        results.meta("load_start"),
        results.meta("load_end"),
    );
    if let Some(note) = busy(results) {
        let _ = writeln!(s, "{note}\n");
    }
    let _ = writeln!(
        s,
        "![Medians per latency and page, with min–max](bench.svg)\n"
    );
    let _ = writeln!(
        s,
        "Median (min–max) of the runs, for each latency the server added to every request:"
    );
    s.push_str(&table(results, &run.options.latency));
    let _ = writeln!(s, "\n{}\n", memory_verdict(results, &run.options.latency));
    s.push_str(ABOUT);
    let _ = writeln!(s, "{END}");
    s
}

/// Replaces the bench's section between the markers, or inserts it before the first `## ` heading
/// (after the title and introduction) when the document has none yet.
pub fn replace_section(doc: &str, section: &str) -> String {
    if let Some(done) = crate::section::replace(doc, START, END, section) {
        return done;
    }
    match doc.find("\n## ") {
        Some(i) => format!("{}{section}\n{}", &doc[..=i], &doc[i + 1..]),
        None => format!("{}\n\n{section}", doc.trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_is_replaced_between_markers_and_inserted_once() {
        let doc = "# Benchmarks\n\nIntro.\n\n## Side by side\n\nOld table.\n";
        let first = replace_section(doc, &format!("{START}\nnew one\n{END}\n"));
        assert_eq!(
            first,
            format!("# Benchmarks\n\nIntro.\n\n{START}\nnew one\n{END}\n\n## Side by side\n\nOld table.\n")
        );
        let second = replace_section(&first, &format!("{START}\nnew two\n{END}\n"));
        assert_eq!(second, first.replace("new one", "new two"));
        assert_eq!(second.matches(START).count(), 1);
        let bare = replace_section("# B", &format!("{START}\nx\n{END}\n"));
        assert_eq!(bare, format!("# B\n\n{START}\nx\n{END}\n"));
    }
}
