import { z } from 'zod';
import { respondToReferral } from '../../core/commands/referralResponder.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction, flag } from './caseAction.ts';

export const respondSchema = z.object({
  referralId: z.uuid(),
  text: z.string().trim().min(1, 'say what was done').max(10000),
  done: flag,
});

/** A departmental responder records what they did, and may close their referral. */
export const respondAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'respond', schema: respondSchema, allowed: 'respond_referral', run: ({ core, actor, caseId, input }) => respondToReferral(core, actor, { caseId, ...input }) });
