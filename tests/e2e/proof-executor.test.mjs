// The proof worker's executor (public/proof/execute.js) follows the contract of
// crates/review/src/proof.rs, here on PGlite in Node: every conformance fixture's
// answers (the CLI's executor passes the same fixtures against PostgreSQL), and the
// progress it reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { execute } from '../../public/proof/execute.js';

const CONFORMANCE = new URL('../../fixtures/proof/conformance/', import.meta.url);
const cases = readdirSync(CONFORMANCE).filter((name) => name.endsWith('.json'));

test('there are conformance fixtures', () => {
  assert.ok(cases.length >= 4, cases.join(', '));
});

for (const name of cases) {
  const { about, plan, executed: expected } = JSON.parse(readFileSync(new URL(name, CONFORMANCE), 'utf8'));
  test(`conformance: ${name}: ${about}`, async () => {
    const db = await PGlite.create();
    const heard = [];
    const executed = await execute(db, plan, (p) => heard.push(p));
    await db.close();
    assert.match(executed.engine, /^PostgreSQL \d+\.\d+ \(PGlite 0\.5\.16\)/);
    assert.deepEqual({ ...executed, engine: '' }, expected);
    // What it ran, each part announced before it ran: no migration after a baseline
    // that did not apply.
    const baselineApplied = (expected.baseline ?? []).every((answer) => answer.ok);
    assert.deepEqual(heard, [
      ...(plan.baseline?.length ? [{ baseline: plan.baseline.length }] : []),
      ...(baselineApplied ? [{ migration: plan.migration.length }] : []),
      ...expected.probes.map((_, probe) => ({ probe })),
    ]);
  });
}
