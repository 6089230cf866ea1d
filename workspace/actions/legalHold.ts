import { z } from 'zod';
import { setLegalHold } from '../../core/commands/caseRestrictor.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction } from './caseAction.ts';

export const legalHoldSchema = z.object({ hold: z.enum(['1', '0']), reason: z.string().trim().min(1, 'give the reason').max(2000) });

/** "Legal hold" on or off: retention will not destroy a case on hold. */
export const legalHoldAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'legal-hold', schema: legalHoldSchema, allowed: 'legal_hold', run: ({ core, actor, caseId, input }) => setLegalHold(core, actor, { caseId, hold: input.hold === '1', reason: input.reason }) });
