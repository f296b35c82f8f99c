//! The curated Squawk rules secondlook runs by default: lock and rewrite risks on
//! tables that existed before the migration. Each is a registered gate `squawk:<rule>`;
//! the checking is Squawk's own, these entries only say what it is and why it matters.

use squawk_linter::Rule as SquawkRule;

use crate::examples::{Example, Expect, Input};
use crate::gate::{GateId, GateInfo, Severity};

/// What every lock-safety gate shares: a warning, related to no report finding. Each
/// gate below gives its own texts and takes the rest from here.
const fn squawk(id: GateId) -> GateInfo {
    GateInfo {
        id,
        title: "",
        severity: Severity::Warning,
        checks: "",
        why: "",
        examples: &[],
        fix: "",
        relates_to: &[],
    }
}

/// A rule's two examples, `fixtures/lock-safety/<rule>.fires.sql` and its near miss
/// `<rule>.passes.sql`, each reviewed alone, as SQL that touches tables it did not create.
macro_rules! fixtures {
    ($rule:literal, $fires:literal, $passes:literal) => {
        &[
            Example {
                name: "example",
                expect: Expect::Fires,
                says: $fires,
                input: Input::Sql(include_str!(concat!(
                    "../../../../fixtures/lock-safety/",
                    $rule,
                    ".fires.sql"
                ))),
            },
            Example {
                name: "near-miss",
                expect: Expect::Passes,
                says: $passes,
                input: Input::Sql(include_str!(concat!(
                    "../../../../fixtures/lock-safety/",
                    $rule,
                    ".passes.sql"
                ))),
            },
        ]
    };
}

/// A curated rule: its gate, and the Squawk rule that checks it.
pub type Curated = (GateInfo, SquawkRule);

/// Squawk's page for a `squawk:<rule>` gate.
pub fn rule_page(id: GateId) -> Option<String> {
    id.squawk_rule()
        .map(|rule| format!("https://squawkhq.com/docs/{rule}"))
}

pub const REQUIRE_CONCURRENT_INDEX_CREATION: Curated = (
    GateInfo {
        title: "Indexes on existing tables are built concurrently",
        checks: "Squawk's `require-concurrent-index-creation`: CREATE INDEX without CONCURRENTLY on a \
            table the migration did not create.",
        why: "A plain CREATE INDEX blocks every write to the table while the index is built: \
            payments queue up or time out for as long as the build takes.",
        examples: fixtures!(
            "require-concurrent-index-creation",
            "A plain index on a table that existed before: writes wait for the whole build.",
            "The index built CONCURRENTLY; a plain index on a table the migration creates."
        ),
        fix: "Create the index CONCURRENTLY (outside a transaction).",
        ..squawk(GateId::SquawkRequireConcurrentIndexCreation)
    },
    SquawkRule::RequireConcurrentIndexCreation,
);

pub const REQUIRE_CONCURRENT_INDEX_DELETION: Curated = (
    GateInfo {
        title: "Indexes are dropped concurrently",
        checks: "Squawk's `require-concurrent-index-deletion`: DROP INDEX without CONCURRENTLY.",
        why: "A plain DROP INDEX takes an ACCESS EXCLUSIVE lock on the table: reads and writes \
            wait until it completes.",
        examples: fixtures!(
            "require-concurrent-index-deletion",
            "A plain DROP INDEX.",
            "DROP INDEX CONCURRENTLY."
        ),
        fix: "Drop the index CONCURRENTLY (outside a transaction).",
        ..squawk(GateId::SquawkRequireConcurrentIndexDeletion)
    },
    SquawkRule::RequireConcurrentIndexDeletion,
);

pub const CONSTRAINT_MISSING_NOT_VALID: Curated = (
    GateInfo {
        title: "New constraints on existing tables are added NOT VALID",
        checks: "Squawk's `constraint-missing-not-valid`: ADD CONSTRAINT (check or foreign key) \
            without NOT VALID on an existing table, or validated in the same transaction.",
        why: "Adding a valid constraint scans the whole table under a lock that blocks writes.",
        examples: fixtures!(
            "constraint-missing-not-valid",
            "A CHECK added without NOT VALID: every row is read under the lock.",
            "The same CHECK added NOT VALID, to validate in a later migration."
        ),
        fix: "Add the constraint NOT VALID, then VALIDATE CONSTRAINT in a later migration.",
        ..squawk(GateId::SquawkConstraintMissingNotValid)
    },
    SquawkRule::ConstraintMissingNotValid,
);

