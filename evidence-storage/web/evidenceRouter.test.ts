import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { Server } from 'node:http';
import { Router } from 'express';
import { ensureClamd } from '../../test/support/clamav.ts';
import { installHints, skipOrFail } from '../../test/support/skip.ts';
import { staffActor } from '../../test/factories.ts';
import { createWebApp } from '../../web/app.ts';
import { createViews } from '../../web/views.ts';
import { institutionResolver } from '../../web/institution.ts';
import { staffSessions } from '../../web/staffSession.ts';
import { csrfProtection } from '../../web/csrf.ts';
import { evidenceWorld, sampleFiles } from '../../core/evidence/testFixtures.ts';
import { readZip } from '../../core/evidence/testZip.ts';
import { createEvidenceScanJob } from '../../core/evidence/evidenceScanJob.ts';
import { clamdScanner } from '../clamdScanner.ts';
import { createEvidenceRouter } from './evidenceRouter.ts';

describe('evidence routes (HTTP, staff workspace)', function () {
  this.timeout(120_000);
  let w: Awaited<ReturnType<typeof evidenceWorld>>;
  let t: Awaited<ReturnType<Awaited<ReturnType<typeof evidenceWorld>>['fresh']>>;
  let server: Server;
  let base: string;
  let job: ReturnType<typeof createEvidenceScanJob>;

  before(async function () {
    const clamd = await ensureClamd();
    if (!clamd) skipOrFail(this, installHints.clamav);
    w = await evidenceWorld();
    t = await w.fresh({ maxFileBytes: 300_000 });
    job = createEvidenceScanJob(t.deps, clamdScanner(clamd));
    const sessions = staffSessions(w.core, false);
    const csrf = csrfProtection(crypto.randomBytes(32).toString('hex'), false);
    const signIn = Router();
    signIn.get('/test/sign-in/:staffId', csrf, async (req, res) => {
      await sessions.start(res, w.inst.id, String(req.params.staffId));
      res.json({ csrf: res.locals.csrfToken });
    });
    const withSession = Router();
    withSession.use(sessions.middleware());
    const app = createWebApp({
      core: w.core,
      views: createViews(),
      institutions: institutionResolver(w.db),
      mounts: [{ path: '/', router: signIn }, { path: '/', router: withSession }, { path: '/', router: createEvidenceRouter({ evidence: t.deps, csrf }) }],
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(async () => {
    await new Promise((r) => server?.close(r));
    await w?.close();
  });

  async function signIn(role: 'lead' | 'responder') {
    const s = await staffActor(w.core, w.inst.id, role);
    const res = await fetch(`${base}/test/sign-in/${s.staffId}`);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return { cookie, csrf: ((await res.json()) as { csrf: string }).csrf };
  }
  const form = (...files: [string, Buffer][]) => {
    const f = new FormData();
    for (const [name, bytes] of files) f.append('files', new Blob([new Uint8Array(bytes)]), name);
    return f;
  };

  it('uploads, refuses to serve until scanned clean, then serves it as an inert attachment, and exports the pack', async () => {
    const lead = await signIn('lead');
    const pdf = sampleFiles.pdf(40_000);
    const up = await fetch(`${base}/tab/cases/${t.caseId}/evidence?_csrf=${encodeURIComponent(lead.csrf)}`, { method: 'POST', body: form(['witness statement.pdf', pdf]), headers: { cookie: lead.cookie, accept: 'application/json' } });
    assert.equal(up.status, 201);
    const [file] = ((await up.json()) as { files: { id: string; name: string }[] }).files;
    assert.equal(file!.name, 'witness statement.pdf');
    const early = await fetch(`${base}/tab/cases/${t.caseId}/evidence/${file!.id}`, { headers: { cookie: lead.cookie } });
    assert.equal(early.status, 409);
    await early.arrayBuffer();

    await job.runOnce();
    const down = await fetch(`${base}/tab/cases/${t.caseId}/evidence/${file!.id}`, { headers: { cookie: lead.cookie } });
    assert.equal(down.status, 200);
    assert.equal(down.headers.get('content-type'), 'application/octet-stream');
    assert.match(down.headers.get('content-disposition')!, /^attachment; filename="witness statement.pdf"; filename\*=UTF-8''witness%20statement.pdf$/);
    assert.equal(down.headers.get('x-content-type-options'), 'nosniff');
    assert.match(down.headers.get('content-security-policy')!, /sandbox/);
    assert.equal(down.headers.get('cache-control'), 'no-store');
    assert.ok(Buffer.from(await down.arrayBuffer()).equals(pdf));

    const pack = await fetch(`${base}/tab/cases/${t.caseId}/evidence/pack`, { headers: { cookie: lead.cookie } });
    assert.equal(pack.status, 200);
    assert.equal(pack.headers.get('content-type'), 'application/zip');
    const files = readZip(Buffer.from(await pack.arrayBuffer()));
    assert.ok(files.has('files/01-witness statement.pdf'));
  });

  it('refuses a program with a picture’s name, an oversized file, a missing CSRF token and staff the policy does not allow', async () => {
    const lead = await signIn('lead');
    const url = `${base}/tab/cases/${t.caseId}/evidence?_csrf=${encodeURIComponent(lead.csrf)}`;
    const before = await w.countRows();
    const lying = await fetch(url, { method: 'POST', body: form(['holiday.jpg', sampleFiles.exe()]), headers: { cookie: lead.cookie, accept: 'application/json' } });
    assert.equal(lying.status, 400);
    assert.match(((await lying.json()) as { message: string }).message, /holiday\.jpg: That kind of file/);
    const big = await fetch(url, { method: 'POST', body: form(['ok.png', sampleFiles.png(1000)], ['big.png', sampleFiles.png(400_000)]), headers: { cookie: lead.cookie, accept: 'application/json' } });
    assert.equal(big.status, 400);
    assert.match(((await big.json()) as { message: string }).message, /too large/);
    assert.equal(await w.countRows(), before, 'nothing kept from refused uploads');
    const noToken = await fetch(`${base}/tab/cases/${t.caseId}/evidence`, { method: 'POST', body: form(['a.png', sampleFiles.png()]), headers: { cookie: lead.cookie, accept: 'application/json' } });
    assert.equal(noToken.status, 403);
    const responder = await signIn('responder');
    const denied = await fetch(`${base}/tab/cases/${t.caseId}/evidence?_csrf=${encodeURIComponent(responder.csrf)}`, { method: 'POST', body: form(['a.png', sampleFiles.png()]), headers: { cookie: responder.cookie, accept: 'application/json' } });
    assert.equal(denied.status, 404);
    const anonymous = await fetch(`${base}/tab/cases/${t.caseId}/evidence/pack`, { headers: { accept: 'application/json' } });
    assert.equal(anonymous.status, 403);
  });
});
