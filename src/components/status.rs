//! How a gate status reads on screen: an icon and words, so colour is never the only
//! signal.

use secondlook_review::gate::Status;

/// The icon (decorative) and the words for a status.
pub fn icon_and_words(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Pass => ("✓", "pass"),
        Status::Fail => ("✕", "fail"),
        Status::NotVerified => ("?", "not verified"),
        Status::NotReported => ("–", "not reported"),
    }
}
