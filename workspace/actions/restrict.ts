import { z } from 'zod';
import { restrictCase } from '../../core/commands/caseRestrictor.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction, checkboxes } from './caseAction.ts';

export const restrictSchema = z.object({ excludedStaff: checkboxes.pipe(z.array(z.uuid())) });

/** "Exclude staff" with a conflict of interest: they can no longer find or open the case. */
export const restrictAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'restrict', schema: restrictSchema, allowed: 'restrict', run: ({ core, actor, caseId, input }) => restrictCase(core, actor, { caseId, excludedStaff: input.excludedStaff }) });
