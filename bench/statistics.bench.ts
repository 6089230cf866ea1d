import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../core/db/database.ts';
import { openPglite } from '../core/db/pglite.ts';
import { openPostgres } from '../core/db/postgres.ts';
import { migrate } from '../core/db/migrate.ts';
import { seedInstitution } from '../core/demo/demoInstitution.ts';
import { sha256Hex } from '../core/crypto/hashing.ts';
import { monthOf, nextMonth, yearOfMonth } from '../core/stats/period.ts';
import { createViews } from '../web/views.ts';
import { createWebApp } from '../web/app.ts';
import { institutionResolver } from '../web/institution.ts';
import { staffSessions } from '../web/staffSession.ts';
import { createInsightRouter } from '../workspace/insight/router.ts';
import { makeCore, staffActor } from '../test/factories.ts';
import { percentile } from './measure.ts';
import { generateSyntheticCases } from './syntheticCases.ts';
import { scratchDatabase } from './scratchDatabase.ts';

/** One measured figure beside its same-run baseline (milliseconds). */
export interface StatisticsBenchRow {
  name: string;
  p50: number;
  p95: number;
  baselineName: string;
  baselineP50: number;
  baselineP95: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

async function timed(times: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < Math.min(5, times); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)) };
}

/**
 * The reporting rows the core commands would have written as each synthetic case was opened,
 * assigned, first contacted and closed, and for each time entry: INSERT … SELECT in batches,
 * so the rollup trigger aggregates a whole batch per statement.
 */
