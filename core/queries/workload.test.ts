import assert from 'node:assert/strict';
import { openPglite } from '../db/pglite.ts';
import { migrate } from '../db/migrate.ts';
import type { Database } from '../db/database.ts';
import { makeCore, makeInstitution, publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import { submitReport } from '../commands/reportSubmitter.ts';
import { claimCase } from '../commands/caseClaimer.ts';
import { recordTime } from '../commands/timeRecorder.ts';
import { readWorkload } from './workload.ts';

describe('workload', () => {
  let db: Database;
  before(async () => {
    db = await openPglite('memory://');
    await migrate(db);
  });
  after(() => db.close());

  it('adds up open cases, overdue first contacts and time against the allocation; lead only', async () => {
    let now = new Date('2026-11-02T10:00:00Z'); // a Monday
    const core = makeCore(db, { clock: () => now });
    const inst = await makeInstitution(core);
    const lead = await staffActor(core, inst.id, 'lead');
    const sam = await staffActor(core, inst.id, 'case_manager', 2);
    const jo = await staffActor(core, inst.id, 'case_manager', 1);
    const a = await submitReport(core, publicActor(inst.id), sampleReport());
    const b = await submitReport(core, publicActor(inst.id), sampleReport());
    await claimCase(core, sam, { caseId: a.caseId });
    await claimCase(core, sam, { caseId: b.caseId });
    await recordTime(core, sam, { caseId: a.caseId, minutes: 200, onDate: '2026-10-20' });
    await recordTime(core, sam, { caseId: a.caseId, minutes: 100 });
    await recordTime(core, sam, { caseId: b.caseId, minutes: 30 });
    now = new Date('2026-11-06T10:00:00Z'); // first contact (2 working days) is now overdue

    const w = await readWorkload(core, lead);
    assert.equal(w.weekStart, '2026-11-02');
    assert.equal(w.periodStart, '2026-10-12');
    assert.equal(w.hoursPerCase, 4);
    const s = w.people.find((p) => p.staffId === sam.staffId)!;
    assert.deepEqual(
      { open: s.openCases, overdue: s.overdueFirstContact, week: s.minutesThisWeek, period: s.minutesInPeriod, allocated: s.allocatedMinutesInPeriod, left: s.remainingEstimateMinutes },
      { open: 2, overdue: 2, week: 130, period: 330, allocated: 4 * 450, left: 2 * 240 - 240 - 30 },
    );
    assert.equal(w.people.find((p) => p.staffId === jo.staffId)!.openCases, 0);
    assert.deepEqual(w.overBudget.map((c) => [c.caseId, c.minutes]), [[a.caseId, 300]]);

    // A case the lead is excluded from (by another lead) is not listed by reference.
    await db.query('UPDATE cases SET restricted_staff = $2 WHERE id = $1', [a.caseId, [lead.staffId]]);
    assert.deepEqual((await readWorkload(core, lead)).overBudget, []);
    await assert.rejects(readWorkload(core, sam), /Only a lead/);
  });
});
