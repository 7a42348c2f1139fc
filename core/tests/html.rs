//! The UI's markup: every foreign string is text, never HTML; structure, roles and states as shown.

#![cfg(not(target_arch = "wasm32"))]

use samtykke_core::html::{
    embed, escape, render, CategoryView, EmbedView, Mode, ServiceView, View,
};

fn esc(s: &str) -> String {
    let mut out = String::new();
    escape(&mut out, s);
    out
}

const XSS: &str = "<img src=x onerror=alert(1)>";

fn view(mode: Mode) -> View<'static> {
    let cat = |id: &'static str, required: bool, checked: bool| CategoryView {
        id,
        title: format!("Title {id}"),
        description: format!("About {id}"),
        required,
        checked,
        services: Vec::new(),
    };
    View {
        lang: "en",
        rtl: false,
        mode,
        title: "Cookies",
        notice: "We use cookies.".into(),
        policy_url: "/privacy",
        policy_link: "Privacy policy",
        dnt: "Do Not Track is not honoured.",
        dnt_detected: None,
        gpc_detected: None,
        accept_all: "Accept all",
        reject_all: "Reject all",
        preferences: "Preferences",
        language_label: "Language",
        languages: vec![("en", "English")],
        dialog_title: "Your choices",
        dialog_intro: "Pick.",
        rights: "You may withdraw.",
        status: None,
        categories: vec![
            cat("necessary", true, false),
            cat("analytics", false, false),
            cat("marketing", false, true),
        ],
        save: "Save",
        close: "Close",
        withdraw: None,
        always_on: "Always on",
        service_labels: ["Provider", "Purpose", "Kept for", "Cookies"],
        reopen: "Cookie settings",
    }
}

