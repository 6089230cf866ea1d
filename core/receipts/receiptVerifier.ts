import crypto from 'node:crypto';
import type { Core } from '../core.ts';
import { checkReceipt, type ReceiptCheckResult } from './receiptCheck.mjs';

export interface ReceiptVerification extends ReceiptCheckResult {
  /** The public key in the receipt is one this Harbour holds for that institution. */
  keyPublished: boolean;
  /** This Harbour's ledger still holds the same entry at the same position. */
  inLedger: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The public /verify page's check: the stand-alone checks of receiptCheck.mjs, plus what only the
 * issuing Harbour can add: that the signing key is the institution's own and that its ledger still
 * holds the entry. Needs no sign-in and reveals nothing beyond yes or no.
 */
export async function verifyReceipt(core: Core, receipt: unknown): Promise<ReceiptVerification> {
  const base = checkReceipt(receipt);
  const r = receipt as { publicKey?: unknown };
  if (!base.institutionId || !UUID.test(base.institutionId) || !base.keyId || base.seq === null) return { ...base, keyPublished: false, inLedger: false };
  const { institutionId, keyId, seq, entryHash } = base;
  const found = await core.db.forInstitution(institutionId, async (tx) => ({
    key: (await tx.query<{ public_key: string }>('SELECT public_key FROM institution_keys WHERE key_id = $1', [keyId])).rows[0]?.public_key,
    hash: (await tx.query<{ hash: string }>('SELECT hash FROM ledger_entries WHERE seq = $1', [seq])).rows[0]?.hash,
  }));
  let keyPublished = false;
  try {
    keyPublished = Boolean(found.key) && typeof r.publicKey === 'string' && sameKey(found.key!, r.publicKey);
  } catch {
    keyPublished = false;
  }
  const inLedger = Boolean(found.hash) && found.hash === entryHash;
  return { ...base, ok: base.ok && keyPublished && inLedger, keyPublished, inLedger };
}

function sameKey(a: string, b: string): boolean {
  const der = (pem: string) => crypto.createPublicKey(pem).export({ type: 'spki', format: 'der' });
  return der(a).equals(der(b));
}

/** The institution's signing keys (id and PEM), published so receipts can be checked against them. */
export async function publishedKeys(core: Core, institutionId: string): Promise<{ keyId: string; publicKey: string; active: boolean; createdAt: Date }[]> {
  return core.db.forInstitution(institutionId, async (tx) =>
    (await tx.query<{ key_id: string; public_key: string; active: boolean; created_at: Date }>('SELECT key_id, public_key, active, created_at FROM institution_keys ORDER BY created_at')).rows.map((k) => ({
      keyId: k.key_id,
      publicKey: k.public_key,
      active: k.active,
      createdAt: k.created_at,
    })),
  );
}
