import { AuthenticationHandler, Client, ResponseType } from '@microsoft/microsoft-graph-client';
import type { Logger } from 'pino';
import { OfficeError } from '../core/ports/officeError.ts';
import { explainGraphError, pathForLog, type CallContext, type GraphErrorBody } from './graphErrors.ts';
import { HttpsSendHandler, type HttpsSend } from './transport.ts';

export interface GraphCall {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to /v1.0 (e.g. /users/x/events), or an absolute @odata.nextLink. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A POST that is safe to repeat after a lost answer (e.g. an event with a transactionId). */
  idempotent?: boolean;
  context: CallContext;
}

export interface BatchItem {
  id: string;
  method: GraphCall['method'];
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface BatchResult {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The single path for every Graph call Harbour makes. */
export interface GraphGateway {
  call<T>(call: GraphCall): Promise<T>;
  /** GETs a collection, following @odata.nextLink until the end (or `limit` items). */
  all<T>(call: Omit<GraphCall, 'method' | 'body'>, limit?: number): Promise<T[]>;
  /** Runs requests through $batch (20 at a time), retrying throttled items; results in request order. */
  batch(items: BatchItem[], context: CallContext): Promise<BatchResult[]>;
}

export interface GatewayOptions {
  graphUrl: string;
  token: () => Promise<string>;
  send: HttpsSend;
  logger: Logger;
  maxRetries?: number;
  /** Waits between attempts; tests pass one that records the delay instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
}

const batchLimit = 20;
const longestWait = 120_000;

/**
 * Builds the gateway on the Microsoft Graph client (auth middleware + our HTTPS transport).
 * Retries 429/503/504 and lost connections with exponential backoff, honouring Retry-After;
 * every failure leaves as an OfficeError with a message a case manager can understand.
 */
export function createGraphGateway(options: GatewayOptions): GraphGateway {
  const { logger } = options;
  const maxRetries = options.maxRetries ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const client = Client.initWithMiddleware({
    middleware: [new AuthenticationHandler({ getAccessToken: options.token }), new HttpsSendHandler(options.send)],
    baseUrl: options.graphUrl,
    defaultVersion: 'v1.0',
    customHosts: new Set([new URL(options.graphUrl).hostname]),
  });

  const once = async (call: Pick<GraphCall, 'method' | 'path' | 'body' | 'headers'>): Promise<Response> => {
    // Fetched first so a refused sign-in leaves as our OfficeError (the Graph client would wrap it);
    // the authentication middleware then gets the same token from msal's cache.
    await options.token();
    const request = client
      .api(call.path)
      .headers(call.headers ?? {})
      .responseType(ResponseType.RAW);
    switch (call.method) {
      case 'GET':
        return request.get();
      case 'POST':
        return request.post(call.body ?? {});
      case 'PATCH':
        return request.patch(call.body ?? {});
      case 'DELETE':
        return request.delete();
    }
  };

  const wait = async (ms: number, call: { path: string }, why: string) => {
    logger.info({ path: pathForLog(call.path), waitMs: ms, why }, 'Graph: waiting before a retry');
    await sleep(ms);
  };

  const call = async <T>(c: GraphCall): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await once(c);
      } catch (err) {
        if (err instanceof OfficeError) throw err;
        if (attempt < maxRetries && (c.method !== 'POST' || c.idempotent)) {
          await wait(backoff(attempt), c, 'network');
          continue;
        }
        logger.warn({ path: pathForLog(c.path), err: (err as Error).message }, 'Graph unreachable');
        throw new OfficeError('unavailable', 'Harbour could not reach Microsoft 365. Please try again in a few minutes.');
      }
      const text = await res.text();
      if (retryable(res.status) && attempt < maxRetries) {
        const ms = retryAfterMs(res.headers.get('retry-after')) ?? backoff(attempt);
        if (ms <= longestWait) {
          await wait(ms, c, `HTTP ${res.status}`);
          continue;
        }
      }
      const body = parse(text);
      if (res.ok) return body as T;
      const error = explainGraphError(res.status, body as GraphErrorBody, c.context, res.headers.get('request-id') ?? undefined);
      logger.warn({ path: pathForLog(c.path), ...error.details }, 'Graph refused a request');
      throw error;
    }
  };

  return {
    call,
    async all<T>(c: Omit<GraphCall, 'method' | 'body'>, limit = Infinity) {
      const out: T[] = [];
      let next: string | undefined = c.path;
      while (next && out.length < limit) {
        const page: { value?: T[]; '@odata.nextLink'?: string } = await call({ ...c, method: 'GET', path: next });
        out.push(...(page.value ?? []));
        next = page['@odata.nextLink'];
      }
      return out.slice(0, limit);
    },
    async batch(items, context) {
      const results = new Map<string, BatchResult>();
      for (let i = 0; i < items.length; i += batchLimit) {
        let pending = items.slice(i, i + batchLimit);
        for (let attempt = 0; pending.length; attempt++) {
          const requests = pending.map((it) => ({
            id: it.id,
            method: it.method,
            url: it.url,
            ...(it.body !== undefined ? { body: it.body, headers: { 'Content-Type': 'application/json', ...it.headers } } : it.headers ? { headers: it.headers } : {}),
          }));
          const answer = await call<{ responses: BatchResult[] }>({
            method: 'POST',
            path: '/$batch',
            body: { requests },
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            idempotent: pending.every((p) => p.method === 'GET'),
            context,
          });
          const again: BatchItem[] = [];
          let ms = 0;
          for (const r of answer.responses ?? []) {
            const item = pending.find((p) => p.id === r.id);
            if (!item) continue;
            const headers = lowerKeys(r.headers ?? {});
            if (retryable(r.status) && attempt < maxRetries) {
              again.push(item);
              ms = Math.max(ms, retryAfterMs(headers['retry-after'] ?? null) ?? backoff(attempt));
            } else results.set(r.id, { id: r.id, status: r.status, headers, body: r.body });
          }
          pending = again;
          if (pending.length) await wait(Math.min(ms, longestWait), { path: '/$batch' }, 'throttled batch items');
        }
      }
      return items.map((it) => results.get(it.id) ?? { id: it.id, status: 0, headers: {}, body: undefined });
    },
  };
}

const retryable = (status: number) => status === 429 || status === 503 || status === 504;

/** Exponential backoff from one second, with a little jitter, at most half a minute. */
const backoff = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt) + Math.floor(Math.random() * 250);

/** Retry-After holds seconds or an HTTP date. */
export function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { error: { code: 'notJson', message: 'The answer was not JSON' } };
  }
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
