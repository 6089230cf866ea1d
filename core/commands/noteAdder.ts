import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { runCaseCommand } from './caseCommand.ts';
import { recordCaseEvent } from '../record.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';

const MAX = 20000;

/** An internal case note, encrypted; never shown to the reporter. */
export async function addNote(core: Core, actor: Actor, input: { caseId: string; text: string }) {
  const text = input.text.trim();
  if (!text) throw new DomainError('invalid', 'Write the note first.', { text: 'is empty' });
  if (text.length > MAX) throw new DomainError('invalid', `A note can be at most ${MAX} characters.`, { text: 'is too long' });
  return runCaseCommand(core, actor, input.caseId, 'add_note', async ({ tx, c, at, key }) => {
    const e = await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.note_added', at, secret: { text }, caseKey: await key() });
    await enqueue(tx, c.institutionId, EVENTS.noteAdded, { caseId: c.id, reference: c.reference, eventId: e.id });
    return { eventId: e.id };
  });
}
