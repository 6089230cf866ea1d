import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { forEachEngine } from '../../test/support/engines.ts';
import { makeCore, makeInstitution, publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import type { Core } from '../core.ts';
import type { Institution } from '../institutions.ts';
import { submitReport } from '../commands/reportSubmitter.ts';
import { closeCase } from '../commands/caseCloser.ts';
import { addNote } from '../commands/noteAdder.ts';
import { setLegalHold } from '../commands/caseRestrictor.ts';
import { readCase } from '../queries/caseReader.ts';
import { verifyLedger } from '../ledger/verify.ts';
import { localFileStore } from '../../evidence-storage/localFileStore.ts';
import { DEFAULT_LIMITS } from '../evidence/limits.ts';
import { stageUpload } from '../evidence/evidenceUploader.ts';
import { attachStagedFiles, submitterActor } from '../evidence/evidenceAttacher.ts';
import { sampleFiles, streamOf } from '../evidence/testFixtures.ts';
import type { EvidenceDeps } from '../evidence/deps.ts';
import { runRetention } from './retentionRunner.ts';

forEachEngine('retention', (getDb) => {
  let now = new Date('2019-01-01T09:00:00Z');
  let core: Core;
  let inst: Institution;
  let evidence: EvidenceDeps;
  let dir: string;
  const cases: Record<string, string> = {};

  /** A case reported a month before `closedAt` and closed by the lead then. */
  async function closedCase(name: string, closedAt: string, withEvidence = false) {
    now = new Date(new Date(closedAt).getTime() - 30 * 86_400_000);
    const { caseId } = await submitReport(core, publicActor(inst.id), sampleReport({ when: {} }));
    if (withEvidence) {
      const staged = await stageUpload(evidence, publicActor(inst.id), { name: 'screenshot.png', stream: streamOf(sampleFiles.png()) });
      await attachStagedFiles(evidence, submitterActor(inst.id, caseId), caseId, [staged]);
    }
    const lead = await staffActor(core, inst.id, 'lead');
    await addNote(core, lead, { caseId, text: 'Met the reporter; support arranged.' });
    now = new Date(closedAt);
    await closeCase(core, lead, { caseId, outcome: 'support_given' });
    cases[name] = caseId;
  }

  const stat = async () => (await getDb().query<{ n: number }>(`SELECT COALESCE(sum(n), 0)::int AS n FROM stat_monthly WHERE institution_id = $1 AND dim = '*'`, [inst.id])).rows[0]!.n;

  before(async function () {
    this.timeout(120_000);
    core = makeCore(getDb(), { clock: () => now });
    inst = await makeInstitution(core);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'harbour-retention-'));
    evidence = { core, store: localFileStore(dir), limits: DEFAULT_LIMITS };
    await closedCase('old', '2019-01-10T12:00:00Z', true);
    await closedCase('justBefore', '2019-05-31T23:00:00Z');
    await closedCase('justAfter', '2019-06-01T13:00:00Z');
    await closedCase('held', '2019-01-05T12:00:00Z');
    now = new Date('2019-02-01T09:00:00Z');
    await setLegalHold(core, await staffActor(core, inst.id, 'lead'), { caseId: cases.held!, hold: true, reason: 'Employment tribunal claim pending' });
    now = new Date('2018-05-01T09:00:00Z');
    cases.open = (await submitReport(core, publicActor(inst.id), sampleReport({ when: {} }))).caseId;
    now = new Date('2025-06-01T12:00:00Z');
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  it('a dry run lists what would go and changes nothing', async () => {
    const [r] = await runRetention({ core, evidence }, { institutionSlug: inst.slug, dryRun: true, triggeredBy: 'test' });
    assert.deepEqual(r!.destroyed.map((d) => d.evidenceFiles), [1, 0]);
    assert.equal(r!.held.length, 1);
    assert.equal((await getDb().query('SELECT 1 FROM case_keys WHERE institution_id = $1', [inst.id])).rowCount, 5);
  });

  it('destroys content past the period, keeps the held, the recent and the open, and the ledger still verifies', async () => {
    const statsBefore = await stat();
    const [r] = await runRetention({ core, evidence }, { institutionSlug: inst.slug, triggeredBy: 'test' });
    const refs = async (names: string[]) => (await getDb().query<{ reference: string }>('SELECT reference FROM cases WHERE id = ANY($1::uuid[]) ORDER BY closed_at', [names.map((n) => cases[n])])).rows.map((x) => x.reference);
    assert.deepEqual(r!.destroyed.map((d) => d.reference), await refs(['old', 'justBefore']));
    assert.deepEqual(r!.held.map((d) => d.reference), await refs(['held']));
    assert.equal(r!.evidenceBlobsDeleted, 1);
    assert.deepEqual((await fs.readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile()), [], 'the evidence bytes are deleted too');

    const kept = (await getDb().query<{ case_id: string }>('SELECT case_id FROM case_keys WHERE institution_id = $1', [inst.id])).rows.map((x) => x.case_id).sort();
    assert.deepEqual(kept, [cases.justAfter, cases.held, cases.open].sort());
    const old = (await getDb().query<{ match_keys: string[]; followup_hash: string | null; content_destroyed_at: Date | null }>('SELECT match_keys, followup_hash, content_destroyed_at FROM cases WHERE id = $1', [cases.old])).rows[0]!;
    assert.deepEqual(old.match_keys, []);
    assert.equal(old.followup_hash, null);
    assert.ok(old.content_destroyed_at);
    const view = await readCase(core, await staffActor(core, inst.id, 'lead'), cases.old!);
    assert.equal(view.report, null);
    assert.ok(view.timeline.every((t) => t.secret === null));

    const v = await verifyLedger(getDb(), core.keyring, inst.id);
    assert.equal(v.ok, true, JSON.stringify(v.firstBad));
    assert.equal(v.destroyed, 2);
    const entries = await getDb().query<{ body: string }>(`SELECT body FROM ledger_entries WHERE institution_id = $1 AND case_id = $2 ORDER BY seq DESC LIMIT 1`, [inst.id, cases.old]);
    assert.match(entries.rows[0]!.body, /"action":"case.content_destroyed"/);
    assert.equal(await stat(), statsBefore, 'statistics are kept');
    const report = await getDb().query('SELECT reference FROM content_destructions WHERE run_id = $1', [r!.runId]);
    assert.equal(report.rowCount, 2);
  });

  it('is idempotent: a second run destroys nothing and writes nothing to the ledger', async () => {
    const head = (await getDb().query<{ seq: number }>('SELECT seq FROM ledger_heads WHERE institution_id = $1', [inst.id])).rows[0]!.seq;
    const [r] = await runRetention({ core, evidence }, { institutionSlug: inst.slug, triggeredBy: 'test' });
    assert.deepEqual(r!.destroyed, []);
    assert.equal((await getDb().query<{ seq: number }>('SELECT seq FROM ledger_heads WHERE institution_id = $1', [inst.id])).rows[0]!.seq, head);
  });

  it('takes the next case across the boundary as time passes, and the held one once the hold is lifted', async () => {
    now = new Date('2025-06-02T12:00:00Z');
    await setLegalHold(core, await staffActor(core, inst.id, 'lead'), { caseId: cases.held!, hold: false, reason: 'Claim settled' });
    const [a, b] = await Promise.all([
      runRetention({ core, evidence }, { institutionSlug: inst.slug, triggeredBy: 'test-a' }),
      runRetention({ core, evidence }, { institutionSlug: inst.slug, triggeredBy: 'test-b' }),
    ]);
    const destroyed = [...a![0]!.destroyed, ...b![0]!.destroyed].map((d) => d.reference).sort();
    assert.equal(destroyed.length, 2, 'two instances at once destroy each case exactly once');
    const events = await getDb().query(`SELECT case_id FROM case_events WHERE institution_id = $1 AND type = 'case.content_destroyed'`, [inst.id]);
    assert.equal(events.rowCount, 4);
    const v = await verifyLedger(getDb(), core.keyring, inst.id);
    assert.equal(v.ok, true, JSON.stringify(v.firstBad));
    assert.equal(v.destroyed, 4);
    assert.ok((await getDb().query('SELECT 1 FROM case_keys WHERE case_id = $1', [cases.open])).rowCount === 1, 'an open case is never destroyed');
  });
});