pub const ADDING_FOREIGN_KEY_CONSTRAINT: Curated = (
    GateInfo {
        title: "Foreign keys on existing tables are added NOT VALID",
        checks: "Squawk's `adding-foreign-key-constraint`: a foreign key added to an existing table \
            without NOT VALID.",
        why: "The check scans the table under a SHARE ROW EXCLUSIVE lock on both tables, which \
            blocks writes to each.",
        examples: fixtures!(
            "adding-foreign-key-constraint",
            "A foreign key added without NOT VALID.",
            "The same foreign key added NOT VALID, to validate separately."
        ),
        fix: "Add the foreign key NOT VALID, then VALIDATE CONSTRAINT in a later migration.",
        ..squawk(GateId::SquawkAddingForeignKeyConstraint)
    },
    SquawkRule::AddingForeignKeyConstraint,
);

pub const ADDING_FIELD_WITH_DEFAULT: Curated = (
    GateInfo {
        title: "New columns do not rewrite the table",
        checks: "Squawk's `adding-field-with-default`: ADD COLUMN with a volatile default or a \
            generated column on an existing table.",
        why: "It rewrites every row under an ACCESS EXCLUSIVE lock: the table can neither be read \
            nor written until the rewrite ends.",
        examples: fixtures!(
            "adding-field-with-default",
            "A column added with a volatile default: the table is rewritten.",
            "A column added with a constant default."
        ),
        fix: "Add the column with a constant default or none, and backfill it in batches.",
        ..squawk(GateId::SquawkAddingFieldWithDefault)
    },
    SquawkRule::AddingFieldWithDefault,
);

pub const ADDING_NOT_NULLABLE_FIELD: Curated = (
    GateInfo {
        title: "NOT NULL is not set by a full scan",
        checks: "Squawk's `adding-not-nullable-field`: ALTER COLUMN ... SET NOT NULL on an existing \
            table.",
        why: "Setting NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock, blocking \
            reads and writes.",
        examples: fixtures!(
            "adding-not-nullable-field",
            "SET NOT NULL on an existing column: every row is read under the lock.",
            "A CHECK (… IS NOT NULL) NOT VALID, to validate later."
        ),
        fix: "Add a `CHECK (col IS NOT NULL) NOT VALID` constraint and validate it later instead.",
        ..squawk(GateId::SquawkAddingNotNullableField)
    },
    SquawkRule::AddingNotNullableField,
);

pub const ADDING_SERIAL_PRIMARY_KEY_FIELD: Curated = (
    GateInfo {
        title: "Primary keys on existing tables use an existing index",
        checks: "Squawk's `adding-serial-primary-key-field`: ADD PRIMARY KEY on an existing table \
            without USING INDEX.",
        why: "Building the primary key index holds an ACCESS EXCLUSIVE lock: nothing reads or \
            writes the table meanwhile.",
        examples: fixtures!(
            "adding-serial-primary-key-field",
            "A primary key added by building its index under the lock.",
            "A primary key added USING INDEX, built beforehand."
        ),
        fix: "Build a unique index CONCURRENTLY first, then ADD PRIMARY KEY USING INDEX.",
        ..squawk(GateId::SquawkAddingSerialPrimaryKeyField)
    },
    SquawkRule::AddingSerialPrimaryKeyField,
);

pub const CHANGING_COLUMN_TYPE: Curated = (
    GateInfo {
        title: "Column types of existing tables are not changed",
        checks: "Squawk's `changing-column-type`: ALTER COLUMN ... TYPE on an existing table.",
        why: "Changing a type rewrites the table under an ACCESS EXCLUSIVE lock and may break \
            clients that read the column.",
        examples: fixtures!(
            "changing-column-type",
            "A column's type changed: the table is rewritten.",
            "A new column, to backfill and switch to."
        ),
        fix: "Add a new column of the new type, backfill it, then switch readers to it.",
        ..squawk(GateId::SquawkChangingColumnType)
    },
    SquawkRule::ChangingColumnType,
);

