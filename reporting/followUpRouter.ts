import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Core } from '../core/core.ts';
import type { Institution } from '../core/institutions.ts';
import type { EvidenceDeps } from '../core/evidence/deps.ts';
import { DomainError } from '../core/errors.ts';
import { authenticateReporter } from '../core/queries/followUp.ts';
import { readCase } from '../core/queries/caseReader.ts';
import { addReporterInformation } from '../core/commands/reporterAdder.ts';
import { addEvidence, checkMayAddEvidence } from '../core/evidence/evidenceAdder.ts';
import { discardStaged, stageUpload } from '../core/evidence/evidenceUploader.ts';
import { receiptForReporter } from '../core/receipts/receipts.ts';
import type { ReportingContext } from './context.ts';
import type { ReporterSessions } from './reporterSession.ts';
import { presentFollowUp } from './followUpPresenter.ts';
import { msgFrom } from './messages.ts';
import { one, type FormBody } from './answers.ts';
import { parseForm, DEFAULT_PARSE_LIMITS } from './formParser.ts';
import { noStore } from './reportPages.ts';
import { evidenceSettings } from './evidenceIntake.ts';

export interface FollowUpDeps {
  core: Core;
  ctx: ReportingContext;
  sessions: ReporterSessions;
  csrf: RequestHandler;
  csrfOk(req: Request, res: Response, fields: FormBody): Promise<boolean>;
  evidence?: EvidenceDeps;
  verifyUrl: string;
  /** Sign-in attempts per address per window (default 10 per 15 minutes). */
  rateLimit?: { windowMs: number; limit: number };
}

/**
 * /follow-up: a reporter comes back with reference + follow-up code (rate-limited per address;
 * the core locks a reference after repeated failures; the same answer whether or not a reference
 * exists), then sees the status and messages, replies or adds information and files (new entries
 * beside the original, never edits), downloads their receipt again, and signs out.
 */
