import { z } from 'zod';
import type { Request, Response } from 'express';
import { parseOrThrow } from '../../core/validation.ts';
import { readWorkload } from '../../core/queries/workload.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { actorOf, renderPage } from '../page.ts';
import { hoursAndMinutes, loadLookup } from '../labels.ts';

export const workloadQuerySchema = z.object({ weeks: z.enum(['1', '4', '8', '13']).default('4') });

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

/** The lead's view of who carries what: time recorded against hours allocated, open and overdue cases. */
export function workloadHandler(deps: WorkspaceDeps) {
  return async (req: Request, res: Response) => {
    const actor = actorOf(res);
    const q = parseOrThrow(workloadQuerySchema, req.query);
    const w = await readWorkload(deps.core, actor, { weeks: Number(q.weeks) });
    const lookup = await deps.core.db.forInstitution(actor.institutionId, (tx) => loadLookup(tx));
    renderPage(deps, res, 'ws-workload', {
      title: 'Workload',
      bodyClass: 'wide',
      weeks: w.weeks,
      weekChoices: ['1', '4', '8', '13'].map((v) => ({ value: v, selected: v === q.weeks })),
      periodStart: w.periodStart,
      weekStart: w.weekStart,
      hoursPerCase: w.hoursPerCase,
      people: w.people.map((p) => {
        const weekly = p.weeklyHours * 60;
        return {
          ...p,
          weekly: hoursAndMinutes(weekly),
          thisWeek: hoursAndMinutes(p.minutesThisWeek),
          thisWeekPct: pct(p.minutesThisWeek, weekly),
          weekOver: p.minutesThisWeek > weekly,
          period: hoursAndMinutes(p.minutesInPeriod),
          allocated: hoursAndMinutes(p.allocatedMinutesInPeriod),
          periodPct: pct(p.minutesInPeriod, p.allocatedMinutesInPeriod),
          over: p.minutesInPeriod > p.allocatedMinutesInPeriod,
          remaining: hoursAndMinutes(p.remainingEstimateMinutes),
          weeksOfWork: weekly > 0 ? (p.remainingEstimateMinutes / weekly).toFixed(1) : '—',
        };
      }),
      overBudget: w.overBudget.map((c) => ({ ...c, href: `/tab/cases/${c.caseId}`, assignee: lookup.staffName(c.assigneeId) ?? '—', spent: hoursAndMinutes(c.minutes) })),
    });
  };
}
