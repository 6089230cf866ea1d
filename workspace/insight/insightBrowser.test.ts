import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { submitReport } from '../../core/commands/reportSubmitter.ts';
import { claimCase } from '../../core/commands/caseClaimer.ts';
import { closeCase } from '../../core/commands/caseCloser.ts';
import { messageReporter } from '../../core/commands/reporterMessenger.ts';
import { readCase } from '../../core/queries/caseReader.ts';
import { detectUnusualAccess } from '../../core/accessReview/unusualAccess.ts';
import { recordSubjectRequest } from '../../core/subjectRights/requests.ts';
import { publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import { checkAccessibility, formatViolations, launchBrowser, screenshot } from '../../test/support/browser.ts';
import { installHints, skipOrFail } from '../../test/support/skip.ts';
import type { ReportInput } from '../../core/model/report.ts';
import { startInsightApp, type InsightTestApp } from './testing/insightApp.ts';

const CATEGORIES = [['harassment'], ['bullying'], ['sexual_harassment'], ['hate_incident'], ['online_abuse'], ['harassment', 'hate_incident'], ['stalking'], ['discrimination']];
const CHARACTERISTICS = [['race'], ['religion'], [], ['sexual_orientation'], ['disability'], [], ['gender_identity'], ['race', 'religion']];
const WHERE: ReportInput['where'][] = [{ campus: 'city' }, { campus: 'park' }, { online: 'Instagram' }, { campus: 'city', building: 'library' }, { offCampus: 'night bus' }];
const KINDS = ['adviser', 'named_record', 'anonymous'] as const;

describe('insight pages in Chromium: accessibility (WCAG 2.2 AA) and screenshots', function () {
  this.timeout(300_000);
  let app: InsightTestApp;
  let browser: Browser | null;
  let now = new Date('2025-08-04T09:00:00Z');

  /** A plausible term: reports every few days with varied facets, most contacted in time, many closed. */
  before(async function () {
    browser = await launchBrowser();
    if (!browser) skipOrFail(this, installHints.chromium);
    app = await startInsightApp({ clock: () => now });
    const lead = await staffActor(app.core, app.inst.id, 'lead');
    const cms = [await staffActor(app.core, app.inst.id, 'case_manager', 1), await staffActor(app.core, app.inst.id, 'case_manager', 2)];
    for (let i = 0; i < 110; i++) {
      now = new Date(Date.UTC(2025, 7, 4) + i * 1.2 * 86_400_000 + (i % 7) * 3_600_000);
      const kind = KINDS[i % 7 === 0 ? 2 : i % 3 === 0 ? 1 : 0]!;
      const r = await submitReport(app.core, publicActor(app.inst.id), sampleReport({
        kind, when: {}, categories: CATEGORIES[i % CATEGORIES.length]!, characteristics: CHARACTERISTICS[(i * 3) % CHARACTERISTICS.length]!, where: WHERE[i % WHERE.length]!,
        connection: i % 5 === 0 ? 'staff' : 'student', ...(kind === 'anonymous' ? { reporter: undefined } : {}),
      }));
      const cm = cms[i % 2]!;
      now = new Date(now.getTime() + (i % 4 === 0 ? 80 : 20) * 3_600_000);
      await claimCase(app.core, cm, { caseId: r.caseId });
      await messageReporter(app.core, cm, { caseId: r.caseId, text: 'Thank you for telling us. When could we talk?' });
      if (i % 5 !== 0 && i < 95) {
        now = new Date(now.getTime() + (5 + (i % 20)) * 86_400_000);
        await closeCase(app.core, lead, { caseId: r.caseId, outcome: i % 4 === 0 ? 'informal_resolution' : 'support_given' });
      }
    }
    now = new Date('2026-01-20T10:00:00Z');
    const ids = (await app.db.query<{ id: string }>('SELECT id FROM cases WHERE institution_id = $1 ORDER BY created_at LIMIT 24', [app.inst.id])).rows.map((r) => r.id);
    for (const id of ids) await readCase(app.core, cms[1]!, id);
    await detectUnusualAccess(app.core, app.inst.id);
    await recordSubjectRequest(app.core, await staffActor(app.core, app.inst.id, 'auditor'), { kind: 'access', subject: { email: 'rhiannon.reporter@student.example.ac.uk' } });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(role: 'lead' | 'admin' | 'auditor', path: string): Promise<Page> {
    const client = await app.as(role);
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: app.url })));
    const page = await context.newPage();
    const res = await page.goto(app.url + path);
    assert.equal(res?.status(), 200, `${path} answered ${res?.status()}`);
    return page;
  }

  for (const [name, role, path] of [
    ['insight-statistics', 'lead', '/tab/statistics?year=2025'],
    ['insight-statistics-published', 'admin', '/tab/statistics?year=2025'],
    ['insight-access-review', 'auditor', '/tab/access-review'],
    ['insight-subject-requests', 'auditor', '/tab/subject-requests'],
    ['insight-retention', 'admin', '/tab/retention'],
  ] as const)
    it(`${path} as ${role} passes axe and is photographed as ${name}.png`, async () => {
      const page = await open(role, path);
      const violations = await checkAccessibility(page);
      assert.equal(violations.length, 0, formatViolations(violations));
      await screenshot(page, name);
      await page.context().close();
    });

  it('the subject request page passes axe', async () => {
    const page = await open('auditor', '/tab/subject-requests');
    await page.click('tbody a');
    const violations = await checkAccessibility(page);
    assert.equal(violations.length, 0, formatViolations(violations));
    await screenshot(page, 'insight-subject-request');
    await page.context().close();
  });
});
