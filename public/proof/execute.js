// Runs a proof plan (crates/core/src/proof/mod.rs: Plan in, Executed out) by the rules in
// that module's doc, so the browser reaches the same proofs as `secondlook check --prove`.
// `db` is a fresh PGlite; `progress` hears { migration } before the migration and
// { probe: index } before each probe.

// Every value as PostgreSQL's own text, whatever its type: no executor may round a
// numeric through a JS number or turn a timestamp into a Date. (PGlite copies a query's
// own parsers into a plain object, so only the database-wide table can be this proxy.)
const AS_TEXT = new Proxy({}, { get: () => (text) => text });
const QUERY = { rowMode: 'array' };

export async function execute(db, plan, progress = () => {}) {
  db.parsers = AS_TEXT;
  const engine = (await db.exec('select version()', QUERY))[0].rows[0][0];
  progress({ migration: plan.migration.length });
  const migration = [];
  for (const statement of plan.migration) {
    const answer = await run(db, statement);
    migration.push(answer);
    if (!answer.ok) {
      // A statement that failed inside the file's own transaction leaves it aborted;
      // the probes still run (the core judges them inconclusive), so end it.
      await db.exec('ROLLBACK');
      break;
    }
  }
  const probes = [];
  for (const [index, probe] of plan.probes.entries()) {
    progress({ probe: index });
    probes.push(await runProbe(db, probe));
  }
  return { engine, migration, probes };
}

async function runProbe(db, probe) {
  const answers = [];
  await db.exec('BEGIN');
  try {
    for (const step of probe.steps) {
      await db.exec('SAVEPOINT step');
      const answer = await run(db, step);
      await db.exec(answer.ok ? 'RELEASE SAVEPOINT step' : 'ROLLBACK TO SAVEPOINT step');
      answers.push(answer);
    }
  } finally {
    await db.exec('ROLLBACK');
  }
  return answers;
}

// One statement as its own simple query: its answer, or the error PostgreSQL raised.
async function run(db, sql) {
  try {
    const results = await db.exec(sql, QUERY);
    const last = results.at(-1);
    return {
      ok: true,
      rows: last?.fields.length ? last.rows : [],
      affected: results.reduce((sum, result) => sum + (result.affectedRows ?? 0), 0),
    };
  } catch (error) {
    if (error?.code === undefined) throw error;
    const answer = { ok: false, sqlstate: error.code, message: error.message, rows: [], affected: 0 };
    if (error.constraint) answer.constraint = error.constraint;
    return answer;
  }
}
