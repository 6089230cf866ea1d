import type { Database } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrate.ts';
import { openPostgres } from '../../core/db/postgres.ts';
import { openMigratedPglite } from './pglite.ts';
import { createFreshDatabase } from './postgres.ts';
import { installHints, skipOrFail } from './skip.ts';

/** The storage engines Harbour runs on; tests run on each one selected. */
export type EngineName = 'pglite' | 'postgres';

const known: readonly EngineName[] = ['pglite', 'postgres'];
/** Long enough for apt-get to install PostgreSQL on a fresh machine in the first suite's hook. */
const provisionTimeout = 10 * 60_000;

/** The engines named by HARBOUR_ENGINES (comma separated), by default both. */
export function selectedEngines(): EngineName[] {
  const names = (process.env.HARBOUR_ENGINES ?? 'pglite,postgres')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) {
    if (!known.includes(n as EngineName)) throw new Error(`HARBOUR_ENGINES: unknown engine "${n}" (known: ${known.join(', ')})`);
  }
  return names as EngineName[];
}

/**
 * Runs one mocha describe block per selected engine, each on a freshly migrated database of its own:
 * a PGlite copied from a migrated template, and a new database on a real PostgreSQL 15 server
 * (both removed afterwards). So storage
 * code is proven on both engines Harbour ships with. `getDb()` works inside hooks and tests. On both
 * engines `getDb().query` runs as a superuser (the owner), which tamper tests need; request paths go
 * through `forInstitution`, which drops to harbour_app. PostgreSQL missing: skipped, or failed if CI=true.
 */
export function forEachEngine(title: string, fn: (getDb: () => Database, engine: EngineName) => void): void {
  for (const engine of selectedEngines()) {
    describe(`${title} [${engine}]`, function () {
      let db: Database | undefined;
      let drop: (() => Promise<void>) | undefined;
      before(async function () {
        this.timeout(provisionTimeout);
        if (engine === 'pglite') {
          db = await openMigratedPglite();
        } else {
          const fresh = await createFreshDatabase();
          if (!fresh) skipOrFail(this, installHints.postgres);
          db = openPostgres(fresh.url);
          drop = fresh.drop;
          await migrate(db);
        }
      });
      after(async function () {
        this.timeout(provisionTimeout);
        await db?.close();
        await drop?.();
      });
      fn(() => {
        if (!db) throw new Error(`no ${engine} database: getDb() is for hooks and tests, not the describe body`);
        return db;
      }, engine);
    });
  }
}
