import { benchCoreSubmission } from './coreSubmission.bench.ts';
import { benchReportHttp } from './reportHttp.bench.ts';
import { benchLtiLaunch } from './ltiLaunch.bench.ts';
import { benchTeamsClaim } from './teamsClaim.bench.ts';
import { benchEvidenceUpload } from './evidenceUpload.bench.ts';
import { benchWorkspace } from './workspace.bench.ts';
import { benchStatistics } from './statistics.bench.ts';
import { fmt, type Row } from './measure.ts';

/**
 * `npm run bench`: every benchmark, each figure printed beside the baseline measured in the same
 * run. BENCH_ONLY=core,report,lti,teams,evidence,workspace,statistics runs a subset; BENCH_CASES
 * sets the synthetic case count for the workspace and statistics benches (default 1,000,000).
 * PostgreSQL figures need DATABASE_URL, or root + apt (the test provisioning starts a server).
 */
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const want = (name: string) => !only.length || only.includes(name);
const cases = Number(process.env.BENCH_CASES ?? 1_000_000);

async function postgresUrl(): Promise<string | null> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  try {
    const { ensurePostgres } = await import('../test/support/postgres.ts');
    return await ensurePostgres();
  } catch {
    return null;
  }
}

/** One latency figure (p50 and a tail percentile) beside its baseline, as two rows. */
function latencyRows(r: { name: string; p50: number; baselineName: string; baselineP50: number }, tail: 'p95' | 'p99', value: number, baseline: number): Row[] {
  return [
    { name: `${r.name}, p50 ms`, value: fmt(r.p50), baseline: `${fmt(r.baselineP50)} ms ${r.baselineName}`, ratio: fmt(r.p50 / r.baselineP50, 2) },
    { name: `${r.name}, ${tail} ms`, value: fmt(value), baseline: `${fmt(baseline)} ms ${r.baselineName}`, ratio: fmt(value / baseline, 2) },
  ];
}

const benches: [string, () => Promise<Row[]>][] = [
  ['core', async () => benchCoreSubmission({ postgresUrl: await postgresUrl() })],
  [
    'report',
    async () =>
      (await benchReportHttp()).flatMap((r) => [
        ...latencyRows(r, 'p99', r.p99, r.baselineP99),
        { name: `${r.name}, requests/s`, value: fmt(r.rps), baseline: `${fmt(r.baselineRps)}/s ${r.baselineName}`, ratio: fmt(r.rps / r.baselineRps, 2) },
      ]),
  ],
  ['lti', async () => { const r = await benchLtiLaunch(); return latencyRows(r, 'p99', r.p99, r.baselineP99); }],
  ['teams', async () => { const r = await benchTeamsClaim(); return latencyRows(r, 'p99', r.p99, r.baselineP99); }],
  ['evidence', () => benchEvidenceUpload()],
  ['workspace', async () => (await benchWorkspace({ count: cases, postgresUrl: await postgresUrl() })).flatMap((r) => latencyRows(r, 'p95', r.p95, r.baselineP95))],
  ['statistics', async () => (await benchStatistics({ count: cases, postgresUrl: await postgresUrl() })).flatMap((r) => latencyRows(r, 'p95', r.p95, r.baselineP95))],
];

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
