//! `reads-as-written`: no statement changes how PostgreSQL reads a string constant
//! (`sql::escapes`). With `standard_conforming_strings` off, `'\''` ends where it
//! seemed to go on, and text that looked like a string runs as statements.

use crate::examples::{Example, Expect, Input};
use crate::gate::{GateId, GateInfo, Severity, Status};
use crate::sql::escapes;

use super::{Context, SqlResult};

const EXAMPLES: &[Example] = &[
    Example {
        name: "strings-not-conforming",
        expect: Expect::Fires,
        says: "The setting that makes a backslash end a string constant.",
        input: Input::Sql("SET standard_conforming_strings = off;\n"),
    },
    Example {
        name: "pg-dump-header",
        expect: Expect::Passes,
        says: "The default set again, as pg_dump writes it, and an `E'…'` string.",
        input: Input::Sql("SET standard_conforming_strings = on;\nSELECT E'it\\'s';\n"),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::ReadsAsWritten,
    title: "Strings read as written",
    severity: Severity::Blocker,
    checks: "Fails for every up statement that names `standard_conforming_strings`, \
             `backslash_quote` or `escape_string_warning`, in its code or in a string \
             (`set_config`, dynamic SQL): the settings that change where a string \
             constant ends. `SET standard_conforming_strings = on`, which pg_dump \
             writes and which keeps the default, passes. The re-check splits the \
             statements after a change as PostgreSQL will, but no migration needs one.",
    why: "After `SET standard_conforming_strings = off`, `SELECT '\\'';DROP TABLE t;--'` \
          drops the table while reading, to any tool that assumes the default, as one \
          harmless SELECT.",
    examples: EXAMPLES,
    fix: "Remove the setting and write strings that need backslashes as `E'…'`.",
    relates_to: &[],
};

pub fn check(ctx: &Context) -> Vec<SqlResult> {
    let mut out: Vec<SqlResult> = ctx
        .written
        .iter()
        .filter_map(|w| {
            let setting = escapes::changed_by(w.text, 0..w.text.len())?;
            let at = w.span;
            Some(
                SqlResult::new(
                    &INFO,
                    Status::Fail,
                    format!(
                        "the statement at {at} sets {setting}, which changes where string \
                         constants end"
                    ),
                )
                .at(&[at]),
            )
        })
        .collect();
    if out.is_empty() {
        out.push(SqlResult::new(
            &INFO,
            Status::Pass,
            "no statement changes how string constants are read",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::rules::test_support::results;

    #[test]
    fn turning_off_standard_strings_fails_where_it_is() {
        let r = results(
            "CREATE TABLE t (a text);\nSET standard_conforming_strings = off;\nSELECT '\\'';DROP TABLE t;--';",
            None,
            INFO.id,
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].status, Status::Fail);
        assert!(
            r[0].message
                .contains("m.sql:2:1 sets standard_conforming_strings"),
            "{}",
            r[0].message
        );
    }

    #[test]
    fn an_escape_string_passes() {
        let r = results("SELECT E'it\\'s';", None, INFO.id);
        assert_eq!((r.len(), r[0].status), (1, Status::Pass));
    }
}
