import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openPglite } from '../core/db/pglite.ts';
import { migrate } from '../core/db/migrate.ts';
import { submitReport } from '../core/commands/reportSubmitter.ts';
import { createViews } from '../web/views.ts';
import { createWebApp } from '../web/app.ts';
import { institutionResolver } from '../web/institution.ts';
import { createReportingRouter } from '../reporting/router.ts';
import { draftKey, newDraft, sealDraft } from '../reporting/draftToken.ts';
import { toReportInput, type Answers } from '../reporting/answers.ts';
import { makeCore, makeInstitution, publicActor } from '../test/factories.ts';
import { percentile, run } from './measure.ts';

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const CONNECTIONS = 50;

export interface ReportHttpFigure {
  name: string;
  p50: number;
  p99: number;
  rps: number;
  /** The same requests timed inside Harbour (request received → response handed over), ms. */
  serverP50: number;
  serverP99: number;
  baselineName: string;
  baselineP50: number;
  baselineP99: number;
  baselineRps: number;
}

/** A complete named report, as the form's draft holds it on the "Check your answers" page. */
const ANSWERS: Answers = {
  kind: 'adviser', capacity: 'self', connection: 'student',
  narrative: 'In the library a man from my seminar group followed me and made comments about my religion. '.repeat(6),
  categories: ['harassment', 'hate_incident'], characteristics: ['religion'],
  day: '20', month: '11', year: '2025', approximate: 'evening', ongoing: 'yes', campus: 'city', building: 'library',
  perpetrators: [{ relation: 'student', name: 'Mallory Quentin', identifier: '', description: 'tall, green coat' }],
  witnesses: [{ name: 'Wendy Witness', contact: 'wendy@example.org', description: '' }],
  wants: ['support', 'formal_action'], consentShare: 'yes', consentWith: ['security'],
  name: 'Rhiannon Reporter', email: 'rhiannon@student.example.ac.uk', phone: '07700 900123', safeTimes: 'weekday mornings', contactByEmail: 'yes',
};

function multipart(boundary: string, fields: Record<string, string>): string {
  return Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + `--${boundary}--\r\n`;
}

type ClientResult = { p50: number; p99: number; duration: number; errors: number; notConfirmed: number };

/** Runs autocannon in a child process (reportHttpClient.ts) and reads its figures. */
function loadFromChild(job: string): Promise<ClientResult> {
  const script = fileURLToPath(new URL('./reportHttpClient.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, job], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ClientResult) : reject(new Error(`the load generator exited with ${code}`))));
  });
}

/**
 * Sending a finished report over HTTP: POST /report from the "Check your answers" page (multipart,
 * CSRF cookie and token, a sealed draft, each request a new report), 50 connections at once with
 * autocannon in a child process, every response checked to be the confirmation page. Beside it,
 * from the same run on the same database: the core's submitReport alone, 50 at once. Both use the production follow-up
 * code cost (scrypt N=16384), PGlite on disk. Milliseconds and reports per second.
 */
export async function benchReportHttp(o: { amount?: number; scryptCost?: number } = {}): Promise<ReportHttpFigure[]> {
  const amount = o.amount ?? 150;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-bench-report-'));
  const db = await openPglite(path.join(dir, 'db'));
  await migrate(db);
  const core = { ...makeCore(db), followUpCost: o.scryptCost ?? 16384 };
  const institution = await makeInstitution(core);
  const views = createViews({ cache: true });
  const router = createReportingRouter({ core, views, config: { production: true, PUBLIC_URL: undefined }, secret: SECRET });
  const app = createWebApp({ core, views, institutions: institutionResolver(db, institution.slug), mounts: [{ path: '/', router }] });
  const inServer: number[] = [];
  const server = http.createServer((req, res) => {
    const started = performance.now();
    if (req.method === 'POST') res.on('finish', () => inServer.push(performance.now() - started));
    app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const first = await fetch(`${base}/report`);
  const cookie = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = (await first.text()).match(/name="_csrf" value="([^"]+)"/)![1]!;
  const key = draftKey(SECRET);
  const boundary = '----harbourbench';
  const bodies = Array.from({ length: amount }, () => multipart(boundary, { _csrf: csrf, draft: sealDraft(key, newDraft(institution.id, 'web', new Date(), ANSWERS)), step: 'check', nav: 'send' }));
  const job = path.join(dir, 'requests.json');
  fs.writeFileSync(job, JSON.stringify({ base, cookie, type: `multipart/form-data; boundary=${boundary}`, bodies, connections: CONNECTIONS }));
  const result = await loadFromChild(job);
  const stored = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM cases')).rows[0]!.n);
  if (result.notConfirmed || result.errors || stored !== amount) throw new Error(`HTTP submissions: ${result.notConfirmed} not confirmed, ${result.errors} errors, ${stored} of ${amount} stored`);

  const input = toReportInput(ANSWERS, 'web');
  const baseline = await run(amount, CONNECTIONS, () => submitReport(core, publicActor(institution.id), input));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return [
    {
      name: `POST /report (send), HTTP, ${CONNECTIONS} concurrent reporters, ms`,
      p50: result.p50,
      p99: result.p99,
      rps: amount / (result.duration || 1),
      serverP50: percentile(inServer, 50),
      serverP99: percentile(inServer, 99),
      baselineName: `core submitReport, ${CONNECTIONS} concurrent, same run, ms`,
      baselineP50: percentile(baseline.latencies, 50),
      baselineP99: percentile(baseline.latencies, 99),
      baselineRps: baseline.perSecond,
    },
  ];
}
