//! A review (and the inputs it is built from) as text, for the Web Worker that builds
//! it off the page's thread: the worker encodes, the page decodes. Lossless: decoding
//! an encoded review gives an equal one.

use serde::de::DeserializeOwned;

use super::Review;
use crate::inputs::Inputs;

pub fn encode(review: &Review) -> String {
    to_text(review)
}

/// The review, or what in the text is wrong and where (line and column).
pub fn decode(text: &str) -> Result<Review, String> {
    from_text(text, "review")
}

pub fn encode_inputs(inputs: &Inputs) -> String {
    to_text(inputs)
}

pub fn decode_inputs(text: &str) -> Result<Inputs, String> {
    from_text(text, "inputs")
}

fn to_text(value: &impl serde::Serialize) -> String {
    // Serializing these types cannot fail: every map key is a string and every value
    // serde_json can write; the fallback only keeps a panic out of the core.
    serde_json::to_string(value).unwrap_or_default()
}

fn from_text<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, String> {
    serde_json::from_str(text)
        .map_err(|e| format!("the {what} sent from the worker does not read back: {e}"))
}
