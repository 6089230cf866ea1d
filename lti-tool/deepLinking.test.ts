import assert from 'node:assert/strict';
import { TestBrowser, parseForm } from './testing/browser.ts';
import { launchThrough, moodleUser, registerManually, startHarness, type Harness } from './testing/harness.ts';
import { toolUrls } from './toolValues.ts';
import type { ToolType } from '../test/standins/ltiPlatform.ts';

describe('LTI deep linking: a teacher adds "Report an incident" to a course', () => {
  let h: Harness;
  let tool: ToolType;
  before(async () => {
    h = await startHarness();
    tool = await registerManually(h);
  });
  after(() => h.close());

  it('shows what the link does, then returns a signed link that Moodle accepts and can launch', async () => {
    const browser = new TestBrowser();
    const steps = await launchThrough(h.platform, tool, moodleUser('instructor'), { browser, kind: 'deep-link' });
    const offer = await steps.launch.text();
    assert.equal(steps.launch.status, 200, offer.slice(0, 400));
    assert.match(offer, /Add “Report an incident” to this course/);
    assert.match(offer, /Moodle’s own logs/);
    const form = parseForm(offer);
    assert.equal(form.action, '/lti/deep-link');

    const back = await browser.post(`${h.baseUrl}${form.action}`, form.fields);
    const returnPage = await back.text();
    assert.equal(back.status, 200, returnPage.slice(0, 400));
    assert.match(back.headers.get('content-security-policy')!, new RegExp(`form-action 'self' ${h.platform.issuer.replace(/\./g, '\\.')}`));
    const { res } = await browser.submit(returnPage, h.baseUrl);
    assert.equal(res.status, 200, await res.clone().text());
    const received = h.platform.deepLinkResponses.at(-1)!;
    assert.deepEqual(received.items, [
      {
        type: 'ltiResourceLink',
        title: 'Report an incident',
        text: 'Report harassment, bullying, sexual misconduct or a hate incident, anonymously if you wish, and find support.',
        url: toolUrls(h.publicUrl).toolUrl,
        icon: { url: toolUrls(h.publicUrl).iconUrl, width: 64, height: 64 },
      },
    ]);
    for (const c of ['idtoken', 'contexttoken']) {
      const n = (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM lti_store WHERE collection = $1', [c])).rows[0]!.n;
      assert.equal(n, 0, `${c} forgotten`);
    }
    // The content item's URL becomes the activity's launch URL: a student opening it lands on the form.
    const launched = await launchThrough(h.platform, { ...tool, toolUrl: (received.items[0] as { url: string }).url }, moodleUser('learner'));
    assert.equal(launched.launch.status, 303);
  });

  it('refuses a learner', async () => {
    const steps = await launchThrough(h.platform, tool, moodleUser('learner'), { kind: 'deep-link' });
    assert.equal(steps.launch.status, 403);
    assert.match(await steps.launch.text(), /data-refusal="not_allowed"/);
  });

  it('refuses a confirmation whose sealed selection was tampered with', async () => {
    const res = await new TestBrowser().post(`${h.baseUrl}/lti/deep-link`, { selection: 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z' });
    assert.equal(res.status, 401);
    assert.match(await res.text(), /data-refusal="expired"/);
    assert.equal(h.platform.deepLinkResponses.length, 1);
  });
});
