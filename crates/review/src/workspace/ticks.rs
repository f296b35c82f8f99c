//! The checklist ticks a reviewer keeps in the browser, per set of inputs
//! (`kept_key`): which item ids are ticked, their stored form, and the progress count.
//! The ids come from the report reader (`report::checklists`), stable across reloads.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::report::{Checklist, ChecklistItem};

const FORMAT: &str = "secondlook-ticks/v1";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ticks {
    pub ticked: BTreeSet<String>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    format: String,
    ticked: Vec<String>,
}

impl Ticks {
    /// What the report itself ticks (`- [x]`): the state before the reviewer's first tick.
    pub fn from_report(checklists: &[Checklist]) -> Ticks {
        Ticks {
            ticked: items(checklists)
                .filter(|i| i.checked)
                .map(|i| i.id.clone())
                .collect(),
        }
    }

    pub fn is_ticked(&self, id: &str) -> bool {
        self.ticked.contains(id)
    }

    pub fn set(&mut self, id: &str, ticked: bool) {
        if ticked {
            self.ticked.insert(id.to_string());
        } else {
            self.ticked.remove(id);
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::json!({ "format": FORMAT, "ticked": self.ticked }).to_string()
    }

    /// Reads what [`Ticks::to_json`] wrote; anything else is an error saying what is
    /// wrong, for a warning on the page.
    pub fn from_json(text: &str) -> Result<Ticks, String> {
        let stored: Stored = serde_json::from_str(text)
            .map_err(|e| format!("the kept ticks are not readable ({e})"))?;
        if stored.format != FORMAT {
            return Err(format!(
                "the kept ticks are in format {:?}, not {FORMAT}",
                stored.format
            ));
        }
        Ok(Ticks {
            ticked: stored.ticked.into_iter().collect(),
        })
    }

    /// How many of the checklists' items are ticked, and how many there are (nested
    /// items count; stored ids no item has any more do not).
    pub fn progress(&self, checklists: &[Checklist]) -> (usize, usize) {
        items(checklists).fold((0, 0), |(ticked, total), item| {
            (ticked + usize::from(self.is_ticked(&item.id)), total + 1)
        })
    }
}

/// Every item at every depth, in reading order.
pub fn items(checklists: &[Checklist]) -> impl Iterator<Item = &ChecklistItem> {
    fn walk<'a>(items: &'a [ChecklistItem], out: &mut Vec<&'a ChecklistItem>) {
        for item in items {
            out.push(item);
            walk(&item.children, out);
        }
    }
    let mut out = Vec::new();
    for list in checklists {
        walk(&list.items, &mut out);
    }
    out.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_round_trip_through_storage() {
        let mut ticks = Ticks::default();
        ticks.set("abc", true);
        ticks.set("def", true);
        ticks.set("abc", false);
        assert_eq!(Ticks::from_json(&ticks.to_json()).unwrap(), ticks);
        assert!(ticks.is_ticked("def") && !ticks.is_ticked("abc"));
    }

    #[test]
    fn corrupted_or_foreign_data_is_an_error() {
        assert!(
            Ticks::from_json("{not json")
                .unwrap_err()
                .contains("not readable")
        );
        let other = r#"{"format":"x/v9","ticked":[]}"#;
        assert!(Ticks::from_json(other).unwrap_err().contains("x/v9"));
        assert!(Ticks::from_json(r#"{"format":"secondlook-ticks/v1","ticked":[1]}"#).is_err());
    }
}
