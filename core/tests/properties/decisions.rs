//! Records and decisions.

use std::collections::BTreeSet;

use proptest::prelude::*;

use samtykke_core::consent::{self, Choice, ChoiceError, Context};
use samtykke_core::map::Set;
use samtykke_core::record::{self, Reason};
use samtykke_core::time::{format_iso, parse_iso, DAY_MS};

use crate::check::*;
use crate::gen::*;

proptest! {
    #![proptest_config(cases(192))]

    #[test]
    fn a_decided_record_is_consent_until_it_expires_and_grants_only_what_was_chosen(
        (cfg, choice) in valid_config().prop_flat_map(|cfg| {
            let choice = choice_for(&cfg);
            (Just(cfg), choice)
        }),
        now in instant(),
    ) {
        let ctx = Context { now, new_id: "id-1".into(), language: "en", gpc: false };
        let record = match consent::decide(&cfg, None, &choice, ctx) {
            Ok(record) => record,
            Err(ChoiceError::UnknownCategory(id)) => {
                let Choice::Custom(picked) = &choice else { panic!("{choice:?}") };
                prop_assert!(picked.contains_key(&id) && cfg.category(&id).is_none());
                return Ok(());
            }
            Err(ChoiceError::RequiredDenied(id)) => {
                let Choice::Custom(picked) = &choice else { panic!("{choice:?}") };
                prop_assert_eq!(picked.get(&id), Some(&false));
                prop_assert!(cfg.category(&id).is_some_and(|c| c.required));
                return Ok(());
            }
        };

        let expiry = now + i64::from(cfg.expires_days) * DAY_MS;
        prop_assert_eq!(record.check(&cfg, now), Ok(()));
        prop_assert_eq!(record.check(&cfg, expiry - 1), Ok(()));
        prop_assert_eq!(record.check(&cfg, expiry), Err(Reason::Expired));
        prop_assert_eq!(record.check(&cfg, expiry + 1 + (now & 0xffff_ffff)), Err(Reason::Expired));

        // Exactly the configured categories, required ones on, the rest as chosen.
        let ids: BTreeSet<&String> = cfg.categories.iter().map(|c| &c.id).collect();
        prop_assert_eq!(record.categories.keys().collect::<BTreeSet<_>>(), ids);
        for cat in &cfg.categories {
            let on = record.categories[&cat.id];
            let chosen = match &choice {
                Choice::AcceptAll => true,
                Choice::RejectAll => false,
                Choice::Custom(picked) => picked.get(&cat.id).copied().unwrap_or(false),
            };
            prop_assert_eq!(on, cat.required || chosen, "category {}", cat.id);
        }
        let granted = consent::granted(&cfg, Some(&record), false);
        let on: Set<String> =
            record.categories.iter().filter(|(_, on)| **on).map(|(id, _)| id.clone()).collect();
        prop_assert_eq!(granted, on);

        // What the shell stores reads back as the same record, still consent.
        let stored = record.to_json();
        let read = record::parse(&stored);
        prop_assert_eq!(read.as_ref(), Ok(&record));
        prop_assert_eq!(read.unwrap().check(&cfg, now), Ok(()));

        // Under a new policy revision it is not consent.
        let mut newer = cfg.clone();
        newer.revision.push_str("-2");
        prop_assert!(
            matches!(record.check(&newer, now), Err(Reason::RevisionChanged { .. })),
            "{:?}",
            record.check(&newer, now)
        );
    }

    #[test]
    fn changing_a_choice_keeps_its_id_and_first_date_and_is_consent_again(
        (cfg, first, second) in valid_config().prop_flat_map(|cfg| {
            let a = choice_for(&cfg);
            let b = choice_for(&cfg);
            (Just(cfg), a, b)
        }),
        now in instant(),
        later in 0i64..395 * DAY_MS,
    ) {
        let ctx = Context { now, new_id: "first".into(), language: "en", gpc: false };
        let Ok(current) = consent::decide(&cfg, None, &first, ctx) else { return Ok(()) };
        let then = now + later % (i64::from(cfg.expires_days) * DAY_MS);
        prop_assume!(current.check(&cfg, then).is_ok());
        let ctx = Context { now: then, new_id: "second".into(), language: "da", gpc: false };
        let Ok(changed) = consent::decide(&cfg, Some(&current), &second, ctx) else { return Ok(()) };
        prop_assert_eq!(&changed.id, "first");
        prop_assert_eq!(&changed.given, &current.given);
        prop_assert_eq!(&changed.updated, &format_iso(then));
        prop_assert_eq!(changed.check(&cfg, then), Ok(()));
    }

    #[test]
    fn a_stored_record_that_checks_out_grants_required_categories_and_has_not_expired(
        (cfg, now, text) in (prop_oneof![Just(default_config()), valid_config()], instant())
            .prop_flat_map(|(cfg, now)| (Just(cfg.clone()), Just(now), record_json(&cfg, now))),
    ) {
        let Ok(record) = record::parse(&to_text(&text)) else { return Ok(()) };
        if record.check(&cfg, now).is_ok() {
            prop_assert!(parse_iso(&record.expires).unwrap() > now);
            prop_assert!(parse_iso(&record.given).unwrap() <= parse_iso(&record.updated).unwrap());
            for cat in &cfg.categories {
                let on = record.categories.get(&cat.id).copied();
                prop_assert!(on.is_some(), "no choice for {}", cat.id);
                if cat.required {
                    prop_assert_eq!(on, Some(true), "required {} denied", cat.id);
                }
            }
            for id in record.categories.keys() {
                prop_assert!(cfg.category(id).is_some(), "unknown category {}", id);
            }
            let granted = consent::granted(&cfg, Some(&record), false);
            for cat in &cfg.categories {
                prop_assert_eq!(
                    granted.contains(&cat.id),
                    cat.required || record.categories[&cat.id],
                );
            }
        }
    }
}
