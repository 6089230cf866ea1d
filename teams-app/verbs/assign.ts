import { z } from 'zod';
import { assignCase } from '../../core/commands/caseAssigner.ts';
import { defineVerb } from './verb.ts';

/** Assign to…: a lead (or the holder) gives the case to a case manager chosen on the card. */
export const assignVerb = defineVerb({
  verb: 'assign',
  data: z.object({ caseId: z.uuid(), assigneeId: z.uuid({ error: 'Choose a case manager.' }), version: z.coerce.number().int().positive() }),
  async run(ctx, { caseId, assigneeId, version }) {
    await assignCase(ctx.deps.core, ctx.who.actor, { caseId, assigneeId, expectedVersion: version });
    return ctx.afterChange(caseId);
  },
});
