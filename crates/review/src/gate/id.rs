//! Which gate a result, a probe, a sign-off or a link is about: one name per registered
//! gate, written as the stable kebab-case id every output uses. Nothing here needs the
//! registry or a rule, so both can name gates without needing each other.

use std::fmt;
use std::str::FromStr;

/// The prefix that marks a gate id as one of Squawk's rules (`squawk:<rule>`).
pub const SQUAWK_PREFIX: &str = "squawk:";

/// Declares [`GateId`] from one list of variants and their ids, so the enum, its
/// strings and [`GateId::ALL`] cannot drift apart.
macro_rules! gate_ids {
    ($($variant:ident = $id:literal,)*) => {
        /// A registered gate. Its text form ([`GateId::as_str`], serde, `Display`) is the
        /// id the JSON, SARIF and every other output write; reading text that names no
        /// gate this build knows is an error, never a guess.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum GateId {
            $($variant,)*
        }

        impl GateId {
            /// Every gate, in the registry's display order (the registry checks this).
            pub const ALL: [GateId; [$($id),*].len()] = [$(GateId::$variant),*];

            /// The id as outputs write it, e.g. `money-type`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(GateId::$variant => $id,)*
                }
            }
        }
    };
}

gate_ids! {
    SelfAuditSafe = "self-audit-safe",
    TestsNotSkipped = "tests-not-skipped",
    NoVersionBump = "no-version-bump",
    FactoryComplete = "factory-complete",
    GateConsistent = "gate-consistent",
    StaysInDatabase = "stays-in-database",
    ReadsAsWritten = "reads-as-written",
    Applies = "applies",
    MoneyType = "money-type",
    ExpectedIndex = "expected-index",
    IndexPredicate = "index-predicate",
    MixedIdCheck = "mixed-id-check",
    AppendOnly = "append-only",
    AdditiveOnly = "additive-only",
    DataKept = "data-kept",
    ParentOrder = "parent-order",
    SqlParses = "sql-parses",
    LockBudget = "lock-budget",
    SquawkRequireConcurrentIndexCreation = "squawk:require-concurrent-index-creation",
    SquawkRequireConcurrentIndexDeletion = "squawk:require-concurrent-index-deletion",
    SquawkConstraintMissingNotValid = "squawk:constraint-missing-not-valid",
    SquawkAddingForeignKeyConstraint = "squawk:adding-foreign-key-constraint",
    SquawkAddingFieldWithDefault = "squawk:adding-field-with-default",
    SquawkAddingNotNullableField = "squawk:adding-not-nullable-field",
    SquawkAddingSerialPrimaryKeyField = "squawk:adding-serial-primary-key-field",
    SquawkChangingColumnType = "squawk:changing-column-type",
    SquawkDisallowedUniqueConstraint = "squawk:disallowed-unique-constraint",
    SquawkRequireLockTimeout = "squawk:require-lock-timeout",
    SquawkRequireConcurrentReindex = "squawk:require-concurrent-reindex",
}

impl GateId {
    /// The gate with this exact id; `None` for any other text.
    pub fn parse(id: &str) -> Option<GateId> {
        GateId::ALL.into_iter().find(|g| g.as_str() == id)
    }

    /// For one of Squawk's rules, the rule's own name (`require-lock-timeout`).
    pub fn squawk_rule(self) -> Option<&'static str> {
        self.as_str().strip_prefix(SQUAWK_PREFIX)
    }
}

/// Text that names no gate this build knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownGate(pub String);

impl fmt::Display for UnknownGate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown gate id {:?}", self.0)
    }
}

impl std::error::Error for UnknownGate {}

impl FromStr for GateId {
    type Err = UnknownGate;

    fn from_str(id: &str) -> Result<GateId, UnknownGate> {
        GateId::parse(id).ok_or_else(|| UnknownGate(id.to_string()))
    }
}

impl fmt::Display for GateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for GateId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for GateId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<GateId, D::Error> {
        let id = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        id.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_gate_round_trips_through_its_id() {
        for gate in GateId::ALL {
            let id = gate.as_str();
            assert_eq!(gate.to_string(), id);
            assert_eq!(id.parse::<GateId>(), Ok(gate));
            assert_eq!(GateId::parse(id), Some(gate));
            let json = serde_json::to_string(&gate).unwrap();
            assert_eq!(json, format!("\"{id}\""));
            assert_eq!(serde_json::from_str::<GateId>(&json).unwrap(), gate);
        }
    }

    #[test]
    fn ids_are_written_as_every_output_has_them() {
        assert_eq!(GateId::MoneyType.as_str(), "money-type");
        assert_eq!(GateId::SelfAuditSafe.as_str(), "self-audit-safe");
        assert_eq!(
            GateId::SquawkRequireLockTimeout.as_str(),
            "squawk:require-lock-timeout"
        );
        assert_eq!(
            GateId::SquawkRequireLockTimeout.squawk_rule(),
            Some("require-lock-timeout")
        );
        assert_eq!(GateId::MoneyType.squawk_rule(), None);
    }

    #[test]
    fn an_unknown_id_is_an_error_naming_it() {
        for text in ["money_type", "Money-Type", "", "squawk:", "money-type "] {
            assert_eq!(GateId::parse(text), None, "{text:?}");
            let err = text.parse::<GateId>().unwrap_err();
            assert_eq!(err.to_string(), format!("unknown gate id {text:?}"));
        }
        let err = serde_json::from_str::<GateId>("\"squawk:ban-drop-table\"").unwrap_err();
        assert!(
            err.to_string()
                .contains("unknown gate id \"squawk:ban-drop-table\""),
            "{err}"
        );
        assert!(serde_json::from_str::<GateId>("7").is_err());
    }

    #[test]
    fn ids_are_unique() {
        for (i, gate) in GateId::ALL.iter().enumerate() {
            assert!(
                GateId::ALL
                    .iter()
                    .skip(i + 1)
                    .all(|other| other.as_str() != gate.as_str()),
                "{gate} twice"
            );
        }
    }
}
