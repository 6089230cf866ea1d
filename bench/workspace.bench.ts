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
import { submitReport } from '../core/commands/reportSubmitter.ts';
import { claimCase } from '../core/commands/caseClaimer.ts';
import { addNote } from '../core/commands/noteAdder.ts';
import { addTask } from '../core/commands/taskAdder.ts';
import { referCase } from '../core/commands/referralMaker.ts';
import { createViews } from '../web/views.ts';
import { createWebApp } from '../web/app.ts';
import { institutionResolver } from '../web/institution.ts';
import { staffSessions } from '../web/staffSession.ts';
import { createWorkspaceRouter } from '../workspace/router.ts';
import { Client } from '../workspace/testing/testApp.ts';
import { makeCore, publicActor, sampleReport, staffActor } from '../test/factories.ts';
import { percentile } from './measure.ts';
import { generateSyntheticCases } from './syntheticCases.ts';
import { scratchDatabase } from './scratchDatabase.ts';

/** One measured figure beside its same-run baseline (milliseconds). */
export interface WorkspaceBenchRow {
  name: string;
  p50: number;
  p95: number;
  baselineName: string;
  baselineP50: number;
  baselineP95: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

async function timed(times: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < Math.min(10, times); i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)) };
}

/**
 * `npm run bench` (workspace): the case list and the case page, served over HTTP by the real router
 * (session, policy scope, row-level security, rendering) with `count` synthetic cases in the
 * institution (1,000,000 by default, BENCH_CASES to change), each beside a bare indexed SELECT of
 * the same page run on the same database in the same run. PostgreSQL when DATABASE_URL is set (a
 * scratch database is created and dropped), else PGlite on disk.
 */
