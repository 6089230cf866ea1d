import type { Request, Response } from 'express';
import { canInInstitution } from '../../core/policies/casePolicy.ts';
import { forbidden } from '../../core/errors.ts';
import { runRetention, retentionCutoff } from '../../core/retention/retentionRunner.ts';
import { loadInstitution } from '../../core/institutions.ts';
import { actorOf, renderInsight, type InsightDeps } from './page.ts';

/**
 * The retention page: the policy, what a run would destroy now (a dry run), what legal hold keeps,
 * what is due in the next 90 days, and the destruction report of past runs. Administrators can
 * run it now; the daily job does it anyway.
 */
export function retentionPages(deps: InsightDeps) {
  return {
    async page(req: Request, res: Response) {
      const actor = actorOf(res);
      const inst = await deps.core.db.forInstitution(actor.institutionId, (tx) => loadInstitution(tx, actor.institutionId));
      const [preview] = await runRetention({ core: deps.core }, { institutionSlug: inst.slug, dryRun: true, triggeredBy: 'preview' });
      const soon = retentionCutoff(new Date(deps.core.now().getTime() + 90 * 86_400_000), Number(inst.settings.retentionYears));
      const data = await deps.core.db.forInstitution(actor.institutionId, async (tx) => ({
        upcoming: (await tx.query<{ reference: string; closed_at: Date; legal_hold: boolean }>(
          `SELECT reference, closed_at, legal_hold FROM cases WHERE status = 'closed' AND content_destroyed_at IS NULL AND closed_at >= $1 AND closed_at < $2 ORDER BY closed_at LIMIT 200`, [preview!.cutoff, soon])).rows,
        runs: (await tx.query<{ id: string; started_at: Date; finished_at: Date | null; triggered_by: string; destroyed: number; held: number }>(
          'SELECT id, started_at, finished_at, triggered_by, destroyed, held FROM retention_runs ORDER BY started_at DESC LIMIT 20')).rows,
        destroyed: (await tx.query<{ reference: string; reason: string; closed_at: Date | null; destroyed_at: Date; evidence_files: number }>(
          'SELECT reference, reason, closed_at, destroyed_at, evidence_files FROM content_destructions ORDER BY destroyed_at DESC LIMIT 100')).rows,
      }));
      renderInsight(deps, res, 'insight-retention', 'retention', {
        title: 'Retention',
        years: inst.settings.retentionYears,
        cutoff: preview!.cutoff,
        due: preview!.destroyed,
        held: preview!.held,
        upcoming: data.upcoming.map((u) => ({ reference: u.reference, closedAt: u.closed_at, legalHold: u.legal_hold })),
        runs: data.runs,
        destroyed: data.destroyed.map((d) => ({ ...d, erasure: d.reason === 'erasure' })),
        canRun: canInInstitution(actor, 'manage_settings'),
        ran: typeof req.query.ran === 'string' ? req.query.ran : null,
      });
    },
    async run(_req: Request, res: Response) {
      const actor = actorOf(res);
      if (!canInInstitution(actor, 'manage_settings')) throw forbidden('Only an administrator can run retention.');
      const inst = await deps.core.db.forInstitution(actor.institutionId, (tx) => loadInstitution(tx, actor.institutionId));
      const [r] = await runRetention({ core: deps.core, evidence: deps.evidence ?? undefined }, { institutionSlug: inst.slug, triggeredBy: `staff:${actor.staffId}` });
      res.redirect(303, `/tab/retention?ran=${r?.destroyed.length ?? 0}`);
    },
  };
}
