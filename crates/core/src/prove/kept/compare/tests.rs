use super::*;

/// An answer that returned `rows`.
pub(in crate::prove::kept) fn answer(rows: &[&[Option<&str>]]) -> Answer {
    Answer {
        ok: true,
        rows: rows
            .iter()
            .map(|r| r.iter().map(|v| v.map(str::to_string)).collect())
            .collect(),
        ..Answer::default()
    }
}

/// A reading of `payments (id bigint primary key, amount <amount>, note text)`.
fn payments(amount: &str, rows: &[&str]) -> Snapshot {
    let rows: Vec<[Option<&str>; 1]> = rows.iter().map(|r| [Some(*r)]).collect();
    let rows: Vec<&[Option<&str>]> = rows.iter().map(|r| r.as_slice()).collect();
    Snapshot::read(
        &answer(&[
            &[Some("id"), Some("bigint"), Some("1")],
            &[Some("amount"), Some(amount), None],
            &[Some("note"), Some("text"), None],
        ]),
        &answer(&rows),
    )
    .unwrap()
}

const BEFORE: [&str; 2] = [
    r#"{"id": "9001", "amount": "9001.567890123456789000", "note": null}"#,
    r#"{"id": "9002", "amount": "9002.567890123456789000", "note": "9002"}"#,
];

fn declared(json: &str) -> DeclaredChange {
    serde_json::from_str(json).unwrap()
}

#[test]
fn a_narrowed_amount_is_a_changed_value_with_both_sides() {
    let before = payments("numeric(38,18)", &BEFORE);
    let after = payments(
        "numeric(12,2)",
        &[
            r#"{"id": "9001", "amount": "9001.57", "note": null}"#,
            r#"{"id": "9002", "amount": "9002.57", "note": "9002"}"#,
        ],
    );
    let compared = compare(&before, Some(&after), &[]);
    assert!(compared.fails());
    assert_eq!(
        compared.changed[0],
        ChangedRow {
            change: Change::ValueChanged,
            key: "id=9001".into(),
            column: Some("amount".into()),
            before: Some("9001.567890123456789000".into()),
            after: Some("9001.57".into()),
            declared: None,
        }
    );
    assert_eq!(compared.changed.len(), 2);
    assert_eq!(
        compared.message("payments"),
        "payments: the migration did not keep 2 of the 2 scaffold rows as they were: amount \
         of id=9001 went from 9001.567890123456789000 to 9001.57, amount of id=9002 went from \
         9002.567890123456789000 to 9002.57"
    );
}

