import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { sha256Hex } from '../crypto/hashing.ts';
import { verifyFollowUpCode } from '../crypto/followUpCode.ts';

const MAX_FAILURES = 5;
const LOCK_MINUTES = 30;

/** The same words whether the reference is unknown or the code is wrong: no hint either way. */
export const FOLLOW_UP_REFUSED = "We couldn't match that reference and code. Check both and try again.";

/**
 * A reporter comes back with reference + follow-up code. Five failures against one reference
 * lock it for 30 minutes (counted whether or not the reference exists), and every answer takes
 * the same scrypt time. Success gives the reporter actor for that case only.
 */
export async function authenticateReporter(core: Core, institutionId: string, reference: string, code: string): Promise<Actor & { kind: 'reporter' }> {
  const ref = reference.trim().toUpperCase();
  const refHash = sha256Hex(`${institutionId}:${ref}`);
  const row = await core.db.forInstitution(institutionId, async (tx) => {
    const guard = (await tx.query<{ locked_until: Date | null }>('SELECT locked_until FROM followup_guards WHERE reference_hash = $1', [refHash])).rows[0];
    const c = (await tx.query<{ id: string; followup_hash: string | null; content_destroyed_at: Date | null }>('SELECT id, followup_hash, content_destroyed_at FROM cases WHERE reference = $1', [ref])).rows[0];
    return { locked: Boolean(guard?.locked_until && guard.locked_until > core.now()), c };
  });
  const ok = await verifyFollowUpCode(code, row.c?.followup_hash ?? null);
  if (row.locked) throw new DomainError('locked', `Too many attempts. For your safety this reference is locked for ${LOCK_MINUTES} minutes.`);
  if (!ok || !row.c || row.c.content_destroyed_at) {
    await core.db.forInstitution(institutionId, (tx) =>
      tx.query(
        `INSERT INTO followup_guards (institution_id, reference_hash, failures) VALUES ($1, $2, 1)
         ON CONFLICT (institution_id, reference_hash) DO UPDATE SET
           failures = CASE WHEN followup_guards.failures + 1 >= $3 THEN 0 ELSE followup_guards.failures + 1 END,
           locked_until = CASE WHEN followup_guards.failures + 1 >= $3 THEN $4::timestamptz ELSE followup_guards.locked_until END`,
        [institutionId, refHash, MAX_FAILURES, new Date(core.now().getTime() + LOCK_MINUTES * 60_000)],
      ),
    );
    throw new DomainError('not_found', FOLLOW_UP_REFUSED);
  }
  await core.db.forInstitution(institutionId, (tx) => tx.query('DELETE FROM followup_guards WHERE reference_hash = $1', [refHash]));
  return { kind: 'reporter', institutionId, caseId: row.c.id };
}