export function followUpRouter(d: FollowUpDeps): Router {
  const r = express.Router();
  const institutionOf = async (res: Response) => {
    const i = res.locals.institution as Institution | null;
    if (!i) throw new DomainError('not_found', 'This reporting service is not set up yet.');
    return (await d.ctx.institution(i.id)) ?? i;
  };
  const render = async (res: Response, name: string, data: Record<string, unknown>, status = 200, institution?: Institution) => {
    const inst = institution ?? (await institutionOf(res));
    const views = d.ctx.views(inst);
    noStore(res);
    res.status(status).type('html').send(views.render(name, { institution: inst, csrfToken: res.locals.csrfToken, ...data }));
  };
  const signIn = async (res: Response, o: { reference?: string; error?: string; status?: number } = {}) => {
    const msg = msgFrom(d.ctx.views(await institutionOf(res)));
    return render(res, 'followup-sign-in', { title: o.error ? msg('report.errorTitle', { title: msg('followup.title') }) : msg('followup.title'), reference: o.reference ?? '', error: o.error }, o.status);
  };
  const showCase = async (res: Response, actor: Awaited<ReturnType<ReporterSessions['actor']>> & object, o: { text?: string; error?: string; notice?: string; status?: number } = {}) => {
    const institution = (await d.ctx.institution(actor.institutionId))!;
    const msg = msgFrom(d.ctx.views(institution));
    const view = presentFollowUp(await readCase(d.core, actor, actor.caseId), msg);
    return render(res, 'followup-case', { title: msg('followup.caseTitle', { reference: view.reference }), ...view, text: o.text ?? '', error: o.error, notice: o.notice, evidence: evidenceSettings(d.evidence) }, o.status, institution);
  };
  const limiter = rateLimit({
    windowMs: d.rateLimit?.windowMs ?? 15 * 60_000,
    limit: d.rateLimit?.limit ?? 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: async (req, res) => {
      const msg = msgFrom(d.ctx.views(await institutionOf(res)));
      await signIn(res, { reference: String(req.body?.reference ?? '').slice(0, 40), error: msg('followup.error.tooMany'), status: 429 });
    },
  });

  r.get('/follow-up', d.csrf, async (req, res) => {
    const actor = await d.sessions.actor(req);
    return actor ? showCase(res, actor) : signIn(res);
  });

  r.post('/follow-up', limiter, d.csrf, async (req, res) => {
    const institution = await institutionOf(res);
    const msg = msgFrom(d.ctx.views(institution));
    const reference = String(req.body?.reference ?? '').trim().slice(0, 40);
    const code = String(req.body?.code ?? '').slice(0, 60);
    if (!reference || !code) return signIn(res, { reference, error: msg('followup.error.missing'), status: 400 });
    try {
      const actor = await authenticateReporter(d.core, institution.id, reference, code);
      await d.sessions.start(res, actor);
      res.redirect(303, '/follow-up');
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.code === 'locked') return signIn(res, { reference, error: msg('followup.error.locked'), status: 429 });
      return signIn(res, { reference, error: msg('followup.error.refused'), status: 400 });
    }
  });

  r.post('/follow-up/add', async (req, res) => {
    const actor = await d.sessions.actor(req);
    if (!actor) return res.redirect(303, '/follow-up');
    const institution = (await d.ctx.institution(actor.institutionId))!;
    const msg = msgFrom(d.ctx.views(institution));
    const staged: Awaited<ReturnType<typeof stageUpload>>[] = [];
    const refused: string[] = [];
    const limits = d.evidence ? { ...DEFAULT_PARSE_LIMITS, files: d.evidence.limits.maxFilesPerRequest, fileBytes: d.evidence.limits.maxFileBytes } : { ...DEFAULT_PARSE_LIMITS, files: 0 };
    const form = await parseForm(req, limits, async (fields, file) => {
      if (!d.evidence || !(await d.csrfOk(req, res, fields))) return void file.stream.resume();
      try {
        if (!staged.length) await checkMayAddEvidence(d.evidence, actor, actor.caseId);
        staged.push(await stageUpload(d.evidence, actor, { name: file.name, stream: file.stream }));
      } catch (err) {
        file.stream.resume();
        refused.push(msg(err instanceof DomainError && err.details?.file === 'too large' ? 'report.evidence.refused.tooLarge' : 'report.evidence.refused.type', { name: file.name.slice(0, 200) }));
      }
    });
    const text = one(form.fields, 'text') ?? '';
    if (!(await d.csrfOk(req, res, form.fields))) {
      if (d.evidence) await discardStaged(d.evidence, actor.institutionId, staged);
      return showCase(res, actor, { text, error: msg('report.error.csrf'), status: 403 });
    }
    if (!text.trim() && !staged.length) return showCase(res, actor, { text, error: refused.join(' ') || msg('followup.error.empty'), status: 400 });
    if (text.length > 20000) {
      if (d.evidence) await discardStaged(d.evidence, actor.institutionId, staged);
      return showCase(res, actor, { text, error: msg('report.error.tooLong', { field: msg('followup.field.text'), max: 20000 }), status: 400 });
    }
    try {
      if (staged.length && d.evidence) await addEvidence(d.evidence, actor, actor.caseId, staged);
      if (text.trim()) await addReporterInformation(d.core, actor, { caseId: actor.caseId, text });
    } catch (err) {
      if (d.evidence) await discardStaged(d.evidence, actor.institutionId, staged);
      if (err instanceof DomainError && (err.code === 'forbidden' || err.code === 'invalid')) return showCase(res, actor, { text, error: msg('followup.error.notAdded'), status: 400 });
      throw err;
    }
    return showCase(res, actor, { notice: [msg('followup.added'), ...(staged.length ? [msg('followup.addedFiles', { files: staged.length })] : []), ...refused].join(' ') });
  });

  r.get('/follow-up/receipt', async (req, res) => {
    const actor = await d.sessions.actor(req);
    if (!actor) return res.redirect(303, '/follow-up');
    const receipt = await receiptForReporter(d.core, actor, actor.caseId, d.verifyUrl);
    if (!receipt) throw new DomainError('not_found', 'This report is no longer held, so there is no receipt to give.');
    noStore(res);
    res.attachment(`${receipt.reference}-receipt.json`).type('application/json').send(`${JSON.stringify(receipt, null, 2)}\n`);
  });

  r.post('/follow-up/sign-out', d.csrf, async (req, res) => {
    await d.sessions.end(req, res);
    res.redirect(303, '/follow-up');
  });
  return r;
}
