//! Every listener samtykke adds, and the one place `data-action` is read: clicks, key presses and
//! the language switch in the banner, the dialog and the reopen control, clicks in embed
//! placeholders, page elements with `data-samtykke-open`, other tabs, gated elements added later.
//! Each becomes an [`Action`] (or a call) on the app, with the [`Origin`] the core records.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, KeyboardEvent, ShadowRoot};

use crate::app::{granted_now, with_app, After, App};
use crate::browser::{env, gating};
use crate::core::consent::Choice;
use crate::core::decide::Origin;
use crate::core::map::Map;
use crate::core::transition::Mode;
use crate::ui::embeds;
use crate::ui::shadow::Listeners;

/// What a control asks for: the `data-action` values of samtykke's markup (`core::html`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    AcceptAll,
    RejectAll,
    /// The dialog's save button: its checkboxes become the choice.
    Save,
    Withdraw,
    /// The banner's control that opens the dialog.
    Preferences,
    /// The control that stays on the page after a choice.
    Reopen,
    Close,
    /// The language switcher (a `change`, not a click).
    Language,
    /// An embed placeholder's allow button.
    EmbedAllow,
    /// An embed placeholder's control that opens the preferences.
    EmbedSettings,
}

impl Action {
    /// The action a `data-action` value names; `None` for one samtykke did not write.
    pub fn parse(value: &str) -> Option<Action> {
        Some(match value {
            "accept-all" => Action::AcceptAll,
            "reject-all" => Action::RejectAll,
            "save" => Action::Save,
            "withdraw" => Action::Withdraw,
            "preferences" => Action::Preferences,
            "reopen" => Action::Reopen,
            "close" => Action::Close,
            "language" => Action::Language,
            "embed-allow" => Action::EmbedAllow,
            "embed-settings" => Action::EmbedSettings,
            _ => return None,
        })
    }
}

/// The action of the control the event happened on inside a shadow root, and the control.
fn action_of(event: &Event) -> Option<(Action, Element)> {
    event.composed_path().iter().find_map(|t| {
        let el: Element = t.dyn_into().ok()?;
        let action = Action::parse(&el.get_attribute("data-action")?)?;
        Some((action, el))
    })
}

/// Carries out `action` from `origin`. Actions that need more than their name (the language
/// switch's value, an embed's iframe) are handled where that is known and do nothing here.
pub fn act(action: Action, origin: Origin) {
    with_app(|a| on(a, action, origin)).map(After::run);
}

fn on(a: &mut App, action: Action, origin: Origin) -> After {
    match action {
        Action::AcceptAll => a.decide(Choice::AcceptAll, origin),
        Action::RejectAll => a.decide(Choice::RejectAll, origin),
        Action::Save => a.save(),
        Action::Withdraw => a.withdraw(origin),
        Action::Preferences | Action::Reopen => {
            // Both controls are redrawn away; focus comes back to their successors.
            a.open(None);
            After::default()
        }
        Action::Close => {
            a.close();
            After::default()
        }
        Action::Language | Action::EmbedAllow | Action::EmbedSettings => After::default(),
    }
}

