import assert from 'node:assert/strict';
import { startReportingApp, FormClient, hidden } from './testSupport.ts';
import { checkReceipt } from '../core/receipts/receiptCheck.mjs';

type App = Awaited<ReturnType<typeof startReportingApp>>;

const UA = 'Mozilla/5.0 (X11; Linux) HarbourTestBrowser/97.3';
const IP = '203.0.113.77';

/** Every text value in every table, to prove what was (not) stored. */
async function everythingStored(app: App): Promise<string> {
  const tables = (await app.core.db.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.tablename);
  let all = '';
  for (const t of tables) all += JSON.stringify((await app.core.db.query(`SELECT * FROM ${t}`)).rows);
  return all;
}

const count = async (app: App, sql: string) => Number((await app.core.db.query<{ n: string }>(sql)).rows[0]!.n);

/** Walks an anonymous report through every step with JavaScript off. */
async function anonymousReport(c: FormClient, narrative = 'Someone shouted abuse at me outside the library.') {
  await c.get('/report');
  await c.step({ kind: 'anonymous', capacity: 'self', connection: 'student' });
  assert.equal(c.currentStep, 'what');
  await c.step({ narrative, categories: ['harassment', 'hate_incident'], characteristics: ['religion'] });
  await c.step({ day: '', month: '', year: '', approximate: 'around March, evenings', ongoing: 'yes' });
  await c.step({ campus: 'city', building: 'library', online: '', offCampus: '' });
  await c.step({ 'perpetrators.0.relation': 'student', 'perpetrators.0.name': '', 'perpetrators.0.identifier': '', 'perpetrators.0.description': 'tall, green coat' });
  await c.step({});
  assert.equal(c.currentStep, 'evidence');
  await c.step({});
  await c.step({ wants: ['support'], consentShare: 'yes', consentWith: ['security'] });
  assert.equal(c.currentStep, 'equality', 'an anonymous report has no contact details step');
  await c.step({ 'equality.age': '18_24' });
  assert.equal(c.currentStep, 'check');
}

