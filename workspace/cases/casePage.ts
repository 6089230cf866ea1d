import type { Response } from 'express';
import { readCase } from '../../core/queries/caseReader.ts';
import { suggestLinks } from '../../core/queries/linkSuggestions.ts';
import { listEvidence } from '../../core/evidence/evidenceDownloader.ts';
import { ACCEPTED_EXTENSIONS } from '../../core/evidence/fileTypes.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { actorOf, institutionOf, renderPage } from '../page.ts';
import { loadLookup, makeWords } from '../labels.ts';
import { presentCase } from './casePresenter.ts';

/** What went wrong with one of the page's forms, so the page is shown again with it explained. */
export interface FormProblem {
  form: string;
  message: string;
  details: Record<string, string>;
  values: Record<string, unknown>;
  status: number;
}

/** Where a completed action is confirmed, and which section the page opens at. */
export const DONE_SECTIONS: Record<string, string> = {
  claim: 'summary', assign: 'summary', status: 'summary', close: 'summary', reopen: 'summary',
  note: 'notes', message: 'messages', contact: 'messages', task: 'tasks', 'task-done': 'tasks',
  refer: 'referrals', respond: 'referrals', link: 'links', 'link-dismiss': 'links', time: 'time',
  restrict: 'access', 'legal-hold': 'access', meeting: 'meetings', 'meeting-cancel': 'meetings', evidence: 'evidence',
};

/**
 * Loads the case as this viewer may see it, with link suggestions, and renders the case page;
 * with `problem`, the form that failed is shown again with its errors and what was typed.
 */
export async function renderCasePage(deps: WorkspaceDeps, res: Response, caseId: string, opts: { done?: string; problem?: FormProblem } = {}): Promise<void> {
  const actor = actorOf(res);
  const view = await readCase(deps.core, actor, caseId);
  const lookup = await deps.core.db.forInstitution(actor.institutionId, (tx) => loadLookup(tx));
  const suggestions = view.actions.includes('link') ? await suggestLinks(deps.core, actor, caseId) : [];
  const evidence = view.actions.includes('view_content') ? await listEvidence(deps.core, actor, caseId) : [];
  const w = makeWords(deps.views.messages);
  const page = presentCase(w, view, { lookup, actor, now: deps.core.now(), settings: institutionOf(res).settings, suggestions, meetingsBookable: Boolean(deps.calendar), evidence, evidenceRoutes: Boolean(deps.evidenceRoutes) });
  const done = opts.done && DONE_SECTIONS[opts.done] ? { section: DONE_SECTIONS[opts.done], message: w(`ws.done.${opts.done}`) } : null;
  const p = opts.problem;
  const errorList = p ? Object.entries(p.details).map(([field, text]) => ({ href: `#${p.form}-${field.replace(/\W+/g, '-')}`, text: `${w(`ws.field.${field}`)}: ${text}` })) : [];
  renderPage(
    deps,
    res,
    'ws-case',
    {
      title: `${w('ws.case.title')} ${view.case.reference}`,
      bodyClass: 'wide',
      ...page,
      acceptedFiles: ACCEPTED_EXTENSIONS.join(','),
      done,
      problem: p ? { form: p.form, message: p.message, list: errorList.length ? errorList : [{ href: `#${DONE_SECTIONS[p.form] ?? 'summary'}`, text: p.message }] } : null,
      errors: p ? { [p.form]: p.details } : {},
      values: p ? { [p.form]: p.values } : {},
    },
    p?.status ?? 200,
  );
}