export async function benchWorkspace(opts: { count?: number; postgresUrl?: string | null; requests?: number } = {}): Promise<WorkspaceBenchRow[]> {
  const count = opts.count ?? Number(process.env.BENCH_CASES ?? 1_000_000);
  const requests = opts.requests ?? 200;
  const pgUrl = opts.postgresUrl === undefined ? process.env.DATABASE_URL ?? null : opts.postgresUrl;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-ws-bench-'));
  const scratch = pgUrl ? await scratchDatabase(pgUrl, 'harbour_bench') : null;
  const db: Database = scratch ? openPostgres(scratch.url, 10) : await openPglite(path.join(dir, 'db'));
  const engine = scratch ? 'PostgreSQL' : 'PGlite';
  try {
    await migrate(db);
    const core = makeCore(db);
    const inst = await seedInstitution(db, core.keyring, { slug: `bench-${crypto.randomBytes(3).toString('hex')}`, name: 'Bench University' });
    const generated = await generateSyntheticCases(db, inst.id, count);
    console.log(`  workspace: generated ${count.toLocaleString('en-GB')} synthetic cases on ${engine} in ${(generated.ms / 1000).toFixed(1)} s`);

    const lead = await staffActor(core, inst.id, 'lead');
    const real: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { caseId } = await submitReport(core, publicActor(inst.id), sampleReport({ narrative: `Bench report ${i}: followed and shouted at near the library.` }));
      await claimCase(core, lead, { caseId });
      await addNote(core, lead, { caseId, text: 'Called the reporter; meeting booked.' });
      await addTask(core, lead, { caseId, title: 'Ask for CCTV', dueOn: '2030-01-10' });
      await referCase(core, lead, { caseId, departmentKey: 'security', shared: ['summary'], basis: 'consent', summary: 'Please review CCTV.' });
      real.push(caseId);
    }
    await db.query('ANALYZE');

    const views = createViews();
    const sessions = staffSessions(core, false);
    const router = createWorkspaceRouter({ core, views, sessions, config: { production: false, SESSION_SECRET: crypto.randomBytes(32).toString('hex') } });
    const app = createWebApp({ core, views, institutions: institutionResolver(db, inst.slug), mounts: [{ path: '/tab', router }] });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const client = new Client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await client.post('/tab/dev-sign-in', { staffId: lead.staffId, next: '/tab' }, '/tab/dev-sign-in');
    const get = async (p: string) => {
      const r = await client.get(p);
      if (r.status !== 200) throw new Error(`GET ${p} answered ${r.status}`);
      return r.html;
    };

    // Ten pages deep into all cases, following the pages' own "next" links (keyset cursors).
    const pages: string[] = ['/tab/cases?view=all&status=any'];
    for (let i = 1; i < 10; i++) pages.push(/href="(\/tab\/cases\?[^"]*after(?:=|&#x3D;)[^"]+)"/.exec(await get(pages[i - 1]!))![1]!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '='));
    const cursors = pages.map((p) => new URL(p, 'http://x').searchParams.get('after'));
    const keyset = (after: string | null) => (after ? Buffer.from(after, 'base64url').toString('utf8').split('|') : null);
    const cols = 'id, reference, kind, status, assignee_id, facets, first_contact_due, first_contact_at, created_at';

    const rows: WorkspaceBenchRow[] = [];
    const add = (name: string, m: { p50: number; p95: number }, baselineName: string, b: { p50: number; p95: number }) =>
      rows.push({ name: `${name} (${engine}, ${count.toLocaleString('en-GB')} cases)`, p50: m.p50, p95: m.p95, baselineName, baselineP50: b.p50, baselineP95: b.p95 });

    add('case list page, all cases, pages 1–10 (HTTP)', await timed(requests, (i) => get(pages[i % pages.length]!)), 'bare indexed SELECT of the same page', await timed(requests, (i) => {
      const k = keyset(cursors[i % cursors.length]!);
      return k
        ? db.query(`SELECT ${cols} FROM cases WHERE institution_id = $1 AND (created_at, id) < ($2::timestamptz, $3::uuid) ORDER BY created_at DESC, id DESC LIMIT 26`, [inst.id, k[0], k[1]])
        : db.query(`SELECT ${cols} FROM cases WHERE institution_id = $1 ORDER BY created_at DESC, id DESC LIMIT 26`, [inst.id]);
    }));
    add('case list page, my open cases (HTTP)', await timed(requests, () => get('/tab/cases?view=mine')), 'bare indexed SELECT of the same page', await timed(requests, () =>
      db.query(`SELECT ${cols} FROM cases WHERE institution_id = $1 AND assignee_id = $2 AND status <> 'closed' ORDER BY created_at DESC, id DESC LIMIT 26`, [inst.id, lead.staffId])));
    add('case list page, open + category + campus (HTTP)', await timed(requests, () => get('/tab/cases?view=all&status=open&category=harassment&campus=park')), 'bare indexed SELECT of the same page', await timed(requests, () =>
      db.query(`SELECT ${cols} FROM cases WHERE institution_id = $1 AND status <> 'closed' AND facets->'categories' ? 'harassment' AND facets->>'campus' = 'park' ORDER BY created_at DESC, id DESC LIMIT 26`, [inst.id])));
    add('case list page, first contact overdue (HTTP)', await timed(requests, () => get('/tab/cases?view=all&status=any&due=overdue')), 'bare indexed SELECT of the same page', await timed(requests, () =>
      db.query(`SELECT ${cols} FROM cases WHERE institution_id = $1 AND first_contact_at IS NULL AND status <> 'closed' AND first_contact_due < current_date ORDER BY created_at DESC, id DESC LIMIT 26`, [inst.id])));
    add('case page (HTTP: decrypt, timeline, suggestions, access log)', await timed(requests, (i) => get(`/tab/cases/${real[i % real.length]}`)), 'bare indexed SELECT of the case and its events', await timed(requests, (i) =>
      db.query(`SELECT c.*, (SELECT json_agg(e ORDER BY e.at) FROM case_events e WHERE e.case_id = c.id) AS events FROM cases c WHERE c.id = $1`, [real[i % real.length]])));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return rows;
  } finally {
    await db.close();
    await scratch?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  benchWorkspace().then(
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
