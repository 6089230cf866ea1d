import { z } from 'zod';
import { reopenCase } from '../../core/commands/caseCloser.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction } from './caseAction.ts';

export const reopenSchema = z.object({ reason: z.string().trim().min(1, 'say why the case is reopened').max(5000) });

/** "Reopen" a closed case, with the reason. */
export const reopenAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'reopen', schema: reopenSchema, allowed: 'reopen', run: ({ core, actor, caseId, input }) => reopenCase(core, actor, { caseId, reason: input.reason }) });
