import fs from 'node:fs/promises';
import path from 'node:path';
import type { CliCommand, CliContext } from './registry.ts';
import type { Core } from '../core/core.ts';
import type { Actor } from '../core/actor.ts';
import type { EvidenceDeps } from '../core/evidence/deps.ts';
import type { FileStore } from '../core/evidence/ports.ts';
import { evidenceLimits } from '../core/evidence/limits.ts';
import { listInstitutions } from '../core/institutions.ts';
import { runRetention } from '../core/retention/retentionRunner.ts';
import { completeAccessRequest, recordSubjectRequest } from '../core/subjectRights/requests.ts';
import { subjectExportPdf } from '../core/subjectRights/subjectExportPdf.ts';
import { reindexMatchKeys } from '../core/subjectRights/matchKeyReindex.ts';
import { detectUnusualAccess } from '../core/accessReview/unusualAccess.ts';
import { evidenceSettings } from '../evidence-storage/setup.ts';
import { localFileStore } from '../evidence-storage/localFileStore.ts';
import { azureBlobFileStore } from '../evidence-storage/azureBlobFileStore.ts';

/** The evidence store as the server configures it, so retention deletes file bytes too (no scanner needed). */
async function evidenceFor(core: Core, ctx: CliContext): Promise<EvidenceDeps> {
  const s = evidenceSettings();
  let store: FileStore;
  if (s.store === 'azure') {
    const azure = azureBlobFileStore({ connectionString: s.azureConnectionString!, container: s.azureContainer });
    await azure.ready();
    store = azure;
  } else store = localFileStore(path.join(ctx.config.DATA_DIR, 'files'));
  return { core, store, limits: evidenceLimits({ maxFileMb: s.maxFileMb, maxCaseMb: s.maxCaseMb, maxFilesPerRequest: s.maxFiles }) };
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '-');

/** Operator commands for retention, subject rights and access review. */
export const insightCommands: CliCommand[] = [
  {
    words: ['retention', 'run'],
    summary: 'destroy the content of closed cases past the retention period (not on legal hold); prints what was destroyed',
    usage: 'retention run [--institution SLUG] [--dry-run]',
    options: { institution: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    async run(v, _p, ctx) {
      const core = await ctx.core();
      const dryRun = Boolean(v['dry-run']);
      const reports = await runRetention({ core, evidence: dryRun ? undefined : await evidenceFor(core, ctx) }, { institutionSlug: v.institution as string | undefined, dryRun, triggeredBy: 'operator:cli' });
      if (!reports.length) {
        ctx.out(v.institution ? `No institution with slug ${String(v.institution)}.` : 'There are no institutions yet.');
        return 2;
      }
      for (const r of reports) {
        ctx.out(`${r.institution.slug}: retention ${r.retentionYears} years, closed before ${day(r.cutoff)}: ${r.destroyed.length} case(s) ${dryRun ? 'would be' : 'were'} destroyed, ${r.held.length} kept on legal hold${r.runId ? ` (run ${r.runId})` : ''}`);
        for (const d of r.destroyed) ctx.out(`  ${dryRun ? 'would destroy' : 'destroyed'} ${d.reference} (closed ${day(d.closedAt)}, ${d.evidenceFiles} evidence file(s))`);
        for (const h of r.held) ctx.out(`  kept on legal hold ${h.reference} (closed ${day(h.closedAt)})`);
      }
      return 0;
    },
  },
  {
    words: ['subject', 'export'],
    summary: 'export everything held about a person (subject access request) as JSON and PDF, third-party data marked for review',
    usage: 'subject export --institution SLUG (--email ADDRESS | --name "FULL NAME" | --id STUDENT_OR_STAFF_ID)... [--out DIR] [--scan-text]',
    options: { institution: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' }, out: { type: 'string' }, 'scan-text': { type: 'boolean' } },
    async run(v, _p, ctx) {
      if (!v.institution || !(v.email || v.name || v.id)) {
        ctx.out('Give --institution and at least one of --email, --name, --id.');
        return 2;
      }
      const core = await ctx.core();
      const inst = (await listInstitutions(core.db)).find((i) => i.slug === v.institution);
      if (!inst) {
        ctx.out(`No institution with slug ${String(v.institution)}.`);
        return 2;
      }
      const actor: Actor = { kind: 'system', institutionId: inst.id, name: 'subject-access-cli' };
      const req = await recordSubjectRequest(core, actor, { kind: 'access', subject: { email: v.email as string | undefined, name: v.name as string | undefined, identifier: v.id as string | undefined } });
      const x = await completeAccessRequest(core, actor, req.id, { scanText: Boolean(v['scan-text']) });
      const dir = path.resolve((v.out as string | undefined) ?? '.');
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      const base = path.join(dir, `subject-access-${req.id}`);
      await fs.writeFile(`${base}.json`, JSON.stringify(x, null, 2), { mode: 0o600 });
      await fs.writeFile(`${base}.pdf`, await subjectExportPdf(x), { mode: 0o600 });
      ctx.out(`Request ${req.id}: ${x.summary.cases} case(s), ${x.summary.items} item(s), ${x.summary.forReview} marked for review${x.summary.textsScanned === null ? '' : `, ${x.summary.textsScanned} case texts scanned`}.`);
      ctx.out(`Written: ${base}.json and ${base}.pdf (review before release: they hold other people's data).`);
      return 0;
    },
  },
  {
    words: ['subject', 'reindex'],
    summary: 'add missing match keys (witnesses, person reported for) to older cases so subject searches find them',
    usage: 'subject reindex [--institution SLUG]',
    options: { institution: { type: 'string' } },
    async run(v, _p, ctx) {
      const core = await ctx.core();
      for (const i of (await listInstitutions(core.db)).filter((x) => !v.institution || x.slug === v.institution)) {
        const r = await reindexMatchKeys(core, i.id);
        ctx.out(`${i.slug}: ${r.cases} case(s) read, ${r.updated} updated.`);
      }
      return 0;
    },
  },
  {
    words: ['access', 'check'],
    summary: 'check the unusual-access rule now (the server also does this every 15 minutes) and raise alerts',
    usage: 'access check [--institution SLUG]',
    options: { institution: { type: 'string' } },
    async run(v, _p, ctx) {
      const core = await ctx.core();
      for (const i of (await listInstitutions(core.db)).filter((x) => !v.institution || x.slug === v.institution)) {
        const raised = await detectUnusualAccess(core, i.id);
        ctx.out(`${i.slug}: ${raised.length} new alert(s).`);
      }
      return 0;
    },
  },
];
