import express, { type Router } from 'express';
import type { Core } from '../core/core.ts';
import type { Config } from '../core/config.ts';
import type { EvidenceDeps } from '../core/evidence/deps.ts';
import type { Views } from '../web/views.ts';
import { csrfProtection } from '../web/csrf.ts';
import { reportingContext } from './context.ts';
import { reportPages } from './reportPages.ts';
import { createSubmitter } from './submission.ts';
import { reportRouter } from './reportRouter.ts';
import { landingRouter } from './landingRouter.ts';
import { followUpRouter } from './followUpRouter.ts';
import { verifyRouter } from './verifyRouter.ts';
import { reporterSessions } from './reporterSession.ts';

export interface ReportingDeps {
  core: Core;
  views: Views;
  config: Pick<Config, 'production' | 'PUBLIC_URL'>;
  /**
   * At least 32 characters (SESSION_SECRET): keys the CSRF tokens and the form drafts, and opens
   * Moodle launch tokens, so it must be the secret the LTI tool seals them with.
   */
  secret: string;
  /** Evidence uploads (file store and limits); without it the form says files can't be sent here. */
  evidence?: EvidenceDeps;
  /** Follow-up sign-in attempts per address (default 10 per 15 minutes). */
  followUpRateLimit?: { windowMs: number; limit: number };
}

/**
 * Everything a reporter sees, to mount at '/': the landing page, privacy notice and support
 * directory; the reporting form (/report) with its receipt; follow-up (/follow-up); and public
 * receipt verification (/verify). Served on its own or inside Moodle's iframe.
 */
export function createReportingRouter(d: ReportingDeps): Router {
  if (d.secret.length < 32) throw new Error('The reporting secret (SESSION_SECRET) must be at least 32 characters.');
  const secure = Boolean(d.config.PUBLIC_URL?.startsWith('https://'));
  const csrf = csrfProtection(d.secret, secure);
  const ctx = reportingContext(d.core, d.views, d.config.production);
  const verifyUrl = `${d.config.PUBLIC_URL?.replace(/\/$/, '') ?? ''}/verify`;
  const pages = reportPages({ core: d.core, ctx, secret: d.secret, csrf, evidence: d.evidence, submitter: createSubmitter(d.core, d.evidence, verifyUrl) });
  const router = express.Router();
  router.use(landingRouter(d.core, ctx));
  router.use(reportRouter(pages, csrf));
  router.use(followUpRouter({ core: d.core, ctx, sessions: reporterSessions(d.core, secure), csrf, csrfOk: pages.csrfOk, evidence: d.evidence, verifyUrl, rateLimit: d.followUpRateLimit }));
  router.use(verifyRouter(d.core, ctx));
  return router;
}
