//! Proof of consent: the one JSON receipt sent to the site's own `recordUrl` for each decision, and
//! the reader the receipts server (`receipts/`) checks it with, so writer and reader cannot drift.
//!
//! It holds what the visitor decided and under which policy, and nothing that identifies them: no IP
//! address, no user agent, no page URL (the server sees its own request, samtykke adds nothing).
//!
//! `{"id","revision","given","updated","expires","method","categories","language","gpc","samtykke",
//!   "source","noticeSha256"}`: the last two are optional (receipts from older versions lack them).

use std::fmt;

use crate::decide::Origin;
use crate::html::View;
use crate::i18n::is_language_code;
use crate::json::{parse, write_str, Json};
use crate::record::{Method, Record};
use crate::time::{format_iso, parse_iso};

/// The samtykke version that wrote a receipt.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The largest receipt the reader takes (the server refuses a larger body before reading it).
pub const MAX_BYTES: usize = 8 * 1024;

/// What happened: a choice stored, or a withdrawal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Chose(Method),
    Withdrew,
}

impl Decision {
    /// The receipt's `method`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Chose(m) => m.as_str(),
            Decision::Withdrew => "withdraw",
        }
    }

    fn from_name(name: &str) -> Option<Decision> {
        Some(match name {
            "accept-all" => Decision::Chose(Method::AcceptAll),
            "reject-all" => Decision::Chose(Method::RejectAll),
            "custom" => Decision::Chose(Method::Custom),
            "withdraw" => Decision::Withdrew,
            _ => return None,
        })
    }
}

/// The receipt's `source` is where the decision came from: the [`Origin`] carried into
/// [`crate::decide::decide`].
impl Origin {
    pub const ALL: [Origin; 4] = [Origin::Banner, Origin::Dialog, Origin::Embed, Origin::Api];

    /// The receipt's `source`: `banner`, `dialog`, `embed` or `api`.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Banner => "banner",
            Origin::Dialog => "dialog",
            Origin::Embed => "embed",
            Origin::Api => "api",
        }
    }
}

/// One receipt, as written by the banner and read back by the receipts server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// The consent's id: a UUID (8-4-4-4-12 hex digits).
    pub id: String,
    pub revision: String,
    pub given: String,
    pub updated: String,
    pub expires: String,
    pub method: Decision,
    /// Every category with its state, in the order written.
    pub categories: Vec<(String, bool)>,
    pub language: String,
    pub gpc: bool,
    /// The samtykke version that wrote it.
    pub samtykke: String,
    /// Absent in receipts from versions before it was added.
    pub source: Option<Origin>,
    /// SHA-256 (64 lowercase hex digits) of the first layer's text ([`notice_text`]) as shown;
    /// absent from older versions and where the browser has no Web Crypto.
    pub notice_sha256: Option<String>,
}

/// Every key a receipt may have, in the order the writer puts them.
pub const KEYS: [&str; 12] = [
    "id",
    "revision",
    "given",
    "updated",
    "expires",
    "method",
    "categories",
    "language",
    "gpc",
    "samtykke",
    "source",
    "noticeSha256",
];

/// The keys a receipt must have (the rest of [`KEYS`] came later and are optional).
const REQUIRED: usize = 10;

/// The receipt for `record` (for a withdrawal: the record withdrawn, with `now` as its time and only
/// required categories granted), without `source` and digest; the shell sets those on [`build`]'s
/// result.
pub fn receipt(
    record: &Record,
    decision: Decision,
    now: i64,
    required: &dyn Fn(&str) -> bool,
) -> String {
    build(record, decision, now, required).to_json()
}

/// The [`Receipt`] for `record`, as [`receipt`] writes it.
pub fn build(
    record: &Record,
    decision: Decision,
    now: i64,
    required: &dyn Fn(&str) -> bool,
) -> Receipt {
    let withdrew = decision == Decision::Withdrew;
    let updated = if withdrew {
        format_iso(now)
    } else {
        record.updated.clone()
    };
    Receipt {
        id: record.id.clone(),
        revision: record.revision.clone(),
        given: record.given.clone(),
        expires: if withdrew {
            updated.clone()
        } else {
            record.expires.clone()
        },
        updated,
        method: decision,
        categories: record
            .categories
            .iter()
            .map(|(id, on)| (id.clone(), (*on && !withdrew) || required(id)))
            .collect(),
        language: record.language.clone(),
        gpc: record.gpc == Some(true),
        samtykke: VERSION.to_owned(),
        source: None,
        notice_sha256: None,
    }
}

