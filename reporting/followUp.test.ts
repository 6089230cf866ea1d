import assert from 'node:assert/strict';
import { submitReport } from '../core/commands/reportSubmitter.ts';
import { messageReporter } from '../core/commands/reporterMessenger.ts';
import { closeCase } from '../core/commands/caseCloser.ts';
import { readCase } from '../core/queries/caseReader.ts';
import { checkReceipt } from '../core/receipts/receiptCheck.mjs';
import { publicActor, sampleReport, staffActor } from '../test/factories.ts';
import { sampleFiles } from '../core/evidence/testFixtures.ts';
import { startReportingApp, FormClient } from './testSupport.ts';

type App = Awaited<ReturnType<typeof startReportingApp>>;

describe('follow-up over HTTP', function () {
  let app: App;
  before(async () => {
    app = await startReportingApp({ followUpRateLimit: { windowMs: 60_000, limit: 30 } });
  });
  after(() => app.stop());

  const newReport = () => submitReport(app.core, publicActor(app.inst.id), sampleReport({ kind: 'anonymous', reporter: undefined }));

  it('gives the same answer for an unknown reference and a wrong code', async () => {
    const r = await newReport();
    const c = new FormClient(app.url);
    await c.get('/follow-up');
    await c.post('/follow-up', { reference: r.reference, code: 'AAAA-BBBB-CCCC-DDDD-EEEE' }, [], { multipart: false });
    const wrongCode = { status: c.status, text: c.html.match(/<p>(We couldn.*?)<\/p>/)?.[1] };
    await c.post('/follow-up', { reference: 'HR-1999-9999', code: r.followUpCode }, [], { multipart: false });
    const unknown = { status: c.status, text: c.html.match(/<p>(We couldn.*?)<\/p>/)?.[1] };
    assert.deepEqual(wrongCode, unknown);
    assert.equal(unknown.status, 400);
    assert.match(c.html, /value="HR-1999-9999"/, 'the reference typed is kept');
    assert.ok(!c.html.includes(r.followUpCode), 'the code is never echoed back');
  });

  it('round trip: sign in, read the case manager message, reply, download the receipt again, sign out', async () => {
    const r = await newReport();
    const lead = await staffActor(app.core, app.inst.id, 'lead');
    await messageReporter(app.core, lead, { caseId: r.caseId, text: 'Thank you for telling us. Would you like to talk to someone?' });
    const c = new FormClient(app.url);
    await c.get('/follow-up');
    await c.post('/follow-up', { reference: r.reference.toLowerCase(), code: r.followUpCode.replace(/-/g, ' ').toLowerCase() }, [], { multipart: false });
    assert.equal(c.status, 200);
    assert.match(c.html, new RegExp(`Your report ${r.reference}`));
    assert.match(c.html, /Waiting for your reply/);
    assert.match(c.html, /Would you like to talk to someone\?/);
    assert.match(c.headers.get('cache-control') ?? '', /no-store/);
    await c.post('/follow-up/add', { text: 'Yes please, weekday mornings. <b>not bold</b>' }, [], { skipHidden: false });
    assert.match(c.html, /Added to your report/);
    assert.match(c.html, /Yes please, weekday mornings\. &lt;b&gt;not bold&lt;\/b&gt;/);
    assert.match(c.html, /In progress/);
    const view = await readCase(app.core, lead, r.caseId);
    const added = view.timeline.find((t) => t.type === 'reporter.added');
    assert.equal(added?.secret?.text, 'Yes please, weekday mornings. <b>not bold</b>');
    assert.ok(view.report, 'the original report is still there, unchanged');

    await c.get('/follow-up/receipt');
    assert.match(c.headers.get('content-disposition') ?? '', /receipt\.json/);
    const receipt = JSON.parse(c.html);
    assert.equal(checkReceipt(receipt).ok, true);
    assert.equal(receipt.contentHash, r.contentHash);

    await c.get('/follow-up');
    await c.post('/follow-up/sign-out', {}, [], { multipart: false });
    assert.match(c.html, /Enter the reference and the follow-up code/);
    await c.get('/follow-up/receipt');
    assert.equal(c.status, 303, 'signed out: no receipt without signing in again');
  });

  it('adds files with a reply, as new evidence beside the report', async () => {
    const r = await newReport();
    const c = new FormClient(app.url);
    await c.get('/follow-up');
    await c.post('/follow-up', { reference: r.reference, code: r.followUpCode }, [], { multipart: false });
    await c.post('/follow-up/add', { text: 'Here is the screenshot.' }, [{ field: 'evidence', name: 'chat.png', type: 'image/png', body: sampleFiles.png(3000) }]);
    assert.match(c.html, /Added to your report\. Files added: 1\./);
    const files = (await app.core.db.query<{ case_id: string; uploaded_by: string }>('SELECT case_id, uploaded_by FROM evidence_files WHERE case_id = $1', [r.caseId])).rows;
    assert.deepEqual(files.map((f) => f.uploaded_by), ['reporter']);
  });

  it('keeps a reply that could not be added, and says why', async () => {
    const r = await newReport();
    const c = new FormClient(app.url);
    await c.get('/follow-up');
    await c.post('/follow-up', { reference: r.reference, code: r.followUpCode }, [], { multipart: false });
    await c.post('/follow-up/add', { text: '' });
    assert.equal(c.status, 400);
    assert.match(c.html, /Write a message or choose a file to add/);
    await c.post('/follow-up/add', { text: 'z'.repeat(20_001) });
    assert.match(c.html, /Your message or new information must be 20000 characters or fewer/);
    assert.ok(c.html.includes('z'.repeat(20_001)));
    await c.post('/follow-up/add', { _csrf: 'stale', text: 'typed while the token went stale' });
    assert.equal(c.status, 403);
    assert.match(c.html, /typed while the token went stale/);
    const lead = await staffActor(app.core, app.inst.id, 'lead');
    await closeCase(app.core, lead, { caseId: r.caseId, outcome: 'support_given' });
    await c.get('/follow-up');
    assert.match(c.html, /This report is closed/);
  });

  it('locks a reference after five failures, whether or not the code is then right', async () => {
    const r = await newReport();
    const c = new FormClient(app.url);
    await c.get('/follow-up');
    for (let i = 0; i < 5; i++) await c.post('/follow-up', { reference: r.reference, code: `WRONG-CODE-${i}` }, [], { multipart: false });
    await c.post('/follow-up', { reference: r.reference, code: r.followUpCode }, [], { multipart: false });
    assert.equal(c.status, 429);
    assert.match(c.html, /Too many attempts/);
  });
});

describe('follow-up rate limit', function () {
  let app: App;
  before(async () => {
    app = await startReportingApp({ followUpRateLimit: { windowMs: 60_000, limit: 3 } });
  });
  after(() => app.stop());

  it('refuses a fourth attempt from one address, with the form still there', async () => {
    const c = new FormClient(app.url);
    await c.get('/follow-up');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      await c.post('/follow-up', { reference: `HR-2026-00${10 + i}`, code: 'ABCD-EFGH-JKLM-NPQR-STUV' }, [], { multipart: false });
      statuses.push(c.status);
    }
    assert.deepEqual(statuses, [400, 400, 400, 429]);
    assert.match(c.html, /Too many attempts from this connection/);
    assert.match(c.html, /value="HR-2026-0013"/);
    assert.ok(c.headers.get('retry-after'));
  });
});
