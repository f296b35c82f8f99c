//! A column, and a table's columns in order, found by name without a scan: a migration may add
//! thousands of columns to one table, and each ADD COLUMN looks its name up.

use std::collections::HashMap;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::sql::location::Span;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    /// The type as PostgreSQL's `format_type` prints it, e.g. `numeric(38,18)`.
    pub data_type: String,
    pub not_null: bool,
    pub default: Option<String>,
    /// Where the column's name is written (in its CREATE TABLE, ADD COLUMN or the last
    /// ALTER COLUMN ... TYPE).
    pub span: Span,
    /// The statement that made it, or last changed its type.
    pub statement: Span,
}

/// Reads like a slice of columns; changed only through its methods, which keep the
/// lookup by name in step. Serialized as the plain list.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    list: Vec<Column>,
    /// The position of the first column of each name.
    first: HashMap<String, usize>,
}

impl Columns {
    /// The first column named `name`.
    pub fn get(&self, name: &str) -> Option<&Column> {
        self.first.get(name).and_then(|&at| self.list.get(at))
    }

    /// The first column named `name`, to change anything but its name.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.first.get(name).and_then(|&at| self.list.get_mut(at))
    }

    pub fn push(&mut self, column: Column) {
        self.first
            .entry(column.name.clone())
            .or_insert(self.list.len());
        self.list.push(column);
    }

    pub fn retain(&mut self, keep: impl FnMut(&Column) -> bool) {
        self.list.retain(keep);
        self.index();
    }

    /// Renames the first column named `old`.
    pub fn rename(&mut self, old: &str, new: &str) {
        if let Some(&at) = self.first.get(old)
            && let Some(column) = self.list.get_mut(at)
        {
            column.name = new.to_string();
            self.index();
        }
    }

    fn index(&mut self) {
        self.first.clear();
        for (at, column) in self.list.iter().enumerate() {
            self.first.entry(column.name.clone()).or_insert(at);
        }
    }
}

impl Deref for Columns {
    type Target = [Column];

    fn deref(&self) -> &[Column] {
        &self.list
    }
}

impl<'a> IntoIterator for &'a Columns {
    type Item = &'a Column;
    type IntoIter = std::slice::Iter<'a, Column>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl FromIterator<Column> for Columns {
    fn from_iter<I: IntoIterator<Item = Column>>(columns: I) -> Self {
        let mut out = Columns::default();
        for column in columns {
            out.push(column);
        }
        out
    }
}

impl PartialEq for Columns {
    fn eq(&self, other: &Self) -> bool {
        self.list == other.list
    }
}

impl Serialize for Columns {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.list.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Columns {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Vec::<Column>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::location::Span;

    fn column(name: &str, data_type: &str) -> Column {
        let span = Span {
            file: "m.sql".into(),
            start: 0,
            end: 0,
            line: 1,
            column: 1,
        };
        Column {
            name: name.into(),
            data_type: data_type.into(),
            not_null: false,
            default: None,
            span: span.clone(),
            statement: span,
        }
    }

    #[test]
    fn lookups_follow_every_change() {
        let mut columns: Columns = [column("a", "int"), column("b", "text"), column("a", "x")]
            .into_iter()
            .collect();
        assert_eq!(columns.get("a").unwrap().data_type, "int", "the first one");
        columns.retain(|c| c.data_type != "int");
        assert_eq!(columns.get("a").unwrap().data_type, "x");
        columns.rename("b", "c");
        assert!(columns.get("b").is_none());
        assert_eq!(columns.get("c").unwrap().data_type, "text");
        columns.push(column("d", "uuid"));
        columns.get_mut("d").unwrap().not_null = true;
        let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["c", "a", "d"]);
        assert!(columns.get("d").unwrap().not_null);
    }

    #[test]
    fn the_lookup_is_rebuilt_when_read_back() {
        let columns: Columns = [column("a", "int"), column("b", "text")]
            .into_iter()
            .collect();
        let read: Columns =
            serde_json::from_str(&serde_json::to_string(&columns).unwrap()).unwrap();
        assert_eq!(read, columns);
        assert_eq!(read.get("b").unwrap().data_type, "text");
    }
}