/// Every view string set to `s` (ids and codes too), to see where each one lands.
fn hostile(mode: Mode, s: &'static str) -> View<'static> {
    let mut v = view(mode);
    for field in [
        &mut v.lang,
        &mut v.title,
        &mut v.policy_url,
        &mut v.policy_link,
        &mut v.dnt,
        &mut v.accept_all,
        &mut v.reject_all,
        &mut v.preferences,
        &mut v.language_label,
        &mut v.dialog_title,
        &mut v.dialog_intro,
        &mut v.rights,
        &mut v.save,
        &mut v.close,
        &mut v.always_on,
        &mut v.reopen,
    ] {
        *field = s;
    }
    v.notice = s.into();
    v.dnt_detected = Some(s);
    v.gpc_detected = Some(s);
    v.status = Some(s.into());
    v.withdraw = Some(s);
    v.languages = vec![(s, s), ("da", s)];
    v.service_labels = [s; 4];
    let cookies: &'static [String] = Box::leak(vec![s.to_owned(), s.to_owned()].into_boxed_slice());
    for cat in &mut v.categories {
        cat.id = s;
        cat.title = s.into();
        cat.description = s.into();
        cat.services = vec![ServiceView {
            name: s,
            provider: Some(s),
            purpose: Some(s),
            retention: Some(s),
            privacy: Some((s, s.into())),
            cookies,
        }];
    }
    v
}

fn all(v: &View) -> String {
    let (main, reopen) = render(v);
    main + &reopen
}

#[test]
fn markup_characters_become_references() {
    assert_eq!(esc(XSS), "&lt;img src=x onerror=alert(1)&gt;");
    assert_eq!(
        esc("\" onmouseover=\"x"),
        "&quot; onmouseover=&quot;x",
        "a double quote cannot end an attribute"
    );
    assert_eq!(esc("' autofocus='"), "&#39; autofocus=&#39;");
    assert_eq!(
        esc("&amp;"),
        "&amp;amp;",
        "an entity in a text stays literal"
    );
    assert_eq!(
        esc("a\r\nb"),
        "a&#13;\nb",
        "a carriage return survives the parser"
    );
}

#[test]
fn plain_and_non_ascii_text_is_unchanged() {
    assert_eq!(esc(""), "");
    assert_eq!(esc("Tillad alle"), "Tillad alle");
    assert_eq!(esc("Ελληνικά — قبول الكل ✓"), "Ελληνικά — قبول الكل ✓");
    assert_eq!(esc("ø<ø>ø"), "ø&lt;ø&gt;ø");
}

#[test]
fn no_foreign_string_can_add_markup_anywhere() {
    for mode in [Mode::Banner, Mode::Dialog, Mode::Closed] {
        for s in [
            XSS,
            "\"><img src=x onerror=alert(1)>",
            "' onfocus='alert(1)",
        ] {
            let out = all(&hostile(mode, s));
            assert!(!out.contains("<img"), "{mode:?}: {out}");
            assert!(!out.contains('\''), "{mode:?}: {out}");
            // With each escaped copy taken out, nothing of the string is left: it all went in as text.
            let rest = out.replace(&esc(s), "");
            assert!(
                !rest.contains("onerror") && !rest.contains("onfocus"),
                "{mode:?}: {rest}"
            );
            assert!(out.contains(&esc(s)), "{mode:?}: {out}");
        }
    }
}

#[test]
fn the_policy_url_is_an_escaped_href() {
    let mut v = view(Mode::Banner);
    v.policy_url = "/p?a=1&b=\"2\"";
    let (main, _) = render(&v);
    assert!(main.contains("<a class=\"policy\" href=\"/p?a=1&amp;b=&quot;2&quot;\">"));
}

#[test]
fn no_inline_styles_or_handlers_are_written() {
    let mut v = view(Mode::Dialog);
    v.withdraw = Some("Withdraw");
    v.status = Some("Given today".into());
    for mode in [Mode::Banner, Mode::Dialog, Mode::Closed] {
        v.mode = mode;
        let out = all(&v);
        assert!(!out.contains("style="), "{out}");
        let handler = out.match_indices(" on").any(|(i, _)| {
            let name = out[i + 3..]
                .split(|c: char| !c.is_ascii_alphabetic())
                .next();
            out[i + 3 + name.map_or(0, str::len)..].starts_with('=')
        });
        assert!(!handler, "{out}");
        assert!(!out.contains("<script"), "{out}");
    }
}

#[test]
fn the_banner_has_its_region_choices_and_dnt_line() {
    let mut v = view(Mode::Banner);
    v.gpc_detected = Some("GPC seen");
    let (main, reopen) = render(&v);
    assert!(main.starts_with("<div class=\"root\" lang=\"en\" dir=\"ltr\"><section class=\"banner\" role=\"region\" aria-label=\"Cookies\" tabindex=\"-1\">"));
    assert!(main.contains("<h2 class=\"title\" id=\"samtykke-title\">Cookies</h2>"));
    // The notice and its signal lines scroll in one group the keyboard reaches, named by the title;
    // the buttons come after it, outside.
    assert!(main.contains("</h2><div class=\"text\" role=\"group\" aria-labelledby=\"samtykke-title\" tabindex=\"0\"><p class=\"notice\">We use cookies. <a class=\"policy\" href=\"/privacy\">Privacy policy</a></p>"));
    assert!(main.contains("<p class=\"dnt\">Do Not Track is not honoured.</p>"));
    assert!(main.contains("<p class=\"dnt gpc-signal\">GPC seen</p></div><div class=\"actions\">"));
    assert!(!main.contains("dnt-signal"));
    let reject = main.find("data-action=\"reject-all\"").unwrap();
    let accept = main.find("data-action=\"accept-all\"").unwrap();
    assert!(reject < accept, "reject comes first, with the same class");
    assert_eq!(
        main.matches("<button class=\"choice\" type=\"button\"")
            .count(),
        2
    );
    assert!(main.contains("<button class=\"secondary\" type=\"button\" data-action=\"preferences\">Preferences</button>"));
    assert!(!main.contains("<select"), "one language: no switcher");
    assert_eq!(reopen, "<div class=\"root\" lang=\"en\" dir=\"ltr\"></div>");
    assert_eq!(main.matches("<div").count(), main.matches("</div>").count());
}

#[test]
fn the_language_switcher_marks_the_shown_language_only() {
    let mut v = view(Mode::Banner);
    v.lang = "ar";
    v.rtl = true;
    v.languages = vec![("en", "English"), ("ar", "العربية")];
    let (main, _) = render(&v);
    assert!(main.starts_with("<div class=\"root\" lang=\"ar\" dir=\"rtl\">"));
    assert!(main.contains("<label class=\"language\"><span>Language</span><select data-action=\"language\"><option value=\"en\" lang=\"en\">English</option><option value=\"ar\" lang=\"ar\" selected=\"\">العربية</option></select></label>"));
}

#[test]
fn the_dialog_ticks_only_what_is_granted_or_required() {
    let (main, _) = render(&view(Mode::Dialog));
    assert!(main.contains("<div class=\"dialog\" role=\"dialog\" aria-modal=\"true\" aria-labelledby=\"samtykke-dialog-title\" tabindex=\"-1\">"));
    assert!(main.contains("<h2 class=\"title\" id=\"samtykke-dialog-title\">Your choices</h2><button class=\"close\" type=\"button\" data-action=\"close\" aria-label=\"Close\">×</button>"));
    assert!(main.contains("<input type=\"checkbox\" id=\"samtykke-cat-necessary\" data-category=\"necessary\" aria-describedby=\"samtykke-cat-necessary-desc\" checked=\"\" disabled=\"\"><label for=\"samtykke-cat-necessary\">Title necessary</label><span class=\"always\">Always on</span>"));
    assert!(main.contains("<input type=\"checkbox\" id=\"samtykke-cat-analytics\" data-category=\"analytics\" aria-describedby=\"samtykke-cat-analytics-desc\"><label"));
    assert!(main.contains("aria-describedby=\"samtykke-cat-marketing-desc\" checked=\"\"><label"));
    assert!(main.contains(
        "<p class=\"description\" id=\"samtykke-cat-analytics-desc\">About analytics</p>"
    ));
    assert_eq!(main.matches(" checked=\"\"").count(), 2);
    assert_eq!(main.matches(" disabled=\"\"").count(), 1);
    assert!(!main.contains("data-action=\"withdraw\"") && !main.contains("class=\"status\""));
    assert_eq!(main.matches("<div").count(), main.matches("</div>").count());
}

#[test]
fn a_stored_choice_adds_status_and_withdraw_and_closed_shows_only_reopen() {
    let mut v = view(Mode::Dialog);
    v.status = Some("Given 1 June".into());
    v.withdraw = Some("Withdraw");
    let (main, _) = render(&v);
    assert!(main.contains("<p class=\"status\">Given 1 June</p><div class=\"actions\">"));
    assert!(main.ends_with("<button class=\"secondary withdraw\" type=\"button\" data-action=\"withdraw\">Withdraw</button></div></div></div>"));
    v.mode = Mode::Closed;
    let (main, reopen) = render(&v);
    assert_eq!(main, "<div class=\"root\" lang=\"en\" dir=\"ltr\"></div>");
    assert_eq!(reopen, "<div class=\"root\" lang=\"en\" dir=\"ltr\"><button class=\"reopen\" type=\"button\" data-action=\"reopen\" aria-haspopup=\"dialog\">Cookie settings</button></div>");
}

#[test]
fn a_placeholder_is_a_group_named_by_the_iframe_title_or_its_sentence() {
    let mut v = EmbedView {
        lang: "he",
        rtl: true,
        label: Some("Map \"of\" <town>"),
        notice: "Loads from <maps.example> & sets cookies.",
        allow: "Allow Marketing",
        settings: "Cookie settings",
    };
    assert_eq!(
        embed(&v),
        "<div class=\"root embed\" lang=\"he\" dir=\"rtl\" role=\"group\" aria-label=\"Map &quot;of&quot; &lt;town&gt;\">\
         <div class=\"inner\"><p id=\"samtykke-embed-notice\">Loads from &lt;maps.example&gt; &amp; sets cookies.</p>\
         <button class=\"choice\" type=\"button\" data-action=\"embed-allow\">Allow Marketing</button>\
         <button class=\"link\" type=\"button\" data-action=\"embed-settings\" aria-haspopup=\"dialog\">Cookie settings</button></div></div>"
    );
    v.label = None;
    v.notice = XSS;
    let out = embed(&v);
    assert!(out.starts_with("<div class=\"root embed\" lang=\"he\" dir=\"rtl\" role=\"group\" aria-labelledby=\"samtykke-embed-notice\"><div class=\"inner\">"));
    assert!(!out.contains("<img") && out.contains(&esc(XSS)));
}

#[test]
fn the_dialog_says_why_gpc_keeps_sale_or_sharing_off() {
    let mut v = view(Mode::Dialog);
    let (without, _) = render(&v);
    assert!(!without.contains("gpc-signal"), "{without}");
    v.gpc_detected = Some("GPC seen");
    let (main, _) = render(&v);
    let line = main
        .find("<p class=\"gpc-signal\">GPC seen</p>")
        .expect("the GPC line in the dialog");
    assert!(
        line < main.find("<ul class=\"categories\">").unwrap(),
        "above the categories it explains"
    );
}

#[test]
fn a_category_lists_its_services_with_their_details_and_a_safe_link() {
    let mut v = view(Mode::Dialog);
    let cookies: &'static [String] =
        Box::leak(vec!["ph_*".to_owned(), "ph_session".to_owned()].into_boxed_slice());
    v.categories[1].services = vec![
        ServiceView {
            name: "PostHog",
            provider: Some("PostHog Inc."),
            purpose: Some("Product analytics"),
            retention: Some("1 year"),
            privacy: Some((
                "https://posthog.com/privacy",
                "Privacy policy of PostHog".into(),
            )),
            cookies,
        },
        ServiceView {
            name: "Bare",
            provider: None,
            purpose: None,
            retention: None,
            privacy: None,
            cookies: &[],
        },
    ];
    let (main, _) = render(&v);
    let start = main
        .find("<ul class=\"services\">")
        .expect("a list of services");
    let end = start + main[start..].find("</ul>").unwrap() + 5;
    assert_eq!(
        &main[start..end],
        "<ul class=\"services\"><li class=\"service\"><span class=\"service-name\">PostHog</span><dl>\
         <div><dt>Provider</dt><dd>PostHog Inc.</dd></div><div><dt>Purpose</dt><dd>Product analytics</dd></div>\
         <div><dt>Kept for</dt><dd>1 year</dd></div><div><dt>Cookies</dt><dd>ph_*, ph_session</dd></div></dl>\
         <a href=\"https://posthog.com/privacy\" target=\"_blank\" rel=\"noopener noreferrer\">Privacy policy of PostHog</a></li>\
         <li class=\"service\"><span class=\"service-name\">Bare</span></li></ul>"
    );
    let category = main
        .find("data-category=\"analytics\"")
        .or_else(|| main.find("samtykke-cat-"))
        .unwrap();
    assert!(category < start, "under its category");
}
