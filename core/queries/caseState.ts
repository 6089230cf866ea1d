import type { Sql } from '../db/database.ts';
import type { CaseState, CaseStatus } from '../policies/casePolicy.ts';

export interface CaseRow extends CaseState {
  reference: string;
  kind: 'anonymous' | 'named_record' | 'adviser';
  outcome: string | null;
  facets: Record<string, unknown>;
  firstContactDue: string | null;
  firstContactAt: Date | null;
  legalHold: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

const COLUMNS = `c.id, c.institution_id, c.reference, c.kind, c.status, c.outcome, c.assignee_id, c.facets, c.first_contact_due::text AS first_contact_due,
  c.first_contact_at, c.restricted_staff, c.legal_hold, c.content_destroyed_at, c.version, c.created_at, c.updated_at, c.closed_at,
  COALESCE((SELECT array_agg(DISTINCT r.department_key) FROM referrals r WHERE r.case_id = c.id), '{}') AS referral_departments`;

type Raw = {
  id: string; institution_id: string; reference: string; kind: CaseRow['kind']; status: CaseStatus; outcome: string | null; assignee_id: string | null;
  facets: Record<string, unknown>; first_contact_due: string | null; first_contact_at: Date | null; restricted_staff: string[]; legal_hold: boolean;
  content_destroyed_at: Date | null; version: number; created_at: Date; updated_at: Date; closed_at: Date | null; referral_departments: string[];
};

export function toCaseRow(r: Raw): CaseRow {
  return {
    id: r.id, institutionId: r.institution_id, reference: r.reference, kind: r.kind, status: r.status, outcome: r.outcome, assigneeId: r.assignee_id,
    facets: r.facets, firstContactDue: r.first_contact_due, firstContactAt: r.first_contact_at, restrictedStaff: r.restricted_staff ?? [],
    legalHold: r.legal_hold, contentDestroyed: Boolean(r.content_destroyed_at), version: r.version, createdAt: r.created_at, updatedAt: r.updated_at,
    closedAt: r.closed_at, referralDepartments: r.referral_departments ?? [],
  };
}

/** One case's state, or null. `forUpdate` locks the row for the rest of the transaction. */
export async function loadCase(tx: Sql, caseId: string, forUpdate = false): Promise<CaseRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(caseId)) return null;
  const r = await tx.query<Raw>(`SELECT ${COLUMNS} FROM cases c WHERE c.id = $1 ${forUpdate ? 'FOR UPDATE OF c' : ''}`, [caseId]);
  return r.rows[0] ? toCaseRow(r.rows[0]) : null;
}

export async function loadCaseByReference(tx: Sql, reference: string): Promise<CaseRow | null> {
  const r = await tx.query<Raw>(`SELECT ${COLUMNS} FROM cases c WHERE c.reference = $1`, [reference.trim().toUpperCase()]);
  return r.rows[0] ? toCaseRow(r.rows[0]) : null;
}

export const CASE_COLUMNS = COLUMNS;
export type CaseRaw = Raw;
