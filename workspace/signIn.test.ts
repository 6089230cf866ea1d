import assert from 'node:assert/strict';
import { startWorkspaceApp, Client, type WorkspaceTestApp } from './testing/testApp.ts';
import { startEntraGraph, type EntraGraphStandIn } from '../test/standins/entraGraph.ts';
import { capturedLogger, configFor, seedUniversity } from '../test/standins/entraGraph/university.ts';
import { createMicrosoft365 } from '../graph-integration/index.ts';
import { staffActor } from '../test/factories.ts';

describe('workspace sign-in', () => {
  describe('in the demo (development)', () => {
    let app: WorkspaceTestApp;
    before(async () => {
      app = await startWorkspaceApp();
    });
    after(() => app.close());

    it('sends an unsigned visitor to sign-in and back to where they were going', async () => {
      const c = new Client(app.url);
      const res = await c.get('/tab/cases?view=all');
      assert.equal(res.status, 303);
      assert.equal(res.location, '/tab/sign-in?next=%2Ftab%2Fcases%3Fview%3Dall');
      const page = await c.get(res.location!);
      assert.match(page.html, /href="\/tab\/dev-sign-in\?next=%2Ftab%2Fcases%3Fview%3Dall"/);
      assert.doesNotMatch(page.html, /Sign in with your university Microsoft account/);
      const list = await c.get('/tab/dev-sign-in?next=%2Ftab%2Fcases%3Fview%3Dall');
      for (const name of ['Alex Morgan', 'Sam Patel', 'Chris Evans', 'Robin Clarke', 'Dana Hughes']) assert.ok(list.html.includes(name), name);
      const cm = await staffActor(app.core, app.inst.id, 'case_manager', 1);
      const signed = await c.post('/tab/dev-sign-in', { staffId: cm.staffId, next: '/tab/cases?view=all' });
      assert.equal(signed.status, 303);
      assert.equal(signed.location, '/tab/cases?view=all');
      assert.equal((await c.get('/tab/cases?view=all')).status, 200);
      assert.equal((await c.get('/tab/sign-out')).status, 303);
      assert.equal((await c.get('/tab/cases')).status, 303);
    });

    it('returns only to workspace paths, refuses a form without its CSRF token, and a POST without a session', async () => {
      const cm = await staffActor(app.core, app.inst.id, 'case_manager', 1);
      const c = new Client(app.url);
      const signed = await c.post('/tab/dev-sign-in', { staffId: cm.staffId, next: '//evil.example/tab' }, '/tab/dev-sign-in');
      assert.equal(signed.location, '/tab');
      c.lastHtml = '';
      assert.equal((await c.post('/tab/sign-out', {})).status, 403);
      const stranger = new Client(app.url);
      await stranger.get('/tab/dev-sign-in');
      assert.equal((await stranger.post('/tab/cases/00000000-0000-4000-8000-000000000000/note', { text: 'x' })).status, 401);
    });
  });

  describe('in production', () => {
    let app: WorkspaceTestApp;
    before(async () => {
      app = await startWorkspaceApp({ production: true });
    });
    after(() => app.close());

    it('has no development sign-in at all, whatever is asked, and no demo outbox', async () => {
      const c = new Client(app.url);
      const page = await c.get('/tab/dev-sign-in');
      assert.equal(page.status, 303, 'no such route: a visitor is sent to sign in');
      assert.doesNotMatch(page.html, /Sam Patel/);
      const cm = await staffActor(app.core, app.inst.id, 'case_manager', 1);
      assert.notEqual((await c.post('/tab/dev-sign-in', { staffId: cm.staffId })).status, 303);
      assert.equal(c.cookies.has('harbour_staff'), false);
      const signedIn = await app.withSession('case_manager', 1);
      assert.equal((await signedIn.get('/tab/dev-sign-in')).status, 404);
      const signInPage = await c.get('/tab/sign-in');
      assert.doesNotMatch(signInPage.html, /dev-sign-in|Demo sign-in/);
      const lead = await app.withSession('lead');
      assert.equal((await lead.get('/tab/cases')).status, 200);
      assert.equal((await lead.get('/tab/outbox')).status, 404);
      assert.doesNotMatch((await lead.get('/tab/cases')).html, /href="\/tab\/outbox"/);
    });
  });

  describe('with Microsoft Entra (code + PKCE, against the Entra stand-in)', () => {
    let s: EntraGraphStandIn;
    let app: WorkspaceTestApp;
    before(async () => {
      s = await startEntraGraph();
      seedUniversity(s);
      const office = createMicrosoft365(configFor(s), capturedLogger().logger);
      app = await startWorkspaceApp({ entra: office.auth });
    });
    after(async () => {
      assert.deepEqual(s.violations, []);
      await app.close();
      await s.close();
    });

    it('signs a member of staff in by their Entra account and refuses someone not on the staff list', async () => {
      const lead = await staffActor(app.core, app.inst.id, 'lead');
      await app.db.query(`UPDATE staff SET email = 'alex.morgan@uni.example' WHERE id = $1`, [lead.staffId]);
      const c = new Client(app.url);
      const start = await c.get('/tab/auth/start?next=%2Ftab%2Fworkload');
      assert.equal(start.status, 303);
      const authorize = new URL(start.location!);
      assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
      const back = await s.signIn(start.location!, 'u-alex');
      const forged = await c.get(`/tab/auth/callback?code=${encodeURIComponent(back.code)}&state=${'x'.repeat(32)}`);
      assert.equal(forged.status, 403);
      const again = await c.get('/tab/auth/start?next=%2Ftab%2Fworkload');
      const ok = await s.signIn(again.location!, 'u-alex');
      const done = await c.get(`/tab/auth/callback?code=${encodeURIComponent(ok.code)}&state=${ok.state}`);
      assert.equal(done.status, 303);
      assert.equal(done.location, '/tab/workload');
      assert.match((await c.get('/tab/workload')).html, /Alex Morgan/);

      const other = new Client(app.url);
      const st = await other.get('/tab/auth/start');
      const sam = await s.signIn(st.location!, 'u-sam');
      const refused = await other.get(`/tab/auth/callback?code=${encodeURIComponent(sam.code)}&state=${sam.state}`);
      assert.equal(refused.status, 403);
      assert.match(refused.html, /not on the staff list/);
      assert.equal(other.cookies.has('harbour_staff'), false);
    });
  });
});
