//! The mirror cookie's value on any text: a record or a reason, never a panic; what decodes writes
//! back as a value that decodes to the same. The text also goes through `sync` as a cookie beside a
//! valid localStorage record, which must never lose to something that does not decode.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samtykke_core::mirror::{decode, encode, sync, Cookie, SameSite};

const LOCAL: &str = r#"{"v":1,"id":"07070707-0707-4707-8707-070707070707","revision":"2024-06-17","given":"2024-06-17T00:00:00.000Z","updated":"2024-06-17T00:00:00.000Z","expires":"2024-12-16T00:00:00.000Z","categories":{"necessary":true,"analytics":false},"method":"reject-all","language":"da"}"#;

const FRESH: &str = "09090909-0909-4909-8909-090909090909";

fuzz_target!(|text: &str| {
    let decoded = decode(text);
    if let Ok(m) = &decoded {
        // An id comes back only if the value had one.
        let again =
            encode(&m.record, m.withdrawn, !m.record.id.is_empty()).expect("what decodes encodes");
        assert_eq!(decode(&again).as_ref(), Ok(m));
    }
    let jar = Cookie {
        name: "samtykke".into(),
        domain: None,
        same_site: SameSite::Lax,
        secure: true,
        record_id: text.len() % 2 == 0,
    };
    let s = sync(Some(LOCAL), &[text], "samtykke", &jar, FRESH);
    let w = s.winner.as_ref().unwrap();
    assert!(
        w.withdrawn || !w.record.id.is_empty(),
        "a record to store has an id"
    );
    let winner = s.winner.expect("the local record is readable");
    if decoded.is_err() {
        assert_eq!(winner.record.id, "07070707-0707-4707-8707-070707070707");
        assert!(
            !s.write_local && s.write_cookie,
            "a broken cookie is repaired"
        );
    }
});