pub const DISALLOWED_UNIQUE_CONSTRAINT: Curated = (
    GateInfo {
        title: "Unique constraints on existing tables use a concurrent index",
        checks: "Squawk's `disallowed-unique-constraint`: ADD UNIQUE on an existing table without \
            USING INDEX.",
        why: "The unique index is built under an ACCESS EXCLUSIVE lock, blocking reads and writes.",
        examples: fixtures!(
            "disallowed-unique-constraint",
            "A UNIQUE constraint that builds its index under the lock.",
            "A UNIQUE constraint USING INDEX, built CONCURRENTLY beforehand."
        ),
        fix: "Build a unique index CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING INDEX.",
        ..squawk(GateId::SquawkDisallowedUniqueConstraint)
    },
    SquawkRule::DisallowedUniqueConstraint,
);

pub const REQUIRE_LOCK_TIMEOUT: Curated = (
    GateInfo {
        title: "A lock_timeout is set before locking an existing table",
        checks: "Squawk's `require-lock-timeout`: a statement that locks an existing table with no \
            `SET lock_timeout` before it.",
        why: "A statement waiting for its lock queues every later query on the table behind it: \
            without a timeout one slow transaction stalls all payments.",
        examples: fixtures!(
            "require-lock-timeout",
            "A statement on an existing table with no lock_timeout.",
            "lock_timeout set first; statements on a table the migration creates."
        ),
        fix: "Put `SET lock_timeout = '1s';` (or similar) before the statement.",
        ..squawk(GateId::SquawkRequireLockTimeout)
    },
    SquawkRule::RequireLockTimeout,
);

pub const REQUIRE_CONCURRENT_REINDEX: Curated = (
    GateInfo {
        title: "Reindexing is concurrent",
        checks: "Squawk's `require-concurrent-reindex`: REINDEX without CONCURRENTLY.",
        why: "A plain REINDEX blocks writes to the table (and reads through the index) until it \
            completes.",
        examples: fixtures!(
            "require-concurrent-reindex",
            "A plain REINDEX.",
            "REINDEX CONCURRENTLY."
        ),
        fix: "Use REINDEX ... CONCURRENTLY.",
        ..squawk(GateId::SquawkRequireConcurrentReindex)
    },
    SquawkRule::RequireConcurrentReindex,
);

/// The curated set, in display order.
pub const CURATED: &[Curated] = &[
    REQUIRE_CONCURRENT_INDEX_CREATION,
    REQUIRE_CONCURRENT_INDEX_DELETION,
    CONSTRAINT_MISSING_NOT_VALID,
    ADDING_FOREIGN_KEY_CONSTRAINT,
    ADDING_FIELD_WITH_DEFAULT,
    ADDING_NOT_NULLABLE_FIELD,
    ADDING_SERIAL_PRIMARY_KEY_FIELD,
    CHANGING_COLUMN_TYPE,
    DISALLOWED_UNIQUE_CONSTRAINT,
    REQUIRE_LOCK_TIMEOUT,
    REQUIRE_CONCURRENT_REINDEX,
];

/// The curated entry for a Squawk rule name (`require-lock-timeout`).
pub fn by_name(name: &str) -> Option<&'static Curated> {
    CURATED
        .iter()
        .find(|(info, _)| info.id.squawk_rule() == Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_id_is_the_prefix_and_squawks_own_name() {
        for (info, rule) in CURATED {
            assert_eq!(info.id.to_string(), format!("squawk:{rule}"));
            assert_eq!(by_name(&rule.to_string()).map(|(i, _)| i.id), Some(info.id));
        }
        assert_eq!(
            rule_page(GateId::SquawkRequireLockTimeout).as_deref(),
            Some("https://squawkhq.com/docs/require-lock-timeout")
        );
        assert_eq!(rule_page(GateId::MoneyType), None);
        assert!(by_name("ban-drop-table").is_none(), "not curated");
    }
}
