//! Whether a PL/pgSQL body raises an error, read from its words alone: the append-only
//! gate asks it of a trigger's function, and the page's schema pane shows the answer.

use super::lexer::code_words;

/// The levels of RAISE that do not stop the statement.
const NON_ERROR_LEVELS: &[&str] = &["debug", "log", "info", "notice", "warning"];

/// Whether `word` at `at` starts a RAISE of an error: RAISE EXCEPTION, or RAISE with
/// no level, which PostgreSQL takes as EXCEPTION.
fn raises_error(words: &[&str], at: usize) -> bool {
    words
        .get(at)
        .is_some_and(|w| w.eq_ignore_ascii_case("raise"))
        && !words.get(at + 1).is_some_and(|next| {
            NON_ERROR_LEVELS
                .iter()
                .any(|l| next.eq_ignore_ascii_case(l))
        })
}

/// Whether a PL/pgSQL body raises an error on every path: the first statement of its
/// block is a RAISE of an error, so nothing (an IF, a RETURN) comes before it, and
/// the body has no EXCEPTION handler that could catch it. Anything less is not proof.
pub fn raises(body: &str) -> bool {
    let words: Vec<&str> = code_words(body, 0..body.len()).map(|(_, w)| w).collect();
    let Some(begin) = words.iter().position(|w| w.eq_ignore_ascii_case("begin")) else {
        return false;
    };
    let declares_nothing_else = begin == 0
        || words
            .first()
            .is_some_and(|w| w.eq_ignore_ascii_case("declare"));
    let handlers = words
        .iter()
        .enumerate()
        .filter(|(at, w)| {
            w.eq_ignore_ascii_case("exception") && !(*at > 0 && raises_error(&words, at - 1))
        })
        .count();
    declares_nothing_else && handlers == 0 && raises_error(&words, begin + 1)
}

/// Whether a body raises an error somewhere: on some path, perhaps.
pub fn may_raise(body: &str) -> bool {
    let words: Vec<&str> = code_words(body, 0..body.len()).map(|(_, w)| w).collect();
    (0..words.len()).any(|at| raises_error(&words, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_raise_of_an_error_raises_on_every_path() {
        assert!(raises("BEGIN RAISE EXCEPTION 'no'; END"));
        assert!(raises("DECLARE n int; BEGIN RAISE 'no'; END"));
    }

    #[test]
    fn a_notice_a_condition_or_a_handler_is_not_proof() {
        assert!(!raises("BEGIN RAISE NOTICE 'ok'; END"));
        assert!(!raises(
            "BEGIN IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'no'; END IF; END"
        ));
        assert!(!raises(
            "BEGIN RAISE EXCEPTION 'no'; EXCEPTION WHEN others THEN RETURN NULL; END"
        ));
        assert!(may_raise(
            "BEGIN IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'no'; END IF; END"
        ));
        assert!(!may_raise("BEGIN RAISE NOTICE 'RAISE EXCEPTION'; END"));
    }
}
