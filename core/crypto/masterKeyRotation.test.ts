import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { forEachEngine } from '../../test/support/engines.ts';
import { makeCore, makeInstitution, publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import { submitReport } from '../commands/reportSubmitter.ts';
import { readCase } from '../queries/caseReader.ts';
import { createKeyring } from './keyring.ts';
import { rotateMasterKey } from './masterKeyRotation.ts';
import { verifyLedger } from '../ledger/verify.ts';

forEachEngine('master key rotation', (getDb) => {
  it('re-wraps every key so the old master key can be removed', async () => {
    const oldMaster = crypto.randomBytes(32);
    const newMaster = crypto.randomBytes(32);
    const core = makeCore(getDb(), { masterKey: oldMaster });
    const inst = await makeInstitution(core);
    const { caseId } = await submitReport(core, publicActor(inst.id), sampleReport());
    // Both keys configured, the new one current: what an operator sets before running the command.
    const both = createKeyring(new Map([['test-1', oldMaster], ['k2', newMaster]]), 'k2');
    const counts = await rotateMasterKey(core.db, both);
    assert.ok(counts.caseKeys >= 1 && counts.signingKeys >= 1 && counts.matchKeys >= 1, JSON.stringify(counts));
    const onlyNew = createKeyring(new Map([['k2', newMaster]]), 'k2');
    const view = await readCase({ ...core, keyring: onlyNew }, await staffActor(core, inst.id, 'lead'), caseId);
    assert.ok(view.report);
    assert.equal((await verifyLedger(core.db, onlyNew, inst.id)).ok, true);
    assert.deepEqual(await rotateMasterKey(core.db, onlyNew), { caseKeys: 0, signingKeys: 0, matchKeys: 0 });
  });
});
