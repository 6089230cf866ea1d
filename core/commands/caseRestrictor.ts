import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { runCaseCommand } from './caseCommand.ts';
import { recordCaseEvent } from '../record.ts';

/**
 * Excludes named staff from a case (a conflict of interest): they can no longer find or open it.
 * The lead cannot exclude themselves, and the current holder must be reassigned first.
 */
export async function restrictCase(core: Core, actor: Actor, input: { caseId: string; excludedStaff: string[] }) {
  return runCaseCommand(core, actor, input.caseId, 'restrict', async ({ tx, c, at }) => {
    const excluded = [...new Set(input.excludedStaff)];
    if (actor.kind === 'staff' && excluded.includes(actor.staffId)) throw new DomainError('invalid', "You can't exclude yourself; ask another lead.", { excludedStaff: 'includes you' });
    if (c.assigneeId && excluded.includes(c.assigneeId)) throw new DomainError('invalid', 'Reassign the case before excluding the person who holds it.', { excludedStaff: 'includes the assignee' });
    await tx.query('UPDATE cases SET restricted_staff = $2 WHERE id = $1', [c.id, excluded]);
    await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.restricted', at, data: { excludedStaff: excluded } });
    return { excludedStaff: excluded };
  });
}

/** Puts a case on legal hold (retention will not destroy it) or lifts the hold, with the reason. */
export async function setLegalHold(core: Core, actor: Actor, input: { caseId: string; hold: boolean; reason: string }) {
  const reason = input.reason.trim();
  if (!reason) throw new DomainError('invalid', 'Give the reason for the legal hold.', { reason: 'is empty' });
  return runCaseCommand(core, actor, input.caseId, 'legal_hold', async ({ tx, c, at }) => {
    await tx.query('UPDATE cases SET legal_hold = $2 WHERE id = $1', [c.id, input.hold]);
    await recordCaseEvent(tx, actor, { caseId: c.id, type: input.hold ? 'case.legal_hold_set' : 'case.legal_hold_lifted', at, data: { reason } });
    return { legalHold: input.hold };
  });
}
