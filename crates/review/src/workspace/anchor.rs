//! Where a link points inside the page: the part of the fragment that names a place
//! (`#sql-0-L67`, `#gate-append-only`, `#finding=FK-010`), built and read here only, so
//! what one pane writes another reads. The fragment may also carry parameters of its
//! own (`inputs=…`, for links to files opened locally), joined with `&`; reading skips
//! them, and takes `#gate-x=` (as older links wrote) as `#gate-x`.

use serde::Serialize;

use crate::gate::{GateId, GateResult, Status};
use crate::workspace::url::{decode, encode};

/// A place in the page a link can name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// A row of the findings table, found by its ID: `#finding=FK-010`.
    Finding(String),
    /// Line `line` (1-based) of the `file`-th SQL file: `#sql-0-L67`.
    SqlLine { file: usize, line: u32 },
    /// The `nth` (from 1) result card of gate `id`: `gate-<id>`, then `gate-<id>-2`…
    /// for a gate with more than one result (see [`Anchor::gate_result`]).
    Gate { id: GateId, nth: usize },
    /// The gate cards of one status: `#gates-fail`.
    GateGroup(Status),
    /// What a gate checks, in the Rules pane: `#rule-money-type`.
    Rule(GateId),
    /// A finding's row in the report: `#finding-FK-010`.
    ReportRow(String),
    /// Any other element id (a report heading).
    Element(String),
}

/// Fragment parameters that carry data rather than a place.
const DATA_PARAMS: [&str; 1] = ["inputs"];

impl Anchor {
    /// The card of a result of gate `id` listed after the results `earlier`: numbered
    /// from its gate's second result on, so each result of a gate has a place of its own.
    pub fn gate_result(id: GateId, earlier: &[GateResult]) -> Anchor {
        let nth = earlier.iter().filter(|g| g.id == id).count() + 1;
        Anchor::Gate { id, nth }
    }

    /// The first result card of gate `id`.
    pub fn gate(id: GateId) -> Anchor {
        Anchor::Gate { id, nth: 1 }
    }

    /// The place a fragment (with or without its `#`) names; `None` when it names none.
    pub fn parse(fragment: &str) -> Option<Anchor> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        fragment.split('&').find_map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            if DATA_PARAMS.contains(&key) {
                return None;
            }
            if key == "finding" {
                let id = decode(value);
                return (!id.is_empty()).then_some(Anchor::Finding(id));
            }
            // A place is a bare id; a trailing `=` with nothing after it is forgiven.
            if !value.is_empty() {
                return None;
            }
            Anchor::from_id(&decode(key))
        })
    }

    fn from_id(id: &str) -> Option<Anchor> {
        let named = |prefix: &str| id.strip_prefix(prefix).filter(|rest| !rest.is_empty());
        let line = named("sql-")
            .and_then(|rest| rest.split_once("-L"))
            .and_then(|(file, line)| Some((file.parse().ok()?, line.parse().ok()?)));
        let anchor = if let Some((file, line)) = line.filter(|(_, line)| *line > 0) {
            Anchor::SqlLine { file, line }
        } else if let Some(status) = named("gates-").and_then(status) {
            Anchor::GateGroup(status)
        } else if let Some((id, nth)) = named("gate-").and_then(gate_card) {
            Anchor::Gate { id, nth }
        } else if let Some(id) = named("rule-").and_then(GateId::parse) {
            Anchor::Rule(id)
        } else if let Some(rest) = named("finding-") {
            Anchor::ReportRow(rest.to_string())
        } else if id.is_empty() {
            return None;
        } else {
            Anchor::Element(id.to_string())
        };
        Some(anchor)
    }

    /// The `id` of the element this names; `None` for a finding, whose row the
    /// findings pane finds by its ID.
    pub fn element_id(&self) -> Option<String> {
        Some(match self {
            Anchor::Finding(_) => return None,
            Anchor::SqlLine { file, line } => format!("sql-{file}-L{line}"),
            Anchor::Gate { id, nth: 0 | 1 } => format!("gate-{id}"),
            Anchor::Gate { id, nth } => format!("gate-{id}-{nth}"),
            Anchor::GateGroup(status) => format!("gates-{}", status.as_str()),
            Anchor::Rule(id) => format!("rule-{id}"),
            Anchor::ReportRow(id) => format!("finding-{id}"),
            Anchor::Element(id) => id.clone(),
        })
    }

    /// The fragment naming this place, without its `#`.
    pub fn fragment(&self) -> String {
        match (self, self.element_id()) {
            (Anchor::Finding(id), _) => format!("finding={}", encode(id)),
            (_, Some(id)) => encode(&id),
            (_, None) => String::new(),
        }
    }

    /// A link to this place in the page: `#` and [`Anchor::fragment`].
    pub fn href(&self) -> String {
        format!("#{}", self.fragment())
    }
}

