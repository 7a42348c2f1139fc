//! Generated sections of hand-written documents: the text between a start and an end marker is
//! rewritten by a command (`bench` in docs/benchmarks.md, `dist` in README.md), the rest is left alone.

/// `doc` with everything from `start` through `end` (and the line break after it) replaced by
/// `section`, which carries the markers itself. None when the markers are missing or out of order.
pub fn replace(doc: &str, start: &str, end: &str, section: &str) -> Option<String> {
    let from = doc.find(start)?;
    let to = from + doc[from..].find(end)?;
    let after = &doc[to + end.len()..];
    let after = after.strip_prefix('\n').unwrap_or(after);
    Some(format!("{}{section}{after}", &doc[..from]))
}

#[cfg(test)]
mod tests {
    use super::replace;

    #[test]
    fn replaces_only_between_the_markers() {
        let doc = "intro\n<a>\nold\n<b>\nrest\n";
        assert_eq!(
            replace(doc, "<a>", "<b>", "<a>\nnew\n<b>\n").as_deref(),
            Some("intro\n<a>\nnew\n<b>\nrest\n")
        );
    }

    #[test]
    fn missing_or_reversed_markers_change_nothing() {
        assert_eq!(replace("no markers", "<a>", "<b>", "x"), None);
        assert_eq!(replace("<b> then <a>", "<a>", "<b>", "x"), None);
    }
}
