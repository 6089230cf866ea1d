import type { Sql } from '../db/database.ts';
import type { Actor } from '../actor.ts';

/** Records that a staff member read a case's sensitive content: who, when, what. */
export async function logAccess(tx: Sql, actor: Actor, caseId: string, what: string, at: Date): Promise<void> {
  if (actor.kind !== 'staff') return;
  await tx.query('INSERT INTO access_log (institution_id, staff_id, case_id, what, at) VALUES ($1,$2,$3,$4,$5)', [actor.institutionId, actor.staffId, caseId, what, at]);
}
