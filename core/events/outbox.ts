import type { Sql } from '../db/database.ts';
import type { EventName } from './names.ts';

/** Records an event in the caller's transaction: it exists exactly when the change it describes does. */
export async function enqueue(tx: Sql, institutionId: string, topic: EventName, payload: Record<string, unknown>): Promise<void> {
  await tx.query('INSERT INTO outbox (institution_id, topic, payload) VALUES ($1, $2, $3)', [institutionId, topic, JSON.stringify(payload)]);
}
