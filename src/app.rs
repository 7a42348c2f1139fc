//! The page's state: reads the world, asks the core, applies the answer.
//!
//! One `App` per page, created by `boot` once the loader has the config. Every change goes through
//! [`App::decide`] or [`App::withdraw`]; page code (events, revived scripts) only runs after the
//! app's borrow is released, so it may call back into `window.samtykke` freely. This module never
//! names the events or the exports: they call it.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::JsValue;

use crate::browser::cookies::{self, Mirror};
use crate::browser::storage::Store;
use crate::browser::{env, gating, google, language};
use crate::core::config::{Config, ConfigError};
use crate::core::consent::{self, Choice, Context};
use crate::core::decide::{self, Ask, Origin};
use crate::core::i18n::{self, Pack, Texts};
use crate::core::map::{Map, Set};
use crate::core::mirror;
use crate::core::receipt::{build, notice_text, Decision};
use crate::core::record::{self, uuid_v4, Record};
use crate::core::transition::{self, Focus, Mode, Step};
use crate::core::view::{self, Signals};
use crate::ui::dom::{self, Ui};
use crate::ui::embeds;
use crate::ui::shadow::Listeners;

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

pub struct App {
    pub config: Config,
    pub lang: String,
    store: Store,
    /// The mirror cookie, when the config has `cookie`.
    pub mirror: Option<Mirror>,
    /// The stored record, only while it is consent (checked against config and clock).
    record: Option<Record>,
    pub granted: Set<String>,
    pub mode: Mode,
    pub ui: Option<Ui>,
    /// What the browser says: Do Not Track, and Global Privacy Control when the config honours it.
    signals: Signals,
    /// Language files fetched so far (built-in languages other than English).
    packs: Map<String, Pack>,
    /// The first layer's text as last drawn (`core::receipt::notice_text`; every view has its
    /// fields, whatever is open), hashed into each receipt.
    notice: String,
    /// The folder samtykke.js was loaded from; language files are in its `i18n/`.
    pub dir: String,
    /// The events module's handlers, for each shadow root the UI makes.
    listeners: Listeners,
}

/// The stored record, if it is consent now. One that is not is left in storage until the visitor
/// chooses again (never dropped silently), and the console says why it is not used.
///
/// With a mirror cookie, the newer of localStorage and cookie wins and the other is rewritten to
/// match (see `core::mirror::sync`); the storage event passes no mirror, since the tab that
/// changed localStorage wrote the cookie too.
///
/// `adopted` is set when the cookie's decision replaced localStorage's: it came from another
/// subdomain, whose cookies of now denied categories were not this host's to delete. No receipt goes
/// out for it (the subdomain where the visitor chose sent one); a cookie without an id (the
/// default) gives the stored record a fresh one.
fn read_record(
    store: &mut Store,
    config: &Config,
    mirror: Option<&Mirror>,
    adopted: &mut bool,
) -> Option<Record> {
    let text = store.read(&config.storage_key);
    let record = match mirror {
        None => match record::parse(text.as_deref()?) {
            Ok(record) => record,
            Err(problem) => return not_used(config, &problem),
        },
        Some(jar) => {
            let all = cookies::jar();
            let values = mirror::values(&all, jar.name());
            // An id for a record taken over from a cookie that carries none (the default).
            let fresh_id = uuid_v4(env::random_bytes());
            let sync = mirror::sync(
                text.as_deref(),
                &values,
                &config.storage_key,
                jar.cookie(),
                &fresh_id,
            );
            for note in &sync.notes {
                jar.note(note);
            }
            let winner = sync.winner?;
            if sync.clean {
                jar.clean();
            }
            if sync.write_cookie {
                jar.write(&winner.record, winner.withdrawn);
            }
            *adopted = sync.write_local;
            if sync.write_local {
                if winner.withdrawn {
                    store.remove(&config.storage_key);
                } else {
                    store.write(&config.storage_key, &winner.record.to_json());
                }
            }
            if winner.withdrawn {
                return None;
            }
            winner.record
        }
    };
    match record.check(config, env::now()) {
        Ok(()) => Some(record),
        Err(reason) => not_used(config, &reason.to_string()),
    }
}

fn not_used(config: &Config, problem: &str) -> Option<Record> {
    env::warn(&format!(
        "the stored choice under `{}` is not used: {problem}; asking again",
        config.storage_key
    ));
    None
}

/// What to do once the app is no longer borrowed: page code may run during these.
#[derive(Default)]
#[must_use]
pub struct After {
    /// Run gated elements the grants now allow.
    gate: Option<Set<String>>,
    /// Fire `samtykke:change` (or `ready`) with the current record.
    event: Option<&'static str>,
}

