import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { runCaseCommand } from './caseCommand.ts';
import { recordCaseEvent } from '../record.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';

/** Marks a task done (once). */
export async function completeTask(core: Core, actor: Actor, input: { caseId: string; taskId: string }) {
  return runCaseCommand(core, actor, input.caseId, 'add_task', async ({ tx, c, at }) => {
    const t = (await tx.query<{ done_at: Date | null }>('SELECT done_at FROM tasks WHERE id = $1 AND case_id = $2 FOR UPDATE', [input.taskId, c.id])).rows[0];
    if (!t) throw new DomainError('not_found', 'That task does not exist on this case.');
    if (t.done_at) throw new DomainError('conflict', 'That task is already done.');
    await tx.query('UPDATE tasks SET done_at = $2, done_by = $3 WHERE id = $1', [input.taskId, at, actor.kind === 'staff' ? actor.staffId : null]);
    await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.task_completed', at, data: { taskId: input.taskId } });
    await enqueue(tx, c.institutionId, EVENTS.taskCompleted, { caseId: c.id, reference: c.reference, taskId: input.taskId });
    return { taskId: input.taskId };
  });
}
