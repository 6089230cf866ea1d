import assert from 'node:assert/strict';
import { forEachEngine } from '../../test/support/engines.ts';
import { makeCore, makeInstitution, publicActor, sampleReport } from '../../test/factories.ts';
import { submitReport } from './reportSubmitter.ts';
import { verifyLedger } from '../ledger/verify.ts';

forEachEngine('100 concurrent submissions', (getDb) => {
  it('stores every one, with unique references and a valid chain', async () => {
    const core = makeCore(getDb());
    const inst = await makeInstitution(core);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => submitReport(core, publicActor(inst.id), sampleReport({ kind: i % 3 === 0 ? 'anonymous' : 'adviser', narrative: `Concurrent report ${i}` }))),
    );
    assert.equal(new Set(results.map((r) => r.reference)).size, 100);
    const count = await core.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reports WHERE institution_id = $1', [inst.id]);
    assert.equal(Number(count.rows[0]!.n), 100);
    const v = await verifyLedger(core.db, core.keyring, inst.id);
    assert.equal(v.ok, true, JSON.stringify(v.firstBad));
    assert.equal(v.entries, 100);
    assert.equal(v.checkpoints, 100);
  });

  it('a double submit with the same form key stores the report once', async () => {
    const core = makeCore(getDb());
    const inst = await makeInstitution(core);
    const outcomes = await Promise.allSettled([1, 2].map(() => submitReport(core, publicActor(inst.id), sampleReport(), 'form-key-1')));
    assert.deepEqual(outcomes.map((o) => o.status).sort(), ['fulfilled', 'rejected']);
    const count = await core.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases WHERE institution_id = $1', [inst.id]);
    assert.equal(Number(count.rows[0]!.n), 1);
    assert.equal((await verifyLedger(core.db, core.keyring, inst.id)).ok, true);
  });
});
