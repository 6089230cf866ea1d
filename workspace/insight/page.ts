import type { Request, Response, NextFunction } from 'express';
import type { Core } from '../../core/core.ts';
import type { Config } from '../../core/config.ts';
import type { Actor } from '../../core/actor.ts';
import type { StaffMember } from '../../core/staff.ts';
import type { EvidenceDeps } from '../../core/evidence/deps.ts';
import type { Views } from '../../web/views.ts';
import type { StaffSessions } from '../../web/staffSession.ts';
import { canInInstitution, type InstitutionAction } from '../../core/policies/casePolicy.ts';
import { forbidden } from '../../core/errors.ts';
import { navFor } from '../page.ts';

/** What the insight pages need from the composition root. */
export interface InsightDeps {
  core: Core;
  views: Views;
  sessions: StaffSessions;
  config: Pick<Config, 'production' | 'SESSION_SECRET'>;
  /** The evidence store, so a retention run started here deletes file bytes too. */
  evidence?: EvidenceDeps | null;
  secureCookies?: boolean;
}

/** The signed-in member of staff (requireAction has run). */
export type StaffActor = Actor & { kind: 'staff' };

/** The actor the session middleware set. */
export const actorOf = (res: Response): StaffActor => res.locals.actor as StaffActor;

/** The data protection pages this person may open, for the sub-navigation. */
export function insightNav(actor: Actor, current: string) {
  const items = [
    { href: '/tab/statistics', key: 'statistics', label: 'insight.nav.statistics', show: canInInstitution(actor, 'view_statistics') },
    { href: '/tab/access-review', key: 'access-review', label: 'insight.nav.access', show: canInInstitution(actor, 'review_access') },
    { href: '/tab/subject-requests', key: 'subject-requests', label: 'insight.nav.subjects', show: canInInstitution(actor, 'subject_requests') },
    { href: '/tab/retention', key: 'retention', label: 'insight.nav.retention', show: canInInstitution(actor, 'review_access') || canInInstitution(actor, 'manage_settings') },
  ];
  return items.filter((i) => i.show).map((i) => ({ ...i, current: i.key === current }));
}

/** Renders an insight page in the staff layout (wide, with the workspace navigation and this area's sub-navigation). */
export function renderInsight(deps: InsightDeps, res: Response, view: string, current: string, data: Record<string, unknown>, status = 200): void {
  const actor = actorOf(res);
  const html = deps.views.render(view, {
    staffArea: true,
    bodyClass: 'wide',
    staff: res.locals.staff as StaffMember | undefined,
    nav: navFor(actor, deps.config.production),
    insightNav: insightNav(actor, current),
    institution: res.locals.institution,
    csrfToken: res.locals.csrfToken,
    ...data,
  });
  res.status(status).type('html').send(html);
}

/** A signed-in member of staff who may do `action` (anyone else signed in is refused; signed out goes to sign-in). */
export function requireAction(...actions: InstitutionAction[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const actor = res.locals.actor as Actor | undefined;
    if (actor?.kind !== 'staff') {
      if (req.method !== 'GET') return res.status(401).type('text').send('Your session has ended. Sign in again, then send the form again.');
      return res.redirect(303, `/tab/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
    }
    if (!actions.some((a) => canInInstitution(actor, a))) return next(forbidden('This page is for the data protection officer and administrators.'));
    next();
  };
}

/** Passes a rejected promise to Express's error handler. */
export const handle =
  (fn: (req: Request, res: Response) => Promise<void> | void) =>
  (req: Request, res: Response, next: NextFunction) =>
    Promise.resolve(fn(req, res)).catch(next);

/** A file download that no cache or proxy keeps. */
export function sendFile(res: Response, type: string, filename: string, body: Buffer | string): void {
  res.set('Cache-Control', 'no-store');
  res.type(type).attachment(filename).send(body);
}
