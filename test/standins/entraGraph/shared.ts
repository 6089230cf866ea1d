import { randomUUID } from 'node:crypto';
import { DateTime, IANAZone } from 'luxon';
import { WINDOWS_TO_IANA_MAP, findIana } from 'windows-iana';

/** A mailbox of the stand-in tenant: a person, a shared mailbox or a room. */
export interface StandInUser {
  id: string;
  mail: string;
  displayName: string;
  userPrincipalName?: string;
  jobTitle?: string;
  department?: string;
  kind?: 'user' | 'shared' | 'room';
  /** As GET /users/{id}/mailboxSettings returns it (timeZone, workingHours, …). */
  mailboxSettings?: { timeZone: string; workingHours?: Record<string, unknown> };
}

export interface StandInEvent {
  id: string;
  mailbox: string;
  organizer: string;
  subject: string;
  body: { contentType: string; content: string };
  start: Date;
  end: Date;
  originalStartTimeZone: string;
  showAs: string;
  sensitivity: string;
  isOnlineMeeting: boolean;
  onlineMeetingProvider?: string;
  joinUrl?: string;
  location?: Record<string, unknown>;
  attendees: Array<{ type: string; emailAddress: { address: string; name?: string } }>;
  transactionId?: string;
  isCancelled: boolean;
  /** The request body as received, for tests that check fields. */
  received: Record<string, unknown>;
}

/** Who a Graph token speaks for. */
export type Principal = { kind: 'app'; appId: string; roles: string[] } | { kind: 'user'; appId: string; userId: string; scopes: string[] };

export interface GraphRequest {
  method: string;
  /** Decoded path segments after /v1.0. */
  segments: string[];
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  principal: Principal;
  /** Absolute base for links (https://host:port/v1.0). */
  base: string;
}

export interface GraphResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Graph's documented error shape. */
export function graphError(status: number, code: string, message: string): GraphResponse {
  const requestId = randomUUID();
  return {
    status,
    headers: { 'content-type': 'application/json', 'request-id': requestId },
    body: { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': requestId } } },
  };
}

export const ok = (body: unknown, status = 200): GraphResponse => ({
  status,
  headers: { 'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8' },
  body,
});

/** Thrown by validators: the request breaks what Microsoft documents; recorded as a violation. */
export class SpecViolation extends Error {}

export function demand(condition: unknown, message: string): asserts condition {
  if (!condition) throw new SpecViolation(message);
}

/** Time zone names Graph accepts in dateTimeTimeZone: Windows names, IANA names, UTC. */
export function zoneOf(name: unknown): string | null {
  if (typeof name !== 'string' || !name) return null;
  if (name === 'UTC') return 'UTC';
  if (Object.prototype.hasOwnProperty.call(WINDOWS_TO_IANA_MAP, name)) return findIana(name)[0] ?? null;
  return IANAZone.isValidZone(name) && name.includes('/') ? name : null;
}

/** Parses a dateTimeTimeZone exactly as documented: `<date>T<time>` without offset, and a zone name. */
export function readDateTimeTimeZone(value: unknown, field: string): { instant: Date; zone: string; name: string } {
  demand(value && typeof value === 'object', `${field} must be a dateTimeTimeZone object`);
  const v = value as { dateTime?: unknown; timeZone?: unknown };
  demand(typeof v.dateTime === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$/.test(v.dateTime), `${field}.dateTime must be <date>T<time> without an offset, got ${String(v.dateTime)}`);
  const zone = zoneOf(v.timeZone);
  demand(zone, `${field}.timeZone must be a Windows or IANA time zone name, got ${String(v.timeZone)}`);
  const dt = DateTime.fromISO((v.dateTime as string).replace(/(\.\d{3})\d+$/, '$1'), { zone });
  demand(dt.isValid, `${field}.dateTime is not a valid date-time`);
  return { instant: dt.toJSDate(), zone, name: v.timeZone as string };
}

/** An instant in Graph's response form: seven decimals, in the zone asked for. */
export function writeDateTimeTimeZone(instant: Date, zoneName: string): { dateTime: string; timeZone: string } {
  const zone = zoneOf(zoneName) ?? 'UTC';
  return { dateTime: DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm:ss.SSS") + '0000', timeZone: zoneName };
}

/** The zone named by `Prefer: outlook.timezone="…"`, or UTC. */
export function preferredZone(headers: Record<string, string>): string {
  const prefer = headers.prefer;
  if (!prefer) return 'UTC';
  const m = prefer.match(/outlook\.timezone="([^"]+)"/);
  demand(m, `Prefer header must be outlook.timezone="<zone>", got ${prefer}`);
  demand(zoneOf(m[1]), `Prefer outlook.timezone names an unknown zone: ${m[1]}`);
  return m[1] as string;
}

export function requireJson(req: GraphRequest): Record<string, unknown> {
  demand((req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json'), `${req.method} /${req.segments.join('/')} needs Content-Type: application/json`);
  demand(req.body && typeof req.body === 'object' && !Array.isArray(req.body), 'The request body must be a JSON object');
  return req.body as Record<string, unknown>;
}

/** Server-driven paging: at most `pageSize` items, an @odata.nextLink with an opaque $skiptoken. */
export function page(req: GraphRequest, items: unknown[], pageSize: number, context: string): GraphResponse {
  const top = Math.min(Number(req.query.get('$top') ?? 100) || 100, pageSize);
  const token = req.query.get('$skiptoken');
  const skip = token ? Number(Buffer.from(token, 'base64url').toString()) : Number(req.query.get('$skip') ?? 0);
  const slice = items.slice(skip, skip + top);
  const body: Record<string, unknown> = { '@odata.context': `${req.base.replace(/\/v1\.0$/, '')}/v1.0/$metadata#${context}`, value: slice };
  if (req.query.get('$count') === 'true') body['@odata.count'] = items.length;
  if (skip + top < items.length) {
    const next = new URLSearchParams(req.query);
    next.delete('$skip');
    next.set('$skiptoken', Buffer.from(String(skip + top)).toString('base64url'));
    body['@odata.nextLink'] = `${req.base}/${req.segments.map(encodeURIComponent).join('/')}?${next.toString()}`;
  }
  return ok(body);
}

/** $select applied to one object (id always kept). */
export function select(req: GraphRequest, item: Record<string, unknown>): Record<string, unknown> {
  const fields = req.query.get('$select')?.split(',').map((f) => f.trim());
  if (!fields) return item;
  return Object.fromEntries(Object.entries(item).filter(([k]) => k === 'id' || fields.includes(k)));
}