/// The text of the first layer as `view` renders it ([`crate::html::render`] in
/// [`crate::html::Mode::Banner`]), one visible line per element in document order: title, notice with
/// the policy link's text, the Do Not Track sentence, the signal lines shown, the two choices and
/// the preferences button (not the language menu). The shell hashes it (SHA-256, hex) into
/// [`Receipt::notice_sha256`], so a receipt names the words the visitor was shown; a site owner
/// recomputes it from the same texts.
pub fn notice_text(view: &View) -> String {
    let mut out = String::with_capacity(1024);
    for (i, line) in [
        Some(view.title),
        Some(&view.notice),
        view.gpc_detected,
        view.dnt_detected,
        Some(view.reject_all),
        Some(view.accept_all),
        Some(view.preferences),
    ]
    .into_iter()
    .flatten()
    .enumerate()
    {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line);
        // The policy link closes the notice's paragraph; the Do Not Track sentence follows it.
        if i == 1 {
            out.push(' ');
            out.push_str(view.policy_link);
            out.push('\n');
            out.push_str(view.dnt);
        }
    }
    out
}

impl Receipt {
    /// The JSON text: keys in [`KEYS`] order, the optional ones only when set.
    pub fn to_json(&self) -> String {
        self.to_json_with(&[])
    }

    /// [`Receipt::to_json`] with more string fields after the receipt's own (the server adds
    /// `received` and `origin` to its export).
    pub fn to_json_with(&self, extra: &[(&str, &str)]) -> String {
        let mut out = String::with_capacity(512);
        out.push('{');
        let field = |out: &mut String, key: &str, value: &str| {
            if out.len() > 1 {
                out.push(',');
            }
            write_str(out, key);
            out.push(':');
            write_str(out, value);
        };
        field(&mut out, "id", &self.id);
        field(&mut out, "revision", &self.revision);
        field(&mut out, "given", &self.given);
        field(&mut out, "updated", &self.updated);
        field(&mut out, "expires", &self.expires);
        field(&mut out, "method", self.method.as_str());
        out.push_str(",\"categories\":");
        out.push_str(&self.categories_json());
        field(&mut out, "language", &self.language);
        out.push_str(if self.gpc {
            ",\"gpc\":true"
        } else {
            ",\"gpc\":false"
        });
        field(&mut out, "samtykke", &self.samtykke);
        if let Some(source) = self.source {
            field(&mut out, "source", source.as_str());
        }
        if let Some(digest) = &self.notice_sha256 {
            field(&mut out, "noticeSha256", digest);
        }
        for (key, value) in extra {
            field(&mut out, key, value);
        }
        out.push('}');
        out
    }

