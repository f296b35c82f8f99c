//! The review travels from the Web Worker to the page as text: for every input the
//! repository has, decoding the encoded review gives the same review, and encoding is
//! stable.

use std::path::{Path, PathBuf};

use secondlook_core::examples::Input;
use secondlook_core::inputs::{Inputs, Named};
use secondlook_core::registry::examples;
use secondlook_core::review::transport::{
    Reading, decode, decode_inputs, decode_with_inputs, encode, encode_inputs,
    encode_without_inputs,
};
use secondlook_core::sql::expr_text::{self, ExprText};
use secondlook_core::sql::model::ConstraintKind;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// Every file under `dir` (recursively) whose name ends with `ext`, sorted.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path, ext));
        } else if path.to_string_lossy().ends_with(ext) {
            found.push(path);
        }
    }
    found.sort();
    assert!(!found.is_empty(), "no {ext} files in {}", dir.display());
    found
}

fn named(path: &Path) -> Named {
    Named {
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        text: std::fs::read_to_string(path).unwrap(),
    }
}

/// The demo, then the demo with each fixture report, run and corpus migration in place
/// of the seed's own, and every gate's example that changes the seed's SQL or run.
fn all_inputs() -> Vec<(String, Inputs)> {
    let mut all = vec![("demo".to_string(), Inputs::demo())];
    for path in files(&repo("fixtures/reports"), ".md") {
        let mut inputs = Inputs::demo();
        inputs.report = Some(named(&path));
        all.push((path.display().to_string(), inputs));
    }
    for path in files(&repo("fixtures/runs"), ".json") {
        let mut inputs = Inputs::demo();
        inputs.run = Some(named(&path));
        all.push((path.display().to_string(), inputs));
    }
    // SQL alone is a few words, which the review quotes back in its messages.
    let seed_changes = examples().filter(|(_, e)| !matches!(e.input, Input::Sql(_)));
    for (gate, example) in seed_changes {
        let inputs = Inputs::example(example).unwrap();
        all.push((format!("{}/{}", gate.id, example.name), inputs));
    }
    for path in files(&repo("fixtures/corpus/sql"), ".sql") {
        let mut inputs = Inputs::demo();
        inputs.sql[0].text = std::fs::read_to_string(&path).unwrap();
        all.push((path.display().to_string(), inputs));
    }
    all
}

#[test]
fn every_review_reads_back_equal_and_encodes_the_same_again() {
    let all = all_inputs();
    assert!(all.len() > 40, "{} inputs", all.len());
    let (mut checks, mut predicates) = (0, 0);
    for (what, inputs) in all {
        let review = inputs.review();
        let text = encode(&review);
        let back = decode(&text).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(back == review, "{what}: the review read back differs");
        assert_eq!(encode(&back), text, "{what}");
        let schema = review.sql.as_ref().map(|sql| &sql.schema);
        let tables = schema.iter().flat_map(|s| s.tables.values());
        let kept_checks: Vec<&ExprText> = tables
            .flat_map(|t| &t.constraints)
            .filter_map(|c| match &c.kind {
                ConstraintKind::Check { expr } => Some(expr),
                _ => None,
            })
            .collect();
        let kept_predicates: Vec<&ExprText> = schema
            .iter()
            .flat_map(|s| &s.indexes)
            .filter_map(|i| i.predicate.as_ref())
            .collect();
        // The rules parse these texts back when they need the structure: each must
        // parse, to the expression that prints as the same text.
        for text in kept_checks.iter().chain(&kept_predicates) {
            let parsed = expr_text::parse(text).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(&expr_text::of(&parsed), *text, "{what}");
        }
        checks += kept_checks.len();
        predicates += kept_predicates.len();
    }
    // The expressions kept as SQL text were among what went through.
    assert!(
        checks > 10 && predicates > 3,
        "{checks} checks, {predicates} predicates"
    );
}

#[test]
fn a_review_sent_without_the_pages_sql_texts_reads_back_equal_with_them() {
    let mut sent = 0;
    for (what, inputs) in all_inputs() {
        let mut review = inputs.review();
        let before = review.clone();
        let bytes = encode_without_inputs(&mut review, &inputs);
        assert!(review == before, "{what}: the review is as it was");
        let back = decode_with_inputs(&bytes, &inputs).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(back == review, "{what}: the review read back differs");
        // The SQL the page sent is not in the answer; the review without it is smaller.
        let sql = &inputs.sql[0].text;
        if review.sql_files.iter().any(|f| f.text.as_ref() == Ok(sql)) {
            sent += 1;
            let text = String::from_utf8(bytes).unwrap();
            assert!(!text.contains(&encode_inputs_text(sql)), "{what}");
            assert!(text.len() < encode(&review).len(), "{what}");
        }
    }
    assert!(sent > 30, "{sent} reviews with the page's SQL");
}

