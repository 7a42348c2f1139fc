//! Mode and focus after start, open, close, save, withdraw, another tab's change and a language
//! switch.

use samtykke_core::transition::{next, Focus, Mode, Step};

const ALL: [Mode; 3] = [Mode::Banner, Mode::Dialog, Mode::Closed];

#[test]
fn a_first_visit_opens_the_banner_with_focus_and_a_return_visit_draws_only_the_reopen_control() {
    for shown in ALL {
        assert_eq!(
            next(shown, Step::Start { record: false }),
            (Mode::Banner, Focus::Into)
        );
        assert_eq!(
            next(shown, Step::Start { record: true }),
            (Mode::Closed, Focus::Keep)
        );
    }
}

#[test]
fn opening_the_preferences_takes_focus_into_the_dialog() {
    for shown in ALL {
        assert_eq!(next(shown, Step::Open), (Mode::Dialog, Focus::Into));
    }
}

#[test]
fn closing_without_a_choice_goes_back_to_the_banner() {
    let close = |record, opener| next(Mode::Dialog, Step::Close { record, opener });
    assert_eq!(close(false, false), (Mode::Banner, Focus::Preferences));
    assert_eq!(close(false, true), (Mode::Banner, Focus::Return));
    assert_eq!(close(true, false), (Mode::Closed, Focus::Return));
    assert_eq!(close(true, true), (Mode::Closed, Focus::Return));
}

#[test]
fn a_choice_closes_and_returns_focus_and_a_withdrawal_asks_again() {
    for shown in ALL {
        assert_eq!(next(shown, Step::Chose), (Mode::Closed, Focus::Return));
        assert_eq!(next(shown, Step::Withdrew), (Mode::Banner, Focus::Into));
    }
}

#[test]
fn another_tabs_change_leaves_an_open_dialog_open_and_focus_where_it_is() {
    for record in [false, true] {
        assert_eq!(
            next(Mode::Dialog, Step::Elsewhere { record }),
            (Mode::Dialog, Focus::Keep)
        );
    }
    for shown in [Mode::Banner, Mode::Closed] {
        assert_eq!(
            next(shown, Step::Elsewhere { record: true }),
            (Mode::Closed, Focus::Keep)
        );
        assert_eq!(
            next(shown, Step::Elsewhere { record: false }),
            (Mode::Banner, Focus::Keep)
        );
    }
}

#[test]
fn a_language_switch_redraws_what_is_shown() {
    for shown in ALL {
        assert_eq!(next(shown, Step::Language), (shown, Focus::Keep));
    }
}
