import { z } from 'zod';
import { defineVerb } from './verb.ts';

/**
 * Refresh: Teams asks for a person's own view of a card when they look at it (Universal Actions
 * refresh); also the "Back" buttons. Shows only the buttons this person may use.
 */
export const refreshVerb = defineVerb({
  verb: 'refresh',
  data: z.object({ caseId: z.uuid(), card: z.enum(['channel', 'personal']).optional() }),
  async run(ctx, { caseId }) {
    return ctx.currentCard(caseId);
  },
});
