import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import type { EvidenceDeps } from '../evidence/deps.ts';
import { deleteEvidenceBlobs } from '../evidence/evidenceRetention.ts';
import { listInstitutions, type Institution } from '../institutions.ts';
import { destroyCaseContent } from './shredder.ts';

/** What retention needs: the core, and the evidence store when one is configured (to delete file bytes too). */
export interface RetentionDeps {
  core: Core;
  evidence?: EvidenceDeps;
}

/** What one run did (or, dry, would do) for one institution: the destruction report. */
export interface RetentionReport {
  institution: { id: string; slug: string; name: string };
  dryRun: boolean;
  runId: string | null;
  retentionYears: number;
  cutoff: Date;
  destroyed: { reference: string; closedAt: Date | null; evidenceFiles: number }[];
  /** Past the retention period but kept because they are on legal hold. */
  held: { reference: string; closedAt: Date | null }[];
  evidenceBlobsDeleted: number;
}

/** The moment before which a closed case has passed its retention period. */
export function retentionCutoff(now: Date, years: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - Math.round(years * 12));
  return d;
}

/**
 * Applies each institution's retention policy: every case closed longer ago than its retention
 * period (`settings.retentionYears`, e.g. six years) and not on legal hold has its content
 * destroyed by destroying its key; statistics and the ledger stay, and the ledger still verifies.
 * Idempotent (destroyed cases are not selected again) and safe with several instances running at
 * once (each takes a batch of case rows with SKIP LOCKED). Records the run and returns the report.
 */
export async function runRetention(deps: RetentionDeps, opts: { institutionSlug?: string; dryRun?: boolean; triggeredBy: string; batchSize?: number }): Promise<RetentionReport[]> {
  const institutions = (await listInstitutions(deps.core.db)).filter((i) => !opts.institutionSlug || i.slug === opts.institutionSlug);
  const reports: RetentionReport[] = [];
  for (const inst of institutions) reports.push(await runForInstitution(deps, inst, opts));
  return reports;
}

async function runForInstitution(deps: RetentionDeps, inst: Institution, opts: { dryRun?: boolean; triggeredBy: string; batchSize?: number }): Promise<RetentionReport> {
  const { core } = deps;
  const now = core.now();
  const years = Number(inst.settings.retentionYears);
  const cutoff = retentionCutoff(now, years);
  const due = `c.institution_id = $1 AND c.status = 'closed' AND c.closed_at < $2 AND c.content_destroyed_at IS NULL`;
  const held = (await core.db.query<{ reference: string; closed_at: Date | null }>(`SELECT reference, closed_at FROM cases c WHERE ${due} AND c.legal_hold ORDER BY closed_at`, [inst.id, cutoff])).rows.map((r) => ({ reference: r.reference, closedAt: r.closed_at }));
  const report: RetentionReport = { institution: { id: inst.id, slug: inst.slug, name: inst.name }, dryRun: Boolean(opts.dryRun), runId: null, retentionYears: years, cutoff, destroyed: [], held, evidenceBlobsDeleted: 0 };
  if (opts.dryRun) {
    const rows = (await core.db.query<{ reference: string; closed_at: Date | null; files: number }>(
      `SELECT c.reference, c.closed_at, (SELECT count(*)::int FROM evidence_files e WHERE e.case_id = c.id) AS files FROM cases c WHERE ${due} AND NOT c.legal_hold ORDER BY c.closed_at`,
      [inst.id, cutoff],
    )).rows;
    report.destroyed = rows.map((r) => ({ reference: r.reference, closedAt: r.closed_at, evidenceFiles: Number(r.files) }));
    return report;
  }
  const runId = (
    await core.db.query<{ id: string }>('INSERT INTO retention_runs (institution_id, started_at, retention_years, cutoff, triggered_by) VALUES ($1,$2,$3,$4,$5) RETURNING id', [inst.id, now, years, cutoff, opts.triggeredBy])
  ).rows[0]!.id;
  report.runId = runId;
  const actor: Actor = { kind: 'system', institutionId: inst.id, name: 'retention' };
  const batch = opts.batchSize ?? 50;
  for (;;) {
    const done = await core.db.transaction(async (tx) => {
      const ids = (await tx.query<{ id: string }>(`SELECT c.id FROM cases c WHERE ${due} AND NOT c.legal_hold ORDER BY c.closed_at LIMIT $3 FOR UPDATE SKIP LOCKED`, [inst.id, cutoff, batch])).rows;
      const out = [];
      for (const { id } of ids) {
        const d = await destroyCaseContent(tx, core, id, { reason: 'retention', runId, retentionYears: years }, actor);
        if (d) out.push(d);
      }
      return { selected: ids.length, destroyed: out };
    });
    report.destroyed.push(...done.destroyed.map((d) => ({ reference: d.reference, closedAt: d.closedAt, evidenceFiles: d.evidenceFiles })));
    if (done.selected < batch) break;
  }
  report.evidenceBlobsDeleted = await deleteDestroyedBlobs(deps, inst.id);
  await core.db.query('UPDATE retention_runs SET finished_at = $2, destroyed = $3, held = $4 WHERE id = $1', [runId, core.now(), report.destroyed.length, held.length]);
  core.log.info({ institution: inst.slug, runId, destroyed: report.destroyed.length, held: held.length, evidenceBlobsDeleted: report.evidenceBlobsDeleted }, 'retention run finished');
  return report;
}

/**
 * Deletes the stored bytes of every evidence file whose case content is destroyed and whose bytes
 * are still there (this run's, or an earlier run's that failed part-way): the keys are already
 * gone, this removes the ciphertext too.
 */
export async function deleteDestroyedBlobs(deps: RetentionDeps, institutionId: string): Promise<number> {
  if (!deps.evidence) return 0;
  const cases = (
    await deps.core.db.query<{ case_id: string }>(
      `SELECT DISTINCT e.case_id FROM evidence_files e JOIN cases c ON c.id = e.case_id WHERE c.institution_id = $1 AND c.content_destroyed_at IS NOT NULL AND e.blob_deleted_at IS NULL`,
      [institutionId],
    )
  ).rows;
  let n = 0;
  for (const c of cases) n += await deleteEvidenceBlobs(deps.evidence, c.case_id);
  return n;
}
