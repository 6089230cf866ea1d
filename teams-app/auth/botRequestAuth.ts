import type { NextFunction, Request, Response } from 'express';
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { Logger } from '../../core/logger.ts';
import type { BotSigningKeys } from './botSigningKeys.ts';

export interface BotRequestAuthOptions {
  keys: BotSigningKeys;
  /** The bot's Microsoft app id (MICROSOFT_CLIENT_ID): every token must be addressed to it. */
  appId: string;
  logger: Logger;
  clockToleranceSeconds?: number;
}

/** What the middleware leaves on `req.user` for `adapter.process` (the verified claims). */
export type BotClaims = JWTPayload & { serviceurl?: string };

const bearer = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * Authenticates a Bot Connector request before the SDK sees it, as the Bot Framework security spec
 * asks: RS256 only, the metadata's issuer, audience = our app id, 5 minutes of clock skew, the
 * signing key endorsed for the activity's channel, and the token's `serviceurl` equal to the
 * activity's. The SDK alone accepts a wrong issuer, ignores endorsements and only warns on serviceurl.
 * 401: no, malformed or invalid token; 403: a valid token that does not vouch for this activity.
 */
export function botRequestAuth(options: BotRequestAuthOptions) {
  const { keys, appId, logger } = options;
  const clockTolerance = options.clockToleranceSeconds ?? 300;
  const refuse = (res: Response, status: 401 | 403, reason: string) => {
    logger.warn({ status, reason }, 'bot request refused');
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(status).end();
  };

  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const match = bearer.exec(req.headers.authorization ?? '');
    if (!match) return refuse(res, 401, 'no bearer token');
    const token = match[1]!;

    let kid: string | undefined;
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== 'RS256') return refuse(res, 401, `algorithm ${String(header.alg)} is not RS256`);
      kid = header.kid;
    } catch {
      return refuse(res, 401, 'malformed token header');
    }
    if (!kid) return refuse(res, 401, 'token names no key');

    let issuer: string;
    let signing;
    try {
      issuer = await keys.issuer();
      signing = await keys.keyFor(kid);
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'bot signing keys unavailable');
      res.status(503).end();
      return;
    }
    if (!signing) return refuse(res, 401, 'unknown signing key');

    let claims: BotClaims;
    try {
      const verified = await jwtVerify(token, signing.key, {
        algorithms: ['RS256'],
        issuer,
        audience: appId,
        clockTolerance,
        requiredClaims: ['exp'],
      });
      claims = verified.payload as BotClaims;
    } catch (err) {
      return refuse(res, 401, `token rejected: ${(err as { code?: string }).code ?? 'invalid'}`);
    }

    const activity = (req.body ?? {}) as { channelId?: unknown; serviceUrl?: unknown };
    if (typeof activity.channelId !== 'string' || !signing.endorsements.includes(activity.channelId)) {
      return refuse(res, 403, 'signing key not endorsed for this channel');
    }
    if (typeof claims.serviceurl !== 'string' || claims.serviceurl !== activity.serviceUrl) {
      return refuse(res, 403, 'serviceurl claim does not match the activity');
    }
    (req as Request & { user?: BotClaims }).user = claims;
    next();
  };
}
