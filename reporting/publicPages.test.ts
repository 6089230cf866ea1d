import assert from 'node:assert/strict';
import { submitReport } from '../core/commands/reportSubmitter.ts';
import { receiptForSubmission } from '../core/receipts/receipts.ts';
import { publicActor, sampleReport } from '../test/factories.ts';
import { startReportingApp, FormClient } from './testSupport.ts';

type App = Awaited<ReturnType<typeof startReportingApp>>;

describe('landing, privacy, support directory and verification pages', function () {
  let app: App;
  before(async () => {
    app = await startReportingApp({ texts: { 'landing.intro': 'Our own words <b>for</b> the start page.\n\nSecond paragraph.', 'report.intro.title': 'Tell us, safely' } });
  });
  after(() => app.stop());

  it('shows how to report, what can be reported, emergency numbers, support and privacy, in the institution’s own words', async () => {
    const c = new FormClient(app.url);
    const html = await c.get('/');
    assert.equal(c.status, 200);
    assert.match(html, /Our own words &lt;b&gt;for&lt;\/b&gt; the start page\.\n\nSecond paragraph\./, 'stored text, escaped, paragraphs kept');
    assert.match(html, /Call 999 if you or someone else is in immediate danger\. On campus you can also call security on 0113 000 0000/);
    assert.match(html, /Harassment and bullying/);
    assert.match(html, /Hate incidents/);
    assert.match(html, /Sexual misconduct/);
    assert.match(html, /Online abuse/);
    assert.match(html, /Rape Crisis England &amp; Wales/);
    assert.match(html, /href="\/privacy"/);
    assert.match(await c.get('/report'), /<h1>Tell us, safely<\/h1>/, 'form texts are the institution’s too');
    assert.match(await c.get('/privacy'), /Test University is the data controller/);
    assert.match(c.html, /no IP address and no browser details/);
  });

  it('lists the support directory with audience, contact, hours, last review and reviewer, and prints it', async () => {
    const c = new FormClient(app.url);
    const html = await c.get('/support');
    assert.match(html, /At the university/);
    assert.match(html, /Outside the university/);
    assert.match(html, /Employee assistance programme[\s\S]*?<dt>For<\/dt><dd>Staff<\/dd>/);
    assert.match(html, /Last reviewed<\/dt><dd>\d{1,2} \w{3} \d{4} \(Demo Administrator\)/);
    const print = await c.get('/support/print');
    assert.match(print, /<table class="support-table">/);
    assert.match(print, /National Stalking Helpline/);
  });

  it('verifies a pasted or uploaded receipt without sign-in, and says which check fails', async () => {
    const submitted = await submitReport(app.core, publicActor(app.inst.id), sampleReport());
    const receipt = await receiptForSubmission(app.core, submitted, `${app.url}/verify`);
    const c = new FormClient(app.url);
    await c.post('/verify', { receipt: JSON.stringify(receipt) }, [], { skipHidden: true });
    assert.equal(c.status, 200);
    assert.match(c.html, new RegExp(`Receipt ${submitted.reference} is genuine`));
    assert.equal((c.html.match(/Passed:/g) ?? []).length, 10);
    await c.post('/verify', {}, [{ field: 'file', name: 'receipt.json', type: 'application/json', body: Buffer.from(JSON.stringify({ ...receipt, recorded: receipt.recorded.replace('library', 'garden') })) }], { skipHidden: true });
    assert.match(c.html, /This receipt does not verify/);
    assert.match(c.html, /Failed:<\/span> The report&#x27;s SHA-256 fingerprint matches/);
    await c.post('/verify', { receipt: 'hello' }, [], { skipHidden: true });
    assert.equal(c.status, 400);
    assert.match(c.html, /That is not a receipt file/);
  });

  it('publishes the signing keys and the stand-alone checker', async () => {
    const c = new FormClient(app.url);
    assert.match(await c.get('/verify/keys'), /-----BEGIN PUBLIC KEY-----/);
    const res = await fetch(`${app.url}/verify/keys`, { headers: { accept: 'application/json' } });
    const keys = (await res.json()) as { institutionId: string; keys: { keyId: string }[] };
    assert.equal(keys.institutionId, app.inst.id);
    assert.match(keys.keys[0]!.keyId, /^ed25519-[0-9a-f]{16}$/);
    const script = await c.get('/verify/verify-receipt.mjs');
    assert.match(c.headers.get('content-disposition') ?? '', /verify-receipt\.mjs/);
    assert.match(script, /export function checkReceipt/);
  });

  it('sends strict headers, and a CSP that lets only the registered Moodle sites frame the form', async () => {
    const framed = await startReportingApp({ core: app.core, frameAncestors: ['https://moodle.example.ac.uk'] });
    try {
      const res = await fetch(`${framed.url}/report`);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /frame-ancestors 'self' https:\/\/moodle\.example\.ac\.uk/);
      assert.match(csp, /script-src 'self'/);
      assert.equal(res.headers.get('x-frame-options'), null);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.match(res.headers.get('cache-control') ?? '', /no-store/);
    } finally {
      await framed.stop({ keepDatabase: true });
    }
  });
});
