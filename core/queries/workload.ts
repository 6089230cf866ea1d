import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { canInInstitution } from '../policies/casePolicy.ts';
import { loadInstitution } from '../institutions.ts';

export interface CaseManagerLoad {
  staffId: string;
  name: string;
  /** Hours a week allocated to case work (the seed: 7.5). */
  weeklyHours: number;
  openCases: number;
  overdueFirstContact: number;
  minutesThisWeek: number;
  minutesInPeriod: number;
  /** Allocation over the period: weeklyHours × weeks. */
  allocatedMinutesInPeriod: number;
  /** Expected work left on their open cases: hours per case × open cases, less time already spent on them. */
  remainingEstimateMinutes: number;
}

export interface Workload {
  weeks: number;
  periodStart: string;
  weekStart: string;
  hoursPerCase: number;
  people: CaseManagerLoad[];
  /** Open cases that have taken more than the expected hours per case, most first. */
  overBudget: { caseId: string; reference: string; assigneeId: string | null; minutes: number }[];
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** Monday of the week `d` falls in (UTC dates). */
function mondayOf(d: Date): Date {
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  m.setUTCDate(m.getUTCDate() - ((m.getUTCDay() + 6) % 7));
  return m;
}

/**
 * The lead's workload view: for each case manager, open cases, overdue first contacts, and time
 * recorded this week and over the last `weeks` weeks against the hours allocated; and the open cases
 * that have taken more than the expected hours per case. Counts only: no case content. Cases the lead
 * is excluded from are left out of the over-budget list.
 */
export async function readWorkload(core: Core, actor: Actor, opts: { weeks?: number } = {}): Promise<Workload> {
  if (!canInInstitution(actor, 'view_workload') || actor.kind !== 'staff') throw new DomainError('forbidden', 'Only a lead case manager can see the workload.');
  const weeks = Math.min(Math.max(opts.weeks ?? 4, 1), 26);
  const now = core.now();
  const weekStart = mondayOf(now);
  const periodStart = new Date(weekStart.getTime() - (weeks - 1) * 7 * 86_400_000);
  const today = isoDate(now);
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const inst = await loadInstitution(tx, actor.institutionId);
    const budget = inst.settings.hoursPerCase * 60;
    const people = (await tx.query<{ id: string; display_name: string; weekly_hours: number }>(
      `SELECT id, display_name, weekly_hours FROM staff WHERE active AND (roles && ARRAY['case_manager','lead']) ORDER BY display_name`,
    )).rows;
    const open = new Map((await tx.query<{ assignee_id: string; open: number; overdue: number }>(
      `SELECT assignee_id, count(*)::int AS open,
              count(*) FILTER (WHERE first_contact_at IS NULL AND first_contact_due < $1::date)::int AS overdue
       FROM cases WHERE status <> 'closed' AND assignee_id IS NOT NULL GROUP BY assignee_id`,
      [today],
    )).rows.map((r) => [r.assignee_id, r]));
    const time = new Map((await tx.query<{ staff_id: string; week: number; period: number }>(
      `SELECT staff_id, COALESCE(sum(minutes) FILTER (WHERE on_date >= $2::date), 0)::int AS week, COALESCE(sum(minutes), 0)::int AS period
       FROM time_entries WHERE on_date >= $1::date GROUP BY staff_id`,
      [isoDate(periodStart), isoDate(weekStart)],
    )).rows.map((r) => [r.staff_id, r]));
    const spentOnOpen = new Map((await tx.query<{ assignee_id: string; minutes: number }>(
      `SELECT c.assignee_id, sum(LEAST(t.minutes, $1::int))::int AS minutes FROM cases c
       JOIN LATERAL (SELECT sum(minutes) AS minutes FROM time_entries te WHERE te.case_id = c.id) t ON true
       WHERE c.status <> 'closed' AND c.assignee_id IS NOT NULL AND t.minutes IS NOT NULL GROUP BY c.assignee_id`,
      [budget],
    )).rows.map((r) => [r.assignee_id, r.minutes]));
    const overBudget = (await tx.query<{ id: string; reference: string; assignee_id: string | null; minutes: number }>(
      `SELECT c.id, c.reference, c.assignee_id, t.minutes FROM cases c
       JOIN LATERAL (SELECT sum(minutes)::int AS minutes FROM time_entries te WHERE te.case_id = c.id) t ON true
       WHERE c.status <> 'closed' AND t.minutes > $1 AND NOT ($2::uuid = ANY(c.restricted_staff)) ORDER BY t.minutes DESC LIMIT 20`,
      [budget, actor.staffId],
    )).rows;
    return {
      weeks,
      periodStart: isoDate(periodStart),
      weekStart: isoDate(weekStart),
      hoursPerCase: inst.settings.hoursPerCase,
      people: people.map((p) => {
        const o = open.get(p.id);
        const t = time.get(p.id);
        const openCases = o?.open ?? 0;
        return {
          staffId: p.id,
          name: p.display_name,
          weeklyHours: Number(p.weekly_hours),
          openCases,
          overdueFirstContact: o?.overdue ?? 0,
          minutesThisWeek: t?.week ?? 0,
          minutesInPeriod: t?.period ?? 0,
          allocatedMinutesInPeriod: Math.round(Number(p.weekly_hours) * 60 * weeks),
          remainingEstimateMinutes: Math.max(0, openCases * budget - (spentOnOpen.get(p.id) ?? 0)),
        };
      }),
      overBudget: overBudget.map((r) => ({ caseId: r.id, reference: r.reference, assigneeId: r.assignee_id, minutes: r.minutes })),
    };
  });
}
