//! Gated markup that may go live (issue 13, item 4): `data-src` only as an http:, https: or
//! relative URL, `data-type` only as a JavaScript type or `module`. Anything else stays inert.

use samtykke_core::embed::refusal;

#[test]
fn http_https_and_relative_urls_go_live() {
    for src in [
        "https://www.youtube-nocookie.com/embed/x",
        "http://example.com/a.js",
        "HTTPS://EXAMPLE.COM/",
        "/js/analytics.js",
        "js/analytics.js",
        "//cdn.example.net/a.js",
        "?v=1",
        "  /padded.js\n",
        "https:embed", // relative to an https page
    ] {
        assert_eq!(refusal(Some(src), None), None, "{src:?}");
    }
}

#[test]
fn other_schemes_stay_inert_however_they_are_written() {
    for src in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "\u{1}javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "blob:https://example.com/uuid",
        "about:blank",
        "file:///etc/passwd",
        "",
        "   ",
    ] {
        let why = refusal(Some(src), None);
        assert!(
            why.is_some_and(|w| w.contains("data-src")),
            "{src:?} -> {why:?}"
        );
    }
}

#[test]
fn only_javascript_types_and_module_become_a_script_type() {
    for kind in [
        "text/javascript",
        "module",
        "MODULE",
        " application/javascript ",
        "",
        "text/ecmascript",
    ] {
        assert_eq!(refusal(None, Some(kind)), None, "{kind:?}");
    }
    for kind in [
        "importmap",
        "speculationrules",
        "text/html",
        "application/json",
        "text/plain",
        "text/javascript; charset=utf-8",
    ] {
        let why = refusal(None, Some(kind));
        assert!(
            why.is_some_and(|w| w.contains("data-type")),
            "{kind:?} -> {why:?}"
        );
    }
}

#[test]
fn no_attributes_is_nothing_to_refuse() {
    assert_eq!(refusal(None, None), None);
}
