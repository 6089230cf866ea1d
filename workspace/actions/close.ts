import { z } from 'zod';
import { closeCase } from '../../core/commands/caseCloser.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction } from './caseAction.ts';

export const closeSchema = z.object({ outcome: z.string().min(1, 'choose an outcome').max(64), note: z.string().max(20000).optional() });

/** "Close the case" with an outcome and an optional closing note. */
export const closeAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'close', schema: closeSchema, allowed: 'close', run: ({ core, actor, caseId, input }) => closeCase(core, actor, { caseId, outcome: input.outcome, note: input.note }) });
