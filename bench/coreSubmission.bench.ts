import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../core/db/database.ts';
import { openPglite } from '../core/db/pglite.ts';
import { openPostgres } from '../core/db/postgres.ts';
import { migrate } from '../core/db/migrate.ts';
import { submitReport } from '../core/commands/reportSubmitter.ts';
import { makeCore, makeInstitution, publicActor, sampleReport } from '../test/factories.ts';
import { fmt, run, type Row } from './measure.ts';

/**
 * Durable report submissions per second through the core (validation, follow-up code hash,
 * encryption, ledger, signed checkpoint, statistics row, outbox event, commit) against a bare
 * INSERT … COMMIT of a row of the same size into the same database, same run, same concurrency.
 */
export async function benchCoreSubmission(opts: { count?: number; postgresUrl?: string | null } = {}): Promise<Row[]> {
  const rows: Row[] = [];
  const count = opts.count ?? 300;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-bench-'));
  const engines: [string, () => Promise<Database>][] = [['PGlite (on disk)', () => openPglite(path.join(dir, 'db'))]];
  if (opts.postgresUrl) engines.push(['PostgreSQL', async () => openPostgres(opts.postgresUrl!, 10)]);
  for (const [engine, open] of engines) {
    const db = await open();
    await migrate(db);
    await db.query('DROP TABLE IF EXISTS bench_bare');
    await db.query('CREATE TABLE bench_bare (id uuid PRIMARY KEY, payload bytea NOT NULL, facets jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
    for (const [label, cost] of [['scrypt N=16384', 16384], ['scrypt N=1024', 1024]] as const) {
      const core = { ...makeCore(db), followUpCost: cost };
      const inst = await makeInstitution(core);
      const report = sampleReport();
      const payload = crypto.randomBytes(Buffer.byteLength(JSON.stringify(report)) + 29);
      for (const concurrency of engine === 'PostgreSQL' ? [1, 8] : [1]) {
        const bare = await run(count, concurrency, () =>
          db.transaction((tx) => tx.query('INSERT INTO bench_bare (id, payload, facets) VALUES ($1, $2, $3)', [crypto.randomUUID(), payload, JSON.stringify({ categories: report.categories })])),
        );
        const full = await run(count, concurrency, () => submitReport(core, publicActor(inst.id), report));
        rows.push({
          name: `${engine}: report submissions/s, ${label}, ${concurrency} at once`,
          value: fmt(full.perSecond),
          baseline: `${fmt(bare.perSecond)} bare INSERT+COMMIT/s`,
          ratio: fmt(full.perSecond / bare.perSecond, 2),
        });
      }
    }
    await db.query('DROP TABLE bench_bare');
    await db.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return rows;
}
