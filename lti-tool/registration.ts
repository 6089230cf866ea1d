import type { Request, Response, RequestHandler } from 'express';
import { z } from 'zod';
import type { Database } from '../core/db/database.ts';
import type { LtiStore } from './ltiStore.ts';
import type { Logger } from '../core/logger.ts';
import type { ToolUrls } from './toolValues.ts';
import type { RefusalCode } from './refusals.ts';
import type { PageOptions, View } from './pages.ts';
import { registerPlatform, RegistrationError } from './platforms.ts';

/**
 * The institution a registration is for: `{ id, name }`, or null when it can't be told. `hint` is
 * the `?institution=` of the registration URL; `host` is the host Moodle reached Harbour on.
 */
export type ResolveInstitution = (hint: string | undefined, host: string) => Promise<{ id: string; name: string } | null>;

/**
 * The default rule, explicit: `?institution=<slug or id>` names it; without one, the single
 * institution if there is exactly one; otherwise none (and the page says how to name it).
 */
export function resolveInstitutionFrom(db: Database): ResolveInstitution {
  return async (hint) => {
    const { rows } = hint
      ? await db.query<{ id: string; name: string }>('SELECT id, name FROM institutions WHERE slug = $1 OR id::text = $1', [hint])
      : await db.query<{ id: string; name: string }>('SELECT id, name FROM institutions ORDER BY created_at LIMIT 2');
    return rows.length === 1 ? rows[0]! : null;
  };
}

export interface RegistrationDeps {
  db: Database;
  store: LtiStore;
  urls: ToolUrls;
  production: boolean;
  logger: Logger;
  resolveInstitution: ResolveInstitution;
  refuse: (res: Response, code: RefusalCode, detail?: string, extra?: Partial<PageOptions>) => Promise<void>;
  page: (res: Response, view: View, data: Record<string, unknown>, extra?: Partial<PageOptions>) => Promise<void>;
  /** Told after a platform was registered (its origin now frames Harbour). */
  onRegistered?: () => void;
  fetch?: typeof fetch;
}

const querySchema = z.object({
  openid_configuration: z.url(),
  registration_token: z.string().max(8192).optional(),
  institution: z.string().max(100).optional(),
});

const configSchema = z.object({
  issuer: z.url(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  registration_endpoint: z.url(),
  claims_supported: z.array(z.string()).optional(),
  'https://purl.imsglobal.org/spec/lti-platform-configuration': z.object({ product_family_code: z.string().optional() }).optional(),
});

const responseSchema = z.object({
  client_id: z.string().min(1),
  'https://purl.imsglobal.org/spec/lti-tool-configuration': z.object({ deployment_id: z.string().optional() }).optional(),
});

const WANTED_CLAIMS = ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'];

/** What Harbour asks Moodle to register: its endpoints, the two messages, and the claims it uses. */
export function registrationRequest(urls: ToolUrls, claimsSupported?: string[]) {
  const label = 'Report an incident';
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: urls.loginUrl,
    redirect_uris: urls.redirectUris,
    client_name: 'Report an incident (Harbour)',
    jwks_uri: urls.keysUrl,
    logo_uri: urls.iconUrl,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: '',
    'https://purl.imsglobal.org/spec/lti-tool-configuration': {
      domain: urls.domain,
      target_link_uri: urls.toolUrl,
      description: 'Report harassment, bullying, sexual misconduct or a hate incident, anonymously if you wish, and find support.',
      claims: claimsSupported ? WANTED_CLAIMS.filter((c) => claimsSupported.includes(c)) : WANTED_CLAIMS,
      messages: [
        { type: 'LtiResourceLinkRequest', target_link_uri: urls.toolUrl, label },
        { type: 'LtiDeepLinkingRequest', target_link_uri: urls.toolUrl, label, placements: ['ContentArea'] },
      ],
    },
  };
}

class PlatformAnswer extends Error {}

/**
 * LTI Dynamic Registration (`GET /lti/register?openid_configuration=…&registration_token=…`): reads
 * the platform's configuration, registers Harbour there, records the platform for the chosen
 * institution (activated on Harbour's side; Moodle keeps it pending until the admin activates it),
 * and shows a page whose Finish button sends `org.imsglobal.lti.close` to Moodle.
 */
