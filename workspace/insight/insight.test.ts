import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMessages } from '../../web/views.ts';
import { submitReport } from '../../core/commands/reportSubmitter.ts';
import { claimCase } from '../../core/commands/caseClaimer.ts';
import { closeCase } from '../../core/commands/caseCloser.ts';
import { readCase } from '../../core/queries/caseReader.ts';
import { detectUnusualAccess } from '../../core/accessReview/unusualAccess.ts';
import { publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import type { Client } from '../testing/testApp.ts';
import { startInsightApp, type InsightTestApp } from './testing/insightApp.ts';

/** A download with the client's cookies: status, type, disposition and body. */
async function download(app: InsightTestApp, client: Client, path: string, form?: Record<string, string>) {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const init: RequestInit = form
    ? { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: /name="_csrf" value="([^"]+)"/.exec(client.lastHtml)?.[1] ?? '', ...form }) }
    : { headers: { cookie } };
  const res = await fetch(app.url + path, { ...init, redirect: 'manual' });
  return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

describe('insight texts', () => {
  it('has every insight.* text the templates and pages name', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const messages = loadMessages();
    const sources = [
      ...fs.readdirSync(path.join(root, 'templates/views')).filter((f) => f.startsWith('insight-')).map((f) => path.join(root, 'templates/views', f)),
      ...fs.readdirSync(path.join(root, 'workspace/insight')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => path.join(root, 'workspace/insight', f)),
    ];
    const named = new Set(sources.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/["'](insight\.[A-Za-z0-9_.-]+)["']/g)].map((m) => m[1]!)));
    assert.ok(named.size > 50);
    assert.deepEqual([...named].filter((k) => !(k in messages)), []);
  });
});

describe('insight pages (/tab/statistics, access review, subject requests, retention)', () => {
  let app: InsightTestApp;
  let now = new Date('2025-09-10T10:00:00Z');

  before(async function () {
    this.timeout(120_000);
    app = await startInsightApp({ clock: () => now });
    const lead = await staffActor(app.core, app.inst.id, 'lead');
    for (let i = 0; i < 14; i++) {
      const r = await submitReport(app.core, publicActor(app.inst.id), sampleReport({ when: {}, categories: i < 2 ? ['stalking'] : ['harassment'], reporter: { name: 'Tomás Test', email: 'tomas@student.example.ac.uk' } }));
      await claimCase(app.core, lead, { caseId: r.caseId });
      if (i < 6) await closeCase(app.core, lead, { caseId: r.caseId, outcome: 'support_given' });
    }
    now = new Date('2025-10-15T10:00:00Z');
  });
  after(() => app.close());

  it('shows the case team exact figures with charts and their tables', async () => {
    const lead = await app.as('lead');
    const r = await lead.get('/tab/statistics?year=2025');
    assert.equal(r.status, 200);
    assert.match(r.html, /<svg class="insight-chart__svg"[^>]*role="img" aria-labelledby="chart-trend-title chart-trend-desc"/);
    assert.match(r.html, /<caption[^>]*>Reports received and cases closed, month by month<\/caption>/);
    assert.match(r.html, /Exact figures for the case team/);
    assert.match(r.html, /<th scope="row">Stalking<\/th><td class="insight-num">2<\/td>/);
    assert.match(r.html, /Workload per case manager/);
  });

  it('shows anyone outside the case team the published figures, small numbers as "<5"', async () => {
    const admin = await app.as('admin');
    const r = await admin.get('/tab/statistics?year=2025');
    assert.equal(r.status, 200);
    assert.match(r.html, /Published figures/);
    assert.match(r.html, /<th scope="row">Stalking<\/th><td class="insight-num">&lt;5<\/td>/);
    assert.doesNotMatch(r.html, /Workload per case manager/);
    for (const m of r.html.matchAll(/<td class="insight-num">(\d+)<\/td>/g)) assert.ok(Number(m[1]) === 0 || Number(m[1]) >= 5, `a count of ${m[1]} is shown`);
  });

  it('downloads the CSV and the annual report as attachments', async () => {
    const admin = await app.as('admin');
    const csv = await download(app, admin, '/tab/statistics.csv?year=2025');
    assert.equal(csv.status, 200);
    assert.match(csv.type, /^text\/csv/);
    assert.match(csv.disposition, /^attachment; filename="?harbour-statistics-2025\.csv/);
    assert.match(csv.body.toString('utf8'), /Stalking,0,<5,<5/);
    const pdf = await download(app, admin, '/tab/statistics/annual-report.pdf?year=2025');
    assert.equal(pdf.type, 'application/pdf');
    assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
  });

  it('refuses people without the role, and sends the signed-out to sign in', async () => {
    assert.equal((await (await app.as('responder')).get('/tab/statistics')).status, 403);
    assert.equal((await (await app.as('case_manager', 1)).get('/tab/access-review')).status, 403);
    assert.equal((await (await app.as('lead')).get('/tab/subject-requests')).status, 403);
    const anonymous = await (await app.as('admin')).get('/tab/cases');
    assert.notEqual(anonymous.status, 500, 'the workspace router still answers the rest of /tab');
    const out = await fetch(`${app.url}/tab/statistics`, { redirect: 'manual' });
    assert.equal(out.status, 303);
    assert.match(out.headers.get('location')!, /^\/tab\/sign-in\?next=/);
  });

  it('lists access and lets the officer close an alert with a note', async () => {
    const jo = await staffActor(app.core, app.inst.id, 'case_manager', 1);
    const ids = (await app.db.query<{ id: string }>('SELECT id FROM cases WHERE institution_id = $1 LIMIT 10', [app.inst.id])).rows.map((r) => r.id);
    for (const id of ids) await readCase(app.core, jo, id);
    await detectUnusualAccess(app.core, app.inst.id);
    const dpo = await app.as('auditor');
    const page = await dpo.get('/tab/access-review');
    assert.equal(page.status, 200);
    assert.match(page.html, /Jo Williams<\/strong> opened 10 cases held by colleagues/);
    assert.match(page.html, /A colleague held it/);
    const id = /id="alert-([0-9a-f-]{36})"/.exec(page.html)![1]!;
    const done = await dpo.post(`/tab/access-review/alerts/${id}/review`, { note: 'Covering a colleague on leave.' });
    assert.equal(done.status, 303);
    assert.match((await dpo.get('/tab/access-review?done=1')).html, /No open alerts/);
    assert.equal((await dpo.post(`/tab/access-review/alerts/${id}/review`, { note: 'x' }, '/tab/subject-requests')).status, 409);
  });

  it('records a subject access request and downloads the export; an erasure request is decided with reasons', async () => {
    const dpo = await app.as('auditor');
    await dpo.get('/tab/subject-requests');
    const bad = await dpo.post('/tab/subject-requests', { kind: 'access' });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /give an email address, a name or an id/);
    const made = await dpo.post('/tab/subject-requests', { kind: 'access', email: 'tomas@student.example.ac.uk' }, '/tab/subject-requests');
    assert.equal(made.status, 303);
    const show = await dpo.get(made.location!);
    assert.match(show.html, /tomas@student\.example\.ac\.uk/);
    assert.equal((show.html.match(/<td>Reporter<\/td>/g) ?? []).length, 14);
    const json = await download(app, dpo, `${made.location!}/export`, { format: 'json' });
    assert.equal(json.status, 200);
    assert.equal(JSON.parse(json.body.toString('utf8')).summary.cases, 14);

    const erase = await dpo.post('/tab/subject-requests', { kind: 'erasure', email: 'tomas@student.example.ac.uk' }, '/tab/subject-requests');
    const page = await dpo.get(erase.location!);
    const refuseId = /name="refuse\[([0-9a-f-]{36})\]"/.exec(page.html)![1]!;
    const decided = await dpo.post(`${erase.location!}/decide`, { [`refuse[${refuseId}]`]: 'The reporter asked us to keep this one.' });
    assert.equal(decided.status, 303);
    const after = await dpo.get(`${erase.location!}?done=1`);
    assert.match(after.html, /Partly refused/);
    assert.match(after.html, /The reporter asked us to keep this one\./);
    assert.match(after.html, /still open/);
    assert.equal((after.html.match(/<td>erased<\/td>/g) ?? []).length, 5);
  });

  it('shows the retention policy and lets an administrator apply it', async () => {
    now = new Date('2031-11-01T10:00:00Z');
    const admin = await app.as('admin');
    const page = await admin.get('/tab/retention');
    assert.equal(page.status, 200);
    assert.match(page.html, /destroyed 6 years after it is closed/);
    assert.match(page.html, /Apply the policy now \(1 due\)/);
    const run = await admin.post('/tab/retention/run', {});
    assert.equal(run.status, 303);
    assert.equal(run.location, '/tab/retention?ran=1');
    const after = await admin.get('/tab/retention?ran=1');
    assert.match(after.html, /Retention period ended/);
    assert.match(after.html, /Erasure request/);
    assert.equal((await (await app.as('auditor')).post('/tab/retention/run', {}, '/tab/retention')).status, 403);
  });
});
