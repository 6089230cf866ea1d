import { z } from 'zod';
import { addTask } from '../../core/commands/taskAdder.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction } from './caseAction.ts';

export const taskSchema = z.object({
  title: z.string().trim().min(1, 'say what needs doing').max(500, 'at most 500 characters'),
  dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'choose a date'),
  assigneeId: z.union([z.uuid(), z.literal('')]).optional().transform((v) => v || undefined),
});

/** "Add task" with a due date (a reminder follows). */
export const taskAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'task', schema: taskSchema, allowed: 'add_task', run: ({ core, actor, caseId, input }) => addTask(core, actor, { caseId, ...input }) });
