import assert from 'node:assert/strict';
import express from 'express';
import cookieParser from 'cookie-parser';
import { createLogger } from '../core/logger.ts';
import { openPglite } from '../core/db/pglite.ts';
import { createLtiTool } from './ltiTool.ts';
import { launchThrough, moodleUser, registerManually, SECRET, startHarness } from './testing/harness.ts';

describe('LTI cookies and frames', () => {
  it('over HTTPS, the state cookie is SameSite=None; Secure (so it survives Moodle’s iframe and a new window)', async () => {
    const h = await startHarness({ publicUrl: () => 'https://harbour.example.ac.uk' });
    try {
      const tool = await registerManually(h);
      const start = h.platform.beginLaunch(tool, moodleUser());
      assert.equal(start.form.target_link_uri, 'https://harbour.example.ac.uk/lti/launch');
      const res = await fetch(`${h.baseUrl}/lti/login`, { method: 'POST', body: new URLSearchParams(start.form), redirect: 'manual' });
      assert.equal(res.status, 302);
      assert.ok(res.headers.get('location')!.startsWith(h.platform.urls.auth));
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('state'));
      assert.ok(cookie, 'a state cookie is set');
      assert.match(cookie!, /;\s*Secure/i);
      assert.match(cookie!, /;\s*SameSite=None/i);
      assert.match(cookie!, /;\s*HttpOnly/i);
    } finally {
      await h.close();
    }
  });

  it('refuses to start in production without an https PUBLIC_URL', async () => {
    const db = await openPglite('memory://');
    try {
      assert.throws(
        () => createLtiTool({ db, publicUrl: 'http://harbour.example.ac.uk', encryptionKey: SECRET, logger: createLogger('silent'), production: true }),
        /PUBLIC_URL must be https/,
      );
    } finally {
      await db.close();
    }
  });

  it('undoes a framing ban set by the rest of the app, and still reads its own cookies behind another cookie parser', async () => {
    const h = await startHarness({
      mount: (app) => {
        app.use(cookieParser('another-secret'));
        app.use(express.urlencoded({ extended: false }));
        app.use((_req, res, next) => {
          res.set('X-Frame-Options', 'DENY');
          next();
        });
      },
    });
    try {
      const tool = await registerManually(h);
      const steps = await launchThrough(h.platform, tool, moodleUser());
      assert.equal(steps.launch.status, 303);
      const page = await fetch(`${h.baseUrl}/lti/launch`);
      assert.equal(page.headers.get('x-frame-options'), null);
    } finally {
      await h.close();
    }
  });
});
