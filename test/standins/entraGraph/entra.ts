import { X509Certificate, createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, exportJWK, generateKeyPair, importX509, jwtVerify, type JWK, type CryptoKey } from 'jose';
import type { Principal } from './shared.ts';

/** An app registration in the stand-in tenant, with the application permissions an admin consented to. */
export interface RegisteredApp {
  clientId: string;
  secret?: string;
  /** PEM certificate whose key signs client assertions. */
  certificatePem?: string;
  roles: string[];
  redirectUris: string[];
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scopes: string[];
  userId: string;
  nonce?: string;
  expires: number;
}

/** Entra's side of the stand-in: keys, app registrations, codes, and what was asked of it. */
export interface EntraState {
  tenantId: string;
  origin: string;
  graphUrl: string;
  apps: RegisteredApp[];
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  codes: Map<string, PendingCode>;
  /** One entry per token request: the grant and the client that asked. */
  tokenRequests: Array<{ grant: string; clientId: string }>;
  /** The signed-in users' profiles, by id. */
  people: (id: string) => { id: string; displayName: string; mail: string } | undefined;
}

export async function createEntraState(init: Omit<EntraState, 'kid' | 'privateKey' | 'publicKey' | 'publicJwk' | 'codes' | 'tokenRequests'>): Promise<EntraState> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomBytes(8).toString('hex');
  return { ...init, kid, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' }, codes: new Map(), tokenRequests: [] };
}

const issuer = (e: EntraState) => `${e.origin}/${e.tenantId}/v2.0`;
const tokenEndpoint = (e: EntraState) => `${e.origin}/${e.tenantId}/oauth2/v2.0/token`;

