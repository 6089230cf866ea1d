import { z } from 'zod';
import { recordContact } from '../../core/commands/reporterMessenger.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction } from './caseAction.ts';

export const contactSchema = z.object({
  method: z.enum(['phone', 'email', 'meeting', 'teams'], 'choose how you were in touch'),
  summary: z.string().trim().min(1, 'summarise the contact').max(10000),
});

/** "Record contact" made outside Harbour (a call, an email, a meeting). */
export const contactAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'contact', schema: contactSchema, allowed: 'message_reporter', run: ({ core, actor, caseId, input }) => recordContact(core, actor, { caseId, method: input.method, summary: input.summary }) });
