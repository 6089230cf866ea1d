import crypto from 'node:crypto';
import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { parseOrThrow } from '../validation.ts';
import { reportFacets, reportInputSchema, type Report, type ReportInput } from '../model/report.ts';
import { canonicalJson, sha256Hex } from '../crypto/hashing.ts';
import { hashFollowUpCode, newFollowUpCode } from '../crypto/followUpCode.ts';
import { seal } from '../crypto/keyring.ts';
import { createCaseKey } from '../caseKeys.ts';
import { appendEntry } from '../ledger/ledger.ts';
import { signCheckpoint, type Checkpoint } from '../ledger/checkpoints.ts';
import { institutionMatchKey, loadInstitution } from '../institutions.ts';
import { reportMatchKeys } from '../matchKeys.ts';
import { addWorkingDays } from '../workingDays.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';
import { recordStat } from '../record.ts';
import { nextReference } from '../references.ts';
import { checkOptions } from '../options.ts';
import { actorLabel } from '../actor.ts';

export interface SubmittedReport {
  caseId: string;
  reference: string;
  followUpCode: string;
  submittedAt: string;
  /** The report exactly as recorded (canonical JSON): its SHA-256 is `contentHash`. */
  recorded: string;
  contentHash: string;
  ledgerEntry: { seq: number; hash: string; body: string };
  checkpoint: Checkpoint;
}

/**
 * Submits a report: the immutable original, the case it opens, its key, its ledger entry and a
 * signed checkpoint, a statistics row and the case-opened event, all in one transaction. Only
 * after commit does the reporter get a reference and follow-up code, so an acknowledged report is
 * durable. `submissionKey` (from the form) makes a double submit store nothing twice.
 */
export async function submitReport(core: Core, actor: Actor, input: ReportInput, submissionKey?: string): Promise<SubmittedReport> {
  if (actor.kind !== 'public' && actor.kind !== 'staff') throw new DomainError('forbidden', 'Only a reporter or staff member can submit a report.');
  const report: Report = parseOrThrow(reportInputSchema, input);
  if (report.kind === 'anonymous') {
    delete report.reporter;
  }
  const followUpCode = newFollowUpCode();
  const followUpHash = await hashFollowUpCode(followUpCode, core.followUpCost);
  const at = core.now();
  const institutionId = actor.institutionId;

  try {
    return await core.db.forInstitution(institutionId, async (tx) => {
      await checkOptions(tx, report);
      const institution = await loadInstitution(tx, institutionId);
      const caseId = crypto.randomUUID();
      const reference = await nextReference(tx, institution, at);
      const { equality, ...kept } = report;
      const recorded = canonicalJson({ institution: institutionId, reference, submittedAt: at.toISOString(), report: kept });
      const contentHash = sha256Hex(recorded);
      const facets = reportFacets(report);
      const firstContactDue = addWorkingDays(at, institution.settings.firstContactWorkingDays);
      const matchKeys = reportMatchKeys(await institutionMatchKey(tx, core.keyring, institutionId), report);

      await tx.query(
        `INSERT INTO cases (id, institution_id, reference, kind, facets, first_contact_due, followup_hash, submission_key, match_keys, created_at, updated_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10)`,
        [caseId, institutionId, reference, report.kind, JSON.stringify(facets), firstContactDue, followUpHash, submissionKey ? sha256Hex(submissionKey) : null, matchKeys, at],
      );
      const key = await createCaseKey(tx, core.keyring, institutionId, caseId);
      const entry = await appendEntry(tx, institutionId, {
        actor: actorLabel(actor),
        action: 'report.submitted',
        caseId,
        at,
        data: { reference, kind: report.kind, channel: report.channel, contentHash },
      });
      await tx.query('INSERT INTO reports (institution_id, case_id, submitted_at, channel, content, content_hash, ledger_seq) VALUES ($1,$2,$3,$4,$5,$6,$7)', [
        institutionId,
        caseId,
        at,
        report.channel,
        seal(key, Buffer.from(recorded), `${caseId}:report`),
        contentHash,
        entry.seq,
      ]);
      const checkpoint = await signCheckpoint(tx, core.keyring, institutionId, entry.seq, entry.hash, at);
      await recordStat(tx, institutionId, caseId, 'opened', at, facets);
      if (equality && Object.keys(equality).length)
        await tx.query('INSERT INTO equality_responses (institution_id, month, answers) VALUES ($1, $2, $3)', [institutionId, `${at.toISOString().slice(0, 7)}-01`, JSON.stringify(equality)]);
      await enqueue(tx, institutionId, EVENTS.caseOpened, {
        caseId,
        reference,
        kind: report.kind,
        categories: facets.categories,
        campus: facets.campus,
        ongoing: facets.ongoing,
        firstContactDue,
      });
      return { caseId, reference, followUpCode, submittedAt: at.toISOString(), recorded, contentHash, ledgerEntry: entry, checkpoint };
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505' && String((err as Error).message).includes('submission_key'))
      throw new DomainError('conflict', 'This report was already received. Check your follow-up code, or start a new report.');
    throw err;
  }
}
