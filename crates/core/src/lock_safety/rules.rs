//! The curated Squawk rules secondlook runs by default: lock and rewrite risks on
//! tables that existed before the migration. Each is a registered gate `squawk:<rule>`;
//! the checking is Squawk's own, these entries only say what it is and why it matters.

use squawk_linter::Rule;

use crate::gate::Severity;
use crate::registry::GateInfo;

/// What every lock-safety gate shares: Squawk's rule checks it, on tables the
/// migration did not create.
const fn info(
    rule: Rule,
    id: &'static str,
    title: &'static str,
    checks: &'static str,
    why: &'static str,
    fires: &'static str,
    passes: &'static str,
) -> Curated {
    let info = GateInfo {
        id,
        title,
        severity: Severity::Warning,
        checks,
        why,
        fires,
        passes,
        relates_to: &[],
    };
    (info, rule)
}

/// A curated rule: its gate, and the Squawk rule that checks it.
pub type Curated = (GateInfo, Rule);

/// The prefix that marks a gate id as one of Squawk's rules.
pub const PREFIX: &str = "squawk:";

/// Squawk's page for a `squawk:<rule>` gate id.
pub fn rule_page(id: &str) -> Option<String> {
    id.strip_prefix(PREFIX)
        .map(|rule| format!("https://squawkhq.com/docs/{rule}"))
}

pub const REQUIRE_CONCURRENT_INDEX_CREATION: Curated = info(
    Rule::RequireConcurrentIndexCreation,
    "squawk:require-concurrent-index-creation",
    "Indexes on existing tables are built concurrently",
    "Squawk's `require-concurrent-index-creation`: CREATE INDEX without CONCURRENTLY on a \
     table the migration did not create.",
    "A plain CREATE INDEX blocks every write to the table while the index is built: \
     payments queue up or time out for as long as the build takes.",
    "`CREATE INDEX i ON payments (user_id);` on an existing table.",
    "`CREATE INDEX CONCURRENTLY i ON payments (user_id);`, or any index on a table \
     created in the same migration.",
);

pub const REQUIRE_CONCURRENT_INDEX_DELETION: Curated = info(
    Rule::RequireConcurrentIndexDeletion,
    "squawk:require-concurrent-index-deletion",
    "Indexes are dropped concurrently",
    "Squawk's `require-concurrent-index-deletion`: DROP INDEX without CONCURRENTLY.",
    "A plain DROP INDEX takes an ACCESS EXCLUSIVE lock on the table: reads and writes \
     wait until it completes.",
    "`DROP INDEX payments_user_idx;`.",
    "`DROP INDEX CONCURRENTLY payments_user_idx;`.",
);

pub const CONSTRAINT_MISSING_NOT_VALID: Curated = info(
    Rule::ConstraintMissingNotValid,
    "squawk:constraint-missing-not-valid",
    "New constraints on existing tables are added NOT VALID",
    "Squawk's `constraint-missing-not-valid`: ADD CONSTRAINT (check or foreign key) \
     without NOT VALID on an existing table, or validated in the same transaction.",
    "Adding a valid constraint scans the whole table under a lock that blocks writes.",
    "`ALTER TABLE payments ADD CONSTRAINT positive CHECK (amount > 0);`.",
    "`... CHECK (amount > 0) NOT VALID;` then VALIDATE CONSTRAINT in a later migration.",
);

pub const ADDING_FOREIGN_KEY_CONSTRAINT: Curated = info(
    Rule::AddingForeignKeyConstraint,
    "squawk:adding-foreign-key-constraint",
    "Foreign keys on existing tables are added NOT VALID",
    "Squawk's `adding-foreign-key-constraint`: a foreign key added to an existing table \
     without NOT VALID.",
    "The check scans the table under a SHARE ROW EXCLUSIVE lock on both tables, which \
     blocks writes to each.",
    "`ALTER TABLE payments ADD FOREIGN KEY (user_id) REFERENCES users (id);`.",
    "`... REFERENCES users (id) NOT VALID;` then VALIDATE CONSTRAINT separately.",
);

pub const ADDING_FIELD_WITH_DEFAULT: Curated = info(
    Rule::AddingFieldWithDefault,
    "squawk:adding-field-with-default",
    "New columns do not rewrite the table",
    "Squawk's `adding-field-with-default`: ADD COLUMN with a volatile default or a \
     generated column on an existing table.",
    "It rewrites every row under an ACCESS EXCLUSIVE lock: the table can neither be read \
     nor written until the rewrite ends.",
    "`ALTER TABLE payments ADD COLUMN ref uuid DEFAULT gen_random_uuid();`.",
    "`ALTER TABLE payments ADD COLUMN fee numeric(38,18) DEFAULT 0;` (a constant default).",
);

