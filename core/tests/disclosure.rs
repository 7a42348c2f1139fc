//! What a visitor must be told (issue 13, items 11 and 12), in every built-in language: the first
//! layer says the choice can be changed or withdrawn at any time, naming the Privacy settings
//! control by its label; the dialog's rights name erasure and a complaint to a data protection
//! authority. (core/build.rs refuses a translation without `{reopen}` in `withdraw_notice`.)

use samtykke_core::catalog::{Key, LANGUAGES};
use samtykke_core::config::parse_text;
use samtykke_core::i18n::Texts;

/// Per language, a word of its `rights` text for erasure and the words for the authority.
const RIGHTS: [(&str, &str, &str); 30] = [
    ("ar", "محو", "سلطة حماية البيانات"),
    ("bg", "изтри", "орган за защита на данните"),
    ("cs", "vymazat", "úřadu pro ochranu osobních údajů"),
    ("da", "slette", "databeskyttelsesmyndighed"),
    ("de", "löschen", "Datenschutzaufsichtsbehörde"),
    ("el", "διαγράψετε", "αρχή προστασίας δεδομένων"),
    ("en", "erase", "data protection authority"),
    ("es", "suprimir", "autoridad de protección de datos"),
    ("et", "kustuta", "andmekaitseasutus"),
    ("fi", "poista", "tietosuojaviranomai"),
    ("fr", "effacer", "autorité de protection des données"),
    ("ga", "scrios", "údarás cosanta sonraí"),
    ("he", "למחוק", "רשות להגנת נתונים"),
    ("hr", "izbrisati", "tijelu za zaštitu podataka"),
    ("hu", "töröl", "adatvédelmi hatóság"),
    ("is", "eytt", "persónuverndaryfirvald"),
    ("it", "cancellar", "autorità di protezione dei dati"),
    ("lt", "ištrinti", "duomenų apsaugos priežiūros institucij"),
    ("lv", "dzēst", "datu aizsardzības uzraudzības iestād"),
    ("mt", "tħassar", "awtorità tal-protezzjoni tad-data"),
    ("nb", "slette", "personvernmyndighet"),
    ("nl", "wissen", "autoriteit voor gegevensbescherming"),
    ("pl", "usunąć", "organu ochrony danych"),
    ("pt", "apagá", "autoridade de proteção de dados"),
    ("ro", "ștergeți", "autoritate de protecție a datelor"),
    ("sk", "vymazať", "úradu na ochranu osobných údajov"),
    ("sl", "izbrišete", "organu za varstvo podatkov"),
    ("sv", "radera", "dataskyddsmyndighet"),
    ("tr", "silinme", "veri koruma otoritesi"),
    ("uk", "видалити", "органу із захисту даних"),
];

fn config(texts: &str) -> samtykke_core::Config {
    parse_text(&format!(
        r#"{{"revision": "1", "policyUrl": "/p", "languages": ["en", "da"], "texts": {texts}}}"#
    ))
    .unwrap()
}

#[test]
fn the_first_layer_says_the_choice_can_be_withdrawn_with_the_privacy_settings_control() {
    let config = config("{}");
    for (code, _) in LANGUAGES.iter() {
        let texts = Texts::new(&config, code, None);
        let notice = texts.notice();
        let label = texts.get(Key::REOPEN);
        assert!(
            notice.contains(label),
            "{code}: the notice names “{label}”: {notice}"
        );
        assert!(
            !notice.contains('{'),
            "{code}: no placeholder left: {notice}"
        );
    }
}

#[test]
fn a_site_that_renames_the_control_gets_its_own_label_in_the_notice() {
    let config = config(r#"{"da": {"reopen": "Cookies"}}"#);
    let notice = Texts::new(&config, "da", None).notice();
    assert!(notice.contains("»Cookies«"), "{notice}");
}

#[test]
fn the_rights_name_erasure_and_a_complaint_to_a_data_protection_authority() {
    let config = config("{}");
    assert_eq!(
        RIGHTS.len(),
        LANGUAGES.len(),
        "one row per built-in language"
    );
    for (code, erase, authority) in RIGHTS {
        let rights = Texts::new(&config, code, None).get(Key::RIGHTS).to_owned();
        assert!(
            rights.contains(erase),
            "{code}: erasure ({erase}) in: {rights}"
        );
        assert!(
            rights.contains(authority),
            "{code}: the authority ({authority}) in: {rights}"
        );
    }
}

#[test]
fn a_texts_override_of_dnt_must_still_name_do_not_track() {
    let err = parse_text(
        r#"{"revision": "1", "policyUrl": "/p", "texts": {"da": {"dnt": "Vi følger ikke sporingssignaler."}}}"#,
    )
    .unwrap_err();
    assert_eq!(err.key, "texts.da.dnt", "{err}");
    assert!(err.to_string().contains("Do Not Track"), "{err}");
    parse_text(
        r#"{"revision": "1", "policyUrl": "/p", "texts": {"da": {"dnt": "Vi følger ikke Do Not Track."}}}"#,
    )
    .unwrap();
}
