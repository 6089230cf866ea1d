import https from 'node:https';
import tls from 'node:tls';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/** A raw HTTPS exchange: what msal-node, the Graph client and the token validator all go through. */
export interface HttpsExchange {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type HttpsSend = (url: string, init: { method: string; headers?: Record<string, string>; body?: string }) => Promise<HttpsExchange>;

/**
 * One HTTPS client for every call to Microsoft, so a stand-in's CA can be trusted in one place
 * (`extraCaPem`) without NODE_EXTRA_CA_CERTS; production trusts the system store as usual.
 */
export function createHttpsSend(options: { extraCaPem?: string; timeoutMs?: number } = {}): HttpsSend {
  const agent = new https.Agent({
    keepAlive: true,
    ca: options.extraCaPem ? [...tls.rootCertificates, options.extraCaPem] : undefined,
  });
  const timeoutMs = options.timeoutMs ?? 30_000;
  return (url, init) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      if (target.protocol !== 'https:') return reject(new Error(`Refusing a non-HTTPS call to ${target.origin}`));
      const req = https.request(target, { method: init.method, headers: init.headers, agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`No answer from ${target.host} within ${timeoutMs} ms`)));
      req.on('error', reject);
      if (init.body !== undefined) req.write(init.body);
      req.end();
    });
}

/** msal-node's network module on top of our HTTPS client (msal expects parsed JSON bodies). */
export function msalNetworkClient(send: HttpsSend): INetworkModule {
  const toResponse = <T>(r: HttpsExchange): NetworkResponse<T> => {
    let body: unknown = {};
    try {
      body = r.body ? JSON.parse(r.body) : {};
    } catch {
      body = { error: 'invalid_response', error_description: `Not JSON (HTTP ${r.status})` };
    }
    return { status: r.status, headers: r.headers, body: body as T };
  };
  return {
    async sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions) {
      return toResponse<T>(await send(url, { method: 'GET', headers: options?.headers }));
    },
    async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions) {
      return toResponse<T>(await send(url, { method: 'POST', headers: options?.headers, body: options?.body }));
    },
  };
}

/** The last link of the Graph client's middleware chain: sends through our HTTPS client. */
export class HttpsSendHandler implements Middleware {
  constructor(private readonly send: HttpsSend) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = context.options ?? {};
    const headers: Record<string, string> = {};
    new Headers(options.headers as HeadersInit | undefined).forEach((v, k) => (headers[k] = v));
    const body = typeof options.body === 'string' ? options.body : undefined;
    const r = await this.send(url, { method: options.method ?? 'GET', headers, body });
    const noBody = r.status === 204 || r.status === 205 || r.status === 304;
    context.response = new Response(noBody ? null : r.body, { status: r.status, headers: r.headers });
  }
}
