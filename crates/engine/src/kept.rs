//! The reviews the engine built, under the keys the page chose, so the page can ask for
//! a plan, a proof or a diff without sending a review back. A few at most: the shown
//! one, its proven copy, a base to compare with, and the one being replaced.

use std::collections::BTreeMap;

use secondlook_core::review::Review;

const KEPT: usize = 4;

#[derive(Default)]
pub struct Kept {
    reviews: BTreeMap<u32, Review>,
}

impl Kept {
    /// Keeps `review` under `key`; beyond [`KEPT`] the lowest key (the page hands them
    /// out in order, so the oldest) goes.
    pub fn keep(&mut self, key: u32, review: Review) {
        self.reviews.insert(key, review);
        while self.reviews.len() > KEPT {
            self.reviews.pop_first();
        }
    }

    pub fn get(&self, key: u32) -> Result<&Review, String> {
        self.reviews
            .get(&key)
            .ok_or_else(|| format!("the engine no longer holds review {key}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secondlook_core::inputs::Inputs;

    #[test]
    fn the_oldest_goes_beyond_four_and_a_missing_one_is_named() {
        let review = Inputs::demo().review();
        let mut kept = Kept::default();
        for key in 1..=5 {
            kept.keep(key, review.clone());
        }
        assert_eq!(
            kept.get(1).err().as_deref(),
            Some("the engine no longer holds review 1")
        );
        for key in 2..=5 {
            assert!(kept.get(key).is_ok_and(|r| *r == review), "{key}");
        }
        assert!(kept.get(9).is_err());
    }
}
