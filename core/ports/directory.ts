/**
 * The university's staff directory, for adding case managers and departmental responders.
 * Microsoft 365 (Entra users and groups) or the demo's own staff list implement it.
 */

export interface DirectoryPerson {
  /** Stable id (Entra object id in Microsoft 365), stored as staff.entra_object_id. */
  id: string;
  displayName: string;
  email?: string;
  userPrincipalName?: string;
  jobTitle?: string;
  department?: string;
}

export interface DirectoryGroup {
  id: string;
  displayName: string;
  email?: string;
  description?: string;
}

export interface DirectorySearch {
  institutionId: string;
  /** What the person typed: the start of a name or address. */
  query: string;
  limit?: number;
}

export interface DirectoryPort {
  searchPeople(search: DirectorySearch): Promise<DirectoryPerson[]>;
  searchGroups(search: DirectorySearch): Promise<DirectoryGroup[]>;
  /** Everyone in the group, including members of nested groups. */
  groupMembers(query: { institutionId: string; groupId: string }): Promise<DirectoryPerson[]>;
}
