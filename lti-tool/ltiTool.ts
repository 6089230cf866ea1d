import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, type Router } from 'express';
import type { Database } from '../core/db/database.ts';
import type { Logger } from '../core/logger.ts';
import { createProvider, ROUTES } from './provider.ts';
import { toolUrls } from './toolValues.ts';
import { sendPage, sendRefusal, type PageOptions, type View } from './pages.ts';
import { refusalForLtijs, type RefusalCode } from './refusals.ts';
import { launchGuard, loginGuard, TOKEN_MAX_AGE } from './launchGuard.ts';
import { deepLinkSubmit, onDeepLinking, onResourceLink } from './launchHandlers.ts';
import { registrationHandler, resolveInstitutionFrom, type ResolveInstitution } from './registration.ts';
import { platformOrigins } from './platforms.ts';
import type { LtiStore } from './ltiStore.ts';

export interface LtiToolOptions {
  db: Database;
  /** The HTTPS address Moodle reaches Harbour at (PUBLIC_URL); the tool is mounted at `/lti`. */
  publicUrl: string;
  /** The tool's secret (at least 32 characters): every LTI key is derived from it. */
  encryptionKey: string;
  logger: Logger;
  production: boolean;
  /** Which institution a dynamic registration is for; default: `?institution=` or the only one. */
  resolveInstitution?: ResolveInstitution;
  /** Told after a dynamic registration (e.g. to drop a cache of institution settings). */
  onRegistered?: () => void;
  /** For tests: the clock, and the fetch used to reach the platform during registration. */
  now?: () => number;
  fetch?: typeof fetch;
}

const icon = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'icon.svg'));

/** The LTI tool as an Express router with its store, for sweeping expired rows from a job. */
export type LtiTool = Router & { store: LtiStore };

/**
 * Harbour's LTI 1.3 tool for Moodle, to mount at `/lti`: OIDC login (`/login`), resource-link and
 * deep-linking launches (`/launch`), the JWKS (`/keys`), dynamic registration (`/register`), the
 * deep-linking confirmation (`/deep-link`) and the icon (`/icon.svg`). ltijs does the protocol on
 * Harbour's PostgreSQL; Harbour's guard and handlers decide what is accepted and what the core sees.
 */
export function createLtiTool(o: LtiToolOptions): LtiTool {
  const https = o.publicUrl.startsWith('https://');
  if (o.production && !https) throw new Error('PUBLIC_URL must be https:// in production: Moodle frames the tool, which needs SameSite=None; Secure cookies.');
  const urls = toolUrls(o.publicUrl);
  const cookieOptions = https ? { secure: true, sameSite: 'none' as const, httpOnly: true, signed: true } : { httpOnly: true, signed: true };
  const framing = (extra: string[] = []) =>
    platformOrigins(o.db).then(
      (origins) => [...new Set([...origins, ...extra])],
      () => extra,
    );
  const page = async (res: Response, view: View, data: Record<string, unknown>, extra: Partial<PageOptions> = {}) =>
    sendPage(res, view, data, { ...extra, frameAncestors: await framing(extra.frameAncestors) });
  const refuse = async (res: Response, code: RefusalCode, detail?: string, extra: Partial<PageOptions> = {}) =>
    sendRefusal(res, code, { ...extra, detail, publicFormUrl: '/report', frameAncestors: await framing(extra.frameAncestors) });

  // ltijs runs on Express 4, which does not catch a rejected handler: answer with a page instead.
  const failed = (res: Response, err: unknown) => {
    o.logger.error({ event: 'lti.failed', err: (err as Error).message }, 'LTI request failed');
    if (!res.headersSent) sendRefusal(res, 'unavailable', { publicFormUrl: '/report', frameAncestors: [] });
  };
  const safely =
    <A extends unknown[]>(fn: (...a: A) => unknown, resAt: number) =>
    (...a: A) =>
      Promise.resolve()
        .then(() => fn(...a))
        .catch((err) => failed(a[resAt] as Response, err));

  let guards: { login: express.RequestHandler; launch: express.RequestHandler } | undefined;
  const { provider, store } = createProvider({
    db: o.db,
    secret: o.encryptionKey,
    crossSiteCookies: https,
    tokenMaxAge: TOKEN_MAX_AGE,
    now: o.now,
    beforeLtijs: (app) => {
      app.use(ROUTES.login, safely((req: Request, res: Response, next: express.NextFunction) => guards!.login(req, res, next), 1));
      app.post(ROUTES.launch, safely((req: Request, res: Response, next: express.NextFunction) => guards!.launch(req, res, next), 1));
    },
  });
  const guardDeps = { db: o.db, store, urls, logger: o.logger, refuse, cookieOptions, now: o.now };
  guards = { login: loginGuard(guardDeps), launch: launchGuard(guardDeps) };

  const handlerDeps = { provider, store, urls, secret: o.encryptionKey, logger: o.logger, refuse, page };
  provider.onConnect(safely(onResourceLink(handlerDeps), 2));
  provider.onDeepLinking(safely(onDeepLinking(handlerDeps), 2));
  const refused = (code: RefusalCode) => safely((_req: Request, res: Response) => refuse(res, code), 1);
  provider.onInvalidToken(
    safely((_req: Request, res: Response) => {
      const reason = (res.locals.err as { details?: { message?: string } } | undefined)?.details?.message;
      o.logger.warn({ event: 'lti.launch.refused', reason: refusalForLtijs(reason), ltijs: reason }, 'Moodle launch refused');
      return refuse(res, refusalForLtijs(reason));
    }, 1),
  );
  provider.onSessionTimeout(refused('expired'));
  provider.onUnregisteredPlatform(refused('unknown_platform'));
  provider.onInactivePlatform(refused('inactive_platform'));

  const router = express.Router() as LtiTool;
  router.use((req, res, next) => {
    // Another part of the app may have framed-denied, parsed cookies with its own secret, or read
    // the body already: undo what would stop ltijs inside Moodle's iframe.
    res.removeHeader('X-Frame-Options');
    res.removeHeader('Content-Security-Policy');
    const r = req as unknown as { cookies?: unknown; signedCookies?: unknown; body?: unknown; readableEnded: boolean; _body?: boolean };
    delete r.cookies;
    delete r.signedCookies;
    if (r.body !== undefined && r.readableEnded) r._body = true;
    next();
  });
  router.get('/icon.svg', (_req, res) => {
    res.set({ 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400', 'Cross-Origin-Resource-Policy': 'cross-origin' }).send(icon);
  });
  router.get(
    ROUTES.register,
    registrationHandler({
      db: o.db,
      store,
      urls,
      production: o.production,
      logger: o.logger,
      resolveInstitution: o.resolveInstitution ?? resolveInstitutionFrom(o.db),
      refuse,
      page,
      onRegistered: o.onRegistered,
      fetch: o.fetch,
    }),
  );
  router.post('/deep-link', express.urlencoded({ extended: false, limit: '16kb' }), deepLinkSubmit(handlerDeps));
  router.use(provider.app);
  router.store = store;
  return router;
}
