import crypto from 'node:crypto';
import type { Sql } from '../db/database.ts';
import type { Keyring } from '../crypto/keyring.ts';

/**
 * Each institution signs ledger checkpoints with its own Ed25519 key. The private key is kept
 * wrapped by the master key; the public key is published so anyone can verify a receipt.
 */
export async function createSigningKey(tx: Sql, keyring: Keyring, institutionId: string): Promise<string> {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const keyId = `ed25519-${crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16)}`;
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const { wrapped, keyId: masterKeyId } = keyring.wrap(der, `signing-key:${institutionId}:${keyId}`);
  await tx.query('UPDATE institution_keys SET active = false WHERE institution_id = $1', [institutionId]);
  await tx.query(
    'INSERT INTO institution_keys (institution_id, key_id, public_key, private_key, master_key_id) VALUES ($1, $2, $3, $4, $5)',
    [institutionId, keyId, publicKey.export({ type: 'spki', format: 'pem' }).toString(), wrapped, masterKeyId],
  );
  return keyId;
}

const cache = new Map<string, { keyId: string; key: crypto.KeyObject }>();

/** The institution's active signing key, unwrapped once per process. */
export async function activeSigningKey(tx: Sql, keyring: Keyring, institutionId: string) {
  const row = (
    await tx.query<{ key_id: string; private_key: Uint8Array; master_key_id: string }>(
      'SELECT key_id, private_key, master_key_id FROM institution_keys WHERE institution_id = $1 AND active',
      [institutionId],
    )
  ).rows[0];
  if (!row) throw new Error(`Institution ${institutionId} has no active signing key`);
  const cached = cache.get(institutionId);
  if (cached?.keyId === row.key_id) return cached;
  const der = keyring.unwrap(Buffer.from(row.private_key), row.master_key_id, `signing-key:${institutionId}:${row.key_id}`);
  const entry = { keyId: row.key_id, key: crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
  cache.set(institutionId, entry);
  return entry;
}

export async function publicKeys(tx: Sql, institutionId: string): Promise<Map<string, crypto.KeyObject>> {
  const rows = (await tx.query<{ key_id: string; public_key: string }>('SELECT key_id, public_key FROM institution_keys WHERE institution_id = $1', [institutionId])).rows;
  return new Map(rows.map((r) => [r.key_id, crypto.createPublicKey(r.public_key)]));
}
