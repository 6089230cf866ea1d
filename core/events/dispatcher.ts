import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { EventName, OutboxEvent } from './names.ts';

/** A side effect that follows an event: one name, one topic, one function. */
export interface Listener {
  name: string;
  topic: EventName;
  handle(event: OutboxEvent): Promise<void>;
}

const MAX_ATTEMPTS = 8;
const LEASE_SECONDS = 120;

interface Row {
  id: string;
  institution_id: string;
  topic: EventName;
  payload: Record<string, unknown>;
  created_at: Date;
  attempts: number;
  done_listeners: string[];
}

/**
 * Delivers outbox rows to listeners. A row is leased in a short transaction (SKIP LOCKED), so
 * several Harbour processes share the work and no transaction stays open during network calls;
 * each listener runs once per event, and a failing one is retried with backoff without re-running
 * the ones that succeeded.
 */
export function createDispatcher(db: Database, log: Logger, listeners: Listener[]) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;

  async function lease(limit: number): Promise<Row[]> {
    return db.transaction(async (tx) => {
      const rows = (
        await tx.query<Row>(
          `SELECT id, institution_id, topic, payload, created_at, attempts, done_listeners FROM outbox
           WHERE processed_at IS NULL AND available_at <= now() ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [limit],
        )
      ).rows;
      if (rows.length)
        await tx.query(`UPDATE outbox SET attempts = attempts + 1, available_at = now() + make_interval(secs => $2) WHERE id = ANY($1::uuid[])`, [
          rows.map((r) => r.id),
          LEASE_SECONDS,
        ]);
      return rows;
    });
  }

  async function deliver(row: Row): Promise<void> {
    const event: OutboxEvent = { id: row.id, institutionId: row.institution_id, topic: row.topic, payload: row.payload, createdAt: row.created_at };
    const done = new Set(row.done_listeners);
    let error: string | null = null;
    for (const l of listeners.filter((x) => x.topic === row.topic && !done.has(x.name))) {
      try {
        await l.handle(event);
        done.add(l.name);
      } catch (err) {
        error = `${l.name}: ${(err as Error).message}`;
        log.warn({ eventId: row.id, topic: row.topic, listener: l.name, err: (err as Error).message }, 'listener failed; will retry');
      }
    }
    const attempts = row.attempts + 1;
    const finished = !error || attempts >= MAX_ATTEMPTS;
    if (error && finished) log.error({ eventId: row.id, topic: row.topic }, 'listener gave up after retries');
    await db.query(
      `UPDATE outbox SET done_listeners = $2, last_error = $3, processed_at = CASE WHEN $4::boolean THEN now() END,
         available_at = now() + make_interval(secs => $5) WHERE id = $1`,
      [row.id, [...done], error, finished, Math.min(2 ** attempts, 900)],
    );
  }

  async function processBatch(limit = 20): Promise<number> {
    const rows = await lease(limit);
    for (const row of rows) await deliver(row);
    return rows.length;
  }

  return {
    processBatch,
    /** Delivers everything that is due now (tests and the CLI use this). */
    async drain(): Promise<void> {
      while ((await processBatch()) > 0) {
        /* keep going until nothing is due */
      }
    },
    start(intervalMs = 1000) {
      stopped = false;
      const tick = async () => {
        running = processBatch().catch((err) => log.error({ err: (err as Error).message }, 'outbox dispatch failed'));
        await running;
        running = undefined;
        if (!stopped) timer = setTimeout(tick, intervalMs);
      };
      timer = setTimeout(tick, intervalMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
