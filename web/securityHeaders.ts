import helmet from 'helmet';
import type { Request, Response, NextFunction } from 'express';
import type { Institution } from '../core/institutions.ts';

/**
 * Strict headers from helmet, with one deliberate difference: Harbour runs inside Moodle's iframe,
 * so instead of X-Frame-Options the CSP's frame-ancestors names the institution's registered Moodle
 * sites (and Teams, for the tab). Scripts and styles only from Harbour itself.
 */
export function securityHeaders(extraFrameAncestors: string[] = []) {
  return (req: Request, res: Response, next: NextFunction) => {
    const institution = res.locals.institution as Institution | null;
    const frameAncestors = ["'self'", ...(institution?.settings.frameAncestors ?? []), ...extraFrameAncestors];
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors,
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
        },
      },
      frameguard: false,
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'no-referrer' },
    })(req, res, next);
  };
}