    /// `categories` as a JSON object, e.g. `{"necessary":true,"analytics":false}`.
    pub fn categories_json(&self) -> String {
        let mut out = String::from("{");
        for (i, (id, on)) in self.categories.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(&mut out, id);
            out.push_str(if *on { ":true" } else { ":false" });
        }
        out.push('}');
        out
    }

    /// Reads a receipt as samtykke sends it.
    ///
    /// # Errors
    /// A [`ReceiptError`] naming the first key that is unknown, repeated, missing or of the wrong
    /// shape (or, with `key` empty, a body that is not one JSON object at most [`MAX_BYTES`] long).
    pub fn read(text: &str) -> Result<Receipt, ReceiptError> {
        if text.len() > MAX_BYTES {
            return Err(ReceiptError::body(format!(
                "it is longer than {MAX_BYTES} bytes"
            )));
        }
        let fields = match parse(text) {
            Ok(Json::Object(fields)) => fields,
            Ok(other) => {
                return Err(ReceiptError::body(format!(
                    "it is {}, not a JSON object",
                    other.kind()
                )))
            }
            Err(e) => return Err(ReceiptError::body(format!("it is not JSON: {e}"))),
        };
        let mut seen = [None::<&Json>; KEYS.len()];
        for (key, value) in &fields {
            let Some(i) = KEYS.iter().position(|k| k == key) else {
                return Err(ReceiptError::key(key, "is unknown"));
            };
            if seen[i].replace(value).is_some() {
                return Err(ReceiptError::key(key, "is given twice"));
            }
        }
        if let Some(i) = (0..REQUIRED).find(|&i| seen[i].is_none()) {
            return Err(ReceiptError::key(KEYS[i], "is missing"));
        }
        let get = |i: usize| seen[i];
        let string = |i: usize| -> Result<&str, ReceiptError> {
            match get(i) {
                Some(Json::String(s)) => Ok(s),
                Some(other) => Err(ReceiptError::key(
                    KEYS[i],
                    &format!("must be a string, not {}", other.kind()),
                )),
                None => Err(ReceiptError::key(KEYS[i], "is missing")),
            }
        };
        let text_field = |i: usize| -> Result<String, ReceiptError> {
            let s = string(i)?;
            if s.is_empty() {
                return Err(ReceiptError::key(KEYS[i], "must not be empty"));
            }
            Ok(s.to_owned())
        };
        let time = |i: usize| -> Result<String, ReceiptError> {
            let s = string(i)?;
            if parse_iso(s).is_none() {
                return Err(ReceiptError::key(
                    KEYS[i],
                    "must be a UTC ISO 8601 time like 2024-06-17T08:30:00.000Z",
                ));
            }
            Ok(s.to_owned())
        };
        let id = string(0)?;
        if !is_uuid(id) {
            return Err(ReceiptError::key(
                "id",
                "must be a UUID (8-4-4-4-12 hex digits)",
            ));
        }
        let method = Decision::from_name(string(5)?).ok_or_else(|| {
            ReceiptError::key(
                "method",
                "must be accept-all, reject-all, custom or withdraw",
            )
        })?;
        let categories = match get(6) {
            Some(Json::Object(cats)) => {
                let mut out: Vec<(String, bool)> = Vec::with_capacity(cats.len());
                for (cat, on) in cats {
                    let Json::Bool(on) = on else {
                        return Err(ReceiptError::key(
                            "categories",
                            &format!("`{cat}` must be true or false, not {}", on.kind()),
                        ));
                    };
                    if cat.is_empty() {
                        return Err(ReceiptError::key("categories", "has an empty category id"));
                    }
                    if out.iter().any(|(c, _)| c == cat) {
                        return Err(ReceiptError::key(
                            "categories",
                            &format!("names `{cat}` twice"),
                        ));
                    }
                    out.push((cat.clone(), *on));
                }
                out
            }
            Some(other) => {
                return Err(ReceiptError::key(
                    "categories",
                    &format!("must be an object of true/false, not {}", other.kind()),
                ))
            }
            None => unreachable!("checked as required above"),
        };
        let language = string(7)?;
        if !is_language_code(language) {
            return Err(ReceiptError::key(
                "language",
                "must be a language code of 2 or 3 lowercase letters",
            ));
        }
        let gpc = match get(8) {
            Some(Json::Bool(b)) => *b,
            Some(other) => {
                return Err(ReceiptError::key(
                    "gpc",
                    &format!("must be true or false, not {}", other.kind()),
                ))
            }
            None => unreachable!("checked as required above"),
        };
        let source = match get(10) {
            None => None,
            Some(_) => {
                let name = string(10)?;
                Some(
                    Origin::ALL
                        .into_iter()
                        .find(|s| s.as_str() == name)
                        .ok_or_else(|| {
                            ReceiptError::key("source", "must be banner, dialog, embed or api")
                        })?,
                )
            }
        };
        let notice_sha256 = match get(11) {
            None => None,
            Some(_) => {
                let hex = string(11)?;
                if hex.len() != 64 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                    return Err(ReceiptError::key(
                        "noticeSha256",
                        "must be 64 lowercase hex digits (SHA-256)",
                    ));
                }
                Some(hex.to_owned())
            }
        };
        Ok(Receipt {
            id: id.to_owned(),
            revision: text_field(1)?,
            given: time(2)?,
            updated: time(3)?,
            expires: time(4)?,
            method,
            categories,
            language: language.to_owned(),
            gpc,
            samtykke: text_field(9)?,
            source,
            notice_sha256,
        })
    }
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hex digits in either case.
fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Why a body is not a receipt: the key at fault (empty for the body as a whole) and the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptError {
    pub key: String,
    pub problem: String,
}

impl ReceiptError {
    fn key(key: &str, problem: &str) -> Self {
        ReceiptError {
            key: key.to_owned(),
            problem: problem.to_owned(),
        }
    }

    fn body(problem: String) -> Self {
        ReceiptError {
            key: String::new(),
            problem,
        }
    }
}

