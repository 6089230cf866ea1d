import { z } from 'zod';
import { changeStatus } from '../../core/commands/caseStatusChanger.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction } from './caseAction.ts';

export const statusSchema = z.object({ status: z.enum(['triaged', 'in_progress', 'awaiting_reporter'], 'choose the new status') });

/** "Change status" along new → triaged → in progress ⇄ waiting for the reporter. */
export const statusAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'status', schema: statusSchema, allowed: 'change_status', run: ({ core, actor, caseId, input }) => changeStatus(core, actor, { caseId, status: input.status }) });
