import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { openPglite } from '../db/pglite.ts';
import { migrate } from '../db/migrate.ts';
import type { Database } from '../db/database.ts';
import type { Core } from '../core.ts';
import type { Institution } from '../institutions.ts';
import { makeCore, makeInstitution, publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import { submitReport } from '../commands/reportSubmitter.ts';
import { messageReporter } from '../commands/reporterMessenger.ts';
import { addNote } from '../commands/noteAdder.ts';
import { closeCase } from '../commands/caseCloser.ts';
import { setLegalHold } from '../commands/caseRestrictor.ts';
import { readCase } from '../queries/caseReader.ts';
import { verifyLedger } from '../ledger/verify.ts';
import { institutionMatchKey } from '../institutions.ts';
import { reportMatchKeys } from '../matchKeys.ts';
import { reportInputSchema } from '../model/report.ts';
import { pdfTextLines } from '../stats/pdfText.ts';
import { DomainError } from '../errors.ts';
import { exportSubjectData, type SubjectExport } from './subjectExport.ts';
import { subjectExportPdf } from './subjectExportPdf.ts';
import { completeAccessRequest, decideErasureRequest, listSubjectRequests, recordSubjectRequest } from './requests.ts';
import { reindexMatchKeys } from './matchKeyReindex.ts';

/** A generated person, involved in several cases in several roles. */
const priya = { name: 'Priya Ramanathan', email: `priya.${crypto.randomUUID().slice(0, 6)}@student.example.ac.uk`, identifier: 'S7654321' };

/** Every string in a report as recorded (names, emails, the account, descriptions…). */
function leaves(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(leaves);
  if (v && typeof v === 'object') return Object.values(v).flatMap(leaves);
  return [];
}

describe('subject rights: access and erasure', () => {
  let db: Database;
  let core: Core;
  let inst: Institution;
  const c: Record<string, string> = {};
  let x: SubjectExport;

  before(async function () {
    this.timeout(120_000);
    db = await openPglite('memory://');
    await migrate(db);
    core = makeCore(db);
    inst = await makeInstitution(core);
    const pub = publicActor(inst.id);
    const lead = await staffActor(core, inst.id, 'lead');
    c.reporter = (await submitReport(core, pub, sampleReport({ reporter: { name: priya.name, email: priya.email, phone: '07700 900456', contactByEmail: true }, when: {} }))).caseId;
    await messageReporter(core, lead, { caseId: c.reporter, text: 'Thank you, Priya: can we meet on Tuesday?' });
    c.perpetrator = (await submitReport(core, pub, sampleReport({ perpetrators: [{ relation: 'student', name: 'PRIYA  Ramanathan', identifier: priya.identifier, description: 'shouted at me' }, { relation: 'unknown', name: 'Quentin Other' }], when: {} }))).caseId;
    await addNote(core, lead, { caseId: c.perpetrator, text: 'Spoke to conduct office about the second student.' });
    c.witness = (await submitReport(core, pub, sampleReport({ witnesses: [{ name: 'Priya Ramanathan', contact: priya.email }, { name: 'Walter Witness' }], when: {} }))).caseId;
    c.mentioned = (await submitReport(core, pub, sampleReport({ narrative: 'Afterwards priya ramanathan walked me home; I was shaken.', when: {} }))).caseId;
    c.unrelated = (await submitReport(core, pub, sampleReport({ when: {} }))).caseId;
    await db.query(`INSERT INTO sent_messages (institution_id, channel, recipient, subject, body) VALUES ($1, 'local', $2, 'A message is waiting for you', '(no content)')`, [inst.id, priya.email]);
    x = await exportSubjectData(core, await staffActor(core, inst.id, 'auditor'), priya, { scanText: true });
  });
  after(() => db.close());

  const byRef = async (id: string) => (await db.query<{ reference: string }>('SELECT reference FROM cases WHERE id = $1', [id])).rows[0]!.reference;

  it('finds every case the person is in, in each role, and nothing else', async () => {
    const found = Object.fromEntries(x.cases.map((k) => [k.reference, k.roles]));
    assert.deepEqual(found, {
      [await byRef(c.reporter!)]: ['reporter'],
      [await byRef(c.perpetrator!)]: ['alleged_perpetrator'],
      [await byRef(c.witness!)]: ['witness'],
      [await byRef(c.mentioned!)]: ['mentioned'],
    });
    assert.ok(x.summary.textsScanned! >= 2);
  });

  it('is complete: every value of every report and every note or message is in the export', async () => {
    const lead = await staffActor(core, inst.id, 'lead');
    for (const id of [c.reporter!, c.perpetrator!, c.witness!, c.mentioned!]) {
      const view = await readCase(core, lead, id);
      const exported = x.cases.find((k) => k.reference === view.case.reference)!;
      const text = exported.items.map((i) => i.value).join('\n');
      for (const v of leaves((view.report!.recorded as { report: unknown }).report)) assert.ok(text.includes(v), `${view.case.reference}: "${v}" is held but not exported`);
      for (const t of view.timeline.filter((e) => e.secret)) for (const v of leaves(t.secret)) assert.ok(text.includes(v), `${view.case.reference}: "${v}" is held but not exported`);
    }
    assert.ok(x.otherRecords.some((i) => i.section === 'Messages sent to you'));
  });

  it("marks other people's data for review and the person's own as theirs", async () => {
    const as = (id: string) => x.cases.find((k) => k.roles.length && k.items.some(() => true) && k.reference === refs[id])!;
    const refs: Record<string, string> = {};
    for (const k of Object.keys(c)) refs[k] = await byRef(c[k]!);
    const own = as('reporter').items.find((i) => i.label === "Reporter's email")!;
    assert.equal(own.disclosure, 'subject');
    assert.equal(own.review, false);
    assert.equal(as('reporter').items.find((i) => i.label === 'Person reported 1')!.disclosure, 'third_party');
    const accused = as('perpetrator').items;
    assert.equal(accused.find((i) => i.label === 'Person reported 1')!.disclosure, 'subject');
    assert.equal(accused.find((i) => i.label === 'Person reported 2')!.disclosure, 'third_party');
    const reporterName = accused.find((i) => i.label === "Reporter's name")!;
    assert.equal(reporterName.disclosure, 'third_party', 'the reporter is never disclosed to the person they reported without review');
    assert.equal(reporterName.review, true);
    assert.equal(accused.find((i) => i.value.includes('conduct office'))!.disclosure, 'mixed');
    assert.equal(as('witness').items.find((i) => i.label === 'Witness 1')!.disclosure, 'subject');
    assert.equal(as('witness').items.find((i) => i.label === 'Witness 2')!.disclosure, 'third_party');
    assert.ok(as('mentioned').items.filter((i) => i.section === 'Report').every((i) => i.disclosure !== 'subject'));
  });

  it('writes a PDF with review markers and records every case read in the ledger', async () => {
    const text = pdfTextLines(await subjectExportPdf(x, { compress: false }));
    assert.ok(text.some((l) => l.startsWith('REVIEW: third-party data.')));
    assert.ok(text.some((l) => l.includes(priya.email)));
    const events = await db.query(`SELECT 1 FROM case_events WHERE institution_id = $1 AND type = 'case.subject_access_export'`, [inst.id]);
    assert.equal(events.rowCount, 4);
    const access = await db.query(`SELECT 1 FROM access_log WHERE institution_id = $1 AND what = 'subject_access.exported'`, [inst.id]);
    assert.equal(access.rowCount, 4);
    assert.equal((await verifyLedger(db, core.keyring, inst.id)).ok, true);
  });

  it('refuses anyone but the data protection officer or an administrator', async () => {
    await assert.rejects(exportSubjectData(core, await staffActor(core, inst.id, 'lead'), priya), (e: DomainError) => e.code === 'forbidden');
  });

  it('records an access request, due in a month, and completes it with the export', async () => {
    const dpo = await staffActor(core, inst.id, 'auditor');
    const req = await recordSubjectRequest(core, dpo, { kind: 'access', subject: { email: priya.email, name: priya.name } });
    assert.equal(req.cases.length, 3);
    assert.ok(req.cases.every((k) => k.proposal === 'export'));
    const out = await completeAccessRequest(core, dpo, req.id);
    assert.equal(out.requestId, req.id);
    const list = await listSubjectRequests(core, dpo);
    assert.equal(list.find((r) => r.id === req.id)!.status, 'completed');
    const stored = await db.query<{ subject: Uint8Array }>('SELECT subject FROM subject_requests WHERE id = $1', [req.id]);
    assert.ok(!Buffer.from(stored.rows[0]!.subject).toString('latin1').includes(priya.email), 'who the request is about is stored sealed');
  });

  it('erases only what the law allows, with the reason for each refusal, and the ledger still verifies', async () => {
    const dpo = await staffActor(core, inst.id, 'auditor');
    const lead = await staffActor(core, inst.id, 'lead');
    const early = await recordSubjectRequest(core, dpo, { kind: 'erasure', subject: { email: priya.email, name: priya.name } });
    assert.match(early.cases.find((k) => k.caseId === c.reporter)!.reason!, /still open/);
    await closeCase(core, lead, { caseId: c.reporter!, outcome: 'support_given' });
    await closeCase(core, lead, { caseId: c.witness!, outcome: 'support_given' });
    await setLegalHold(core, lead, { caseId: c.witness!, hold: true, reason: 'Police investigation' });
    const req = await recordSubjectRequest(core, dpo, { kind: 'erasure', subject: { email: priya.email, name: priya.name } });
    const decided = await decideErasureRequest(core, dpo, req.id);
    const d = (id: string) => decided.cases.find((k) => k.caseId === id)!;
    assert.equal(d(c.reporter!).decision, 'erased');
    assert.equal(d(c.perpetrator!).decision, 'refused');
    assert.match(d(c.perpetrator!).reason!, /named in a report that someone else made/);
    assert.equal(d(c.witness!).decision, 'refused');
    assert.match(d(c.witness!).reason!, /legal hold/);
    assert.equal(decided.status, 'partly_refused');
    assert.equal((await db.query('SELECT 1 FROM case_keys WHERE case_id = $1', [c.reporter])).rowCount, 0);
    const v = await verifyLedger(db, core.keyring, inst.id);
    assert.equal(v.ok, true, JSON.stringify(v.firstBad));
    assert.equal(v.destroyed, 1);
    await assert.rejects(decideErasureRequest(core, dpo, req.id), (e: DomainError) => e.code === 'conflict');
  });

  it('reindexes cases recorded before witnesses had match keys, so they are found too', async () => {
    await db.query(`UPDATE cases SET match_keys = ARRAY(SELECT k FROM unnest(match_keys) k WHERE k NOT LIKE 'witness%') WHERE id = $1`, [c.witness]);
    const dpo = await staffActor(core, inst.id, 'auditor');
    assert.ok(!(await exportSubjectData(core, dpo, { name: priya.name })).cases.some((k) => k.roles.includes('witness')));
    const r = await reindexMatchKeys(core, inst.id);
    assert.equal(r.updated, 1);
    assert.ok((await exportSubjectData(core, dpo, { name: priya.name })).cases.some((k) => k.roles.includes('witness')));
    assert.equal((await reindexMatchKeys(core, inst.id)).updated, 0);
  });

  it('adds witness and on-behalf keys without changing the existing ones', async () => {
    const key = await db.transaction((tx) => institutionMatchKey(tx, core.keyring, inst.id));
    const r = reportInputSchema.parse(sampleReport({ onBehalfOf: { name: 'Olu Friend' } }));
    const keys = reportMatchKeys(key, r);
    const hmac = (kind: string, v: string) => `${kind}:${crypto.createHmac('sha256', key).update(`${kind}:${v}`).digest('hex').slice(0, 32)}`;
    for (const k of [hmac('reporter', 'rhiannon.reporter@student.example.ac.uk'), hmac('reporter-name', 'rhiannon reporter'), hmac('person', 'mallory quentin'), hmac('person-id', 's1234567'), hmac('witness', 'wendy witness'), hmac('on-behalf', 'olu friend')])
      assert.ok(keys.includes(k), k);
  });
});
