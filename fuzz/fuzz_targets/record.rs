//! The stored record on any text: read it, then check it against a fixed config at a fixed time.
//! Never a panic; and a record that checks out grants every required category.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use samtykke_core::config::{self, Config};
use samtykke_core::{consent, record};

/// 2024-06-17T00:00:00Z.
const NOW: i64 = 1_718_582_400_000;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        config::parse_text(
            r#"{"revision": "2024-06-17", "policyUrl": "/privacy",
                "categories": [{"id": "necessary"}, {"id": "analytics", "cookies": ["_ga*"]},
                               {"id": "security", "required": true}, {"id": "marketing"}]}"#,
        )
        .expect("the fuzz config parses")
    })
}

fuzz_target!(|text: &str| {
    let cfg = config();
    let Ok(rec) = record::parse(text) else {
        return;
    };
    if rec.check(cfg, NOW).is_ok() {
        let granted = consent::granted(cfg, Some(&rec), false);
        for cat in &cfg.categories {
            assert!(!cat.required || granted.contains(&cat.id), "{}", cat.id);
        }
        let _ = consent::cookies_to_delete(cfg, &granted, "_ga=1; _gid=2; x=3");
    }
});
