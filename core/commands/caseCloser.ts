import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { runCaseCommand } from './caseCommand.ts';
import { recordCaseEvent, recordStat } from '../record.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';
import { listOptions } from '../options.ts';

/** Closes a case with one of the institution's outcomes and an optional closing note. */
export async function closeCase(core: Core, actor: Actor, input: { caseId: string; outcome: string; note?: string }) {
  return runCaseCommand(core, actor, input.caseId, 'close', async ({ tx, c, at, key }) => {
    const outcomes = await listOptions(tx, 'outcome');
    if (!outcomes.some((o) => o.key === input.outcome)) throw new DomainError('invalid', 'Choose an outcome.', { outcome: 'is not one of the outcomes' });
    const note = input.note?.trim();
    await tx.query('UPDATE cases SET status = $2, outcome = $3, closed_at = $4 WHERE id = $1', [c.id, 'closed', input.outcome, at]);
    await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.closed', at, data: { outcome: input.outcome, from: c.status }, ...(note ? { secret: { note }, caseKey: await key() } : {}) });
    await recordStat(tx, c.institutionId, c.id, 'closed', at, { outcome: input.outcome, ...c.facets }, (at.getTime() - c.createdAt.getTime()) / 86_400_000);
    await enqueue(tx, c.institutionId, EVENTS.caseClosed, { caseId: c.id, reference: c.reference, outcome: input.outcome });
    return { reference: c.reference };
  });
}

/** Reopens a closed case, with the reason recorded. */
export async function reopenCase(core: Core, actor: Actor, input: { caseId: string; reason: string }) {
  return runCaseCommand(core, actor, input.caseId, 'reopen', async ({ tx, c, at, key }) => {
    const reason = input.reason.trim();
    if (!reason) throw new DomainError('invalid', 'Say why the case is reopened.', { reason: 'is required' });
    await tx.query('UPDATE cases SET status = $2, outcome = NULL, closed_at = NULL WHERE id = $1', [c.id, 'in_progress']);
    await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.reopened', at, data: { previousOutcome: c.outcome }, secret: { reason }, caseKey: await key() });
    await recordStat(tx, c.institutionId, c.id, 'reopened', at, c.facets);
    await enqueue(tx, c.institutionId, EVENTS.caseReopened, { caseId: c.id, reference: c.reference });
    return { reference: c.reference };
  });
}