export function registrationHandler(d: RegistrationDeps): RequestHandler {
  const get = d.fetch ?? fetch;
  const call = async (url: string, init: RequestInit, what: string): Promise<unknown> => {
    let r: globalThis.Response;
    try {
      r = await get(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(10_000) });
    } catch (err) {
      throw new PlatformAnswer(`Harbour could not reach ${what} at ${url} (${(err as Error).message}).`);
    }
    const text = await r.text();
    if (!r.ok) throw new PlatformAnswer(`${what} answered ${r.status}${text ? `: ${text.slice(0, 200)}` : ''}.`);
    try {
      return JSON.parse(text);
    } catch {
      throw new PlatformAnswer(`${what} did not answer with JSON.`);
    }
  };

  return async (req: Request, res: Response) => {
    const q = querySchema.safeParse(req.query);
    if (!q.success)
      return d.refuse(res, 'not_for_browsers', 'This is Harbour’s dynamic registration address: a Moodle administrator pastes it into Site administration → Plugins → External tool → Manage tools → Tool URL, then chooses “Add LTI Advantage”.');
    const configUrl = new URL(q.data.openid_configuration);
    const framing = { frameAncestors: [configUrl.origin] };
    const institution = await d.resolveInstitution(q.data.institution, req.hostname);
    if (!institution) return d.refuse(res, 'institution_unknown', undefined, framing);
    try {
      if (d.production && configUrl.protocol !== 'https:') throw new PlatformAnswer('The platform’s configuration must be served over HTTPS.');
      const parsed = configSchema.safeParse(await call(configUrl.href, { headers: { accept: 'application/json' } }, 'The platform’s configuration'));
      if (!parsed.success) throw new PlatformAnswer('The platform’s configuration is missing required fields (issuer, endpoints, JWKS or registration endpoint).');
      const config = parsed.data;
      const issuer = new URL(config.issuer);
      if (issuer.host !== configUrl.host || issuer.protocol !== configUrl.protocol)
        throw new PlatformAnswer(`The configuration’s issuer (${config.issuer}) is not the site it was read from (${configUrl.origin}).`);
      const endpoints = [config.authorization_endpoint, config.token_endpoint, config.jwks_uri, config.registration_endpoint];
      if (d.production && endpoints.some((u) => !u.startsWith('https://'))) throw new PlatformAnswer('Every platform endpoint must be HTTPS.');

      const answer = responseSchema.safeParse(
        await call(
          config.registration_endpoint,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/json',
              ...(q.data.registration_token ? { authorization: `Bearer ${q.data.registration_token}` } : {}),
            },
            body: JSON.stringify(registrationRequest(d.urls, config.claims_supported)),
          },
          'The platform’s registration endpoint',
        ),
      );
      if (!answer.success) throw new PlatformAnswer('The platform’s registration answer has no client id.');
      const deploymentId = answer.data['https://purl.imsglobal.org/spec/lti-tool-configuration']?.deployment_id;
      const product = config['https://purl.imsglobal.org/spec/lti-platform-configuration']?.product_family_code ?? 'platform';
      const platform = await registerPlatform(d.db, d.store, {
        institutionId: institution.id,
        issuer: config.issuer,
        clientId: answer.data.client_id,
        deploymentIds: deploymentId ? [deploymentId] : [],
        name: `${product} at ${issuer.host}`,
        source: 'dynamic',
        authEndpoint: config.authorization_endpoint,
        tokenEndpoint: config.token_endpoint,
        jwksUrl: config.jwks_uri,
      });
      d.onRegistered?.();
      d.logger.info({ event: 'lti.registered', source: 'dynamic', institutionId: institution.id, platformId: platform.id, issuer: config.issuer }, 'Moodle site registered');
      return d.page(
        res,
        'lti-registered',
        { title: 'Harbour is registered', institutionName: institution.name, issuer: config.issuer, clientId: platform.clientId, deploymentId },
        framing,
      );
    } catch (err) {
      if (!(err instanceof PlatformAnswer || err instanceof RegistrationError)) throw err;
      d.logger.warn({ event: 'lti.registration.failed', reason: err.message }, 'Dynamic registration failed');
      return d.refuse(res, 'registration_failed', err.message, framing);
    }
  };
}
