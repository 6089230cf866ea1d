import type { Core } from '../core.ts';
import type { Sql } from '../db/database.ts';
import type { Actor } from '../actor.ts';
import type { Checkpoint } from '../ledger/checkpoints.ts';
import type { SubmittedReport } from '../commands/reportSubmitter.ts';
import { notFound } from '../errors.ts';
import { can } from '../policies/casePolicy.ts';
import { loadCase } from '../queries/caseState.ts';
import { loadCaseKey } from '../caseKeys.ts';
import { open } from '../crypto/keyring.ts';
import { RECEIPT_FORMAT } from './receiptCheck.mjs';

/**
 * What a reporter keeps: the report exactly as recorded, the ledger entry that names its hash and
 * the institution's signature over that entry, with the public key. Anyone can check it with
 * receiptCheck.mjs (or openssl) without Harbour, years later.
 */
export interface Receipt {
  format: typeof RECEIPT_FORMAT;
  reference: string;
  submittedAt: string;
  /** The report as recorded (canonical JSON); its SHA-256 is contentHash. */
  recorded: string;
  contentHash: string;
  ledgerEntry: { seq: number; hash: string; body: string };
  checkpoint: Checkpoint;
  /** The institution's Ed25519 public key (PEM) that signed the checkpoint. */
  publicKey: string;
  howToVerify: string[];
}

/** The steps printed inside every receipt, so the file explains itself. */
export function verificationSteps(verifyUrl: string): string[] {
  return [
    `Paste or upload this file at ${verifyUrl} (no sign-in needed), or run: node verify-receipt.mjs this-file.json (the script is offered on that page).`,
    'By hand: the SHA-256 of "recorded" equals "contentHash"; the SHA-256 of "ledgerEntry.body" equals "ledgerEntry.hash", and that body names the same contentHash;',
    '"checkpoint.signature" is an Ed25519 signature by "publicKey" over the text: harbour-ledger-checkpoint/v1, institutionId, seq, hash and signedAt, one per line, no final newline.',
    'Compare "publicKey" with the key the institution publishes at /verify/keys.',
  ];
}

/** Public keys never change once made (a new key gets a new id), so each is read once per process. */
const publicKeys = new Map<string, string>();

async function publicKeyPem(tx: Sql, institutionId: string, keyId: string): Promise<string> {
  const cached = publicKeys.get(`${institutionId}:${keyId}`);
  if (cached) return cached;
  const row = (await tx.query<{ public_key: string }>('SELECT public_key FROM institution_keys WHERE key_id = $1', [keyId])).rows[0];
  if (!row) throw new Error(`The signing key ${keyId} is not on record`);
  publicKeys.set(`${institutionId}:${keyId}`, row.public_key);
  return row.public_key;
}

/** The receipt for a report just submitted (shown once with the follow-up code). */
export async function receiptForSubmission(core: Core, submitted: SubmittedReport, verifyUrl: string): Promise<Receipt> {
  const { institutionId, keyId } = submitted.checkpoint;
  const publicKey = publicKeys.get(`${institutionId}:${keyId}`) ?? (await core.db.forInstitution(institutionId, (tx) => publicKeyPem(tx, institutionId, keyId)));
  return {
    format: RECEIPT_FORMAT,
    reference: submitted.reference,
    submittedAt: submitted.submittedAt,
    recorded: submitted.recorded,
    contentHash: submitted.contentHash,
    ledgerEntry: submitted.ledgerEntry,
    checkpoint: submitted.checkpoint,
    publicKey,
    howToVerify: verificationSteps(verifyUrl),
  };
}

/**
 * The same receipt, rebuilt later for the reporter who came back with reference and follow-up
 * code: decrypted from the stored original, with its ledger entry and the checkpoint signed when
 * it was submitted. Null once retention has destroyed the content.
 */
export async function receiptForReporter(core: Core, actor: Actor, caseId: string, verifyUrl: string): Promise<Receipt | null> {
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const c = await loadCase(tx, caseId);
    if (!c || !can(actor, 'reporter_view', c)) throw notFound();
    const key = await loadCaseKey(tx, core.keyring, c.id);
    const r = (await tx.query<{ content: Uint8Array; content_hash: string; ledger_seq: number; submitted_at: Date }>('SELECT content, content_hash, ledger_seq, submitted_at FROM reports WHERE case_id = $1', [c.id])).rows[0];
    if (!key || !r) return null;
    const seq = Number(r.ledger_seq);
    const entry = (await tx.query<{ body: string; hash: string }>('SELECT body, hash FROM ledger_entries WHERE seq = $1', [seq])).rows[0];
    const cp = (await tx.query<{ hash: string; key_id: string; signed_at: Date; signature: string }>('SELECT hash, key_id, signed_at, signature FROM ledger_checkpoints WHERE seq = $1', [seq])).rows[0];
    if (!entry || !cp) throw new Error(`Ledger entry ${seq} of case ${c.reference} or its checkpoint is missing`);
    return {
      format: RECEIPT_FORMAT,
      reference: c.reference,
      submittedAt: new Date(r.submitted_at).toISOString(),
      recorded: open(key, r.content, `${c.id}:report`).toString('utf8'),
      contentHash: r.content_hash,
      ledgerEntry: { seq, hash: entry.hash, body: entry.body },
      checkpoint: { institutionId: actor.institutionId, seq, hash: cp.hash, keyId: cp.key_id, signedAt: new Date(cp.signed_at).toISOString(), signature: cp.signature },
      publicKey: await publicKeyPem(tx, actor.institutionId, cp.key_id),
      howToVerify: verificationSteps(verifyUrl),
    };
  });
}
