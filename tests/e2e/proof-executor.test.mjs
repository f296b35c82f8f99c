// The proof worker's executor (public/proof/execute.js) follows the rules of
// crates/core/src/proof/mod.rs, here on PGlite in Node with a hand-made plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { execute } from '../../public/proof/execute.js';

const plan = {
  migration: [
    'BEGIN',
    'create table pay (id int primary key, amount numeric(12,2) not null, at timestamptz, n bigint)',
    "insert into pay values (1, 1.50, '2020-01-02 03:04:05+00', 9007199254740993)",
    'create unique index pay_amount on pay (amount)',
    'COMMIT',
    'BEGIN',
    'select 1/0',
    'create table never (id int)',
  ],
  probes: [
    {
      gate: 'expected-index',
      subject: 'pay',
      steps: [
        'insert into pay values (2, 1.50, null, null)',
        'insert into pay values (3, 2.00, null, null)',
        'select id, amount, at, n, null from pay order by id',
        'update pay set amount = amount + 1',
      ],
    },
    { gate: 'expected-index', subject: 'pay', steps: ['select count(*) from pay', "select to_regclass('never')::text"] },
  ],
};

test('a hand-made plan is run by the rules: stop at the first error, every probe rolled back, text rows', async () => {
  const db = await PGlite.create();
  const heard = [];
  const executed = await execute(db, plan, (p) => heard.push(p));
  await db.close();

  assert.match(executed.engine, /^PostgreSQL \d+\.\d+ \(PGlite 0\.5\.16\)/);
  assert.deepEqual(heard, [{ migration: 8 }, { probe: 0 }, { probe: 1 }]);

  // The file's own BEGIN/COMMIT ran as written; the division stopped the migration,
  // and the transaction it aborted does not keep the probes from running.
  assert.equal(executed.migration.length, 7);
  assert.deepEqual(executed.migration.slice(0, 6).map((a) => a.ok), [true, true, true, true, true, true]);
  assert.equal(executed.migration[2].affected, 1);
  assert.deepEqual(executed.migration[6], { ok: false, sqlstate: '22012', message: 'division by zero', rows: [], affected: 0 });

  const [first, second] = executed.probes;
  assert.equal(first.length, 4);
  assert.deepEqual(first[0], {
    ok: false,
    sqlstate: '23505',
    message: 'duplicate key value violates unique constraint "pay_amount"',
    constraint: 'pay_amount',
    rows: [],
    affected: 0,
  });
  // The refused insert was rolled back to its savepoint; the next step still ran.
  assert.deepEqual(first[1], { ok: true, rows: [], affected: 1 });
  // Every value as PostgreSQL's text: no JS number, no Date; NULL as null.
  assert.deepEqual(first[2].rows, [
    ['1', '1.50', '2020-01-02 03:04:05+00', '9007199254740993', null],
    ['3', '2.00', null, null, null],
  ]);
  assert.equal(first[3].affected, 2);
  // The probe before was rolled back, and the statement after the failure never ran.
  assert.deepEqual(second, [
    { ok: true, rows: [['1']], affected: 0 },
    { ok: true, rows: [[null]], affected: 0 },
  ]);
});
