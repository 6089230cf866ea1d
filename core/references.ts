import type { Sql } from './db/database.ts';
import type { Institution } from './institutions.ts';

/** A reference people can read out over the phone: PREFIX-YEAR-NNNN, counted per institution and year. */
export async function nextReference(tx: Sql, institution: Institution, at: Date): Promise<string> {
  const year = at.getUTCFullYear();
  const r = await tx.query<{ last: number }>(
    `INSERT INTO reference_counters (institution_id, year, last) VALUES ($1, $2, 1)
     ON CONFLICT (institution_id, year) DO UPDATE SET last = reference_counters.last + 1 RETURNING last`,
    [institution.id, year],
  );
  return `${institution.referencePrefix}-${year}-${String(r.rows[0]!.last).padStart(4, '0')}`;
}
