import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import cookieParser from 'cookie-parser';
import express from 'express';
import { SignJWT, generateKeyPair } from 'jose';
import type { Database } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrate.ts';
import { openPglite } from '../../core/db/pglite.ts';
import { createLogger } from '../../core/logger.ts';
import { createMicrosoft365 } from '../../graph-integration/index.ts';
import { makeCore, makeInstitution } from '../../test/factories.ts';
import { startEntraGraph, type EntraGraphStandIn } from '../../test/standins/entraGraph.ts';
import { staffSessions } from '../../web/staffSession.ts';
import { tabSignInRouter } from './tabSignIn.ts';

describe('Teams tab single sign-on (/tab/sign-in, POST /tab/sso)', () => {
  let entra: EntraGraphStandIn;
  let db: Database;
  let server: http.Server;
  let base: string;
  const clientId = crypto.randomUUID();
  const secret = crypto.randomBytes(16).toString('hex');
  const samOid = crypto.randomUUID();
  const strangerOid = crypto.randomUUID();
  let samId: string;

  before(async () => {
    entra = await startEntraGraph();
    entra.registerApp({ clientId, secret, roles: [], redirectUris: [] });
    entra.addUser({ id: samOid, mail: 'sam.cm@uni.example', displayName: 'Sam Patel' });
    entra.addUser({ id: strangerOid, mail: 'visitor@uni.example', displayName: 'A Visitor' });
    db = await openPglite('memory://');
    await migrate(db);
    const logger = createLogger('silent');
    const core = makeCore(db, { log: logger });
    const inst = await makeInstitution(core);
    samId = (await db.query<{ id: string }>(`SELECT id FROM staff WHERE institution_id = $1 AND display_name = 'Sam Patel'`, [inst.id])).rows[0]!.id;
    await db.query('UPDATE staff SET entra_object_id = $2 WHERE id = $1', [samId, samOid]);
    const office = createMicrosoft365(
      {
        tenantId: entra.tenantId,
        clientId,
        credential: { kind: 'secret', secret },
        authorityHost: entra.authorityHost,
        graphUrl: entra.graphUrl,
        mailSender: 'harbour@uni.example',
        redirectUri: 'https://harbour.uni.example/auth/microsoft/callback',
        extraCaPem: entra.caPem,
      },
      logger,
    );
    const sessions = staffSessions(core, false);
    const app = express();
    app.use(cookieParser());
    app.use(tabSignInRouter({ core, logger, clientId, publicUrl: 'https://harbour.uni.example', graphUrl: entra.graphUrl, auth: office.auth, startSession: sessions.start }));
    app.get('/whoami', sessions.middleware(), (_req, res) => res.json({ staffId: res.locals.staff?.id ?? null }));
    server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await entra.close();
    await db.close();
  });

  const sso = (token: unknown, contentType = 'application/json') =>
    fetch(`${base}/tab/sso`, { method: 'POST', headers: { 'content-type': contentType }, body: contentType === 'application/json' ? JSON.stringify({ token }) : `token=${token}` });

  it('serves the sign-in page with Teams JS and its own script, no inline script', async () => {
    const page = await fetch(`${base}/tab/sign-in`);
    const html = await page.text();
    assert.match(html, /<script src="\/tab\/assets\/teams-js.js"><\/script><script src="\/tab\/assets\/sso.js"><\/script>/);
    assert.doesNotMatch(html, /<script>/);
    const js = await fetch(`${base}/tab/assets/teams-js.js`);
    assert.equal(js.status, 200);
    assert.match(await js.text(), /microsoftTeams/);
  });

  it('validates the Teams token, exchanges it on behalf of the person, and starts their staff session', async () => {
    const token = await entra.userToken(samOid, clientId, ['access_as_user'], clientId);
    const res = await sso(token);
    assert.equal(res.status, 204);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const who = await fetch(`${base}/whoami`, { headers: { cookie } }).then((r) => r.json());
    assert.deepEqual(who, { staffId: samId });
    assert.ok(entra.entra.tokenRequests.some((t) => t.grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && t.clientId === clientId));
  });

  it('refuses a forged token, a token for another app, a token without access_as_user, and a person who is not staff', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ oid: samOid, tid: entra.tenantId, scp: 'access_as_user' })
      .setProtectedHeader({ alg: 'RS256', kid: 'whatever' })
      .setIssuer(`${entra.authorityHost}/${entra.tenantId}/v2.0`)
      .setAudience(clientId)
      .setExpirationTime('1h')
      .sign(privateKey);
    assert.equal((await sso(forged)).status, 401);
    assert.equal((await sso(await entra.userToken(samOid, crypto.randomUUID(), ['access_as_user'], clientId))).status, 401);
    const noScope = await sso(await entra.userToken(samOid, clientId, ['User.Read'], clientId));
    assert.equal(noScope.status, 403);
    assert.equal((await noScope.json()).error, 'missing_scope');
    const stranger = await sso(await entra.userToken(strangerOid, clientId, ['access_as_user'], clientId));
    assert.equal(stranger.status, 403);
    assert.equal((await stranger.json()).error, 'not_staff');
    assert.equal((await sso('', 'application/json')).status, 401);
    assert.equal((await sso('x', 'application/x-www-form-urlencoded')).status, 415);
  });
});
