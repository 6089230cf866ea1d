import assert from 'node:assert/strict';
import { decodeJwt, SignJWT, generateKeyPair } from 'jose';
import { generate } from 'selfsigned';
import { startEntraGraph, type EntraGraphStandIn } from '../test/standins/entraGraph.ts';
import { capturedLogger, configFor, harbourApp, seedUniversity } from '../test/standins/entraGraph/university.ts';
import { OfficeError } from '../core/ports/officeError.ts';
import { createMicrosoft365 } from './index.ts';

const inst = '00000000-0000-4000-8000-000000000001';

describe('Entra sign-in through msal-node against the stand-in', () => {
  let s: EntraGraphStandIn;
  beforeEach(async () => {
    s = await startEntraGraph();
    seedUniversity(s);
  });
  afterEach(async () => {
    assert.deepEqual(s.violations, []);
    await s.close();
  });

  it('gets an app token with the client secret once and reuses it from the cache', async () => {
    const office = createMicrosoft365(configFor(s), capturedLogger().logger);
    await office.directory.searchPeople({ institutionId: inst, query: 'pri' });
    await office.directory.searchGroups({ institutionId: inst, query: 'harbour' });
    assert.deepEqual(s.entra.tokenRequests, [{ grant: 'client_credentials', clientId: harbourApp.clientId }]);
    const discovery = s.requests.filter((r) => r.path.endsWith('/openid-configuration'));
    assert.equal(discovery.length, 1, 'msal read the authority’s OpenID metadata from MICROSOFT_AUTHORITY_HOST');
    const token = s.requests.find((r) => r.path.endsWith('/oauth2/v2.0/token'))!;
    const form = new URLSearchParams(token.body);
    assert.equal(form.get('scope'), `${s.graphUrl}/.default`);
    assert.equal(form.get('client_secret'), harbourApp.secret);
    const graphCall = s.graphRequests()[0]!;
    const claims = decodeJwt(graphCall.headers.authorization!.slice(7));
    assert.deepEqual(claims.roles, harbourApp.roles);
  });

  it('signs in with a certificate (client assertion) instead of a secret', async () => {
    const pems = await generate([{ name: 'commonName', value: 'Harbour' }], { keySize: 2048 });
    s.entra.apps[0]!.certificatePem = pems.cert;
    const office = createMicrosoft365(configFor(s, { kind: 'certificate', pem: `${pems.private}\n${pems.cert}` }), capturedLogger().logger);
    const people = await office.directory.searchPeople({ institutionId: inst, query: 'Lee' });
    assert.deepEqual(people.map((p) => p.displayName), ['Lee Chen']);
    const form = new URLSearchParams(s.requests.find((r) => r.path.endsWith('/token'))!.body);
    assert.equal(form.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    assert.equal(form.get('client_secret'), null);
  });

  it('turns a wrong secret into a message for the administrator', async () => {
    const office = createMicrosoft365(configFor(s, { kind: 'secret', secret: 'expired' }), capturedLogger().logger);
    await assert.rejects(office.mail.send({ institutionId: inst, to: ['alex.morgan@uni.example'], subject: 'x', text: 'y' }), (err: unknown) =>
      err instanceof OfficeError && err.reason === 'sign_in' && /client secret or certificate may have expired/.test(err.message),
    );
    assert.equal(s.state.sentMail.length, 0);
  });

  it('exchanges the Teams tab’s token on behalf of the case manager, once per token', async () => {
    const office = createMicrosoft365(configFor(s), capturedLogger().logger);
    const sso = await s.userToken('u-alex', `api://${harbourApp.clientId}`, ['access_as_user'], 'teams-client');
    const first = await office.auth.acquireOnBehalfOf(sso, ['User.Read']);
    const second = await office.auth.acquireOnBehalfOf(sso, ['User.Read']);
    assert.equal(first.accessToken, second.accessToken, 'from msal’s cache');
    const claims = decodeJwt(first.accessToken);
    assert.equal(claims.oid, 'u-alex');
    assert.equal(claims.scp, 'User.Read');
    const form = new URLSearchParams(s.requests.find((r) => r.path.endsWith('/token'))!.body);
    assert.equal(form.get('grant_type'), 'urn:ietf:params:oauth:grant-type:jwt-bearer');
    assert.equal(form.get('requested_token_use'), 'on_behalf_of');
    assert.equal(s.entra.tokenRequests.length, 1);
  });

  it('signs a case manager in with authorization code + PKCE', async () => {
    const office = createMicrosoft365(configFor(s), capturedLogger().logger);
    const pkce = await office.auth.newPkce();
    const url = new URL(await office.auth.authCodeUrl('state-123', pkce));
    assert.equal(url.origin + url.pathname, `${s.authorityHost}/${s.tenantId}/oauth2/v2.0/authorize`);
    assert.equal(url.searchParams.get('code_challenge'), pkce.challenge);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('redirect_uri'), harbourApp.redirectUris[0]);
    const back = await s.signIn(url.toString(), 'u-alex');
    assert.equal(back.state, 'state-123');
    const user = await office.auth.redeemCode(back.code, pkce);
    assert.deepEqual({ oid: user.oid, tid: user.tid, name: user.name, preferredUsername: user.preferredUsername }, {
      oid: 'u-alex', tid: s.tenantId, name: 'Alex Morgan', preferredUsername: 'alex.morgan@uni.example',
    });
    const again = await s.signIn(url.toString(), 'u-alex');
    await assert.rejects(office.auth.redeemCode(again.code, { ...pkce, verifier: 'x'.repeat(43) }), (err: unknown) => err instanceof OfficeError && err.reason === 'sign_in');
  });

  it('validates Entra-issued tokens for our API and refuses others', async () => {
    const office = createMicrosoft365(configFor(s), capturedLogger().logger);
    const audience = `api://${harbourApp.clientId}`;
    const good = await s.userToken('u-sam', audience, ['access_as_user'], 'teams-client');
    assert.deepEqual(await office.auth.validateEntraToken(good, { audience }), {
      oid: 'u-sam', tid: s.tenantId, upn: 'sam.rivera@uni.example', preferredUsername: 'sam.rivera@uni.example', name: 'Sam Rivera', scopes: ['access_as_user'],
    });
    await assert.rejects(office.auth.validateEntraToken(good, { audience: 'api://someone-else' }));
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ oid: 'u-sam', tid: s.tenantId, aud: audience })
      .setProtectedHeader({ alg: 'RS256', kid: s.entra.kid })
      .setIssuer(`${s.authorityHost}/${s.tenantId}/v2.0`)
      .setExpirationTime('1h')
      .sign(privateKey);
    await assert.rejects(office.auth.validateEntraToken(forged, { audience }));
  });
});
