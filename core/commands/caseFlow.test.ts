import { openMigratedPglite } from '../../test/support/pglite.ts';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { makeCore, makeInstitution, publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import { submitReport } from './reportSubmitter.ts';
import { claimCase } from './caseClaimer.ts';
import { assignCase } from './caseAssigner.ts';
import { addNote } from './noteAdder.ts';
import { addTask } from './taskAdder.ts';
import { referCase } from './referralMaker.ts';
import { closeCase } from './caseCloser.ts';
import { readCase } from '../queries/caseReader.ts';
import { listCases } from '../queries/caseList.ts';
import { verifyLedger } from '../ledger/verify.ts';
import { DomainError } from '../errors.ts';

describe('a case from report to closure (PGlite)', () => {
  let db: Database;
  before(async () => {
    db = await openMigratedPglite();
  });
  after(() => db.close());

  it('claims, notes, tasks, refers, closes; every step in the ledger and the access log', async () => {
    const core = makeCore(db);
    const inst = await makeInstitution(core);
    const lead = await staffActor(core, inst.id, 'lead');
    const cm = await staffActor(core, inst.id, 'case_manager', 1);
    const security = (await staffActor(core, inst.id, 'responder')).departmentKey === 'security' ? await staffActor(core, inst.id, 'responder') : await staffActor(core, inst.id, 'responder', 1);
    const { caseId } = await submitReport(core, publicActor(inst.id), sampleReport());
    await claimCase(core, cm, { caseId });
    await assert.rejects(claimCase(core, lead, { caseId }), (e: DomainError) => e.code === 'conflict' && /already with/.test(e.message));
    await addNote(core, cm, { caseId, text: 'Called the reporter; meeting next week.' });
    await addTask(core, cm, { caseId, title: 'Check CCTV request', dueOn: '2026-12-10' });
    await referCase(core, cm, { caseId, departmentKey: 'security', shared: ['summary', 'place_and_time'], basis: 'consent', summary: 'Please review library CCTV for the evening.' });
    await assignCase(core, lead, { caseId, assigneeId: lead.staffId });

    const seenByResponder = await readCase(core, security, caseId);
    assert.equal(seenByResponder.report, null);
    assert.equal(seenByResponder.referrals.length, 1);
    assert.ok(!seenByResponder.timeline.some((t) => t.type === 'case.note_added'));

    const view = await readCase(core, lead, caseId);
    assert.equal((view.report!.recorded as { report: { narrative: string } }).report.narrative, sampleReport().narrative);
    assert.deepEqual(view.tasks.map((t) => t.title), ['Check CCTV request']);
    await closeCase(core, lead, { caseId, outcome: 'support_given' });
    const page = await listCases(core, lead, { status: 'closed' });
    assert.equal(page.items.length, 1);
    const access = await db.query<{ what: string }>('SELECT what FROM access_log WHERE case_id = $1 ORDER BY id', [caseId]);
    assert.deepEqual(access.rows.map((r) => r.what), ['referral.viewed', 'case.viewed']);
    const v = await verifyLedger(db, core.keyring, inst.id);
    assert.equal(v.ok, true, JSON.stringify(v.firstBad));
    assert.equal(v.events, 6);
  });
});
