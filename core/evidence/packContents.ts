import type { Sql } from '../db/database.ts';
import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { actorLabel } from '../actor.ts';
import { DomainError, notFound } from '../errors.ts';
import { can } from '../policies/casePolicy.ts';
import { loadCase, type CaseRow } from '../queries/caseState.ts';
import { loadCaseKey, openJson } from '../caseKeys.ts';
import { open } from '../crypto/keyring.ts';
import { canonicalJson } from '../crypto/hashing.ts';
import { logAccess } from '../queries/accessLog.ts';
import { recordCaseEvent } from '../record.ts';
import { signCheckpoint, type Checkpoint } from '../ledger/checkpoints.ts';
import { staffNames } from '../staff.ts';
import { loadInstitution } from '../institutions.ts';
import { nameContext } from './deps.ts';
import { unwrapFileKey } from './evidenceFileKey.ts';

/** Everything an evidence pack holds, gathered in one transaction (files are streamed later). */
export interface PackContents {
  c: CaseRow;
  institution: { id: string; name: string };
  exportedAt: Date;
  exportedBy: { label: string; name: string };
  report: { bytes: Buffer; sha256: string; ledgerSeq: number; submittedAt: Date; recorded: Record<string, unknown> };
  additions: { eventId: string; at: Date; bytes: Buffer; text: string; sha256: string; ledgerSeq: number }[];
  files: { id: string; name: string; type: string; size: number; sha256: string; ledgerSeq: number; status: string; storageKey: string; fileKey: Buffer }[];
  /** Ledger entries (exact bodies) from each of the case's entries up to the checkpoint that signs it. */
  entries: { seq: number; body: string; hash: string }[];
  checkpoints: Checkpoint[];
  publicKeys: { keyId: string; pem: string }[];
}

/** Pairs each needed seq with the first checkpoint at or after it, and returns merged ranges. */
function ranges(caseSeqs: number[], checkpointSeqs: number[]): { spans: [number, number][]; used: Set<number> } {
  const used = new Set<number>();
  const spans: [number, number][] = [];
  for (const s of [...caseSeqs].sort((a, b) => a - b)) {
    const t = checkpointSeqs.find((x) => x >= s)!;
    used.add(t);
    const last = spans[spans.length - 1];
    if (last && s <= last[1] + 1) last[1] = Math.max(last[1], t);
    else spans.push([s, t]);
  }
  return { spans, used };
}

async function ledgerProof(tx: Sql, institutionId: string, caseId: string) {
  const caseSeqs = (await tx.query<{ seq: string }>('SELECT seq FROM ledger_entries WHERE case_id = $1 ORDER BY seq', [caseId])).rows.map((r) => Number(r.seq));
  const cps = (await tx.query<{ seq: string; hash: string; key_id: string; signed_at: Date; signature: string }>('SELECT seq, hash, key_id, signed_at, signature FROM ledger_checkpoints WHERE institution_id = $1 AND seq >= $2 ORDER BY seq', [institutionId, caseSeqs[0] ?? 0])).rows;
  const { spans, used } = ranges(caseSeqs, cps.map((c) => Number(c.seq)));
  const entries: PackContents['entries'] = [];
  for (const [from, to] of spans)
    for (const r of (await tx.query<{ seq: string; body: string; hash: string }>('SELECT seq, body, hash FROM ledger_entries WHERE institution_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq', [institutionId, from, to])).rows)
      entries.push({ seq: Number(r.seq), body: r.body, hash: r.hash });
  const checkpoints = cps
    .filter((c) => used.has(Number(c.seq)))
    .map((c) => ({ institutionId, seq: Number(c.seq), hash: c.hash, keyId: c.key_id, signedAt: new Date(c.signed_at).toISOString(), signature: c.signature }));
  const keyIds = [...new Set(checkpoints.map((c) => c.keyId))];
  const publicKeys = (await tx.query<{ key_id: string; public_key: string }>('SELECT key_id, public_key FROM institution_keys WHERE institution_id = $1 AND key_id = ANY($2::text[])', [institutionId, keyIds])).rows.map((k) => ({ keyId: k.key_id, pem: k.public_key }));
  return { entries, checkpoints, publicKeys };
}

