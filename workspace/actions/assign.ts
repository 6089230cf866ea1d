import { z } from 'zod';
import { assignCase } from '../../core/commands/caseAssigner.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction } from './caseAction.ts';

export const assignSchema = z.object({ assigneeId: z.uuid('choose a case manager') });

/** "Assign to": a lead (or the holder) gives the case to a case manager. */
export const assignAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'assign', schema: assignSchema, allowed: 'assign', run: ({ core, actor, caseId, input }) => assignCase(core, actor, { caseId, assigneeId: input.assigneeId }) });
