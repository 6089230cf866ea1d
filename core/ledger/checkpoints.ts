import crypto from 'node:crypto';
import type { Sql } from '../db/database.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { activeSigningKey } from './signingKeys.ts';

export interface Checkpoint {
  institutionId: string;
  seq: number;
  hash: string;
  keyId: string;
  signedAt: string;
  signature: string;
}

/** The exact bytes a checkpoint signature covers; documented so it can be checked without Harbour. */
export function checkpointMessage(c: Pick<Checkpoint, 'institutionId' | 'seq' | 'hash' | 'signedAt'>): string {
  return `harbour-ledger-checkpoint/v1\n${c.institutionId}\n${c.seq}\n${c.hash}\n${c.signedAt}`;
}

/** Signs the chain head at `seq` with the institution's Ed25519 key and stores the checkpoint. */
export async function signCheckpoint(tx: Sql, keyring: Keyring, institutionId: string, seq: number, hash: string, at: Date): Promise<Checkpoint> {
  const { keyId, key } = await activeSigningKey(tx, keyring, institutionId);
  const signedAt = at.toISOString();
  const signature = crypto.sign(null, Buffer.from(checkpointMessage({ institutionId, seq, hash, signedAt })), key).toString('base64');
  await tx.query(
    'INSERT INTO ledger_checkpoints (institution_id, seq, hash, key_id, signed_at, signature) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
    [institutionId, seq, hash, keyId, signedAt, signature],
  );
  return { institutionId, seq, hash, keyId, signedAt, signature };
}

export function verifyCheckpoint(c: Checkpoint, publicKey: crypto.KeyObject): boolean {
  return crypto.verify(null, Buffer.from(checkpointMessage(c)), publicKey, Buffer.from(c.signature, 'base64'));
}
