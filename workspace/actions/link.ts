import { z } from 'zod';
import { linkCases, LINK_REASONS } from '../../core/commands/caseLinker.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction } from './caseAction.ts';

export const linkSchema = z.object({
  other: z.string().trim().min(1, 'give the other case’s reference').max(64),
  reason: z.enum(LINK_REASONS, 'choose why they belong together'),
});

/** "Link": confirm a suggestion, or link by the other case's reference. */
export const linkAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'link', schema: linkSchema, allowed: 'link', run: ({ core, actor, caseId, input }) => linkCases(core, actor, { caseId, other: input.other, reason: input.reason }) });

/** "Not related": dismiss a suggestion so it is not suggested again. */
export const linkDismissAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'link-dismiss', schema: linkSchema, allowed: 'link', run: ({ core, actor, caseId, input }) => linkCases(core, actor, { caseId, other: input.other, reason: input.reason, dismiss: true }) });
