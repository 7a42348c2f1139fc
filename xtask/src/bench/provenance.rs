//! What a bench run was: the command as typed, the commit it ran on, how long it took and its
//! options, for the section's first lines.

use std::path::Path;
use std::process::Command;

use super::options::Options;
use crate::cmd;

pub struct Run {
    pub command: String,
    pub commit: String,
    pub took_s: u64,
    pub options: Options,
}

impl Run {
    /// `args` are the bench's own arguments, as given after `cargo xtask bench`.
    pub fn new(root: &Path, args: &[String], took_s: u64, options: Options) -> Run {
        let mut command = "cargo xtask bench".to_string();
        for a in args {
            command.push(' ');
            command.push_str(a);
        }
        Run {
            command,
            commit: commit(root),
            took_s,
            options,
        }
    }
}

/// The short commit, marked when the tree has changes beyond it.
fn commit(root: &Path) -> String {
    let git = |args: &[&str]| cmd::output(Command::new("git").current_dir(root).args(args));
    let head =
        git(&["rev-parse", "--short", "HEAD"]).map_or("unknown".into(), |s| s.trim().to_string());
    let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
        .is_some_and(|s| !s.trim().is_empty());
    if dirty {
        format!("{head} with uncommitted changes")
    } else {
        head
    }
}
