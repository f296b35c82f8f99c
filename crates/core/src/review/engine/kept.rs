//! The reviews the engine built, under the keys the page chose, so the page can ask for
//! a plan, a proof or a diff without sending a review back. The page says when it no
//! longer needs one (`forget`): only it knows which are still shown, proven or compared
//! with, so the engine never drops one by itself.

use std::collections::BTreeMap;

use crate::proof::Plan;
use crate::prove;
use crate::review::Review;

#[derive(Default)]
pub(super) struct Kept {
    reviews: BTreeMap<u32, Entry>,
}

struct Entry {
    review: Review,
    /// Its proof plan, once asked for: the proof applies the same plan it ran.
    plan: Option<Plan>,
}

impl Kept {
    pub(super) fn keep(&mut self, key: u32, review: Review) {
        self.reviews.insert(key, Entry { review, plan: None });
    }

    pub(super) fn forget(&mut self, key: u32) {
        self.reviews.remove(&key);
    }

    pub(super) fn get(&self, key: u32) -> Result<&Review, String> {
        self.entry(key).map(|e| &e.review)
    }

    /// The review under `key` and its proof plan, made the first time it is asked for.
    pub(super) fn planned(&mut self, key: u32) -> Result<(&Review, &Plan), String> {
        let entry = self.reviews.get_mut(&key).ok_or_else(|| missing(key))?;
        let plan = entry
            .plan
            .get_or_insert_with(|| prove::plan::plan(&entry.review));
        Ok((&entry.review, plan))
    }

    fn entry(&self, key: u32) -> Result<&Entry, String> {
        self.reviews.get(&key).ok_or_else(|| missing(key))
    }
}

fn missing(key: u32) -> String {
    format!("the engine no longer holds review {key}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::Inputs;

    #[test]
    fn a_review_is_kept_until_forgotten_and_a_missing_one_is_named() {
        let review = Inputs::demo().review();
        let mut kept = Kept::default();
        for key in 1..=6 {
            kept.keep(key, review.clone());
        }
        assert!(
            kept.get(1).is_ok_and(|r| *r == review),
            "never dropped by itself"
        );
        kept.forget(1);
        assert_eq!(
            kept.get(1).err().as_deref(),
            Some("the engine no longer holds review 1")
        );
        assert!(kept.planned(1).is_err());
        assert!(kept.get(6).is_ok_and(|r| *r == review));
    }

    #[test]
    fn the_plan_is_made_once_and_is_the_reviews_plan() {
        let review = Inputs::demo().review();
        let mut kept = Kept::default();
        kept.keep(7, review.clone());
        let first = kept.planned(7).map(|(_, plan)| plan.clone()).unwrap();
        assert_eq!(first, prove::plan::plan(&review));
        assert!(!first.probes.is_empty());
        let (kept_review, again) = kept.planned(7).unwrap();
        assert_eq!(*again, first);
        assert_eq!(*kept_review, review);
    }
}
