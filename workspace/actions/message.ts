import { z } from 'zod';
import { messageReporter } from '../../core/commands/reporterMessenger.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction } from './caseAction.ts';

export const messageSchema = z.object({ text: z.string().trim().min(1, 'write the message first').max(10000, 'at most 10,000 characters') });

/** "Send to reporter": read on the follow-up page (anonymous reporters too); counts as first contact. */
export const messageAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'message', schema: messageSchema, allowed: 'message_reporter', run: ({ core, actor, caseId, input }) => messageReporter(core, actor, { caseId, text: input.text }) });
