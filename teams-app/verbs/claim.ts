import { z } from 'zod';
import { claimCase } from '../../core/commands/caseClaimer.ts';
import { defineVerb } from './verb.ts';

/** Claim: the person takes an unassigned case; everyone's card then says who has it. */
export const claimVerb = defineVerb({
  verb: 'claim',
  data: z.object({ caseId: z.uuid() }),
  async run(ctx, { caseId }) {
    await claimCase(ctx.deps.core, ctx.who.actor, { caseId });
    return ctx.afterChange(caseId);
  },
});
