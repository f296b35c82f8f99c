//! What PostgreSQL showed of each migration statement while the proof ran it over the
//! baseline (the core's `prove::observe`): the locks it held on relations that existed
//! before the migration, and whether it scanned or rewrote them. Plain data, so the page
//! shows it without the core that reads it.

use serde::{Deserialize, Serialize};

/// PostgreSQL's table-level lock modes, weakest first: each conflicts with more of the
/// others than the one before (PostgreSQL's documentation, "Table-Level Locks").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LockMode {
    AccessShare,
    RowShare,
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    Exclusive,
    AccessExclusive,
}

const MODES: [(LockMode, &str, &str); 8] = [
    (LockMode::AccessShare, "ACCESS SHARE", "AccessShareLock"),
    (LockMode::RowShare, "ROW SHARE", "RowShareLock"),
    (LockMode::RowExclusive, "ROW EXCLUSIVE", "RowExclusiveLock"),
    (
        LockMode::ShareUpdateExclusive,
        "SHARE UPDATE EXCLUSIVE",
        "ShareUpdateExclusiveLock",
    ),
    (LockMode::Share, "SHARE", "ShareLock"),
    (
        LockMode::ShareRowExclusive,
        "SHARE ROW EXCLUSIVE",
        "ShareRowExclusiveLock",
    ),
    (LockMode::Exclusive, "EXCLUSIVE", "ExclusiveLock"),
    (
        LockMode::AccessExclusive,
        "ACCESS EXCLUSIVE",
        "AccessExclusiveLock",
    ),
];

impl LockMode {
    /// As PostgreSQL's documentation and `LOCK TABLE` name it: `SHARE UPDATE EXCLUSIVE`.
    pub fn name(self) -> &'static str {
        MODES
            .iter()
            .find(|(m, _, _)| *m == self)
            .map_or("", |(_, name, _)| name)
    }

    /// From its name exactly as [`LockMode::name`] writes it.
    pub fn from_name(name: &str) -> Option<LockMode> {
        MODES
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(m, _, _)| *m)
    }

    /// From `pg_locks.mode` (`ShareLock`).
    pub fn from_pg_locks(mode: &str) -> Option<LockMode> {
        MODES
            .iter()
            .find(|(_, _, n)| *n == mode)
            .map(|(m, _, _)| *m)
    }

    /// It makes writers wait (it conflicts with ROW EXCLUSIVE, which INSERT, UPDATE and
    /// DELETE take).
    pub fn blocks_writes(self) -> bool {
        self >= LockMode::Share
    }

    /// It makes readers wait (it conflicts with ACCESS SHARE, which SELECT takes).
    pub fn blocks_reads(self) -> bool {
        self == LockMode::AccessExclusive
    }

    /// What it makes wait, in words (before "wait").
    pub fn blocks(self) -> &'static str {
        if self.blocks_reads() {
            "reads and writes"
        } else if self.blocks_writes() {
            "writes"
        } else if self >= LockMode::ShareUpdateExclusive {
            "schema changes, VACUUM and other such locks"
        } else if self == LockMode::AccessShare {
            "only ACCESS EXCLUSIVE"
        } else {
            "EXCLUSIVE and stronger locks"
        }
    }
}

impl Serialize for LockMode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for LockMode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        LockMode::from_name(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "a lock mode as PostgreSQL names it ({}), found {name:?}",
                MODES.map(|(_, n, _)| n).join(", ")
            ))
        })
    }
}

/// Each statement of the migration, in the order it ran, with what was seen of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Observed {
    pub statements: Vec<StatementLocks>,
}

/// One statement (or a file sent as one query) and what it held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementLocks {
    /// Where it is written, `path:line:column`.
    pub at: String,
    /// Its first line, for a reader to know it again.
    pub sql: String,
    /// Why nothing of it was observed; `None` when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_observed: Option<String>,
    /// The relations that existed before the migration on which it held a lock, or
    /// which it scanned or rewrote, by name.
    #[serde(default)]
    pub relations: Vec<RelationLocks>,
    /// How long it ran over the baseline's scaffold rows, in microseconds, by
    /// PostgreSQL's clock between secondlook's reads around it (so it includes a part of
    /// each); `None` when it was not observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub micros: Option<u64>,
}

/// What one statement did to one relation that existed before the migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelationLocks {
    /// `schema.name`, as the catalog names it before the migration.
    pub name: String,
    pub kind: RelationKind,
    /// Every mode the session held on it after the statement, weakest first (a lock
    /// is held to the end of its transaction, so this counts what earlier statements
    /// of the same transaction took).
    pub modes: Vec<LockMode>,
    /// Its scan count in the transaction rose: the statement read its rows.
    pub scanned: bool,
    /// Its file changed (`pg_relation_filenode`): the statement wrote it anew.
    pub rewritten: bool,
    /// The table's size before the migration, from the run's `schema.baselineStats`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKind {
    Table,
    PartitionedTable,
    Index,
    MaterializedView,
}

