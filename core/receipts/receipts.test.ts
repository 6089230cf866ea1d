import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openPglite } from '../db/pglite.ts';
import { migrate } from '../db/migrate.ts';
import type { Core } from '../core.ts';
import type { Institution } from '../institutions.ts';
import { makeCore, makeInstitution, publicActor, sampleReport } from '../../test/factories.ts';
import { submitReport } from '../commands/reportSubmitter.ts';
import { authenticateReporter } from '../queries/followUp.ts';
import { checkpointMessage } from '../ledger/checkpoints.ts';
import { receiptForReporter, receiptForSubmission, type Receipt } from './receipts.ts';
import { publishedKeys, verifyReceipt } from './receiptVerifier.ts';
import { checkReceipt, checkpointText, keyIdOf } from './receiptCheck.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const VERIFY = 'https://harbour.example.ac.uk/verify';

describe('receipts', () => {
  let core: Core;
  let inst: Institution;
  let receipt: Receipt;
  let code: string;
  let caseId: string;

  before(async () => {
    const db = await openPglite('memory://');
    await migrate(db);
    core = makeCore(db);
    inst = await makeInstitution(core);
    const submitted = await submitReport(core, publicActor(inst.id), sampleReport());
    receipt = await receiptForSubmission(core, submitted, VERIFY);
    code = submitted.followUpCode;
    caseId = submitted.caseId;
  });
  after(() => core.db.close());

  it('passes every stand-alone check and every check against the ledger', async () => {
    const local = checkReceipt(JSON.parse(JSON.stringify(receipt)));
    assert.deepEqual(local.checks.filter((c) => !c.ok), []);
    assert.equal(local.ok, true);
    const v = await verifyReceipt(core, receipt);
    assert.equal(v.ok, true);
    assert.equal(v.keyPublished, true);
    assert.equal(v.inLedger, true);
    assert.equal(v.reference, receipt.reference);
  });

  it('signs exactly the bytes the ledger documents', () => {
    assert.equal(checkpointText(receipt.checkpoint), checkpointMessage(receipt.checkpoint));
    assert.equal(keyIdOf(receipt.publicKey), receipt.checkpoint.keyId);
  });

  it('names the failing check when the report, the entry or the signature is altered', () => {
    const failed = (r: unknown) => checkReceipt(r).checks.filter((c) => !c.ok).map((c) => c.id);
    assert.deepEqual(failed({ ...receipt, recorded: receipt.recorded.replace('library', 'Library') }), ['reportHash']);
    const sig = Buffer.from(receipt.checkpoint.signature, 'base64');
    sig[0]! ^= 1;
    assert.deepEqual(failed({ ...receipt, checkpoint: { ...receipt.checkpoint, signature: sig.toString('base64') } }), ['signature']);
    assert.ok(failed({ ...receipt, ledgerEntry: { ...receipt.ledgerEntry, body: receipt.ledgerEntry.body.replace('report.submitted', 'report.changed') } }).includes('entryHash'));
    assert.ok(failed({ ...receipt, submittedAt: '2020-01-01T00:00:00.000Z' }).includes('reportDetails'));
    assert.equal(checkReceipt('not a receipt').ok, false);
    assert.equal(checkReceipt(null).checks.length, 8);
  });

  it('refuses a self-consistent receipt signed by a key the institution never published', async () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const checkpoint = { ...receipt.checkpoint, keyId: keyIdOf(pem) };
    checkpoint.signature = crypto.sign(null, Buffer.from(checkpointText(checkpoint)), privateKey).toString('base64');
    const forged = { ...receipt, publicKey: pem, checkpoint };
    assert.equal(checkReceipt(forged).ok, true, 'a forger can make it self-consistent');
    const v = await verifyReceipt(core, forged);
    assert.equal(v.keyPublished, false);
    assert.equal(v.ok, false);
  });

  it('rebuilds the same receipt later for the reporter who comes back with the code', async () => {
    const reporter = await authenticateReporter(core, inst.id, receipt.reference, code);
    const again = await receiptForReporter(core, reporter, caseId, VERIFY);
    assert.deepEqual(again, receipt);
    const other = await submitReport(core, publicActor(inst.id), sampleReport({ kind: 'anonymous', reporter: undefined }));
    await assert.rejects(receiptForReporter(core, reporter, other.caseId, VERIFY), /does not exist/);
  });

  it('publishes the institution key the receipt names', async () => {
    const keys = await publishedKeys(core, inst.id);
    assert.ok(keys.some((k) => k.keyId === receipt.checkpoint.keyId && k.active));
  });

  describe('checked without Harbour', () => {
    let dir: string;
    let file: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'receipt-'));
      file = path.join(dir, 'receipt.json');
      fs.writeFileSync(file, JSON.stringify(receipt, null, 2));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('with node and the published script alone', () => {
      const script = path.join(dir, 'verify-receipt.mjs');
      fs.copyFileSync(path.join(here, 'receiptCheck.mjs'), script);
      const ok = spawnSync(process.execPath, [script, file], { encoding: 'utf8' });
      assert.equal(ok.status, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, new RegExp(`Receipt ${receipt.reference}`));
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify({ ...receipt, contentHash: '0'.repeat(64) }));
      const no = spawnSync(process.execPath, [script, bad], { encoding: 'utf8' });
      assert.equal(no.status, 1);
      assert.match(no.stdout, /FAIL {2}the SHA-256 of the report/);
    });

    it('with the jq + openssl recipe from the README', function () {
      const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
      if (!has('jq') || !has('openssl') || !has('sha256sum')) return this.skip();
      const readme = fs.readFileSync(path.join(here, 'README.md'), 'utf8');
      const recipe = readme.split('```sh\n')[1]!.split('```')[0]!.replace('R=receipt.json', `R=${file}`);
      const out = execFileSync('sh', ['-e', '-c', recipe], { cwd: dir, encoding: 'utf8' });
      const [reportHash, entryHash, named] = out.split('\n').map((l) => l.split(/\s+/)[0]);
      assert.equal(reportHash, receipt.contentHash);
      assert.equal(entryHash, receipt.ledgerEntry.hash);
      assert.equal(named, receipt.contentHash);
      assert.match(out, /Signature Verified Successfully/);
    });
  });
});
