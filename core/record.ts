import crypto from 'node:crypto';
import type { Sql } from './db/database.ts';
import { actorLabel, type Actor } from './actor.ts';
import { canonicalJson, sha256Hex } from './crypto/hashing.ts';
import { sealJson } from './caseKeys.ts';
import { appendEntry } from './ledger/ledger.ts';

/**
 * The one way a command records what it did: an append-only case event plus its ledger entry, in
 * the caller's transaction, naming the actor. `data` stays in clear (ids, statuses); `secret`
 * (notes, messages, names) is encrypted with the case key and only its hash enters the ledger.
 */
export async function recordCaseEvent(
  tx: Sql,
  actor: Actor,
  e: { caseId: string; type: string; at: Date; data?: Record<string, unknown>; secret?: unknown; caseKey?: Buffer },
): Promise<{ id: string; seq: number }> {
  const id = crypto.randomUUID();
  const data = e.data ?? {};
  let sealed: Buffer | null = null;
  let secretHash: string | null = null;
  if (e.secret !== undefined) {
    if (!e.caseKey) throw new Error('recordCaseEvent: a secret needs the case key');
    sealed = sealJson(e.caseKey, e.caseId, `event:${id}`, e.secret);
    secretHash = sha256Hex(canonicalJson(e.secret));
  }
  const entry = await appendEntry(tx, actor.institutionId, {
    actor: actorLabel(actor),
    action: e.type,
    caseId: e.caseId,
    at: e.at,
    data: { event: id, ...data, ...(secretHash ? { secretHash } : {}) },
  });
  await tx.query(
    'INSERT INTO case_events (id, institution_id, case_id, type, actor, at, data, secret, secret_hash, ledger_seq) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)',
    [id, actor.institutionId, e.caseId, e.type, actorLabel(actor), e.at, JSON.stringify(data), sealed, secretHash, entry.seq],
  );
  return { id, seq: entry.seq };
}

/** A statistics row, written when the thing happens (never reconstructed later). */
export async function recordStat(tx: Sql, institutionId: string, caseId: string, type: string, at: Date, facets: Record<string, unknown>, value?: number): Promise<void> {
  await tx.query('INSERT INTO reporting_events (institution_id, case_id, type, at, facets, value) VALUES ($1,$2,$3,$4,$5,$6)', [
    institutionId,
    caseId,
    type,
    at,
    JSON.stringify(facets),
    value ?? null,
  ]);
}