/// `samtykke.setConsent(choices)`: the named categories change, the rest stay as they are.
pub fn set_consent(choices: &JsValue) {
    let picked = match choices_from_js(choices) {
        Ok(map) => map,
        Err(problem) => {
            env::error(&format!("setConsent: {problem}; nothing was changed"));
            return;
        }
    };
    with_app(|a| a.change(picked, Origin::Api)).map(After::run);
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

/// The handlers for the UI's shadow roots, made once; the UI attaches them to each root it makes.
pub fn listeners() -> Listeners {
    let click = Closure::<dyn Fn(Event)>::new(|event: Event| {
        let Some((action, _)) = action_of(&event) else {
            return;
        };
        with_app(|a| {
            // The dialog covers the banner: a click while it is open was made in it.
            let origin = if a.mode == Mode::Dialog {
                Origin::Dialog
            } else {
                Origin::Banner
            };
            on(a, action, origin)
        })
        .map(After::run);
    });
    let key = Closure::<dyn Fn(KeyboardEvent)>::new(|event: KeyboardEvent| {
        with_app(|a| {
            if a.mode != Mode::Dialog {
                return;
            }
            match event.key().as_str() {
                "Escape" => {
                    event.prevent_default();
                    a.close();
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
    let change = Closure::<dyn Fn(Event)>::new(|event: Event| {
        let Some((Action::Language, el)) = action_of(&event) else {
            return;
        };
        let code = el.unchecked_into::<web_sys::HtmlSelectElement>().value();
        with_app(|a| a.set_language(&code));
    });
    // The UI lives as long as the page: the closures are handed to JS for good.
    Listeners {
        click: click.into_js_value().unchecked_into(),
        key: key.into_js_value().unchecked_into(),
        change: change.into_js_value().unchecked_into(),
        embed: Closure::<dyn Fn(Event)>::new(on_embed_click)
            .into_js_value()
            .unchecked_into(),
    }
}

/// A click in a placeholder: allow its category (a real decision, recorded like any other), or
/// open the preferences.
fn on_embed_click(event: Event) {
    let Some((action, _)) = action_of(&event) else {
        return;
    };
    let Some((frame, category)) = event
        .current_target()
        .and_then(|t| t.dyn_into::<ShadowRoot>().ok())
        .and_then(|root| embeds::frame_of(&root))
    else {
        return;
    };
    match action {
        // The same decision as `setConsent({<id>: true})`. Focus goes to the iframe, which now
        // loads where the button was.
        Action::EmbedAllow => {
            with_app(|a| {
                if let Some(ui) = &mut a.ui {
                    ui.remember_opener(Some(frame));
                }
                let mut picked = Map::new();
                picked.insert(category, true);
                a.change(picked, Origin::Embed)
            })
            .map(After::run);
        }
        // The frame is remembered, not the control: when the dialog closes, focus goes to the
        // control if the frame still waits, else to the frame, which a grant loaded where the
        // control was.
        Action::EmbedSettings => {
            with_app(|a| a.open(Some(frame)));
        }
        _ => {}
    }
}

/// Gated elements a page adds later (single-page apps) are gated too, and their iframes get
/// placeholders.
pub fn watch_added() {
    gating::observe(|| {
        if let Some(granted) = granted_now() {
            gating::apply(&granted);
            with_app(|a| a.embeds());
        }
    });
}

/// The page's listeners: elements that open the preferences, and other tabs' changes.
pub fn listen_page() {
    listen_document();
    listen_other_tabs();
}

/// Any page element with `data-samtykke-open` opens the preferences.
fn listen_document() {
    let on_click = Closure::<dyn Fn(Event)>::new(|event: Event| {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(opener)) = target.closest("[data-samtykke-open]") else {
            return;
        };
        event.prevent_default();
        with_app(|a| a.open(opener.dyn_into().ok()));
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

#[cfg(test)]
mod tests {
    use super::Action;
    use crate::core::html;
    use crate::core::i18n::Texts;
    use crate::core::transition::Mode;
    use crate::core::view::{self, Signals};
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Every `data-action` value in `markup`.
    fn actions(markup: &str) -> Vec<&str> {
        let key = "data-action=\"";
        markup
            .match_indices(key)
            .map(|(i, _)| {
                let rest = &markup[i + key.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect()
    }

    #[wasm_bindgen_test]
    fn every_data_action_samtykke_draws_is_one_action_and_nothing_else_is() {
        let config = crate::core::config::parse_text(
            r#"{"revision": "1", "policyUrl": "/p", "languages": ["en", "da"]}"#,
        )
        .unwrap();
        let t = Texts::new(&config, "en", None);
        let record = crate::core::consent::decide(
            &config,
            None,
            &crate::core::Choice::AcceptAll,
            crate::core::consent::Context {
                now: 0,
                gpc: false,
                new_id: "id".into(),
                language: "en",
            },
        )
        .unwrap();
        let mut seen = Vec::new();
        for mode in [Mode::Banner, Mode::Dialog, Mode::Closed] {
            let v = view::view(&config, &t, Some(&record), mode, Signals::default(), &|d| {
                d.to_owned()
            })
            .unwrap();
            let (main, reopen) = html::render(&v);
            seen.extend(actions(&main).into_iter().map(str::to_owned));
            seen.extend(actions(&reopen).into_iter().map(str::to_owned));
        }
        let embed = html::embed(&html::EmbedView {
            lang: "en",
            rtl: false,
            label: None,
            notice: "n",
            allow: "a",
            settings: "s",
        });
        seen.extend(actions(&embed).into_iter().map(str::to_owned));
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 10, "{seen:?}");
        for value in &seen {
            assert!(Action::parse(value).is_some(), "`{value}` is not an Action");
        }
        for other in ["", "accept", "Accept-All", "accept-all ", "embed"] {
            assert_eq!(Action::parse(other), None, "`{other}`");
        }
    }
}
