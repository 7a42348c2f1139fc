//! The mirror cookie.

use proptest::prelude::*;

use samtykke_core::consent::Choice;
use samtykke_core::mirror;
use samtykke_core::record::{self};
use samtykke_core::time::{parse_iso, DAY_MS};

use crate::gen::*;

proptest! {
    #![proptest_config(cases(192))]

    #[test]
    fn every_decided_record_round_trips_through_the_cookie(
        (cfg, choice) in valid_config().prop_flat_map(|cfg| {
            let choice = choice_for(&cfg);
            (Just(cfg), choice)
        }),
        revision in any::<String>(),
        now in 0..LAST_MS - 400 * DAY_MS,
        gpc in any::<bool>(),
        withdrawn in any::<bool>(),
        with_id in any::<bool>(),
    ) {
        let mut cfg = cfg;
        cfg.revision = revision;
        let Some(mut record) = decided(&cfg, &choice, now, gpc) else { return Ok(()) };
        if withdrawn {
            record.method = record::Method::RejectAll;
        }
        let value = mirror::encode(&record, withdrawn, with_id).expect("a decided record is a cookie");
        prop_assert!(value.len() <= mirror::MAX_VALUE_LEN);
        prop_assert!(
            value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b)),
            "not cookie-safe: {}", value
        );
        let back = mirror::decode(&value).expect("what encode wrote decodes");
        // The record's id is in the value exactly when the site asked for it (`recordId`).
        prop_assert_eq!(value.contains(&record.id), with_id, "{}", value);
        let expected = if with_id {
            record.clone()
        } else {
            record::Record { id: String::new(), ..record.clone() }
        };
        prop_assert_eq!(&back.record, &expected);
        prop_assert_eq!(back.withdrawn, withdrawn);
        prop_assert_eq!(back.record.check(&cfg, now), record.check(&cfg, now));
    }

    #[test]
    fn decoding_any_value_gives_a_record_or_a_reason_and_never_panics(
        value in valid_config().prop_flat_map(|cfg| {
            let record = decided(&cfg, &Choice::AcceptAll, JUNE_17, false).unwrap();
            let with_id = record.id.len() % 2 == 0 || cfg.categories.len() % 2 == 0;
            cookie_value(mirror::encode(&record, false, with_id).unwrap())
        }),
    ) {
        match mirror::decode(&value) {
            // What decodes writes back as a value that decodes to the same.
            Ok(m) => {
                // An id comes back only if the value had one.
                let again = mirror::encode(&m.record, m.withdrawn, !m.record.id.is_empty()).unwrap();
                prop_assert_eq!(mirror::decode(&again).unwrap(), m);
            }
            Err(reason) => prop_assert!(!reason.is_empty()),
        }
    }

    #[test]
    fn one_sync_makes_local_storage_and_cookie_agree(
        (local, cookies) in valid_config().prop_flat_map(|cfg| {
            // Each cookie with or without an id: visitors keep values written before the default.
            let times = prop::collection::vec(
                (JUNE_17..JUNE_17 + 3 * DAY_MS, any::<bool>(), any::<bool>()),
                3,
            );
            (Just(cfg), times)
        }).prop_flat_map(|(cfg, times)| {
            let candidates: Vec<(String, String)> = times
                .iter()
                .map(|&(t, accept, with_id)| {
                    let choice = if accept { Choice::AcceptAll } else { Choice::RejectAll };
                    let r = decided(&cfg, &choice, t, false).unwrap();
                    (r.to_json(), mirror::encode(&r, !accept && t % 3 == 0, with_id).unwrap())
                })
                .collect();
            let (l, c0, c1) = (candidates[0].0.clone(), candidates[1].1.clone(), candidates[2].1.clone());
            (
                prop::option::of(prop_oneof![3 => Just(l), 1 => damaged_json()]),
                prop::collection::vec(prop_oneof![cookie_value(c0), cookie_value(c1)], 0..3),
            )
        }),
        record_id in any::<bool>(),
    ) {
        let jar = mirror::Cookie {
            name: "c".into(),
            domain: None,
            same_site: mirror::SameSite::Lax,
            secure: true,
            record_id,
        };
        let fresh = record::uuid_v4([9; 16]);
        let refs: Vec<&str> = cookies.iter().map(String::as_str).collect();
        let first = mirror::sync(local.as_deref(), &refs, "k", &jar, &fresh);
        let newest = refs
            .iter()
            .filter_map(|v| mirror::decode(v).ok())
            .map(|m| m.record)
            .chain(local.as_deref().and_then(|t| record::parse(t).ok()))
            .filter_map(|r| parse_iso(&r.updated))
            .max();
        let Some(winner) = &first.winner else {
            prop_assert_eq!(newest, None, "something readable always wins");
            prop_assert!(!first.write_local && !first.write_cookie);
            return Ok(());
        };
        prop_assert_eq!(parse_iso(&winner.record.updated), newest, "the newest wins");
        prop_assert!(
            winner.withdrawn || !winner.record.id.is_empty(),
            "what localStorage may get has an id"
        );
        // Apply what sync asked for, as the shell does; then a second sync has nothing to do.
        let local = match (first.write_local, winner.withdrawn) {
            (true, true) => None,
            (true, false) => Some(winner.record.to_json()),
            (false, _) => local,
        };
        let value = mirror::encode(&winner.record, winner.withdrawn, record_id).unwrap();
        let cookies: Vec<&str> = if first.write_cookie { vec![&value] } else { refs };
        // The next load's fresh id differs: an adopted record must not take another one.
        let second = mirror::sync(local.as_deref(), &cookies, "k", &jar, &record::uuid_v4([8; 16]));
        // The same winner; a withdrawal is never stored, so its id (gone from a cookie rewritten
        // without one) does not count. A record's id does: the stored one stays.
        let id_of = |m: &mirror::Mirrored| if m.withdrawn { String::new() } else { m.record.id.clone() };
        let second_winner = second.winner.as_ref().expect("a second winner");
        prop_assert_eq!(id_of(second_winner), id_of(winner));
        prop_assert_eq!(
            record::Record { id: String::new(), ..second_winner.record.clone() },
            record::Record { id: String::new(), ..winner.record.clone() }
        );
        prop_assert_eq!(second_winner.withdrawn, winner.withdrawn);
        prop_assert!(!second.write_local && !second.write_cookie && !second.clean, "{:?}", second);
    }
}
