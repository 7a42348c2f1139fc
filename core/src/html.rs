//! The banner, the preferences dialog and the reopen control as one HTML string per render.
//!
//! The shell sets the string with a single `innerHTML`, instead of one wasm-to-JS call per element
//! and attribute (issue 5: that DOM code was a third of the wasm). Every string that is not ours
//! (config texts, the controller, the policy URL, category titles, language names) goes through
//! [`escape`], so it can only ever be text. No `style` attributes and no inline handlers are
//! written: the strict CSP stays satisfied and events are delegated by `data-action`.

/// What is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The first layer: no valid choice is stored.
    Banner,
    /// The preferences dialog (over the banner, or reopened later).
    Dialog,
    /// Only the small reopen control.
    Closed,
}

pub struct CategoryView<'a> {
    pub id: &'a str,
    pub title: String,
    pub description: String,
    pub required: bool,
    pub checked: bool,
    /// Who gets the data in this category (`services` in the config), in the language shown.
    pub services: Vec<ServiceView<'a>>,
}

/// One service under its category in the dialog.
pub struct ServiceView<'a> {
    pub name: &'a str,
    pub provider: Option<&'a str>,
    pub purpose: Option<&'a str>,
    pub retention: Option<&'a str>,
    /// The service's privacy policy (http or https, checked with the config) and its link text.
    pub privacy: Option<(&'a str, String)>,
    pub cookies: &'a [String],
}

/// Everything the UI shows, already in the chosen language. Borrowed where it can be: each owned
/// copy would be one more allocation and copy in the wasm.
pub struct View<'a> {
    pub lang: &'a str,
    pub rtl: bool,
    pub mode: Mode,
    pub title: &'a str,
    pub notice: String,
    pub policy_url: &'a str,
    pub policy_link: &'a str,
    pub dnt: &'a str,
    pub dnt_detected: Option<&'a str>,
    /// Shown when an honoured Global Privacy Control signal is present.
    pub gpc_detected: Option<&'a str>,
    pub accept_all: &'a str,
    pub reject_all: &'a str,
    pub preferences: &'a str,
    pub language_label: &'a str,
    /// (code, name in its own language), shown when more than one.
    pub languages: Vec<(&'a str, &'a str)>,
    pub dialog_title: &'a str,
    pub dialog_intro: &'a str,
    pub rights: &'a str,
    pub status: Option<String>,
    pub categories: Vec<CategoryView<'a>>,
    pub save: &'a str,
    pub close: &'a str,
    pub withdraw: Option<&'a str>,
    pub always_on: &'a str,
    pub reopen: &'a str,
    /// The labels of a service's details: provider, purpose, retention, cookies.
    pub service_labels: [&'a str; 4],
}

/// Appends `s` as text that is safe both between tags and inside a double-quoted attribute value:
/// `& < > " '` become character references. A carriage return is written as `&#13;`, since the HTML
/// parser would otherwise turn it into a line feed (text set as text keeps it).
pub fn escape(out: &mut String, s: &str) {
    let mut last = 0;
    // Bytes, not chars: every character replaced is ASCII, so each cut is on a char boundary.
    for (i, b) in s.bytes().enumerate() {
        let reference = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b'\r' => "&#13;",
            _ => continue,
        };
        out.push_str(s.get(last..i).unwrap_or_default());
        out.push_str(reference);
        last = i + 1;
    }
    out.push_str(s.get(last..).unwrap_or_default());
}

/// Appends `parts` in turn: even ones as markup (our own literals), odd ones escaped.
fn put(out: &mut String, parts: &[&str]) {
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
        } else {
            escape(out, part);
        }
    }
}

/// An element with a class (possibly empty) and text.
fn el(out: &mut String, tag: &str, class: &str, text: &str) {
    out.push('<');
    out.push_str(tag);
    if !class.is_empty() {
        put(out, &[" class=\"", class, "\""]);
    }
    put(out, &[">", text, "</"]);
    out.push_str(tag);
    out.push('>');
}

/// A button with a `data-action` (ours) and a label; `extra` is more markup for its start tag.
fn button(out: &mut String, action: &str, label: &str, class: &str, extra: &[&str]) {
    put(
        out,
        &[
            "<button class=\"",
            class,
            "\" type=\"button\" data-action=\"",
            action,
            "\"",
        ],
    );
    put(out, extra);
    put(out, &[">", label, "</button>"]);
}

