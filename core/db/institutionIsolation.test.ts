import assert from 'node:assert/strict';
import { forEachEngine } from '../../test/support/engines.ts';
import { makeCore, makeInstitution, publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import { submitReport } from '../commands/reportSubmitter.ts';
import { readCase } from '../queries/caseReader.ts';
import { listCases } from '../queries/caseList.ts';
import { claimCase } from '../commands/caseClaimer.ts';

forEachEngine('institutions are kept apart by row-level security', (getDb) => {
  it("one institution's staff can neither list, read nor act on another's cases", async () => {
    const core = makeCore(getDb());
    const a = await makeInstitution(core, 'University A');
    const b = await makeInstitution(core, 'University B');
    const { caseId } = await submitReport(core, publicActor(b.id), sampleReport());
    const leadA = await staffActor(core, a.id, 'lead');
    assert.equal((await listCases(core, leadA)).items.length, 0);
    await assert.rejects(readCase(core, leadA, caseId), /does not exist/);
    await assert.rejects(claimCase(core, leadA, { caseId }), /does not exist/);
  });

  it('even a raw query in a scoped transaction sees only its own institution', async () => {
    const core = makeCore(getDb());
    const a = await makeInstitution(core);
    const b = await makeInstitution(core);
    await submitReport(core, publicActor(a.id), sampleReport());
    await submitReport(core, publicActor(b.id), sampleReport());
    const seen = await core.db.forInstitution(a.id, (tx) => tx.query<{ institution_id: string }>('SELECT institution_id FROM cases'));
    assert.deepEqual([...new Set(seen.rows.map((r) => r.institution_id))], [a.id]);
    const staffSeen = await core.db.forInstitution(a.id, (tx) => tx.query<{ institution_id: string }>('SELECT DISTINCT institution_id FROM staff'));
    assert.deepEqual(staffSeen.rows.map((r) => r.institution_id), [a.id]);
    await assert.rejects(
      core.db.forInstitution(a.id, (tx) => tx.query(`INSERT INTO options (institution_id, kind, key, label) VALUES ($1, 'campus', 'x', 'X')`, [b.id])),
      /row-level security|policy/,
    );
  });
});
