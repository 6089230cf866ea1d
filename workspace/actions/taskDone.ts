import { z } from 'zod';
import { completeTask } from '../../core/commands/taskCompleter.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction } from './caseAction.ts';

export const taskDoneSchema = z.object({ taskId: z.uuid() });

/** "Done" on a task. */
export const taskDoneAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'task-done', schema: taskDoneSchema, allowed: 'add_task', run: ({ core, actor, caseId, input }) => completeTask(core, actor, { caseId, taskId: input.taskId }) });
