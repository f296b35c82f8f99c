//! A review (and the inputs it is built from, and what else the engine worker answers)
//! as UTF-8 JSON bytes, for the Web Worker that builds it off the page's thread: the
//! page encodes the inputs, the worker decodes them and encodes its answers. Lossless:
//! decoding an encoded review gives an equal one. Bytes rather than strings: they cross
//! between the worker and the page as transferred buffers, with no UTF-16 copy of tens
//! of megabytes on either side.

use std::collections::HashMap;

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
/// review. Written in parts, one JSON document per line (compact JSON has no newline),
/// so the page can read them in separate tasks ([`Reading`]): the review without its
/// run, SQL re-check and report document, then each of those. `review` is as it was
/// when this returns.
pub fn encode_without_inputs(review: &mut Review, inputs: &Inputs) -> Vec<u8> {
    // The first input of each text, looked up rather than searched: a review may hold
    // thousands of files.
    let mut by_text: HashMap<&str, usize> = HashMap::new();
    for (input, named) in inputs.sql.iter().enumerate() {
        by_text.entry(named.text.as_str()).or_insert(input);
    }
    let mut taken = Vec::new();
    for (file, sql) in review.sql_files.iter_mut().enumerate() {
        let Ok(text) = &mut sql.text else { continue };
        if let Some(&input) = by_text.get(text.as_str()) {
            taken.push((file, input, std::mem::take(text)));
        }
    }
    let (run, sql) = (review.run.take(), review.sql.take());
    let document = review
        .report
        .as_mut()
        .map(|r| std::mem::take(&mut r.document));
    let mut bytes = to_bytes(&WithoutInputs {
        from_inputs: taken
            .iter()
            .map(|(file, input, _)| (*file, *input))
            .collect(),
        review: &*review,
    });
    // Each part is written straight after the last: a part of its own beside the whole
    // would hold a large review's bytes twice.
    append(&mut bytes, &run);
    append(&mut bytes, &sql);
    append(&mut bytes, &document);
    // Up to half of a grown buffer is spare; the page holds these bytes beside the review
    // it reads from them.
    bytes.shrink_to_fit();
    (review.run, review.sql) = (run, sql);
    if let (Some(report), Some(document)) = (review.report.as_mut(), document) {
        report.document = document;
    }
    for (file, _, text) in taken {
        if let Some(sql) = review.sql_files.get_mut(file) {
            sql.text = Ok(text);
        }
    }
    bytes
}

/// The review [`encode_without_inputs`] wrote, with its SQL texts from `inputs` again.
pub fn decode_with_inputs(bytes: &[u8], inputs: &Inputs) -> Result<Review, String> {
    let mut reading = Reading::new(bytes, inputs)?;
    loop {
        if let Some(review) = reading.step()? {
            return Ok(review);
        }
    }
}

/// Reads what [`encode_without_inputs`] wrote a part at a time, so that the page can
/// let the browser draw between the parts of a large review.
pub struct Reading<'a> {
    parts: [&'a [u8]; 4],
    inputs: &'a Inputs,
    run: Option<Option<Result<crate::run::Run, crate::run::RunError>>>,
    sql: Option<Option<super::ReviewedSql>>,
    document: Option<Option<crate::report::Document>>,
}

impl<'a> Reading<'a> {
    pub fn new(bytes: &'a [u8], inputs: &'a Inputs) -> Result<Self, String> {
        let mut lines = bytes.splitn(4, |b| *b == b'\n');
        let mut part = || {
            lines
                .next()
                .ok_or("the review sent from the worker is not in its four parts")
        };
        Ok(Reading {
            parts: [part()?, part()?, part()?, part()?],
            inputs,
            run: None,
            sql: None,
            document: None,
        })
    }

    /// Reads the next part; once the last is read, the review.
    pub fn step(&mut self) -> Result<Option<Review>, String> {
        let [rest, run, sql, document] = self.parts;
        if self.run.is_none() {
            self.run = Some(from_bytes(run, "review's run")?);
            return Ok(None);
        }
        if self.sql.is_none() {
            self.sql = Some(from_bytes(sql, "review's SQL re-check")?);
            return Ok(None);
        }
        if self.document.is_none() {
            self.document = Some(from_bytes(document, "review's report document")?);
            return Ok(None);
        }
        let WithoutInputs {
            from_inputs,
            mut review,
        } = from_bytes::<WithoutInputs<Review>>(rest, "review")?;
        for (file, input) in from_inputs {
            let (Some(sql), Some(named)) =
                (review.sql_files.get_mut(file), self.inputs.sql.get(input))
            else {
                return Err(format!(
                    "the review sent from the worker names SQL file {file} as input {input}, which are not there"
                ));
            };
            sql.text = Ok(named.text.clone());
        }
        review.run = self.run.take().flatten();
        review.sql = self.sql.take().flatten();
        if let (Some(report), Some(document)) =
            (review.report.as_mut(), self.document.take().flatten())
        {
            report.document = document;
        }
        Ok(Some(review))
    }
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

/// A newline, then `value` as JSON (nothing more if it cannot be written; see
/// [`to_bytes`]).
fn append(bytes: &mut Vec<u8>, value: &impl serde::Serialize) {
    bytes.push(b'\n');
    let _ = serde_json::to_writer(&mut *bytes, value);
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