export async function generateReportingEvents(db: Database, institutionId: string, count: number): Promise<number> {
  const started = performance.now();
  const batch = 100_000;
  const range = (from: number, to: number) => [institutionId, `SYN-${String(from).padStart(8, '0')}`, `SYN-${String(to).padStart(8, '0')}`];
  const where = `c.institution_id = $1 AND c.reference BETWEEN $2 AND $3`;
  for (let from = 1; from <= count; from += batch) {
    const params = range(from, Math.min(count, from + batch - 1));
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO reporting_events (institution_id, case_id, type, at, facets) SELECT c.institution_id, c.id, 'opened', c.created_at, c.facets FROM cases c WHERE ${where}`, params);
      await tx.query(
        `INSERT INTO reporting_events (institution_id, case_id, type, at, facets, value)
         SELECT c.institution_id, c.id, 'assigned', c.created_at + interval '1 hour', c.facets || jsonb_build_object('assigneeId', c.assignee_id), 1 FROM cases c WHERE ${where} AND c.assignee_id IS NOT NULL`,
        params,
      );
      await tx.query(
        `INSERT INTO reporting_events (institution_id, case_id, type, at, facets, value)
         SELECT c.institution_id, c.id, 'first_contact', c.first_contact_at, c.facets || jsonb_build_object('onTime', c.first_contact_at <= c.first_contact_due + interval '1 day'),
                extract(epoch FROM c.first_contact_at - c.created_at) / 3600 FROM cases c WHERE ${where} AND c.first_contact_at IS NOT NULL`,
        params,
      );
      await tx.query(
        `INSERT INTO reporting_events (institution_id, case_id, type, at, facets, value)
         SELECT c.institution_id, c.id, 'closed', c.closed_at, jsonb_build_object('outcome', c.outcome) || c.facets, extract(epoch FROM c.closed_at - c.created_at) / 86400
         FROM cases c WHERE ${where} AND c.closed_at IS NOT NULL`,
        params,
      );
      await tx.query(
        `INSERT INTO reporting_events (institution_id, case_id, type, at, facets, value)
         SELECT t.institution_id, t.case_id, 'time_spent', t.created_at, jsonb_build_object('staffId', t.staff_id), t.minutes FROM time_entries t JOIN cases c ON c.id = t.case_id WHERE ${where}`,
        params,
      );
    });
  }
  await db.query('ANALYZE reporting_events');
  await db.query('ANALYZE stat_monthly');
  return performance.now() - started;
}

/**
 * `npm run bench` (statistics): the statistics page for the last complete reporting year over
 * `count` synthetic cases (1,000,000 by default) with their reporting rows, served over HTTP by
 * the insight router (session, policy, rollup read, medians, workload, SVG charts, rendering),
 * p50 and p95, each beside the bare aggregate query the page reads (the year's rollup rows) from
 * the same run; and, for scale, the same counts computed straight from the raw reporting rows.
 */
export async function benchStatistics(opts: { count?: number; postgresUrl?: string | null; requests?: number } = {}): Promise<StatisticsBenchRow[]> {
  const count = opts.count ?? Number(process.env.BENCH_CASES ?? 1_000_000);
  const requests = opts.requests ?? 100;
  const pgUrl = opts.postgresUrl === undefined ? (process.env.DATABASE_URL ?? null) : opts.postgresUrl;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-stats-bench-'));
  const scratch = pgUrl ? await scratchDatabase(pgUrl, 'harbour_stats_bench') : null;
  const db: Database = scratch ? openPostgres(scratch.url, 10) : await openPglite(path.join(dir, 'db'));
  const engine = scratch ? 'PostgreSQL' : 'PGlite';
  let server: Server | undefined;
  try {
    await migrate(db);
    const core = makeCore(db);
    const inst = await seedInstitution(db, core.keyring, { slug: `stats-${crypto.randomBytes(3).toString('hex')}`, name: 'Bench University' });
    const generated = await generateSyntheticCases(db, inst.id, count);
    const eventsMs = await generateReportingEvents(db, inst.id, count);
    const events = Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM reporting_events WHERE institution_id = $1', [inst.id])).rows[0]!.n);
    console.log(`  statistics: ${count.toLocaleString('en-GB')} synthetic cases in ${(generated.ms / 1000).toFixed(1)} s, ${events.toLocaleString('en-GB')} reporting rows (rolled up as inserted) in ${(eventsMs / 1000).toFixed(1)} s, on ${engine}`);

    const year = yearOfMonth(monthOf(new Date(), 'Europe/London')).start - 1;
    const bounds = [`${year}-08-01`, `${nextMonth(`${year + 1}-07`)}-01`];
    const views = createViews();
    const sessions = staffSessions(core, false);
    const router = createInsightRouter({ core, views, sessions, config: { production: false, SESSION_SECRET: crypto.randomBytes(32).toString('hex') } });
    const app = createWebApp({ core, views, institutions: institutionResolver(db, inst.slug), mounts: [{ path: '/tab', router }] });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cookieFor = async (role: 'lead' | 'admin') => {
      const who = await staffActor(core, inst.id, role);
      const token = crypto.randomBytes(32).toString('base64url');
      await db.query(`INSERT INTO sessions (id, institution_id, kind, subject_id, expires_at) VALUES ($1, $2, 'staff', $3, now() + interval '2 hours')`, [sha256Hex(token), inst.id, who.staffId]);
      return `harbour_staff=${inst.id}.${token}`;
    };
    const page = (cookie: string) => async () => {
      const r = await fetch(`${base}/tab/statistics?year=${year}`, { headers: { cookie, accept: 'text/html', connection: 'close' } });
      const html = await r.text();
      if (r.status !== 200 || !html.includes('insight-chart__svg')) throw new Error(`statistics page answered ${r.status}`);
    };
    const lead = await cookieFor('lead');
    const admin = await cookieFor('admin');
    const firstRelease = performance.now();
    await page(admin)();
    const releaseMs = performance.now() - firstRelease;

    const bare = () =>
      db.query(
        `SELECT measure, to_char(month, 'YYYY-MM') AS month, dim, value, n::int AS n, total::float8 AS total FROM stat_monthly
         WHERE institution_id = $1 AND month >= $2::date AND month < $3::date AND dim NOT IN ('hours', 'days')`,
        [inst.id, ...bounds],
      );
    const raw = () =>
      db.query(
        `SELECT r.type, date_trunc('month', r.at AT TIME ZONE 'Europe/London') AS month, d.dim, d.val, count(*)::int AS n
         FROM reporting_events r CROSS JOIN LATERAL harbour_stat_dims(r.type, r.facets, r.value) d
         WHERE r.institution_id = $1 AND r.at >= $2::date AND r.at < $3::date AND d.dim NOT IN ('hours', 'days') GROUP BY 1, 2, 3, 4`,
        [inst.id, ...bounds],
      );
    const label = `${engine}, ${count.toLocaleString('en-GB')} cases, ${events.toLocaleString('en-GB')} reporting rows, year ${year}–${String((year + 1) % 100).padStart(2, '0')}`;
    const bareTimes = await timed(requests, bare);
    const exact = await timed(requests, page(lead));
    const published = await timed(requests, page(admin));
    const rawTimes = await timed(5, raw);
    return [
      { name: `statistics page, exact figures (HTTP, lead; ${label})`, ...exact, baselineName: 'bare aggregate query the page reads (the year in stat_monthly)', baselineP50: bareTimes.p50, baselineP95: bareTimes.p95 },
      { name: `statistics page, published figures (HTTP, administrator; the release, first built in ${Math.round(releaseMs)} ms, then reused; ${label})`, ...published, baselineName: 'bare aggregate query the page reads (the year in stat_monthly)', baselineP50: bareTimes.p50, baselineP95: bareTimes.p95 },
      { name: `statistics page, exact figures (HTTP, lead; ${label})`, ...exact, baselineName: 'the same counts aggregated from the raw reporting rows (no rollup)', baselineP50: rawTimes.p50, baselineP95: rawTimes.p95 },
    ];
  } finally {
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    await db.close();
    await scratch?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  benchStatistics().then(
    (rows) => {
      console.table(rows);
      process.exit(0);
    },
    (err: Error) => {
      console.error(err);
      process.exit(1);
    },
  );
}
