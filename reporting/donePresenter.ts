import type { SupportService } from '../core/queries/supportDirectory.ts';
import type { Draft } from './draftToken.ts';
import type { FormOptions } from './context.ts';
import type { Msg } from './messages.ts';
import type { SubmissionOutcome } from './submission.ts';

/** A support directory entry as a reporter-facing card (also used by the directory pages). */
export function presentService(s: SupportService, options: FormOptions, msg: Msg) {
  return {
    name: s.name,
    description: s.description,
    phone: s.phone,
    phoneHref: s.phone ? `tel:${s.phone.replace(/[^+\d]/g, '')}` : null,
    email: s.email,
    url: s.url,
    hours: s.hours,
    where: s.internal ? msg('landing.support.internal') : msg('landing.support.external'),
    campus: s.campusKey ? options.label('campus', s.campusKey) : null,
    audience: s.audience.map((x) => msg(`landing.support.audience.${x}`)).join(', '),
    categories: s.categories.map((c) => options.label('category', c)).join(', '),
    lastReviewedAt: s.lastReviewedAt,
    reviewedBy: s.reviewedBy,
    reviewDue: s.reviewDue,
  };
}

/**
 * The page after sending: the reference to read out, the follow-up code shown this once, the
 * receipt to download, what happens next for this kind of report, whether the files arrived,
 * and support matched to the categories chosen.
 */
export function presentDone(o: SubmissionOutcome, draft: Draft, suggestions: SupportService[], options: FormOptions, msg: Msg) {
  const kind = draft.answers.kind ?? 'anonymous';
  return {
    title: msg('report.done.title'),
    reference: o.submitted.reference,
    followUpCode: o.submitted.followUpCode,
    submittedAt: o.submitted.submittedAt,
    contentHash: o.submitted.contentHash,
    ledgerSeq: o.submitted.ledgerEntry.seq,
    receiptJson: JSON.stringify(o.receipt),
    next: msg(`report.done.next.${kind}`),
    anonymous: kind === 'anonymous',
    files: draft.files.length,
    attachedFiles: o.attachedFiles,
    filesFailed: o.filesFailed,
    suggestions: suggestions.slice(0, 6).map((s) => presentService(s, options, msg)),
  };
}
