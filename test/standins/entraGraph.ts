import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { authorize, createEntraState, jwks, openidConfiguration, graphPrincipal, userToken, type EntraState, type RegisteredApp } from './entraGraph/entra.ts';
import { tokenRequest } from './entraGraph/tokens.ts';
import { cancelEvent, createEvent, eventItem, getSchedule, mailboxSettings, sendMail } from './entraGraph/calendarApi.ts';
import { listGroups, listUsers, me, places, transitiveMembers } from './entraGraph/directoryApi.ts';
import { SpecViolation, demand, graphError, ok, requireJson, type GraphRequest, type GraphResponse, type StandInEvent, type StandInUser } from './entraGraph/shared.ts';
import type { StandInGroup, StandInRoomList, TenantState } from './entraGraph/state.ts';

export type { StandInEvent, StandInUser, StandInGroup, StandInRoomList, RegisteredApp };

/** A request the stand-in received, for tests that check what was sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
  /** Set for requests that arrived inside a $batch. */
  batched?: boolean;
}

/** Make the next matching Graph requests fail as Microsoft does under load. */
export interface ThrottleRule {
  method?: string;
  path: RegExp;
  status: 429 | 503;
  /** Seconds for the Retry-After header; none when absent. */
  retryAfter?: number;
  times: number;
  /** Only top-level requests, only requests inside a $batch, or both (default). */
  where?: 'request' | 'batchItem' | 'any';
}

/**
 * A local Microsoft Entra + Graph over HTTPS (self-signed certificate, `caPem` to trust it):
 * OpenID metadata, JWKS, the token endpoint (client credentials with secret or certificate,
 * on-behalf-of, authorization code + PKCE) issuing RS256 JWTs, and the Graph endpoints Harbour
 * uses. Each request is checked as Microsoft documents it; deviations answer 400 and are kept in
 * `violations`. Answers use the documented shapes, including throttling, paging, batches, errors.
 */
export interface EntraGraphStandIn {
  origin: string;
  authorityHost: string;
  graphUrl: string;
  tenantId: string;
  caPem: string;
  state: TenantState;
  entra: EntraState;
  requests: RecordedRequest[];
  violations: string[];
  registerApp(app: RegisteredApp): void;
  addUser(user: StandInUser): StandInUser;
  addEvent(mailbox: string, event: { start: Date; end: Date; showAs?: string; subject?: string; sensitivity?: string }): StandInEvent;
  throttle(rule: ThrottleRule): void;
  /** A token Entra would give a signed-in user for `audience` (e.g. the Teams tab's SSO token). */
  userToken(userId: string, audience: string, scopes: string[], clientId: string): Promise<string>;
  /** Plays the browser at an authorize URL as `userId`; returns the redirect's code and state. */
  signIn(authorizeUrl: string, userId: string): Promise<{ code: string; state: string | null; location: string }>;
  graphRequests(): RecordedRequest[];
  close(): Promise<void>;
}

/** One self-signed TLS certificate per test process (generating RSA keys is the slow part). */
let tlsCertificate: ReturnType<typeof generate> | undefined;
const certificate = () =>
  (tlsCertificate ??= generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  }));

