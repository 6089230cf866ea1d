import type { Sql } from '../db/database.ts';
import type { CaseRow } from '../queries/caseState.ts';
import { recordStat } from '../record.ts';

/** Marks the first contact with the reporter once, with the hours it took as a statistics row. */
export async function markFirstContact(tx: Sql, c: CaseRow, at: Date): Promise<void> {
  if (c.firstContactAt) return;
  await tx.query('UPDATE cases SET first_contact_at = $2 WHERE id = $1 AND first_contact_at IS NULL', [c.id, at]);
  const due = c.firstContactDue ? new Date(`${c.firstContactDue}T23:59:59Z`) : null;
  await recordStat(tx, c.institutionId, c.id, 'first_contact', at, { ...c.facets, onTime: due ? at <= due : null }, (at.getTime() - c.createdAt.getTime()) / 3_600_000);
}
