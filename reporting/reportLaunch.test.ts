import assert from 'node:assert/strict';
import { sealLaunchToken } from '../lti-tool/launchToken.ts';
import { sampleFiles } from '../core/evidence/testFixtures.ts';
import { startReportingApp, FormClient, TEST_SECRET } from './testSupport.ts';

type App = Awaited<ReturnType<typeof startReportingApp>>;

const PREFILL = { name: 'Launchy McMoodle', email: 'launchy.mcmoodle@student.example.ac.uk' };

async function everythingStored(app: App): Promise<string> {
  const tables = (await app.core.db.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.tablename);
  let all = '';
  for (const t of tables) all += JSON.stringify((await app.core.db.query(`SELECT * FROM ${t}`)).rows);
  return all;
}

describe('the form from Moodle, and evidence files', function () {
  let app: App;
  let token: string;
  before(async () => {
    app = await startReportingApp();
    token = await sealLaunchToken({ institutionId: app.inst.id, connection: 'staff', prefill: PREFILL }, TEST_SECRET);
  });
  after(() => app.stop());

  it('preselects the connection and keeps the prefill out of an anonymous report entirely', async () => {
    const c = new FormClient(app.url);
    await c.get(`/report?launch=${encodeURIComponent(token)}`);
    assert.match(c.html, /value="staff" checked/);
    assert.ok(!c.html.includes(PREFILL.name) && !c.html.includes(PREFILL.email));
    await c.press('next', { kind: 'anonymous', capacity: 'self' });
    await c.press('next', { narrative: 'From Moodle, anonymously.', categories: ['bullying'] });
    while (c.currentStep !== 'check') {
      await c.press('next');
      assert.ok(!c.html.includes(PREFILL.name), `no prefill on ${c.currentStep}`);
    }
    await c.press('send');
    assert.match(c.html, /data-reference>HR-/);
    const stored = await everythingStored(app);
    assert.ok(!stored.includes(PREFILL.name) && !stored.includes('launchy'), 'nothing from the launch is stored');
    const channel = (await app.core.db.query<{ channel: string }>('SELECT channel FROM reports ORDER BY submitted_at DESC LIMIT 1')).rows[0]!.channel;
    assert.equal(channel, 'lti');
  });

  it('offers the prefill only on the contact step of a named report', async () => {
    const c = new FormClient(app.url);
    await c.get(`/report?launch=${encodeURIComponent(token)}`);
    await c.press('next', { kind: 'adviser', capacity: 'self' });
    await c.press('next', { narrative: 'From Moodle, named.', categories: ['harassment'] });
    while (c.currentStep !== 'contact') {
      assert.ok(!c.html.includes(PREFILL.name));
      await c.press('next');
    }
    assert.match(c.html, new RegExp(`name="name" value="${PREFILL.name}"`));
    assert.match(c.html, /We filled in your name and email from Moodle/);
    await c.press('next', { name: 'Chosen Name', email: '' , phone: '' });
    assert.equal(c.currentStep, 'contact');
    assert.match(c.html, /Enter an email address or a phone number so that an adviser can contact you/);
    assert.match(c.html, /value="Chosen Name"/, 'what the reporter typed wins over the prefill');
    await c.press('next', { email: 'chosen@example.org' });
    await c.press('next');
    await c.press('send');
    const reference = c.html.match(/data-reference>([^<]+)</)![1];
    const row = (await app.core.db.query<{ kind: string; facets: { connection: string; channel: string } }>('SELECT kind, facets FROM cases WHERE reference = $1', [reference])).rows[0]!;
    assert.equal(row.kind, 'adviser');
    assert.equal(row.facets.connection, 'staff');
    assert.equal(row.facets.channel, 'lti');
  });

  it('still lets someone report when the launch has expired or was forged', async () => {
    const c = new FormClient(app.url);
    await c.get('/report?launch=not-a-real-token');
    assert.equal(c.status, 200);
    assert.match(c.html, /Your Moodle sign-in had expired/);
    assert.ok(!/name="launch"/.test(c.html));
  });

  it('stages files at the evidence step, lists them, removes one, refuses a program, and attaches the rest when sent', async () => {
    const c = new FormClient(app.url);
    await c.get('/report');
    await c.press('next', { kind: 'anonymous', capacity: 'self', connection: 'student' });
    await c.press('next', { narrative: 'Screenshots attached.', categories: ['online_abuse'] });
    while (c.currentStep !== 'evidence') await c.press('next');
    assert.match(c.html, /Photos from a phone often carry the place and time they were taken/);
    await c.post('/report', { nav: 'upload' }, [
      { field: 'evidence', name: 'screenshot.png', type: 'image/png', body: sampleFiles.png(4000) },
      { field: 'evidence', name: 'notes.pdf', type: 'application/pdf', body: sampleFiles.pdf(3000) },
      { field: 'evidence', name: 'game.exe', type: 'application/octet-stream', body: sampleFiles.exe(3000) },
    ]);
    assert.equal(c.currentStep, 'evidence');
    assert.match(c.html, /screenshot\.png/);
    assert.match(c.html, /photo: may include its location/);
    assert.match(c.html, /notes\.pdf/);
    assert.match(c.html, /game\.exe was not added: that kind of file can&#x27;t be accepted/);
    const pdfId = c.html.match(/value="remove:file:([0-9a-f-]{36})"[^>]*>Remove notes\.pdf/)![1]!;
    await c.press(`remove:file:${pdfId}`);
    assert.ok(!c.html.includes('notes.pdf'));
    assert.equal(Number((await app.core.db.query<{ n: string }>('SELECT count(*) AS n FROM evidence_files WHERE id = $1', [pdfId])).rows[0]!.n), 0, 'a removed file is discarded at once');
    while ((c.currentStep as string) !== 'check') await c.press('next');
    assert.match(c.html, /screenshot\.png/);
    await c.press('send');
    assert.match(c.html, /Files added to your report: 1\./);
    const reference = c.html.match(/data-reference>([^<]+)</)![1];
    const files = (await app.core.db.query<{ key_wrap: string }>('SELECT f.key_wrap FROM evidence_files f JOIN cases c ON c.id = f.case_id WHERE c.reference = $1', [reference])).rows;
    assert.deepEqual(files.map((f) => f.key_wrap), ['case']);
  });
});
