import express, { type Router } from 'express';
import cookieParser from 'cookie-parser';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Core } from '../core/core.ts';
import type { Views } from './views.ts';
import type { InstitutionResolver } from './institution.ts';
import { securityHeaders } from './securityHeaders.ts';
import { errorHandler } from './errors.ts';

const publicDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'templates', 'public');

export interface Mount {
  path: string;
  router: Router | express.Express;
  /** Mounted before body parsing and security headers (ltijs and the bot parse their own bodies). */
  raw?: boolean;
}

/**
 * The Express app: health check, static assets, security headers, body parsing and the routers
 * each area hands in, then one error handler. Request logs carry method, path and status only.
 */
export function createWebApp(deps: { core: Core; views: Views; institutions: InstitutionResolver; mounts: Mount[]; frameAncestors?: string[]; trustProxy?: boolean }) {
  const app = express();
  app.disable('x-powered-by');
  if (deps.trustProxy) app.set('trust proxy', 1);
  app.get('/healthz', async (_req, res) => {
    try {
      await deps.core.db.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', reason: 'database' });
    }
  });
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => deps.core.log.info({ method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request'));
    next();
  });
  app.use(deps.institutions.middleware());
  for (const m of deps.mounts.filter((x) => x.raw)) app.use(m.path, m.router);
  app.use(securityHeaders(() => deps.institutions.frameAncestors(), deps.frameAncestors));
  app.use('/assets', express.static(publicDir, { maxAge: '1h', index: false }));
  app.use(cookieParser());
  app.use(express.urlencoded({ extended: true, limit: '200kb' }));
  app.use(express.json({ limit: '200kb' }));
  for (const m of deps.mounts.filter((x) => !x.raw)) app.use(m.path, m.router);
  app.use((_req, _res, next) => next(Object.assign(new Error('Not found'), { status: 404 })));
  app.use(errorHandler(deps.views, deps.core.log));
  return app;
}
