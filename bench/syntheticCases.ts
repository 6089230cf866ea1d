import type { Database } from '../core/db/database.ts';

/** What a synthetic batch looked like, for the caller's report. */
export interface SyntheticResult {
  count: number;
  ms: number;
  firstReference: string;
}

const BATCH = 50_000;

/**
 * Fills an institution with `count` realistic cases, fast: INSERT … SELECT over generate_series in
 * batches of 50,000, as the schema owner (no row-level security, no per-row round trip). Cases are
 * spread over five years up to now, so recent ones are mostly open and old ones mostly closed; they
 * carry the institution's own categories, characteristics and campuses in their facets, case
 * managers as assignees, first-contact dates (some met late, some still overdue), pseudonymous
 * match keys from a shared pool (so reporters and perpetrators recur and link suggestions have
 * work to do), a referral on about one case in twenty and time entries on about one in three.
 * They have no report content (no case key): lists, counts and statistics see them like any case.
 * Used by the workspace and statistics benchmarks.
 */
export async function generateSyntheticCases(db: Database, institutionId: string, count: number, opts: { years?: number } = {}): Promise<SyntheticResult> {
  const started = performance.now();
  const years = opts.years ?? 5;
  const opt = async (kind: string) =>
    (await db.query<{ key: string }>('SELECT key FROM options WHERE institution_id = $1 AND kind = $2 AND active ORDER BY sort', [institutionId, kind])).rows.map((r) => r.key);
  const [categories, characteristics, campuses, departments, outcomes] = await Promise.all(['category', 'characteristic', 'campus', 'department', 'outcome'].map(opt));
  const managers = (await db.query<{ id: string }>(`SELECT id FROM staff WHERE institution_id = $1 AND active AND roles && ARRAY['case_manager','lead'] ORDER BY email`, [institutionId])).rows.map((r) => r.id);
  if (!categories!.length || !managers.length) throw new Error('generateSyntheticCases: the institution needs categories and case managers (seed it first)');
  const offset = Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE institution_id = $1 AND reference LIKE 'SYN-%'`, [institutionId])).rows[0]!.n);
  const span = years * 365 * 86_400;
  for (let from = 1; from <= count; from += BATCH) {
    const to = Math.min(count, from + BATCH - 1);
    await db.transaction(async (tx) => {
      // $1 institution, $2 count, $3 offset, $4 seconds spanned, $5–$6 this batch, $7.. the institution's lists.
      await tx.query(
        `WITH g AS (
           SELECT i, now() - make_interval(secs => (($2::int - i)::float8 / $2::int) * $4::int + random() * 3600) AS created,
                  random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5
           FROM generate_series($5::int, $6::int) AS i
         ), s AS (
           SELECT g.*, extract(epoch FROM now() - created) / 86400 AS age,
             CASE WHEN r1 < 0.35 THEN 'anonymous' WHEN r1 < 0.6 THEN 'named_record' ELSE 'adviser' END AS kind
           FROM g
         ), t AS (
           SELECT s.*,
             CASE WHEN age < 14 THEN (ARRAY['new','triaged','in_progress','awaiting_reporter'])[1 + floor(r2 * 4)::int]
                  WHEN age < 90 THEN CASE WHEN r2 < 0.5 THEN 'closed' ELSE (ARRAY['triaged','in_progress','awaiting_reporter'])[1 + floor(r3 * 3)::int] END
                  WHEN r2 < 0.985 THEN 'closed' ELSE 'in_progress' END AS status
           FROM s
         )
         INSERT INTO cases (institution_id, reference, kind, status, outcome, assignee_id, facets, first_contact_due, first_contact_at, restricted_staff,
                            match_keys, created_at, updated_at, closed_at)
         SELECT $1, 'SYN-' || lpad(($3::int + i)::text, 8, '0'), kind, status,
           CASE WHEN status = 'closed' THEN ($7::text[])[1 + floor(r4 * array_length($7::text[], 1))::int] END,
           CASE WHEN status = 'new' THEN NULL ELSE ($8::uuid[])[1 + floor(r3 * array_length($8::uuid[], 1))::int] END,
           jsonb_build_object(
             'kind', kind, 'capacity', CASE WHEN r5 < 0.8 THEN 'self' WHEN r5 < 0.9 THEN 'witness' ELSE 'on_behalf' END,
             'connection', CASE WHEN r4 < 0.75 THEN 'student' WHEN r4 < 0.95 THEN 'staff' ELSE 'visitor' END, 'channel', CASE WHEN r3 < 0.4 THEN 'lti' ELSE 'web' END,
             'categories', CASE WHEN r5 < 0.3 THEN jsonb_build_array(($9::text[])[1 + floor(r1 * array_length($9::text[], 1))::int], ($9::text[])[1 + floor(r4 * array_length($9::text[], 1))::int])
                                ELSE jsonb_build_array(($9::text[])[1 + floor(r2 * array_length($9::text[], 1))::int]) END,
             'characteristics', CASE WHEN r3 < 0.35 THEN jsonb_build_array(($10::text[])[1 + floor(r5 * array_length($10::text[], 1))::int]) ELSE '[]'::jsonb END,
             'campus', CASE WHEN r4 < 0.15 THEN NULL ELSE ($11::text[])[1 + floor(r1 * array_length($11::text[], 1))::int] END,
             'online', r4 < 0.1, 'offCampus', r4 >= 0.1 AND r4 < 0.15, 'ongoing', CASE WHEN r2 < 0.3 THEN 'yes' WHEN r2 < 0.7 THEN 'no' ELSE 'unsure' END,
             'wants', '["support"]'::jsonb, 'perpetratorRelations', '["student"]'::jsonb,
             'consentToShare', r5 < 0.5, 'consentWith', CASE WHEN r5 < 0.5 THEN jsonb_build_array(($12::text[])[1]) ELSE '[]'::jsonb END,
             'contactByEmail', kind <> 'anonymous' AND r3 < 0.7),
           (created + interval '2 days')::date,
           CASE WHEN status = 'new' OR (status <> 'closed' AND r4 < 0.3) THEN NULL ELSE created + make_interval(hours => 2 + floor(r5 * 90)::int) END,
           CASE WHEN r5 < 0.001 THEN ARRAY[($8::uuid[])[1 + floor(r4 * array_length($8::uuid[], 1))::int]] ELSE '{}'::uuid[] END,
           array_remove(ARRAY[
             CASE WHEN kind <> 'anonymous' THEN 'reporter:' || substr(md5('r' || floor(r3 * ($2::int / 3 + 1))::text), 1, 32) END,
             'person:' || substr(md5('p' || floor(r4 * ($2::int / 4 + 1))::text), 1, 32)
           ], NULL),
           created, created,
           CASE WHEN status = 'closed' THEN created + make_interval(days => 3 + floor(r1 * 40)::int) END
         FROM t`,
        [institutionId, count, offset, span, from, to, outcomes, managers, categories, characteristics!.length ? characteristics : ['other'], campuses!.length ? campuses : ['main'], departments!.length ? departments : ['security']],
      );
      await tx.query(
        `INSERT INTO referrals (institution_id, case_id, department_key, shared, basis, summary, status, created_by, created_at, closed_at)
         SELECT c.institution_id, c.id, ($3::text[])[1 + floor(random() * array_length($3::text[], 1))::int], ARRAY['summary'], 'legitimate_interests', '\\x00'::bytea,
                CASE WHEN c.status = 'closed' THEN 'done' ELSE 'open' END, c.assignee_id, c.created_at + interval '1 day', CASE WHEN c.status = 'closed' THEN c.closed_at END
         FROM cases c WHERE c.institution_id = $1 AND c.reference BETWEEN $2 AND $4 AND c.assignee_id IS NOT NULL AND random() < 0.05`,
        [institutionId, `SYN-${String(offset + from).padStart(8, '0')}`, departments!.length ? departments : ['security'], `SYN-${String(offset + to).padStart(8, '0')}`],
      );
      await tx.query(
        `INSERT INTO time_entries (institution_id, case_id, staff_id, minutes, on_date, created_at)
         SELECT c.institution_id, c.id, c.assignee_id, 15 + floor(random() * 225)::int, (c.created_at + interval '1 day')::date, c.created_at + interval '1 day'
         FROM cases c WHERE c.institution_id = $1 AND c.reference BETWEEN $2 AND $3 AND c.assignee_id IS NOT NULL AND random() < 0.33`,
        [institutionId, `SYN-${String(offset + from).padStart(8, '0')}`, `SYN-${String(offset + to).padStart(8, '0')}`],
      );
    });
  }
  await db.query('ANALYZE cases');
  await db.query('ANALYZE referrals');
  await db.query('ANALYZE time_entries');
  return { count, ms: performance.now() - started, firstReference: `SYN-${String(offset + 1).padStart(8, '0')}` };
}
