import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { can } from '../policies/casePolicy.ts';
import { runCaseCommand } from './caseCommand.ts';
import { recordCaseEvent, recordStat } from '../record.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';
import { staffNames } from '../staff.ts';

/** A case manager takes an unassigned case; a second claimer is told who was first. */
export async function claimCase(core: Core, actor: Actor, input: { caseId: string }): Promise<{ reference: string; assigneeId: string }> {
  return runCaseCommand(core, actor, input.caseId, 'view_summary', async ({ tx, c, at }) => {
    if (actor.kind !== 'staff') throw new DomainError('forbidden', 'Only staff can claim a case.');
    if (c.assigneeId) {
      const who = c.assigneeId === actor.staffId ? 'you' : (await staffNames(tx, [c.assigneeId])).get(c.assigneeId) ?? 'someone else';
      throw new DomainError('conflict', `Case ${c.reference} is already with ${who}.`);
    }
    if (!can(actor, 'claim', c)) throw new DomainError('forbidden', `You can't claim case ${c.reference}.`);
    const status = c.status === 'new' ? 'triaged' : c.status;
    await tx.query('UPDATE cases SET assignee_id = $2, status = $3 WHERE id = $1', [c.id, actor.staffId, status]);
    await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.claimed', at, data: { assigneeId: actor.staffId, status } });
    await recordStat(tx, c.institutionId, c.id, 'assigned', at, { assigneeId: actor.staffId, ...c.facets }, (at.getTime() - c.createdAt.getTime()) / 3_600_000);
    await enqueue(tx, c.institutionId, EVENTS.caseClaimed, { caseId: c.id, reference: c.reference, assigneeId: actor.staffId });
    return { reference: c.reference, assigneeId: actor.staffId };
  });
}
