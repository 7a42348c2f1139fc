//! Files and folders for dist and bench: reading, writing and copying with the path in every error,
//! and the inputs a step cannot do without.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cmd::rel;
use crate::Result;

pub fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Writes `text`, creating the folders above `path` first.
pub fn write(path: &Path, text: &str) -> Result {
    if let Some(dir) = path.parent() {
        create_dir(dir)?;
    }
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

pub fn copy(from: &Path, to: &Path) -> Result {
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

/// `dir` and the folders above it.
pub fn create_dir(dir: &Path) -> Result {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

/// `dir`, emptied: removed with everything in it, then created again.
pub fn recreate_dir(dir: &Path) -> Result {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    create_dir(dir)
}

/// `path` when it exists; otherwise the error `<path> is missing<why>`, the path relative to the
/// repo and `why` saying what needs it (or what to run).
pub fn required(root: &Path, path: PathBuf, why: &str) -> Result<PathBuf> {
    if path.exists() {
        Ok(path)
    } else {
        Err(format!("{} is missing{why}", rel(root, &path)))
    }
}

/// Tools from node_modules only: the pinned npm binaryen, never a system wasm-opt.
pub fn npm_tool(root: &Path, name: &str) -> Result<PathBuf> {
    required(
        root,
        root.join("node_modules/.bin").join(name),
        "; run `cargo xtask setup`",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_input_is_named_relative_to_the_repo() {
        let root = std::env::temp_dir().join(format!("xtask-files-{}", std::process::id()));
        let file = root.join("js/there.js");
        write(&file, "x").unwrap();
        assert_eq!(required(&root, file.clone(), ": why").unwrap(), file);
        assert_eq!(
            required(&root, root.join("js/gone.js"), ": needed by y").unwrap_err(),
            "js/gone.js is missing: needed by y"
        );
        assert_eq!(
            npm_tool(&root, "esbuild").unwrap_err(),
            "node_modules/.bin/esbuild is missing; run `cargo xtask setup`"
        );
        recreate_dir(&root.join("js")).unwrap();
        assert!(!file.exists());
        fs::remove_dir_all(&root).unwrap();
    }
}