pub const ADDING_NOT_NULLABLE_FIELD: Curated = info(
    Rule::AddingNotNullableField,
    "squawk:adding-not-nullable-field",
    "NOT NULL is not set by a full scan",
    "Squawk's `adding-not-nullable-field`: ALTER COLUMN ... SET NOT NULL on an existing \
     table.",
    "Setting NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock, blocking \
     reads and writes.",
    "`ALTER TABLE payments ALTER COLUMN user_id SET NOT NULL;`.",
    "A `CHECK (user_id IS NOT NULL) NOT VALID` constraint, validated later.",
);

pub const ADDING_SERIAL_PRIMARY_KEY_FIELD: Curated = info(
    Rule::AddingSerialPrimaryKeyField,
    "squawk:adding-serial-primary-key-field",
    "Primary keys on existing tables use an existing index",
    "Squawk's `adding-serial-primary-key-field`: ADD PRIMARY KEY on an existing table \
     without USING INDEX.",
    "Building the primary key index holds an ACCESS EXCLUSIVE lock: nothing reads or \
     writes the table meanwhile.",
    "`ALTER TABLE payments ADD PRIMARY KEY (id);`.",
    "`ALTER TABLE payments ADD CONSTRAINT payments_pk PRIMARY KEY USING INDEX \
     payments_id_idx;`.",
);

pub const CHANGING_COLUMN_TYPE: Curated = info(
    Rule::ChangingColumnType,
    "squawk:changing-column-type",
    "Column types of existing tables are not changed",
    "Squawk's `changing-column-type`: ALTER COLUMN ... TYPE on an existing table.",
    "Changing a type rewrites the table under an ACCESS EXCLUSIVE lock and may break \
     clients that read the column.",
    "`ALTER TABLE payments ALTER COLUMN amount TYPE numeric(38,18);`.",
    "A new column, backfilled, then switched to.",
);

pub const DISALLOWED_UNIQUE_CONSTRAINT: Curated = info(
    Rule::DisallowedUniqueConstraint,
    "squawk:disallowed-unique-constraint",
    "Unique constraints on existing tables use a concurrent index",
    "Squawk's `disallowed-unique-constraint`: ADD UNIQUE on an existing table without \
     USING INDEX.",
    "The unique index is built under an ACCESS EXCLUSIVE lock, blocking reads and writes.",
    "`ALTER TABLE payments ADD CONSTRAINT payments_ref_key UNIQUE (ref);`.",
    "`CREATE UNIQUE INDEX CONCURRENTLY ...` then `ADD CONSTRAINT ... UNIQUE USING INDEX`.",
);

pub const REQUIRE_LOCK_TIMEOUT: Curated = info(
    Rule::RequireLockTimeout,
    "squawk:require-lock-timeout",
    "A lock_timeout is set before locking an existing table",
    "Squawk's `require-lock-timeout`: a statement that locks an existing table with no \
     `SET lock_timeout` before it.",
    "A statement waiting for its lock queues every later query on the table behind it: \
     without a timeout one slow transaction stalls all payments.",
    "`ALTER TABLE payments ADD COLUMN note text;` with no lock_timeout.",
    "`SET lock_timeout = '1s';` first, or statements on tables created in the migration.",
);

pub const REQUIRE_CONCURRENT_REINDEX: Curated = info(
    Rule::RequireConcurrentReindex,
    "squawk:require-concurrent-reindex",
    "Reindexing is concurrent",
    "Squawk's `require-concurrent-reindex`: REINDEX without CONCURRENTLY.",
    "A plain REINDEX blocks writes to the table (and reads through the index) until it \
     completes.",
    "`REINDEX TABLE payments;`.",
    "`REINDEX TABLE CONCURRENTLY payments;`.",
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
        .find(|(info, _)| info.id.strip_prefix(PREFIX) == Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_id_is_the_prefix_and_squawks_own_name() {
        for (info, rule) in CURATED {
            assert_eq!(info.id, format!("{PREFIX}{rule}"));
            assert_eq!(by_name(&rule.to_string()).map(|(i, _)| i.id), Some(info.id));
        }
        assert_eq!(
            rule_page("squawk:require-lock-timeout").as_deref(),
            Some("https://squawkhq.com/docs/require-lock-timeout")
        );
        assert_eq!(rule_page("money-type"), None);
        assert!(by_name("ban-drop-table").is_none(), "not curated");
    }
}