/** GET /{tenant}/v2.0/.well-known/openid-configuration */
export function openidConfiguration(e: EntraState): Record<string, unknown> {
  const base = `${e.origin}/${e.tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: issuer(e),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${e.graphUrl}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: new URL(e.origin).host,
    cloud_graph_host_name: new URL(e.graphUrl).host,
    msgraph_host: new URL(e.graphUrl).host,
    rbac_url: e.origin,
  };
}

/** GET /{tenant}/discovery/v2.0/keys */
export const jwks = (e: EntraState) => ({ keys: [{ ...e.publicJwk, issuer: issuer(e) }] });

/** Signs a token with the tenant's key (RS256, kid), as Entra does for every token it issues. */
export async function sign(e: EntraState, claims: Record<string, unknown>, lifetimeSeconds = 3600): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tid: e.tenantId, ver: '2.0', ...claims })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: e.kid })
    .setIssuer(issuer(e))
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + lifetimeSeconds)
    .setJti(randomUUID())
    .sign(e.privateKey);
}

/** A token as Entra would issue it for a signed-in user (e.g. the Teams tab's SSO token for our API). */
export async function userToken(e: EntraState, userId: string, audience: string, scopes: string[], clientId: string): Promise<string> {
  const person = e.people(userId);
  if (!person) throw new Error(`No user ${userId} in the stand-in tenant`);
  return sign(e, { aud: audience, oid: person.id, sub: person.id, name: person.displayName, preferred_username: person.mail, upn: person.mail, scp: scopes.join(' '), azp: clientId, idtyp: 'user' });
}

/** Reads a bearer token presented to Graph: our signature, our issuer, Graph's audience. */
export async function graphPrincipal(e: EntraState, authorization: string | undefined): Promise<Principal | null> {
  const token = authorization?.match(/^Bearer (\S+)$/)?.[1];
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, e.publicKey, { issuer: issuer(e), audience: e.graphUrl, algorithms: ['RS256'] });
    if (payload.idtyp === 'app') return { kind: 'app', appId: String(payload.appid), roles: (payload.roles as string[]) ?? [] };
    return { kind: 'user', appId: String(payload.azp), userId: String(payload.oid), scopes: String(payload.scp ?? '').split(' ').filter(Boolean) };
  } catch {
    return null;
  }
}

/** GET /{tenant}/oauth2/v2.0/authorize, with the stand-in's signed-in browser named by x-standin-user. */
export function authorize(e: EntraState, query: URLSearchParams, userId: string | undefined): { status: number; location?: string; error?: string } {
  const app = e.apps.find((a) => a.clientId === query.get('client_id'));
  if (!app) return { status: 400, error: 'AADSTS700016: Application not found in the directory.' };
  const redirectUri = query.get('redirect_uri') ?? '';
  if (!app.redirectUris.includes(redirectUri)) return { status: 400, error: 'AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.' };
  if (query.get('response_type') !== 'code') return { status: 400, error: 'AADSTS700054: response_type must be code.' };
  const challenge = query.get('code_challenge');
  if (!challenge || query.get('code_challenge_method') !== 'S256') return { status: 400, error: 'AADSTS9002325: Proof Key for Code Exchange is required (S256).' };
  const scopes = (query.get('scope') ?? '').split(' ').filter(Boolean);
  if (!scopes.includes('openid')) return { status: 400, error: 'AADSTS900144: The request body must contain the scope openid.' };
  if (!userId || !e.people(userId)) return { status: 400, error: 'No signed-in user (x-standin-user)' };
  const code = randomBytes(24).toString('base64url');
  e.codes.set(code, { clientId: app.clientId, redirectUri, challenge, scopes, userId, nonce: query.get('nonce') ?? undefined, expires: Date.now() + 600_000 });
  const back = new URL(redirectUri);
  back.searchParams.set('code', code);
  if (query.get('state')) back.searchParams.set('state', query.get('state') as string);
  back.searchParams.set('session_state', randomUUID());
  return { status: 302, location: back.toString() };
}

/** Entra's error body for the token endpoint. */
export function tokenError(status: number, error: string, aadsts: number, description: string) {
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${aadsts}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
      error_codes: [aadsts],
      timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z',
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
    },
  };
}

/** Checks how the client authenticated: a secret, or a certificate-signed assertion (private_key_jwt). */
export async function authenticateClient(e: EntraState, form: URLSearchParams, authorization?: string): Promise<RegisteredApp | ReturnType<typeof tokenError>> {
  let clientId = form.get('client_id') ?? '';
  let secret = form.get('client_secret') ?? undefined;
  const basic = authorization?.match(/^Basic (.+)$/)?.[1];
  if (basic) [clientId, secret] = Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent) as [string, string];
  const app = e.apps.find((a) => a.clientId === clientId);
  if (!app) return tokenError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory.`);
  const assertion = form.get('client_assertion');
  if (secret !== undefined && assertion) return tokenError(400, 'invalid_request', 90015, 'Only one client authentication method may be used.');
  if (secret !== undefined) return app.secret && secret === app.secret ? app : tokenError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
  if (!assertion || form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
    return tokenError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  if (!app.certificatePem) return tokenError(401, 'invalid_client', 700027, 'No certificate is registered for this application.');
  const header = decodeProtectedHeader(assertion);
  const der = new X509Certificate(app.certificatePem).raw;
  const x5tS256 = createHash('sha256').update(der).digest('base64url');
  const x5t = createHash('sha1').update(der).digest('base64url');
  if (header['x5t#S256'] !== x5tS256 && header.x5t !== x5t) return tokenError(401, 'invalid_client', 700027, 'The certificate thumbprint is not registered for this application.');
  try {
    const alg = header.alg === 'PS256' ? 'PS256' : 'RS256';
    const key = await importX509(app.certificatePem, alg);
    const { payload } = await jwtVerify(assertion, key, { audience: tokenEndpoint(e), issuer: app.clientId, subject: app.clientId, algorithms: [alg], clockTolerance: 300 });
    if (!payload.jti || !payload.exp) return tokenError(401, 'invalid_client', 700023, 'The client assertion lacks jti or exp.');
  } catch (err) {
    return tokenError(401, 'invalid_client', 700027, `Client assertion failed signature validation: ${(err as Error).message}.`);
  }
  return app;
}

export const pkceMatches = (verifier: string, challenge: string) => createHash('sha256').update(verifier).digest('base64url') === challenge;
export type { PendingCode };
