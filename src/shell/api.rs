//! The functions the loader calls: `boot`, and one per `window.samtykke` method.
//!
//! The loader (js/loader.js) owns `window.samtykke` so it exists before the wasm has loaded; these
//! exports are what its methods forward to. Conversions between JS values and the core's types live
//! here too, so the rest of the shell deals in Rust types only.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::dom::{self, Focus, Mode, Ui};
use super::{env, gating, language, with_app, After, App, APP};
use crate::core::config::ConfigError;
use crate::core::consent::Choice;
use crate::core::map::{Map, Set};

/// Starts samtykke with the config text, or with the problem that kept the loader from getting it.
/// `lang` is the language file the loader fetched ahead (`lang_text` its text, or none if it failed).
/// Returns why samtykke failed closed (nothing optional will run), or None when it started. The
/// loader then sets `samtykke.failed` and sends `samtykke:error` and `samtykke:ready` (null).
#[wasm_bindgen]
pub fn boot(
    config_text: Option<String>,
    problem: Option<String>,
    dir: String,
    lang: Option<String>,
    lang_text: Option<String>,
    gtag: js_sys::Function,
    google_default_pushed: bool,
) -> Option<String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            super::poison();
            env::error(&format!("internal error, nothing more will run: {info}"));
        }));
    });
    let config = match (problem, config_text) {
        (Some(problem), _) => Err(ConfigError::new("", problem)),
        (None, Some(text)) => crate::core::config::parse_text_with(&text, env::parse_float),
        (None, None) => Err(ConfigError::new("", "none found: add data-config=\"/consent.json\" to the script tag, or a <script type=\"application/json\" id=\"samtykke-config\">")),
    };
    // The loader passes the language it fetched ahead, with its text, or without text if that failed.
    let failed_guess = lang.clone().filter(|_| lang_text.is_none());
    let prefetched = lang.zip(lang_text);
    let app = match config.and_then(|c| App::new(c, dir, prefetched)) {
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
        super::google::start(gtag, mode, google_default_pushed);
    }
    let granted = app.granted.clone();
    let first = app.mode;
    APP.with(|cell| *cell.borrow_mut() = Some(app));
    // What a return visit waits for is its gated scripts, not the reopen control: Google's tags
    // hear the update and the scripts the stored choice allows start before anything is drawn.
    // The observer comes first, so elements those scripts add are gated too.
    gating::observe(|| {
        if let Some(granted) = granted_now() {
            gating::apply(&granted);
            with_app(|a| a.embeds());
        }
    });
    super::tell_google();
    gating::apply(&granted);
    let focus = if first == Mode::Banner {
        Focus::Into
    } else {
        Focus::Keep
    };
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
                show_first(app, first, focus);
            });
        }
        Some((dir, code)) => language::fetch_then(&dir, code, move |app, code| {
            app.lang = code;
            show_first(app, first, focus);
        }),
        None => {
            with_app(|app| show_first(app, first, focus));
        }
    }
    listen_document();
    listen_other_tabs();
    env::emit("ready", &consent_value());
    None
}

/// The first drawing of the UI. A gated script that started during boot may have opened the
/// dialog already (or chosen): then that is what stays, redrawn in the language now shown.
fn show_first(app: &mut App, first: Mode, focus: Focus) {
    if app.ui.is_some() {
        app.show(app.mode, Focus::Keep);
    } else {
        app.show(first, focus);
    }
}

fn granted_now() -> Option<Set<String>> {
    if super::poisoned() {
        return None;
    }
    APP.with(|cell| cell.try_borrow().ok()?.as_ref().map(|a| a.granted.clone()))
}

/// `samtykke.isGranted(id)`: false for unknown ids and before start.
#[wasm_bindgen(js_name = isGranted)]
pub fn is_granted(id: &str) -> bool {
    if super::poisoned() {
        return false;
    }
    APP.with(|cell| {
        cell.try_borrow()
            .ok()
            .and_then(|a| a.as_ref().map(|a| a.granted.contains(id)))
    })
    .unwrap_or(false)
}

/// `samtykke.getConsent()`: a copy of the valid stored record, or null.
#[wasm_bindgen(js_name = getConsent)]
pub fn get_consent() -> JsValue {
    consent_value()
}

#[wasm_bindgen(js_name = acceptAll)]
pub fn accept_all() {
    with_app(|a| a.decide(&Choice::AcceptAll)).map(After::run);
}

