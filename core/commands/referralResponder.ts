import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { runCaseCommand } from './caseCommand.ts';
import { recordCaseEvent } from '../record.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';

/** A departmental responder records what they did about a referral to their department. */
export async function respondToReferral(core: Core, actor: Actor, input: { caseId: string; referralId: string; text: string; done: boolean }) {
  const text = input.text.trim();
  if (!text) throw new DomainError('invalid', 'Say what was done.', { text: 'is empty' });
  return runCaseCommand(core, actor, input.caseId, 'respond_referral', async ({ tx, c, at, key }) => {
    const r = (await tx.query<{ department_key: string; status: string }>('SELECT department_key, status FROM referrals WHERE id = $1 AND case_id = $2 FOR UPDATE', [input.referralId, c.id])).rows[0];
    if (!r || actor.kind !== 'staff' || r.department_key !== actor.departmentKey) throw new DomainError('not_found', 'That referral does not exist or is not for your department.');
    if (r.status === 'done') throw new DomainError('conflict', 'That referral is already closed.');
    if (input.done) await tx.query(`UPDATE referrals SET status = 'done', closed_at = $2 WHERE id = $1`, [input.referralId, at]);
    await recordCaseEvent(tx, actor, { caseId: c.id, type: 'referral.responded', at, data: { referralId: input.referralId, done: input.done }, secret: { text }, caseKey: await key() });
    await enqueue(tx, c.institutionId, EVENTS.referralResponded, { caseId: c.id, reference: c.reference, referralId: input.referralId });
    return { referralId: input.referralId };
  });
}
