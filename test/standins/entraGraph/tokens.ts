import { jwtVerify } from 'jose';
import { authenticateClient, pkceMatches, sign, tokenError, type EntraState, type RegisteredApp } from './entra.ts';

const oidc = new Set(['openid', 'profile', 'offline_access', 'email']);

/**
 * Graph scopes from a request: `{graph}/X` or a bare `X` mean Graph's X; OIDC scopes are left out.
 * As Entra does for Microsoft Graph, the response's `scope` names them without the resource prefix.
 */
function graphScopes(e: EntraState, scope: string): string[] {
  return scope
    .split(' ')
    .filter((s) => s && !oidc.has(s))
    .map((s) => (s.startsWith(`${e.graphUrl}/`) ? s.slice(e.graphUrl.length + 1) : s));
}

async function userTokens(e: EntraState, app: RegisteredApp, userId: string, form: URLSearchParams, scopes: string[], nonce?: string) {
  const person = e.people(userId);
  if (!person) return tokenError(400, 'invalid_grant', 50034, 'The user account does not exist in this directory.');
  const requested = (form.get('scope') ?? '').split(' ');
  const access = await sign(e, { aud: e.graphUrl, oid: person.id, sub: person.id, name: person.displayName, preferred_username: person.mail, scp: scopes.join(' '), azp: app.clientId, appid: app.clientId, idtyp: 'user' });
  const body: Record<string, unknown> = { token_type: 'Bearer', scope: [...scopes, ...requested.filter((r) => oidc.has(r))].join(' '), expires_in: 3599, ext_expires_in: 3599, access_token: access };
  if (requested.includes('offline_access') || scopes.length) body.refresh_token = `rt.${person.id}.${Date.now()}`;
  if (requested.includes('openid')) {
    body.id_token = await sign(e, { aud: app.clientId, oid: person.id, sub: person.id, name: person.displayName, preferred_username: person.mail, ...(nonce ? { nonce } : {}) });
  }
  if (form.get('client_info') === '1') body.client_info = Buffer.from(JSON.stringify({ uid: person.id, utid: e.tenantId })).toString('base64url');
  return { status: 200, body };
}

/** POST /{tenant}/oauth2/v2.0/token: client credentials, on-behalf-of, authorization code + PKCE. */
export async function tokenRequest(e: EntraState, headers: Record<string, string>, raw: string): Promise<{ status: number; body: Record<string, unknown> }> {
  if (!(headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return tokenError(400, 'invalid_request', 900144, 'The token request must be application/x-www-form-urlencoded.');
  }
  const form = new URLSearchParams(raw);
  const grant = form.get('grant_type') ?? '';
  const app = await authenticateClient(e, form, headers.authorization);
  if (!('clientId' in app)) return app;
  e.tokenRequests.push({ grant, clientId: app.clientId });
  const scope = form.get('scope') ?? '';

  if (grant === 'client_credentials') {
    if (scope.trim() !== `${e.graphUrl}/.default`) return tokenError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    const token = await sign(e, { aud: e.graphUrl, appid: app.clientId, azp: app.clientId, oid: `sp-${app.clientId}`, sub: `sp-${app.clientId}`, roles: app.roles, idtyp: 'app' });
    return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token } };
  }

  if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
    if (form.get('requested_token_use') !== 'on_behalf_of') return tokenError(400, 'invalid_request', 50027, 'requested_token_use must be on_behalf_of.');
    try {
      const { payload } = await jwtVerify(form.get('assertion') ?? '', e.publicKey, { algorithms: ['RS256'], audience: [app.clientId, `api://${app.clientId}`], clockTolerance: 300 });
      if (payload.tid !== e.tenantId) return tokenError(400, 'invalid_grant', 50013, 'Assertion was issued for another tenant.');
      return userTokens(e, app, String(payload.oid), form, graphScopes(e, scope));
    } catch (err) {
      return tokenError(400, 'invalid_grant', 50013, `Assertion failed signature validation or has expired: ${(err as Error).message}.`);
    }
  }

  if (grant === 'authorization_code') {
    const code = e.codes.get(form.get('code') ?? '');
    e.codes.delete(form.get('code') ?? '');
    if (!code || code.expires < Date.now() || code.clientId !== app.clientId) return tokenError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired or is invalid.');
    if (form.get('redirect_uri') !== code.redirectUri) return tokenError(400, 'invalid_grant', 500112, 'The reply address does not match the one used in the authorization request.');
    if (!pkceMatches(form.get('code_verifier') ?? '', code.challenge)) return tokenError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
    return userTokens(e, app, code.userId, form, graphScopes(e, scope), code.nonce);
  }

  return tokenError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`);
}
