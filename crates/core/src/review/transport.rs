//! A review (and the inputs it is built from, and what else the engine worker answers)
//! as UTF-8 JSON bytes, for the Web Worker that builds it off the page's thread: the
//! page encodes the inputs, the worker decodes them and encodes its answers. Lossless:
//! decoding an encoded review gives an equal one. Bytes rather than strings: they cross
//! between the worker and the page as transferred buffers, with no UTF-16 copy of tens
//! of megabytes on either side.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::Review;
use crate::inputs::Inputs;

pub fn encode(review: &Review) -> Vec<u8> {
    to_bytes(review)
}

/// The review, or what in the bytes is wrong and where (line and column).
pub fn decode(bytes: &[u8]) -> Result<Review, String> {
    from_bytes(bytes, "review")
}

/// A review on its way to the page that holds `inputs`, without the text of any SQL file
/// that is one of them: the page has those already, and they are most of a large
/// review. `review` is as it was when this returns.
pub fn encode_without_inputs(review: &mut Review, inputs: &Inputs) -> Vec<u8> {
    let mut taken = Vec::new();
    for (file, sql) in review.sql_files.iter_mut().enumerate() {
        let Ok(text) = &mut sql.text else { continue };
        if let Some(input) = inputs.sql.iter().position(|named| named.text == *text) {
            taken.push((file, input, std::mem::take(text)));
        }
    }
    let bytes = to_bytes(&WithoutInputs {
        from_inputs: taken
            .iter()
            .map(|(file, input, _)| (*file, *input))
            .collect(),
        review: &*review,
    });
    for (file, _, text) in taken {
        if let Some(sql) = review.sql_files.get_mut(file) {
            sql.text = Ok(text);
        }
    }
    bytes
}

/// The review [`encode_without_inputs`] wrote, with its SQL texts from `inputs` again.
pub fn decode_with_inputs(bytes: &[u8], inputs: &Inputs) -> Result<Review, String> {
    let WithoutInputs {
        from_inputs,
        mut review,
    } = from_bytes::<WithoutInputs<Review>>(bytes, "review")?;
    for (file, input) in from_inputs {
        let (Some(sql), Some(named)) = (review.sql_files.get_mut(file), inputs.sql.get(input))
        else {
            return Err(format!(
                "the review sent from the worker names SQL file {file} as input {input}, which are not there"
            ));
        };
        sql.text = Ok(named.text.clone());
    }
    Ok(review)
}

/// `from_inputs`: (index in `review.sql_files`, index in the inputs' SQL files) of each
/// text left out.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WithoutInputs<R> {
    from_inputs: Vec<(usize, usize)>,
    review: R,
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
