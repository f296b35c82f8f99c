//! Where unqualified names land: the search path as `SET` and `set_config` leave it,
//! and the names and column types it qualifies.

use super::apply::unfollow;
use sqlparser::ast::{ArrayElemTypeDef, ContextModifier, DataType, Expr, ObjectName, Set, Value};

use super::Schema;
use super::format_type::{format_type, is_built_in, quote};
use crate::sql::locator::Locator;
use crate::sql::names::{self, DEFAULT_SCHEMA, QName, fold};

/// The schema an unqualified name means, when the search path has one schema (after
/// `"$user"`, taken as absent as under the default path): it is where PostgreSQL
/// creates the object and, pg_catalog aside as under the default path, the one
/// place a lookup finds it. With more schemas a lookup may find an object in any.
fn only_schema(schema: &Schema) -> Option<&str> {
    let Some(path) = schema.search_path.as_deref() else {
        return Some(DEFAULT_SCHEMA);
    };
    match path.strip_prefix(&["$user".to_string()]).unwrap_or(path) {
        [only] if only != "$user" => Some(only),
        _ => None,
    }
}

/// A name written in a statement, qualified where PostgreSQL creates it.
pub(super) fn qualify(schema: &Schema, name: &ObjectName) -> QName {
    let mut qname = names::qname(name);
    if name.0.len() < 2 {
        let first = only_schema(schema).or_else(|| {
            schema
                .search_path
                .iter()
                .flatten()
                .map(String::as_str)
                .find(|s| *s != "$user")
        });
        if let Some(schema) = first {
            qname.schema = schema.to_string();
        }
    }
    qname
}

/// A column's type as `format_type` prints it. Under a search path of one schema
/// other than public, an unqualified type of the user's is that schema's, printed
/// qualified as `format_type` does for a schema off the default path: when the model
/// saw it made there. Otherwise it may be a built-in type the model does not know by
/// name, so the table is unfollowed.
pub(super) fn column_type(
    schema: &mut Schema,
    data_type: &DataType,
    table: &QName,
    loc: &Locator,
) -> String {
    let text = format_type(data_type);
    let Some(path_schema) = only_schema(schema)
        .filter(|s| *s != DEFAULT_SCHEMA)
        .map(str::to_string)
    else {
        return text;
    };
    let element = match data_type {
        DataType::Array(
            ArrayElemTypeDef::SquareBracket(inner, _) | ArrayElemTypeDef::AngleBracket(inner),
        ) => inner.as_ref(),
        other => other,
    };
    let DataType::Custom(name, _) = element else {
        return text;
    };
    if name.0.len() > 1 || is_built_in(element) {
        return text;
    }
    let qname = QName {
        schema: path_schema,
        name: names::qname(name).name,
    };
    if schema.enums.iter().any(|e| e.name == qname) || schema.types.contains(&qname) {
        format!("{}.{text}", quote(&qname.schema))
    } else {
        unfollow(
            schema,
            Some(table.clone()),
            &format!(
                "has a column of type {text}, which may be a built-in type or one of \
                 schema {} the model did not see made",
                qname.schema
            ),
            loc,
        );
        text
    }
}

/// The object a name written in a statement means. Under a search path of more than
/// one schema an unqualified name may mean an object in any: it is then unfollowed.
pub(super) fn resolve(schema: &mut Schema, name: &ObjectName, loc: &Locator) -> QName {
    let qname = qualify(schema, name);
    if name.0.len() < 2 && only_schema(schema).is_none() {
        unfollow(
            schema,
            Some(qname.clone()),
            "names it without a schema under a search_path of several schemas",
            loc,
        );
    }
    qname
}

pub(super) fn set(schema: &mut Schema, set: &Set, loc: &Locator) {
    let Set::SingleAssignment {
        scope,
        variable,
        values,
        ..
    } = set
    else {
        return;
    };
    let variable = names::qname(variable).name;
    if variable == "search_path" {
        // A string names one schema exactly as written (`'a, B'` is the schema
        // "a, B"); an identifier folds.
        let path = values
            .iter()
            .map(|v| match v {
                Expr::Value(v) => match &v.value {
                    Value::SingleQuotedString(s) => Some(s.clone()),
                    _ => None,
                },
                Expr::Identifier(ident) => Some(fold(ident)),
                _ => None,
            })
            .collect::<Option<Vec<_>>>();
        let default = matches!(values.as_slice(), [Expr::Identifier(i)]
            if i.quote_style.is_none() && i.value.eq_ignore_ascii_case("default"));
        // A path the model cannot read, or one that ends with the transaction (which
        // the model does not track), holds no schema it can follow.
        schema.search_path = match path {
            _ if matches!(scope, Some(ContextModifier::Local)) => Some(Vec::new()),
            _ if default => None,
            path => Some(path.unwrap_or_default()),
        };
    } else if variable == "role" || variable == "session_authorization" {
        unfollow(schema, None, "changes the role that owns what follows", loc);
    }
}

/// `SELECT set_config('search_path', '...', ...)`, as pg_dump writes it.
pub(super) fn set_config(schema: &mut Schema, loc: &Locator) {
    let Some(at) = loc.text.to_ascii_lowercase().find("set_config") else {
        return;
    };
    let args: Vec<&str> = loc.text[at..].split('\'').collect();
    let name = args.get(1).map(|n| n.to_ascii_lowercase());
    match (name.as_deref(), args.as_slice()) {
        // Only a session setting (`is_local` false) is followed: a local one ends
        // with the transaction, which the model does not track.
        (Some("search_path"), [_, _, _, value, rest, ..]) => {
            let is_local = rest.split(')').next().unwrap_or_default();
            let session = is_local.trim().trim_start_matches(',').trim();
            schema.search_path = Some(if session.eq_ignore_ascii_case("false") {
                search_path_entries(value)
            } else {
                Vec::new()
            });
        }
        (Some("role" | "session_authorization"), _) => {
            unfollow(schema, None, "changes the role that owns what follows", loc)
        }
        (Some(name), _) if name != "search_path" => {}
        _ => unfollow(
            schema,
            None,
            "calls set_config with arguments the model does not read",
            loc,
        ),
    }
}

/// The schemas of a search_path value: `a, "B"` is `a`, `B`; `''` is none.
fn search_path_entries(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|p| p.trim().trim_matches('\''))
        .filter(|p| !p.is_empty())
        .map(
            |p| match p.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
                Some(quoted) => quoted.to_string(),
                None => p.to_lowercase(),
            },
        )
        .collect()
}
