import type { Sql } from './db/database.ts';
import type { Keyring } from './crypto/keyring.ts';
import { newDataKey, open, seal } from './crypto/keyring.ts';

/** Creates and stores the data key of a new case; returns it for this transaction's writes. */
export async function createCaseKey(tx: Sql, keyring: Keyring, institutionId: string, caseId: string): Promise<Buffer> {
  const key = newDataKey();
  const { wrapped, keyId } = keyring.wrap(key, `case-key:${caseId}`);
  await tx.query('INSERT INTO case_keys (case_id, institution_id, wrapped_key, master_key_id) VALUES ($1, $2, $3, $4)', [
    caseId,
    institutionId,
    wrapped,
    keyId,
  ]);
  return key;
}

/** The case's data key, or null once retention has destroyed it. */
export async function loadCaseKey(tx: Sql, keyring: Keyring, caseId: string): Promise<Buffer | null> {
  const row = (await tx.query<{ wrapped_key: Uint8Array; master_key_id: string }>('SELECT wrapped_key, master_key_id FROM case_keys WHERE case_id = $1', [caseId]))
    .rows[0];
  return row ? keyring.unwrap(Buffer.from(row.wrapped_key), row.master_key_id, `case-key:${caseId}`) : null;
}

/** Encrypts a JSON value for one case and one purpose (the purpose is bound, so ciphertexts can't be swapped). */
export function sealJson(key: Buffer, caseId: string, purpose: string, value: unknown): Buffer {
  return seal(key, Buffer.from(JSON.stringify(value)), `${caseId}:${purpose}`);
}

export function openJson<T>(key: Buffer, caseId: string, purpose: string, sealed: Uint8Array): T {
  return JSON.parse(open(key, sealed, `${caseId}:${purpose}`).toString('utf8')) as T;
}
