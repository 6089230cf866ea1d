import crypto from 'node:crypto';
import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { runCaseCommand } from './caseCommand.ts';
import { recordCaseEvent } from '../record.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';
import { listOptions } from '../options.ts';
import { sealJson } from '../caseKeys.ts';

/** What a referral may share; the responder sees only these parts. */
export const SHAREABLE = ['summary', 'categories', 'place_and_time', 'people', 'reporter_contact'] as const;
/** UK GDPR bases for sharing: the reporter's consent, or a lawful basis recorded instead. */
export const BASES = ['consent', 'vital_interests', 'legal_obligation', 'public_task', 'legitimate_interests'] as const;

/**
 * Refers a case to a department: what is shared is chosen and recorded with the consent or lawful
 * basis behind it. Sharing "on consent" with a department the reporter did not agree to is refused.
 */
export async function referCase(
  core: Core,
  actor: Actor,
  input: { caseId: string; departmentKey: string; shared: string[]; basis: string; summary: string },
) {
  const summary = input.summary.trim();
  const details: Record<string, string> = {};
  if (!summary) details.summary = 'say what the department is asked to do';
  if (!input.shared.length || input.shared.some((s) => !(SHAREABLE as readonly string[]).includes(s))) details.shared = 'choose what to share';
  if (!(BASES as readonly string[]).includes(input.basis)) details.basis = 'choose consent or a lawful basis';
  if (Object.keys(details).length) throw new DomainError('invalid', 'Please check the referral.', details);
  return runCaseCommand(core, actor, input.caseId, 'refer', async ({ tx, c, at, key }) => {
    if (!(await listOptions(tx, 'department')).some((d) => d.key === input.departmentKey))
      throw new DomainError('invalid', 'Choose a department.', { departmentKey: 'is not a department' });
    const consented = ((c.facets.consentWith as string[] | undefined) ?? []).includes(input.departmentKey);
    if (input.basis === 'consent' && !consented)
      throw new DomainError('invalid', 'The reporter did not consent to sharing with this department: record a lawful basis instead, or ask them first.', { basis: 'no consent for this department' });
    const id = crypto.randomUUID();
    await tx.query('INSERT INTO referrals (id, institution_id, case_id, department_key, shared, basis, summary, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)', [
      id, c.institutionId, c.id, input.departmentKey, input.shared, input.basis, sealJson(await key(), c.id, `referral:${id}`, summary), actor.kind === 'staff' ? actor.staffId : null, at,
    ]);
    await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.referred', at, data: { referralId: id, departmentKey: input.departmentKey, shared: input.shared, basis: input.basis }, secret: { summary }, caseKey: await key() });
    await enqueue(tx, c.institutionId, EVENTS.caseReferred, { caseId: c.id, reference: c.reference, referralId: id, departmentKey: input.departmentKey });
    return { referralId: id };
  });
}