impl After {
    pub fn run(self) {
        // Google's tags hear of a change before any gated script that the change lets run.
        if self.event.is_some() {
            tell_google();
        }
        if let Some(granted) = self.gate {
            gating::apply(&granted);
        }
        if let Some(name) = self.event {
            env::emit(name, &consent_value());
        }
    }
}

/// Pushes a Consent Mode `update` with the current grants, when the config uses Consent Mode.
pub fn tell_google() {
    let update = with_app(|app| {
        let granted = &app.granted;
        (app.config.google_consent_mode.as_ref()).map(|mode| mode.update(|id| granted.contains(id)))
    });
    if let Some(value) = update.flatten() {
        google::update(&value);
    }
}

/// Set by the panic hook. A panic aborts the wasm mid-change, so its state can no longer be trusted:
/// from then on nothing is granted and no call is carried out (fail closed).
static POISONED: AtomicBool = AtomicBool::new(false);

pub fn poison() {
    POISONED.store(true, Ordering::SeqCst);
}

fn poisoned() -> bool {
    POISONED.load(Ordering::SeqCst)
}

/// Runs `f` on the app, if it started. A re-entrant call (page code calling the API from inside an
/// event samtykke is still handling) is refused with a message instead of a panic.
pub fn with_app<R>(f: impl FnOnce(&mut App) -> R) -> Option<R> {
    if poisoned() {
        return None;
    }
    APP.with(|cell| match cell.try_borrow_mut() {
        Ok(mut guard) => guard.as_mut().map(f),
        Err(_) => {
            env::error("call ignored: samtykke is busy with another change");
            None
        }
    })
}

/// Reads the app without changing it; `None` before start, after a panic, or while it is busy.
fn peek<R>(f: impl FnOnce(&App) -> Option<R>) -> Option<R> {
    if poisoned() {
        return None;
    }
    APP.with(|cell| f(cell.try_borrow().ok()?.as_ref()?))
}

/// Makes `app` the page's app.
pub fn install(app: App) {
    APP.with(|cell| *cell.borrow_mut() = Some(app));
}

/// Forgets the page's app (tests boot again on the same page).
pub fn remove() {
    APP.with(|cell| *cell.borrow_mut() = None);
}

/// The categories granted now; `None` before start or after a panic.
pub fn granted_now() -> Option<Set<String>> {
    peek(|a| Some(a.granted.clone()))
}

/// Whether `id` is granted now: false for unknown ids, before start and after a panic.
pub fn is_granted(id: &str) -> bool {
    peek(|a| Some(a.granted.contains(id))).unwrap_or(false)
}

/// The current valid record as a plain JS object (a copy), or null.
pub fn consent_value() -> JsValue {
    // The stored text parsed afresh: a plain object the page may change without touching ours.
    peek(|a| js_sys::JSON::parse(&a.record.as_ref()?.to_json()).ok()).unwrap_or(JsValue::NULL)
}

/// Fetches `code`'s language file into the app, then runs `then` with the app. If the file cannot
/// be had, the UI is shown in English with a warning rather than not at all.
///
/// `then` is a plain function, so this and the fetch exist once in the wasm, not once per caller.
pub fn fetch_language(dir: &str, code: String, then: fn(&mut App, String)) {
    let url = format!("{dir}i18n/{code}.json");
    let shown = url.clone();
    language::fetch(
        &url,
        Box::new(move |fetched| {
            let loaded = match fetched {
                Ok(text) => Pack::from_json(&code, &text).map_err(|e| e.to_string()),
                Err(problem) => Err(format!("could not load {shown} ({problem})")),
            };
            with_app(|app| match loaded {
                Ok(pack) => {
                    app.packs.insert(code.clone(), pack);
                    then(app, code);
                }
                Err(problem) => {
                    env::warn(&format!("{problem}; showing English instead"));
                    then(app, "en".to_owned());
                }
            });
        }),
    );
}

