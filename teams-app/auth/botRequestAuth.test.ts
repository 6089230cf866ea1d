import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { AgentApplication, type TurnState } from '@microsoft/agents-hosting';
import { startBotConnector, type BotConnectorStandIn } from '../../test/standins/botConnector.ts';
import { createBotAdapter } from '../bot/adapter.ts';
import { botEndpoint } from '../bot/endpoint.ts';
import { BotSigningKeys } from './botSigningKeys.ts';
import { botRequestAuth } from './botRequestAuth.ts';
import { botTokenProvider } from './botTokenProvider.ts';
import { createMsalClient } from './msalClient.ts';

describe('Bot Connector authentication (inbound tokens, outbound tokens)', () => {
  let connector: BotConnectorStandIn;
  let server: http.Server;
  let botUrl: string;
  let turns = 0;
  const logger = pino({ level: 'silent' });

  const message = (text: string, overrides: Record<string, unknown> = {}) => ({
    type: 'message',
    id: `m-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    from: { id: '29:user', aadObjectId: '00000000-0000-0000-0000-000000000001' },
    recipient: { id: `28:${connector.appId}` },
    conversation: { id: 'a:personal-1', conversationType: 'personal', tenantId: connector.tenantId },
    text,
    ...overrides,
  });

  before(async () => {
    connector = await startBotConnector();
    const msal = createMsalClient({
      authorityHost: connector.authorityHost,
      tenantId: connector.tenantId,
      clientId: connector.appId,
      clientSecret: connector.appSecret,
      networkClient: connector.msalNetworkClient,
    });
    const tokenProvider = botTokenProvider(msal, { clientId: connector.appId, tenantId: connector.tenantId });
    const adapter = createBotAdapter({ appId: connector.appId, tenantId: connector.tenantId, tokenProvider, logger });
    const agent = new AgentApplication<TurnState>({ adapter, agentAppId: connector.appId });
    agent.onActivity('message', async (context) => {
      turns++;
      await context.sendActivity(`echo: ${context.activity.text}`);
    });
    const app = express();
    const keys = new BotSigningKeys(connector.openIdMetadataUrl);
    app.use(botEndpoint({ adapter, logger, authenticate: botRequestAuth({ keys, appId: connector.appId, logger }), logic: (c) => agent.run(c) }));
    server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await connector.close();
  });

  it('accepts a correctly signed activity and replies through the connector with an MSAL-issued token', async () => {
    const res = await connector.deliver(botUrl, message('hello'));
    assert.equal(res.status, 200);
    const reply = await connector.waitForCall((c) => c.body.text === 'echo: hello');
    assert.equal(reply.conversationId, 'a:personal-1');
    assert.ok(connector.tokensIssued >= 1, 'the outbound token came from the authority host');
  });

  it('accepts a token that expired less than five minutes ago (clock skew)', async () => {
    const res = await connector.deliver(botUrl, message('skew'), { expiresIn: -120 });
    assert.equal(res.status, 200);
  });

  const refused: [string, Record<string, unknown>, number][] = [
    ['no Authorization header', { token: null }, 401],
    ['a malformed Authorization header', { token: 'not-a-jwt' }, 401],
    ['a token signed with a key the issuer never published (forged)', { key: 'forged' }, 401],
    ['an expired token (beyond the 5 minute skew)', { expiresIn: -600 }, 401],
    ['a token not yet valid', { notBefore: 900 }, 401],
    ['a token for another app (audience)', { audience: 'another-app' }, 401],
    ['a token from another issuer', { issuer: 'https://evil.example' }, 401],
    ['an HS256 token (only RS256 is allowed)', { alg: 'HS256' }, 401],
    ['a token signed with a key not endorsed for msteams', { key: 'unendorsed' }, 403],
    ['a token whose serviceurl is not the activity serviceUrl', { serviceUrl: 'https://elsewhere.example/' }, 403],
  ];
  for (const [what, options, status] of refused) {
    it(`refuses ${what} with ${status}, before any handler runs`, async () => {
      const before = turns;
      const callsBefore = connector.calls.length;
      const res = await connector.deliver(botUrl, message(what), options);
      assert.equal(res.status, status);
      assert.equal(turns, before);
      assert.equal(connector.calls.length, callsBefore);
    });
  }

  it('refuses an activity whose channel is not the one the key is endorsed for', async () => {
    const res = await connector.deliver(botUrl, message('webchat', { channelId: 'telegram' }));
    assert.equal(res.status, 403);
  });
});
