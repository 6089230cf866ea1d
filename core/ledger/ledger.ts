import type { Sql } from '../db/database.ts';
import { canonicalJson, sha256Hex } from '../crypto/hashing.ts';

/** Who did something, as written into the ledger: never a name, only a role and an id. */
export type LedgerActor = string;

export interface LedgerEntryBody {
  v: 1;
  institution: string;
  seq: number;
  prev: string;
  at: string;
  actor: LedgerActor;
  action: string;
  case: string | null;
  data: Record<string, unknown>;
}

export interface AppendedEntry {
  seq: number;
  hash: string;
  body: string;
}

export function genesisHash(institutionId: string): string {
  return sha256Hex(`harbour-ledger-genesis:${institutionId}`);
}

/**
 * Appends one entry to the institution's hash chain inside the caller's transaction. The head
 * row is locked, so concurrent writers queue and the chain never forks; if the transaction rolls
 * back, the entry and the new head go with it.
 */
export async function appendEntry(
  tx: Sql,
  institutionId: string,
  entry: { actor: LedgerActor; action: string; caseId: string | null; data: Record<string, unknown>; at: Date },
): Promise<AppendedEntry> {
  const head = await tx.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM ledger_heads WHERE institution_id = $1 FOR UPDATE',
    [institutionId],
  );
  if (!head.rows[0]) throw new Error(`No ledger for institution ${institutionId}`);
  const seq = Number(head.rows[0].seq) + 1;
  const body: LedgerEntryBody = {
    v: 1,
    institution: institutionId,
    seq,
    prev: head.rows[0].hash,
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    case: entry.caseId,
    data: entry.data,
  };
  const text = canonicalJson(body);
  const hash = sha256Hex(text);
  await tx.query('INSERT INTO ledger_entries (institution_id, seq, body, hash, case_id) VALUES ($1, $2, $3, $4, $5)', [
    institutionId,
    seq,
    text,
    hash,
    entry.caseId,
  ]);
  await tx.query('UPDATE ledger_heads SET seq = $2, hash = $3 WHERE institution_id = $1', [institutionId, seq, hash]);
  return { seq, hash, body: text };
}
