import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { runCaseCommand } from './caseCommand.ts';
import { recordCaseEvent } from '../record.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';
import { markFirstContact } from './firstContact.ts';

/**
 * A message to the reporter: they read it on the follow-up page (anonymous reporters too). A
 * named reporter who agreed to email gets a notice that a message is waiting (no content in mail).
 */
export async function messageReporter(core: Core, actor: Actor, input: { caseId: string; text: string }) {
  const text = input.text.trim();
  if (!text) throw new DomainError('invalid', 'Write the message first.', { text: 'is empty' });
  if (text.length > 10000) throw new DomainError('invalid', 'A message can be at most 10,000 characters.', { text: 'is too long' });
  return runCaseCommand(core, actor, input.caseId, 'message_reporter', async ({ tx, c, at, key }) => {
    const e = await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.message_to_reporter', at, secret: { text }, caseKey: await key() });
    await markFirstContact(tx, c, at);
    if (c.status !== 'awaiting_reporter') await tx.query(`UPDATE cases SET status = 'awaiting_reporter' WHERE id = $1`, [c.id]);
    await enqueue(tx, c.institutionId, EVENTS.messageToReporter, { caseId: c.id, reference: c.reference, eventId: e.id });
    return { eventId: e.id };
  });
}

/** Contact made outside Harbour (a call, a meeting): recorded with a summary; counts as first contact. */
export async function recordContact(core: Core, actor: Actor, input: { caseId: string; method: 'phone' | 'email' | 'meeting' | 'teams'; summary: string }) {
  const summary = input.summary.trim();
  if (!summary) throw new DomainError('invalid', 'Summarise the contact.', { summary: 'is empty' });
  return runCaseCommand(core, actor, input.caseId, 'message_reporter', async ({ tx, c, at, key }) => {
    const e = await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.contact_recorded', at, data: { method: input.method }, secret: { summary }, caseKey: await key() });
    await markFirstContact(tx, c, at);
    return { eventId: e.id };
  });
}
