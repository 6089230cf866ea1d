import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import { generate } from 'selfsigned';
import type { INetworkModule } from '@azure/msal-node';

/** One call the bot made to the Bot Connector (a send, reply, update, delete or new conversation). */
export interface ConnectorCall {
  method: 'send' | 'reply' | 'update' | 'delete' | 'createConversation';
  conversationId: string;
  activityId?: string;
  /** The id the stand-in gave the posted activity (send/reply), for later updates. */
  id?: string;
  body: Record<string, any>;
}

export interface SignOptions {
  /** 'endorsed' (default, for msteams), 'unendorsed' (published, endorsed for another channel), 'forged' (never published). */
  key?: 'endorsed' | 'unendorsed' | 'forged';
  audience?: string;
  issuer?: string;
  serviceUrl?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  notBefore?: number;
  alg?: 'RS256' | 'HS256';
}

/**
 * A Bot Connector for tests, faithful to the parts Harbour relies on. Inbound, it signs activities
 * as the Bot Framework does (its own OpenID metadata and JWKS with per-key endorsements) and posts them
 * to the bot. Outbound, it accepts the Connector REST calls (send, reply, update, delete, create
 * conversation) only with a bearer token from its own Entra-like token endpoint (HTTPS, client
 * credentials, scope https://api.botframework.com/.default), and records them.
 */
