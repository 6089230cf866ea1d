import helmet from 'helmet';
import type { Request, Response, NextFunction } from 'express';

/**
 * Strict headers from helmet, with one deliberate difference: Harbour runs inside Moodle's iframe,
 * so instead of X-Frame-Options the CSP's frame-ancestors names the institution's registered Moodle
 * sites (of every institution served here, since one Moodle launch may land on any host's form)
 * and Teams, for the tab. Scripts and styles only from Harbour itself.
 */
export function securityHeaders(registeredOrigins: () => Promise<string[]>, extraFrameAncestors: string[] = []) {
  return async (req: Request, res: Response, next: NextFunction) => {
    let origins: string[];
    try {
      origins = await registeredOrigins();
    } catch (err) {
      return next(err);
    }
    const frameAncestors = ["'self'", ...origins, ...extraFrameAncestors];
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
