import type { Request, Response, NextFunction } from 'express';
import type { Logger } from '../core/logger.ts';
import { DomainError } from '../core/errors.ts';
import type { Views } from './views.ts';

const STATUS: Record<DomainError['code'], number> = { not_found: 404, forbidden: 403, conflict: 409, invalid: 400, locked: 429 };

/** Turns any error into a page (or JSON for API clients) a person can act on; never a stack trace. */
export function errorHandler(views: Views, log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const domain = err instanceof DomainError ? err : null;
    const status = domain ? STATUS[domain.code] : (err as { status?: number }).status && (err as { status: number }).status < 500 ? (err as { status: number }).status : 500;
    if (!domain && status >= 500) log.error({ err: (err as Error).message, stack: (err as Error).stack, path: req.path }, 'request failed');
    const message = domain?.message ?? (status === 500 ? 'Something went wrong on our side. Please try again in a moment.' : status === 404 ? "We couldn't find that page." : 'That request was not valid.');
    if (res.headersSent) return;
    if (req.accepts(['html', 'json']) === 'json' || req.path.startsWith('/api/')) return res.status(status).json({ error: domain?.code ?? 'error', message, details: domain?.details });
    res.status(status).type('html').send(views.render('error', { title: 'Something needs your attention', message, status }));
  };
}
