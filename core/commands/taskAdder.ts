import crypto from 'node:crypto';
import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { runCaseCommand } from './caseCommand.ts';
import { recordCaseEvent } from '../record.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';
import { sealJson } from '../caseKeys.ts';

/** A task with a due date (a reminder follows); the title is encrypted as it may name people. */
export async function addTask(core: Core, actor: Actor, input: { caseId: string; title: string; dueOn: string; assigneeId?: string }) {
  const title = input.title.trim();
  const details: Record<string, string> = {};
  if (!title) details.title = 'is empty';
  if (title.length > 500) details.title = 'is too long (500 characters at most)';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn) || Number.isNaN(Date.parse(input.dueOn))) details.dueOn = 'must be a date';
  if (Object.keys(details).length) throw new DomainError('invalid', 'Please check the task.', details);
  return runCaseCommand(core, actor, input.caseId, 'add_task', async ({ tx, c, at, key }) => {
    const id = crypto.randomUUID();
    const assigneeId = input.assigneeId ?? c.assigneeId ?? (actor.kind === 'staff' ? actor.staffId : null);
    await tx.query('INSERT INTO tasks (id, institution_id, case_id, title, due_on, assignee_id, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)', [
      id, c.institutionId, c.id, sealJson(await key(), c.id, `task:${id}`, title), input.dueOn, assigneeId, actor.kind === 'staff' ? actor.staffId : null, at,
    ]);
    await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.task_added', at, data: { taskId: id, dueOn: input.dueOn, assigneeId }, secret: { title }, caseKey: await key() });
    await enqueue(tx, c.institutionId, EVENTS.taskAdded, { caseId: c.id, reference: c.reference, taskId: id, dueOn: input.dueOn, assigneeId });
    return { taskId: id };
  });
}
