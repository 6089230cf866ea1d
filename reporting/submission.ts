import type { Core } from '../core/core.ts';
import type { ReportInput } from '../core/model/report.ts';
import type { EvidenceDeps } from '../core/evidence/deps.ts';
import { submitReport, type SubmittedReport } from '../core/commands/reportSubmitter.ts';
import { attachStagedFiles, submitterActor } from '../core/evidence/evidenceAttacher.ts';
import { receiptForSubmission, type Receipt } from '../core/receipts/receipts.ts';
import type { Draft } from './draftToken.ts';

export interface SubmissionOutcome {
  submitted: SubmittedReport;
  receipt: Receipt;
  attachedFiles: number;
  /** The report is in, but its files could not be attached (expired while the form was open). */
  filesFailed: boolean;
}

/** How long a finished submission is remembered, so a second click gets the same answer. */
const REMEMBER_MS = 120_000;

/**
 * Sends a report once. The draft's id is the submission key, so the core stores nothing twice;
 * and while the first request is running (and two minutes after), a second submit of the same
 * draft (a double click, a resend after a dropped connection) is answered with the same reference,
 * code and receipt instead of an error that would leave the reporter without their code. This
 * memory is per process; across processes the second submit gets the core's conflict.
 */
export function createSubmitter(core: Core, evidence: EvidenceDeps | undefined, verifyUrl: string) {
  const inFlight = new Map<string, Promise<SubmissionOutcome>>();
  async function run(draft: Draft, input: ReportInput): Promise<SubmissionOutcome> {
    const submitted = await submitReport(core, { kind: 'public', institutionId: draft.institutionId }, input, draft.id);
    let attachedFiles = 0;
    let filesFailed = false;
    if (draft.files.length) {
      if (!evidence) filesFailed = true;
      else
        try {
          attachedFiles = (await attachStagedFiles(evidence, submitterActor(draft.institutionId, submitted.caseId), submitted.caseId, draft.files)).length;
        } catch (err) {
          filesFailed = true;
          core.log.warn({ reference: submitted.reference, err: (err as Error).message }, 'report stored, but its staged files could not be attached');
        }
    }
    return { submitted, receipt: await receiptForSubmission(core, submitted, verifyUrl), attachedFiles, filesFailed };
  }
  return {
    submit(draft: Draft, input: ReportInput): Promise<SubmissionOutcome> {
      const key = `${draft.institutionId}:${draft.id}`;
      const existing = inFlight.get(key);
      if (existing) return existing;
      const p = run(draft, input);
      inFlight.set(key, p);
      p.then(
        () => setTimeout(() => inFlight.delete(key), REMEMBER_MS).unref(),
        () => inFlight.delete(key),
      );
      return p;
    },
  };
}
export type Submitter = ReturnType<typeof createSubmitter>;
