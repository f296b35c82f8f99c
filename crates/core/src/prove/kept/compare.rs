//! One table's scaffold rows before the migration against the same rows after it: by
//! primary key, or as multisets of rows for a table without one. A row gone, a column
//! dropped and a value changed are changes; a column or row the migration added is
//! not. Numbers compare as numbers (`1.50` is `1.5000`), everything else as the text
//! PostgreSQL printed.

use std::collections::BTreeMap;

use crate::gate::{Change, ChangedRow};
use crate::proof::Answer;
use crate::run::expectations::DeclaredChange;

/// A table as one reading saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub columns: Vec<Column>,
    /// Each row's values by column, as text; `None` for SQL NULL.
    pub rows: Vec<Row>,
}

pub type Row = BTreeMap<String, Option<String>>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// As `format_type` prints it, through a domain to its base type.
    pub data_type: String,
    /// Its place in the primary key, from 1.
    pub key: Option<u32>,
}

impl Snapshot {
    /// The answers to the two readings (`super::reads`).
    pub fn read(columns: &Answer, rows: &Answer) -> Result<Snapshot, String> {
        for answer in [columns, rows] {
            if !answer.ok {
                return Err(answer.said());
            }
        }
        let columns = (columns.rows.iter())
            .map(|row| match row.as_slice() {
                [Some(name), Some(data_type), key] => Ok(Column {
                    name: name.clone(),
                    data_type: data_type.clone(),
                    key: match key {
                        Some(key) => Some(key.parse().map_err(|_| {
                            format!("the key place of {name} reads {key:?}, not a number")
                        })?),
                        None => None,
                    },
                }),
                _ => Err("a column came back without its name or type".to_string()),
            })
            .collect::<Result<Vec<_>, _>>()?;
        if columns.is_empty() {
            return Err("the catalog has no columns for it".to_string());
        }
        let rows = (rows.rows.iter())
            .map(|row| match row.as_slice() {
                [Some(json)] => serde_json::from_str::<Row>(json)
                    .map_err(|e| format!("a row did not read as column values: {e}")),
                [None] => Ok(Row::new()),
                _ => Err("a row came back as more than one value".to_string()),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Snapshot { columns, rows })
    }

    fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The primary key's columns, in key order; empty without one.
    fn key(&self) -> Vec<&str> {
        let mut key: Vec<&Column> = self.columns.iter().filter(|c| c.key.is_some()).collect();
        key.sort_by_key(|c| c.key);
        key.iter().map(|c| c.name.as_str()).collect()
    }
}

/// What differs, and what the scaffold could not put in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Compared {
    /// How many rows there were before.
    pub rows: usize,
    pub changed: Vec<ChangedRow>,
    /// Scaffold rows PostgreSQL refused (a CHECK, a foreign key), and what it said of
    /// the first.
    pub refused: usize,
    pub first_refused: Option<String>,
}

/// A value as long as a message shows it.
const SHOWN: usize = 60;
/// Changes a message names before it counts the rest.
const NAMED: usize = 5;

impl Compared {
    /// A change the run does not declare: the result fails.
    pub fn fails(&self) -> bool {
        self.changed.iter().any(|c| c.declared.is_none())
    }

    pub fn message(&self, table: &str) -> String {
        let undeclared: Vec<&ChangedRow> = self
            .changed
            .iter()
            .filter(|c| c.declared.is_none())
            .collect();
        let mut message = if undeclared.is_empty() {
            format!(
                "{table}: all {} scaffold rows were kept, every value the same",
                self.rows
            )
        } else {
            let mut keys: Vec<&str> = undeclared.iter().map(|c| c.key.as_str()).collect();
            keys.sort_unstable();
            keys.dedup();
            format!(
                "{table}: the migration did not keep {} of the {} scaffold rows as they were: {}",
                keys.len(),
                self.rows,
                named(&undeclared)
            )
        };
        let declared: Vec<&ChangedRow> = self
            .changed
            .iter()
            .filter(|c| c.declared.is_some())
            .collect();
        if !declared.is_empty() {
            let reasons: Vec<&str> = {
                let mut reasons: Vec<&str> = declared
                    .iter()
                    .filter_map(|c| c.declared.as_deref())
                    .collect();
                reasons.dedup();
                reasons
            };
            message.push_str(&format!(
                "; the run declares {} {} ({}), shown and not failed: {}",
                declared.len(),
                if declared.len() == 1 {
                    "change"
                } else {
                    "changes"
                },
                reasons.join("; "),
                named(&declared)
            ));
        }
        if let Some(first) = &self.first_refused {
            message.push_str(&format!(
                "; PostgreSQL refused {} scaffold {}, left out (the first: {first})",
                self.refused,
                if self.refused == 1 { "row" } else { "rows" }
            ));
        }
        message
    }
}

/// The first few changes in words, and how many more there are.
fn named(changes: &[&ChangedRow]) -> String {
    let mut words: Vec<String> = changes.iter().take(NAMED).map(|c| said(c)).collect();
    if changes.len() > NAMED {
        words.push(format!("and {} more", changes.len() - NAMED));
    }
    words.join(", ")
}

fn said(change: &ChangedRow) -> String {
    let column = change.column.as_deref().unwrap_or_default();
    match change.change {
        Change::RowGone => format!("row {} gone", shown(Some(&change.key))),
        Change::ColumnDropped => format!(
            "{column} of {} dropped (it held {})",
            shown(Some(&change.key)),
            shown(change.before.as_deref())
        ),
        Change::ValueChanged => format!(
            "{column} of {} went from {} to {}",
            shown(Some(&change.key)),
            shown(change.before.as_deref()),
            shown(change.after.as_deref())
        ),
    }
}

