//! What a reviewer has typed towards a sign-off and not yet exported: their name and a
//! reason per blocker. Kept in the browser per set of inputs, as the ticks are
//! (`kept_key`), so that a reload, Back or a pane switch loses none of it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

const FORMAT: &str = "secondlook-signoff-draft/v1";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The signer's name as typed.
    pub who: String,
    /// The reason typed for each blocker, by its gate key (`Blocker::gate`).
    pub reasons: BTreeMap<String, String>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    format: String,
    #[serde(flatten)]
    draft: Draft,
}

impl Draft {
    /// The reason typed for `gate`, or none yet.
    pub fn reason(&self, gate: &str) -> &str {
        self.reasons.get(gate).map_or("", String::as_str)
    }

    /// Sets the reason for `gate`; an emptied reason is forgotten.
    pub fn set_reason(&mut self, gate: &str, reason: String) {
        if reason.is_empty() {
            self.reasons.remove(gate);
        } else {
            self.reasons.insert(gate.to_string(), reason);
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&Stored {
            format: FORMAT.to_string(),
            draft: self.clone(),
        })
        .unwrap_or_default()
    }

    /// Reads what [`Draft::to_json`] wrote; anything else is an error saying what is
    /// wrong, for a warning on the page.
    pub fn from_json(text: &str) -> Result<Draft, String> {
        let stored: Stored = serde_json::from_str(text)
            .map_err(|e| format!("the kept sign-off draft is not readable ({e})"))?;
        if stored.format != FORMAT {
            return Err(format!(
                "the kept sign-off draft is in format {:?}, not {FORMAT}",
                stored.format
            ));
        }
        Ok(stored.draft)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_round_trips_through_storage() {
        let mut draft = Draft {
            who: "Ada Reviewer".into(),
            ..Draft::default()
        };
        draft.set_reason("money-type:users.points_balance", "ticket MONEY-13".into());
        draft.set_reason("expected-index:payments", "kept".into());
        draft.set_reason("expected-index:payments", String::new());
        let read = Draft::from_json(&draft.to_json()).unwrap();
        assert_eq!(read, draft);
        assert_eq!(
            read.reason("money-type:users.points_balance"),
            "ticket MONEY-13"
        );
        assert_eq!(read.reason("expected-index:payments"), "");
    }

    #[test]
    fn corrupted_or_foreign_data_is_an_error() {
        assert!(
            Draft::from_json("{not json")
                .unwrap_err()
                .contains("not readable")
        );
        let ticks = r#"{"format":"secondlook-ticks/v1","ticked":[]}"#;
        assert!(Draft::from_json(ticks).is_err());
        let other = r#"{"format":"secondlook-signoff-draft/v0","who":"a","reasons":{}}"#;
        assert!(Draft::from_json(other).unwrap_err().contains("format"));
    }
}
