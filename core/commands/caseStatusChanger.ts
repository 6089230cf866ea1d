import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import type { CaseStatus } from '../policies/casePolicy.ts';
import { runCaseCommand } from './caseCommand.ts';
import { recordCaseEvent } from '../record.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';

const NEXT: Record<CaseStatus, CaseStatus[]> = {
  new: ['triaged', 'in_progress'],
  triaged: ['in_progress', 'awaiting_reporter'],
  in_progress: ['awaiting_reporter', 'triaged'],
  awaiting_reporter: ['in_progress'],
  closed: [],
};

/** Moves an open case along new → triaged → in progress ⇄ awaiting reporter (closing has its own command). */
export async function changeStatus(core: Core, actor: Actor, input: { caseId: string; status: CaseStatus }) {
  return runCaseCommand(core, actor, input.caseId, 'change_status', async ({ tx, c, at }) => {
    if (!NEXT[c.status].includes(input.status))
      throw new DomainError('invalid', `A case that is ${c.status.replace('_', ' ')} can't move to ${input.status.replace('_', ' ')}.`, { status: 'is not a next step' });
    await tx.query('UPDATE cases SET status = $2 WHERE id = $1', [c.id, input.status]);
    await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.status_changed', at, data: { from: c.status, to: input.status } });
    await enqueue(tx, c.institutionId, EVENTS.caseStatusChanged, { caseId: c.id, reference: c.reference, from: c.status, to: input.status });
    return { reference: c.reference, status: input.status };
  });
}

export const allowedNextStatuses = (s: CaseStatus): CaseStatus[] => NEXT[s];