/// A category's services: each a name, then its details as a description list, then the link to
/// its privacy policy, which opens without `window.opener` and sends no referrer.
fn services(out: &mut String, list: &[ServiceView], labels: [&str; 4]) {
    if list.is_empty() {
        return;
    }
    out.push_str("<ul class=\"services\">");
    for s in list {
        out.push_str("<li class=\"service\">");
        el(out, "span", "service-name", s.name);
        let cookies = s.cookies.join(", ");
        let details = [
            s.provider,
            s.purpose,
            s.retention,
            Some(cookies.as_str()).filter(|c| !c.is_empty()),
        ];
        if details.iter().any(Option::is_some) {
            out.push_str("<dl>");
            for (label, value) in labels.iter().zip(details) {
                if let Some(value) = value {
                    put(
                        out,
                        &["<div><dt>", label, "</dt><dd>", value, "</dd></div>"],
                    );
                }
            }
            out.push_str("</dl>");
        }
        if let Some((url, text)) = &s.privacy {
            put(
                out,
                &[
                    "<a href=\"",
                    url,
                    "\" target=\"_blank\" rel=\"noopener noreferrer\">",
                    text,
                    "</a>",
                ],
            );
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

/// Accept and reject share one class: same size, weight and colours, by construction.
fn choices(out: &mut String, view: &View) {
    button(out, "reject-all", view.reject_all, "choice", &[]);
    button(out, "accept-all", view.accept_all, "choice", &[]);
}

/// The start tag of a shadow root's `.root`, in a language and its direction; `extra` is more
/// markup for the tag. The caller closes it.
fn root(out: &mut String, class: &str, lang: &str, rtl: bool, extra: &[&str]) {
    let dir = if rtl { "rtl" } else { "ltr" };
    put(
        out,
        &[
            "<div class=\"",
            class,
            "\" lang=\"",
            lang,
            "\" dir=\"",
            dir,
            "\"",
        ],
    );
    put(out, extra);
    out.push('>');
}

/// The markup of `#samtykke`'s shadow root (banner or dialog; empty once closed) and of
/// `#samtykke-reopen`'s (the reopen control, only once closed).
pub fn render(view: &View) -> (String, String) {
    let mut main = String::with_capacity(4096);
    let mut reopen = String::new();
    root(&mut main, "root", view.lang, view.rtl, &[]);
    match view.mode {
        Mode::Banner => banner(&mut main, view),
        Mode::Dialog => dialog(&mut main, view),
        Mode::Closed => {}
    }
    main.push_str("</div>");
    root(&mut reopen, "root", view.lang, view.rtl, &[]);
    if view.mode == Mode::Closed {
        button(
            &mut reopen,
            "reopen",
            view.reopen,
            "reopen",
            &[" aria-haspopup=\"dialog\""],
        );
    }
    reopen.push_str("</div>");
    (main, reopen)
}

/// What an iframe placeholder shows, already in the chosen language.
pub struct EmbedView<'a> {
    pub lang: &'a str,
    pub rtl: bool,
    /// The iframe's own `title`, which names the group; without one the sentence does.
    pub label: Option<&'a str>,
    pub notice: &'a str,
    pub allow: &'a str,
    pub settings: &'a str,
}

/// A placeholder's shadow root: a labelled group with the sentence, the allow button and the
/// control that opens the preferences.
pub fn embed(v: &EmbedView) -> String {
    let mut out = String::with_capacity(512);
    let named;
    let label: &[&str] = match v.label {
        Some(title) => {
            named = [" role=\"group\" aria-label=\"", title, "\""];
            &named
        }
        None => &[" role=\"group\" aria-labelledby=\"samtykke-embed-notice\""],
    };
    root(&mut out, "root embed", v.lang, v.rtl, label);
    put(
        &mut out,
        &[
            "<div class=\"inner\"><p id=\"samtykke-embed-notice\">",
            v.notice,
            "</p>",
        ],
    );
    button(&mut out, "embed-allow", v.allow, "choice", &[]);
    button(
        &mut out,
        "embed-settings",
        v.settings,
        "link",
        &[" aria-haspopup=\"dialog\""],
    );
    out.push_str("</div></div>");
    out
}

fn banner(out: &mut String, view: &View) {
    put(
        out,
        &[
            "<section class=\"banner\" role=\"region\" aria-label=\"",
            view.title,
            "\" tabindex=\"-1\"><h2 class=\"title\" id=\"samtykke-title\">",
            view.title,
            // The notice scrolls in its own region when the screen is short, so the choices below
            // it stay in view; tabindex="0" lets a keyboard scroll it, the title names it. A group,
            // not a region: a second landmark named like the banner would only repeat it.
            "</h2><div class=\"text\" role=\"group\" aria-labelledby=\"samtykke-title\" \
             tabindex=\"0\"><p class=\"notice\">",
            &view.notice,
            " <a class=\"policy\" href=\"",
            view.policy_url,
            "\">",
            view.policy_link,
            "</a></p>",
        ],
    );
    el(out, "p", "dnt", view.dnt);
    if let Some(line) = view.gpc_detected {
        el(out, "p", "dnt gpc-signal", line);
    }
    if let Some(line) = view.dnt_detected {
        el(out, "p", "dnt dnt-signal", line);
    }
    out.push_str("</div><div class=\"actions\">");
    choices(out, view);
    button(out, "preferences", view.preferences, "secondary", &[]);
    out.push_str("</div>");
    if view.languages.len() > 1 {
        put(
            out,
            &["<label class=\"language\"><span>", view.language_label],
        );
        out.push_str("</span><select data-action=\"language\">");
        for &(code, name) in &view.languages {
            put(out, &["<option value=\"", code, "\" lang=\"", code, "\""]);
            if code == view.lang {
                out.push_str(" selected=\"\"");
            }
            put(out, &[">", name, "</option>"]);
        }
        out.push_str("</select></label>");
    }
    out.push_str("</section>");
}

fn dialog(out: &mut String, view: &View) {
    put(
        out,
        &[
            "<div class=\"backdrop\"><div class=\"dialog\" role=\"dialog\" aria-modal=\"true\" \
             aria-labelledby=\"samtykke-dialog-title\" tabindex=\"-1\"><div class=\"head\">\
             <h2 class=\"title\" id=\"samtykke-dialog-title\">",
            view.dialog_title,
            "</h2>",
        ],
    );
    button(
        out,
        "close",
        "×",
        "close",
        &[" aria-label=\"", view.close, "\""],
    );
    put(out, &["</div><p>", view.dialog_intro, "</p>"]);
    // Why a sale-or-sharing category is off while the browser sends GPC, even if it was on before.
    if let Some(line) = view.gpc_detected {
        el(out, "p", "gpc-signal", line);
    }
    out.push_str("<ul class=\"categories\">");
    for cat in &view.categories {
        let id = cat.id;
        put(
            out,
            &[
                "<li class=\"category\"><div class=\"row\"><input type=\"checkbox\" id=\"samtykke-cat-",
                id,
                "\" data-category=\"",
                id,
                "\" aria-describedby=\"samtykke-cat-",
                id,
                "-desc\"",
            ],
        );
        // Nothing is pre-ticked: only what is granted now, and what is required.
        if cat.checked || cat.required {
            out.push_str(" checked=\"\"");
        }
        if cat.required {
            out.push_str(" disabled=\"\"");
        }
        put(
            out,
            &[
                "><label for=\"samtykke-cat-",
                id,
                "\">",
                &cat.title,
                "</label>",
            ],
        );
        if cat.required {
            el(out, "span", "always", view.always_on);
        }
        put(
            out,
            &[
                "</div><p class=\"description\" id=\"samtykke-cat-",
                id,
                "-desc\">",
                &cat.description,
                "</p>",
            ],
        );
        services(out, &cat.services, view.service_labels);
        out.push_str("</li>");
    }
    put(
        out,
        &[
            "</ul><p class=\"rights\">",
            view.rights,
            "</p><p><a class=\"policy\" href=\"",
            view.policy_url,
            "\">",
            view.policy_link,
            "</a></p>",
        ],
    );
    if let Some(status) = &view.status {
        el(out, "p", "status", status);
    }
    out.push_str("<div class=\"actions\">");
    choices(out, view);
    button(out, "save", view.save, "choice save", &[]);
    out.push_str("</div>");
    if let Some(withdraw) = view.withdraw {
        button(out, "withdraw", withdraw, "secondary withdraw", &[]);
    }
    out.push_str("</div></div>");
}