#[test]
fn sql_the_run_carries_inline_is_sent_and_a_bad_input_index_is_an_error() {
    let mut inputs = Inputs::demo();
    let sql = inputs.sql.remove(0).text;
    let mut run: serde_json::Value =
        serde_json::from_str(&inputs.run.as_ref().unwrap().text).unwrap();
    run["schema"]["files"][0]["sql"] = sql.clone().into();
    run["schema"]["files"][0]
        .as_object_mut()
        .unwrap()
        .remove("href");
    inputs.run.as_mut().unwrap().text = run.to_string();
    let mut review = inputs.review();
    assert_eq!(review.sql_files[0].text.as_deref(), Ok(sql.as_str()));
    let bytes = encode_without_inputs(&mut review, &inputs);
    assert_eq!(decode_with_inputs(&bytes, &inputs), Ok(review));

    let demo = Inputs::demo();
    let bytes = encode_without_inputs(&mut demo.review(), &demo);
    let message = decode_with_inputs(&bytes, &Inputs::default()).unwrap_err();
    assert!(message.contains("names SQL file 0 as input 0"), "{message}");
}

#[test]
fn a_review_for_the_page_is_read_in_four_parts() {
    let inputs = Inputs::demo();
    let mut review = inputs.review();
    let bytes = encode_without_inputs(&mut review, &inputs);
    assert_eq!(bytes.iter().filter(|b| **b == b'\n').count(), 3);
    let mut reading = Reading::new(&bytes, &inputs).unwrap();
    assert_eq!(reading.step(), Ok(None), "the run");
    assert_eq!(reading.step(), Ok(None), "the re-check");
    assert_eq!(reading.step(), Ok(None), "the report's document");
    assert_eq!(reading.step(), Ok(Some(review)));

    let one_part = bytes.split(|b| *b == b'\n').next().unwrap();
    let message = Reading::new(one_part, &inputs).err().unwrap();
    assert!(message.contains("four parts"), "{message}");
}

/// `text` as it would appear inside a JSON string.
fn encode_inputs_text(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap();
    quoted[1..quoted.len() - 1].to_string()
}

#[test]
fn the_deepest_report_the_reader_keeps_reads_back() {
    let lists: String = (0..60)
        .map(|depth| format!("{}- item {depth}\n", "  ".repeat(depth)))
        .collect();
    let quotes = format!("{} deep\n", ">".repeat(60));
    let emphasis = format!("{}x{}", "*_".repeat(60), "_*".repeat(60));
    for body in [lists, quotes, emphasis] {
        let mut inputs = Inputs::demo();
        inputs.report = Some(Named {
            name: "deep.md".into(),
            text: format!("# Deep\n\n{body}"),
        });
        let review = inputs.review();
        assert_eq!(decode(&encode(&review)), Ok(review));
    }
}

#[test]
fn inputs_read_back_equal() {
    let inputs = Inputs::demo();
    assert_eq!(decode_inputs(&encode_inputs(&inputs)), Ok(inputs));
    assert_eq!(
        decode_inputs(&encode_inputs(&Inputs::default())),
        Ok(Inputs::default())
    );
}

#[test]
fn garbage_is_an_error_that_says_where() {
    let message = decode(b"{\"report\": nul").unwrap_err();
    assert!(message.contains("line 1 column"), "{message}");
    let message = decode(b"\"a review\"").unwrap_err();
    assert!(message.contains("expected struct Review"), "{message}");
    let message = decode_inputs(b"{\"report\": 3}").unwrap_err();
    assert!(message.contains("line 1 column"), "{message}");
}

#[test]
fn an_unknown_gate_id_is_an_error_naming_it() {
    let text = String::from_utf8(encode(&Inputs::demo().review())).unwrap();
    assert!(text.contains("\"id\":\"money-type\""));
    let renamed = text.replace("\"id\":\"money-type\"", "\"id\":\"money-typo\"");
    let message = decode(renamed.as_bytes()).unwrap_err();
    assert!(
        message.contains("unknown gate id \"money-typo\""),
        "{message}"
    );
}

/// Numbers with all 17 digits and far exponents, which serde_json only reads back to
/// the same f64 with its `float_roundtrip` feature.
#[test]
fn numbers_read_back_to_the_same_bits() {
    let numbers =
        "[1.0715660391465826e-75, -1.81996730402717e-179, -1.603964615428183e143, 5e-324, 1e999]";
    let mut inputs = Inputs::demo();
    inputs.report = Some(Named {
        name: "numbers.md".into(),
        text: format!("---\ntitle: numbers\nn: {numbers}\n---\n# Numbers\n"),
    });
    let run = inputs.run.as_mut().unwrap();
    let small = "-1.81996730402717e-179";
    run.text = run
        .text
        .replacen('{', &format!("{{\"newField\": {small},"), 1);
    let review = inputs.review();
    let run = review.run().unwrap();
    assert_eq!(
        run.unknown["newField"],
        serde_json::json!(-1.81996730402717e-179_f64)
    );
    assert!(decode(&encode(&review)) == Ok(review), "a number changed");
}
