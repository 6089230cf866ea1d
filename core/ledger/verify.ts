import type { Database } from '../db/database.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { canonicalJson, sha256Hex } from '../crypto/hashing.ts';
import { open } from '../crypto/keyring.ts';
import { loadCaseKey } from '../caseKeys.ts';
import { genesisHash, type LedgerEntryBody } from './ledger.ts';
import { publicKeys } from './signingKeys.ts';
import { verifyCheckpoint } from './checkpoints.ts';

export interface VerifyResult {
  institutionId: string;
  ok: boolean;
  entries: number;
  checkpoints: number;
  reports: number;
  events: number;
  destroyed: number;
  firstBad?: { seq: number; reason: string };
}

/**
 * Checks an institution's whole evidential record: every entry's hash and link to the one before,
 * the head, every checkpoint signature, and every report and event against the hash its ledger
 * entry holds (decrypting where the case key still exists; destroyed content is counted, not failed).
 * Names the first bad entry.
 */
export async function verifyLedger(db: Database, keyring: Keyring, institutionId: string): Promise<VerifyResult> {
  const result: VerifyResult = { institutionId, ok: true, entries: 0, checkpoints: 0, reports: 0, events: 0, destroyed: 0 };
  const fail = (seq: number, reason: string) => {
    result.ok = false;
    result.firstBad ??= { seq, reason };
  };
  const bodies = new Map<number, LedgerEntryBody>();
  const hashes = new Map<number, string>();
  let prev = genesisHash(institutionId);
  let expected = 1;
  const pageSize = 5000;
  for (let from = 0; ; from += pageSize) {
    const rows = (await db.query<{ seq: number; body: string; hash: string }>('SELECT seq, body, hash FROM ledger_entries WHERE institution_id = $1 ORDER BY seq OFFSET $2 LIMIT $3', [institutionId, from, pageSize])).rows;
    for (const r of rows) {
      const seq = Number(r.seq);
      result.entries++;
      if (seq !== expected) fail(expected, `entry ${expected} is missing`);
      expected = seq + 1;
      if (sha256Hex(r.body) !== r.hash) fail(seq, 'the entry was altered: its content does not match its hash');
      let body: LedgerEntryBody;
      try {
        body = JSON.parse(r.body) as LedgerEntryBody;
      } catch {
        fail(seq, 'the entry is not valid JSON');
        continue;
      }
      if (canonicalJson(body) !== r.body) fail(seq, 'the entry is not in canonical form');
      if (body.seq !== seq || body.institution !== institutionId) fail(seq, 'the entry claims another position or institution');
      if (body.prev !== prev) fail(seq, 'the chain is broken: the entry does not follow the one before');
      prev = r.hash;
      bodies.set(seq, body);
      hashes.set(seq, r.hash);
    }
    if (rows.length < pageSize) break;
  }
  const head = (await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM ledger_heads WHERE institution_id = $1', [institutionId])).rows[0];
  if (!head || Number(head.seq) !== expected - 1 || head.hash !== prev) fail(expected - 1, 'the ledger head does not match the last entry (entries removed or added)');

  const keys = await publicKeys(db, institutionId);
  for (const c of (await db.query<{ seq: number; hash: string; key_id: string; signed_at: Date; signature: string }>('SELECT seq, hash, key_id, signed_at, signature FROM ledger_checkpoints WHERE institution_id = $1 ORDER BY seq', [institutionId])).rows) {
    result.checkpoints++;
    const seq = Number(c.seq);
    const key = keys.get(c.key_id);
    const cp = { institutionId, seq, hash: c.hash, keyId: c.key_id, signedAt: new Date(c.signed_at).toISOString(), signature: c.signature };
    if (!key || !verifyCheckpoint(cp, key)) fail(seq, 'a checkpoint signature does not verify');
    else if (hashes.get(seq) !== c.hash) fail(seq, 'a signed checkpoint does not match the entry it signs');
  }

  const caseKeys = new Map<string, Buffer | null>();
  const keyFor = async (caseId: string) => {
    if (!caseKeys.has(caseId)) caseKeys.set(caseId, await loadCaseKey(db, keyring, caseId));
    return caseKeys.get(caseId)!;
  };
  for (const r of (await db.query<{ case_id: string; content: Uint8Array; content_hash: string; ledger_seq: number }>('SELECT case_id, content, content_hash, ledger_seq FROM reports WHERE institution_id = $1', [institutionId])).rows) {
    result.reports++;
    const seq = Number(r.ledger_seq);
    const body = bodies.get(seq);
    if (!body || body.case !== r.case_id || body.data.contentHash !== r.content_hash) {
      fail(seq, 'a report does not match its ledger entry');
      continue;
    }
    const key = await keyFor(r.case_id);
    if (!key) {
      result.destroyed++;
      continue;
    }
    try {
      if (sha256Hex(open(key, r.content, `${r.case_id}:report`)) !== r.content_hash) fail(seq, 'a report was altered: its content does not match its hash');
    } catch {
      fail(seq, 'a report was altered: it no longer decrypts');
    }
  }
  for (const e of (await db.query<{ id: string; case_id: string; secret: Uint8Array | null; secret_hash: string | null; ledger_seq: number; type: string; data: Record<string, unknown> }>('SELECT id, case_id, secret, secret_hash, ledger_seq, type, data FROM case_events WHERE institution_id = $1', [institutionId])).rows) {
    result.events++;
    const seq = Number(e.ledger_seq);
    const body = bodies.get(seq);
    const expectedData = { event: e.id, ...e.data, ...(e.secret_hash ? { secretHash: e.secret_hash } : {}) };
    if (!body || body.case !== e.case_id || body.action !== e.type || canonicalJson(body.data) !== canonicalJson(expectedData)) {
      fail(seq, 'a case event does not match its ledger entry');
      continue;
    }
    if (!e.secret) continue;
    const key = await keyFor(e.case_id);
    if (!key) continue;
    try {
      const plain = open(key, e.secret, `${e.case_id}:event:${e.id}`).toString('utf8');
      if (sha256Hex(canonicalJson(JSON.parse(plain))) !== e.secret_hash) fail(seq, 'a case event was altered');
    } catch {
      fail(seq, 'a case event was altered: it no longer decrypts');
    }
  }
  return result;
}