#[wasm_bindgen(js_name = rejectAll)]
pub fn reject_all() {
    with_app(|a| a.decide(&Choice::RejectAll)).map(After::run);
}

/// `samtykke.setConsent({analytics: true})`: changes the named categories and keeps the rest as
/// they are (ungranted when nothing was chosen yet).
#[wasm_bindgen(js_name = setConsent)]
pub fn set_consent(choices: JsValue) {
    let picked = match choices_from_js(&choices) {
        Ok(map) => map,
        Err(problem) => {
            env::error(&format!("setConsent: {problem}; nothing was changed"));
            return;
        }
    };
    with_app(|a| change(a, picked)).map(After::run);
}

/// A custom choice that changes `picked` and keeps every other category as it is.
fn change(app: &mut App, picked: Map<String, bool>) -> After {
    let mut merged: Map<String, bool> = app.granted.iter().map(|id| (id.clone(), true)).collect();
    merged.extend(picked);
    app.decide(&Choice::Custom(merged))
}

/// The allow button of an embed's placeholder: the same decision as `setConsent({<id>: true})`.
/// Focus goes to the iframe, which now loads where the button was.
pub(super) fn allow_embed(frame: web_sys::HtmlElement, category: String) {
    with_app(|a| {
        if let Some(ui) = &mut a.ui {
            ui.remember_opener(Some(frame));
        }
        let mut picked = Map::new();
        picked.insert(category, true);
        change(a, picked)
    })
    .map(After::run);
}

/// The settings control of `frame`'s placeholder. The frame is remembered, not the control: when
/// the dialog closes, focus goes to the control if the frame still waits, else to the frame, which
/// a grant loaded where the control was.
pub(super) fn open_preferences_from(frame: web_sys::HtmlElement) {
    with_app(|a| open_dialog(a, Some(frame)));
}

/// `{analytics: true, marketing: false}` as a map, read by hand: a strict check with a message
/// naming the offending key, and no generic deserializer in the wasm for one small object.
fn choices_from_js(choices: &JsValue) -> Result<Map<String, bool>, String> {
    if !choices.is_object() || js_sys::Array::is_array(choices) {
        return Err(
            "it takes an object of category ids to true or false, e.g. {analytics: true}".into(),
        );
    }
    let mut map = Map::new();
    for entry in js_sys::Object::entries(choices.unchecked_ref()).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        let Some(on) = pair.get(1).as_bool() else {
            return Err(format!("`{key}` must be true or false"));
        };
        map.insert(key, on);
    }
    Ok(map)
}

/// `samtykke.audit()`: what in the config a regulator would flag, as sentences (empty when clean).
#[wasm_bindgen]
pub fn audit() -> js_sys::Array {
    let findings = with_app(|a| crate::core::audit::audit(&a.config)).unwrap_or_default();
    findings
        .iter()
        .map(|f| JsValue::from_str(&f.to_string()))
        .collect()
}

#[wasm_bindgen(js_name = showPreferences)]
pub fn show_preferences() {
    with_app(|a| open_dialog(a, None));
}

#[wasm_bindgen]
pub fn withdraw() {
    with_app(App::withdraw).map(After::run);
}

#[wasm_bindgen(js_name = setLanguage)]
pub fn set_language(code: &str) -> bool {
    with_app(|a| a.set_language(code)).unwrap_or(false)
}

fn open_dialog(app: &mut App, opener: Option<web_sys::HtmlElement>) {
    if let Some(ui) = &mut app.ui {
        ui.remember_opener(opener);
    }
    app.show(Mode::Dialog, Focus::Into);
}

/// Closing without saving changes nothing: back to the banner if no choice is stored. Focus goes
/// back to the page element that opened the dialog, else to the control that leads to it again.
fn close_dialog(app: &mut App) {
    let back_to_page = app.ui.as_ref().is_some_and(Ui::has_opener);
    if app.record.is_some() || back_to_page {
        let mode = if app.record.is_some() {
            Mode::Closed
        } else {
            Mode::Banner
        };
        app.show(mode, Focus::Return);
    } else {
        app.show(
            Mode::Banner,
            Focus::Selector("[data-action=\"preferences\"]"),
        );
    }
}

/// Clicks, key presses and the language switch inside the shadow roots.
pub(super) fn listen(ui: &Ui) {
    for root in ui.roots() {
        listen_root(root);
    }
}

