//! The decisions the shell used to make in the browser: setConsent's merge, the dialog's boxes,
//! the withdrawal the mirror cookie keeps, and where a decision came from.

use samtykke_core::config::{parse_text, Config};
use samtykke_core::consent::{Choice, ChoiceError, Context};
use samtykke_core::decide::{self, Ask, Origin};
use samtykke_core::map::{Map, Set};
use samtykke_core::record::{Method, Record};

const JUNE_17: i64 = 1_718_582_400_000;
const DAY: i64 = 86_400_000;

fn cfg() -> Config {
    parse_text(
        r#"{"revision": "2024-06-17", "policyUrl": "/privacy", "categories": [{"id": "necessary"},
          {"id": "analytics"}, {"id": "marketing", "saleOrSharing": true}, {"id": "social"}]}"#,
    )
    .unwrap()
}

fn ctx(now: i64, gpc: bool) -> Context<'static> {
    Context {
        now,
        new_id: "11111111-1111-4111-8111-111111111111".into(),
        language: "en",
        gpc,
    }
}

fn set(ids: &[&str]) -> Set<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

fn picked(pairs: &[(&str, bool)]) -> Map<String, bool> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn ask(choice: Choice, origin: Origin, current: Option<&Record>, now: i64) -> Ask<'_> {
    Ask {
        choice,
        origin,
        current,
        ctx: ctx(now, false),
    }
}

/// A first visit's accept-all, on June 17.
fn accepted() -> Record {
    let first = ask(Choice::AcceptAll, Origin::Banner, None, JUNE_17);
    decide::decide(&cfg(), first).unwrap().record
}

#[test]
fn set_consent_changes_the_named_categories_and_keeps_the_rest() {
    let granted = set(&["necessary", "analytics", "social"]);
    let choice = decide::keep_the_rest(&granted, picked(&[("social", false), ("marketing", true)]));
    let Choice::Custom(merged) = &choice else {
        panic!("a merge is a custom choice, got {choice:?}");
    };
    assert_eq!(
        merged,
        &picked(&[
            ("necessary", true),
            ("analytics", true),
            ("marketing", true),
            ("social", false)
        ])
    );
    let out = decide::decide(&cfg(), ask(choice, Origin::Api, None, JUNE_17)).unwrap();
    assert_eq!(out.granted, set(&["necessary", "analytics", "marketing"]));
}

#[test]
fn set_consent_before_any_choice_grants_only_what_it_names() {
    let choice = decide::keep_the_rest(&set(&["necessary"]), picked(&[("analytics", true)]));
    let out = decide::decide(&cfg(), ask(choice, Origin::Api, None, JUNE_17)).unwrap();
    assert_eq!(out.granted, set(&["necessary", "analytics"]));
    assert_eq!(out.record.method, Method::Custom);
}

#[test]
fn a_merge_naming_an_unknown_category_changes_nothing() {
    let choice = decide::keep_the_rest(&set(&["necessary"]), picked(&[("ads", true)]));
    let err = decide::decide(&cfg(), ask(choice, Origin::Api, None, JUNE_17)).unwrap_err();
    assert_eq!(err, ChoiceError::UnknownCategory("ads".into()));
}

#[test]
fn the_dialog_boxes_ignore_required_and_unknown_ids() {
    let boxes = vec![
        ("necessary".to_string(), false),
        ("analytics".to_string(), true),
        ("injected".to_string(), true),
        ("marketing".to_string(), false),
    ];
    let choice = decide::from_dialog(&cfg(), boxes);
    assert_eq!(
        choice,
        Choice::Custom(picked(&[("analytics", true), ("marketing", false)]))
    );
    let out = decide::decide(&cfg(), ask(choice, Origin::Dialog, None, JUNE_17)).unwrap();
    assert_eq!(out.granted, set(&["necessary", "analytics"]));
}

#[test]
fn a_decision_keeps_the_id_and_given_time_of_the_record_it_replaces() {
    let first = accepted();
    let later = JUNE_17 + 3 * DAY;
    let mut other = ask(Choice::RejectAll, Origin::Dialog, Some(&first), later);
    other.ctx.new_id = "22222222-2222-4222-8222-222222222222".into();
    let second = decide::decide(&cfg(), other).unwrap();
    assert_eq!(second.record.id, first.id);
    assert_eq!(second.record.given, first.given);
    assert_ne!(second.record.updated, first.updated);
    assert_eq!(second.granted, set(&["necessary"]));
}

#[test]
fn the_origin_of_a_decision_reaches_its_outcome() {
    for origin in [Origin::Banner, Origin::Dialog, Origin::Embed, Origin::Api] {
        let out = decide::decide(&cfg(), ask(Choice::AcceptAll, origin, None, JUNE_17)).unwrap();
        assert_eq!(out.origin, origin);
    }
}

#[test]
fn accept_all_with_gpc_leaves_sale_or_sharing_off() {
    let mut a = ask(Choice::AcceptAll, Origin::Banner, None, JUNE_17);
    a.ctx.gpc = true;
    let out = decide::decide(&cfg(), a).unwrap();
    assert_eq!(out.granted, set(&["necessary", "analytics", "social"]));
    assert_eq!(out.record.gpc, Some(true));
}

#[test]
fn a_withdrawal_is_dated_now_grants_only_required_and_never_claims_gpc() {
    let first = accepted();
    let now = JUNE_17 + 10 * DAY;
    let tomb = decide::withdrawal(&cfg(), Some(&first), ctx(now, true)).unwrap();
    assert_eq!(tomb.method, Method::RejectAll);
    assert_eq!(
        tomb.gpc, None,
        "a withdrawal records no choice sent with GPC"
    );
    assert_eq!(tomb.updated, samtykke_core::time::format_iso(now));
    assert_eq!(tomb.id, first.id);
    let on: Vec<_> = (tomb.categories.iter())
        .filter(|(_, &on)| on)
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(on, ["necessary"]);
}

#[test]
fn a_withdrawal_without_a_record_gets_a_fresh_id() {
    let tomb = decide::withdrawal(&cfg(), None, ctx(JUNE_17, false)).unwrap();
    assert_eq!(tomb.id, "11111111-1111-4111-8111-111111111111");
    assert_eq!(tomb.given, tomb.updated);
}