impl fmt::Display for ReceiptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "the receipt is not valid: {}", self.problem)
        } else {
            write!(f, "receipt key `{}` {}", self.key, self.problem)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::{Mode, View};
    use crate::map::Map;

    fn record() -> Record {
        let mut categories = Map::new();
        categories.insert("necessary".to_owned(), true);
        categories.insert("analytics".to_owned(), true);
        categories.insert("marketing".to_owned(), false);
        Record {
            v: 1,
            id: "0f8fad5b-d9cb-469f-a165-70867728950e".to_owned(),
            revision: "2024-06-17".to_owned(),
            given: "2024-06-17T08:30:00.000Z".to_owned(),
            updated: "2024-06-18T09:00:00.000Z".to_owned(),
            expires: "2025-06-18T09:00:00.000Z".to_owned(),
            categories,
            method: Method::Custom,
            language: "da".to_owned(),
            gpc: Some(true),
        }
    }

    fn required(id: &str) -> bool {
        id == "necessary"
    }

    const GOOD: &str = r#"{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","revision":"r1","given":"2024-06-17T08:30:00.000Z","updated":"2024-06-17T08:30:00.000Z","expires":"2025-06-17T08:30:00.000Z","method":"accept-all","categories":{"necessary":true,"analytics":true},"language":"en","gpc":false,"samtykke":"0.1.0"}"#;

    /// GOOD with `key`'s value replaced by `value` (raw JSON), or the key dropped when `value` is None.
    fn with(key: &str, value: Option<&str>) -> String {
        let Ok(Json::Object(fields)) = parse(GOOD) else {
            unreachable!()
        };
        let mut out = String::from("{");
        for (k, v) in fields {
            let raw = match (&v, k == key) {
                (_, true) => match value {
                    Some(raw) => raw.to_owned(),
                    None => continue,
                },
                (Json::String(s), false) => {
                    let mut t = String::new();
                    write_str(&mut t, s);
                    t
                }
                (Json::Bool(b), false) => b.to_string(),
                (Json::Object(_), false) => r#"{"necessary":true,"analytics":true}"#.to_owned(),
                _ => unreachable!(),
            };
            if out.len() > 1 {
                out.push(',');
            }
            write_str(&mut out, &k);
            out.push(':');
            out.push_str(&raw);
        }
        out.push('}');
        out
    }

    fn key_of(text: &str) -> String {
        match Receipt::read(text) {
            Ok(r) => panic!("read as valid: {r:?}"),
            Err(e) => {
                assert!(!e.to_string().is_empty());
                e.key
            }
        }
    }

    #[test]
    fn what_the_writer_writes_the_reader_reads_back() {
        for decision in [
            Decision::Chose(Method::AcceptAll),
            Decision::Chose(Method::RejectAll),
            Decision::Chose(Method::Custom),
            Decision::Withdrew,
        ] {
            let text = receipt(&record(), decision, 1_718_700_000_000, &required);
            let read = Receipt::read(&text).unwrap();
            assert_eq!(
                read,
                build(&record(), decision, 1_718_700_000_000, &required)
            );
            assert_eq!(read.to_json(), text, "written again the same");
            assert_eq!(read.source, None);
            for source in Origin::ALL {
                let mut full = read.clone();
                full.source = Some(source);
                full.notice_sha256 = Some("ab".repeat(32));
                let again = Receipt::read(&full.to_json()).unwrap();
                assert_eq!(again, full);
            }
        }
    }

    #[test]
    fn the_writer_keeps_its_documented_layout() {
        let text = receipt(&record(), Decision::Withdrew, 1_718_700_000_000, &required);
        assert_eq!(
            text,
            "{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"revision\":\"2024-06-17\",\
             \"given\":\"2024-06-17T08:30:00.000Z\",\"updated\":\"2024-06-18T08:40:00.000Z\",\
             \"expires\":\"2024-06-18T08:40:00.000Z\",\"method\":\"withdraw\",\
             \"categories\":{\"analytics\":false,\"marketing\":false,\"necessary\":true},\
             \"language\":\"da\",\"gpc\":true,\"samtykke\":\"0.1.0\"}"
                .replace("0.1.0", VERSION)
        );
        let mut r = Receipt::read(&text).unwrap();
        r.source = Some(Origin::Api);
        r.notice_sha256 = Some("0".repeat(64));
        assert!(r
            .to_json_with(&[("received", "t"), ("origin", "o")])
            .ends_with(&format!(
                ",\"source\":\"api\",\"noticeSha256\":\"{}\",\"received\":\"t\",\"origin\":\"o\"}}",
                "0".repeat(64)
            )));
    }

    #[test]
    fn a_receipt_from_an_older_version_without_source_or_digest_reads() {
        let r = Receipt::read(GOOD).unwrap();
        assert_eq!((r.source, r.notice_sha256), (None, None));
        assert_eq!(r.method, Decision::Chose(Method::AcceptAll));
        assert_eq!(
            r.categories,
            vec![
                ("necessary".to_owned(), true),
                ("analytics".to_owned(), true)
            ]
        );
        // White space around and inside is JSON, and fine.
        assert!(Receipt::read(&format!(" \n{}\n", GOOD.replace(",", ", "))).is_ok());
    }

    #[test]
    fn each_wrong_value_is_refused_naming_its_key() {
        let cases: &[(&str, Option<&str>)] = &[
            ("id", None),
            ("id", Some("\"0f8fad5b-d9cb-469f-a165-70867728950\"")),
            ("id", Some("\"0f8fad5b-d9cb-469f-a165-70867728950g\"")),
            ("id", Some("\"0f8fad5bd9cb-469f-a165-70867728950e1\"")),
            ("id", Some("7")),
            ("revision", Some("\"\"")),
            ("revision", Some("null")),
            ("given", Some("\"2024-06-17\"")),
            ("updated", Some("\"2024-02-30T08:30:00.000Z\"")),
            ("expires", Some("\"2024-06-17T08:30:00.000+02:00\"")),
            ("expires", Some("1718613000000")),
            ("method", Some("\"accept\"")),
            ("method", Some("\"Accept-All\"")),
            ("categories", Some("[]")),
            ("categories", Some("{\"a\":1}")),
            ("categories", Some("{\"a\":true,\"a\":false}")),
            ("categories", Some("{\"\":true}")),
            ("language", Some("\"english\"")),
            ("language", Some("\"EN\"")),
            ("gpc", Some("\"false\"")),
            ("gpc", None),
            ("samtykke", Some("false")),
            ("source", Some("\"script\"")),
            ("source", Some("null")),
            ("noticeSha256", Some("\"abc\"")),
            (
                "noticeSha256",
                Some(&"\"ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB\""),
            ),
            ("surprise", Some("1")),
        ];
        for (key, value) in cases {
            let text = with(key, *value);
            let text = if GOOD.contains(&format!("\"{key}\"")) {
                text
            } else {
                // A key GOOD lacks: add it.
                format!("{},\"{key}\":{}}}", &GOOD[..GOOD.len() - 1], value.unwrap())
            };
            assert_eq!(key_of(&text), *key, "{text}");
        }
        // Twice the same key.
        let twice = format!("{},\"gpc\":true}}", &GOOD[..GOOD.len() - 1]);
        assert_eq!(key_of(&twice), "gpc");
        let err = Receipt::read(&twice).unwrap_err();
        assert_eq!(err.to_string(), "receipt key `gpc` is given twice");
    }

    #[test]
    fn a_body_that_is_no_receipt_is_refused_as_a_whole() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        for text in [
            "",
            "null",
            "[]",
            "\"x\"",
            &GOOD[..GOOD.len() - 1],
            &GOOD[..40],
            &format!("{GOOD}{GOOD}"),
            &deep,
            &format!("{{\"id\":{}}}", "[".repeat(200)),
            &format!("{}{}", GOOD, " ".repeat(MAX_BYTES)),
        ] {
            let text: &str = text;
            let err = Receipt::read(text).unwrap_err();
            assert_eq!(err.key, "", "{err}");
            assert!(err.to_string().starts_with("the receipt is not valid: "));
        }
    }

    #[test]
    fn the_notice_text_is_the_first_layers_visible_lines() {
        let view = View {
            lang: "en",
            rtl: false,
            mode: Mode::Banner,
            title: "We use cookies",
            notice: "Nordlys uses cookies.".to_owned(),
            policy_url: "/privacy",
            policy_link: "Privacy policy",
            dnt: "Do Not Track is not honoured.",
            dnt_detected: None,
            gpc_detected: Some("GPC honoured."),
            accept_all: "Accept all",
            reject_all: "Reject all",
            preferences: "Choose",
            language_label: "Language",
            languages: vec![("en", "English"), ("da", "Dansk")],
            dialog_title: "Preferences",
            dialog_intro: "intro",
            rights: "rights",
            status: None,
            categories: Vec::new(),
            save: "Save",
            close: "Close",
            withdraw: None,
            always_on: "Always on",
            reopen: "Cookies",
            service_labels: ["a", "b", "c", "d"],
        };
        assert_eq!(
            notice_text(&view),
            "We use cookies\nNordlys uses cookies. Privacy policy\nDo Not Track is not honoured.\n\
             GPC honoured.\nReject all\nAccept all\nChoose"
        );
    }
}
