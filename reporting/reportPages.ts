import type { Request, Response, RequestHandler } from 'express';
import type { Core } from '../core/core.ts';
import type { EvidenceDeps } from '../core/evidence/deps.ts';
import type { Views } from '../web/views.ts';
import { openLaunchToken, type LaunchIdentity } from '../lti-tool/launchToken.ts';
import type { FormBody } from './answers.ts';
import type { ReportingContext } from './context.ts';
import { draftKey } from './draftToken.ts';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from './formParser.ts';
import { evidenceSettings } from './evidenceIntake.ts';
import type { Submitter } from './submission.ts';

/** Pages that hold what a reporter typed, or their follow-up code, must never be cached or kept by the browser. */
export function noStore(res: Response): void {
  res.set('Cache-Control', 'no-store, max-age=0');
  res.set('Pragma', 'no-cache');
}

/**
 * What the form's handlers share: the core, the institution context, the draft key, the
 * evidence store (when configured), the submitter, and three small capabilities: check the CSRF
 * token of a parsed form, open a Moodle launch token, and send a rendered page.
 */
export function reportPages(o: { core: Core; ctx: ReportingContext; secret: string; csrf: RequestHandler; evidence?: EvidenceDeps; submitter: Submitter; launchSecret?: string }) {
  const limits: ParseLimits = o.evidence
    ? { ...DEFAULT_PARSE_LIMITS, files: o.evidence.limits.maxFilesPerRequest, fileBytes: o.evidence.limits.maxFileBytes }
    : { ...DEFAULT_PARSE_LIMITS, files: 0 };
  return {
    core: o.core,
    ctx: o.ctx,
    evidence: o.evidence,
    evidenceSettings: evidenceSettings(o.evidence),
    submitter: o.submitter,
    draftKey: draftKey(o.secret),
    parseLimits: limits,
    /** Runs the shared CSRF check on a form parsed here (multipart bodies are parsed after the app's parsers). */
    csrfOk(req: Request, res: Response, fields: FormBody): Promise<boolean> {
      const body = req.body;
      req.body = fields;
      return new Promise((resolve) =>
        o.csrf(req, res, (err?: unknown) => {
          req.body = body;
          resolve(!err);
        }),
      );
    },
    /** A Moodle launch carried through the form: its identity, or null when absent, expired or forged. */
    async openLaunch(token: string | undefined): Promise<{ token: string; identity: LaunchIdentity } | null> {
      if (!token) return null;
      const identity = await openLaunchToken(token, o.launchSecret ?? o.secret);
      return identity ? { token, identity } : null;
    },
    send(res: Response, views: Views, name: string, data: Record<string, unknown>, status = 200): void {
      noStore(res);
      res.status(status).type('html').send(views.render(name, data));
    },
  };
}
export type ReportPages = ReturnType<typeof reportPages>;
