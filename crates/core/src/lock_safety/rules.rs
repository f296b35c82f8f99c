//! The curated Squawk rules secondlook runs by default: lock and rewrite risks on
//! tables that existed before the migration. Each is a registered gate `squawk:<rule>`;
//! the checking is Squawk's own, these entries only say what it is and why it matters.

use squawk_linter::Rule as SquawkRule;

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
        fires: "",
        passes: "",
        fix: "",
        relates_to: &[],
    }
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
        fires: "`CREATE INDEX i ON payments (user_id);` on an existing table.",
        passes: "`CREATE INDEX CONCURRENTLY i ON payments (user_id);`, or any index on a table \
            created in the same migration.",
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
        fires: "`DROP INDEX payments_user_idx;`.",
        passes: "`DROP INDEX CONCURRENTLY payments_user_idx;`.",
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
        fires: "`ALTER TABLE payments ADD CONSTRAINT positive CHECK (amount > 0);`.",
        passes: "`... CHECK (amount > 0) NOT VALID;` then VALIDATE CONSTRAINT in a later migration.",
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
        fires: "`ALTER TABLE payments ADD FOREIGN KEY (user_id) REFERENCES users (id);`.",
        passes: "`... REFERENCES users (id) NOT VALID;` then VALIDATE CONSTRAINT separately.",
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
        fires: "`ALTER TABLE payments ADD COLUMN ref uuid DEFAULT gen_random_uuid();`.",
        passes: "`ALTER TABLE payments ADD COLUMN fee numeric(38,18) DEFAULT 0;` (a constant default).",
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
        fires: "`ALTER TABLE payments ALTER COLUMN user_id SET NOT NULL;`.",
        passes: "A `CHECK (user_id IS NOT NULL) NOT VALID` constraint, validated later.",
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
        fires: "`ALTER TABLE payments ADD PRIMARY KEY (id);`.",
        passes: "`ALTER TABLE payments ADD CONSTRAINT payments_pk PRIMARY KEY USING INDEX \
            payments_id_idx;`.",
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
        fires: "`ALTER TABLE payments ALTER COLUMN amount TYPE numeric(38,18);`.",
        passes: "A new column, backfilled, then switched to.",
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
        fires: "`ALTER TABLE payments ADD CONSTRAINT payments_ref_key UNIQUE (ref);`.",
        passes: "`CREATE UNIQUE INDEX CONCURRENTLY ...` then `ADD CONSTRAINT ... UNIQUE USING INDEX`.",
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
        fires: "`ALTER TABLE payments ADD COLUMN note text;` with no lock_timeout.",
        passes: "`SET lock_timeout = '1s';` first, or statements on tables created in the migration.",
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
        fires: "`REINDEX TABLE payments;`.",
        passes: "`REINDEX TABLE CONCURRENTLY payments;`.",
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
