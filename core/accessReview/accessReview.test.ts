import assert from 'node:assert/strict';
import { openPglite } from '../db/pglite.ts';
import { migrate } from '../db/migrate.ts';
import type { Database } from '../db/database.ts';
import type { Core } from '../core.ts';
import type { Institution } from '../institutions.ts';
import { makeCore, makeInstitution, publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import { submitReport } from '../commands/reportSubmitter.ts';
import { claimCase } from '../commands/caseClaimer.ts';
import { readCase } from '../queries/caseReader.ts';
import { createDispatcher } from '../events/dispatcher.ts';
import { createLocalMail } from '../../graph-integration/localOffice.ts';
import { DomainError } from '../errors.ts';
import { listAccess } from './accessLog.ts';
import { detectUnusualAccess, listAlerts, reviewAlert } from './unusualAccess.ts';
import { unusualAccessMailListener } from './alertMail.ts';

describe('access review', () => {
  let db: Database;
  let core: Core;
  let inst: Institution;
  let now = new Date('2026-03-02T08:00:00Z');
  const held: string[] = [];
  const fresh: string[] = [];

  before(async function () {
    this.timeout(120_000);
    db = await openPglite('memory://');
    await migrate(db);
    core = makeCore(db, { clock: () => now });
    inst = await makeInstitution(core);
    const sam = await staffActor(core, inst.id, 'case_manager', 2);
    for (let i = 0; i < 12; i++) {
      const { caseId } = await submitReport(core, publicActor(inst.id), sampleReport({ when: {} }));
      await claimCase(core, sam, { caseId });
      await readCase(core, sam, caseId);
      held.push(caseId);
    }
    for (let i = 0; i < 11; i++) fresh.push((await submitReport(core, publicActor(inst.id), sampleReport({ when: {} }))).caseId);
  });
  after(() => db.close());

  it('does not count triage of unassigned cases or a holder opening their own', async () => {
    const lead = await staffActor(core, inst.id, 'lead');
    now = new Date('2026-03-02T09:00:00Z');
    for (const id of fresh) await readCase(core, lead, id);
    assert.deepEqual(await detectUnusualAccess(core, inst.id), []);
  });

  it('alerts the administrators once when someone opens ten cases colleagues hold, naming nobody in the mail', async () => {
    const jo = await staffActor(core, inst.id, 'case_manager', 1);
    now = new Date('2026-03-02T22:00:00Z');
    for (const id of held.slice(0, 10)) await readCase(core, jo, id);
    now = new Date('2026-03-02T22:30:00Z');
    const raised = await detectUnusualAccess(core, inst.id);
    assert.equal(raised.length, 1);
    assert.deepEqual(await detectUnusualAccess(core, inst.id), [], 'not raised twice for the same window');

    const mail = createLocalMail(db);
    await createDispatcher(db, core.log, [unusualAccessMailListener({ core, mail, publicUrl: 'https://harbour.example.ac.uk' })]).drain();
    const sent = (await db.query<{ recipient: string; subject: string; body: string }>(`SELECT recipient, subject, body FROM sent_messages WHERE institution_id = $1 AND subject LIKE '%unusual access%'`, [inst.id])).rows;
    assert.deepEqual(sent.map((s) => s.recipient.split('@')[0]).sort(), ['dana.dpo', 'robin.admin']);
    assert.match(sent[0]!.body, /10 cases held by colleagues/);
    assert.match(sent[0]!.body, /https:\/\/harbour\.example\.ac\.uk\/tab\/access-review/);
    assert.ok(!/Jo Williams|HR-/.test(sent[0]!.body), 'the mail names nobody and no case');

    const dpo = await staffActor(core, inst.id, 'auditor');
    const [alert] = await listAlerts(core, dpo, { open: true });
    assert.equal(alert!.staffName, 'Jo Williams');
    assert.equal(alert!.caseCount, 10);
    await reviewAlert(core, dpo, { alertId: alert!.id, note: 'Covering for Sam while on leave.' });
    assert.deepEqual(await listAlerts(core, dpo, { open: true }), []);
    await assert.rejects(reviewAlert(core, dpo, { alertId: alert!.id, note: 'again' }), (e: DomainError) => e.code === 'conflict');
  });

  it('lists who opened which case and when, and whether they held it then', async () => {
    const dpo = await staffActor(core, inst.id, 'auditor');
    const all = await listAccess(core, dpo, { limit: 500 });
    const relations = new Set(all.entries.map((e) => `${e.staffName}:${e.relation}`));
    assert.deepEqual([...relations].sort(), ['Alex Morgan:unassigned', 'Jo Williams:colleague', 'Sam Patel:holder']);
    const colleague = await listAccess(core, dpo, { colleagueOnly: true });
    assert.equal(colleague.entries.length, 10);
    const page = await listAccess(core, dpo, { limit: 5 });
    const next = await listAccess(core, dpo, { limit: 5, before: page.next! });
    assert.ok(next.entries[0]!.id < page.entries[4]!.id);
    await assert.rejects(listAccess(core, await staffActor(core, inst.id, 'lead')), (e: DomainError) => e.code === 'forbidden');
  });
});
