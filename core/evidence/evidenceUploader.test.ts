import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { publicActor, staffActor } from '../../test/factories.ts';
import { verifyLedger } from '../ledger/verify.ts';
import { sha256Hex } from '../crypto/hashing.ts';
import type { DomainError } from '../errors.ts';
import { stageUpload, sweepStaged } from './evidenceUploader.ts';
import { attachStagedFiles, submitterActor } from './evidenceAttacher.ts';
import { addEvidenceFile } from './evidenceAdder.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import { evidenceWorld, sampleFiles, streamOf } from './testFixtures.ts';

forEachEngine('evidence upload (stage, attach)', (getDb) => {
  let w: Awaited<ReturnType<typeof evidenceWorld>>;
  before(async () => (w = await evidenceWorld(getDb())));
  after(() => w.close());

  it('stages a form file before the case exists, then attaches it with its SHA-256 in the ledger', async () => {
    const t = await w.fresh();
    const bytes = sampleFiles.png(150_000);
    const staged = await stageUpload(t.deps, publicActor(w.inst.id), { name: '../../My photo\u0000 of <the> stairs.PNG', stream: streamOf(bytes) });
    assert.equal(staged.type, 'image/png');
    assert.equal(staged.image, true);
    assert.equal(staged.name, 'My photo of the stairs.png');
    assert.equal(staged.sha256, sha256Hex(bytes));
    const [stored] = await t.storedFiles();
    const cipher = await fs.readFile(stored!);
    assert.ok(!cipher.includes(bytes.subarray(100, 164)), 'the stored file is ciphertext');

    const [attached] = await attachStagedFiles(t.deps, submitterActor(w.inst.id, t.caseId), t.caseId, [staged]);
    const entry = (await w.db.query<{ body: string }>('SELECT body FROM ledger_entries WHERE institution_id = $1 AND seq = $2', [w.inst.id, attached!.ledgerSeq])).rows[0]!;
    const body = JSON.parse(entry.body);
    assert.equal(body.action, 'case.evidence_added');
    assert.equal(body.actor, 'reporter');
    assert.equal(body.data.sha256, sha256Hex(bytes));
    assert.ok(!entry.body.includes('stairs'), 'the file name is not in the ledger');
    const row = (await w.db.query<{ status: string; key_wrap: string }>('SELECT status, key_wrap FROM evidence_files WHERE id = $1', [staged.id])).rows[0]!;
    assert.deepEqual(row, { status: 'pending_scan', key_wrap: 'case' });
    const outbox = (await w.db.query(`SELECT 1 FROM outbox WHERE topic = 'case.evidence_added' AND payload->>'fileId' = $1`, [staged.id])).rows;
    assert.equal(outbox.length, 1);
    const v = await verifyLedger(w.db, w.core.keyring, w.inst.id);
    assert.equal(v.ok, true, JSON.stringify(v.firstBad));
  });

  it('judges the type by content: a PDF named .jpg is a PDF, a program named .jpg is refused and nothing is kept', async () => {
    const t = await w.fresh();
    const before = await w.countRows();
    const pdf = await stageUpload(t.deps, publicActor(w.inst.id), { name: 'photo.jpg', stream: streamOf(sampleFiles.pdf()) });
    assert.deepEqual([pdf.type, pdf.name, pdf.image], ['application/pdf', 'photo.pdf', false]);
    await assert.rejects(stageUpload(t.deps, publicActor(w.inst.id), { name: 'photo.jpg', stream: streamOf(sampleFiles.exe()) }), (e: DomainError) => e.code === 'invalid' && /kind of file/.test(e.message));
    assert.equal((await t.storedFiles()).length, 1);
    assert.equal(await w.countRows(), before + 1);
  });

  it('accepts plain text and keeps a text extension', async () => {
    const t = await w.fresh();
    const staged = await stageUpload(t.deps, publicActor(w.inst.id), { name: 'chat.eml', stream: streamOf(sampleFiles.text()) });
    assert.deepEqual([staged.type, staged.name], ['text/plain', 'chat.eml']);
  });

  it('refuses an oversized file while it streams, keeping nothing', async () => {
    const t = await w.fresh({ maxFileBytes: 200_000 });
    const before = await w.countRows();
    await assert.rejects(stageUpload(t.deps, publicActor(w.inst.id), { name: 'big.png', stream: streamOf(sampleFiles.png(300_000)) }), (e: DomainError) => e.code === 'invalid' && /too large/.test(e.message));
    assert.deepEqual(await t.storedFiles(), []);
    assert.equal(await w.countRows(), before);
  });

  it('refuses to attach past the per-case limit, and a file twice', async () => {
    const t = await w.fresh({ maxCaseBytes: 250_000 });
    const a = await stageUpload(t.deps, publicActor(w.inst.id), { name: 'a.png', stream: streamOf(sampleFiles.png(150_000)) });
    const b = await stageUpload(t.deps, publicActor(w.inst.id), { name: 'b.png', stream: streamOf(sampleFiles.png(150_000)) });
    const reporter = submitterActor(w.inst.id, t.caseId);
    await assert.rejects(attachStagedFiles(t.deps, reporter, t.caseId, [a, b]), /over its limit/);
    await attachStagedFiles(t.deps, reporter, t.caseId, [a]);
    await assert.rejects(attachStagedFiles(t.deps, reporter, t.caseId, [a]), /already attached/);
  });

  it('lets a lead add a file, and treats a reporter of another case as not found', async () => {
    const t = await w.fresh();
    const lead = await staffActor(w.core, w.inst.id, 'lead');
    const added = await addEvidenceFile(t.deps, lead, t.caseId, { name: 'statement.pdf', stream: streamOf(sampleFiles.pdf()) });
    assert.equal(added.name, 'statement.pdf');
    const stranger = submitterActor(w.inst.id, '00000000-0000-4000-8000-000000000000');
    await assert.rejects(addEvidenceFile(t.deps, stranger, t.caseId, { name: 'x.png', stream: streamOf(sampleFiles.png()) }), (e: DomainError) => e.code === 'not_found');
  });

  it('sweeps staged files whose report never came', async () => {
    const t = await w.fresh();
    await stageUpload(t.deps, publicActor(w.inst.id), { name: 'a.png', stream: streamOf(sampleFiles.png()) });
    const later = new Date(Date.now() + 3 * 3600_000);
    t.deps.core.now = () => later;
    assert.ok((await sweepStaged(t.deps)) >= 1);
    assert.deepEqual(await t.storedFiles(), []);
  });
});