impl App {
    /// Reads config and stored consent and decides what to show; fails closed on any config error.
    pub fn new(
        config: Config,
        dir: String,
        prefetched: Option<(String, String)>,
        listeners: Listeners,
    ) -> Result<App, ConfigError> {
        let navigator = env::navigator_languages();
        let html_lang = env::html_lang();
        let mut store = Store::open();
        let mirror = config.cookie.as_ref().map(Mirror::open).transpose()?;
        let mut adopted = false;
        let record = read_record(&mut store, &config, mirror.as_ref(), &mut adopted);
        let gpc = config.honor_gpc && env::global_privacy_control();
        let remembered = store.read(&language::remembered_key(&config));
        let lang = i18n::choose_language(
            &config,
            remembered.as_deref(),
            html_lang.as_deref(),
            &navigator,
        );
        Texts::new(&config, &lang, None).check()?;
        let mut packs = Map::new();
        if let Some((code, text)) = prefetched {
            match Pack::from_json(&code, &text) {
                Ok(pack) => {
                    packs.insert(code, pack);
                }
                Err(e) => env::warn(&e.to_string()),
            }
        }
        let granted = consent::granted(&config, record.as_ref(), gpc);
        if adopted {
            cookies::delete_denied(&config, &granted);
        }
        let (mode, _) = transition::next(
            Mode::Banner,
            Step::Start {
                record: record.is_some(),
            },
        );
        Ok(App {
            config,
            lang,
            store,
            mirror,
            record,
            granted,
            mode,
            ui: None,
            signals: Signals {
                dnt: env::do_not_track(),
                gpc,
            },
            packs,
            dir,
            listeners,
            notice: String::new(),
        })
    }

    /// Brings the gated iframes in line with the grants: allowed ones load, the others wait behind
    /// a placeholder in the language shown.
    pub fn embeds(&self) {
        let t = Texts::new(&self.config, &self.lang, self.packs.get(&self.lang));
        let embed = |id: &str, provider: Option<&str>| view::embed(&self.config, &t, id, provider);
        embeds::sync(
            &self.granted,
            &embeds::Words {
                lang: &self.lang,
                rtl: i18n::is_rtl(&self.lang),
                settings: t.get(i18n::Key::REOPEN),
                embed: &embed,
                click: &self.listeners.embed,
            },
        );
    }

    /// Shows the UI in `mode`, creating it on first use. Embeds are brought in line first, so focus
    /// can go to an iframe that has just been allowed.
    pub fn show(&mut self, mode: Mode, focus: Focus) {
        self.mode = mode;
        self.embeds();
        if self.ui.is_none() {
            match Ui::mount(&self.listeners) {
                Ok(ui) => self.ui = Some(ui),
                Err(_) => {
                    env::error("could not add the banner to the page");
                    return;
                }
            }
        }
        let Some(mut ui) = self.ui.take() else {
            return;
        };
        let t = Texts::new(&self.config, &self.lang, self.packs.get(&self.lang));
        let lang = &self.lang;
        let date = |iso: &str| env::format_date(iso, lang);
        match view::view(
            &self.config,
            &t,
            self.record.as_ref(),
            mode,
            self.signals,
            &date,
        ) {
            Ok(view) => {
                self.notice = notice_text(&view);
                ui.render(&view, focus);
            }
            Err(e) => env::error(&e.to_string()),
        }
        self.ui = Some(ui);
    }

    /// Shows what the core says follows `step`.
    fn step(&mut self, step: Step) {
        let (mode, focus) = transition::next(self.mode, step);
        self.show(mode, focus);
    }

