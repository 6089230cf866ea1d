import assert from 'node:assert/strict';
import net from 'node:net';
import { text } from 'node:stream/consumers';
import { ensureClamd, EICAR, type ClamdAddress } from '../../test/support/clamav.ts';
import { installHints, skipOrFail } from '../../test/support/skip.ts';
import { freePort } from '../../test/support/net.ts';
import { staffActor } from '../../test/factories.ts';
import { clamdScanner } from '../../evidence-storage/clamdScanner.ts';
import { verifyLedger } from '../ledger/verify.ts';
import type { DomainError } from '../errors.ts';
import { addEvidenceFile } from './evidenceAdder.ts';
import { scanPendingEvidence } from './evidenceScanner.ts';
import { createEvidenceScanJob } from './evidenceScanJob.ts';
import { listEvidence, openEvidence } from './evidenceDownloader.ts';
import { deleteEvidenceBlobs } from './evidenceRetention.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import { evidenceWorld, sampleFiles, streamOf } from './testFixtures.ts';

forEachEngine('evidence scanning and download (real clamd)', (getDb) => {
  describe('against a real clamd', function () {
    this.timeout(120_000);
    let w: Awaited<ReturnType<typeof evidenceWorld>>;
    let clamd: ClamdAddress;
    before(async function () {
      const address = await ensureClamd();
      if (!address) skipOrFail(this, installHints.clamav);
      clamd = address;
      w = await evidenceWorld(getDb());
    });
    after(() => w?.close());

    it('keeps a clean file unusable until scanned, then lets a manager download it, logged', async () => {
      const t = await w.fresh();
      const lead = await staffActor(w.core, w.inst.id, 'lead');
      const body = 'What they sent me on Tuesday.\n';
      const f = await addEvidenceFile(t.deps, lead, t.caseId, { name: 'messages.txt', stream: streamOf(sampleFiles.text(body)) });
      await assert.rejects(openEvidence(t.deps, lead, t.caseId, f.id), (e: DomainError) => e.code === 'conflict' && /being checked/.test(e.message));
      const run = await scanPendingEvidence(t.deps, clamdScanner(clamd));
      assert.ok(run.clean >= 1 && !run.unavailable);
      const d = await openEvidence(t.deps, lead, t.caseId, f.id);
      assert.deepEqual([d.name, d.type, d.size], ['messages.txt', 'text/plain', Buffer.byteLength(body)]);
      assert.equal(await text(d.body), body);
      const log = (await w.db.query<{ what: string }>('SELECT what FROM access_log WHERE case_id = $1', [t.caseId])).rows.map((r) => r.what);
      assert.ok(log.includes(`evidence.downloaded:${f.id}`));
      const [item] = await listEvidence(w.core, lead, t.caseId);
      assert.equal(item!.status, 'clean');
    });

    it('quarantines EICAR, records it in the ledger and tells the case manager', async () => {
      const t = await w.fresh();
      const lead = await staffActor(w.core, w.inst.id, 'lead');
      const f = await addEvidenceFile(t.deps, lead, t.caseId, { name: 'eicar.txt', stream: streamOf(EICAR) });
      const run = await scanPendingEvidence(t.deps, clamdScanner(clamd));
      assert.ok(run.infected >= 1);
      const row = (await w.db.query<{ status: string; storage_key: string; scan_signature: string }>('SELECT status, storage_key, scan_signature FROM evidence_files WHERE id = $1', [f.id])).rows[0]!;
      assert.equal(row.status, 'quarantined');
      assert.match(row.storage_key, /^quarantine\//);
      assert.match(row.scan_signature, /EICAR/);
      const events = (await w.db.query(`SELECT 1 FROM outbox WHERE topic = 'case.evidence_infected' AND payload->>'fileId' = $1`, [f.id])).rows;
      assert.equal(events.length, 1);
      const stored = await t.storedFiles();
      assert.ok(stored.every((p) => p.includes('quarantine')), 'nothing left under evidence/');
      await assert.rejects(openEvidence(t.deps, lead, t.caseId, f.id), /quarantined/);
      assert.equal((await verifyLedger(w.db, w.core.keyring, w.inst.id)).ok, true);
    });

    it('keeps files uploaded while clamd is down, and scans them when it is back', async () => {
      const t = await w.fresh();
      const lead = await staffActor(w.core, w.inst.id, 'lead');
      // The scanner's address answers nothing (clamd down), later it reaches clamd again.
      const port = await freePort();
      const job = createEvidenceScanJob(t.deps, clamdScanner({ host: '127.0.0.1', port, timeoutMs: 5000 }));
      const f = await addEvidenceFile(t.deps, lead, t.caseId, { name: 'photo.png', stream: streamOf(sampleFiles.png(100_000)) });
      const outage = await job.runOnce();
      assert.equal(outage.unavailable, true);
      const waiting = (await w.db.query<{ status: string; scan_attempts: number; scan_error: string }>('SELECT status, scan_attempts, scan_error FROM evidence_files WHERE id = $1', [f.id])).rows[0]!;
      assert.equal(waiting.status, 'pending_scan');
      assert.ok(waiting.scan_attempts >= 1);
      assert.match(waiting.scan_error, /unreachable/);
      await assert.rejects(openEvidence(t.deps, lead, t.caseId, f.id), /being checked/);
      const relay = net.createServer((client) => {
        const upstream = net.connect(clamd);
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      });
      await new Promise<void>((r) => relay.listen(port, '127.0.0.1', r));
      try {
        const r = await job.runOnce();
        assert.equal(r.unavailable, false);
        assert.equal((await w.db.query<{ status: string }>('SELECT status FROM evidence_files WHERE id = $1', [f.id])).rows[0]!.status, 'clean');
        const d = await openEvidence(t.deps, lead, t.caseId, f.id);
        d.body.destroy();
        assert.equal(d.type, 'image/png');
      } finally {
        relay.close();
      }
    });

    it('refuses a download to someone the policy does not allow, and a destroyed case key makes the file unreadable', async () => {
      const t = await w.fresh();
      const lead = await staffActor(w.core, w.inst.id, 'lead');
      const f = await addEvidenceFile(t.deps, lead, t.caseId, { name: 'a.pdf', stream: streamOf(sampleFiles.pdf()) });
      await scanPendingEvidence(t.deps, clamdScanner(clamd));
      const responder = await staffActor(w.core, w.inst.id, 'responder');
      await assert.rejects(openEvidence(t.deps, responder, t.caseId, f.id), (e: DomainError) => e.code === 'not_found');
      await w.db.query('DELETE FROM case_keys WHERE case_id = $1', [t.caseId]);
      await assert.rejects(openEvidence(t.deps, lead, t.caseId, f.id), /destroyed/);
      const [item] = await listEvidence(w.core, lead, t.caseId);
      assert.equal(item!.name, null);
      assert.equal(await deleteEvidenceBlobs(t.deps, t.caseId), 1);
      assert.deepEqual(await t.storedFiles(), []);
      assert.equal(await deleteEvidenceBlobs(t.deps, t.caseId), 0);
    });
  });
});
