import { benchCoreSubmission } from './coreSubmission.bench.ts';
import type { Row } from './measure.ts';

/**
 * `npm run bench`: every benchmark, each figure printed beside the baseline measured in the same
 * run. BENCH_ONLY=name1,name2 runs a subset. PostgreSQL figures need DATABASE_URL (or root + apt,
 * through the test provisioning).
 */
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const want = (name: string) => !only.length || only.includes(name);

async function postgresUrl(): Promise<string | null> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  try {
    const { ensurePostgres } = (await import('../test/support/postgres.ts')) as { ensurePostgres?: () => Promise<string | null> };
    return ensurePostgres ? await ensurePostgres() : null;
  } catch {
    return null;
  }
}

const benches: [string, () => Promise<Row[]>][] = [['core', async () => benchCoreSubmission({ postgresUrl: await postgresUrl() })]];

const all: Row[] = [];
for (const [name, fn] of benches) {
  if (!want(name)) continue;
  process.stdout.write(`running ${name}…\n`);
  const rows = await fn();
  all.push(...rows);
  for (const r of rows) process.stdout.write(`  ${r.name}: ${r.value}  (baseline: ${r.baseline}; ratio ${r.ratio})\n`);
}
console.table(all);
process.exit(0);
