import { openMigratedPglite } from '../../test/support/pglite.ts';
import assert from 'node:assert/strict';
import { makeCore, makeInstitution, publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import { createLocalOffice } from '../../graph-integration/index.ts';
import { createDispatcher } from '../events/dispatcher.ts';
import { mailListeners } from './mailListeners.ts';
import { submitReport } from '../commands/reportSubmitter.ts';
import { claimCase } from '../commands/caseClaimer.ts';
import { messageReporter } from '../commands/reporterMessenger.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';

describe('mail that follows events (local outbox)', () => {
  it('tells case managers without identifying detail, and the consenting reporter only that something waits', async () => {
    const db = await openMigratedPglite();
    const core = makeCore(db);
    const inst = await makeInstitution(core);
    const office = createLocalOffice(db);
    const dispatcher = createDispatcher(db, core.log, mailListeners(core, office.mail, 'https://harbour.example.ac.uk'));
    const report = sampleReport();
    const { caseId, reference } = await submitReport(core, publicActor(inst.id), report);
    const cm = await staffActor(core, inst.id, 'case_manager');
    await claimCase(core, cm, { caseId });
    await messageReporter(core, cm, { caseId, text: 'Could we meet on Tuesday about the library incident?' });
    await dispatcher.drain();
    const sent = (await db.query<{ recipient: string; subject: string; body: string }>('SELECT recipient, subject, body FROM sent_messages ORDER BY sent_at')).rows;
    const all = JSON.stringify(sent);
    assert.ok(sent.some((m) => m.body.includes(reference) && m.body.includes(`/tab/cases/${caseId}`)), all);
    assert.ok(sent.filter((m) => m.recipient.includes('rhiannon.reporter')).length === 2, 'confirmation and message notice to the reporter');
    for (const secret of [report.narrative, 'Mallory', 'S1234567', 'Wendy', 'Tuesday', 'Rhiannon Reporter', '07700'])
      assert.ok(!all.includes(secret!), `mail must not contain ${secret}`);
    const pending = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL');
    assert.equal(Number(pending.rows[0]!.n), 0);
    await db.close();
  });

  it('tells the case holder when a file is quarantined, naming only the reference', async () => {
    const db = await openMigratedPglite();
    const core = makeCore(db);
    const inst = await makeInstitution(core);
    const dispatcher = createDispatcher(db, core.log, mailListeners(core, createLocalOffice(db).mail, 'https://h.example'));
    const { caseId, reference } = await submitReport(core, publicActor(inst.id), sampleReport());
    const cm = await staffActor(core, inst.id, 'case_manager');
    await claimCase(core, cm, { caseId });
    await db.forInstitution(inst.id, (tx) => enqueue(tx, inst.id, EVENTS.evidenceInfected, { caseId, reference, fileId: 'f1', assigneeId: cm.staffId }));
    await dispatcher.drain();
    const mails = (await db.query<{ recipient: string; subject: string }>(`SELECT recipient, subject FROM sent_messages WHERE subject LIKE '%quarantined%'`)).rows;
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.subject, new RegExp(reference));
    await db.close();
  });

  it('writes nothing to an anonymous reporter', async () => {
    const db = await openMigratedPglite();
    const core = makeCore(db);
    const inst = await makeInstitution(core);
    const dispatcher = createDispatcher(db, core.log, mailListeners(core, createLocalOffice(db).mail, 'https://h.example'));
    await submitReport(core, publicActor(inst.id), sampleReport({ kind: 'anonymous' }));
    await dispatcher.drain();
    const recipients = (await db.query<{ recipient: string }>('SELECT recipient FROM sent_messages')).rows.map((r) => r.recipient);
    assert.ok(recipients.length > 0 && recipients.every((r) => r.endsWith('.example.ac.uk') && !r.includes('rhiannon')), recipients.join());
    await db.close();
  });
});
