import type { Logger } from '../logger.ts';

/** A periodic job: every job is idempotent, so several Harbour processes may run it side by side. */
export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/**
 * Runs each job on its interval, never two runs of one job at once in this process, and logs
 * failures without stopping. Jobs that must happen once across processes claim their work in the
 * database (reminders_sent, outbox leases, retention's per-case transaction).
 */
export function createScheduler(log: Logger, jobs: Job[]) {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<unknown>>();
  let stopped = false;
  const tick = (job: Job) => {
    if (stopped || running.has(job.name)) return;
    const p = job
      .run()
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
