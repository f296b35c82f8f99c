//! A bound on how deep one expression can make the syntax tree. sqlparser limits nesting
//! through parentheses (50 levels), but reads a chain such as `a + b + c + ...` in a
//! loop into a tree as deep as the chain is long; walking that tree, or only dropping
//! it, recurses once per link, and a hostile file would overflow the stack (1 MiB in
//! the browser) instead of getting an answer.

use sqlparser::tokenizer::{Token, TokenWithSpan};

/// The most tokens an expression may chain without a comma, summed over the
/// parentheses around it. Real migrations stay far below: a long `CHECK` or `WHERE`
/// holds a few hundred, and a function body is one string token.
pub const MAX_CHAIN: usize = 2000;

/// The token at which a chain first grows past [`MAX_CHAIN`], if one does.
pub fn too_long(tokens: &[TokenWithSpan]) -> Option<&TokenWithSpan> {
    // Per open parenthesis, the tokens chained at that level so far.
    let mut levels: Vec<usize> = vec![0];
    let mut total = 0usize;
    for token in tokens {
        match token.token {
            Token::Whitespace(_) => continue,
            Token::RParen | Token::RBracket if levels.len() > 1 => {
                total -= levels.pop().unwrap_or_default();
                continue;
            }
            Token::Comma | Token::SemiColon => {
                if let Some(level) = levels.last_mut() {
                    total -= std::mem::take(level);
                }
                continue;
            }
            _ => {}
        }
        if let Some(level) = levels.last_mut() {
            *level += 1;
        }
        total += 1;
        if total > MAX_CHAIN {
            return Some(token);
        }
        if matches!(token.token, Token::LParen | Token::LBracket) {
            levels.push(0);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::tokenizer::Tokenizer;

    fn stops_at(sql: &str) -> Option<u64> {
        let dialect = PostgreSqlDialect {};
        let tokens = Tokenizer::new(&dialect, sql)
            .tokenize_with_location()
            .unwrap();
        too_long(&tokens).map(|t| t.span.start.column)
    }

    #[test]
    fn long_chains_stop_where_they_pass_the_limit() {
        // `1` then ` + 1` pairs: token 2001 is the 1000th pair's `1`, at column 4001.
        let chain = format!("1{}", " + 1".repeat(MAX_CHAIN));
        assert_eq!(stops_at(&chain), Some(4001));
        // The parenthesis counts as a link of the chain around it.
        assert_eq!(stops_at(&format!("({chain}")), Some(4000));
        assert_eq!(
            stops_at(&format!("{}1", "(".repeat(MAX_CHAIN + 5))),
            Some(2001)
        );
    }

    #[test]
    fn commas_and_closed_parentheses_end_a_chain() {
        let item = format!("(1{})", " + 1".repeat(MAX_CHAIN / 4));
        let list = vec![item.as_str(); 100].join(", ");
        assert_eq!(stops_at(&format!("VALUES {list}")), None);
        let sum = vec!["(1 + 1)"; MAX_CHAIN / 2 + 1].join(" + ");
        assert!(stops_at(&sum).is_some());
    }
}
