//! The review workspace: the findings table (report findings and gate results in one
//! list, filtered and sorted), the checklist ticks a reviewer keeps, and the sign-off
//! record. Pure data in, data out; the app only renders it and does the browser I/O.

pub mod checklist_gates;
pub mod filters;
pub mod findings_table;
pub mod signoff;
pub mod ticks;

use sha2::{Digest, Sha256};

/// Lowercase hex SHA-256 of a text's UTF-8 bytes.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_the_published_test_vector() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