fn listen_root(shadow: &web_sys::ShadowRoot) {
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        let Some((action, _)) = dom::action_of(&event) else {
            return;
        };
        let after = with_app(|a| match action.as_str() {
            "accept-all" => a.decide(&Choice::AcceptAll),
            "reject-all" => a.decide(&Choice::RejectAll),
            "save" => match a.dialog_choice() {
                Some(choice) => a.decide(&choice),
                None => After::default(),
            },
            "withdraw" => a.withdraw(),
            "preferences" | "reopen" => {
                // Both controls are redrawn away; focus comes back to their successors.
                open_dialog(a, None);
                After::default()
            }
            "close" => {
                close_dialog(a);
                After::default()
            }
            _ => After::default(),
        });
        after.map(After::run);
    });
    let on_key = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(|event: web_sys::KeyboardEvent| {
        with_app(|a| {
            if a.mode != Mode::Dialog {
                return;
            }
            match event.key().as_str() {
                "Escape" => {
                    event.prevent_default();
                    close_dialog(a);
                }
                "Tab" => {
                    if let Some(ui) = &a.ui {
                        ui.trap_tab(&event);
                    }
                }
                _ => {}
            }
        });
    });
    let on_change = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        let Some((action, el)) = dom::action_of(&event) else {
            return;
        };
        if action == "language" {
            let code = el.unchecked_into::<web_sys::HtmlSelectElement>().value();
            with_app(|a| a.set_language(&code));
        }
    });
    let _ = shadow.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    let _ = shadow.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
    let _ = shadow.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    // The UI lives as long as the page.
    on_click.forget();
    on_key.forget();
    on_change.forget();
}

/// Any page element with `data-samtykke-open` opens the preferences.
fn listen_document() {
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        let Some(target) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Ok(Some(opener)) = target.closest("[data-samtykke-open]") else {
            return;
        };
        event.prevent_default();
        with_app(|a| open_dialog(a, opener.dyn_into().ok()));
    });
    let _ = env::document()
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    on_click.forget();
}

/// A choice stored by another tab of the same site reaches this one too.
fn listen_other_tabs() {
    let on_storage =
        Closure::<dyn Fn(web_sys::StorageEvent)>::new(|event: web_sys::StorageEvent| {
            // `key` is null when the other tab cleared all of storage.
            with_app(|a| match event.key() {
                Some(key) if key != a.config.storage_key => After::default(),
                _ => a.sync_from_store(false),
            })
            .map(After::run);
        });
    let _ = env::window()
        .add_event_listener_with_callback("storage", on_storage.as_ref().unchecked_ref());
    on_storage.forget();
    // A choice made on another subdomain changes only the cookie, which fires no event.
    if with_app(|a| a.mirror.is_some()) == Some(true) {
        let on_shown = Closure::<dyn Fn()>::new(|| {
            if !env::document().hidden() {
                with_app(|a| a.sync_from_store(true)).map(After::run);
            }
        });
        let _ = env::document().add_event_listener_with_callback(
            "visibilitychange",
            on_shown.as_ref().unchecked_ref(),
        );
        on_shown.forget();
    }
}

/// The current valid record as a plain JS object (a copy), or null.
pub(super) fn consent_value() -> JsValue {
    if super::poisoned() {
        return JsValue::NULL;
    }
    APP.with(|cell| {
        let app = cell.try_borrow().ok()?;
        let record = app.as_ref()?.record.as_ref()?;
        // The stored text parsed afresh: a plain object the page may change without touching ours.
        js_sys::JSON::parse(&record.to_json()).ok()
    })
    .unwrap_or(JsValue::NULL)
}

/// A stored ISO time as a date in the visitor's language (`Intl.DateTimeFormat`, long style).
pub(super) fn format_date(iso: &str, lang: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
    let locales = js_sys::Array::of1(&JsValue::from_str(lang));
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &options).format();
    format
        .call1(&JsValue::NULL, &date)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| iso.get(..10).unwrap_or(iso).to_owned())
}

/// What the panic hook does, without panicking: tests use it to check that a poisoned samtykke
/// grants nothing and carries out nothing.
#[doc(hidden)]
pub fn poison_for_tests() {
    super::poison();
}

/// Takes samtykke off the page: its element and its state. Tests use it to boot again on the same
/// page; sites have no need for it, so it is not exported to JS.
#[doc(hidden)]
pub fn shutdown() {
    APP.with(|cell| *cell.borrow_mut() = None);
    for id in ["samtykke", "samtykke-reopen"] {
        if let Some(host) = env::document().get_element_by_id(id) {
            host.remove();
        }
    }
}
