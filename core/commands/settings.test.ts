import assert from 'node:assert/strict';
import { openPglite } from '../db/pglite.ts';
import { migrate } from '../db/migrate.ts';
import type { Database } from '../db/database.ts';
import type { Core } from '../core.ts';
import { makeCore, makeInstitution, publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import { listOptions } from '../options.ts';
import { loadInstitution } from '../institutions.ts';
import { verifyLedger } from '../ledger/verify.ts';
import { submitReport } from './reportSubmitter.ts';
import { saveOption, optionKeyFromLabel } from './settingsOptions.ts';
import { saveStaff } from './settingsStaff.ts';
import { saveGeneralSettings, saveTexts } from './settingsInstitution.ts';
import { deleteService, markServiceReviewed, saveService, listServicesForSettings } from './settingsDirectory.ts';

describe('settings (administrators, audited)', () => {
  let db: Database;
  let core: Core;
  before(async () => {
    db = await openPglite('memory://');
    await migrate(db);
    core = makeCore(db, { clock: () => new Date('2026-11-10T09:00:00Z') });
  });
  after(() => db.close());

  const audit = (institutionId: string) =>
    db.query<{ area: string; action: string; target: string; before: unknown; after: unknown; ledger_seq: number }>('SELECT area, action, target, before, after, ledger_seq FROM admin_audit WHERE institution_id = $1 ORDER BY ledger_seq', [institutionId]);

  it('edits lists: a new category reaches the form, a switched-off one leaves it, buildings need a campus', async () => {
    const inst = await makeInstitution(core);
    const admin = await staffActor(core, inst.id, 'admin');
    assert.equal(optionKeyFromLabel("Students' Union – Bar"), 'students_union_bar');
    const added = await saveOption(core, admin, { kind: 'category', label: 'Spiking' });
    assert.equal(added.key, 'spiking');
    await submitReport(core, publicActor(inst.id), sampleReport({ categories: ['spiking'] }));
    await saveOption(core, admin, { kind: 'category', key: 'spiking', label: 'Spiking (drink or needle)', active: false });
    const cats = await db.query<{ label: string; active: boolean }>(`SELECT label, active FROM options WHERE institution_id = $1 AND key = 'spiking'`, [inst.id]);
    assert.deepEqual(cats.rows[0], { label: 'Spiking (drink or needle)', active: false });
    assert.ok(!(await db.forInstitution(inst.id, (tx) => listOptions(tx, 'category'))).some((o) => o.key === 'spiking'));
    await assert.rejects(submitReport(core, publicActor(inst.id), sampleReport({ categories: ['spiking'] })), /categories/);
    await assert.rejects(saveOption(core, admin, { kind: 'building', label: 'Lab', parentKey: 'moon' }), /campus the building is on/);
    await saveOption(core, admin, { kind: 'building', label: 'Science lab', parentKey: 'park' });
    const rows = (await audit(inst.id)).rows;
    assert.deepEqual(rows.map((r) => [r.area, r.action, r.target]), [['option', 'added', 'category:spiking'], ['option', 'updated', 'category:spiking'], ['option', 'added', 'building:science_lab']]);
    assert.equal((rows[1]!.before as { label: string }).label, 'Spiking');
    const v = await verifyLedger(db, core.keyring, inst.id);
    assert.equal(v.ok, true, JSON.stringify(v.firstBad));
  });

  it('refuses everyone but administrators, and writes nothing when refused', async () => {
    const inst = await makeInstitution(core);
    for (const role of ['lead', 'case_manager', 'responder', 'auditor'] as const) {
      const who = await staffActor(core, inst.id, role);
      await assert.rejects(saveOption(core, who, { kind: 'campus', label: 'Moon' }), /Only an administrator/);
      await assert.rejects(saveGeneralSettings(core, who, { firstContactWorkingDays: 1, retentionYears: 6, hoursPerCase: 4, directoryReviewMonths: 6, emergencyPhone: '999', securityPhone: '' }), /Only an administrator/);
    }
    await assert.rejects(saveOption(core, publicActor(inst.id), { kind: 'campus', label: 'Moon' }), /Only an administrator/);
    assert.equal((await audit(inst.id)).rowCount, 0);
  });

  it('staff: adds a case manager with hours, a responder needs a department, an admin cannot lock themselves out', async () => {
    const inst = await makeInstitution(core);
    const admin = await staffActor(core, inst.id, 'admin');
    const added = await saveStaff(core, admin, { email: 'Kim.New@Example.ac.uk', displayName: 'Kim New', roles: ['case_manager'], weeklyHours: 15 });
    assert.equal(added.email, 'kim.new@example.ac.uk');
    assert.equal(added.weeklyHours, 15);
    await assert.rejects(saveStaff(core, admin, { email: 'x@example.ac.uk', displayName: 'X', roles: ['responder'], weeklyHours: 0 }), (e: { details?: Record<string, string> }) => Boolean(e.details?.departmentKey));
    await assert.rejects(saveStaff(core, admin, { email: 'kim.new@example.ac.uk', displayName: 'Kim again', roles: [], weeklyHours: 0 }), /already on the staff list/);
    await assert.rejects(saveStaff(core, admin, { id: admin.staffId, email: 'robin.admin@x.example.ac.uk', displayName: 'Robin', roles: ['lead'], weeklyHours: 0 }), (e: { details?: Record<string, string> }) => /own administrator access/.test(e.details?.roles ?? ''));
    const left = await saveStaff(core, admin, { id: added.id, email: added.email, displayName: 'Kim New', roles: ['case_manager'], weeklyHours: 15, active: false });
    assert.equal(left.active, false);
    assert.deepEqual((await audit(inst.id)).rows.map((r) => r.action), ['added', 'updated']);
  });

  it('general settings and texts: first-contact target applies to new cases; unknown text keys are refused', async () => {
    const inst = await makeInstitution(core);
    const admin = await staffActor(core, inst.id, 'admin');
    await saveGeneralSettings(core, admin, { firstContactWorkingDays: 5, retentionYears: 7, hoursPerCase: 3.5, directoryReviewMonths: 12, emergencyPhone: '999', securityPhone: '0113 000 1111' });
    const s = (await db.forInstitution(inst.id, (tx) => loadInstitution(tx, inst.id))).settings;
    assert.deepEqual([s.firstContactWorkingDays, s.retentionYears, s.hoursPerCase, s.securityPhone], [5, 7, 3.5, '0113 000 1111']);
    const r = await submitReport(core, publicActor(inst.id), sampleReport());
    const due = await db.query<{ d: string }>('SELECT first_contact_due::text AS d FROM cases WHERE id = $1', [r.caseId]);
    assert.equal(due.rows[0]!.d, '2026-11-17'); // Tuesday + 5 working days
    await assert.rejects(saveGeneralSettings(core, admin, { firstContactWorkingDays: 0, retentionYears: 7, hoursPerCase: 4, directoryReviewMonths: 6, emergencyPhone: '999', securityPhone: '' }), /firstContactWorkingDays/);

    const allowed = ['landing.intro', 'report.intro'];
    await saveTexts(core, admin, { texts: { 'landing.intro': '  Tell us what happened.  ', 'report.intro': '' }, allowed });
    await assert.rejects(saveTexts(core, admin, { texts: { 'ws.title': 'x' }, allowed }), /texts/);
    assert.deepEqual((await db.forInstitution(inst.id, (tx) => loadInstitution(tx, inst.id))).settings.texts, { 'landing.intro': 'Tell us what happened.' });
    await saveTexts(core, admin, { texts: { 'landing.intro': '' }, allowed });
    assert.deepEqual((await db.forInstitution(inst.id, (tx) => loadInstitution(tx, inst.id))).settings.texts, {});
  });

  it('support directory: add, review, delete, each dated and audited', async () => {
    const inst = await makeInstitution(core);
    const admin = await staffActor(core, inst.id, 'admin');
    const { id } = await saveService(core, admin, { name: 'Chaplaincy', description: 'Multi-faith support.', audience: ['students', 'staff'], categories: ['hate_incident'], internal: true, url: 'https://example.ac.uk/chaplaincy' });
    await assert.rejects(saveService(core, admin, { name: 'Bad', audience: ['students'], internal: false, url: 'javascript:alert(1)' }), /url/);
    await db.query(`UPDATE support_services SET last_reviewed_at = '2025-01-01' WHERE id = $1`, [id]);
    await markServiceReviewed(core, admin, { id });
    const row = (await db.forInstitution(inst.id, (tx) => listServicesForSettings(tx))).find((s) => s.id === id)!;
    assert.deepEqual([row.last_reviewed_at, row.reviewed_by], ['2026-11-10', 'Robin Clarke']);
    await deleteService(core, admin, { id });
    assert.deepEqual((await audit(inst.id)).rows.map((r) => r.action), ['added', 'reviewed', 'removed']);
    await assert.rejects(db.query('DELETE FROM admin_audit WHERE institution_id = $1', [inst.id]), /append-only/);
  });
});
