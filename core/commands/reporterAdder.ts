import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { runCaseCommand } from './caseCommand.ts';
import { recordCaseEvent } from '../record.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';

/**
 * The reporter adds information or replies, through the follow-up page. It is a new entry beside
 * the original report, never an edit of it.
 */
export async function addReporterInformation(core: Core, actor: Actor, input: { caseId: string; text: string }) {
  const text = input.text.trim();
  if (!text) throw new DomainError('invalid', 'Write something to add.', { text: 'is empty' });
  if (text.length > 20000) throw new DomainError('invalid', 'That is too long: 20,000 characters at most.', { text: 'is too long' });
  return runCaseCommand(core, actor, input.caseId, 'reporter_add', async ({ tx, c, at, key }) => {
    const e = await recordCaseEvent(tx, actor, { caseId: c.id, type: 'reporter.added', at, secret: { text }, caseKey: await key() });
    if (c.status === 'awaiting_reporter') await tx.query(`UPDATE cases SET status = 'in_progress' WHERE id = $1`, [c.id]);
    await enqueue(tx, c.institutionId, EVENTS.reporterAddedInformation, { caseId: c.id, reference: c.reference, assigneeId: c.assigneeId });
    return { eventId: e.id };
  });
}
