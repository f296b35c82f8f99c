// Runs a proof plan (crates/review/src/proof.rs: Plan in, Executed out) by the rules in
// that module's doc, so the browser reaches the same proofs as `secondlook check --prove`.
// `db` is a fresh PGlite; `progress` hears { baseline } before a baseline,
// { migration } before the migration and { probe: index } before each probe.

// Every value as PostgreSQL's own text, whatever its type: no executor may round a
// numeric through a JS number or turn a timestamp into a Date. (PGlite copies a query's
// own parsers into a plain object, so only the database-wide table can be this proxy.)
const AS_TEXT = new Proxy({}, { get: () => (text) => text });
const QUERY = { rowMode: 'array' };

export async function execute(db, plan, progress = () => {}) {
  db.parsers = AS_TEXT;
  const engine = (await db.exec('select version()', QUERY))[0].rows[0][0];
  const baseline = [];
  const scaffold = [];
  const migration = [];
  // A plan without a baseline or a scaffold gets none back, as the command line's
  // executor writes it.
  const executed = (catalog = [], probes = []) => ({
    engine,
    ...(plan.baseline?.length ? { baseline } : {}),
    ...(scaffold.length ? { scaffold } : {}),
    migration,
    catalog,
    probes,
  });
  if (plan.baseline?.length) {
    progress({ baseline: plan.baseline.length });
    if (!(await inOrder(db, plan.baseline, baseline))) return executed();
  }
  if (plan.scaffold?.length) {
    // Committed, unlike a probe: the migration meets these rows. The COMMIT's answer last.
    scaffold.push(...(await inTransaction(db, plan.scaffold)));
    scaffold.push(await run(db, 'COMMIT'));
  }
  progress({ migration: plan.migration.length });
  if (!(await inOrder(db, plan.migration, migration))) return executed();
  const catalog = await inProbe(db, plan.catalog ?? []);
  const probes = [];
  for (const [index, probe] of plan.probes.entries()) {
    progress({ probe: index });
    probes.push(await inProbe(db, probe.steps));
  }
  return executed(catalog, probes);
}

// Each query in order into `answers`, up to the first PostgreSQL refuses (its answer
// last); whether all applied. A baseline or migration that did not apply gets nothing
// after it: nothing can be shown of a schema that never came to be.
async function inOrder(db, sent, answers) {
  for (const { sql } of sent) {
    const answer = await run(db, sql);
    answers.push(answer);
    if (!answer.ok) {
      // Ends a transaction the error aborted (only a warning otherwise).
      await db.exec('ROLLBACK');
      return false;
    }
  }
  return true;
}

async function inProbe(db, steps) {
  try {
    return await inTransaction(db, steps);
  } finally {
    await db.exec('ROLLBACK');
  }
}

// Opens a transaction and runs each step in a savepoint, so one refused step does not
// abort those after it; the transaction is left open.
async function inTransaction(db, steps) {
  const answers = [];
  await db.exec('BEGIN');
  for (const step of steps) {
    await db.exec('SAVEPOINT step');
    const answer = await run(db, step);
    await db.exec(answer.ok ? 'RELEASE SAVEPOINT step' : 'ROLLBACK TO SAVEPOINT step');
    answers.push(answer);
  }
  return answers;
}

// One simple query: the rows of its statements, in order, and the rows they changed
// summed; or the error PostgreSQL raised.
async function run(db, sql) {
  try {
    const results = await db.exec(sql, QUERY);
    return {
      ok: true,
      rows: results.flatMap((result) => (result.fields.length ? result.rows : [])),
      affected: results.reduce((sum, result) => sum + (result.fields.length ? 0 : (result.affectedRows ?? 0)), 0),
    };
  } catch (error) {
    if (error?.code === undefined) throw error;
    const answer = { ok: false, sqlstate: error.code, message: error.message, rows: [], affected: 0 };
    if (error.constraint) answer.constraint = error.constraint;
    return answer;
  }
}
