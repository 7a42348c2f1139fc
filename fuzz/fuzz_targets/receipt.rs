//! The receipt reader (what the receipts server runs on every body) on any bytes: never a panic;
//! a body that reads writes back as a receipt that reads to the same value, and the export's line
//! (with the server's two fields) is still one line of JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samtykke_core::receipt::Receipt;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(receipt) = Receipt::read(text) else {
        return;
    };
    let written = receipt.to_json();
    assert_eq!(Receipt::read(&written).as_ref(), Ok(&receipt), "{written}");
    let line = receipt.to_json_with(&[("received", "2024-06-17T08:30:00.000Z"), ("origin", "o")]);
    assert!(!line.contains('\n'));
    let value: serde_json::Value = serde_json::from_str(&line).expect("the export line is JSON");
    assert_eq!(value["id"].as_str(), Some(receipt.id.as_str()));
});
