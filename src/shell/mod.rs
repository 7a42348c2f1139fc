//! The browser shell: reads the world, asks the core, applies the answer.
//!
//! One `App` per page, created by [`api::boot`] once the loader has the config. Every change goes
//! through [`App::decide`] or [`App::withdraw`]; page code (events, revived scripts) only runs after
//! the app's borrow is released, so it may call back into `window.samtykke` freely.

pub mod api;
mod cookies;
mod dom;
mod embeds;
mod env;
mod gating;
mod google;
mod heap;
mod language;
mod storage;

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::core::config::{Config, ConfigError};
use crate::core::consent::{self, Choice, Context};
use crate::core::i18n::{self, Key, Pack, Texts};
use crate::core::map::{Map, Set};
use crate::core::mirror;
use crate::core::decide::Origin;
use crate::core::receipt::{build, notice_text, Decision};
use crate::core::record::{self, uuid_v4, Record};
use cookies::Mirror;
use dom::{Focus, Mode, Ui, View};
use storage::Store;

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

struct App {
    config: Config,
    lang: String,
    store: Store,
    /// The mirror cookie, when the config has `cookie`.
    mirror: Option<Mirror>,
    /// The stored record, only while it is consent (checked against config and clock).
    record: Option<Record>,
    granted: Set<String>,
    mode: Mode,
    ui: Option<Ui>,
    dnt: bool,
    /// The browser sends Global Privacy Control and the config honours it.
    gpc: bool,
    /// Language files fetched so far (built-in languages other than English).
    packs: Map<String, Pack>,
    /// The folder samtykke.js was loaded from; language files are in its `i18n/`.
    dir: String,
}