/// The status a `gates-` id names.
fn status(word: &str) -> Option<Status> {
    Status::BY_ATTENTION
        .into_iter()
        .find(|s| s.as_str() == word)
}

/// The gate and card number a `gate-` id names: `append-only`, `append-only-2`. An id
/// that names no gate this build knows is no card (it is read as a plain element id).
fn gate_card(rest: &str) -> Option<(GateId, usize)> {
    if let Some(id) = GateId::parse(rest) {
        return Some((id, 1));
    }
    let (id, nth) = rest.rsplit_once('-')?;
    let nth: usize = nth.parse().ok().filter(|n| *n >= 2)?;
    Some((GateId::parse(id)?, nth))
}

/// Written as its link, `#…`.
impl Serialize for Anchor {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.href())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::{Severity, Status};

    fn every_kind() -> Vec<Anchor> {
        vec![
            Anchor::Finding("DUAL_WRITE idempotency".into()),
            Anchor::SqlLine { file: 0, line: 67 },
            Anchor::gate(GateId::AppendOnly),
            Anchor::Gate {
                id: GateId::SelfAuditSafe,
                nth: 2,
            },
            Anchor::Gate {
                id: GateId::SquawkRequireLockTimeout,
                nth: 12,
            },
            Anchor::GateGroup(Status::NotVerified),
            Anchor::Rule(GateId::MoneyType),
            Anchor::ReportRow("FK-010".into()),
            Anchor::Element("2-confirmed-blockers".into()),
        ]
    }

    #[test]
    fn every_kind_reads_back_as_written_and_carries_no_stray_equals() {
        for anchor in every_kind() {
            let href = anchor.href();
            assert_eq!(Anchor::parse(&href).as_ref(), Some(&anchor), "{href}");
            if !matches!(anchor, Anchor::Finding(_)) {
                assert!(!href.contains('='), "{href}");
            }
        }
        assert_eq!(Anchor::SqlLine { file: 2, line: 9 }.href(), "#sql-2-L9");
        assert_eq!(
            Anchor::Finding("DUAL_WRITE idempotency".into()).href(),
            "#finding=DUAL_WRITE%20idempotency"
        );
    }

    #[test]
    fn the_place_is_found_among_the_fragments_parameters() {
        assert_eq!(
            Anchor::parse("#inputs=eJx&finding=FK-010"),
            Some(Anchor::Finding("FK-010".into()))
        );
        assert_eq!(
            Anchor::parse("#sql-0-L67&inputs=eJx"),
            Some(Anchor::SqlLine { file: 0, line: 67 })
        );
        assert_eq!(Anchor::parse("#inputs=eJx"), None);
    }

    #[test]
    fn links_written_with_a_stray_equals_still_land() {
        assert_eq!(
            Anchor::parse("#sql-0-L67="),
            Some(Anchor::SqlLine { file: 0, line: 67 })
        );
        assert_eq!(
            Anchor::parse("#gate-append-only=&inputs=eJx"),
            Some(Anchor::gate(GateId::AppendOnly))
        );
    }

    #[test]
    fn fragments_naming_no_place_are_none() {
        for fragment in ["", "#", "#finding=", "#=x"] {
            assert_eq!(Anchor::parse(fragment), None, "{fragment}");
        }
        // Not a line: an element of that id (a heading), which a line never is.
        for id in [
            "sql-0-Lx",
            "sql-x-L1",
            "sql-0-L0",
            "sql-0-path",
            "gate-",
            "gate-no-such-gate",
            "gate-append-only-1",
            "gate-append-only-x",
            "gates-maybe",
            "rule-no-such-gate",
        ] {
            assert_eq!(Anchor::parse(id), Some(Anchor::Element(id.into())), "{id}");
        }
        // A value on an unknown key is a parameter, not a place.
        assert_eq!(Anchor::parse("#view=sql"), None);
    }

    #[test]
    fn a_gates_later_results_get_numbered_cards() {
        let result = |id| GateResult {
            id,
            status: Status::Fail,
            severity: Severity::Blocker,
            message: String::new(),
            relates_to: vec![],
            evidence: vec![],
            proof: None,
            unverified: Vec::new(),
            fix: None,
            detail: None,
        };
        let gates = [
            result(GateId::SelfAuditSafe),
            result(GateId::MoneyType),
            result(GateId::SelfAuditSafe),
        ];
        let ids: Vec<_> = (0..3)
            .map(|i| Anchor::gate_result(gates[i].id, &gates[..i]).element_id())
            .collect();
        assert_eq!(
            ids,
            [
                Some("gate-self-audit-safe".to_string()),
                Some("gate-money-type".into()),
                Some("gate-self-audit-safe-2".into())
            ]
        );
    }
}
