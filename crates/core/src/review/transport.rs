//! A review (and the inputs it is built from, and what else the engine worker answers)
//! as UTF-8 JSON bytes, for the Web Worker that builds it off the page's thread: the
//! page encodes the inputs, the worker decodes them and encodes its answers. Lossless:
//! decoding an encoded review gives an equal one. Bytes rather than strings: they cross
//! between the worker and the page as transferred buffers, with no UTF-16 copy of tens
//! of megabytes on either side.

use serde::de::DeserializeOwned;

use super::Review;
use crate::inputs::Inputs;

pub fn encode(review: &Review) -> Vec<u8> {
    to_bytes(review)
}

/// The review, or what in the bytes is wrong and where (line and column).
pub fn decode(bytes: &[u8]) -> Result<Review, String> {
    from_bytes(bytes, "review")
}

pub fn encode_inputs(inputs: &Inputs) -> Vec<u8> {
    to_bytes(inputs)
}

pub fn decode_inputs(bytes: &[u8]) -> Result<Inputs, String> {
    from_bytes(bytes, "inputs")
}

pub fn to_bytes(value: &impl serde::Serialize) -> Vec<u8> {
    // Serializing these types cannot fail: every map key is a string and every value
    // serde_json can write; the fallback only keeps a panic out of the core.
    serde_json::to_vec(value).unwrap_or_default()
}

/// `what` names the value in the message when the bytes do not read back.
pub fn from_bytes<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, String> {
    serde_json::from_slice(bytes)
        .map_err(|e| format!("the {what} sent to or from the worker does not read back: {e}"))
}
