import type { Request, Response } from 'express';
import type { WorkspaceDeps } from '../deps.ts';
import { renderPage, safeNext } from '../page.ts';

/**
 * Where every unsigned request lands. With Microsoft 365 in production it goes straight to Entra;
 * in the demo it offers the development sign-in (and Entra too, when configured). Inside Teams the
 * Teams app signs the person in silently (SSO) before the tab is shown.
 */
export function signInPage(deps: WorkspaceDeps) {
  return (req: Request, res: Response) => {
    const next = safeNext(req.query.next);
    if (deps.config.production && deps.entra) return res.redirect(303, `/tab/auth/start?next=${encodeURIComponent(next)}`);
    renderPage(deps, res, 'ws-sign-in', { title: 'Sign in to the case workspace', next: encodeURIComponent(next), entra: Boolean(deps.entra), dev: !deps.config.production });
  };
}

/** Ends the session (the form posts; the link in the navigation works too, signing out is harmless). */
export function signOut(deps: WorkspaceDeps) {
  return async (req: Request, res: Response) => {
    await deps.sessions.end(req, res);
    res.redirect(303, '/tab/sign-in');
  };
}
