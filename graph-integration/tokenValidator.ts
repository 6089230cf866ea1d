import { createRemoteJWKSet, customFetch, jwtVerify, type JWTPayload } from 'jose';
import type { Microsoft365Config } from './config.ts';
import type { HttpsSend } from './transport.ts';

/** The person an Entra-issued ID or access token speaks for. */
export interface EntraIdentity {
  oid: string;
  tid: string;
  upn?: string;
  preferredUsername?: string;
  name?: string;
  /** Delegated scopes (scp) or app roles (roles) the token carries. */
  scopes: string[];
}

export type EntraTokenValidator = (token: string, options: { audience: string | string[] }) => Promise<EntraIdentity>;

/**
 * Verifies tokens that Entra issued for our tenant (Teams tab SSO, browser sign-in): RS256 only,
 * keys from the authority's OpenID metadata, issuer of our tenant (v2 or v1 form), the audience
 * asked for, five minutes of clock skew. Throws on anything else.
 */
export function createEntraTokenValidator(config: Pick<Microsoft365Config, 'authorityHost' | 'tenantId'>, send: HttpsSend): EntraTokenValidator {
  const viaSend = async (url: string, init: { headers: Headers; method: 'GET' }): Promise<Response> => {
    const headers: Record<string, string> = {};
    init.headers.forEach((v, k) => (headers[k] = v));
    const r = await send(url, { method: init.method, headers });
    return new Response(r.body, { status: r.status, headers: r.headers });
  };
  let setup: Promise<{ issuers: string[]; tenant: string; keys: ReturnType<typeof createRemoteJWKSet> }> | undefined;
  const load = async () => {
    const url = `${config.authorityHost}/${config.tenantId}/v2.0/.well-known/openid-configuration`;
    const r = await send(url, { method: 'GET', headers: { accept: 'application/json' } });
    if (r.status !== 200) throw new Error(`OpenID metadata answered HTTP ${r.status} at ${url}`);
    const meta = JSON.parse(r.body) as { issuer?: string; jwks_uri?: string };
    if (!meta.issuer || !meta.jwks_uri) throw new Error('OpenID metadata lacks issuer or jwks_uri');
    const tenant = meta.issuer.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i)?.[0] ?? config.tenantId;
    const issuers = [meta.issuer.replace('{tenantid}', tenant), `https://sts.windows.net/${tenant}/`];
    return { issuers, tenant, keys: createRemoteJWKSet(new URL(meta.jwks_uri), { [customFetch]: viaSend }) };
  };
  return async (token, { audience }) => {
    setup ??= load().catch((err) => {
      setup = undefined;
      throw err;
    });
    const { issuers, tenant, keys } = await setup;
    const { payload } = await jwtVerify(token, keys, { algorithms: ['RS256'], issuer: issuers, audience, clockTolerance: 300 });
    return identity(payload, tenant);
  };
}

function identity(p: JWTPayload, tenant: string): EntraIdentity {
  const text = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
  const oid = text('oid');
  const tid = text('tid');
  if (!oid || !tid) throw new Error('The token names no user (oid) or tenant (tid)');
  if (tid.toLowerCase() !== tenant.toLowerCase()) throw new Error('The token was issued for another tenant');
  const roles = Array.isArray(p.roles) ? p.roles.filter((r): r is string => typeof r === 'string') : [];
  return {
    oid,
    tid,
    upn: text('upn'),
    preferredUsername: text('preferred_username'),
    name: text('name'),
    scopes: [...(text('scp')?.split(' ') ?? []), ...roles],
  };
}
