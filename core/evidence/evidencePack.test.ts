import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { ensureClamd, EICAR } from '../../test/support/clamav.ts';
import { installHints, skipOrFail } from '../../test/support/skip.ts';
import { staffActor } from '../../test/factories.ts';
import { clamdScanner } from '../../evidence-storage/clamdScanner.ts';
import { addReporterInformation } from '../commands/reporterAdder.ts';
import { stageUpload } from './evidenceUploader.ts';
import { attachStagedFiles, submitterActor } from './evidenceAttacher.ts';
import { addEvidenceFile } from './evidenceAdder.ts';
import { scanPendingEvidence } from './evidenceScanner.ts';
import { buildEvidencePack } from './evidencePack.ts';
import { readZip } from './testZip.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import { evidenceWorld, sampleFiles, streamOf } from './testFixtures.ts';

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const hasTool = (tool: string) => {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

forEachEngine('evidence pack', (getDb) => {
  describe('against a real clamd', function () {
    this.timeout(120_000);
    let w: Awaited<ReturnType<typeof evidenceWorld>>;
    let scan: ReturnType<typeof clamdScanner>;
    before(async function () {
      const address = await ensureClamd();
      if (!address) skipOrFail(this, installHints.clamav);
      scan = clamdScanner(address);
      w = await evidenceWorld(getDb());
    });
    after(() => w?.close());

    it('holds the report, additions, files, ledger proof and signatures, and every hash recomputes', async () => {
      const t = await w.fresh();
      const reporter = submitterActor(w.inst.id, t.caseId);
      const photo = sampleFiles.png(120_000);
      const staged = await stageUpload(t.deps, { kind: 'public', institutionId: w.inst.id }, { name: 'stairs.png', stream: streamOf(photo) });
      await attachStagedFiles(t.deps, reporter, t.caseId, [staged]);
      await addReporterInformation(w.core, reporter, { caseId: t.caseId, text: 'He was there again on Friday.' });
      const lead = await staffActor(w.core, w.inst.id, 'lead');
      const statement = sampleFiles.pdf(5000);
      await addEvidenceFile(t.deps, lead, t.caseId, { name: 'witness statement.pdf', stream: streamOf(statement) });
      await addEvidenceFile(t.deps, lead, t.caseId, { name: 'virus.txt', stream: streamOf(EICAR) });
      await scanPendingEvidence(t.deps, scan);

      const pack = await buildEvidencePack(t.deps, lead, t.caseId);
      assert.match(pack.filename, /^HR-\d{4}-\d{4}-evidence-pack\.zip$/);
      const files = readZip(await buffer(pack.stream));

      // SHA256SUMS covers every other file.
      const sums = files.get('SHA256SUMS')!.toString().trim().split('\n');
      assert.equal(sums.length, files.size - 1);
      for (const line of sums) {
        const [hash, p] = [line.slice(0, 64), line.slice(66)];
        assert.equal(sha(files.get(p)!), hash, p);
      }

      // Each item hashes to what its ledger entry recorded when it arrived.
      const manifest = JSON.parse(files.get('manifest.json')!.toString());
      assert.deepEqual(manifest.items.map((i: { kind: string }) => i.kind), ['report', 'addition', 'file', 'file']);
      assert.equal(sha(files.get('report/original-report.json')!), t.submitted.contentHash);
      assert.ok(files.get(manifest.items[2].path)!.equals(photo));
      assert.ok(files.get(manifest.items[3].path)!.equals(statement));
      for (const item of manifest.items) {
        const entry = JSON.parse(files.get(manifest.ledger.entries.find((e: { seq: number }) => e.seq === item.ledgerSeq).path)!.toString());
        assert.equal(sha(files.get(item.path)!), item.sha256);
        assert.equal(entry.data[item.ledgerField.split('.')[1]], item.sha256, item.path);
        assert.equal(entry.case, t.caseId);
      }
      assert.equal(manifest.withheld.length, 1);
      assert.match(manifest.withheld[0].status, /quarantined/);
      assert.ok(![...files.keys()].some((k) => k.includes('virus')));

      // The entries chain, and each signed checkpoint verifies over an entry in the pack.
      const bodies = new Map<number, { prev: string }>();
      const hashes = new Map<number, string>();
      for (const e of manifest.ledger.entries) {
        const body = files.get(e.path)!;
        assert.equal(sha(body), e.hash);
        bodies.set(e.seq, JSON.parse(body.toString()));
        hashes.set(e.seq, e.hash);
      }
      for (const [seq, body] of bodies) if (hashes.has(seq - 1)) assert.equal(body.prev, hashes.get(seq - 1));
      assert.ok(manifest.ledger.checkpoints.length >= 1);
      for (const c of manifest.ledger.checkpoints) {
        const pad = String(c.seq).padStart(8, '0');
        const key = crypto.createPublicKey(files.get(`ledger/keys/${c.keyId}.pem`)!.toString());
        const message = files.get(`ledger/checkpoints/${pad}.txt`)!;
        assert.ok(crypto.verify(null, message, key, files.get(`ledger/checkpoints/${pad}.sig`)!));
        assert.equal(message.toString().split('\n')[3], hashes.get(c.seq));
      }
      // Every case entry reaches a checkpoint through consecutive entries.
      const signed = new Set(manifest.ledger.checkpoints.map((c: { seq: number }) => c.seq));
      for (const item of manifest.items) {
        let s = item.ledgerSeq;
        while (!signed.has(s)) assert.ok(bodies.has(++s), `entry ${s} is needed to reach a checkpoint`);
      }
      assert.match(files.get('summary.pdf')!.subarray(0, 5).toString(), /^%PDF-/);
      assert.match(files.get('README.txt')!.toString(), /sha256sum -c SHA256SUMS/);

      // The README's commands work on the unzipped pack with standard tools.
      if (hasTool('sha256sum') && hasTool('openssl')) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-pack-'));
        for (const [p, b] of files) {
          fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
          fs.writeFileSync(path.join(dir, p), b);
        }
        execFileSync('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: dir });
        execFileSync('sha256sum', ['--quiet', '-c', 'hashes.txt'], { cwd: path.join(dir, 'ledger') });
        const c = manifest.ledger.checkpoints[0];
        const pad = String(c.seq).padStart(8, '0');
        const out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', `ledger/keys/${c.keyId}.pem`, '-rawin', '-in', `ledger/checkpoints/${pad}.txt`, '-sigfile', `ledger/checkpoints/${pad}.sig`], { cwd: dir }).toString();
        assert.match(out, /Signature Verified Successfully/);
        fs.rmSync(dir, { recursive: true, force: true });
      }

      const log = (await w.db.query<{ what: string }>('SELECT what FROM access_log WHERE case_id = $1', [t.caseId])).rows.map((r) => r.what);
      assert.ok(log.includes('evidence.pack_exported'));
    });

    it('fails the stream rather than pack a file altered in storage', async () => {
      const t = await w.fresh();
      const lead = await staffActor(w.core, w.inst.id, 'lead');
      await addEvidenceFile(t.deps, lead, t.caseId, { name: 'a.pdf', stream: streamOf(sampleFiles.pdf(200_000)) });
      await scanPendingEvidence(t.deps, scan);
      const [stored] = await t.storedFiles();
      const bytes = fs.readFileSync(stored!);
      bytes[100_000] = bytes[100_000]! ^ 1;
      fs.writeFileSync(stored!, bytes);
      const pack = await buildEvidencePack(t.deps, lead, t.caseId);
      await assert.rejects(buffer(pack.stream), /does not decrypt|frame/);
    });
  });
});
