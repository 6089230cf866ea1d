import type { Readable } from 'node:stream';
import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError, notFound } from '../errors.ts';
import { can } from '../policies/casePolicy.ts';
import { loadCase } from '../queries/caseState.ts';
import { loadCaseKey } from '../caseKeys.ts';
import { logAccess } from '../queries/accessLog.ts';
import { open } from '../crypto/keyring.ts';
import { nameContext, type EvidenceDeps } from './deps.ts';
import { readPlaintext, unwrapFileKey } from './evidenceFileKey.ts';

/** A file ready to send: the original bytes as a stream, with what the response headers need. */
export interface EvidenceDownload {
  name: string;
  type: string;
  size: number;
  sha256: string;
  body: Readable;
}

type Row = { id: string; status: string; sha256: string; size: string; name: Uint8Array; detected_type: string; storage_key: string; wrapped_key: Uint8Array };

const REFUSED: Record<string, string> = {
  pending_scan: 'This file is still being checked for viruses. Try again in a few minutes.',
  infected: 'This file was found to contain malware and is quarantined: it can’t be downloaded.',
  quarantined: 'This file was found to contain malware and is quarantined: it can’t be downloaded.',
};

/**
 * Opens one evidence file for someone the policy allows ('download_evidence'), only once it was
 * scanned clean, and records the download in the access log in the same transaction. The stream
 * fails rather than deliver bytes that differ from what was uploaded.
 */
export async function openEvidence(deps: EvidenceDeps, actor: Actor, caseId: string, fileId: string): Promise<EvidenceDownload> {
  const { core, store } = deps;
  const found = await core.db.forInstitution(actor.institutionId, async (tx) => {
    const c = await loadCase(tx, caseId);
    if (!c || !can(actor, 'view_summary', c)) throw notFound();
    if (!can(actor, 'download_evidence', c)) throw new DomainError('forbidden', `You can't download evidence from case ${c.reference}.`);
    if (!/^[0-9a-f-]{36}$/i.test(fileId)) throw notFound('That file');
    const f = (await tx.query<Row>('SELECT id, status, sha256, size, name, detected_type, storage_key, wrapped_key FROM evidence_files WHERE id = $1 AND case_id = $2', [fileId, c.id])).rows[0];
    if (!f) throw notFound('That file');
    if (f.status !== 'clean') throw new DomainError('conflict', REFUSED[f.status] ?? 'This file can’t be downloaded.');
    const caseKey = await loadCaseKey(tx, core.keyring, c.id);
    if (!caseKey) throw new DomainError('conflict', `The content of case ${c.reference} was destroyed under the retention policy.`);
    await logAccess(tx, actor, c.id, `evidence.downloaded:${f.id}`, core.now());
    return { f, fileKey: unwrapFileKey(caseKey, c.id, f.id, f.wrapped_key) };
  });
  const { f, fileKey } = found;
  return {
    name: open(fileKey, f.name, nameContext(f.id)).toString('utf8'),
    type: f.detected_type,
    size: Number(f.size),
    sha256: f.sha256,
    body: await readPlaintext(store, f.storage_key, fileKey, f.id, f.sha256),
  };
}

/** One file as a case page lists it. */
export interface EvidenceItem {
  id: string;
  name: string | null;
  type: string;
  image: boolean;
  size: number;
  sha256: string;
  status: 'pending_scan' | 'clean' | 'infected' | 'quarantined';
  uploadedBy: string;
  uploadedAt: Date;
  ledgerSeq: number;
}

/**
 * The files of a case for a page: staff who may read the case see every file; a reporter sees
 * only what they sent. Names are decrypted (null once the case key is destroyed).
 */
export async function listEvidence(core: Core, actor: Actor, caseId: string): Promise<EvidenceItem[]> {
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const c = await loadCase(tx, caseId);
    if (!c) throw notFound();
    const staff = can(actor, 'view_content', c);
    if (!staff && !can(actor, 'reporter_view', c)) throw notFound();
    const rows = (
      await tx.query<Row & { uploaded_by: string; uploaded_at: Date; ledger_seq: string }>(
        `SELECT id, status, sha256, size, name, detected_type, storage_key, wrapped_key, uploaded_by, uploaded_at, ledger_seq FROM evidence_files
         WHERE case_id = $1 AND ($2 OR uploaded_by = 'reporter') ORDER BY uploaded_at, ledger_seq`,
        [c.id, staff],
      )
    ).rows;
    const caseKey = rows.length ? await loadCaseKey(tx, core.keyring, c.id) : null;
    return rows.map((r) => ({
      id: r.id,
      name: caseKey ? open(unwrapFileKey(caseKey, c.id, r.id, r.wrapped_key), r.name, nameContext(r.id)).toString('utf8') : null,
      type: r.detected_type,
      image: r.detected_type.startsWith('image/'),
      size: Number(r.size),
      sha256: r.sha256,
      status: r.status as EvidenceItem['status'],
      uploadedBy: r.uploaded_by,
      uploadedAt: r.uploaded_at,
      ledgerSeq: Number(r.ledger_seq),
    }));
  });
}
