//! Starting samtykke on a page once the loader has the config, and (for tests) taking it off again.

use crate::app::{self, with_app, App};
use crate::browser::{env, gating, google};
use crate::core::config::{self, ConfigError};
use crate::events;

/// What the loader hands over (js/loader.js calls the `boot` export with these, in this order).
pub struct BootArgs {
    /// The config's text, if the loader got it.
    pub config_text: Option<String>,
    /// Why the loader could not get the config, if it could not.
    pub problem: Option<String>,
    /// The folder samtykke.js was loaded from (language files are in its `i18n/`).
    pub dir: String,
    /// The language file the loader fetched ahead, on a guess.
    pub lang: Option<String>,
    /// That file's text; none if fetching it failed.
    pub lang_text: Option<String>,
    /// The loader's function that pushes a Consent Mode command to `dataLayer`.
    pub gtag: js_sys::Function,
    /// Whether the loader already pushed Consent Mode's `default` (an inline config above it).
    pub google_default_pushed: bool,
    /// Whether this takes over from the first-paint module (first/), which already sent
    /// `samtykke:ready`: then it is not sent twice.
    pub takeover: bool,
}

/// Starts samtykke. Returns why it failed closed (nothing optional will run), or None when it
/// started; the loader then sets `samtykke.failed` and sends `samtykke:error` and `samtykke:ready`.
pub fn boot(args: BootArgs) -> Option<String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            app::poison();
            env::error(&format!("internal error, nothing more will run: {info}"));
        }));
    });
    let config = match (args.problem, args.config_text) {
        (Some(problem), _) => Err(ConfigError::new("", problem)),
        (None, Some(text)) => config::parse_text(&text),
        (None, None) => Err(ConfigError::new("", "none found: add data-config=\"/consent.json\" to the script tag, or a <script type=\"application/json\" id=\"samtykke-config\">")),
    };
    // The loader passes the language it fetched ahead, with its text, or without text if that failed.
    let failed_guess = args.lang.clone().filter(|_| args.lang_text.is_none());
    let prefetched = args.lang.zip(args.lang_text);
    let app = match config.and_then(|c| App::new(c, args.dir, prefetched, events::listeners())) {
        Ok(app) => app,
        Err(e) => {
            let reason = e.to_string();
            env::error(&format!(
                "{reason}. Failing closed: no optional script will run and no choice is stored."
            ));
            return Some(reason);
        }
    };
    // Development builds say at start-up what the audit finds; release builds leave that to audit().
    if cfg!(debug_assertions) {
        for finding in crate::core::audit::audit(&app.config) {
            env::warn(&format!("config audit: {finding}"));
        }
    }
    if let Some(mode) = &app.config.google_consent_mode {
        google::start(args.gtag, mode, args.google_default_pushed);
    }
    let granted = app.granted.clone();
    app::install(app);
    // What a return visit waits for is its gated scripts, not the reopen control: Google's tags
    // hear the update and the scripts the stored choice allows start before anything is drawn.
    // The observer comes first, so elements those scripts add are gated too.
    events::watch_added();
    app::tell_google();
    gating::apply(&granted);
    // No flash of the wrong language: one not fetched yet is shown once it is there.
    let wanted = with_app(|app| {
        app.needs_pack(&app.lang)
            .then(|| (app.dir.clone(), app.lang.clone()))
    });
    match wanted.flatten() {
        // Asking again for a file that just failed would only delay the banner.
        Some((dir, code)) if failed_guess.as_deref() == Some(code.as_str()) => {
            env::warn(&format!(
                "could not load {dir}i18n/{code}.json; showing English instead"
            ));
            with_app(|app| {
                app.lang = "en".to_owned();
                app.show_first();
            });
        }
        Some((dir, code)) => app::fetch_language(&dir, code, |app, code| {
            app.lang = code;
            app.show_first();
        }),
        None => {
            with_app(App::show_first);
        }
    }
    events::listen_page();
    if !args.takeover {
        env::emit("ready", &app::consent_value());
    }
    None
}

/// What the panic hook does, without panicking: tests use it to check that a poisoned samtykke
/// grants nothing and carries out nothing.
#[doc(hidden)]
pub fn poison_for_tests() {
    app::poison();
}

/// Takes samtykke off the page: its element and its state. Tests use it to boot again on the same
/// page; sites have no need for it, so it is not exported to JS.
#[doc(hidden)]
pub fn shutdown() {
    app::remove();
    for id in ["samtykke", "samtykke-reopen"] {
        if let Some(host) = env::document().get_element_by_id(id) {
            host.remove();
        }
    }
}