/// The stored record, if it is consent now. One that is not is left in storage until the visitor
/// chooses again (never dropped silently), and the console says why it is not used.
///
/// With a mirror cookie, the newer of localStorage and cookie wins and the other is rewritten to
/// match (see `core::mirror::sync`); the storage event passes no mirror, since the tab that
/// changed localStorage wrote the cookie too.
///
/// `adopted` is set when the cookie's decision replaced localStorage's: it came from another
/// subdomain, whose cookies of now denied categories were not this host's to delete.
fn read_record(
    store: &mut Store,
    config: &Config,
    mirror: Option<&Mirror>,
    adopted: &mut bool,
) -> Option<Record> {
    let text = store.read(&config.storage_key);
    let record = match mirror {
        None => match record::parse_with(text.as_deref()?, env::parse_float) {
            Ok(record) => record,
            Err(problem) => return not_used(config, &problem),
        },
        Some(jar) => {
            let all = cookies::jar();
            let values = mirror::values(&all, jar.name());
            let sync = mirror::sync_with(
                text.as_deref(),
                &values,
                &config.storage_key,
                jar.name(),
                env::parse_float,
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
struct After {
    /// Run gated elements the grants now allow.
    gate: Option<Set<String>>,
    /// Fire `samtykke:change` (or `ready`) with the current record.
    event: Option<&'static str>,
}

impl After {
    fn run(self) {
        // Google's tags hear of a change before any gated script that the change lets run.
        if self.event.is_some() {
            tell_google();
        }
        if let Some(granted) = self.gate {
            gating::apply(&granted);
        }
        if let Some(name) = self.event {
            env::emit(name, &api::consent_value());
        }
    }
}

/// Pushes a Consent Mode `update` with the current grants, when the config uses Consent Mode.
fn tell_google() {
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

pub(crate) fn poison() {
    POISONED.store(true, Ordering::SeqCst);
}

fn poisoned() -> bool {
    POISONED.load(Ordering::SeqCst)
}

/// Runs `f` on the app, if it started. A re-entrant call (page code calling the API from inside an
/// event samtykke is still handling) is refused with a message instead of a panic.
fn with_app<R>(f: impl FnOnce(&mut App) -> R) -> Option<R> {
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

impl App {
    /// Reads config and stored consent and decides what to show; fails closed on any config error.
    fn new(
        config: Config,
        dir: String,
        prefetched: Option<(String, String)>,
    ) -> Result<App, ConfigError> {
        let navigator = env::navigator_languages();
        let html_lang = env::html_lang();
        let mut store = Store::open();
        let mirror = config.cookie.as_ref().map(Mirror::open).transpose()?;
        let mut adopted = false;
        let record = read_record(&mut store, &config, mirror.as_ref(), &mut adopted);
        let config_honors_gpc = config.honor_gpc;
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
            match Pack::from_json_with(&code, &text, env::parse_float) {
                Ok(pack) => {
                    packs.insert(code, pack);
                }
                Err(e) => env::warn(&e.to_string()),
            }
        }
        let granted = consent::granted(&config, record.as_ref());
        if adopted {
            cookies::delete_denied(&config, &granted);
        }
        let mode = if record.is_some() {
            Mode::Closed
        } else {
            Mode::Banner
        };
        Ok(App {
            config,
            lang,
            store,
            mirror,
            record,
            granted,
            mode,
            ui: None,
            dnt: env::do_not_track(),
            gpc: config_honors_gpc && env::global_privacy_control(),
            packs,
            dir,
        })
    }

    /// What the UI shows, borrowing from the app and from `t` (the texts in the language shown).
    fn view<'a>(&'a self, t: &'a Texts<'a>) -> Result<View<'a>, ConfigError> {
        let mut categories = Vec::new();
        for (i, cat) in self.config.categories.iter().enumerate() {
            let (title, description) = t.category(cat, i)?;
            categories.push(dom::CategoryView {
                id: &cat.id,
                title,
                description,
                required: cat.required,
                checked: self.granted.contains(&cat.id),
            });
        }
        let status = self.record.as_ref().map(|r| {
            i18n::fill(
                t.get(Key::CONSENT_STATUS),
                &[
                    ("given", &api::format_date(&r.updated, &self.lang)),
                    ("expires", &api::format_date(&r.expires, &self.lang)),
                ],
            )
        });
        let languages = (self.config.languages.iter())
            .map(|code| (code.as_str(), i18n::language_name(&self.config, code)))
            .collect();
        Ok(View {
            lang: &self.lang,
            rtl: i18n::is_rtl(&self.lang),
            mode: self.mode,
            title: t.get(Key::TITLE),
            notice: t.notice(),
            policy_url: &self.config.policy_url,
            policy_link: t.get(Key::POLICY_LINK),
            dnt: t.get(Key::DNT),
            dnt_detected: self.dnt.then(|| t.get(Key::DNT_DETECTED)),
            gpc_detected: self.gpc.then(|| t.get(Key::GPC_DETECTED)),
            accept_all: t.get(Key::ACCEPT_ALL),
            reject_all: t.get(Key::REJECT_ALL),
            preferences: t.get(Key::PREFERENCES),
            language_label: t.get(Key::LANGUAGE_LABEL),
            languages,
            dialog_title: t.get(Key::DIALOG_TITLE),
            dialog_intro: t.get(Key::DIALOG_INTRO),
            rights: t.get(Key::RIGHTS),
            status,
            categories,
            save: t.get(Key::SAVE),
            close: t.get(Key::CLOSE),
            withdraw: self.record.as_ref().map(|_| t.get(Key::WITHDRAW)),
            always_on: t.get(Key::ALWAYS_ON),
            reopen: t.get(Key::REOPEN),
        })
    }

    /// Brings the gated iframes in line with the grants: allowed ones load, the others wait behind
    /// a placeholder in the language shown.
    fn embeds(&self) {
        let t = Texts::new(&self.config, &self.lang, self.packs.get(&self.lang));
        let embed = |id: &str, provider: Option<&str>| {
            let (i, cat) = self
                .config
                .categories
                .iter()
                .enumerate()
                .find(|(_, c)| c.id == id)?;
            let (title, _) = t.category(cat, i).ok()?;
            Some(t.embed(&title, provider))
        };
        embeds::sync(
            &self.granted,
            &embeds::Words {
                lang: &self.lang,
                rtl: i18n::is_rtl(&self.lang),
                settings: t.get(Key::REOPEN),
                embed: &embed,
            },
        );
    }

    /// Shows the UI in `mode`, creating it on first use. Embeds are brought in line first, so focus
    /// can go to an iframe that has just been allowed.
    fn show(&mut self, mode: Mode, focus: Focus) {
        self.mode = mode;
        self.embeds();
        if self.ui.is_none() {
            match Ui::mount() {
                Ok(ui) => {
                    api::listen(&ui);
                    self.ui = Some(ui);
                }
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
        match self.view(&t) {
            Ok(view) => ui.render(&view, focus),
            Err(e) => env::error(&e.to_string()),
        }
        self.ui = Some(ui);
    }

    /// Applies a choice: store the new record, delete cookies of what is now denied, close the UI.
    fn decide(&mut self, choice: &Choice, origin: Origin) -> After {
        let ctx = Context {
            now: env::now(),
            new_id: uuid_v4(env::random_bytes()),
            language: &self.lang,
            gpc: self.gpc,
        };
        let record = match consent::decide(&self.config, self.record.as_ref(), choice, ctx) {
            Ok(record) => record,
            Err(e) => {
                env::error(&format!("setConsent: {e}; nothing was changed"));
                return After::default();
            }
        };
        self.store
            .write(&self.config.storage_key, &record.to_json());
        if let Some(jar) = &self.mirror {
            jar.write(&record, false);
        }
        self.granted = consent::granted(&self.config, Some(&record));
        self.send_receipt(&record, Decision::Chose(record.method), origin);
        self.record = Some(record);
        cookies::delete_denied(&self.config, &self.granted);
        self.show(Mode::Closed, Focus::Return);
        After {
            gate: Some(self.granted.clone()),
            event: Some("change"),
        }
    }

    /// Withdraws consent: the record and the listed cookies go, the banner asks again. The mirror
    /// cookie keeps the withdrawal (dated now, required categories only), so it also wins over an
    /// older choice that a sibling subdomain still has in its localStorage.
    fn withdraw(&mut self, origin: Origin) -> After {
        self.store.remove(&self.config.storage_key);
        if let Some(jar) = &self.mirror {
            let ctx = Context {
                now: env::now(),
                new_id: uuid_v4(env::random_bytes()),
                language: &self.lang,
                gpc: false,
            };
            if let Ok(tombstone) =
                consent::decide(&self.config, self.record.as_ref(), &Choice::RejectAll, ctx)
            {
                jar.write(&tombstone, true);
            }
        }
        if let Some(record) = self.record.take() {
            self.send_receipt(&record, Decision::Withdrew, origin);
        }
        self.granted = consent::granted(&self.config, None);
        cookies::delete_denied(&self.config, &self.granted);
        self.show(Mode::Banner, Focus::Into);
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
            let t = Texts::new(&self.config, &self.lang, self.packs.get(&self.lang));
            let notice = self.view(&t).ok().map(|mut view| {
                view.mode = Mode::Banner;
                notice_text(&view)
            });
            env::send_receipt(url, receipt, notice);
        }
    }

    /// Takes over a change another tab stored (the `storage` event), so every open tab agrees.
    /// With `cookie`, also one made on another subdomain, which only the cookie tells: looked at
    /// when this tab is shown again.
    fn sync_from_store(&mut self, cookie: bool) -> After {
        let mut adopted = false;
        let mirror = self.mirror.as_ref().filter(|_| cookie);
        let record = read_record(&mut self.store, &self.config, mirror, &mut adopted);
        if record == self.record {
            return After::default();
        }
        self.granted = consent::granted(&self.config, record.as_ref());
        if adopted {
            cookies::delete_denied(&self.config, &self.granted);
        }
        self.record = record;
        let mode = match (self.mode, &self.record) {
            (Mode::Dialog, _) => Mode::Dialog,
            (_, Some(_)) => Mode::Closed,
            (_, None) => Mode::Banner,
        };
        if self.ui.is_some() {
            self.show(mode, Focus::Keep);
        } else {
            self.embeds();
        }
        After {
            gate: Some(self.granted.clone()),
            event: Some("change"),
        }
    }

    /// Whether `lang` must be fetched before it can be shown.
    fn needs_pack(&self, lang: &str) -> bool {
        i18n::is_built_in(lang) && !i18n::is_embedded(lang) && !self.packs.contains_key(lang)
    }

    /// Switches to a configured language. Returns false (with a message) for one that is not.
    /// A language file not yet fetched is fetched first; the UI redraws once it is there.
    fn set_language(&mut self, code: &str) -> bool {
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
            language::fetch_then(&self.dir, code, |app, code| app.switch_to(code));
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
            self.show(self.mode, Focus::Keep);
        }
    }

    /// The custom choice from the dialog's checkboxes.
    fn dialog_choice(&self) -> Option<Choice> {
        let shadow = self.ui.as_ref()?.shadow();
        let picked: Map<String, bool> = dom::checked_categories(shadow)
            .into_iter()
            .filter(|(id, _)| self.config.category(id).is_some_and(|c| !c.required))
            .collect();
        Some(Choice::Custom(picked))
    }
}