impl StatementLocks {
    /// How long it ran, in milliseconds to a tenth: `12.3 ms`.
    pub fn took(&self) -> Option<String> {
        self.micros
            .map(|us| format!("{}.{} ms", us / 1000, us % 1000 / 100))
    }

    /// What was seen of it on the relations it met, a line each: `public.payments:
    /// SHARE (writes wait), read`; one line when it met none, or was not observed.
    pub fn said(&self) -> Vec<String> {
        if let Some(why) = &self.not_observed {
            return vec![format!("not observed: {why}")];
        }
        if self.relations.is_empty() {
            return vec!["nothing held, read or rewritten".to_string()];
        }
        (self.relations.iter())
            .map(|r| format!("{}: {}", r.name, r.words()))
            .collect()
    }
}

impl RelationLocks {
    /// The strongest mode held.
    pub fn strongest(&self) -> Option<LockMode> {
        self.modes.iter().copied().max()
    }

    /// What it did, in words: `SHARE (writes wait), read; 1200 rows, 8192 bytes`.
    pub fn words(&self) -> String {
        let mut words = match self.strongest() {
            Some(mode) => format!("{} ({} wait)", mode.name(), mode.blocks()),
            None => "no lock".to_string(),
        };
        for (did, word) in [(self.scanned, "read"), (self.rewritten, "rewritten")] {
            if did {
                words.push_str(", ");
                words.push_str(word);
            }
        }
        if let (Some(rows), Some(bytes)) = (self.rows, self.bytes) {
            words.push_str(&format!(
                "; {rows} rows, {bytes} bytes before the migration"
            ));
        }
        words
    }

    /// It held a mode stronger than `above` while reading or rewriting the relation.
    pub fn held_while_working(&self, above: LockMode) -> bool {
        (self.scanned || self.rewritten) && self.strongest().is_some_and(|m| m > above)
    }
}

impl Observed {
    /// The strongest lock on the largest table (by `baselineStats` bytes, then rows)
    /// any statement held, with where: what the banner names.
    pub fn worst_on_largest(&self) -> Option<(&StatementLocks, &RelationLocks, LockMode)> {
        self.statements
            .iter()
            .flat_map(|s| s.relations.iter().map(move |r| (s, r)))
            .filter(|(_, r)| r.kind != RelationKind::Index)
            .filter_map(|(s, r)| r.strongest().map(|m| (s, r, m)))
            .max_by_key(|(_, r, m)| (r.bytes, r.rows, *m))
    }

    /// [`Observed::worst_on_largest`] in words: `SHARE on public.payments at m.sql:3:1`.
    pub fn worst_words(&self) -> Option<String> {
        self.worst_on_largest().map(|(statement, relation, mode)| {
            format!("{} on {} at {}", mode.name(), relation.name, statement.at)
        })
    }

    /// Statements nothing was observed of.
    pub fn unobserved(&self) -> impl Iterator<Item = &StatementLocks> {
        self.statements.iter().filter(|s| s.not_observed.is_some())
    }
}

/// Whether `relation` (`schema.name`, as observed) is the table a run names: the same
/// `schema.name`, or, for a name without a schema, the table of that name in `public`.
pub fn is_table(relation: &str, named: &str) -> bool {
    relation == named
        || (!named.contains('.')
            && relation
                .strip_prefix("public.")
                .is_some_and(|rest| rest == named))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_read_both_spellings_and_order_by_strength() {
        assert_eq!(
            LockMode::from_name("SHARE UPDATE EXCLUSIVE"),
            Some(LockMode::ShareUpdateExclusive)
        );
        assert_eq!(LockMode::from_name("share update exclusive"), None);
        assert_eq!(LockMode::from_pg_locks("ShareLock"), Some(LockMode::Share));
        assert_eq!(LockMode::from_name("SHARE LOCK"), None);
        assert!(LockMode::Share > LockMode::ShareUpdateExclusive);
        assert!(LockMode::Share.blocks_writes() && !LockMode::Share.blocks_reads());
        assert!(!LockMode::ShareUpdateExclusive.blocks_writes());
        let json = serde_json::to_string(&LockMode::AccessExclusive).unwrap();
        assert_eq!(json, "\"ACCESS EXCLUSIVE\"");
        assert!(serde_json::from_str::<LockMode>("\"SHARED\"").is_err());
    }

    #[test]
    fn a_statements_time_reads_in_milliseconds() {
        let statement = |micros| StatementLocks {
            at: "m.sql:1:1".into(),
            sql: "CREATE INDEX i ON t (a);".into(),
            not_observed: None,
            relations: Vec::new(),
            micros,
        };
        assert_eq!(statement(Some(12_345)).took().as_deref(), Some("12.3 ms"));
        assert_eq!(statement(Some(80)).took().as_deref(), Some("0.0 ms"));
        assert_eq!(statement(None).took(), None);
    }
}
