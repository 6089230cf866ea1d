import pg from 'pg';
import { enterInstitution, type Database, type QueryResult, type Sql } from './database.ts';

// int8 (counts, sequence numbers) as JS numbers: our values stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric as number too, as PGlite does.
pg.types.setTypeParser(1700, (v) => Number(v));

/** PostgreSQL server through a pg pool (CI and production). */
export function openPostgres(url: string, max = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {
    /* an idle client lost its connection: the pool replaces it; /healthz reports the outage */
  });
  const run = async <T>(fn: (tx: Sql) => Promise<T>, institutionId?: string): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const tx: Sql = { query: (text, params) => client.query(text, params as unknown[]) as never };
      if (institutionId) await enterInstitution(tx, institutionId);
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  };
  return {
    engine: 'postgres',
    async query<T>(text: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await pool.query(text, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    },
    transaction: (fn) => run(fn),
    forInstitution: (id, fn) => run(fn, id),
    close: () => pool.end(),
  };
}