describe('the reporting form over HTTP (JavaScript off)', function () {
  let app: App;
  before(async () => {
    app = await startReportingApp();
  });
  after(() => app.stop());

  it('takes an anonymous report through every step and answers with a reference, a code shown once and a receipt', async () => {
    const c = new FormClient(app.url, { 'user-agent': UA, 'x-forwarded-for': IP });
    await anonymousReport(c);
    assert.match(c.html, /Step 10 of 10/);
    assert.match(c.html, /around March, evenings/);
    assert.match(c.html, /tall, green coat/);
    await c.step({}, 'send');
    assert.equal(c.status, 200);
    const reference = c.html.match(/data-reference>([^<]+)</)?.[1];
    const code = c.html.match(/data-follow-up-code>([^<]+)</)?.[1];
    assert.match(reference ?? '', /^HR-\d{4}-\d{4}$/);
    assert.match(code ?? '', /^[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/);
    assert.equal(c.headers.get('cache-control'), 'no-store, max-age=0');
    assert.match(c.html, /Stop Hate UK/, 'support matched to the hate incident category');
    const receipt = JSON.parse(hidden(c.html, 'receipt')!);
    assert.equal(checkReceipt(receipt).ok, true);
    assert.equal(receipt.reference, reference);
    assert.ok(!JSON.parse(receipt.recorded).report.reporter, 'nothing identifying in an anonymous report');

    const stored = await everythingStored(app);
    assert.ok(!stored.includes('HarbourTestBrowser'), 'no user agent stored');
    assert.ok(!stored.includes(IP), 'no IP address stored');
    assert.ok(!stored.includes(code!.replace(/-/g, '')) && !stored.includes(code!), 'the follow-up code is stored only as a hash');
  });

  it('writes nothing a reporter typed into the logs', async () => {
    const { captureLog, makeCore } = await import('../test/factories.ts');
    const captured = captureLog();
    const logged = await startReportingApp({ core: makeCore(app.core.db, { log: captured.log }) });
    try {
      const c = new FormClient(logged.url, { 'user-agent': UA });
      await anonymousReport(c, 'A narrative that must never reach a log line');
      await c.step({}, 'send');
      assert.match(c.html, /data-reference>HR-/);
      const lines = captured.lines.join('');
      assert.ok(lines.includes('"path":"/report"'), 'requests are logged');
      for (const secret of ['must never reach a log', 'tall, green coat', 'around March', 'HarbourTestBrowser', hidden(c.html, 'receipt')!.slice(0, 40)]) assert.ok(!lines.includes(secret), secret);
    } finally {
      await logged.stop({ keepDatabase: true });
    }
  });

  it('lets the reporter download the receipt as a file', async () => {
    const c = new FormClient(app.url);
    await anonymousReport(c);
    await c.step({}, 'send');
    const receiptJson = hidden(c.html, 'receipt')!;
    await c.post('/report/receipt', { receipt: receiptJson }, [], { skipHidden: true });
    assert.equal(c.status, 200);
    assert.match(c.headers.get('content-disposition') ?? '', /attachment; filename="?HR-\d{4}-\d{4}-receipt\.json/);
    assert.equal(checkReceipt(JSON.parse(c.html)).ok, true);
    await c.post('/report/receipt', { receipt: receiptJson.replace('library', 'Library') }, [], { skipHidden: true });
    assert.equal(c.status, 204, 'a tampered receipt is not echoed, and the page stays');
  });

  describe('bad input: clear errors, nothing lost, nothing stored twice', () => {
    it('names every missing required answer and keeps the page', async () => {
      const c = new FormClient(app.url);
      await c.get('/report');
      await c.step({});
      assert.equal(c.status, 200);
      assert.equal(c.currentStep, 'about');
      assert.match(c.html, /<title>Error: About your report/);
      for (const text of ['Choose how you want to report', 'Choose who you are reporting for', 'Choose your connection to the university'])
        assert.equal(c.html.split(text).length - 1, 2, `"${text}" in the summary and at the field`);
      assert.match(c.html, /<a href="#f-kind">/);
      await c.step({ kind: 'anonymous', capacity: 'self', connection: 'visitor' });
      await c.step({ narrative: '   ', categories: [] });
      assert.equal(c.currentStep, 'what');
      assert.match(c.html, /Tell us what happened/);
      assert.match(c.html, /Choose at least one kind of incident/);
    });

    it('refuses an oversized answer by name and gives every character back', async () => {
      const c = new FormClient(app.url);
      await c.get('/report');
      await c.step({ kind: 'named_record', capacity: 'self', connection: 'staff' });
      const long = 'a'.repeat(19_990) + 'ZZZZ-END-OF-TEXT';
      await c.step({ narrative: long, categories: ['bullying'] });
      assert.equal(c.currentStep, 'what');
      assert.match(c.html, /What happened must be 20000 characters or fewer/);
      assert.ok(c.html.includes(long), 'the whole text is back in the box');
      assert.match(c.html, /value="bullying" [^>]*checked/);
      const huge = 'b'.repeat(1_200_000);
      await c.step({ narrative: huge, categories: ['bullying'] });
      assert.equal(c.status, 200, 'far beyond the limit still gets the form back, not a bare 413');
      assert.match(c.html, /What happened must be 20000 characters or fewer/);
      await c.step({ narrative: 'short now', categories: ['bullying'] });
      await c.step({});
      await c.step({});
      await c.step({ 'perpetrators.0.relation': 'staff', 'perpetrators.0.name': 'n'.repeat(201), 'perpetrators.0.identifier': '', 'perpetrators.0.description': 'kept description' });
      assert.equal(c.currentStep, 'people');
      assert.match(c.html, /Person 1 name must be 200 characters or fewer/);
      assert.match(c.html, /kept description/);
      assert.match(c.html, /href="#f-perpetrators-0-name"/);
      assert.match(c.html, /id="f-perpetrators-0-name"/);
    });

    it('explains impossible, partial, future and ancient dates and keeps what was typed', async () => {
      const c = new FormClient(app.url);
      await c.get('/report');
      await c.step({ kind: 'anonymous', capacity: 'witness', connection: 'student' });
      await c.step({ narrative: 'x', categories: ['stalking'] });
      const cases: [Record<string, string>, RegExp][] = [
        [{ day: '31', month: '2', year: '2025' }, /Date must be a real date/],
        [{ day: '12', month: '', year: '' }, /Date must include a day, a month and a year/],
        [{ day: '1', month: '1', year: '2999' }, /Date must be today or in the past/],
        [{ day: '1', month: '1', year: '1901' }, /Date must be after 1950/],
        [{ day: 'aa', month: '13', year: '20x5' }, /Date must be a real date/],
      ];
      for (const [date, message] of cases) {
        await c.step({ ...date, approximate: 'evenings, ongoing', ongoing: 'yes' });
        assert.equal(c.currentStep, 'when');
        assert.match(c.html, message);
        assert.ok(c.html.includes(`name="day" value="${date.day}"`) && c.html.includes(`name="year" value="${date.year}"`));
        assert.match(c.html, /value="evenings, ongoing"/);
      }
      await c.step({ day: '29', month: '2', year: '2024', approximate: '', ongoing: 'no' });
      assert.equal(c.currentStep, 'where', 'a real leap day is accepted');
    });

    it('stores markup and script exactly as typed and never lets them run', async () => {
      const evil = (tag: string) => `<script>alert("${tag}")</script><img src=x onerror=alert(1)>"'&${tag}`;
      const c = new FormClient(app.url);
      await c.get('/report');
      await c.step({ kind: 'adviser', capacity: 'on_behalf', connection: 'other', onBehalfName: evil('behalf'), onBehalfConnection: 'student' });
      await c.step({ narrative: evil('narrative'), categories: ['harassment'] });
      await c.step({ day: '', month: '', year: '', approximate: evil('approx'), ongoing: 'unsure' });
      await c.step({ campus: '', building: '', online: evil('online'), offCampus: evil('offcampus') });
      await c.step({ 'perpetrators.0.relation': 'external', 'perpetrators.0.name': evil('pname'), 'perpetrators.0.identifier': evil('pid'), 'perpetrators.0.description': evil('pdesc') });
      await c.step({ 'witnesses.0.name': evil('wname'), 'witnesses.0.contact': evil('wcontact'), 'witnesses.0.description': evil('wdesc') });
      await c.step({});
      await c.step({ wants: ['information'], consentShare: 'no' });
      await c.step({ name: evil('name'), email: 'person@example.org', phone: evil('p').slice(0, 40), safeTimes: evil('safe'), contactByEmail: 'yes' });
      await c.step({});
      assert.equal(c.currentStep, 'check');
      assert.ok(!/<script>alert/.test(c.html) && !/<img src=x/.test(c.html), 'nothing typed is rendered as markup');
      assert.match(c.html, /&lt;script&gt;alert\(&quot;narrative&quot;\)&lt;\/script&gt;/);
      await c.step({}, 'send');
      const reference = c.html.match(/data-reference>([^<]+)</)![1]!;
      const { staffActor } = await import('../test/factories.ts');
      const { readCase } = await import('../core/queries/caseReader.ts');
      const caseId = (await app.core.db.query<{ id: string }>('SELECT id FROM cases WHERE reference = $1', [reference])).rows[0]!.id;
      const view = await readCase(app.core, await staffActor(app.core, app.inst.id, 'lead'), caseId);
      const report = (view.report!.recorded as { report: Record<string, any> }).report;
      assert.equal(report.narrative, evil('narrative'));
      assert.equal(report.perpetrators[0].description, evil('pdesc'));
      assert.equal(report.witnesses[0].contact, evil('wcontact'));
      assert.equal(report.reporter.name, evil('name'));
      assert.equal(report.onBehalfOf.name, evil('behalf'));
      assert.equal(report.where.offCampus, evil('offcampus'));
    });

    it('refuses option keys the institution does not offer', async () => {
      const c = new FormClient(app.url);
      await c.get('/report');
      await c.step({ kind: 'sideways', capacity: 'self', connection: 'student' });
      assert.match(c.html, /Choose how you want to report/);
      await c.step({ kind: 'anonymous', capacity: 'self', connection: 'student' });
      await c.step({ narrative: 'x', categories: ['nuclear'] });
      assert.match(c.html, /What kind of incident was it\?: choose from the list/);
    });

    it('keeps every answer going back, and Change from the summary returns to it', async () => {
      const c = new FormClient(app.url);
      await anonymousReport(c, 'first version of what happened');
      await c.press('back');
      assert.equal(c.currentStep, 'equality');
      assert.match(c.html, /value="18_24" selected/);
      for (let i = 0; i < 7; i++) await c.press('back');
      assert.equal(c.currentStep, 'what');
      assert.match(c.html, /first version of what happened/);
      assert.match(c.html, /value="hate_incident" [^>]*checked/);
      for (let i = 0; i < 9; i++) await c.press('next');
      assert.equal(c.currentStep, 'check');
      assert.match(c.html, /around March, evenings/);
      await c.step({}, 'goto:what');
      assert.equal(c.currentStep, 'what');
      assert.match(c.html, /Save and go back to the summary/);
      await c.step({ narrative: 'second version', categories: ['harassment'], characteristics: [] });
      assert.equal(c.currentStep, 'check');
      assert.match(c.html, /second version/);
      assert.match(c.html, /tall, green coat/);
    });

    it('on a CSRF failure shows the page again with everything typed', async () => {
      const c = new FormClient(app.url);
      await c.get('/report');
      await c.step({ kind: 'anonymous', capacity: 'self', connection: 'student' });
      await c.step({ _csrf: 'forged-or-expired-token', narrative: 'typed before the token expired', categories: ['online_abuse'] });
      assert.equal(c.currentStep, 'what');
      assert.match(c.html, /timed out before it was sent/);
      assert.match(c.html, /typed before the token expired/);
      assert.match(c.html, /value="online_abuse" [^>]*checked/);
      await c.step({ narrative: 'typed before the token expired', categories: ['online_abuse'] });
      assert.equal(c.currentStep, 'when', 'the fresh token on the page works');
    });

    it('keeps the typed page when the draft can no longer be opened', async () => {
      const c = new FormClient(app.url);
      await c.get('/report');
      await c.step({ draft: 'A'.repeat(80), step: 'what', narrative: 'still here', categories: ['bullying'] }, 'add');
      assert.match(c.html, /Your form had expired/);
      assert.match(c.html, /still here/);
    });

    it('answers a double submit with the same reference and stores one report', async () => {
      const c = new FormClient(app.url);
      await anonymousReport(c, 'double submit test narrative');
      const page = c.html;
      const before = await count(app, 'SELECT count(*) AS n FROM cases');
      const send = () => {
        const d = new FormClient(app.url);
        d.cookies = new Map(c.cookies);
        d.html = page;
        return d.step({}, 'send').then(() => d.html.match(/data-reference>([^<]+)</)?.[1]);
      };
      const [a, b] = await Promise.all([send(), send()]);
      assert.ok(a && a === b, `both answers show the same reference (${a}, ${b})`);
      assert.equal(await count(app, 'SELECT count(*) AS n FROM cases'), before + 1);
      assert.equal(await send(), a, 'a resend soon after gets the same answer again');
    });

    it('refuses a resend that reaches another Harbour process, without storing it twice', async () => {
      const c = new FormClient(app.url);
      await anonymousReport(c, 'sent through two processes');
      const page = c.html;
      await c.step({}, 'send');
      const before = await count(app, 'SELECT count(*) AS n FROM cases');
      const other = await startReportingApp({ core: app.core });
      try {
        const d = new FormClient(other.url);
        await d.get('/report');
        d.html = page.replace(/name="_csrf" value="[^"]*"/, `name="_csrf" value="${hidden(d.html, '_csrf')}"`);
        await d.step({}, 'send');
        assert.equal(d.status, 409);
        assert.match(d.html, /This report was already received/);
        assert.equal(await count(app, 'SELECT count(*) AS n FROM cases'), before, 'nothing stored by the second process');
      } finally {
        await other.stop({ keepDatabase: true });
      }
    });
  });
});
