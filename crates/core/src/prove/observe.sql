-- What this session holds and has done, per user relation (crates/core/src/prove/observe.rs):
-- its transaction, PostgreSQL's clock (seconds since 1970, as numeric: its text does not
-- depend on settings the migration may change), and for each table, partitioned table, index and materialized view,
-- or relation it holds a lock on, its file, its scan count in the transaction and the
-- lock modes it holds. It runs between the migration's statements, in their session and
-- transaction, so it changes nothing (no SET, no write) and names every function,
-- operator and type with pg_catalog: the migration may have put its own first on the
-- search_path.
select x.xact, x.clock, r.oid, r.nspname, r.relname, r.relkind, r.filenode, r.scans, r.modes
from (select (select l.virtualxid::pg_catalog.text from pg_catalog.pg_locks l
        where l.locktype operator(pg_catalog.=) 'virtualxid'
          and l.pid operator(pg_catalog.=) pg_catalog.pg_backend_pid()
          and l.granted and l.mode operator(pg_catalog.=) 'ExclusiveLock'
        limit 1) as xact,
      pg_catalog.extract('epoch', pg_catalog.clock_timestamp())::pg_catalog.text as clock) x
left join (
  select o.oid::pg_catalog.text as oid, n.nspname::pg_catalog.text as nspname,
    c.relname::pg_catalog.text as relname, c.relkind::pg_catalog.text as relkind,
    pg_catalog.pg_relation_filenode(o.oid)::pg_catalog.text as filenode,
    pg_catalog.pg_stat_get_xact_numscans(o.oid)::pg_catalog.text as scans,
    (select pg_catalog.string_agg(l.mode::pg_catalog.text, ',' order by l.mode)
      from pg_catalog.pg_locks l
      where l.locktype operator(pg_catalog.=) 'relation' and l.granted
        and l.pid operator(pg_catalog.=) pg_catalog.pg_backend_pid()
        and l.relation operator(pg_catalog.=) o.oid) as modes
  from (
    -- a relation dropped in this transaction is gone from pg_class, not from its locks
    select c.oid from pg_catalog.pg_class c
    where c.oid operator(pg_catalog.>=) 16384::pg_catalog.oid
      and c.relkind operator(pg_catalog.=) any ('{r,p,i,I,m}'::pg_catalog."char"[])
      and c.relpersistence operator(pg_catalog.<>) 't'
      and c.relnamespace operator(pg_catalog.<>) 'pg_toast'::pg_catalog.regnamespace
    union
    select l.relation from pg_catalog.pg_locks l
    where l.locktype operator(pg_catalog.=) 'relation'
      and l.pid operator(pg_catalog.=) pg_catalog.pg_backend_pid()
      and l.relation operator(pg_catalog.>=) 16384::pg_catalog.oid
  ) o
  left join pg_catalog.pg_class c on c.oid operator(pg_catalog.=) o.oid
  left join pg_catalog.pg_namespace n on n.oid operator(pg_catalog.=) c.relnamespace
) r on true
order by r.oid::pg_catalog.oid
