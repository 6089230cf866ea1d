import { openMigratedPglite } from '../../test/support/pglite.ts';
import assert from 'node:assert/strict';
import { makeCore, makeInstitution, publicActor, sampleReport } from '../../test/factories.ts';
import { submitReport } from './reportSubmitter.ts';
import { verifyLedger } from '../ledger/verify.ts';

describe('submitReport (quick, PGlite)', () => {
  it('stores the report encrypted, chains it and signs a checkpoint', async () => {
    const db = await openMigratedPglite();
    const core = makeCore(db);
    const inst = await makeInstitution(core);
    const r = await submitReport(core, publicActor(inst.id), sampleReport());
    assert.match(r.reference, /^HR-\d{4}-0001$/);
    assert.match(r.followUpCode, /^[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/);
    const v = await verifyLedger(db, core.keyring, inst.id);
    assert.equal(v.ok, true, JSON.stringify(v.firstBad));
    assert.equal(v.reports, 1);
    await db.close();
  });
});
