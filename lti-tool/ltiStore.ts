import crypto from 'node:crypto';
import type { Database, Sql } from '../core/db/database.ts';

/** Collections ltijs uses, plus Harbour's own login bindings (state → nonce, issuer, client id). */
export type LtiCollection =
  | 'platform'
  | 'platformStatus'
  | 'publickey'
  | 'privatekey'
  | 'accesstoken'
  | 'idtoken'
  | 'contexttoken'
  | 'nonce'
  | 'state'
  | 'login';

type Doc = Record<string, unknown>;
type Query = Record<string, unknown> | undefined;

/** How long rows live (seconds), as ltijs's MongoDB TTL indexes would keep them. */
const LIFETIME: Partial<Record<LtiCollection, number>> = {
  nonce: 10,
  state: 600,
  login: 600,
  accesstoken: 3600,
  idtoken: 86_400,
  contexttoken: 86_400,
};

const SWEEP_EVERY_MS = 60_000;

/**
 * ltijs's database plugin on Harbour's PostgreSQL (ltijs's MongoDB default is not used). ltijs
 * runs these lookups before any institution is known, so they run as the schema owner on the one
 * table `lti_store`. Documents ltijs asks to encrypt (keys, access tokens) are sealed with
 * AES-256-GCM under Harbour's own key; only their lookup fields stay in clear. Expired rows are
 * never returned and are swept as the store is used.
 */
export class LtiStore {
  private lastSweep = 0;

  constructor(
    private readonly db: Database,
    private readonly sealKey: Buffer,
    private readonly now: () => number = Date.now,
  ) {
    if (sealKey.length !== 32) throw new Error('LtiStore needs a 32-byte key');
  }

  async setup(): Promise<true> {
    return true;
  }

  async Close(): Promise<true> {
    return true;
  }

  /** Matching documents in insertion order, or false when none (ltijs's contract). */
  async Get(encKey: unknown, collection: LtiCollection, query?: Query): Promise<Doc[] | false> {
    const match = containment(query);
    if (match === null) return false;
    const { rows } = await this.db.query<{ doc: Doc; sealed: Uint8Array | null; created_at: Date }>(
      `SELECT doc, sealed, created_at FROM lti_store
        WHERE collection = $1 AND doc @> $2::jsonb AND (expires_at IS NULL OR expires_at > $3) ORDER BY id`,
      [collection, match, new Date(this.now())],
    );
    if (!rows.length) return false;
    if (!encKey) return rows.map((r) => r.doc);
    return rows.map((r) => ({ ...this.open(collection, r.sealed), createdAt: new Date(r.created_at).getTime() }));
  }

  async Insert(encKey: unknown, collection: LtiCollection, item: Doc, index?: Doc): Promise<true> {
    await this.insert(this.db, encKey, collection, item, index);
    await this.maybeSweep();
    return true;
  }

  /** Replaces the matching documents with one (an upsert), in one transaction. */
  async Replace(encKey: unknown, collection: LtiCollection, query: Query, item: Doc, index?: Doc): Promise<true> {
    const match = containment(query);
    await this.db.transaction(async (tx) => {
      if (match !== null) await tx.query('DELETE FROM lti_store WHERE collection = $1 AND doc @> $2::jsonb', [collection, match]);
      await this.insert(tx, encKey, collection, item, index);
    });
    await this.maybeSweep();
    return true;
  }

  /** Sets fields on the first matching document (MongoDB's updateOne with a plain object). */
  async Modify(encKey: unknown, collection: LtiCollection, query: Query, modification: Doc): Promise<true> {
    const match = containment(query);
    if (match === null) return true;
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; sealed: Uint8Array | null }>(
        `SELECT id, sealed FROM lti_store WHERE collection = $1 AND doc @> $2::jsonb AND (expires_at IS NULL OR expires_at > $3)
          ORDER BY id LIMIT 1 FOR UPDATE`,
        [collection, match, new Date(this.now())],
      );
      const row = rows[0];
      if (!row) return;
      if (encKey && row.sealed) {
        const sealed = this.seal(collection, { ...this.open(collection, row.sealed), ...modification });
        await tx.query('UPDATE lti_store SET sealed = $2 WHERE id = $1', [row.id, sealed]);
      } else {
        await tx.query('UPDATE lti_store SET doc = doc || $2::jsonb WHERE id = $1', [row.id, JSON.stringify(modification)]);
      }
    });
    return true;
  }

  async Delete(collection: LtiCollection, query: Query): Promise<true> {
    const match = containment(query);
    if (match === null) return true;
    await this.db.query('DELETE FROM lti_store WHERE collection = $1 AND doc @> $2::jsonb', [collection, match]);
    return true;
  }

  /** Takes a document out of the store in one step: for single-use rows such as login bindings. */
  async take(collection: LtiCollection, query: Query): Promise<Doc | null> {
    const match = containment(query);
    if (match === null) return null;
    const { rows } = await this.db.query<{ doc: Doc; expires_at: Date | null }>(
      'DELETE FROM lti_store WHERE collection = $1 AND doc @> $2::jsonb RETURNING doc, expires_at',
      [collection, match],
    );
    const live = rows.find((r) => !r.expires_at || new Date(r.expires_at).getTime() > this.now());
    return live?.doc ?? null;
  }

  /** Deletes every expired row; returns how many. */
  async sweep(): Promise<number> {
    this.lastSweep = this.now();
    const r = await this.db.query('DELETE FROM lti_store WHERE expires_at IS NOT NULL AND expires_at <= $1', [new Date(this.now())]);
    return r.rowCount;
  }

  private async maybeSweep(): Promise<void> {
    if (this.now() - this.lastSweep >= SWEEP_EVERY_MS) await this.sweep();
  }

  private async insert(sql: Sql, encKey: unknown, collection: LtiCollection, item: Doc, index?: Doc): Promise<void> {
    if (encKey && !index) throw new Error(`ltijs asked to encrypt a ${collection} document without lookup fields`);
    const doc = encKey ? index : item;
    const sealed = encKey ? this.seal(collection, item) : null;
    const lifetime = LIFETIME[collection];
    const expires = lifetime ? new Date(this.now() + lifetime * 1000) : null;
    await sql.query('INSERT INTO lti_store (collection, doc, sealed, created_at, expires_at) VALUES ($1, $2::jsonb, $3, $4, $5)', [
      collection,
      JSON.stringify(doc),
      sealed,
      new Date(this.now()),
      expires,
    ]);
  }

  private seal(collection: string, item: Doc): Buffer {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.sealKey, iv);
    cipher.setAAD(Buffer.from(`lti_store:${collection}`));
    const body = Buffer.concat([cipher.update(JSON.stringify(item), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private open(collection: string, sealed: Uint8Array | null): Doc {
    if (!sealed) throw new Error(`A ${collection} document that should be sealed is not`);
    const buf = Buffer.from(sealed);
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.sealKey, buf.subarray(0, 12));
    decipher.setAAD(Buffer.from(`lti_store:${collection}`));
    decipher.setAuthTag(buf.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8')) as Doc;
  }
}

/**
 * A flat equality query as a jsonb containment document. A field asked for with the value
 * `undefined` matches nothing (never "any value"), so a missing id can't widen a delete.
 */
function containment(query: Query): string | null {
  const q = query ?? {};
  for (const [field, value] of Object.entries(q)) {
    if (value === undefined) return null;
    if (value !== null && typeof value === 'object') throw new Error(`ltijs query on ${field} is not a flat equality`);
  }
  return JSON.stringify(q);
}
