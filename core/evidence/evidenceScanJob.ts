import type { Scanner } from './ports.ts';
import type { EvidenceDeps } from './deps.ts';
import { scanPendingEvidence, type ScanRun } from './evidenceScanner.ts';
import { sweepStaged } from './evidenceUploader.ts';

export interface EvidenceScanJob {
  start(): void;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
  /** Asks for a pass soon (after an upload), without waiting for the timer. */
  kick(): void;
  /** One pass now (scan everything waiting, sweep expired staged files); for tests and the CLI. */
  runOnce(): Promise<ScanRun>;
}

/**
 * The background job that makes uploaded files usable: scans pending files until none are left,
 * then waits `intervalMs`. While clamd is down it backs off (doubling up to `maxBackoffMs`) and
 * tries again, so files uploaded during an outage are scanned once it is back. Also sweeps staged
 * files whose report never arrived.
 */
export function createEvidenceScanJob(deps: EvidenceDeps, scanner: Scanner, opts: { intervalMs?: number; maxBackoffMs?: number } = {}): EvidenceScanJob {
  const interval = opts.intervalMs ?? 30_000;
  const maxBackoff = opts.maxBackoffMs ?? 10 * 60_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<ScanRun> | undefined;
  let stopped = true;
  let failures = 0;

  const pass = async (): Promise<ScanRun> => {
    const total: ScanRun = { clean: 0, infected: 0, failed: 0, unavailable: false };
    for (;;) {
      const r = await scanPendingEvidence(deps, scanner);
      total.clean += r.clean;
      total.infected += r.infected;
      total.failed += r.failed;
      total.unavailable ||= r.unavailable;
      if (r.unavailable || r.clean + r.infected === 0) break;
    }
    await sweepStaged(deps);
    return total;
  };
  const runOnce = () => (running ??= pass().finally(() => (running = undefined)));
  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  const tick = async () => {
    try {
      const r = await runOnce();
      failures = r.unavailable ? failures + 1 : 0;
    } catch (err) {
      failures++;
      deps.core.log.error({ err: (err as Error).message }, 'evidence scan pass failed');
    }
    schedule(failures ? Math.min(interval * 2 ** (failures - 1), maxBackoff) : interval);
  };
  return {
    start() {
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
    kick() {
      if (!stopped && !running) schedule(0);
    },
    runOnce,
  };
}
