import type { Database } from '../db/database.ts';
import type { Keyring } from './keyring.ts';

/**
 * Re-wraps every case key, signing key and matching key under the keyring's current master key,
 * in batches, each batch in its own transaction. Afterwards the old master key can be removed
 * from MASTER_KEYS. Safe to re-run: rows already under the current key are skipped.
 */
export async function rotateMasterKey(db: Database, keyring: Keyring, batchSize = 500): Promise<{ caseKeys: number; signingKeys: number; matchKeys: number }> {
  const counts = { caseKeys: 0, signingKeys: 0, matchKeys: 0 };
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const rows = (await tx.query<{ case_id: string; wrapped_key: Uint8Array; master_key_id: string }>('SELECT case_id, wrapped_key, master_key_id FROM case_keys WHERE master_key_id <> $1 LIMIT $2 FOR UPDATE', [keyring.currentId, batchSize])).rows;
      for (const r of rows) {
        const ctx = `case-key:${r.case_id}`;
        const { wrapped, keyId } = keyring.wrap(keyring.unwrap(Buffer.from(r.wrapped_key), r.master_key_id, ctx), ctx);
        await tx.query('UPDATE case_keys SET wrapped_key = $2, master_key_id = $3 WHERE case_id = $1', [r.case_id, wrapped, keyId]);
      }
      return rows.length;
    });
    counts.caseKeys += done;
    if (done < batchSize) break;
  }
  await db.transaction(async (tx) => {
    const keys = (await tx.query<{ institution_id: string; key_id: string; private_key: Uint8Array; master_key_id: string }>('SELECT institution_id, key_id, private_key, master_key_id FROM institution_keys WHERE master_key_id <> $1 FOR UPDATE', [keyring.currentId])).rows;
    for (const k of keys) {
      const ctx = `signing-key:${k.institution_id}:${k.key_id}`;
      const { wrapped, keyId } = keyring.wrap(keyring.unwrap(Buffer.from(k.private_key), k.master_key_id, ctx), ctx);
      await tx.query('UPDATE institution_keys SET private_key = $3, master_key_id = $4 WHERE institution_id = $1 AND key_id = $2', [k.institution_id, k.key_id, wrapped, keyId]);
      counts.signingKeys++;
    }
    const insts = (await tx.query<{ id: string; match_key: Uint8Array; match_master_key_id: string }>('SELECT id, match_key, match_master_key_id FROM institutions WHERE match_master_key_id <> $1 FOR UPDATE', [keyring.currentId])).rows;
    for (const i of insts) {
      const ctx = `match-key:${i.id}`;
      const { wrapped, keyId } = keyring.wrap(keyring.unwrap(Buffer.from(i.match_key), i.match_master_key_id, ctx), ctx);
      await tx.query('UPDATE institutions SET match_key = $2, match_master_key_id = $3 WHERE id = $1', [i.id, wrapped, keyId]);
      counts.matchKeys++;
    }
  });
  return counts;
}
