import { PGlite } from '@electric-sql/pglite';
import { enterInstitution, type Database, type QueryResult, type Sql } from './database.ts';
import { holdDirectory } from './directoryLock.ts';

/**
 * The embedded PostgreSQL (WASM) used when no DATABASE_URL is set. `dataDir` is a folder,
 * or `memory://` for tests. PGlite runs one connection, so transactions are queued.
 */
export async function openPglite(dataDir: string): Promise<Database> {
  const release = dataDir.startsWith('memory://') ? () => undefined : holdDirectory(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir);
  } catch (err) {
    release();
    throw err;
  }
  const wrap = (q: { query: PGlite['query'] }): Sql => ({
    async query<T>(text: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await q.query<T>(text, params);
      return { rows: r.rows, rowCount: r.rows.length || (r.affectedRows ?? 0) };
    },
  });
  const run = <T>(fn: (tx: Sql) => Promise<T>, institutionId?: string): Promise<T> =>
    db.transaction(async (t) => {
      const tx = wrap(t);
      if (institutionId) await enterInstitution(tx, institutionId);
      return fn(tx);
    });
  return {
    engine: 'pglite',
    ...wrap(db),
    transaction: (fn) => run(fn),
    forInstitution: (id, fn) => run(fn, id),
    async close() {
      await db.close();
      release();
    },
  };
}
