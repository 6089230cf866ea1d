import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';

/** A periodic job: every job is idempotent, so several Harbour processes may run it side by side. */
export interface Job {
  name: string;
  everyMs: number;
  /**
   * For jobs that must run once per period across all processes and restarts (a weekly mail):
   * the period's name, e.g. an ISO week. The first process to claim it in job_runs runs the job.
   */
  period?: (now: Date) => string;
  run(): Promise<unknown>;
}

/** The ISO year and week of a date, e.g. 2026-W49: a weekly period. */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const week = Math.ceil(((t.getTime() - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Claims a job's period; true for exactly one caller per (job, period). */
export async function claimPeriod(db: Database, name: string, period: string): Promise<boolean> {
  const r = await db.query('INSERT INTO job_runs (name, period) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING name', [name, period]);
  return r.rows.length === 1;
}

/**
 * Runs each job on its interval, never two runs of one job at once in this process, and logs
 * failures without stopping. Jobs that must happen once across processes claim their work in the
 * database (reminders_sent, outbox leases, retention's per-case transaction).
 */
export function createScheduler(db: Database, log: Logger, jobs: Job[], now: () => Date = () => new Date()) {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<unknown>>();
  let stopped = false;
  const tick = (job: Job) => {
    if (stopped || running.has(job.name)) return;
    const p = (job.period ? claimPeriod(db, job.name, job.period(now())) : Promise.resolve(true))
      .then((claimed) => (claimed ? job.run() : undefined))
      .catch((err: Error) => log.error({ job: job.name, err: err.message }, 'job failed; it will run again at its next interval'))
      .finally(() => running.delete(job.name));
    running.set(job.name, p);
  };
  return {
    start() {
      stopped = false;
      for (const job of jobs) {
        timers.push(setTimeout(() => tick(job), 5_000).unref());
        timers.push(setInterval(() => tick(job), job.everyMs).unref());
      }
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all(running.values());
    },
  };
}
