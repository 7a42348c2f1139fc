//! What is drawn: a pure function from the config, the texts, the stored record, the mode and the
//! browser's signals to a [`View`] (a value, not DOM), which `html` turns into markup.

use crate::config::{Category, Config};
use crate::consent;
use crate::html::{CategoryView, Mode, ServiceView, View};
use crate::i18n::{self, Key, Texts};
use crate::read::ConfigError;
use crate::record::Record;

/// What the browser says about the visitor's wishes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Signals {
    /// Do Not Track is sent (stated as not honoured).
    pub dnt: bool,
    /// Global Privacy Control is sent and the config honours it.
    pub gpc: bool,
}

/// Everything the banner, the dialog and the reopen control show in `mode`, in `t`'s language.
/// `record` is the stored choice if it is consent; `date` writes one of its ISO times as a date in
/// that language (the shell has the browser's calendar for that).
///
/// # Errors
/// A custom category without texts in the language shown.
pub fn view<'a>(
    config: &'a Config,
    t: &'a Texts<'a>,
    record: Option<&Record>,
    mode: Mode,
    signals: Signals,
    date: &dyn Fn(&str) -> String,
) -> Result<View<'a>, ConfigError> {
    let mut categories = Vec::new();
    // What is granted now (GPC holding back an earlier sale-or-sharing grant): nothing pre-ticked.
    let granted = consent::granted(config, record, signals.gpc);
    for (i, cat) in config.categories.iter().enumerate() {
        let (title, description) = t.category(cat, i)?;
        categories.push(CategoryView {
            id: &cat.id,
            title,
            description,
            required: cat.required,
            checked: granted.contains(&cat.id),
            services: services(t, cat),
        });
    }
    let status = record.map(|r| {
        i18n::fill(
            t.get(Key::CONSENT_STATUS),
            &[("given", &date(&r.updated)), ("expires", &date(&r.expires))],
        )
    });
    let languages = (config.languages.iter())
        .map(|code| (code.as_str(), i18n::language_name(config, code)))
        .collect();
    let lang = t.lang.as_str();
    Ok(View {
        lang,
        rtl: i18n::is_rtl(lang),
        mode,
        title: t.get(Key::TITLE),
        notice: t.notice(),
        policy_url: &config.policy_url,
        policy_link: t.get(Key::POLICY_LINK),
        dnt: t.get(Key::DNT),
        dnt_detected: signals.dnt.then(|| t.get(Key::DNT_DETECTED)),
        gpc_detected: signals.gpc.then(|| t.get(Key::GPC_DETECTED)),
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
        withdraw: record.map(|_| t.get(Key::WITHDRAW)),
        always_on: t.get(Key::ALWAYS_ON),
        reopen: t.get(Key::REOPEN),
        service_labels: service_labels(t),
    })
}

/// The labels of a service's details, in `t`'s language.
pub fn service_labels<'a>(t: &'a Texts<'a>) -> [&'a str; 4] {
    [
        Key::SERVICE_PROVIDER,
        Key::SERVICE_PURPOSE,
        Key::SERVICE_RETENTION,
        Key::SERVICE_COOKIES,
    ]
    .map(|k| t.get(k))
}

/// A category's services in `t`'s language: a purpose or retention written per language falls
/// back to English, then to none.
pub fn services<'a>(t: &Texts<'_>, cat: &'a Category) -> Vec<ServiceView<'a>> {
    let lang = t.lang.as_str();
    let text = |l: &'a Option<crate::config::LocalText>| {
        l.as_ref().and_then(|l| l.get(lang).or_else(|| l.get("en")))
    };
    cat.services
        .iter()
        .map(|s| ServiceView {
            name: &s.name,
            provider: s.provider.as_deref(),
            purpose: text(&s.purpose),
            retention: text(&s.retention),
            privacy: s.privacy_url.as_deref().map(|url| {
                (
                    url,
                    i18n::fill(t.get(Key::SERVICE_PRIVACY), &[("service", &s.name)]),
                )
            }),
            cookies: &s.cookies,
        })
        .collect()
}

/// A gated iframe's placeholder for category `id`: its sentence (naming the provider's host when
/// there is one) and its allow button's label; `None` for an id the config does not have.
pub fn embed(
    config: &Config,
    t: &Texts<'_>,
    id: &str,
    provider: Option<&str>,
) -> Option<(String, String)> {
    let (i, cat) = (config.categories.iter().enumerate()).find(|(_, c)| c.id == id)?;
    let (title, _) = t.category(cat, i).ok()?;
    Some(t.embed(&title, provider))
}
