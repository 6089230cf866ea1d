import crypto from 'node:crypto';
import { ConfidentialClientApplication, CryptoProvider, LogLevel, type AuthenticationResult, type Configuration } from '@azure/msal-node';
import type { Logger } from 'pino';
import type { Microsoft365Config } from './config.ts';
import { OfficeError } from '../core/ports/officeError.ts';
import { msalNetworkClient, type HttpsSend } from './transport.ts';

/** A PKCE pair: the challenge goes into the sign-in URL, the verifier stays in the session. */
export interface Pkce {
  verifier: string;
  challenge: string;
}

/** Who signed in, from the ID token the token endpoint returned. */
export interface SignedInUser {
  oid: string;
  tid: string;
  preferredUsername?: string;
  name?: string;
  accessToken: string;
  expiresOn: Date | null;
}

/** A token acquired for a signed-in case manager (on-behalf-of). */
export interface DelegatedToken {
  accessToken: string;
  expiresOn: Date | null;
  scopes: string[];
}

/**
 * Harbour's Entra identity (msal-node ConfidentialClientApplication): app-only tokens for its own
 * Graph calls, on-behalf-of tokens for the Teams tab, and browser sign-in with code + PKCE.
 * msal keeps the tokens in its in-memory cache, so repeated calls reuse them until they expire.
 */
export interface EntraAuth {
  appToken(): Promise<string>;
  acquireOnBehalfOf(userAssertion: string, scopes: string[]): Promise<DelegatedToken>;
  newPkce(): Promise<Pkce>;
  authCodeUrl(state: string, pkce: Pkce, options?: { scopes?: string[]; loginHint?: string }): Promise<string>;
  redeemCode(code: string, pkce: Pkce, options?: { scopes?: string[] }): Promise<SignedInUser>;
}

const signInScopes = ['User.Read'];

/** Builds the msal client for the configured tenant and authority host (stand-ins included). */
export function createEntraAuth(config: Microsoft365Config, logger: Logger, send: HttpsSend): EntraAuth {
  const msal = new ConfidentialClientApplication(msalConfiguration(config, logger, send));
  const graphDefault = `${config.graphUrl}/.default`;
  const fail = (what: string, err: unknown): never => {
    const code = (err as { errorCode?: string }).errorCode ?? 'unknown';
    logger.warn({ what, code }, 'Entra refused a token request');
    if (err instanceof OfficeError) throw err;
    const refused = /invalid_client|unauthorized_client|invalid_grant|AADSTS7000215|AADSTS700027/.test(`${code} ${(err as Error).message}`);
    throw new OfficeError(
      refused ? 'sign_in' : 'unavailable',
      refused
        ? 'Harbour could not sign in to Microsoft 365. Ask your administrator to check its app registration (the client secret or certificate may have expired).'
        : 'Harbour could not reach Microsoft 365 sign-in. Please try again in a few minutes.',
      { code },
    );
  };
  const need = (r: AuthenticationResult | null, what: string): AuthenticationResult => {
    if (!r?.accessToken) throw new OfficeError('sign_in', `Microsoft 365 returned no token for ${what}.`);
    return r;
  };
  return {
    async appToken() {
      try {
        return need(await msal.acquireTokenByClientCredential({ scopes: [graphDefault] }), 'Harbour').accessToken;
      } catch (err) {
        return fail('client_credentials', err);
      }
    },
    async acquireOnBehalfOf(userAssertion, scopes) {
      try {
        const r = need(await msal.acquireTokenOnBehalfOf({ oboAssertion: userAssertion, scopes }), 'the signed-in person');
        return { accessToken: r.accessToken, expiresOn: r.expiresOn, scopes: r.scopes };
      } catch (err) {
        return fail('on_behalf_of', err);
      }
    },
    async newPkce() {
      return new CryptoProvider().generatePkceCodes();
    },
    async authCodeUrl(state, pkce, options = {}) {
      return msal.getAuthCodeUrl({
        scopes: options.scopes ?? signInScopes,
        redirectUri: config.redirectUri,
        state,
        codeChallenge: pkce.challenge,
        codeChallengeMethod: 'S256',
        loginHint: options.loginHint,
      });
    },
    async redeemCode(code, pkce, options = {}) {
      try {
        const r = need(
          await msal.acquireTokenByCode({ code, scopes: options.scopes ?? signInScopes, redirectUri: config.redirectUri, codeVerifier: pkce.verifier }),
          'the signed-in person',
        );
        const claims = (r.idTokenClaims ?? {}) as Record<string, unknown>;
        if (typeof claims.oid !== 'string' || typeof claims.tid !== 'string') throw new OfficeError('sign_in', 'The sign-in answer did not say who signed in.');
        return {
          oid: claims.oid,
          tid: claims.tid,
          preferredUsername: typeof claims.preferred_username === 'string' ? claims.preferred_username : undefined,
          name: typeof claims.name === 'string' ? claims.name : undefined,
          accessToken: r.accessToken,
          expiresOn: r.expiresOn,
        };
      } catch (err) {
        return fail('authorization_code', err);
      }
    },
  };
}

function msalConfiguration(config: Microsoft365Config, logger: Logger, send: HttpsSend): Configuration {
  const authority = `${config.authorityHost}/${config.tenantId}`;
  const credential =
    config.credential.kind === 'secret' ? { clientSecret: config.credential.secret } : { clientCertificate: certificateCredential(config.credential.pem) };
  return {
    auth: { clientId: config.clientId, authority, knownAuthorities: [new URL(config.authorityHost).host], ...credential },
    system: {
      networkClient: msalNetworkClient(send),
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (level, message, containsPii) => {
          if (!containsPii) logger.debug({ msal: level }, message);
        },
      },
    },
  };
}

/** msal wants the private key (PKCS#8 PEM) and the certificate's SHA-256 thumbprint (hex). */
export function certificateCredential(pem: string): { thumbprintSha256: string; privateKey: string } {
  const keyBlock = pem.match(/-----BEGIN (?:RSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |ENCRYPTED )?PRIVATE KEY-----/);
  const certBlock = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/);
  if (!keyBlock || !certBlock) throw new Error('MICROSOFT_CLIENT_CERTIFICATE must hold both the private key and the certificate (PEM).');
  const privateKey = crypto.createPrivateKey(keyBlock[0]).export({ type: 'pkcs8', format: 'pem' }).toString();
  const thumbprintSha256 = new crypto.X509Certificate(certBlock[0]).fingerprint256.replace(/:/g, '').toLowerCase();
  return { thumbprintSha256, privateKey };
}
