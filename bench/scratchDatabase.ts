import crypto from 'node:crypto';
import pg from 'pg';

/**
 * A database of its own on the PostgreSQL server for one benchmark (dropped afterwards) when the
 * role may create one, else the database the URL names, left in place.
 */
export async function scratchDatabase(url: string, prefix = 'harbour_bench'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch {
    await admin.end();
    return { url, drop: async () => undefined };
  }
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
      await c.end();
    },
  };
}
