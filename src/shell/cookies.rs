//! Deleting the cookies of denied categories, on the host and every parent domain level.

use wasm_bindgen::JsCast;

use super::env;
use crate::core::config::Config;
use crate::core::consent::cookies_to_delete;
use crate::core::map::Set;
use crate::core::matching::domain_levels;

/// Deletes every existing cookie that belongs to a category outside `granted`.
pub fn delete_denied(config: &Config, granted: &Set<String>) {
    let Ok(doc) = env::document().dyn_into::<web_sys::HtmlDocument>() else {
        return;
    };
    let Ok(jar) = doc.cookie() else { return };
    let host = env::window().location().hostname().unwrap_or_default();
    for name in cookies_to_delete(config, granted, &jar) {
        // A cookie may have been set without a domain (host-only) or on any parent level; each is a
        // separate cookie to the browser, so each gets its own expired copy.
        let expired = format!("{name}=; Max-Age=0; Path=/");
        let _ = doc.set_cookie(&expired);
        for level in domain_levels(&host) {
            let _ = doc.set_cookie(&format!("{expired}; Domain={level}"));
        }
    }
}
