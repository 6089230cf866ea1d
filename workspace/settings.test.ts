import assert from 'node:assert/strict';
import { startWorkspaceApp, type WorkspaceTestApp } from './testing/testApp.ts';
import { loadInstitution } from '../core/institutions.ts';

describe('settings over HTTP (administrators only, no code needed)', () => {
  let app: WorkspaceTestApp;
  before(async () => {
    app = await startWorkspaceApp();
  });
  after(() => app.close());
  const audit = async () => (await app.db.query<{ area: string; action: string }>('SELECT area, action FROM admin_audit WHERE institution_id = $1 ORDER BY ledger_seq', [app.inst.id])).rows.map((r) => `${r.area}.${r.action}`);

  it('is offered and open to administrators only', async () => {
    for (const role of ['lead', 'case_manager', 'responder', 'auditor'] as const) {
      const c = await app.signedIn(role);
      assert.equal((await c.get('/tab/settings')).status, 403, role);
      assert.doesNotMatch((await c.get('/tab/cases')).html, /href="\/tab\/settings"/, role);
    }
    const admin = await app.signedIn('admin');
    const home = await admin.get('/tab');
    assert.equal(home.location, '/tab/settings');
    assert.match((await admin.get('/tab/settings')).html, /href="\/tab\/settings"/);
    const lead = await app.signedIn('lead');
    assert.equal((await lead.post('/tab/settings/general', { firstContactWorkingDays: '1', retentionYears: '1', hoursPerCase: '1', directoryReviewMonths: '1', emergencyPhone: '999' }, '/tab/cases/')).status, 403);
  });

  it('changes the first-contact target, lists, staff, texts and the directory; each change in the history', async () => {
    const admin = await app.signedIn('admin');
    let r = await admin.post('/tab/settings/general', { firstContactWorkingDays: '3', retentionYears: '7', hoursPerCase: '4', directoryReviewMonths: '6', emergencyPhone: '999', securityPhone: '0113 000 0000' }, '/tab/settings');
    assert.equal(r.location, '/tab/settings?done=1');
    assert.match((await admin.get('/tab/settings?done=1')).html, /Saved\./);
    const bad = await admin.post('/tab/settings/general', { firstContactWorkingDays: '0', retentionYears: '7', hoursPerCase: '4', directoryReviewMonths: '6', emergencyPhone: '999' }, '/tab/settings');
    assert.equal(bad.status, 400);
    assert.match(bad.html, /First contact within \(working days\): at least 1 working day/);
    assert.equal((await app.db.forInstitution(app.inst.id, (tx) => loadInstitution(tx, app.inst.id))).settings.firstContactWorkingDays, 3);

    r = await admin.post('/tab/settings/lists', { kind: 'category', label: 'Spiking', description: 'Drinks or needles.', active: '1' }, '/tab/settings/lists?kind=category');
    assert.equal(r.status, 303);
    assert.match((await admin.get('/tab/settings/lists?kind=category')).html, /value="Spiking"/);
    r = await admin.post('/tab/settings/lists', { kind: 'building', label: 'Lab', parentKey: 'nowhere', active: '1' }, '/tab/settings/lists?kind=building');
    assert.equal(r.status, 400);
    assert.match(r.html, /Choose the campus the building is on/);

    r = await admin.post('/tab/settings/staff', { displayName: 'Kim New', email: 'kim.new@example.ac.uk', roles: ['case_manager'], weeklyHours: '15', active: '1' }, '/tab/settings/staff');
    assert.equal(r.status, 303);
    const staff = await admin.get('/tab/settings/staff');
    assert.match(staff.html, /Kim New/);
    r = await admin.post('/tab/settings/staff', { displayName: 'Pat Responder', email: 'pat.r@example.ac.uk', roles: ['responder'], weeklyHours: '0', active: '1' }, '/tab/settings/staff');
    assert.equal(r.status, 400);
    assert.match(r.html, /a responder needs a department/);
    assert.match(r.html, /value="Pat Responder"/);

    r = await admin.post('/tab/settings/directory', { name: 'Chaplaincy', description: 'Multi-faith support.', audience: ['students', 'staff'], internal: '1', url: 'https://example.ac.uk/chaplaincy' }, '/tab/settings/directory');
    assert.equal(r.status, 303);
    const dir = await admin.get('/tab/settings/directory');
    assert.match(dir.html, /Chaplaincy/);
    assert.match(dir.html, /Review due/, 'the demo has an entry past its review date');

    const texts = await admin.get('/tab/settings/texts');
    const key = /name="texts\[([^\]]+)\]"/.exec(texts.html)?.[1];
    if (key) {
      r = await admin.post('/tab/settings/texts', { [`texts[${key}]`]: 'Our own words.' }, '/tab/settings/texts');
      assert.equal(r.status, 303);
      assert.equal((await app.db.forInstitution(app.inst.id, (tx) => loadInstitution(tx, app.inst.id))).settings.texts[key], 'Our own words.');
    }
    const history = await admin.get('/tab/settings/history');
    assert.match(history.html, /Robin Clarke/);
    assert.deepEqual((await audit()).slice(0, 4), ['general.updated', 'option.added', 'staff.added', 'directory.added']);
  });
});
