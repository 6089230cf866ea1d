import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response } from 'express';
import type { Core } from '../../core/core.ts';
import type { Logger } from '../../core/logger.ts';
import { staffByObjectId } from '../identity/teamsStaff.ts';

const require = createRequire(import.meta.url);
const teamsJs = require.resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js');
const ssoJs = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public', 'sso.js');

/** The Graph integration's Entra side, as far as the tab needs it. */
export interface TabAuth {
  validateEntraToken(token: string, options: { audience: string | string[] }): Promise<{ oid: string; scopes: string[] }>;
  acquireOnBehalfOf(userAssertion: string, scopes: string[]): Promise<unknown>;
}

export interface TabSignInDeps {
  core: Core;
  logger: Logger;
  /** MICROSOFT_CLIENT_ID: the tab's token must be for this app (webApplicationInfo in the manifest). */
  clientId: string;
  /** PUBLIC_URL: its host is part of the SSO resource api://<host>/<client id>. */
  publicUrl: string;
  /** MICROSOFT_GRAPH_URL: the on-behalf-of token is asked for Graph (`/.default`: what the tenant consented to). */
  graphUrl: string;
  /** Null when Microsoft 365 is not configured: the tab then points to the browser sign-in. */
  auth: TabAuth | null;
  /** Starts the staff session (web/staffSession.ts), whatever signed the person in. */
  startSession(res: Response, institutionId: string, staffId: string): Promise<void>;
}

const page = (body: string) => `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Harbour</title></head>
<body><main><h1>Harbour</h1><p id="status" role="status" aria-live="polite">${body}</p>
<p><a href="/tab/cases" target="_blank" rel="noopener">Open Harbour in your browser</a></p></main>
<script src="/tab/assets/teams-js.js"></script><script src="/tab/assets/sso.js"></script></body></html>`;

/**
 * The Teams personal tab's sign-in (the manifest's contentUrl): Teams' single sign-on token from
 * teams-js getAuthToken is validated on the server (Entra's keys, our tenant, audience = our app,
 * the access_as_user scope), exchanged on-behalf-of for Graph through the Graph integration (which
 * proves the tenant consented), mapped to a staff member by Entra object id, and turned into the
 * same staff session a browser sign-in gives. The case workspace itself is served at /tab/cases.
 */
export function tabSignInRouter(deps: TabSignInDeps): express.Router {
  const router = express.Router();
  const host = new URL(deps.publicUrl).host;
  const audience = [`api://${host}/${deps.clientId}`, deps.clientId];
  const refuse = (res: Response, status: number, error: string, message: string) => {
    deps.logger.warn({ status, error }, 'Teams tab sign-in refused');
    res.status(status).json({ error, message });
  };

  router.get('/tab/sign-in', (_req, res) => {
    res.type('html').send(page(deps.auth ? 'Signing you in with your Microsoft account…' : 'Teams sign-in is not set up for this Harbour. Use the link below to sign in.'));
  });
  router.get('/tab/assets/teams-js.js', (_req, res) => res.sendFile(teamsJs, { maxAge: '1d' }));
  router.get('/tab/assets/sso.js', (_req, res) => res.sendFile(ssoJs, { maxAge: '1h' }));

  router.post('/tab/sso', express.json({ limit: '16kb' }), async (req, res) => {
    if (!deps.auth) return refuse(res, 503, 'not_configured', 'Teams sign-in is not set up for this Harbour: sign in in your browser.');
    // JSON only: a cross-site form cannot send it, so nobody can be signed in as someone else by a third-party page.
    if (!req.is('application/json')) return refuse(res, 415, 'json_required', 'Send the token as JSON.');
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    if (!token) return refuse(res, 401, 'no_token', 'Teams did not give a sign-in token.');
    let identity: { oid: string; scopes: string[] };
    try {
      identity = await deps.auth.validateEntraToken(token, { audience });
    } catch {
      return refuse(res, 401, 'invalid_token', 'Your sign-in could not be checked. Close the tab and open it again.');
    }
    if (!identity.scopes.includes('access_as_user')) return refuse(res, 403, 'missing_scope', 'The sign-in token does not allow Harbour to act for you.');
    const who = await staffByObjectId(deps.core.db, identity.oid);
    if (!who) return refuse(res, 403, 'not_staff', 'Your Microsoft account is not linked to a Harbour staff account. Ask your Harbour administrator.');
    try {
      await deps.auth.acquireOnBehalfOf(token, [`${deps.graphUrl.replace(/\/+$/, '')}/.default`]);
    } catch (err) {
      deps.logger.warn({ err: (err as Error).message }, 'on-behalf-of exchange failed');
      return refuse(res, 403, 'consent_required', 'Harbour is not yet allowed to act for you in Microsoft 365. Ask your administrator to grant consent for Harbour.');
    }
    await deps.startSession(res, who.institutionId, who.staff.id);
    deps.logger.info({ institutionId: who.institutionId, staffId: who.staff.id }, 'signed in through the Teams tab');
    res.status(204).end();
  });
  return router;
}