/**
 * Gathers a case's evidence pack for someone allowed to download evidence: the report as
 * recorded, the reporter's additions, every file (clean ones to include; the rest listed as
 * withheld), and the ledger proof. The export itself is recorded (access log and ledger) and a
 * checkpoint is signed over it, so every entry in the pack is covered by a signature.
 */
export async function gatherPack(core: Core, actor: Actor, caseId: string): Promise<PackContents> {
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const c = await loadCase(tx, caseId);
    if (!c || !can(actor, 'view_summary', c)) throw notFound();
    if (!can(actor, 'download_evidence', c)) throw new DomainError('forbidden', `You can't export the evidence of case ${c.reference}.`);
    const caseKey = await loadCaseKey(tx, core.keyring, c.id);
    if (!caseKey) throw new DomainError('conflict', `The content of case ${c.reference} was destroyed under the retention policy.`);
    const at = core.now();
    const r = (await tx.query<{ submitted_at: Date; content: Uint8Array; content_hash: string; ledger_seq: string }>('SELECT submitted_at, content, content_hash, ledger_seq FROM reports WHERE case_id = $1', [c.id])).rows[0]!;
    const recorded = open(caseKey, r.content, `${c.id}:report`);
    const additions = (await tx.query<{ id: string; at: Date; secret: Uint8Array; secret_hash: string; ledger_seq: string }>(`SELECT id, at, secret, secret_hash, ledger_seq FROM case_events WHERE case_id = $1 AND type = 'reporter.added' ORDER BY ledger_seq`, [c.id])).rows.map((e) => {
      const value = openJson<{ text: string }>(caseKey, c.id, `event:${e.id}`, e.secret);
      return { eventId: e.id, at: e.at, bytes: Buffer.from(canonicalJson(value)), text: value.text, sha256: e.secret_hash, ledgerSeq: Number(e.ledger_seq) };
    });
    const files = (await tx.query<{ id: string; name: Uint8Array; detected_type: string; size: string; sha256: string; ledger_seq: string; status: string; storage_key: string; wrapped_key: Uint8Array }>(
      'SELECT id, name, detected_type, size, sha256, ledger_seq, status, storage_key, wrapped_key FROM evidence_files WHERE case_id = $1 ORDER BY ledger_seq', [c.id])).rows.map((f) => {
      const fileKey = unwrapFileKey(caseKey, c.id, f.id, f.wrapped_key);
      return { id: f.id, name: open(fileKey, f.name, nameContext(f.id)).toString('utf8'), type: f.detected_type, size: Number(f.size), sha256: f.sha256, ledgerSeq: Number(f.ledger_seq), status: f.status, storageKey: f.storage_key, fileKey };
    });
    await logAccess(tx, actor, c.id, 'evidence.pack_exported', at);
    const e = await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.evidence_pack_exported', at, data: { files: files.filter((f) => f.status === 'clean').length } });
    const head = (await tx.query<{ hash: string }>('SELECT hash FROM ledger_entries WHERE institution_id = $1 AND seq = $2', [c.institutionId, e.seq])).rows[0]!;
    await signCheckpoint(tx, core.keyring, c.institutionId, e.seq, head.hash, at);
    const proof = await ledgerProof(tx, c.institutionId, c.id);
    const institution = await loadInstitution(tx, c.institutionId);
    const names = actor.kind === 'staff' ? await staffNames(tx, [actor.staffId]) : new Map<string, string>();
    return {
      c,
      institution: { id: institution.id, name: institution.name },
      exportedAt: at,
      exportedBy: { label: actorLabel(actor), name: actor.kind === 'staff' ? names.get(actor.staffId) ?? actorLabel(actor) : actorLabel(actor) },
      report: { bytes: recorded, sha256: r.content_hash, ledgerSeq: Number(r.ledger_seq), submittedAt: r.submitted_at, recorded: JSON.parse(recorded.toString('utf8')) },
      additions,
      files,
      ...proof,
    };
  });
}
