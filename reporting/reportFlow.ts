import type { Request, Response } from 'express';
import type { Institution } from '../core/institutions.ts';
import { DomainError } from '../core/errors.ts';
import { discardStaged } from '../core/evidence/evidenceUploader.ts';
import { matchSupport } from '../core/queries/supportDirectory.ts';
import { readStep, toReportInput, one, type FormBody } from './answers.ts';
import { newDraft, openDraft, sealDraft, type Draft, type DraftFile } from './draftToken.ts';
import { validateStep, type FieldErrors } from './reportForm.schema.ts';
import { isStep, nextStep, previousStep, stepsFor, stepOfField, fieldForCorePath, type StepId } from './steps.ts';
import { presentStep } from './stepPresenter.ts';
import { presentDone } from './donePresenter.ts';
import { msgFrom } from './messages.ts';
import { parseForm } from './formParser.ts';
import { stageFormFile } from './evidenceIntake.ts';
import { EQUALITY_KEYS } from './equality.ts';
import type { ReportPages } from './reportPages.ts';

/**
 * One POST of the form: read the posted step into the draft (always, so nothing typed is lost),
 * then act on the button pressed: Continue (check this step), Back, Change (from the summary),
 * add or remove a person or a file, or Send. Every answer is a rendered page; nothing about an
 * unfinished report is stored on the server.
 */
export async function handleReportPost(p: ReportPages, req: Request, res: Response): Promise<void> {
  const now = p.core.now();
  const staged: DraftFile[] = [];
  const refused: { refused: string; name: string }[] = [];
  const form = await parseForm(req, p.parseLimits, async (fields, file) => {
    if (file.field !== 'evidence' || !p.evidence || one(fields, 'step') !== 'evidence' || !(await p.csrfOk(req, res, fields))) return void file.stream.resume();
    const draft = openDraft(p.draftKey, one(fields, 'draft'), now);
    if (!draft || draft.files.length + staged.length >= p.evidence.limits.maxFilesPerRequest) return void file.stream.resume();
    const r = await stageFormFile(p.evidence, draft.institutionId, file);
    if ('file' in r) staged.push(r.file);
    else refused.push(r);
  });
  const fields: FormBody = form.fields;
  const csrfOk = await p.csrfOk(req, res, fields);
  const launch = await p.openLaunch(one(fields, 'launch'));
  const notices: string[] = [];
  let draft = openDraft(p.draftKey, one(fields, 'draft'), now);
  if (!draft) {
    const institution = launch ? await p.ctx.institution(launch.identity.institutionId) : (res.locals.institution as Institution | null);
    if (!institution) throw new DomainError('not_found', 'This reporting form is not set up yet.');
    draft = newDraft(institution.id, launch ? 'lti' : 'web', now, launch ? { connection: launch.identity.connection } : {});
    if (one(fields, 'draft')) notices.push('report.notice.expired');
  }
  const institution = await p.ctx.institution(draft.institutionId);
  if (!institution) throw new DomainError('not_found', 'This reporting form is not set up yet.');
  const views = p.ctx.views(institution);
  const msg = msgFrom(views);
  const options = await p.ctx.options(institution.id);
  const posted: StepId = isStep(one(fields, 'step')) ? (one(fields, 'step') as StepId) : 'about';
  draft = { ...draft, answers: readStep(posted, fields, draft.answers, EQUALITY_KEYS), files: [...draft.files, ...staged] };
  for (const r of refused) notices.push(msg(r.refused, { name: r.name }));

  const show = (step: StepId, errors: FieldErrors = {}, extra: string[] = []) => {
    const d = draft!;
    const ctx = { institution, options, msg, draft: d, errors, notices: [...notices, ...extra].map((n) => (n.startsWith('report.') ? msg(n) : n)), launch, evidence: p.evidenceSettings };
    p.send(res, views, `report-${step}`, { ...presentStep(step, ctx), institution, csrfToken: res.locals.csrfToken, draftToken: sealDraft(p.draftKey, d), launchToken: launch?.token });
  };
  const truncatedErrors: FieldErrors = Object.fromEntries(form.truncated.filter((f) => stepOfField(f) === posted).map((f) => [f, { key: 'report.error.tooLong', vars: { max: 20000 } }]));

  if (!csrfOk) return show(posted, truncatedErrors, ['report.error.csrf']);
  const nav = one(fields, 'nav') ?? 'next';

  if (nav === 'back') return show(previousStep(draft.answers, posted));
  if (nav.startsWith('goto:') && isStep(nav.slice(5))) {
    draft.returnToCheck = true;
    return show(nav.slice(5) as StepId);
  }
  if (nav === 'add' || nav === 'upload') return show(posted, truncatedErrors);
  if (nav.startsWith('remove:')) {
    const [, list, index] = nav.split(':');
    if (list === 'perpetrators' || list === 'witnesses') draft.answers = { ...draft.answers, [list]: (draft.answers[list] ?? []).filter((_, i) => i !== Number(index)) };
    if (list === 'file') {
      const gone = draft.files.filter((f) => f.id === index);
      draft.files = draft.files.filter((f) => f.id !== index);
      if (p.evidence && gone.length) await discardStaged(p.evidence, institution.id, gone);
    }
    return show(posted);
  }
  if (nav === 'send') return send(p, res, draft, show, institution, msg);

  const errors = { ...validateStep(posted, draft.answers, options.keys, now), ...truncatedErrors };
  if (Object.keys(errors).length) return show(posted, errors);
  if (draft.returnToCheck) {
    draft.returnToCheck = false;
    return show('check');
  }
  return show(nextStep(draft.answers, posted));
}

async function send(
  p: ReportPages,
  res: Response,
  draft: Draft,
  show: (step: StepId, errors?: FieldErrors, extra?: string[]) => void,
  institution: Institution,
  msg: ReturnType<typeof msgFrom>,
): Promise<void> {
  const options = await p.ctx.options(institution.id);
  for (const step of stepsFor(draft.answers)) {
    const errors = validateStep(step, draft.answers, options.keys, p.core.now());
    if (Object.keys(errors).length) {
      draft.returnToCheck = true;
      return show(step, errors, ['report.notice.checkBeforeSending']);
    }
  }
  try {
    const outcome = await p.submitter.submit(draft, toReportInput(draft.answers, draft.channel));
    const suggestions = matchSupport(await p.ctx.services(institution.id), { connection: draft.answers.connection, categories: draft.answers.categories ?? [] });
    const views = p.ctx.views(institution);
    p.send(res, views, 'report-done', { ...presentDone(outcome, draft, suggestions, options, msg), institution, csrfToken: res.locals.csrfToken });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (err.code === 'conflict') return p.send(res, p.ctx.views(institution), 'report-duplicate', { title: msg('report.duplicate.title'), institution }, 409);
    if (err.code !== 'invalid') throw err;
    const errors: FieldErrors = {};
    for (const [path, message] of Object.entries(err.details ?? {})) errors[fieldForCorePath(path)] ??= { key: 'report.error.fromCore', vars: { message } };
    draft.returnToCheck = true;
    return show(stepOfField(Object.keys(errors)[0] ?? 'form'), errors, ['report.notice.checkBeforeSending']);
  }
}