export interface BotConnectorStandIn {
  appId: string;
  appSecret: string;
  tenantId: string;
  openIdMetadataUrl: string;
  serviceUrl: string;
  /** For MICROSOFT_AUTHORITY_HOST: HTTPS, since MSAL refuses http authorities. */
  authorityHost: string;
  /** An MSAL network client that trusts this stand-in's self-signed certificate. */
  msalNetworkClient: INetworkModule;
  calls: ConnectorCall[];
  tokensIssued: number;
  sign(activity: Record<string, any>, options?: SignOptions): Promise<string>;
  /** Signs and POSTs an activity to the bot, as the connector does; returns the bot's answer. */
  deliver(botUrl: string, activity: Record<string, any>, options?: SignOptions & { token?: string | null }): Promise<{ status: number; body: any }>;
  waitForCall(predicate: (c: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  /** The next `count` posts (send/reply) are answered 503, as the connector does when Teams is having trouble. */
  failNextPosts(count: number): void;
  close(): Promise<void>;
}

const BOT_ISSUER = 'https://api.botframework.com';
const CONNECTOR_SCOPE = 'https://api.botframework.com/.default';

export async function startBotConnector(options: { appId?: string; appSecret?: string; tenantId?: string } = {}): Promise<BotConnectorStandIn> {
  const appId = options.appId ?? crypto.randomUUID();
  const appSecret = options.appSecret ?? crypto.randomBytes(24).toString('base64url');
  const tenantId = options.tenantId ?? crypto.randomUUID();
  const pair = () => generateKeyPair('RS256', { extractable: true });
  const keys = { endorsed: await pair(), unendorsed: await pair(), forged: await pair(), entra: await pair() };
  const kids = { endorsed: 'bf-endorsed', unendorsed: 'bf-other-channel', forged: 'bf-endorsed' };
  const hmacSecret = crypto.randomBytes(32);
  const calls: ConnectorCall[] = [];
  const waiters: { predicate: (c: ConnectorCall) => boolean; resolve: (c: ConnectorCall) => void }[] = [];
  let nextId = 1;
  let tokensIssued = 0;
  let failPosts = 0;

  const record = (call: ConnectorCall) => {
    calls.push(call);
    for (const w of [...waiters]) if (w.predicate(call)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(call));
  };

  const bot = express();
  bot.use(express.json({ limit: '1mb' }));
  bot.get('/v1/.well-known/openidconfiguration', (_req, res) => {
    res.json({ issuer: BOT_ISSUER, jwks_uri: `${base}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['private_key_jwt'] });
  });
  bot.get('/v1/.well-known/keys', async (_req, res) => {
    const publish = async (k: CryptoKey, kid: string, endorsements: string[]) => ({ ...(await exportJWK(k)), kid, use: 'sig', endorsements });
    res.json({ keys: [await publish(keys.endorsed.publicKey, kids.endorsed, ['msteams', 'skype']), await publish(keys.unendorsed.publicKey, kids.unendorsed, ['webchat'])] });
  });
  // Bot Connector REST API, as Teams' serviceUrl exposes it.
  bot.use('/teams/v3', async (req, res, next) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    try {
      if (!token) throw new Error('no token');
      const { payload } = await jwtVerify(token, keys.entra.publicKey, { audience: 'https://api.botframework.com', algorithms: ['RS256'] });
      if (payload.appid !== appId) throw new Error('wrong app');
      next();
    } catch {
      res.status(401).json({ error: { code: 'Unauthorized', message: 'Authorization has been denied for this request.' } });
    }
  });
  bot.post('/teams/v3/conversations', (req, res) => {
    const id = `a:${crypto.randomBytes(8).toString('hex')}`;
    record({ method: 'createConversation', conversationId: id, body: req.body });
    res.status(201).json({ id });
  });
  bot.post('/teams/v3/conversations/:conversationId/activities{/:activityId}', (req, res) => {
    if (!req.body?.type) return void res.status(400).json({ error: { code: 'BadArgument', message: 'Activity type is required' } });
    if (failPosts > 0) {
      failPosts--;
      return void res.status(503).json({ error: { code: 'ServiceUnavailable', message: 'Try again later' } });
    }
    const id = String(nextId++);
    const { conversationId, activityId } = req.params as Record<string, string>;
    record({ method: activityId ? 'reply' : 'send', conversationId: conversationId!, activityId, id, body: req.body });
    res.status(201).json({ id });
  });
  bot.put('/teams/v3/conversations/:conversationId/activities/:activityId', (req, res) => {
    const { conversationId, activityId } = req.params as Record<string, string>;
    // A channel post is its own thread: Teams addresses it as "<channel>;messageid=<id>".
    const base = conversationId!.split(';')[0];
    const known = calls.some((c) => c.conversationId.split(';')[0] === base && c.id === activityId);
    if (!known) return void res.status(404).json({ error: { code: 'NotFound', message: 'Activity not found' } });
    record({ method: 'update', conversationId: conversationId!, activityId, body: req.body });
    res.json({ id: activityId });
  });
  bot.delete('/teams/v3/conversations/:conversationId/activities/:activityId', (req, res) => {
    const { conversationId, activityId } = req.params as Record<string, string>;
    record({ method: 'delete', conversationId: conversationId!, activityId, body: {} });
    res.status(200).end();
  });
  const botServer = http.createServer(bot);
  await new Promise<void>((r) => botServer.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(botServer.address() as AddressInfo).port}`;

  // The Entra side: only what MSAL's client-credentials flow calls.
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const entra = express();
  entra.use(express.urlencoded({ extended: false }));
  entra.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    if (req.params.tenant !== tenantId) return void res.status(400).json({ error: 'invalid_tenant' });
    const t = `${authorityHost}/${tenantId}`;
    res.json({
      issuer: `${t}/v2.0`,
      token_endpoint: `${t}/oauth2/v2.0/token`,
      authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${t}/oauth2/v2.0/logout`,
      jwks_uri: `${t}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'token'],
    });
  });
  entra.post('/:tenant/oauth2/v2.0/token', async (req, res) => {
    const b = req.body as Record<string, string>;
    if (req.params.tenant !== tenantId) return void res.status(400).json({ error: 'invalid_request', error_description: 'Unknown tenant' });
    if (b.grant_type !== 'client_credentials') return void res.status(400).json({ error: 'unsupported_grant_type' });
    if (b.client_id !== appId || b.client_secret !== appSecret) return void res.status(401).json({ error: 'invalid_client' });
    if (b.scope !== CONNECTOR_SCOPE) return void res.status(400).json({ error: 'invalid_scope', error_description: `Only ${CONNECTOR_SCOPE} is served here` });
    tokensIssued++;
    const accessToken = await new SignJWT({ appid: appId, tid: tenantId })
      .setProtectedHeader({ alg: 'RS256', kid: 'entra' })
      .setIssuer(`${authorityHost}/${tenantId}/v2.0`)
      .setAudience('https://api.botframework.com')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(keys.entra.privateKey);
    res.json({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
  });
  const entraServer = https.createServer({ key: pems.private, cert: pems.cert }, entra);
  await new Promise<void>((r) => entraServer.listen(0, '127.0.0.1', r));
  const authorityHost = `https://127.0.0.1:${(entraServer.address() as AddressInfo).port}`;

  const serviceUrl = `${base}/teams/`;
  async function sign(activity: Record<string, any>, o: SignOptions = {}): Promise<string> {
    const claims = { serviceurl: o.serviceUrl ?? activity.serviceUrl ?? serviceUrl };
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT(claims)
      .setIssuer(o.issuer ?? BOT_ISSUER)
      .setAudience(o.audience ?? appId)
      .setNotBefore(now + (o.notBefore ?? -60))
      .setExpirationTime(now + (o.expiresIn ?? 3600));
    if (o.alg === 'HS256') return jwt.setProtectedHeader({ alg: 'HS256', kid: kids.endorsed }).sign(hmacSecret);
    const which = o.key ?? 'endorsed';
    return jwt.setProtectedHeader({ alg: 'RS256', kid: kids[which], typ: 'JWT' }).sign(keys[which].privateKey);
  }

  return {
    appId,
    appSecret,
    tenantId,
    openIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    serviceUrl,
    authorityHost,
    msalNetworkClient: trustingNetworkClient(pems.cert),
    calls,
    get tokensIssued() {
      return tokensIssued;
    },
    sign,
    async deliver(botUrl, activity, o = {}) {
      const token = o.token === undefined ? await sign(activity, o) : o.token;
      const res = await fetch(botUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    failNextPosts(count) {
      failPosts = count;
    },
    waitForCall(predicate, timeoutMs = 5000) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { predicate, resolve };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) (waiters.splice(i, 1), reject(new Error('The bot made no such call to the Bot Connector')));
        }, timeoutMs);
      });
    },
    async close() {
      await Promise.all([botServer, entraServer].map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
    },
  };
}

/** MSAL's transport, trusting one extra certificate (the stand-in's), as NODE_EXTRA_CA_CERTS would. */
function trustingNetworkClient(ca: string): INetworkModule {
  const send = <T>(url: string, method: string, options?: { headers?: Record<string, string>; body?: string }) =>
    new Promise<{ headers: Record<string, string>; body: T; status: number }>((resolve, reject) => {
      const req = https.request(url, { method, headers: options?.headers, ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
          resolve({ headers, body: (text ? JSON.parse(text) : {}) as T, status: res.statusCode ?? 0 });
        });
      });
      req.on('error', reject);
      if (options?.body) req.write(options.body);
      req.end();
    });
  return {
    sendGetRequestAsync: (url, options) => send(url, 'GET', options),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}
