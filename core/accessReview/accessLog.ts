import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { forbidden } from '../errors.ts';
import { canInInstitution } from '../policies/casePolicy.ts';

/** Whether the person who opened a case held it then, nobody did (triage), or a colleague did. */
export type Relation = 'holder' | 'unassigned' | 'colleague';

/** One opening of a case, for the access review page. */
export interface AccessEntry {
  id: number;
  at: Date;
  staffId: string;
  staffName: string;
  caseId: string;
  reference: string;
  what: string;
  relation: Relation;
}

/** Narrowing the access log: period, person, case, only colleagues' cases, paging. */
export interface AccessFilter {
  from?: Date;
  to?: Date;
  staffId?: string;
  reference?: string;
  /** Only openings of cases a colleague held at the time. */
  colleagueOnly?: boolean;
  /** Keyset paging: entries older than this id. */
  before?: number;
  limit?: number;
}

/**
 * The SQL for "who held the case when it was opened": the latest claim or assignment before the
 * access (case events are append-only, so this is the history as it was).
 */
export const HOLDER_AT_ACCESS = `LEFT JOIN LATERAL (
  SELECT e.data->>'assigneeId' AS holder FROM case_events e
  WHERE e.case_id = a.case_id AND e.type IN ('case.claimed', 'case.assigned', 'case.reassigned') AND e.at <= a.at
  ORDER BY e.at DESC, e.ledger_seq DESC LIMIT 1) h ON true`;

/**
 * Access review: who opened which case and when, newest first, with whether they held the case at
 * the time. For the data protection officer and administrators.
 */
export async function listAccess(core: Core, actor: Actor, f: AccessFilter = {}): Promise<{ entries: AccessEntry[]; next: number | null }> {
  if (!canInInstitution(actor, 'review_access')) throw forbidden('Access review is for the data protection officer and administrators.');
  const limit = Math.min(Math.max(f.limit ?? 100, 1), 500);
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const rows = (
      await tx.query<{ id: string; at: Date; staff_id: string; display_name: string; case_id: string; reference: string; what: string; holder: string | null }>(
        `SELECT a.id, a.at, a.staff_id, s.display_name, a.case_id, c.reference, a.what, h.holder
         FROM access_log a JOIN staff s ON s.id = a.staff_id JOIN cases c ON c.id = a.case_id ${HOLDER_AT_ACCESS}
         WHERE ($1::timestamptz IS NULL OR a.at >= $1) AND ($2::timestamptz IS NULL OR a.at < $2) AND ($3::uuid IS NULL OR a.staff_id = $3)
           AND ($4::text IS NULL OR c.reference = upper($4)) AND ($5::bigint IS NULL OR a.id < $5)
           AND (NOT $6 OR (h.holder IS NOT NULL AND h.holder <> a.staff_id::text))
         ORDER BY a.id DESC LIMIT $7`,
        [f.from ?? null, f.to ?? null, f.staffId ?? null, f.reference?.trim() || null, f.before ?? null, Boolean(f.colleagueOnly), limit + 1],
      )
    ).rows;
    const entries = rows.slice(0, limit).map((r) => ({
      id: Number(r.id),
      at: r.at,
      staffId: r.staff_id,
      staffName: r.display_name,
      caseId: r.case_id,
      reference: r.reference,
      what: r.what,
      relation: (r.holder === null ? 'unassigned' : r.holder === r.staff_id ? 'holder' : 'colleague') as Relation,
    }));
    return { entries, next: rows.length > limit ? entries[entries.length - 1]!.id : null };
  });
}
