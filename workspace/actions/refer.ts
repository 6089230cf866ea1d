import { z } from 'zod';
import { referCase } from '../../core/commands/referralMaker.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction, checkboxes } from './caseAction.ts';

export const referSchema = z.object({
  departmentKey: z.string().min(1, 'choose a department').max(64),
  shared: checkboxes.refine((v) => v.length > 0, 'choose what to share'),
  basis: z.string().min(1, 'choose consent or a lawful basis').max(64),
  summary: z.string().trim().min(1, 'say what the department is asked to do').max(10000),
});

/** "Refer" to a department: what is shared, and the consent or lawful basis for sharing it. */
export const referAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'refer', schema: referSchema, allowed: 'refer', run: ({ core, actor, caseId, input }) => referCase(core, actor, { caseId, ...input }) });
