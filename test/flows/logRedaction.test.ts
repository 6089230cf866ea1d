import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '../../core/config.ts';
import { composeHarbour } from '../../server.ts';
import { forEachEngine } from '../support/engines.ts';
import { captureLog, makeCore, makeInstitution, publicActor, sampleReport, staffActor } from '../factories.ts';
import { submitReport } from '../../core/commands/reportSubmitter.ts';
import { addReporterInformation } from '../../core/commands/reporterAdder.ts';
import { authenticateReporter } from '../../core/queries/followUp.ts';

/** A tiny cookie-keeping client for the flow. */
function client(base: string) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return async (method: string, p: string, form?: Record<string, string>) => {
    const res = await fetch(base + p, {
      method,
      redirect: 'manual',
      headers: { cookie: cookieHeader(), accept: 'text/html', ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      jar.set(k!, v.join('='));
    }
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  };
}
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

forEachEngine('nothing sensitive reaches the logs (a whole flow at trace level)', (getDb) => {
  let server: Server;
  let stop: () => Promise<void>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-logs-'));
  after(async () => {
    await stop?.();
    await new Promise((r) => server?.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('submits, signs in, reads, notes, messages, follows up and mails: no narrative, name, email or note in any log line', async () => {
    const { log, lines } = captureLog();
    log.level = 'trace';
    const core = makeCore(getDb(), { log });
    const inst = await makeInstitution(core, 'Logging University');
    const config = loadConfig({ DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'trace', DEFAULT_INSTITUTION: inst.slug });
    const harbour = await composeHarbour(config, core, log, { DEFAULT_INSTITUTION: inst.slug });
    server = harbour.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    stop = harbour.stop;
    const http = client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);

    const report = sampleReport();
    const submitted = await submitReport(core, publicActor(inst.id), report);
    const cm = await staffActor(core, inst.id, 'case_manager');

    const signIn = await http('GET', '/tab/dev-sign-in');
    assert.equal(signIn.status, 200);
    const signedIn = await http('POST', '/tab/dev-sign-in', { _csrf: csrfOf(signIn.body), staffId: cm.staffId, next: `/tab/cases/${submitted.caseId}` });
    assert.equal(signedIn.status, 303);
    const page = await http('GET', `/tab/cases/${submitted.caseId}`);
    assert.equal(page.status, 200);
    assert.ok(page.body.includes('Mallory Quentin'), 'the case page shows the report to the case manager');
    const claim = await http('POST', `/tab/cases/${submitted.caseId}/claim`, { _csrf: csrfOf(page.body) });
    assert.ok([200, 303].includes(claim.status), `claim answered ${claim.status}`);
    const after = await http('GET', `/tab/cases/${submitted.caseId}`);
    const noted = await http('POST', `/tab/cases/${submitted.caseId}/note`, { _csrf: csrfOf(after.body), text: 'Spoke to Rhiannon about Mallory Quentin; secret plan Zebra.' });
    assert.ok([200, 303].includes(noted.status), `note answered ${noted.status}`);
    const messaged = await http('POST', `/tab/cases/${submitted.caseId}/message`, { _csrf: csrfOf(after.body), text: 'Dear Rhiannon, shall we meet about Mallory Quentin?' });
    assert.ok([200, 303].includes(messaged.status), `message answered ${messaged.status}`);
    const reporter = await authenticateReporter(core, inst.id, submitted.reference, submitted.followUpCode);
    await addReporterInformation(core, reporter, { caseId: submitted.caseId, text: 'He also wrote to me at rhiannon.private@example.org' });
    await http('GET', '/');
    await harbour.dispatcher.drain();

    const logged = lines.join("\n");
    if (process.env.SHOW_LOG) console.log(logged);
    assert.ok(lines.length > 10, 'the flow was logged');
    assert.match(logged, /"path":"\/tab\/cases\//, 'requests are logged');
    for (const secret of [
      report.narrative!,
      'Mallory',
      'Quentin',
      'S1234567',
      'Rhiannon',
      'rhiannon.reporter@student.example.ac.uk',
      'rhiannon.private',
      '07700 900123',
      'Wendy',
      'Zebra',
      submitted.followUpCode,
    ])
      assert.ok(!logged.includes(secret), `the log contains ${secret}`);
  });
});
