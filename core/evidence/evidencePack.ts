import { PassThrough, type Readable } from 'node:stream';
import yazl from 'yazl';
import type { Actor } from '../actor.ts';
import { sha256Hex } from '../crypto/hashing.ts';
import { checkpointMessage } from '../ledger/checkpoints.ts';
import type { EvidenceDeps } from './deps.ts';
import { readPlaintext } from './evidenceFileKey.ts';
import { gatherPack, type PackContents } from './packContents.ts';
import { checkpointPath, entryPath, keyPath, readmeText, signaturePath, type PackItem } from './packGuide.ts';
import { packPdf } from './packPdf.ts';

/** A pack ready to stream: its file name and the zip bytes. */
export interface EvidencePack {
  filename: string;
  stream: Readable;
  items: PackItem[];
}

const num = (i: number) => String(i + 1).padStart(2, '0');
const withheldLine = (f: PackContents['files'][number]) =>
  `${f.name}: ${f.status === 'pending_scan' ? 'not yet scanned for viruses' : 'found to contain malware and quarantined'} (sha256 ${f.sha256}, ledger entry ${f.ledgerSeq})`;

/**
 * Builds a case's evidence pack for the police or a hearing, as one zip streamed out (files are
 * decrypted and hash-checked on the way, never held whole): the report exactly as recorded, the
 * reporter's additions, the clean files, the ledger entries and signed checkpoints that prove each,
 * the public keys, manifest.json, SHA256SUMS, README.txt and summary.pdf with verification steps
 * that need no Harbour. A file that fails its hash check aborts the stream instead of being packed.
 */
export async function buildEvidencePack(deps: EvidenceDeps, actor: Actor, caseId: string): Promise<EvidencePack> {
  const p = await gatherPack(deps.core, actor, caseId);
  const buffers = new Map<string, Buffer>();
  const items: PackItem[] = [];
  buffers.set('report/original-report.json', p.report.bytes);
  items.push({ path: 'report/original-report.json', kind: 'report', sha256: p.report.sha256, size: p.report.bytes.length, ledgerSeq: p.report.ledgerSeq, ledgerField: 'data.contentHash' });
  p.additions.forEach((a, i) => {
    const path = `report/additions/${num(i)}-${a.eventId}.json`;
    buffers.set(path, a.bytes);
    items.push({ path, kind: 'addition', sha256: a.sha256, size: a.bytes.length, ledgerSeq: a.ledgerSeq, ledgerField: 'data.secretHash' });
  });
  const clean = p.files.filter((f) => f.status === 'clean');
  const filePaths = new Map(clean.map((f, i) => [f.id, `files/${num(i)}-${f.name}`]));
  for (const f of clean) items.push({ path: filePaths.get(f.id)!, kind: 'file', sha256: f.sha256, size: f.size, ledgerSeq: f.ledgerSeq, ledgerField: 'data.sha256' });
  const withheld = p.files.filter((f) => f.status !== 'clean').map(withheldLine);

  for (const e of p.entries) buffers.set(entryPath(e.seq), Buffer.from(e.body));
  buffers.set('ledger/hashes.txt', Buffer.from(p.entries.map((e) => `${e.hash}  ${entryPath(e.seq).slice('ledger/'.length)}\n`).join('')));
  for (const c of p.checkpoints) {
    buffers.set(checkpointPath(c.seq), Buffer.from(checkpointMessage(c)));
    buffers.set(signaturePath(c.seq), Buffer.from(c.signature, 'base64'));
  }
  for (const k of p.publicKeys) buffers.set(keyPath(k.keyId), Buffer.from(k.pem));
  const manifest = {
    format: 'harbour-evidence-pack/v1',
    case: p.c.reference,
    institution: p.institution,
    exportedAt: p.exportedAt.toISOString(),
    exportedBy: p.exportedBy.label,
    items,
    withheld: p.files.filter((f) => f.status !== 'clean').map((f) => ({ name: f.name, status: f.status, sha256: f.sha256, ledgerSeq: f.ledgerSeq })),
    ledger: { entries: p.entries.map((e) => ({ seq: e.seq, hash: e.hash, path: entryPath(e.seq) })), checkpoints: p.checkpoints },
  };
  buffers.set('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  buffers.set('README.txt', Buffer.from(readmeText(p, items, withheld)));
  buffers.set('summary.pdf', await packPdf(p, items, withheld));

  const sums = [...[...buffers].map(([path, b]) => `${sha256Hex(b)}  ${path}`), ...clean.map((f) => `${f.sha256}  ${filePaths.get(f.id)}`)].sort((a, b) => a.slice(66).localeCompare(b.slice(66)));
  buffers.set('SHA256SUMS', Buffer.from(`${sums.join('\n')}\n`));

  const zip = new yazl.ZipFile();
  const out = new PassThrough();
  zip.outputStream.on('error', (err) => out.destroy(err));
  zip.on('error', (err: Error) => out.destroy(err));
  zip.outputStream.pipe(out);
  const mtime = p.exportedAt;
  for (const [path, b] of buffers) zip.addBuffer(b, path, { mtime, compress: !path.endsWith('.pdf') && !path.endsWith('.sig') });
  for (const f of clean)
    zip.addReadStreamLazy(filePaths.get(f.id)!, { mtime, size: f.size, compress: f.type.startsWith('text/') }, (cb) => {
      readPlaintext(deps.store, f.storageKey, f.fileKey, f.id, f.sha256).then(
        (s) => {
          s.on('error', (err) => zip.emit('error', err));
          cb(null, s);
        },
        (err: Error) => cb(err, undefined as unknown as Readable),
      );
    });
  zip.end();
  return { filename: `${p.c.reference}-evidence-pack.zip`, stream: out, items };
}
