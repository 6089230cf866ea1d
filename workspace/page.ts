import type { Request, Response, NextFunction } from 'express';
import type { Actor } from '../core/actor.ts';
import type { StaffMember } from '../core/staff.ts';
import type { Institution } from '../core/institutions.ts';
import { canInInstitution } from '../core/policies/casePolicy.ts';
import type { WorkspaceDeps } from './deps.ts';

export type StaffActor = Actor & { kind: 'staff' };

/** The signed-in staff actor (requireStaff has run, so it is there). */
export const actorOf = (res: Response): StaffActor => res.locals.actor as StaffActor;
export const institutionOf = (res: Response): Institution => res.locals.institution as Institution;

/** Which parts of the workspace the navigation offers this person. */
export function navFor(actor: Actor | undefined, production: boolean) {
  if (!actor) return {};
  return {
    cases: canInInstitution(actor, 'list_cases'),
    workload: canInInstitution(actor, 'view_workload'),
    statistics: canInInstitution(actor, 'view_statistics'),
    settings: canInInstitution(actor, 'manage_settings'),
    outbox: !production && actor.kind === 'staff' && (actor.roles.includes('admin') || actor.roles.includes('lead')),
  };
}

/**
 * Renders a workspace page in the staff layout: navigation for this person's roles, their name,
 * the CSRF token for forms, and `wide` pages for tables.
 */
export function renderPage(deps: WorkspaceDeps, res: Response, view: string, data: Record<string, unknown>, status = 200): void {
  const actor = res.locals.actor as Actor | undefined;
  const html = deps.views.render(view, {
    staffArea: true,
    staff: res.locals.staff as StaffMember | undefined,
    nav: navFor(actor, deps.config.production),
    institution: res.locals.institution,
    csrfToken: res.locals.csrfToken,
    ...data,
  });
  res.status(status).type('html').send(html);
}

/** Only a path inside the workspace is a safe place to return to after sign-in. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/tab(\/[A-Za-z0-9/_?=&%.,~+-]*)?$/.test(next) && !next.startsWith('//') ? next : '/tab';
}

/** Every workspace route needs a signed-in member of staff; others go to sign-in and come back. */
export function requireStaff() {
  return (req: Request, res: Response, next: NextFunction) => {
    if ((res.locals.actor as Actor | undefined)?.kind === 'staff') return next();
    if (req.method !== 'GET') return res.status(401).type('text').send('Your session has ended. Sign in again, then send the form again.');
    res.redirect(303, `/tab/sign-in?next=${encodeURIComponent(safeNext(req.originalUrl))}`);
  };
}

/** Express 5 passes rejected promises on, but a typed wrapper keeps handlers short. */
export const handle =
  (fn: (req: Request, res: Response) => Promise<void> | void) =>
  (req: Request, res: Response, next: NextFunction) =>
    Promise.resolve(fn(req, res)).catch(next);
