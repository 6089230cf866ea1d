import { z } from 'zod';
import type { Request, Response } from 'express';
import { parseOrThrow } from '../../core/validation.ts';
import { listAccess } from '../../core/accessReview/accessLog.ts';
import { describeRule, listAlerts, reviewAlert } from '../../core/accessReview/unusualAccess.ts';
import { listStaff } from '../../core/staff.ts';
import { actorOf, renderInsight, type InsightDeps } from './page.ts';

const uuid = z.string().regex(/^[0-9a-f-]{36}$/i, 'is not a staff member');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)');
const accessQuerySchema = z.object({
  staff: z.union([uuid, z.literal('')]).optional(),
  ref: z.string().trim().max(40).optional(),
  from: z.union([day, z.literal('')]).optional(),
  to: z.union([day, z.literal('')]).optional(),
  colleague: z.enum(['1']).optional(),
  before: z.coerce.number().int().positive().optional(),
});
const reviewSchema = z.object({ note: z.string().trim().min(1, 'say what you found').max(2000) });

const RELATION: Record<string, string> = { holder: 'Held the case', unassigned: 'Unassigned (triage)', colleague: 'A colleague held it' };
const WHAT: Record<string, string> = { 'case.viewed': 'Opened the case', 'referral.viewed': 'Opened a referral', 'subject_access.exported': 'Subject access export' };

/** Access review: open alerts first (with a form to record what was found), then the access log with filters. */
export function accessReviewPages(deps: InsightDeps) {
  return {
    async page(req: Request, res: Response) {
      const actor = actorOf(res);
      const q = parseOrThrow(accessQuerySchema, req.query);
      const filter = {
        staffId: q.staff || undefined,
        reference: q.ref || undefined,
        from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
        to: q.to ? new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
        colleagueOnly: q.colleague === '1',
        before: q.before,
      };
      const [log, alerts, staff] = await Promise.all([
        listAccess(deps.core, actor, filter),
        listAlerts(deps.core, actor),
        deps.core.db.forInstitution(actor.institutionId, (tx) => listStaff(tx, { includeInactive: true })),
      ]);
      const keep = new URLSearchParams(Object.entries({ staff: q.staff ?? '', ref: q.ref ?? '', from: q.from ?? '', to: q.to ?? '', colleague: q.colleague ?? '' }).filter(([, v]) => v));
      if (log.next) keep.set('before', String(log.next));
      renderInsight(deps, res, 'insight-access-review', 'access-review', {
        title: 'Access review',
        rule: describeRule(),
        openAlerts: alerts.filter((a) => !a.reviewedAt),
        reviewedAlerts: alerts.filter((a) => a.reviewedAt).slice(0, 20),
        staffOptions: staff.map((s) => ({ id: s.id, name: s.displayName, selected: s.id === q.staff })),
        q,
        entries: log.entries.map((e) => ({ ...e, whatLabel: WHAT[e.what] ?? e.what, relationLabel: RELATION[e.relation], flagged: e.relation === 'colleague' })),
        nextHref: log.next ? `/tab/access-review?${keep.toString()}` : null,
        done: req.query.done === '1',
      });
    },
    async review(req: Request, res: Response) {
      const body = parseOrThrow(reviewSchema, req.body);
      await reviewAlert(deps.core, actorOf(res), { alertId: String(req.params.id), note: body.note });
      res.redirect(303, '/tab/access-review?done=1');
    },
  };
}
