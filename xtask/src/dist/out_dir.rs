//! Where dist writes: `out-dir` from wasm-pack.toml, checked to be a build folder, since every
//! build wipes it.

use std::path::{Component, Path, PathBuf};

use crate::settings::{self, Settings};
use crate::Result;

/// The output folder under `root`, or an error when `out-dir` could wipe the repo or a source
/// folder.
pub fn resolve(root: &Path, settings: &Settings) -> Result<PathBuf> {
    let dir = Path::new(&settings.out_dir);
    let parts: Vec<String> = dir
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let first = parts.first().map(String::as_str).unwrap_or("");
    let ok = dir.is_relative()
        && dir.components().all(|c| matches!(c, Component::Normal(_)))
        && !matches!(
            first,
            "src" | "js" | "tests" | "translations" | "xtask" | "node_modules" | ".git" | ".ci"
        )
        && !(parts.len() == 1 && matches!(first, "www" | "target"));
    if ok {
        Ok(root.join(dir))
    } else {
        Err(format!(
            "{}: `out-dir = {:?}` must be a build folder inside the repo (it is wiped on every build)",
            settings::FILE,
            settings.out_dir
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_dir_must_stay_a_build_folder() {
        let root = Path::new("/repo");
        let with = |dir: &str| {
            let s = Settings {
                out_dir: dir.into(),
                ..Settings::default()
            };
            resolve(root, &s)
        };
        assert!(with("dist").is_ok());
        assert!(with("www/samtykke").is_ok());
        assert!(with("www").is_err());
        assert!(with("dist/../src").is_err());
        assert!(with(".").is_err());
        assert!(with("..").is_err());
        assert!(with("/tmp/x").is_err());
        assert!(with("src").is_err());
    }
}
