import assert from 'node:assert/strict';
import http from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../test/support/browser.ts';
import { installHints, skipOrFail } from '../test/support/skip.ts';
import { sealLaunchToken } from '../lti-tool/launchToken.ts';
import { messageReporter } from '../core/commands/reporterMessenger.ts';
import { readCase } from '../core/queries/caseReader.ts';
import { staffActor } from '../test/factories.ts';
import { startReportingApp, TEST_SECRET } from './testSupport.ts';
import { EXIT_URL, checkPage, choose, pressButton, select, stubExitSite, tabTo, typeInto } from './browserHelpers.ts';

type App = Awaited<ReturnType<typeof startReportingApp>>;
const CONTINUE = 'button.button[value="next"]';

describe('reporting in Chromium: keyboard only, WCAG 2.2 AA, quick exit, follow-up, inside Moodle', function () {
  this.timeout(240_000);
  let browser: Browser;
  let app: App;
  let moodle: http.Server;
  let moodlePort = 0;
  const moodlePage = { body: '' };

  before(async function () {
    const b = await launchBrowser();
    if (!b) return skipOrFail(this, installHints.chromium);
    browser = b;
    moodle = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(moodlePage.body));
    await new Promise<void>((resolve) => moodle.listen(0, '127.0.0.1', () => resolve()));
    moodlePort = (moodle.address() as { port: number }).port;
    app = await startReportingApp({ frameAncestors: [`http://localhost:${moodlePort}`] });
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    moodle?.close();
  });

  const newPage = async (width = 1000): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await stubExitSite(page);
    return page;
  };

  it('an anonymous report, keyboard only, every page checked with axe', async () => {
    const page = await newPage();
    await page.goto(`${app.url}/`);
    await checkPage(page, 'landing');
    await tabTo(page, 'a[href="/report"].button');
    await Promise.all([page.waitForURL(`${app.url}/report`), page.keyboard.press('Enter')]);
    await checkPage(page, 'report-01-about');

    await pressButton(page, CONTINUE);
    assert.equal(await page.evaluate(() => document.activeElement?.matches('[data-error-summary]')), true, 'the error summary takes focus');
    await checkPage(page, 'report-errors');
    await tabTo(page, '.error-summary a[href="#f-kind"]');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-kind', 'the summary link moves focus to the field');

    await choose(page, '#f-kind');
    await choose(page, '#f-capacity');
    await choose(page, '#f-connection');
    await pressButton(page, CONTINUE);
    await checkPage(page, 'report-02-what');
    await typeInto(page, '#f-narrative', 'Two men followed me from the bus stop to the library and shouted about my headscarf.');
    await choose(page, '#f-categories');
    await choose(page, '#category-hate_incident');
    await choose(page, '#characteristic-religion');
    await pressButton(page, CONTINUE);
    await checkPage(page, 'report-03-when');
    await typeInto(page, '#f-approximate', 'around March, evenings');
    await choose(page, '#f-ongoing');
    await pressButton(page, CONTINUE);
    await checkPage(page, 'report-04-where');
    await select(page, '#f-campus', 'city');
    await select(page, '#f-building', 'library');
    await pressButton(page, CONTINUE);
    await checkPage(page, 'report-05-people');
    await select(page, '#f-perpetrators-0-relation', 'unknown');
    await typeInto(page, '#f-perpetrators-0-description', 'Two men, about twenty, dark jackets');
    await pressButton(page, CONTINUE);
    await checkPage(page, 'report-06-witnesses');
    await pressButton(page, CONTINUE);
    await checkPage(page, 'report-07-evidence');
    await pressButton(page, CONTINUE);
    await checkPage(page, 'report-08-wants');
    await choose(page, '#f-wants');
    await choose(page, '#f-consentShare');
    await choose(page, '#f-consentWith');
    await pressButton(page, CONTINUE);
    await checkPage(page, 'report-10-equality');
    await pressButton(page, CONTINUE);
    await checkPage(page, 'report-11-check');
    await pressButton(page, 'button[value="send"]');
    await checkPage(page, 'report-12-done');
    assert.match((await page.textContent('[data-reference]')) ?? '', /^HR-\d{4}-\d{4}$/);
    const [download] = await Promise.all([page.waitForEvent('download'), tabTo(page, '.report-receipt button').then(() => page.keyboard.press('Enter'))]);
    assert.match(download.suggestedFilename(), /^HR-\d{4}-\d{4}-receipt\.json$/);
    assert.equal(page.url(), `${app.url}/report`, 'downloading the receipt keeps the page with the code');
  });

  it('a named report, keyboard only, at 320 px wide', async () => {
    const page = await newPage(320);
    await page.goto(`${app.url}/report`);
    await checkPage(page, 'report-320-about');
    await choose(page, '#kind-adviser');
    await choose(page, '#capacity-on_behalf');
    assert.equal(await page.isVisible('#on-behalf'), true, 'the follow-up question appears when it applies');
    await typeInto(page, '#f-onBehalfName', 'My flatmate');
    await choose(page, '#connection-staff');
    await pressButton(page, CONTINUE);
    await checkPage(page);
    await typeInto(page, '#f-narrative', 'My flatmate told me a lecturer keeps messaging her late at night.');
    await choose(page, '#category-sexual_harassment');
    await pressButton(page, CONTINUE);
    await typeInto(page, '#f-day', '31');
    await typeInto(page, '#f-month', '2');
    await typeInto(page, '#f-year', '2025');
    await pressButton(page, CONTINUE);
    await checkPage(page, 'report-320-error');
    assert.equal(await page.inputValue('#f-day'), '31', 'what was typed is kept');
    await typeInto(page, '#f-day', '28');
    await pressButton(page, CONTINUE);
    while (!(await page.locator('#f-name').count())) {
      await checkPage(page);
      await pressButton(page, CONTINUE);
    }
    await checkPage(page, 'report-09-contact');
    await typeInto(page, '#f-name', 'Robin Reporter');
    await typeInto(page, '#f-email', 'robin@example.org');
    await typeInto(page, '#f-safeTimes', 'weekday mornings');
    await choose(page, '#f-contactByEmail');
    await pressButton(page, CONTINUE);
    await pressButton(page, CONTINUE);
    await checkPage(page, 'report-320-check');
    await pressButton(page, 'button[value="send"]');
    await checkPage(page, 'report-320-done');
    const reference = (await page.textContent('[data-reference]'))!;
    const kind = (await app.core.db.query<{ kind: string }>('SELECT kind FROM cases WHERE reference = $1', [reference])).rows[0]?.kind;
    assert.equal(kind, 'adviser');
  });

  it('the quick exit leaves for a neutral site by button or Escape, and Back does not return', async () => {
    const page = await newPage();
    await page.goto(`${app.url}/`);
    await page.goto(`${app.url}/report`);
    await page.check('#kind-adviser');
    await Promise.all([page.waitForURL(EXIT_URL), page.keyboard.press('Escape')]);
    await page.goBack();
    assert.equal(page.url(), `${app.url}/`, 'the form was replaced in the history');

    await page.goto(`${app.url}/support`);
    await tabTo(page, '[data-quick-exit]');
    await Promise.all([page.waitForURL(EXIT_URL), page.keyboard.press('Enter')]);
    await page.goBack();
    assert.notEqual(page.url(), `${app.url}/support`);
  });

  it('the follow-up round trip: sign in, read a message, reply', async () => {
    const page = await newPage();
    await page.goto(`${app.url}/report`);
    await page.check('#f-kind');
    await page.check('#f-capacity');
    await page.check('#f-connection');
    await Promise.all([page.waitForNavigation(), page.click(CONTINUE)]);
    await page.fill('#f-narrative', 'Comments about my accent in the seminar.');
    await page.check('#category-harassment');
    await Promise.all([page.waitForNavigation(), page.click(CONTINUE)]);
    while (!(await page.locator('button[value="send"]').count())) await Promise.all([page.waitForNavigation(), page.click(CONTINUE)]);
    await Promise.all([page.waitForNavigation(), page.click('button[value="send"]')]);
    const reference = (await page.textContent('[data-reference]'))!;
    const code = (await page.textContent('[data-follow-up-code]'))!;
    const caseId = (await app.core.db.query<{ id: string }>('SELECT id FROM cases WHERE reference = $1', [reference])).rows[0]!.id;
    const lead = await staffActor(app.core, app.inst.id, 'lead');
    await messageReporter(app.core, lead, { caseId, text: 'Thank you. Would a chat with an adviser help? You can reply here.' });

    await page.goto(`${app.url}/follow-up`);
    await checkPage(page, 'followup-sign-in');
    await typeInto(page, '#f-reference', reference);
    await typeInto(page, '#f-code', 'WRONG-CODE');
    await pressButton(page, '.followup-form button');
    await checkPage(page, 'followup-refused');
    await typeInto(page, '#f-reference', reference);
    await typeInto(page, '#f-code', code);
    await pressButton(page, '.followup-form button');
    await checkPage(page, 'followup-case');
    assert.match((await page.textContent('.conversation')) ?? '', /Would a chat with an adviser help\?/);
    await typeInto(page, '#f-text', 'Yes please. Mornings are best.');
    await pressButton(page, '.followup-form button[data-send]');
    await checkPage(page, 'followup-replied');
    const view = await readCase(app.core, lead, caseId);
    assert.equal(view.timeline.at(-1)?.secret?.text, 'Yes please. Mornings are best.');
  });

  it('the other public pages pass axe and fit 320 px: landing, privacy, support directory and its print version, verification, follow-up', async () => {
    const page = await newPage();
    for (const [path, shot] of [['/privacy', 'landing-privacy'], ['/support', 'support-directory'], ['/support/print', 'support-print'], ['/verify/keys', 'report-verify-keys'], ['/verify', 'report-verify']] as const) {
      await page.goto(app.url + path);
      await checkPage(page, shot);
    }
    await page.click('.verify-form button');
    await checkPage(page);
    const narrow = await newPage(320);
    for (const path of ['/', '/privacy', '/support', '/support/print', '/verify', '/verify/keys', '/follow-up']) {
      await narrow.goto(app.url + path);
      await checkPage(narrow);
    }
  });

  it('works inside a Moodle iframe from a registered site, and only there', async () => {
    const token = await sealLaunchToken({ institutionId: app.inst.id, connection: 'student' }, TEST_SECRET);
    const toolUrl = `http://localhost:${app.port}/report?launch=${encodeURIComponent(token)}`;
    moodlePage.body = `<!doctype html><html lang="en"><title>Moodle course</title><h1>Moodle course</h1><iframe title="Report" src="${toolUrl}" width="900" height="1000"></iframe>`;
    const page = await newPage(1000);
    await page.goto(`http://localhost:${moodlePort}/course`);
    const frame = page.frameLocator('iframe');
    await frame.locator('#f-kind').check();
    assert.equal(await frame.locator('#f-connection').isChecked(), true, 'student preselected from the launch');
    await frame.locator('#f-capacity').check();
    await frame.locator(CONTINUE).click();
    await frame.locator('#f-narrative').fill('Reported from inside Moodle.');
    await frame.locator('#f-categories').check();
    await frame.locator(CONTINUE).click();
    await frame.locator('#f-approximate').waitFor();
    await page.frames()[1]!.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'report-in-moodle');
    const inner = () => page.frames().find((f) => f !== page.mainFrame())!;
    while (!(await frame.locator('button[value="send"]').count())) await Promise.all([inner().waitForNavigation(), frame.locator(CONTINUE).click()]);
    await Promise.all([inner().waitForNavigation(), frame.locator('button[value="send"]').click()]);
    assert.match((await frame.locator('[data-reference]').textContent()) ?? '', /^HR-/);
    const channel = (await app.core.db.query<{ channel: string }>('SELECT channel FROM reports ORDER BY submitted_at DESC LIMIT 1')).rows[0]!.channel;
    assert.equal(channel, 'lti');

    await page.goto(`http://localhost:${moodlePort}/course`);
    await frame.locator('#f-kind').waitFor();
    await Promise.all([page.waitForURL(EXIT_URL), frame.locator('[data-quick-exit]').click()]);
    assert.equal(page.url(), EXIT_URL, 'the quick exit leaves Moodle too, not just the frame');

    await page.goto(`http://127.0.0.1:${moodlePort}/course`);
    await page.waitForLoadState('load');
    const framed = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(framed);
    assert.equal(await framed.locator('#f-kind').count(), 0, 'a site that is not registered cannot frame the form');
  });
});
