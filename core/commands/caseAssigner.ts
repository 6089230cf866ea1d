import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { runCaseCommand } from './caseCommand.ts';
import { recordCaseEvent, recordStat } from '../record.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';
import { findStaff } from '../staff.ts';

/** A lead (or the current holder) gives the case to a case manager who may take it. */
export async function assignCase(core: Core, actor: Actor, input: { caseId: string; assigneeId: string; expectedVersion?: number }) {
  return runCaseCommand(
    core,
    actor,
    input.caseId,
    'assign',
    async ({ tx, c, at }) => {
      const to = await findStaff(tx, { id: input.assigneeId });
      if (!to || !to.active || !(to.roles.includes('case_manager') || to.roles.includes('lead')))
        throw new DomainError('invalid', 'Choose an active case manager.', { assigneeId: 'is not an active case manager' });
      if (c.restrictedStaff.includes(to.id)) throw new DomainError('invalid', `${to.displayName} is excluded from this case.`, { assigneeId: 'is excluded from this case' });
      if (c.assigneeId === to.id) return { reference: c.reference, assigneeId: to.id };
      const status = c.status === 'new' ? 'triaged' : c.status;
      await tx.query('UPDATE cases SET assignee_id = $2, status = $3 WHERE id = $1', [c.id, to.id, status]);
      await recordCaseEvent(tx, actor, { caseId: c.id, type: c.assigneeId ? 'case.reassigned' : 'case.assigned', at, data: { assigneeId: to.id, previousAssigneeId: c.assigneeId, status } });
      if (!c.assigneeId) await recordStat(tx, c.institutionId, c.id, 'assigned', at, { assigneeId: to.id, ...c.facets }, (at.getTime() - c.createdAt.getTime()) / 3_600_000);
      await enqueue(tx, c.institutionId, EVENTS.caseAssigned, { caseId: c.id, reference: c.reference, assigneeId: to.id, previousAssigneeId: c.assigneeId });
      return { reference: c.reference, assigneeId: to.id };
    },
    { expectedVersion: input.expectedVersion },
  );
}
