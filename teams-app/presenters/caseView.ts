import { DateTime } from 'luxon';
import type { Sql } from '../../core/db/database.ts';
import { loadInstitution } from '../../core/institutions.ts';
import { listOptions } from '../../core/options.ts';
import { loadCase, type CaseRow } from '../../core/queries/caseState.ts';
import { listStaff, staffNames } from '../../core/staff.ts';

/** A case with everything a card shows about it: labels, the holder's name, the institution's clock. */
export interface CaseView {
  c: CaseRow;
  categoryLabels: Map<string, string>;
  campusLabels: Map<string, string>;
  holderName: string | null;
  timeZone: string;
  /** Active case managers and leads who may be given the case (not excluded from it). */
  assignable: { id: string; name: string }[];
}

/** Reads a case's card view in the caller's (institution-scoped) transaction; null when it does not exist. */
export async function loadCaseView(tx: Sql, institutionId: string, caseId: string): Promise<CaseView | null> {
  const c = await loadCase(tx, caseId);
  if (!c) return null;
  // One after another: a transaction is one connection, and pg will not take overlapping queries.
  const options = await listOptions(tx);
  const names = await staffNames(tx, [c.assigneeId]);
  const institution = await loadInstitution(tx, institutionId);
  const managers = await listStaff(tx);
  const labels = (kind: string) => new Map(options.filter((o) => o.kind === kind).map((o) => [o.key, o.label]));
  return {
    c,
    categoryLabels: labels('category'),
    campusLabels: labels('campus'),
    holderName: c.assigneeId ? names.get(c.assigneeId) ?? null : null,
    timeZone: institution.settings.timeZone,
    assignable: managers
      .filter((s) => s.active && (s.roles.includes('case_manager') || s.roles.includes('lead')) && !c.restrictedStaff.includes(s.id))
      .map((s) => ({ id: s.id, name: s.displayName })),
  };
}

/** A calendar date (YYYY-MM-DD) the way cards show it: "Thu 6 Mar 2025". */
export function formatDay(isoDate: string, timeZone: string): string {
  return DateTime.fromISO(isoDate, { zone: timeZone }).toFormat('ccc d LLL yyyy');
}

/** Today's date (YYYY-MM-DD) in the institution's time zone. */
export function todayIn(timeZone: string, now: Date): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
}
