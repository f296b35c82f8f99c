//! Identifiers as PostgreSQL folds them: unquoted to lower case, quoted kept exactly,
//! `public` as the schema of an unqualified name.

use sqlparser::ast::{Ident, ObjectName, ObjectNamePart};

pub use secondlook_review::sql::names::{DEFAULT_SCHEMA, QName};

/// The name a statement writes, folded; unqualified, it is in `public` (the search
/// path's default: `sql::model` qualifies it by the path in force).
pub fn qname(name: &ObjectName) -> QName {
    let parts: Vec<String> = name
        .0
        .iter()
        .map(|part| match part {
            ObjectNamePart::Identifier(ident) => fold(ident),
            ObjectNamePart::Function(f) => f.to_string(),
        })
        .collect();
    let mut rev = parts.into_iter().rev();
    let name = rev.next().unwrap_or_default();
    let schema = rev.next().unwrap_or_else(|| DEFAULT_SCHEMA.to_string());
    QName { schema, name }
}

/// PostgreSQL keeps the first 63 bytes of a name (NAMEDATALEN - 1).
const NAME_BYTES: usize = 63;

/// A name as PostgreSQL stores it: unquoted folded to lower case (ASCII letters only,
/// as PostgreSQL does in UTF-8), and cut to 63 bytes on a character boundary.
pub fn fold(ident: &Ident) -> String {
    let mut name = if ident.quote_style.is_some() {
        ident.value.clone()
    } else {
        ident.value.to_ascii_lowercase()
    };
    if name.len() > NAME_BYTES {
        let cut = (0..=NAME_BYTES)
            .rev()
            .find(|at| name.is_char_boundary(*at))
            .unwrap_or_default();
        name.truncate(cut);
    }
    name
}

/// Whether `text` holds `word` as a whole word, ignoring case: the cautious test of
/// whether a statement that did not parse may touch an object.
pub fn mentions(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let hay = text.to_lowercase();
    let needle = word.to_lowercase();
    let is_ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
    hay.match_indices(&needle).any(|(at, m)| {
        !is_ident(hay.get(..at).and_then(|s| s.chars().next_back()))
            && !is_ident(hay.get(at + m.len()..).and_then(|s| s.chars().next()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;

    fn object(sql: &str) -> QName {
        let mut parser = Parser::new(&PostgreSqlDialect {})
            .try_with_sql(sql)
            .unwrap();
        qname(&parser.parse_object_name(false).unwrap())
    }

    #[test]
    fn folds_like_postgres() {
        assert_eq!(object("Payments"), QName::from_expectation("payments"));
        assert_eq!(
            object("\"public\".\"payments\""),
            QName::from_expectation("payments")
        );
        assert_eq!(object("\"Suggestion\"").name, "Suggestion");
        assert_eq!(
            object("blnk.LEDGERS"),
            QName::from_expectation("blnk.ledgers")
        );
    }

    /// PostgreSQL: `NOTICE: identifier ... will be truncated` to 63 bytes.
    #[test]
    fn long_names_are_cut_like_postgres() {
        let long = format!("\"{}\"", "é".repeat(40));
        assert_eq!(object(&long).name, "é".repeat(31));
        assert_eq!(object("ÄBC").name, "Äbc");
    }

    #[test]
    fn mentions_whole_words_only() {
        assert!(mentions("ALTER TABLE \"Payments\" x", "payments"));
        assert!(!mentions("ALTER TABLE payments_old", "payments"));
    }
}
