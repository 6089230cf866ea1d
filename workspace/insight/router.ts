import crypto from 'node:crypto';
import { Router, type Request, type Response, type NextFunction } from 'express';
import { csrfProtection } from '../../web/csrf.ts';
import { handle, requireAction, type InsightDeps } from './page.ts';
import { statisticsPages } from './statisticsPage.ts';
import { accessReviewPages } from './accessReviewPage.ts';
import { subjectRequestPages } from './subjectRequestsPage.ts';
import { retentionPages } from './retentionPage.ts';

export type { InsightDeps } from './page.ts';

const PATHS = ['/statistics', '/statistics.csv', '/access-review', '/subject-requests', '/retention'];

/**
 * Insight and data protection, mounted at /tab before the workspace router: statistics (charts
 * with tables, CSV, the annual report), access review, subject rights requests and retention.
 * Session and CSRF middleware run only on these paths, so the rest of /tab is untouched.
 */
export function createInsightRouter(deps: InsightDeps): Router {
  const secure = deps.secureCookies ?? deps.config.production;
  const csrf = csrfProtection(deps.config.SESSION_SECRET ?? crypto.randomBytes(32).toString('base64url'), secure);
  const session = deps.sessions.middleware();
  const router = Router();
  router.use(PATHS, (_req: Request, res: Response, next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    if (res.locals.actor) return next();
    session(_req, res, next);
  });
  router.use(PATHS, csrf);

  const stats = statisticsPages(deps);
  const statistics = requireAction('view_statistics');
  router.get('/statistics', statistics, handle(stats.page));
  router.get('/statistics.csv', statistics, handle(stats.csv));
  router.get('/statistics/annual-report.pdf', statistics, handle(stats.pdf));

  const access = accessReviewPages(deps);
  const review = requireAction('review_access');
  router.get('/access-review', review, handle(access.page));
  router.post('/access-review/alerts/:id/review', review, handle(access.review));

  const subjects = subjectRequestPages(deps);
  const dpo = requireAction('subject_requests');
  router.get('/subject-requests', dpo, handle(subjects.list));
  router.post('/subject-requests', dpo, handle(subjects.create));
  router.get('/subject-requests/:id', dpo, handle(subjects.show));
  router.post('/subject-requests/:id/export', dpo, handle(subjects.export));
  router.post('/subject-requests/:id/decide', dpo, handle(subjects.decide));

  const retention = retentionPages(deps);
  router.get('/retention', requireAction('review_access', 'manage_settings'), handle(retention.page));
  router.post('/retention/run', requireAction('manage_settings'), handle(retention.run));
  return router;
}
