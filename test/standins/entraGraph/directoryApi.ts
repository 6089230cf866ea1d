import { demand, graphError, ok, page, select, type GraphRequest, type GraphResponse, type StandInUser } from './shared.ts';
import { findUser, permitted, type StandInGroup, type TenantState } from './state.ts';

const readUsers = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'];
const readGroups = ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'];

/**
 * $search as directory objects take it: `"property:words"` clauses joined by OR/AND, only with the
 * header ConsistencyLevel: eventual. A clause matches when each word starts a word of the property.
 */
function searchFilter(req: GraphRequest, allowed: string[]): ((item: Record<string, unknown>) => boolean) | GraphResponse {
  const search = req.query.get('$search');
  const advanced = search !== null || req.query.get('$count') === 'true';
  if (advanced && req.headers.consistencylevel !== 'eventual') {
    return graphError(400, 'Request_UnsupportedQuery', "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
  }
  if (search === null) return () => true;
  const parts = search.split(/\s+(OR|AND)\s+/);
  const clauses: Array<{ prop: string; words: string[] }> = [];
  const joins: string[] = [];
  parts.forEach((p, i) => {
    if (i % 2 === 1) return void joins.push(p);
    const m = p.match(/^"([A-Za-z]+):([^"]*)"$/);
    demand(m, `$search clauses must be "property:value" in double quotes, got ${p}`);
    demand(allowed.includes(m[1] as string), `$search does not support property ${m[1]}`);
    clauses.push({ prop: m[1] as string, words: (m[2] as string).toLowerCase().split(/\s+/).filter(Boolean) });
  });
  const hit = (item: Record<string, unknown>, c: { prop: string; words: string[] }) => {
    const tokens = String(item[c.prop] ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u);
    return c.words.every((w) => tokens.some((t) => t.startsWith(w)) || String(item[c.prop] ?? '').toLowerCase().startsWith(w));
  };
  return (item) => clauses.reduce<boolean>((acc, c, i) => (i === 0 ? hit(item, c) : joins[i - 1] === 'AND' ? acc && hit(item, c) : acc || hit(item, c)), false);
}

const userObject = (u: StandInUser): Record<string, unknown> => ({
  id: u.id,
  displayName: u.displayName,
  mail: u.mail,
  userPrincipalName: u.userPrincipalName ?? u.mail,
  jobTitle: u.jobTitle ?? null,
  department: u.department ?? null,
});

/** GET /users */
export function listUsers(st: TenantState, req: GraphRequest): GraphResponse {
  const denied = permitted(req, readUsers, ['User.ReadBasic.All', ...readUsers], 'Authorization_RequestDenied');
  if (denied) return denied;
  const filter = searchFilter(req, ['displayName', 'mail', 'userPrincipalName', 'givenName', 'surname']);
  if (typeof filter !== 'function') return filter;
  const users = st.users.map(userObject).filter(filter).map((u) => select(req, u));
  return page(req, users, st.pageSize, 'users');
}

/** GET /groups */
export function listGroups(st: TenantState, req: GraphRequest): GraphResponse {
  const denied = permitted(req, readGroups, readGroups, 'Authorization_RequestDenied');
  if (denied) return denied;
  const filter = searchFilter(req, ['displayName', 'description', 'mail']);
  if (typeof filter !== 'function') return filter;
  const groups = st.groups.map((g) => ({ id: g.id, displayName: g.displayName, mail: g.mail ?? null, description: g.description ?? null })).filter(filter);
  return page(req, groups.map((g) => select(req, g)), st.pageSize, 'groups');
}

/** GET /groups/{id}/transitiveMembers[/microsoft.graph.user]: members of nested groups too. */
export function transitiveMembers(st: TenantState, req: GraphRequest): GraphResponse {
  const denied = permitted(req, readGroups, readGroups, 'Authorization_RequestDenied');
  if (denied) return denied;
  const group = st.groups.find((g) => g.id === req.segments[1]);
  if (!group) return graphError(404, 'Request_ResourceNotFound', `Resource '${req.segments[1]}' does not exist or one of its queried reference-property objects are not present.`);
  const seen = new Set<string>();
  const users: StandInUser[] = [];
  const walk = (g: StandInGroup) => {
    for (const id of g.members) {
      if (seen.has(id)) continue;
      seen.add(id);
      const nested = st.groups.find((x) => x.id === id);
      if (nested) walk(nested);
      const user = findUser(st, id);
      if (user) users.push(user);
    }
  };
  walk(group);
  demand(req.segments.length === 3 || req.segments[3] === 'microsoft.graph.user', `unsupported cast ${req.segments[3]}`);
  return page(req, users.map((u) => select(req, { '@odata.type': '#microsoft.graph.user', ...userObject(u) })), st.pageSize, 'directoryObjects');
}

/** GET /places/microsoft.graph.room, /places/microsoft.graph.roomlist, /places/{list}/microsoft.graph.roomlist/rooms */
export function places(st: TenantState, req: GraphRequest): GraphResponse {
  const denied = permitted(req, ['Place.Read.All'], ['Place.Read.All']);
  if (denied) return denied;
  const room = (address: string) => {
    const user = findUser(st, address);
    return { '@odata.type': '#microsoft.graph.room', id: user?.id ?? address, emailAddress: address, displayName: user?.displayName ?? address, bookingType: 'standard', ...st.roomDetails.get(address.toLowerCase()) };
  };
  const [, first, second, third] = req.segments;
  if (first === 'microsoft.graph.room' && !second) {
    return page(req, st.users.filter((u) => u.kind === 'room').map((u) => room(u.mail)), st.pageSize, 'places/microsoft.graph.room');
  }
  if (first === 'microsoft.graph.roomlist' && !second) {
    const lists = st.roomLists.map((l) => ({ '@odata.type': '#microsoft.graph.roomList', id: l.id, displayName: l.displayName, emailAddress: l.emailAddress, address: null, phone: null }));
    return page(req, lists, st.pageSize, 'places/microsoft.graph.roomList');
  }
  if (second === 'microsoft.graph.roomlist' && third === 'rooms') {
    const list = st.roomLists.find((l) => l.emailAddress.toLowerCase() === (first ?? '').toLowerCase());
    demand(!st.roomLists.some((l) => l.id === first), 'rooms of a room list must be addressed by its emailAddress, not its id');
    if (!list) return graphError(404, 'ErrorInvalidParameter', `The room list '${first}' was not found.`);
    return page(req, list.rooms.map(room), st.pageSize, `places('${list.emailAddress}')/microsoft.graph.roomList/rooms`);
  }
  return graphError(400, 'BadRequest', 'Unsupported places request.');
}

/** GET /me (delegated tokens only). */
export function me(st: TenantState, req: GraphRequest): GraphResponse {
  if (req.principal.kind !== 'user') return graphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
  const user = findUser(st, req.principal.userId);
  return user ? ok(userObject(user)) : graphError(404, 'Request_ResourceNotFound', 'No such user');
}