#[test]
fn numbers_compare_as_numbers_and_text_as_text() {
    let before = payments("numeric(38,18)", &BEFORE);
    // A wider type prints more zeros: the same amounts.
    let wider = payments(
        "numeric",
        &[
            r#"{"id": "9001", "amount": "9001.5678901234567890", "note": null}"#,
            r#"{"id": "9002", "amount": "9002.567890123456789", "note": "9002"}"#,
        ],
    );
    let compared = compare(&before, Some(&wider), &[]);
    assert_eq!(compared.changed, []);
    assert_eq!(
        compared.message("payments"),
        "payments: all 2 scaffold rows were kept, every value the same"
    );
    // The same digits in a text column are another text.
    let text = payments(
        "text",
        &[r#"{"id": "9001", "amount": "9001.5678901234567890", "note": null}"#],
    );
    assert!(compare(&text, Some(&wider), &[]).changed.is_empty());
    let before_text = payments(
        "text",
        &[r#"{"id": "9001", "amount": "1.50", "note": null}"#],
    );
    let after_text = payments(
        "text",
        &[r#"{"id": "9001", "amount": "1.5", "note": null}"#],
    );
    assert_eq!(
        compare(&before_text, Some(&after_text), &[]).changed.len(),
        1
    );
    assert_eq!(decimal("-0.00"), decimal("0"));
    assert_eq!(decimal("1.5e3"), None);
    assert_eq!(decimal("NaN"), None);
}

#[test]
fn a_default_filled_over_null_a_dropped_column_and_a_gone_row_are_changes() {
    let before = payments("numeric(38,18)", &BEFORE);
    let after = Snapshot::read(
        &answer(&[
            &[Some("id"), Some("bigint"), Some("1")],
            &[Some("note"), Some("text"), None],
        ]),
        &answer(&[&[Some(r#"{"id": "9001", "note": "none"}"#)]]),
    )
    .unwrap();
    let changed: Vec<(Change, String, Option<String>)> = compare(&before, Some(&after), &[])
        .changed
        .into_iter()
        .map(|c| (c.change, c.key, c.column))
        .collect();
    assert_eq!(
        changed,
        [
            (
                Change::ColumnDropped,
                "id=9001".into(),
                Some("amount".into())
            ),
            (
                Change::ColumnDropped,
                "id=9002".into(),
                Some("amount".into())
            ),
            (Change::ValueChanged, "id=9001".into(), Some("note".into())),
            (Change::RowGone, "id=9002".into(), None),
        ]
    );
    // The table gone: every row with it.
    let gone = compare(&before, None, &[]);
    assert_eq!(gone.changed.len(), 2);
    assert_eq!(
        gone.changed[1].before.as_deref(),
        Some("id=9002, amount=9002.567890123456789000, note=9002")
    );
}

#[test]
fn a_declared_change_is_shown_not_failed_and_only_where_it_is_declared() {
    let before = payments("numeric(38,18)", &BEFORE);
    let after = payments(
        "numeric(12,2)",
        &[
            r#"{"id": "9001", "amount": "9001.57", "note": "x"}"#,
            r#"{"id": "9002", "amount": "9002.57", "note": "9002"}"#,
        ],
    );
    let amount = declared(r#"{"table": "payments", "column": "amount", "reason": "cents only"}"#);
    let compared = compare(&before, Some(&after), &[&amount]);
    // The note of 9001 is not declared.
    assert!(compared.fails());
    let declared_rows: Vec<_> = compared
        .changed
        .iter()
        .filter(|c| c.declared.as_deref() == Some("cents only"))
        .collect();
    assert_eq!(declared_rows.len(), 2);
    let whole = declared(r#"{"table": "payments", "reason": "a rewrite"}"#);
    let compared = compare(&before, Some(&after), &[&whole]);
    assert!(!compared.fails());
    assert!(
        compared.message("payments").starts_with(
            "payments: all 2 scaffold rows were kept, every value the same; the run declares \
             3 changes (a rewrite), shown and not failed: amount of id=9001 went from"
        ),
        "{}",
        compared.message("payments")
    );
    // A column-level declaration does not cover a row gone.
    let gone = compare(&before, None, &[&amount]);
    assert!(gone.fails());
}

#[test]
fn without_a_key_rows_compare_as_a_multiset() {
    let read = |rows: &[&str]| {
        let rows: Vec<[Option<&str>; 1]> = rows.iter().map(|r| [Some(*r)]).collect();
        let rows: Vec<&[Option<&str>]> = rows.iter().map(|r| r.as_slice()).collect();
        Snapshot::read(
            &answer(&[&[Some("amount"), Some("numeric(38,18)"), None]]),
            &answer(&rows),
        )
        .unwrap()
    };
    let before = read(&[
        r#"{"amount": "1.50"}"#,
        r#"{"amount": "1.50"}"#,
        r#"{"amount": "2"}"#,
    ]);
    // Reordered, reprinted: kept.
    let same = read(&[
        r#"{"amount": "2.0"}"#,
        r#"{"amount": "1.5"}"#,
        r#"{"amount": "1.500"}"#,
    ]);
    assert!(compare(&before, Some(&same), &[]).changed.is_empty());
    // One of the twins changed, the other gone.
    let after = read(&[r#"{"amount": "2"}"#, r#"{"amount": "1.4"}"#]);
    let changed: Vec<(Change, String)> = compare(&before, Some(&after), &[])
        .changed
        .into_iter()
        .map(|c| (c.change, c.key))
        .collect();
    assert_eq!(
        changed,
        [
            (Change::ValueChanged, "amount=1.50".into()),
            (Change::RowGone, "amount=1.50".into()),
        ]
    );
}

#[test]
fn a_reading_that_failed_or_reads_wrong_is_no_snapshot() {
    let refused = Answer {
        sqlstate: Some("42P01".into()),
        message: Some("relation \"payments\" does not exist".into()),
        ..Answer::default()
    };
    let columns = answer(&[&[Some("id"), Some("bigint"), Some("1")]]);
    assert_eq!(
        Snapshot::read(&columns, &refused).unwrap_err(),
        "42P01 relation \"payments\" does not exist"
    );
    assert!(Snapshot::read(&answer(&[]), &answer(&[])).is_err());
    assert!(Snapshot::read(&columns, &answer(&[&[Some("[1]")]])).is_err());
    assert!(
        Snapshot::read(
            &answer(&[&[Some("id"), Some("bigint"), Some("x")]]),
            &answer(&[])
        )
        .is_err()
    );
}
