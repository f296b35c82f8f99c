//! The schema the migration leaves behind, built by replaying its parsed statements in
//! order. Every object keeps the span of the statement that made it, for evidence.
//!
//! What the schema is made of is `secondlook-review`'s (re-exported here), so the page
//! shows it without a SQL parser; replaying is here, one function per kind of
//! statement: [`apply`] picks it, `create`, `drop` and `search_path` hold those that
//! make, remove and qualify objects, `alter` the sub-commands of ALTER TABLE, and
//! `convert` reads objects out of sqlparser's AST. A statement that touches a table in
//! a way the model does not follow exactly is recorded in [`Schema::unfollowed`]: the
//! gates about that table become not verified, naming the statement.

mod alter;
mod apply;
mod convert;
mod create;
mod drop;
pub mod format_type;
mod search_path;

pub use apply::{apply, apply_rescued, granted_by, undone};
pub use secondlook_review::sql::model::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::names::QName;

    fn model(sql: &str) -> Schema {
        crate::sql::rules::test_support::schema(sql)
    }

    fn table<'a>(schema: &'a Schema, name: &str) -> &'a Table {
        schema.table(&QName::from_expectation(name)).unwrap()
    }

    #[test]
    fn objects_on_a_table_are_found_by_its_name() {
        let schema = model(
            "CREATE TABLE a (id int); CREATE TABLE b (id int);
             CREATE INDEX a_id ON a (id); CREATE INDEX b_id ON b (id);
             CREATE RULE no_del AS ON DELETE TO a DO INSTEAD NOTHING;
             CREATE TRIGGER t BEFORE UPDATE ON b FOR EACH ROW EXECUTE FUNCTION f();
             GRANT SELECT ON a TO app; GRANT ALL ON ALL TABLES IN SCHEMA public TO admin;",
        );
        let a = QName::from_expectation("a");
        let b = QName::from_expectation("b");
        let names = |i: &Index| i.name.clone().unwrap_or_default();
        assert_eq!(
            schema.indexes_on(&a).map(names).collect::<Vec<_>>(),
            ["a_id"]
        );
        assert_eq!(schema.rules_on(&a).count(), 1);
        assert_eq!(schema.rules_on(&b).count(), 0);
        assert_eq!(schema.triggers_on(&b).count(), 1);
        assert_eq!(schema.privileges_on(&a).count(), 2);
        assert_eq!(
            schema.privileges_on(&b).count(),
            1,
            "only the schema-wide grant"
        );
    }

    #[test]
    fn tables_columns_and_inline_constraints() {
        let s = model(
            "CREATE TABLE \"Pay\" (id uuid PRIMARY KEY, Amount numeric(38, 18) DEFAULT '0' NOT NULL, \
             user_id uuid REFERENCES users(id) ON DELETE CASCADE, CHECK (amount > 0));",
        );
        let t = table(&s, "Pay");
        let amount = t.column("amount").unwrap();
        assert_eq!(
            (amount.data_type.as_str(), amount.not_null),
            ("numeric(38,18)", true)
        );
        assert_eq!(amount.default.as_deref(), Some("'0'"));
        let before = "CREATE TABLE \"Pay\" (id uuid PRIMARY KEY, Amount";
        assert_eq!(
            (amount.span.start, amount.span.end),
            (before.len() - 6, before.len())
        );
        assert_eq!(amount.statement.start, 0);
        assert_eq!(t.constraints.len(), 3);
        assert!(t.constraints.iter().any(|c| matches!(&c.kind,
            ConstraintKind::ForeignKey { references, on_delete: Some(d), .. }
                if references.name == "users" && d == "CASCADE")));
    }

    #[test]
    fn alter_table_adds_drops_and_retypes() {
        let s = model(
            "CREATE TABLE t (a int, b int, c int);\
             CREATE INDEX t_b ON t (b);\
             ALTER TABLE t ADD COLUMN d float, DROP COLUMN b, ALTER COLUMN a TYPE bigint;\
             ALTER TABLE t ADD CONSTRAINT t_c CHECK (c > 0);\
             ALTER TABLE t DROP CONSTRAINT t_c;\
             ALTER TABLE t RENAME COLUMN c TO e;",
        );
        let t = table(&s, "t");
        let names: Vec<_> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a", "e", "d"]);
        assert_eq!(t.column("a").unwrap().data_type, "bigint");
        assert!(t.constraints.is_empty());
        assert!(s.indexes.is_empty());
    }

    #[test]
    fn indexes_functions_triggers_rules_and_privileges() {
        let s = model(
            "CREATE UNIQUE INDEX i ON public.t USING btree (\"x\", lower(y)) WHERE x IS NOT NULL;\
             CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no'; END $$;\
             CREATE TRIGGER g BEFORE UPDATE OR DELETE ON t FOR EACH ROW EXECUTE FUNCTION f();\
             CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING;\
             REVOKE UPDATE, DELETE ON t FROM PUBLIC;\
             CREATE TYPE k AS ENUM ('a', 'b');",
        );
        let index = &s.indexes[0];
        assert_eq!(index.columns, ["x", "lower(y)"]);
        assert!(index.unique && index.predicate.is_some());
        assert_eq!(index.method.as_deref(), Some("btree"));
        assert!(
            s.function(&QName::from_expectation("f"))
                .unwrap()
                .body
                .as_deref()
                .unwrap()
                .contains("RAISE")
        );
        let trigger = &s.triggers[0];
        assert_eq!(trigger.timing, Some(Timing::Before));
        assert_eq!(
            trigger.events,
            [Event::Update { columns: vec![] }, Event::Delete]
        );
        assert!(trigger.for_each_row);
        assert!(s.rules[0].instead_nothing && s.rules[0].event == RuleEvent::Delete);
        let t = QName::from_expectation("t");
        assert!(s.privileges[0].covers("update", &t) && s.privileges[0].covers("delete", &t));
        assert_eq!(s.enums[0].values, ["a", "b"]);
    }

    #[test]
    fn drops_remove_objects() {
        let s = model(
            "CREATE TABLE t (a int); CREATE INDEX i ON t (a);\
             CREATE TRIGGER g BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();\
             DROP TRIGGER g ON t; DROP INDEX i;",
        );
        assert!(s.triggers.is_empty() && s.indexes.is_empty());
        let s = model("CREATE TABLE t (a int); CREATE INDEX i ON t (a); DROP TABLE t;");
        assert!(s.tables.is_empty() && s.indexes.is_empty());
        let s = model("CREATE TABLE b.t (a int); CREATE TABLE u (a int); DROP SCHEMA b CASCADE;");
        let left: Vec<_> = s.tables.keys().map(ToString::to_string).collect();
        assert_eq!(left, ["u"]);
    }

    /// The schemas the model left unfollowed objects of (`*` for any).
    fn unfollowed(s: &Schema) -> Vec<String> {
        s.unfollowed
            .iter()
            .map(|u| u.object.as_ref().map_or("*".into(), |o| o.to_string()))
            .collect()
    }

    /// A partition's triggers can be disabled one by one, and an inheritance child has
    /// none of its parent's: what protects the parent's rows is no longer its own.
    #[test]
    fn a_table_that_gets_a_child_is_not_followed() {
        let s = model(
            "CREATE TABLE l (id int) PARTITION BY LIST (id);\
             CREATE TABLE l1 PARTITION OF l FOR VALUES IN (1);\
             CREATE TABLE p (id int); CREATE TABLE c (x int) INHERITS (p);\
             CREATE TABLE q (id int); CREATE TABLE d (id int); ALTER TABLE d INHERIT q;",
        );
        assert_eq!(unfollowed(&s), ["l", "p", "q", "d"]);
    }

    #[test]
    fn a_search_path_of_one_schema_is_followed() {
        // A string names one schema as written: '{{.Schema}}' keeps its case.
        let s = model(
            "SET search_path = '{{.Schema}}';\
             CREATE TYPE kind AS ENUM ('a'); CREATE TYPE pair AS (x int, y int);\
             CREATE TABLE p (id bigserial PRIMARY KEY, k kind, v pair[]);\
             CREATE TABLE c (p_id bigint REFERENCES p (id));\
             CREATE UNIQUE INDEX c_p ON c (p_id) WHERE p_id > 0;\
             GRANT SELECT ON c TO app;",
        );
        assert_eq!(unfollowed(&s), Vec::<String>::new());
        let p = table(&s, "{{.Schema}}.p");
        let types: Vec<_> = p.columns.iter().map(|c| c.data_type.as_str()).collect();
        assert_eq!(
            types,
            ["bigint", "\"{{.Schema}}\".kind", "\"{{.Schema}}\".pair[]"]
        );
        let c = table(&s, "{{.Schema}}.c");
        assert!(c.constraints.iter().any(|k| matches!(&k.kind,
            ConstraintKind::ForeignKey { references, .. } if references == &p.name)));
        assert_eq!(s.indexes[0].table, c.name);
        assert!(s.privileges[0].covers("select", &c.name));
        // An identifier folds, and "$user" before the schema changes nothing.
        let s = model("SET search_path TO \"$user\", Ledger; CREATE TABLE t (a int);");
        assert_eq!(unfollowed(&s), Vec::<String>::new());
        assert!(s.table(&QName::from_expectation("ledger.t")).is_some());
        let s = model(
            "SELECT pg_catalog.set_config('search_path', 'ledger', false); CREATE TABLE t (a int);",
        );
        assert!(s.table(&QName::from_expectation("ledger.t")).is_some());
        assert_eq!(unfollowed(&s), Vec::<String>::new());
    }

    #[test]
    fn a_search_path_the_model_cannot_follow_leaves_unqualified_names_unfollowed() {
        for sql in [
            // A lookup may find the name in either schema.
            "SET search_path TO a, b; CREATE TABLE t (x int);",
            // Local settings end with the transaction.
            "SET LOCAL search_path = a; CREATE TABLE t (x int);",
            "SELECT set_config('search_path', 'a', true); CREATE TABLE t (x int);",
            // An empty path has no schema to create in.
            "SELECT set_config('search_path', '', false); CREATE TABLE t (x int);",
        ] {
            let s = model(sql);
            assert!(!unfollowed(&s).is_empty(), "{sql}");
        }
        // A type the model did not see made may be a built-in one it does not know.
        let s = model("SET search_path = a; CREATE TABLE t (x citext);");
        assert_eq!(unfollowed(&s), ["a.t"]);
        // Qualified names and the default path again are followed.
        let s = model("SET search_path TO a, b; CREATE TABLE public.t (x int);");
        assert_eq!(unfollowed(&s), Vec::<String>::new());
        let s =
            model("SET search_path TO a, b; SET search_path TO DEFAULT; CREATE TABLE t (x int);");
        assert_eq!(unfollowed(&s), Vec::<String>::new());
        assert!(s.table(&QName::from_expectation("t")).is_some());
    }
}
