import crypto from 'node:crypto';
import type { Sql } from './db/database.ts';
import type { Keyring } from './crypto/keyring.ts';
import { genesisHash } from './ledger/ledger.ts';
import { createSigningKey } from './ledger/signingKeys.ts';

/** Settings an administrator changes without code. */
export interface InstitutionSettings {
  firstContactWorkingDays: number;
  retentionYears: number;
  directoryReviewMonths: number;
  timeZone: string;
  emergencyPhone: string;
  securityPhone: string;
  hoursPerCase: number;
  /** Origins allowed to frame Harbour (the registered Moodle sites). */
  frameAncestors: string[];
  texts: Record<string, string>;
}

export const defaultSettings: InstitutionSettings = {
  firstContactWorkingDays: 2,
  retentionYears: 6,
  directoryReviewMonths: 6,
  timeZone: 'Europe/London',
  emergencyPhone: '999',
  securityPhone: '',
  hoursPerCase: 4,
  frameAncestors: [],
  texts: {},
};

export interface Institution {
  id: string;
  slug: string;
  name: string;
  referencePrefix: string;
  settings: InstitutionSettings;
}

/** Creates an institution with its ledger, signing key and matching key (run as the owner). */
export async function createInstitution(tx: Sql, keyring: Keyring, input: { slug: string; name: string; referencePrefix?: string; settings?: Partial<InstitutionSettings> }): Promise<Institution> {
  const settings = { ...defaultSettings, ...input.settings };
  const id = crypto.randomUUID();
  const { wrapped, keyId } = keyring.wrap(crypto.randomBytes(32), `match-key:${id}`);
  await tx.query('INSERT INTO institutions (id, slug, name, reference_prefix, settings, match_key, match_master_key_id) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    id,
    input.slug,
    input.name,
    input.referencePrefix ?? 'HR',
    JSON.stringify(settings),
    wrapped,
    keyId,
  ]);
  await tx.query('INSERT INTO ledger_heads (institution_id, seq, hash) VALUES ($1, 0, $2)', [id, genesisHash(id)]);
  await createSigningKey(tx, keyring, id);
  return { id, slug: input.slug, name: input.name, referencePrefix: input.referencePrefix ?? 'HR', settings };
}

type Row = { id: string; slug: string; name: string; reference_prefix: string; settings: Partial<InstitutionSettings> };
const fromRow = (r: Row): Institution => ({ id: r.id, slug: r.slug, name: r.name, referencePrefix: r.reference_prefix, settings: { ...defaultSettings, ...r.settings } });

export async function loadInstitution(tx: Sql, id: string): Promise<Institution> {
  const r = (await tx.query<Row>('SELECT id, slug, name, reference_prefix, settings FROM institutions WHERE id = $1', [id])).rows[0];
  if (!r) throw new Error(`No institution ${id}`);
  return fromRow(r);
}

/** All institutions (owner connection): for routing a request or a job to one. */
export async function listInstitutions(sql: Sql): Promise<Institution[]> {
  return (await sql.query<Row>('SELECT id, slug, name, reference_prefix, settings FROM institutions ORDER BY created_at')).rows.map(fromRow);
}

const matchKeys = new Map<string, Buffer>();

/** The institution's secret for pseudonymous match keys (same reporter, same person named). */
export async function institutionMatchKey(tx: Sql, keyring: Keyring, id: string): Promise<Buffer> {
  const cached = matchKeys.get(id);
  if (cached) return cached;
  const r = (await tx.query<{ match_key: Uint8Array; match_master_key_id: string }>('SELECT match_key, match_master_key_id FROM institutions WHERE id = $1', [id])).rows[0];
  if (!r) throw new Error(`No institution ${id}`);
  const key = keyring.unwrap(Buffer.from(r.match_key), r.match_master_key_id, `match-key:${id}`);
  matchKeys.set(id, key);
  return key;
}
