import type { GraphRequest, GraphResponse, StandInEvent, StandInUser } from './shared.ts';
import { graphError } from './shared.ts';

export interface StandInGroup {
  id: string;
  displayName: string;
  mail?: string;
  description?: string;
  /** Ids of member users or nested groups. */
  members: string[];
}

export interface StandInRoomList {
  id: string;
  displayName: string;
  emailAddress: string;
  /** Addresses of the rooms in this list. */
  rooms: string[];
}

/** Everything the stand-in tenant holds; tests arrange it and read it back. */
export interface TenantState {
  tenantId: string;
  users: StandInUser[];
  groups: StandInGroup[];
  roomLists: StandInRoomList[];
  /** Places API room properties (capacity, building, …) by room address. */
  roomDetails: Map<string, Record<string, unknown>>;
  events: StandInEvent[];
  cancelled: StandInEvent[];
  sentMail: Array<{ from: string; message: Record<string, unknown>; saveToSentItems: boolean }>;
  /** Mailboxes app-only calls may touch (Exchange application access policy); null = all. */
  accessPolicy: Set<string> | null;
  /** Largest page the server returns, whatever $top asks. */
  pageSize: number;
}

export function findUser(st: TenantState, idOrAddress: string): StandInUser | undefined {
  const key = idOrAddress.toLowerCase();
  return st.users.find((u) => u.id.toLowerCase() === key || u.mail.toLowerCase() === key || u.userPrincipalName?.toLowerCase() === key);
}

/** The mailbox named in /users/{id}/…, or /me for a delegated token; with Exchange's answers when it can't be used. */
export function mailboxFor(st: TenantState, req: GraphRequest): StandInUser | GraphResponse {
  const ref = req.segments[0] === 'me' ? (req.principal.kind === 'user' ? req.principal.userId : '') : (req.segments[1] ?? '');
  const user = findUser(st, ref);
  if (!user) return graphError(404, 'ErrorInvalidUser', `The requested user '${ref}' is invalid.`);
  if (req.principal.kind === 'app' && st.accessPolicy && !st.accessPolicy.has(user.mail.toLowerCase())) {
    return graphError(403, 'ErrorAccessDenied', 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.');
  }
  return user;
}

/** Permission check as Graph does it: app roles for app-only tokens, scopes for delegated ones. */
export function permitted(req: GraphRequest, app: string[], delegated: string[], code = 'ErrorAccessDenied'): GraphResponse | null {
  const held = req.principal.kind === 'app' ? req.principal.roles : req.principal.scopes;
  const needed = req.principal.kind === 'app' ? app : delegated;
  if (held.some((h) => needed.includes(h))) return null;
  return code === 'ErrorAccessDenied'
    ? graphError(403, code, 'Access is denied. Check credentials and try again.')
    : graphError(403, code, 'Insufficient privileges to complete the operation.');
}

export const isResponse = (x: unknown): x is GraphResponse => !!x && typeof x === 'object' && 'status' in x;
