import assert from 'node:assert/strict';
import { moodleUser, registerManually, startHarness } from './testing/harness.ts';

describe('LTI when the database fails', () => {
  it('answers the launch with a page (503) instead of crashing the process', async () => {
    const h = await startHarness();
    const tool = await registerManually(h);
    const start = h.platform.beginLaunch(tool, moodleUser());
    await h.db.close();
    const res = await fetch(start.loginUrl, { method: 'POST', body: new URLSearchParams(start.form), redirect: 'manual' });
    assert.equal(res.status, 503);
    assert.match(await res.text(), /data-refusal="unavailable"[\s\S]*href="\/report"/);
    await h.close().catch(() => undefined);
  });
});
