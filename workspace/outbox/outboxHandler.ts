import type { Request, Response } from 'express';
import { DomainError } from '../../core/errors.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { actorOf, navFor, renderPage } from '../page.ts';

/**
 * The demo's outbox: the mail and Teams cards Harbour would have sent (the local adapters write
 * them to sent_messages instead), and the events still waiting for their listeners. Only outside
 * production, for administrators and leads; it reads through row-level security like everything else.
 */
export function outboxHandler(deps: WorkspaceDeps) {
  return async (_req: Request, res: Response) => {
    const actor = actorOf(res);
    if (deps.config.production || !navFor(actor, deps.config.production).outbox) throw new DomainError('not_found', 'There is no such page.');
    const { sent, pending } = await deps.core.db.forInstitution(actor.institutionId, async (tx) => ({
      sent: (await tx.query<{ id: string; channel: string; recipient: string; subject: string; body: string; sent_at: Date }>(
        'SELECT id, channel, recipient, subject, body, sent_at FROM sent_messages ORDER BY sent_at DESC, id LIMIT 100',
      )).rows,
      pending: (await tx.query<{ id: string; topic: string; payload: Record<string, unknown>; created_at: Date; attempts: number; last_error: string | null }>(
        'SELECT id, topic, payload, created_at, attempts, last_error FROM outbox WHERE processed_at IS NULL ORDER BY created_at DESC LIMIT 100',
      )).rows,
    }));
    renderPage(deps, res, 'ws-outbox', {
      title: 'Outbox (demo)',
      bodyClass: 'wide',
      sent: sent.map((m) => ({ ...m, card: m.channel !== 'email' })),
      pending: pending.map((p) => ({ ...p, reference: typeof p.payload.reference === 'string' ? p.payload.reference : '' })),
    });
  };
}
