import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError, forbidden, notFound } from '../errors.ts';
import { canInInstitution } from '../policies/casePolicy.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';
import { HOLDER_AT_ACCESS } from './accessLog.ts';

/**
 * The rule, in one sentence an administrator can check: someone who opens `threshold` or more
 * different cases that a colleague held at the time, within `windowHours`, is worth a look
 * (triage of unassigned cases and one's own cases never count).
 */
export interface UnusualAccessRule {
  threshold: number;
  windowHours: number;
}
const DEFAULT_RULE: UnusualAccessRule = { threshold: 10, windowHours: 24 };
const RULE_NAME = 'colleagues_cases';

/** The rule in words, for the page that shows its alerts. */
export function describeRule(r: UnusualAccessRule = DEFAULT_RULE): string {
  return `Opened ${r.threshold} or more different cases held by a colleague within ${r.windowHours} hours.`;
}

/** An alert as the access review page shows it. */
export interface AccessAlert {
  id: string;
  staffId: string;
  staffName: string;
  rule: string;
  windowStart: Date;
  windowEnd: Date;
  caseCount: number;
  references: string[];
  raisedAt: Date;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
}

/**
 * Checks the rule over the window ending now and raises one alert per person (not again while an
 * alert for them is within the window), each with an `access.unusual` event for the administrator's
 * mail. Serialised per institution, so several instances raise each alert once.
 */
export async function detectUnusualAccess(core: Core, institutionId: string, rule: UnusualAccessRule = DEFAULT_RULE): Promise<string[]> {
  const now = core.now();
  const from = new Date(now.getTime() - rule.windowHours * 3_600_000);
  return core.db.forInstitution(institutionId, async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('harbour-access-review'), hashtext($1))`, [institutionId]);
    const found = (
      await tx.query<{ staff_id: string; n: number; cases: string[] }>(
        `SELECT a.staff_id, count(DISTINCT a.case_id)::int AS n, array_agg(DISTINCT a.case_id) AS cases
         FROM access_log a ${HOLDER_AT_ACCESS}
         WHERE a.what = 'case.viewed' AND a.at > $1 AND a.at <= $2 AND h.holder IS NOT NULL AND h.holder <> a.staff_id::text
         GROUP BY a.staff_id HAVING count(DISTINCT a.case_id) >= $3`,
        [from, now, rule.threshold],
      )
    ).rows;
    const raised: string[] = [];
    for (const f of found) {
      const recent = await tx.query('SELECT 1 FROM access_alerts WHERE staff_id = $1 AND rule = $2 AND window_end > $3', [f.staff_id, RULE_NAME, from]);
      if (recent.rowCount) continue;
      const id = (
        await tx.query<{ id: string }>(
          'INSERT INTO access_alerts (institution_id, staff_id, rule, window_start, window_end, case_count, case_ids, raised_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$5) RETURNING id',
          [institutionId, f.staff_id, RULE_NAME, from, now, Number(f.n), f.cases],
        )
      ).rows[0]!.id;
      await enqueue(tx, institutionId, EVENTS.unusualAccess, { alertId: id, caseCount: Number(f.n), windowHours: rule.windowHours });
      raised.push(id);
    }
    if (raised.length) core.log.warn({ institutionId, alerts: raised.length }, 'unusual access to case records: alert raised for the administrator');
    return raised;
  });
}

/** Alerts, newest first, with names and case references, for the access review page. */
export async function listAlerts(core: Core, actor: Actor, opts: { open?: boolean } = {}): Promise<AccessAlert[]> {
  if (!canInInstitution(actor, 'review_access')) throw forbidden('Access review is for the data protection officer and administrators.');
  return core.db.forInstitution(actor.institutionId, async (tx) =>
    (
      await tx.query<{ id: string; staff_id: string; display_name: string; rule: string; window_start: Date; window_end: Date; case_count: number; refs: string[]; raised_at: Date; reviewer: string | null; reviewed_at: Date | null; review_note: string | null }>(
        `SELECT a.id, a.staff_id, s.display_name, a.rule, a.window_start, a.window_end, a.case_count, a.raised_at, r.display_name AS reviewer, a.reviewed_at, a.review_note,
           ARRAY(SELECT c.reference FROM cases c WHERE c.id = ANY(a.case_ids) ORDER BY c.reference) AS refs
         FROM access_alerts a JOIN staff s ON s.id = a.staff_id LEFT JOIN staff r ON r.id = a.reviewed_by
         WHERE NOT $1 OR a.reviewed_at IS NULL ORDER BY a.raised_at DESC LIMIT 100`,
        [Boolean(opts.open)],
      )
    ).rows.map((r) => ({
      id: r.id, staffId: r.staff_id, staffName: r.display_name, rule: r.rule, windowStart: r.window_start, windowEnd: r.window_end, caseCount: Number(r.case_count),
      references: r.refs, raisedAt: r.raised_at, reviewedBy: r.reviewer, reviewedAt: r.reviewed_at, reviewNote: r.review_note,
    })),
  );
}

/** Closes an alert with what the reviewer found (e.g. "covering for a colleague on leave"). */
export async function reviewAlert(core: Core, actor: Actor, input: { alertId: string; note: string }): Promise<void> {
  if (!canInInstitution(actor, 'review_access') || actor.kind !== 'staff') throw forbidden('Access review is for the data protection officer and administrators.');
  const note = input.note.trim();
  if (!note) throw new DomainError('invalid', 'Say what you found.', { note: 'is empty' });
  if (!/^[0-9a-f-]{36}$/i.test(input.alertId)) throw notFound('That alert');
  const r = await core.db.forInstitution(actor.institutionId, (tx) =>
    tx.query('UPDATE access_alerts SET reviewed_by = $2, reviewed_at = $3, review_note = $4 WHERE id = $1 AND reviewed_at IS NULL', [input.alertId, actor.staffId, core.now(), note]),
  );
  if (!r.rowCount) throw new DomainError('conflict', 'That alert was already reviewed.');
}
