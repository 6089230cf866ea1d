/** Staff roles; a person may hold several. */
export const STAFF_ROLES = ['case_manager', 'lead', 'responder', 'admin', 'auditor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * Who is acting. Transports build one of these from a verified sign-in or launch and hand it to
 * commands; the core never sees raw tokens or claims.
 */
export type Actor =
  | { kind: 'staff'; institutionId: string; staffId: string; roles: StaffRole[]; departmentKey: string | null }
  | { kind: 'reporter'; institutionId: string; caseId: string }
  | { kind: 'public'; institutionId: string }
  | { kind: 'system'; institutionId: string; name: string };

/** How an actor is written into the ledger and audit: ids only, never names. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'staff':
      return `staff:${actor.staffId}`;
    case 'reporter':
      return 'reporter';
    case 'public':
      return 'public';
    case 'system':
      return `system:${actor.name}`;
  }
}
