import { z } from 'zod';
import { addNote } from '../../core/commands/noteAdder.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction } from './caseAction.ts';

export const noteSchema = z.object({ text: z.string().trim().min(1, 'write the note first').max(20000, 'at most 20,000 characters') });

/** "Add note": internal, encrypted, never shown to the reporter. */
export const noteAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'note', schema: noteSchema, allowed: 'add_note', run: ({ core, actor, caseId, input }) => addNote(core, actor, { caseId, text: input.text }) });