    /// What a decision needs from the world now.
    fn context(&self, gpc: bool) -> Context<'_> {
        Context {
            now: env::now(),
            new_id: uuid_v4(env::random_bytes()),
            language: &self.lang,
            gpc,
        }
    }

    /// Applies a choice: store the new record, delete cookies of what is now denied, close the UI.
    pub fn decide(&mut self, choice: Choice, origin: Origin) -> After {
        let ask = Ask {
            choice,
            origin,
            current: self.record.as_ref(),
            ctx: self.context(self.signals.gpc),
        };
        let decided = match decide::decide(&self.config, ask) {
            Ok(decided) => decided,
            Err(e) => {
                env::error(&format!("setConsent: {e}; nothing was changed"));
                return After::default();
            }
        };
        let record = decided.record;
        self.store
            .write(&self.config.storage_key, &record.to_json());
        if let Some(jar) = &self.mirror {
            jar.write(&record, false);
        }
        self.granted = decided.granted;
        self.send_receipt(&record, Decision::Chose(record.method), origin);
        self.record = Some(record);
        cookies::delete_denied(&self.config, &self.granted);
        self.step(Step::Chose);
        After {
            gate: Some(self.granted.clone()),
            event: Some("change"),
        }
    }

    /// `setConsent` and an embed's allow button: the named categories change, the rest stay.
    pub fn change(&mut self, picked: Map<String, bool>, origin: Origin) -> After {
        let choice = decide::keep_the_rest(&self.granted, picked);
        self.decide(choice, origin)
    }

    /// The dialog's save button: the custom choice from its checkboxes.
    pub fn save(&mut self) -> After {
        let Some(ui) = &self.ui else {
            return After::default();
        };
        let choice = decide::from_dialog(&self.config, dom::checked_categories(ui.shadow()));
        self.decide(choice, Origin::Dialog)
    }

    /// Withdraws consent: the record and the listed cookies go, the banner asks again. The mirror
    /// cookie keeps the withdrawal (see `core::decide::withdrawal`).
    pub fn withdraw(&mut self, origin: Origin) -> After {
        self.store.remove(&self.config.storage_key);
        if let Some(jar) = &self.mirror {
            let tomb = decide::withdrawal(&self.config, self.record.as_ref(), self.context(false));
            if let Some(tomb) = tomb {
                jar.write(&tomb, true);
            }
        }
        if let Some(record) = self.record.take() {
            self.send_receipt(&record, Decision::Withdrew, origin);
        }
        self.granted = consent::granted(&self.config, None, self.signals.gpc);
        cookies::delete_denied(&self.config, &self.granted);
        self.step(Step::Withdrew);
        After {
            gate: None,
            event: Some("change"),
        }
    }

    /// One receipt per decision, to the site's `recordUrl` only if it configured one. It names
    /// where the decision came from and carries the SHA-256 of the first layer's text in the
    /// language shown (the core picks the text; the browser's Web Crypto hashes it).
    fn send_receipt(&self, record: &Record, decision: Decision, origin: Origin) {
        if let Some(url) = &self.config.record_url {
            let required = |id: &str| self.config.category(id).is_some_and(|c| c.required);
            let mut receipt = build(record, decision, env::now(), &required);
            receipt.source = Some(origin);
            let shown = Some(self.notice.clone()).filter(|n| !n.is_empty());
            env::send_receipt(url, receipt, shown);
        }
    }

    /// Opens the preferences. `opener` is the page element focus goes back to when the dialog
    /// closes (else whatever has focus now).
    pub fn open(&mut self, opener: Option<web_sys::HtmlElement>) {
        if let Some(ui) = &mut self.ui {
            ui.remember_opener(opener);
        }
        self.step(Step::Open);
    }

    /// Closes the dialog without saving: nothing changes.
    pub fn close(&mut self) {
        let opener = self.ui.as_ref().is_some_and(Ui::has_opener);
        self.step(Step::Close {
            record: self.record.is_some(),
            opener,
        });
    }

    /// Takes over a change another tab stored (the `storage` event), so every open tab agrees.
    /// With `cookie`, also one made on another subdomain, which only the cookie tells: looked at
    /// when this tab is shown again.
    pub fn sync_from_store(&mut self, cookie: bool) -> After {
        let mut adopted = false;
        let mirror = self.mirror.as_ref().filter(|_| cookie);
        let record = read_record(&mut self.store, &self.config, mirror, &mut adopted);
        if record == self.record {
            return After::default();
        }
        self.granted = consent::granted(&self.config, record.as_ref(), self.signals.gpc);
        if adopted {
            cookies::delete_denied(&self.config, &self.granted);
        }
        self.record = record;
        let step = Step::Elsewhere {
            record: self.record.is_some(),
        };
        if self.ui.is_some() {
            self.step(step);
        } else {
            self.embeds();
        }
        After {
            gate: Some(self.granted.clone()),
            event: Some("change"),
        }
    }

    /// Whether `lang` must be fetched before it can be shown.
    pub fn needs_pack(&self, lang: &str) -> bool {
        i18n::is_built_in(lang) && !i18n::is_embedded(lang) && !self.packs.contains_key(lang)
    }

    /// Switches to a configured language. Returns false (with a message) for one that is not.
    /// A language file not yet fetched is fetched first; the UI redraws once it is there.
    pub fn set_language(&mut self, code: &str) -> bool {
        let code = i18n::normalize(code);
        if !self.config.languages.contains(&code) {
            env::error(&format!(
                "setLanguage: `{code}` is not one of the configured languages"
            ));
            return false;
        }
        if let Err(e) = Texts::new(&self.config, &code, None).check() {
            env::error(&e.to_string());
            return false;
        }
        self.store
            .write(&language::remembered_key(&self.config), &code);
        if self.needs_pack(&code) {
            fetch_language(&self.dir, code, App::switch_to);
        } else {
            self.switch_to(code);
        }
        true
    }

    fn switch_to(&mut self, code: String) {
        self.lang = code;
        if self.ui.is_some() {
            // Focus stays with the visitor: on the switcher they used, on whatever control they
            // were on when page code switched, in the open dialog, or out on the page.
            self.step(Step::Language);
        }
    }

    /// The first drawing of the UI. A gated script that started during boot may have opened the
    /// dialog already (or chosen): then that is what stays, redrawn in the language now shown.
    pub fn show_first(&mut self) {
        if self.ui.is_some() {
            self.step(Step::Language);
        } else {
            self.step(Step::Start {
                record: self.record.is_some(),
            });
        }
    }
}
