import express, { type RequestHandler, type Router } from 'express';
import type { Institution } from '../core/institutions.ts';
import { DomainError } from '../core/errors.ts';
import { checkReceipt } from '../core/receipts/receiptCheck.mjs';
import { newDraft, sealDraft } from './draftToken.ts';
import { presentStep } from './stepPresenter.ts';
import { msgFrom } from './messages.ts';
import { one } from './answers.ts';
import { parseForm } from './formParser.ts';
import { handleReportPost } from './reportFlow.ts';
import { noStore, type ReportPages } from './reportPages.ts';

/**
 * The reporting form at /report: GET starts a report (from the web, or from Moodle with
 * `?launch=` carrying the sealed launch identity), POST moves through the steps and sends.
 * POST /report/receipt hands a receipt back as a file to keep.
 */
export function reportRouter(p: ReportPages, csrf: RequestHandler): Router {
  const r = express.Router();

  r.get('/report', csrf, async (req, res) => {
    const token = typeof req.query.launch === 'string' ? req.query.launch : undefined;
    const launch = await p.openLaunch(token);
    const institution = launch ? await p.ctx.institution(launch.identity.institutionId) : (res.locals.institution as Institution | null);
    if (!institution) throw new DomainError('not_found', 'This reporting form is not set up yet.');
    const draft = newDraft(institution.id, launch ? 'lti' : 'web', p.core.now(), launch ? { connection: launch.identity.connection } : {});
    const views = p.ctx.views(institution);
    const msg = msgFrom(views);
    const notices = token && !launch ? [msg('report.notice.launchExpired')] : [];
    const ctx = { institution, options: await p.ctx.options(institution.id), msg, draft, errors: {}, notices, launch, evidence: p.evidenceSettings };
    p.send(res, views, 'report-about', { ...presentStep('about', ctx), institution, csrfToken: res.locals.csrfToken, draftToken: sealDraft(p.draftKey, draft), launchToken: launch?.token, intro: true });
  });

  r.post('/report', (req, res) => handleReportPost(p, req, res));

  // Changes nothing and stores nothing: it echoes a receipt that verifies, as a file. No CSRF check,
  // so that a stale token can never navigate the reporter away from the page showing their code.
  r.post('/report/receipt', async (req, res) => {
    const form = await parseForm(req, { ...p.parseLimits, fieldBytes: 4 * 1024 * 1024, files: 0 });
    let receipt: unknown;
    try {
      receipt = JSON.parse(one(form.fields, 'receipt') ?? '');
    } catch {
      receipt = null;
    }
    const check = checkReceipt(receipt);
    if (!check.ok) return void res.status(204).end();
    noStore(res);
    res.attachment(`${check.reference}-receipt.json`).type('application/json').send(`${JSON.stringify(receipt, null, 2)}\n`);
  });

  return r;
}
