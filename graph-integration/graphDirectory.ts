import type { Group, User } from '@microsoft/microsoft-graph-types';
import type { DirectoryGroup, DirectoryPerson, DirectoryPort } from '../core/ports/directory.ts';
import type { GraphGateway } from './gateway.ts';

const personFields = 'id,displayName,mail,userPrincipalName,jobTitle,department';
const eventual = { ConsistencyLevel: 'eventual' };

/** What someone typed, made safe inside a $search phrase (no quotes or backslashes). */
export const searchTerm = (q: string) => q.replace(/["\\]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 64);

const person = (u: User): DirectoryPerson => ({
  id: u.id ?? '',
  displayName: u.displayName ?? u.userPrincipalName ?? '',
  email: u.mail ?? undefined,
  userPrincipalName: u.userPrincipalName ?? undefined,
  jobTitle: u.jobTitle ?? undefined,
  department: u.department ?? undefined,
});

/**
 * The staff directory through Graph advanced queries ($search needs ConsistencyLevel: eventual):
 * application permissions User.Read.All and GroupMember.Read.All.
 */
export function createGraphDirectory(gateway: GraphGateway): DirectoryPort {
  const context = { area: 'directory' as const };
  return {
    async searchPeople({ query, limit = 25 }) {
      const q = searchTerm(query);
      if (q.length < 2) return [];
      const search = encodeURIComponent(`"displayName:${q}" OR "mail:${q}"`);
      const users = await gateway.all<User>(
        { path: `/users?$search=${search}&$select=${personFields}&$top=${Math.min(limit, 100)}&$count=true`, headers: eventual, context },
        limit,
      );
      return users.map(person);
    },
    async searchGroups({ query, limit = 25 }) {
      const q = searchTerm(query);
      if (q.length < 2) return [];
      const search = encodeURIComponent(`"displayName:${q}"`);
      const groups = await gateway.all<Group>(
        { path: `/groups?$search=${search}&$select=id,displayName,mail,description&$top=${Math.min(limit, 100)}&$count=true`, headers: eventual, context },
        limit,
      );
      return groups.map(
        (g): DirectoryGroup => ({ id: g.id ?? '', displayName: g.displayName ?? '', email: g.mail ?? undefined, description: g.description ?? undefined }),
      );
    },
    async groupMembers({ groupId }) {
      const users = await gateway.all<User>({
        path: `/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user?$select=${personFields}&$top=100`,
        context,
      });
      return users.map(person);
    },
  };
}