fn shown(value: Option<&str>) -> String {
    match value {
        None => "NULL".to_string(),
        Some(text) if text.chars().count() > SHOWN => {
            format!("{}…", text.chars().take(SHOWN).collect::<String>())
        }
        Some(text) => text.to_string(),
    }
}

/// `before` against `after` (`None`: the table is gone). A change the run declares for
/// the table (or for its column) carries the run's reason.
pub fn compare(
    before: &Snapshot,
    after: Option<&Snapshot>,
    declared: &[&DeclaredChange],
) -> Compared {
    let mut changed = Vec::new();
    let key = before.key();
    let named = |row: &Row| -> String {
        let columns: Vec<&str> = if key.is_empty() {
            before.columns.iter().map(|c| c.name.as_str()).collect()
        } else {
            key.clone()
        };
        let values: Vec<String> = columns
            .iter()
            .map(|c| format!("{c}={}", text(row.get(*c).cloned().flatten().as_deref())))
            .collect();
        values.join(", ")
    };
    let gone = |row: &Row| ChangedRow {
        change: Change::RowGone,
        key: named(row),
        column: None,
        before: Some(named_whole(before, row)),
        after: None,
        declared: None,
    };
    match after {
        None => changed.extend(before.rows.iter().map(gone)),
        Some(after) => {
            let kept: Vec<&Column> = (before.columns.iter())
                .filter(|c| after.column(&c.name).is_some())
                .collect();
            for row in &before.rows {
                for column in before
                    .columns
                    .iter()
                    .filter(|c| after.column(&c.name).is_none())
                {
                    changed.push(ChangedRow {
                        change: Change::ColumnDropped,
                        key: named(row),
                        column: Some(column.name.clone()),
                        before: row.get(&column.name).cloned().flatten(),
                        after: None,
                        declared: None,
                    });
                }
            }
            let same = |a: &Row, b: &Row, column: &Column| {
                let numbers = after
                    .column(&column.name)
                    .is_some_and(|c| is_number_type(&c.data_type))
                    && is_number_type(&column.data_type);
                same_value(
                    a.get(&column.name).cloned().flatten().as_deref(),
                    b.get(&column.name).cloned().flatten().as_deref(),
                    numbers,
                )
            };
            let differences = |a: &Row, b: &Row, changed: &mut Vec<ChangedRow>| {
                for column in kept.iter().filter(|c| !same(a, b, c)) {
                    changed.push(ChangedRow {
                        change: Change::ValueChanged,
                        key: named(a),
                        column: Some(column.name.clone()),
                        before: a.get(&column.name).cloned().flatten(),
                        after: b.get(&column.name).cloned().flatten(),
                        declared: None,
                    });
                }
            };
            let mut left: Vec<&Row> = after.rows.iter().collect();
            let mut unmatched: Vec<&Row> = Vec::new();
            for row in &before.rows {
                // The same key; without one, a row alike in every column kept.
                let found = left.iter().position(|other| {
                    if key.is_empty() {
                        kept.iter().all(|c| same(row, other, c))
                    } else {
                        key.iter().all(|k| {
                            before
                                .column(k)
                                .is_some_and(|c| kept.contains(&c) && same(row, other, c))
                        })
                    }
                });
                match found {
                    Some(at) => differences(row, left.remove(at), &mut changed),
                    None => unmatched.push(row),
                }
            }
            // Without a key, a row that is not found again is taken as changed into
            // one left over after, in order; with one, it is gone.
            let mut spare = left.into_iter();
            for row in unmatched {
                match spare.next().filter(|_| key.is_empty()) {
                    Some(other) => differences(row, other, &mut changed),
                    None => changed.push(gone(row)),
                }
            }
        }
    }
    for change in &mut changed {
        change.declared = declared
            .iter()
            .find(|d| match (&d.column, &change.column) {
                (None, _) => true,
                (Some(theirs), Some(ours)) => theirs == ours,
                (Some(_), None) => false,
            })
            .map(|d| d.reason.clone());
    }
    Compared {
        rows: before.rows.len(),
        changed,
        ..Compared::default()
    }
}

/// The row whole, column by column in the table's order.
fn named_whole(snapshot: &Snapshot, row: &Row) -> String {
    let values: Vec<String> = (snapshot.columns.iter())
        .map(|c| {
            format!(
                "{}={}",
                c.name,
                text(row.get(&c.name).cloned().flatten().as_deref())
            )
        })
        .collect();
    values.join(", ")
}

fn text(value: Option<&str>) -> String {
    value.unwrap_or("NULL").to_string()
}

fn same_value(a: Option<&str>, b: Option<&str>, numbers: bool) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            a == b || (numbers && decimal(a).is_some_and(|a| decimal(b) == Some(a)))
        }
        _ => false,
    }
}

/// A type whose values compare as numbers.
pub fn is_number_type(data_type: &str) -> bool {
    let lower = data_type.to_lowercase();
    [
        "numeric",
        "decimal",
        "integer",
        "bigint",
        "smallint",
        "real",
        "double precision",
        "int",
        "float",
    ]
    .iter()
    .any(|t| lower.starts_with(t))
}

/// A plain decimal number as (negative, digits before the point, after it), with no
/// leading or trailing zeros: equal for equal numbers however they are written.
fn decimal(text: &str) -> Option<(bool, String, String)> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !plain(whole) || !plain(fraction) {
        return None;
    }
    let whole = whole.trim_start_matches('0').to_string();
    let fraction = fraction.trim_end_matches('0').to_string();
    let zero = whole.is_empty() && fraction.is_empty();
    Some((negative && !zero, whole, fraction))
}

#[cfg(test)]
pub(super) mod tests;