export async function startEntraGraph(options: { tenantId?: string; pageSize?: number } = {}): Promise<EntraGraphStandIn> {
  const pems = await certificate();
  const tenantId = options.tenantId ?? '7d3c1d2a-52c4-4c36-9a0e-0c6f3f9b2e11';
  const state: TenantState = { tenantId, users: [], groups: [], roomLists: [], roomDetails: new Map(), events: [], cancelled: [], sentMail: [], accessPolicy: null, pageSize: options.pageSize ?? 100 };
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const rules: ThrottleRule[] = [];
  const server = https.createServer({ key: pems.private, cert: pems.cert });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entra = await createEntraState({
    tenantId,
    origin,
    graphUrl: origin,
    apps: [],
    people: (id) => state.users.find((u) => u.id === id),
  });

  const throttled = (method: string, path: string, where: 'request' | 'batchItem'): GraphResponse | null => {
    const rule = rules.find((r) => r.times > 0 && (!r.method || r.method === method) && r.path.test(path) && (r.where ?? 'any') !== (where === 'request' ? 'batchItem' : 'request'));
    if (!rule) return null;
    rule.times--;
    const res = rule.status === 429 ? graphError(429, 'TooManyRequests', 'Please retry again later.') : graphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.');
    if (rule.retryAfter !== undefined) res.headers = { ...res.headers, 'retry-after': String(rule.retryAfter) };
    return res;
  };

  const route = (req: GraphRequest): GraphResponse => {
    const s = req.segments;
    const m = req.method;
    if (s[0] === 'me' && s.length === 1 && m === 'GET') return me(state, req);
    if (s[0] === 'users' && s.length === 1 && m === 'GET') return listUsers(state, req);
    if (s[0] === 'groups' && s.length === 1 && m === 'GET') return listGroups(state, req);
    if (s[0] === 'groups' && s[2] === 'transitiveMembers' && m === 'GET') return transitiveMembers(state, req);
    if (s[0] === 'places' && m === 'GET') return places(state, req);
    if (s[0] === 'users' || s[0] === 'me') {
      const rest = (s[0] === 'me' ? s.slice(1) : s.slice(2)).join('/');
      const shifted = s[0] === 'me' ? { ...req, segments: ['users', 'me', ...s.slice(1)] } : req;
      if (rest === 'mailboxSettings' && m === 'GET') return mailboxSettings(state, shifted);
      if (rest === 'calendar/getSchedule' && m === 'POST') return getSchedule(state, shifted);
      if ((rest === 'events' || rest === 'calendar/events') && m === 'POST') return createEvent(state, shifted);
      if (rest === 'sendMail' && m === 'POST') return sendMail(state, shifted);
      const ev = rest.match(/^events\/[^/]+(\/cancel)?$/);
      if (ev && ev[1] && m === 'POST') return cancelEvent(state, shifted);
      if (ev && !ev[1]) return eventItem(state, shifted);
    }
    return graphError(400, 'BadRequest', `Resource not found for the segment '${s[0] ?? ''}'.`);
  };

  /** Runs one Graph request (top level or inside a batch): authorisation, throttling, spec checks. */
  const graph = async (method: string, target: string, headers: Record<string, string>, rawBody: string, where: 'request' | 'batchItem'): Promise<GraphResponse> => {
    const url = new URL(target, `${origin}/v1.0/`);
    requests.push({ method, path: url.pathname, query: url.searchParams, headers, body: rawBody, batched: where === 'batchItem' });
    const principal = await graphPrincipal(entra, headers.authorization);
    if (!principal) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    const limited = throttled(method, url.pathname, where);
    if (limited) return limited;
    const segments = url.pathname.replace(/^\/v1\.0\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
      const req: GraphRequest = { method, segments, query: url.searchParams, headers, body, principal, base: `${origin}/v1.0` };
      if (segments[0] === '$batch' && method === 'POST') return await batch(req);
      return route(req);
    } catch (err) {
      if (!(err instanceof SpecViolation) && !(err instanceof SyntaxError)) throw err;
      violations.push(`${method} ${url.pathname}: ${(err as Error).message}`);
      return graphError(400, 'BadRequest', (err as Error).message);
    }
  };

  /** POST /$batch: at most 20 requests with unique ids; a body needs a Content-Type header. */
  const batch = async (req: GraphRequest): Promise<GraphResponse> => {
    const body = requireJson(req);
    const list = body.requests as Array<Record<string, unknown>>;
    demand(Array.isArray(list) && list.length >= 1 && list.length <= 20, 'a batch holds 1 to 20 requests');
    const ids = list.map((r) => String(r.id).toLowerCase());
    demand(new Set(ids).size === ids.length && list.every((r) => typeof r.id === 'string'), 'batch request ids must be unique strings');
    const responses = [];
    for (const r of list) {
      demand(['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(String(r.method)), `batch request ${String(r.id)} has no valid method`);
      demand(typeof r.url === 'string' && !/^https?:/.test(r.url), `batch request ${String(r.id)} needs a relative url`);
      const hs = Object.fromEntries(Object.entries((r.headers as Record<string, string>) ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      if (r.body !== undefined) demand(hs['content-type'], `batch request ${String(r.id)} has a body but no Content-Type header`);
      const path = (r.url as string).startsWith('/') ? (r.url as string).slice(1) : (r.url as string);
      const res = await graph(String(r.method), path, { ...hs, authorization: req.headers.authorization ?? '' }, r.body !== undefined ? JSON.stringify(r.body) : '', 'batchItem');
      responses.push({ id: r.id, status: res.status, headers: { 'Cache-Control': 'no-cache', ...(res.headers ?? {}) }, body: res.body });
    }
    return ok({ responses });
  };

  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      const url = new URL(req.url ?? '/', origin);
      const send = (status: number, body?: unknown, extra: Record<string, string> = {}) => {
        const text = body === undefined ? '' : JSON.stringify(body);
        res.writeHead(status, { ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}), 'client-request-id': headers['client-request-id'] ?? '', ...extra });
        res.end(text);
      };
      try {
        const t = `/${tenantId}`;
        if (url.pathname.startsWith('/v1.0/')) {
          const r = await graph(req.method ?? 'GET', url.pathname.slice(6) + url.search, headers, raw, 'request');
          return send(r.status, r.body, r.headers);
        }
        requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, body: raw });
        if (url.pathname === `${t}/v2.0/.well-known/openid-configuration`) return send(200, openidConfiguration(entra));
        if (url.pathname === `${t}/discovery/v2.0/keys`) return send(200, jwks(entra));
        if (url.pathname === `${t}/oauth2/v2.0/token` && req.method === 'POST') {
          const r = await tokenRequest(entra, headers, raw);
          return send(r.status, r.body, { 'cache-control': 'no-store, no-cache' });
        }
        if (url.pathname === `${t}/oauth2/v2.0/authorize` && req.method === 'GET') {
          const r = authorize(entra, url.searchParams, headers['x-standin-user']);
          return r.location ? send(302, undefined, { location: r.location }) : send(r.status, { error: 'invalid_request', error_description: r.error });
        }
        send(404, { error: 'not_found', error_description: `No stand-in endpoint at ${url.pathname}` });
      } catch (err) {
        send(500, { error: { code: 'InternalServerError', message: (err as Error).message } });
      }
    });
  });

  const agent = new https.Agent({ ca: pems.cert });
  return {
    origin,
    authorityHost: origin,
    graphUrl: origin,
    tenantId,
    caPem: pems.cert,
    state,
    entra,
    requests,
    violations,
    registerApp: (app) => void entra.apps.push(app),
    addUser(user) {
      state.users.push(user);
      return user;
    },
    addEvent(mailbox, e) {
      const event: StandInEvent = {
        id: `seed-${state.events.length + 1}`,
        mailbox: mailbox.toLowerCase(),
        organizer: mailbox.toLowerCase(),
        subject: e.subject ?? 'Busy',
        body: { contentType: 'text', content: '' },
        start: e.start,
        end: e.end,
        originalStartTimeZone: 'UTC',
        showAs: e.showAs ?? 'busy',
        sensitivity: e.sensitivity ?? 'normal',
        isOnlineMeeting: false,
        attendees: [],
        isCancelled: false,
        received: {},
      };
      state.events.push(event);
      return event;
    },
    throttle: (rule) => void rules.push(rule),
    userToken: (userId, audience, scopes, clientId) => userToken(entra, userId, audience, scopes, clientId),
    signIn: (authorizeUrl, userId) =>
      new Promise((resolve, reject) => {
        https
          .get(authorizeUrl, { agent, headers: { 'x-standin-user': userId } }, (res) => {
            res.resume();
            const location = res.headers.location;
            if (res.statusCode !== 302 || !location) return reject(new Error(`authorize answered ${res.statusCode}`));
            const back = new URL(location);
            resolve({ code: back.searchParams.get('code') ?? '', state: back.searchParams.get('state'), location });
          })
          .on('error', reject);
      }),
    graphRequests: () => requests.filter((r) => r.path.startsWith('/v1.0/')),
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
