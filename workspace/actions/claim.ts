import { z } from 'zod';
import { claimCase } from '../../core/commands/caseClaimer.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction } from './caseAction.ts';

export const claimSchema = z.object({});

/** "Claim": an unassigned case becomes mine. A second claimer is told who was first (so 'visible', not 'claim'). */
export const claimAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'claim', schema: claimSchema, allowed: 'visible', run: ({ core, actor, caseId }) => claimCase(core, actor, { caseId }) });
