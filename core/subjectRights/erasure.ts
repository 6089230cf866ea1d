import type { SubjectRole } from './subjectSearch.ts';

/** What to do with one case on an erasure request, and why not when it is refused. */
export type ErasureProposal = { proposal: 'erase'; reason: null } | { proposal: 'refuse' | 'already_destroyed'; reason: string };

/**
 * Whether the law allows erasing a case for this person, and if not why, in words the person can
 * be sent (UK GDPR Article 17). The report is the reporter's own record, so only a reporter's
 * request can erase it, and only once the case is closed, not on legal hold and not feeding a
 * formal process. Someone named in another person's report cannot have it erased: it is kept to
 * protect the reporter and to meet the university's duty (OfS condition E6), until retention
 * destroys it. A match by name alone needs the person's identity confirmed first.
 */
export function erasureProposal(c: { status: string; legalHold: boolean; contentDestroyed: boolean; outcome: string | null }, roles: SubjectRole[], nameOnly: boolean): ErasureProposal {
  if (c.contentDestroyed) return { proposal: 'already_destroyed', reason: 'The content of this case has already been destroyed; nothing more is held.' };
  if (c.legalHold)
    return { proposal: 'refuse', reason: 'The case is under legal hold, so its record must be kept for legal claims (UK GDPR Article 17(3)(e)).' };
  if (!roles.includes('reporter'))
    return {
      proposal: 'refuse',
      reason:
        "You are named in a report that someone else made. That report is their record and is kept to protect them and to meet the university's legal duty to prevent and address harassment (UK GDPR Article 17(3)(b) and (e)); it will be destroyed when its retention period ends.",
    };
  if (nameOnly) return { proposal: 'refuse', reason: 'This case was found by your name only: we need to confirm it is you (for example from your email address) before erasing it.' };
  if (c.status !== 'closed') return { proposal: 'refuse', reason: 'The case is still open, so the record is needed to act on your report (Article 17(1)(a) does not apply yet). Ask again once it is closed.' };
  if (c.outcome === 'formal_process') return { proposal: 'refuse', reason: 'The case led to a formal process; its record is kept for that process and any appeal (UK GDPR Article 17(3)(e)).' };
  return { proposal: 'erase', reason: null };
}
