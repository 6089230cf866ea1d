import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError, notFound } from '../errors.ts';
import { can } from '../policies/casePolicy.ts';
import { runCaseCommand } from './caseCommand.ts';
import { recordCaseEvent } from '../record.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';
import { loadCase, loadCaseByReference } from '../queries/caseState.ts';

export const LINK_REASONS = ['same_reporter', 'same_perpetrator', 'related', 'place_and_time'] as const;
export type LinkReason = (typeof LINK_REASONS)[number];

/**
 * Links two cases with a reason, or dismisses a suggested link. The actor must be able to work on
 * the first case and see the second. Both cases record the link in their timelines.
 */
export async function linkCases(core: Core, actor: Actor, input: { caseId: string; other: string; reason: LinkReason; dismiss?: boolean }) {
  if (!(LINK_REASONS as readonly string[]).includes(input.reason)) throw new DomainError('invalid', 'Choose why the cases are linked.', { reason: 'is not a reason' });
  return runCaseCommand(core, actor, input.caseId, 'link', async ({ tx, c, at }) => {
    const other = (await loadCase(tx, input.other)) ?? (await loadCaseByReference(tx, input.other));
    if (!other || !can(actor, 'view_summary', other)) throw notFound('The other case');
    if (other.id === c.id) throw new DomainError('invalid', 'A case cannot be linked to itself.', { other: 'is this case' });
    const [a, b] = c.id < other.id ? [c.id, other.id] : [other.id, c.id];
    const status = input.dismiss ? 'dismissed' : 'confirmed';
    await tx.query(
      `INSERT INTO case_links (institution_id, case_a, case_b, reason, status, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (case_a, case_b) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at`,
      [c.institutionId, a, b, input.reason, status, actor.kind === 'staff' ? actor.staffId : null, at],
    );
    const type = input.dismiss ? 'case.link_dismissed' : 'case.linked';
    await recordCaseEvent(tx, actor, { caseId: c.id, type, at, data: { otherCaseId: other.id, reason: input.reason } });
    await recordCaseEvent(tx, actor, { caseId: other.id, type, at, data: { otherCaseId: c.id, reason: input.reason } });
    await tx.query('UPDATE cases SET version = version + 1, updated_at = $2 WHERE id = $1', [other.id, at]);
    if (!input.dismiss) await enqueue(tx, c.institutionId, EVENTS.casesLinked, { caseId: c.id, otherCaseId: other.id, reason: input.reason });
    return { caseA: a, caseB: b, status };
  });
}
