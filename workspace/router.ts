import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { canInInstitution } from '../core/policies/casePolicy.ts';
import { csrfProtection } from '../web/csrf.ts';
import type { WorkspaceDeps } from './deps.ts';
import { actorOf, handle, requireStaff } from './page.ts';
import { devSignIn } from './signIn/devSignIn.ts';
import { entraSignIn } from './signIn/entraSignIn.ts';
import { signInPage, signOut } from './signIn/signInPage.ts';
import { caseListHandler } from './cases/listHandler.ts';
import { caseShowHandler } from './cases/showHandler.ts';
import { caseActions } from './actions/index.ts';
import { meetingPages } from './actions/meeting.ts';
import { workloadHandler } from './workload/workloadHandler.ts';
import { outboxHandler } from './outbox/outboxHandler.ts';
import { settingsRoutes } from './settings/routes.ts';

export type { WorkspaceDeps } from './deps.ts';

/**
 * The case workspace, mounted at /tab: the Teams personal tab, and the same pages in a browser.
 * Sign-in routes first (Entra, and the development sign-in outside production only); every other
 * route needs a signed-in member of staff. Server-rendered, no client script required.
 */
export function createWorkspaceRouter(deps: WorkspaceDeps): Router {
  const secure = deps.secureCookies ?? deps.config.production;
  const secret = deps.config.SESSION_SECRET ?? crypto.randomBytes(32).toString('base64url');
  const router = Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(deps.sessions.middleware());
  router.use(csrfProtection(secret, secure));

  router.get('/sign-in', signInPage(deps));
  if (deps.entra) {
    const entra = entraSignIn({ ...deps, entra: deps.entra }, secret, secure);
    router.get('/auth/start', handle(entra.start));
    router.get('/auth/callback', handle(entra.callback));
  }
  if (!deps.config.production) {
    const dev = devSignIn(deps);
    router.get('/dev-sign-in', handle(dev.show));
    router.post('/dev-sign-in', handle(dev.submit));
  }
  router.get('/sign-out', handle(signOut(deps)));
  router.post('/sign-out', handle(signOut(deps)));

  router.use(requireStaff());
  router.get('/', (_req: Request, res: Response) => {
    const actor = actorOf(res);
    if (canInInstitution(actor, 'list_cases')) return res.redirect(303, '/tab/cases');
    if (canInInstitution(actor, 'manage_settings')) return res.redirect(303, '/tab/settings');
    res.redirect(303, '/tab/cases');
  });
  router.get('/cases', handle(caseListHandler(deps)));
  router.get('/cases/:id', handle(caseShowHandler(deps)));
  for (const [name, handler] of caseActions(deps)) router.post(`/cases/:id/${name}`, handler);
  const meeting = meetingPages(deps);
  router.get('/cases/:id/meeting', handle(meeting.page));
  router.post('/cases/:id/meeting', handle(meeting.book));
  router.get('/workload', handle(workloadHandler(deps)));
  router.get('/outbox', handle(outboxHandler(deps)));
  router.use('/settings', settingsRoutes(deps));
  return router;
}

/**
 * Microsoft 365's registered redirect URI is PUBLIC_URL/auth/microsoft/callback by default (see
 * docs/microsoft-365.md): mount this at /auth/microsoft so the answer reaches /tab/auth/callback
 * with its query unchanged (the sign-in cookie is scoped to /tab/auth).
 */
export function createEntraCallbackAlias(): Router {
  const r = Router();
  r.get('/callback', (req: Request, res: Response) => {
    const q = req.originalUrl.indexOf('?');
    res.redirect(303, `/tab/auth/callback${q >= 0 ? req.originalUrl.slice(q) : ''}`);
  });
  return r;
}
