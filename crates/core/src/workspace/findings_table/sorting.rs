//! Sorting the findings table by a column header, both ways.

use std::cmp::Ordering;

use super::row::Row;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Severity,
    Phase,
    Id,
    Status,
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [
        SortKey::Severity,
        SortKey::Phase,
        SortKey::Id,
        SortKey::Status,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Severity => "severity",
            SortKey::Phase => "phase",
            SortKey::Id => "id",
            SortKey::Status => "status",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == word)
    }
}

/// A sort: ascending puts the most severe, the first phase/ID alphabetically and the
/// failures first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    /// What a click on `key`'s header gives: ascending, or the other way when the table
    /// is already sorted ascending by it.
    pub fn toggled(current: Option<Sort>, key: SortKey) -> Sort {
        Sort {
            key,
            descending: current.is_some_and(|s| s.key == key && !s.descending),
        }
    }
}

/// Sorts stably; equal rows keep table order whatever the direction.
pub fn sort(rows: &mut [Row], sort: Sort) {
    rows.sort_by(|a, b| {
        let order = compare(a, b, sort.key);
        let order = if sort.descending {
            order.reverse()
        } else {
            order
        };
        order.then(a.position.cmp(&b.position))
    });
}

fn compare(a: &Row, b: &Row, key: SortKey) -> Ordering {
    match key {
        SortKey::Severity => a.severity.cmp(&b.severity),
        // Rows without a phase go last.
        SortKey::Phase => match (&a.phase, &b.phase) {
            (Some(x), Some(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        SortKey::Id => a.id().cmp(b.id()),
        SortKey::Status => a.status.cmp(&b.status),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::findings_table::tests::seed_rows;

    #[test]
    fn sorting_orders_by_key_and_keeps_table_order_for_ties() {
        let mut rows = seed_rows();
        sort(
            &mut rows,
            Sort {
                key: SortKey::Severity,
                descending: false,
            },
        );
        assert!(rows.windows(2).all(|w| w[0].severity <= w[1].severity));
        assert!(
            rows.windows(2)
                .filter(|w| w[0].severity == w[1].severity)
                .all(|w| w[0].position < w[1].position)
        );
        sort(
            &mut rows,
            Sort {
                key: SortKey::Status,
                descending: true,
            },
        );
        assert!(rows.windows(2).all(|w| w[0].status >= w[1].status));
        sort(
            &mut rows,
            Sort {
                key: SortKey::Phase,
                descending: false,
            },
        );
        let last_with_phase = rows.iter().rposition(|r| r.phase.is_some()).unwrap();
        assert!(rows[..last_with_phase].iter().all(|r| r.phase.is_some()));
        sort(
            &mut rows,
            Sort {
                key: SortKey::Id,
                descending: false,
            },
        );
        assert!(rows.windows(2).all(|w| w[0].id() <= w[1].id()));
    }

    #[test]
    fn a_header_click_sorts_ascending_then_flips() {
        let asc = Sort::toggled(None, SortKey::Id);
        assert!(!asc.descending);
        assert!(Sort::toggled(Some(asc), SortKey::Id).descending);
        let other = Sort::toggled(Some(asc), SortKey::Phase);
        assert_eq!((other.key, other.descending), (SortKey::Phase, false));
        assert!(
            !Sort::toggled(Some(Sort::toggled(Some(asc), SortKey::Id)), SortKey::Id).descending
        );
    }

    #[test]
    fn keys_round_trip() {
        for k in SortKey::ALL {
            assert_eq!(SortKey::parse(k.as_str()), Some(k));
        }
        assert_eq!(SortKey::parse("size"), None);
    }
}
