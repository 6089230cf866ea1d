import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, formatViolations, launchBrowser, screenshot } from '../test/support/browser.ts';
import { installHints, skipOrFail } from '../test/support/skip.ts';
import { publicActor, sampleReport, staffActor } from '../test/factories.ts';
import { assignCase } from '../core/commands/caseAssigner.ts';
import { recordTime } from '../core/commands/timeRecorder.ts';
import { submitReport } from '../core/commands/reportSubmitter.ts';
import { createLocalOffice } from '../graph-integration/index.ts';
import { startWorkspaceApp, type WorkspaceTestApp } from './testing/testApp.ts';

/**
 * The workspace in Chromium as each role uses it: the lead triages and assigns, the case manager
 * writes a note, adds a task, refers to security, books a meeting and closes; the security
 * responder sees only the referral and records what they did; an excluded member of staff can't
 * find or open the case. Every page is checked with axe-core (WCAG 2.2 AA); screenshots for docs.
 */
describe('case workspace in Chromium (each role, axe-core clean)', function () {
  this.timeout(10 * 60_000);
  let browser: Browser;
  let app: WorkspaceTestApp;

  before(async function () {
    const launched = await launchBrowser();
    if (!launched) skipOrFail(this, installHints.chromium);
    browser = launched;
    app = await startWorkspaceApp({ withDb: (db) => ({ calendar: createLocalOffice(db).calendar }) });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Signs in through the demo sign-in page, as a person would. */
  async function signIn(name: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/tab`);
    await page.getByRole('link', { name: 'Choose who to sign in as' }).click();
    await page.getByLabel(new RegExp(`^${name}`)).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }

  async function accessible(page: Page, shot?: string) {
    const violations = await checkAccessibility(page);
    assert.equal(violations.length, 0, `${page.url()}\n${formatViolations(violations)}`);
    if (shot) await screenshot(page, shot);
  }

  it('triage → assign → note → task → referral → meeting → close, as lead, case manager and responder; the excluded colleague sees nothing', async () => {
    const { caseId, reference } = await submitReport(app.core, publicActor(app.inst.id), sampleReport());
    await submitReport(app.core, publicActor(app.inst.id), sampleReport({ kind: 'anonymous', reporter: undefined, narrative: 'Someone shouted abuse at me outside the sports centre.', where: { campus: 'park', building: 'sports' } }));
    await submitReport(app.core, publicActor(app.inst.id), sampleReport({ kind: 'named_record', categories: ['online_abuse'], characteristics: [], narrative: 'Messages in a group chat.', where: {} }));

    const signInPage = await browser.newPage();
    await signInPage.goto(`${app.url}/tab/cases`);
    await accessible(signInPage, 'ws-sign-in');
    await signInPage.close();

    // The lead triages: unassigned cases, the new one, assign to Sam, exclude Jo (conflict of interest).
    const lead = await signIn('Alex Morgan');
    await lead.getByRole('link', { name: 'Unassigned' }).click();
    await accessible(lead, 'ws-cases');
    await lead.getByRole('link', { name: reference }).click();
    await accessible(lead);
    await lead.getByLabel('Move to').selectOption('triaged');
    await lead.getByRole('button', { name: 'Change status' }).click();
    await lead.getByLabel('Assign to').selectOption({ label: 'Sam Patel' });
    await lead.getByRole('button', { name: 'Assign', exact: true }).click();
    await assert.doesNotReject(lead.getByText('The case is assigned.').waitFor());
    await lead.getByLabel('Jo Williams').check();
    await lead.getByRole('button', { name: 'Save who is excluded' }).click();
    await lead.getByText('Access saved.').waitFor();

    // The case manager works the case.
    const sam = await signIn('Sam Patel');
    await sam.getByRole('link', { name: reference }).click();
    await sam.getByLabel('New note').fill('Called the reporter: they would like to meet this week.');
    await sam.getByRole('button', { name: 'Add note' }).click();
    await sam.getByText('Note added.').waitFor();
    await sam.getByLabel('New task').fill('Ask security to keep the library CCTV');
    await sam.getByLabel('Due on').fill('2030-01-15');
    await sam.getByRole('button', { name: 'Add task' }).click();
    await sam.getByText('Task added.').waitFor();
    await sam.getByText('Refer to a department').click();
    await sam.getByLabel('Department').selectOption('security');
    await sam.getByLabel(/^Your summary/).check();
    await sam.getByLabel(/^Place and time/).check();
    await sam.getByLabel("The reporter's consent").check();
    await sam.getByLabel('What you are asking them to do').fill('Please keep the library CCTV from the evening of 20 November.');
    await sam.getByRole('button', { name: 'Send the referral' }).click();
    await sam.getByText('Referral sent.').waitFor();
    await sam.getByLabel('Hours').fill('1');
    await sam.getByLabel('Minutes').fill('15');
    await sam.getByRole('button', { name: 'Record time' }).click();
    await sam.getByText('Time recorded.').waitFor();
    await sam.getByRole('link', { name: 'Book a meeting' }).click();
    await accessible(sam, 'ws-meeting');
    await sam.locator('input[name="slot"]').first().check();
    await sam.getByRole('button', { name: 'Book the meeting' }).click();
    await sam.getByText('Meeting booked.').waitFor();
    await sam.goto(`${app.url}/tab/cases/${caseId}`);
    await accessible(sam, 'ws-case');

    // The security responder sees only the referral, and records what they did.
    const chris = await signIn('Chris Evans');
    await chris.getByRole('link', { name: reference }).click();
    const seen = await chris.content();
    assert.ok(!/Called the reporter|Mallory|Rhiannon/.test(seen), 'no note, no names, no report');
    assert.equal(await chris.getByRole('button', { name: 'Add note' }).count(), 0);
    await chris.getByLabel('What did your department do?').fill('Footage from 18:00–21:00 saved and kept for 90 days.');
    await chris.getByLabel('Our part is done: close the referral').check();
    await chris.getByRole('button', { name: 'Record what was done' }).click();
    await chris.getByText('Recorded.').waitFor();
    await accessible(chris, 'ws-case-responder');

    // Jo, excluded: not in any list, and the address itself says "not found".
    const jo = await signIn('Jo Williams');
    await jo.getByRole('link', { name: 'All cases' }).click();
    assert.equal(await jo.getByRole('link', { name: reference }).count(), 0);
    const refused = await jo.goto(`${app.url}/tab/cases/${caseId}`);
    assert.equal(refused?.status(), 404);
    assert.ok(!(await jo.content()).includes('library'));

    // The case manager closes the case.
    await sam.goto(`${app.url}/tab/cases/${caseId}`);
    await sam.getByText('Close the case').first().click();
    await sam.getByLabel('Outcome').selectOption('support_given');
    await sam.getByRole('button', { name: 'Close the case' }).click();
    await sam.getByText('The case is closed.').waitFor();
    const types = (await app.db.query<{ type: string }>('SELECT type FROM case_events WHERE case_id = $1 ORDER BY at, ledger_seq', [caseId])).rows.map((r) => r.type);
    assert.deepEqual(types, ['case.status_changed', 'case.assigned', 'case.restricted', 'case.note_added', 'case.task_added', 'case.referred', 'case.time_recorded', 'case.meeting_booked', 'referral.responded', 'case.closed']);

    // The lead's workload (with a few more cases under way), the administrator's settings, the demo outbox.
    const [leadActor, joActor, samActor] = [await staffActor(app.core, app.inst.id, 'lead'), await staffActor(app.core, app.inst.id, 'case_manager', 1), await staffActor(app.core, app.inst.id, 'case_manager', 2)];
    for (const [i, who] of [samActor, samActor, samActor, joActor, joActor, leadActor].entries()) {
      const { caseId: id } = await submitReport(app.core, publicActor(app.inst.id), sampleReport({ narrative: `Workload case ${i}.` }));
      await assignCase(app.core, leadActor, { caseId: id, assigneeId: who.staffId });
      await recordTime(app.core, who, { caseId: id, minutes: 60 + i * 55 });
    }
    await lead.goto(`${app.url}/tab/workload`);
    await accessible(lead, 'ws-workload');
    await lead.goto(`${app.url}/tab/outbox`);
    await accessible(lead, 'ws-outbox');
    const robin = await signIn('Robin Clarke');
    await accessible(robin, 'ws-settings');
    for (const [section, shot] of [['lists?kind=building', 'ws-settings-lists'], ['staff', 'ws-settings-staff'], ['texts', undefined], ['directory', 'ws-settings-directory'], ['history', undefined]] as const) {
      await robin.goto(`${app.url}/tab/settings/${section}`);
      await accessible(robin, shot);
    }
  });
});
