import type { CookieOptions, Request, Response, NextFunction, RequestHandler } from 'express';
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { Database } from '../core/db/database.ts';
import type { Logger } from '../core/logger.ts';
import type { LtiStore } from './ltiStore.ts';
import type { ToolUrls } from './toolValues.ts';
import type { RefusalCode } from './refusals.ts';
import { findPlatforms } from './platforms.ts';

/** ltijs's id_token age limit (seconds); Harbour checks the same before ltijs stores anything. */
export const TOKEN_MAX_AGE = 10;

const CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/';
const MESSAGE_TYPES = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'];

/** What the launch guard established, for the launch handlers (never any claim about the person). */
export interface CheckedLaunch {
  institutionId: string;
  platformId: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
}

export interface GuardDeps {
  db: Database;
  store: LtiStore;
  urls: ToolUrls;
  logger: Logger;
  refuse: (res: Response, code: RefusalCode, detail?: string) => Promise<void>;
  /** The options ltijs sets its state cookie with, so a refusal clears the same cookie. */
  cookieOptions: CookieOptions;
  now?: () => number;
}

const loginSchema = z.object({
  iss: z.url(),
  login_hint: z.string().min(1).max(255),
  target_link_uri: z.url(),
  client_id: z.string().min(1).max(255).optional(),
  lti_deployment_id: z.string().min(1).max(255).optional(),
  lti_message_hint: z.string().max(2048).optional(),
});

/**
 * Runs before ltijs's OIDC login initiation: refuses unknown platforms and deployments and foreign
 * target links with a page, and records which nonce and platform the state it issues belongs to,
 * so the launch can be bound to this login (ltijs itself never checks the nonce it sent).
 */
export function loginGuard(d: GuardDeps): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const parsed = loginSchema.safeParse({ ...req.query, ...(req.body ?? {}) });
    if (!parsed.success) return d.refuse(res, 'not_for_browsers', 'The sign-in request from Moodle was incomplete.');
    const p = parsed.data;
    const platforms = await findPlatforms(d.db, p.iss, p.client_id);
    const platform = platforms[0];
    if (!platform || (!p.client_id && platforms.length > 1)) return d.refuse(res, 'unknown_platform');
    if (p.lti_deployment_id && !platform.deploymentIds.includes(p.lti_deployment_id)) return d.refuse(res, 'unknown_deployment');
    if (p.target_link_uri.split('?')[0] !== d.urls.toolUrl) return d.refuse(res, 'invalid_launch', 'The link Moodle asked to open is not Harbour’s.');
    const redirect = res.redirect.bind(res) as (url: string) => void;
    (res as unknown as { redirect: (url: string) => void }).redirect = (url: string) => {
      const auth = new URL(url);
      const state = auth.searchParams.get('state');
      const nonce = auth.searchParams.get('nonce');
      d.store
        .Insert(false, 'login', { state, nonce, iss: platform.issuer, clientId: platform.clientId, deploymentId: p.lti_deployment_id ?? null })
        .then(() => redirect(url))
        .catch(next);
    };
    return next();
  };
}

/**
 * Runs before ltijs validates a launch: everything that can be refused without trusting the token
 * is refused here, so a refused launch stores nothing (ltijs would store the nonce first). ltijs
 * then checks the signature against the platform's JWKS, expiry and nonce replay.
 */
export function launchGuard(d: GuardDeps): RequestHandler {
  const now = () => (d.now ?? Date.now)() / 1000;
  return async (req: Request, res: Response, next: NextFunction) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const state = typeof body.state === 'string' ? body.state : undefined;
    const refuse = async (code: RefusalCode, detail?: string) => {
      if (state) res.clearCookie(`state${state}`, d.cookieOptions);
      d.logger.warn({ event: 'lti.launch.refused', reason: code }, 'Moodle launch refused');
      await d.refuse(res, code, detail);
    };
    if (typeof body.error === 'string') {
      if (state) await d.store.take('login', { state });
      return refuse('platform_error', `Moodle said: ${body.error.slice(0, 100)}.`);
    }
    if (typeof body.id_token !== 'string') return next();
    if (!state) return refuse('invalid_launch', 'The launch carried no state.');
    const login = await d.store.take('login', { state });

    let header: ReturnType<typeof decodeProtectedHeader>;
    let claims: JWTPayload;
    try {
      header = decodeProtectedHeader(body.id_token);
      claims = decodeJwt(body.id_token);
    } catch {
      return refuse('invalid_launch', 'The launch token is not a JWT.');
    }
    if (header.alg !== 'RS256') return refuse('invalid_launch', 'The launch token is not signed with RS256.');
    if (!header.kid) return refuse('invalid_launch', 'The launch token names no signing key.');

    const cookies = (req as Request & { signedCookies?: Record<string, unknown> }).signedCookies ?? {};
    if (!cookies[`state${state}`]) {
      const otherLogin = Object.keys(cookies).some((name) => name.startsWith('state'));
      if (otherLogin) return refuse('invalid_launch', 'This launch does not match the sign-in your browser started.');
      return refuse(login ? 'missing_state_cookie' : 'expired');
    }
    if (!login) return refuse('expired');

    const clientId = login.clientId as string;
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.iss !== login.iss) return refuse('invalid_launch', 'The launch came from a different Moodle site than the sign-in.');
    if (!aud.includes(clientId)) return refuse('invalid_launch', 'The launch was not addressed to Harbour.');
    if ((aud.length > 1 || claims.azp !== undefined) && claims.azp !== clientId) return refuse('invalid_launch', 'The launch was authorised for another tool.');
    if (claims.nonce !== login.nonce) return refuse('invalid_launch', 'The launch does not answer Harbour’s sign-in request.');
    if (typeof claims.exp !== 'number' || claims.exp <= now()) return refuse('expired');
    if (typeof claims.iat !== 'number' || now() - claims.iat > TOKEN_MAX_AGE) return refuse('expired');
    if (!MESSAGE_TYPES.includes(claims[`${CLAIM}message_type`] as string)) return refuse('wrong_message');
    if (claims[`${CLAIM}version`] !== '1.3.0') return refuse('wrong_message');

    const deploymentId = claims[`${CLAIM}deployment_id`];
    const [platform] = await findPlatforms(d.db, login.iss as string, clientId);
    if (!platform) return refuse('unknown_platform');
    if (typeof deploymentId !== 'string' || !platform.deploymentIds.includes(deploymentId)) return refuse('unknown_deployment');
    if (login.deploymentId && login.deploymentId !== deploymentId) return refuse('unknown_deployment');

    const checked: CheckedLaunch = { institutionId: platform.institutionId, platformId: platform.id, issuer: platform.issuer, clientId, deploymentId };
    res.locals.harbourLaunch = checked;
    return next();
  };
}
