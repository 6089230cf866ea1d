import type { Activity } from '@microsoft/agents-activity';
import type { Actor } from '../../core/actor.ts';
import type { Database } from '../../core/db/database.ts';
import { findStaff, staffToActor, type StaffMember } from '../../core/staff.ts';
import type { TeamsDeps } from '../deps.ts';

/** The Harbour staff member behind a Teams activity, and the actor commands are called with. */
export interface TeamsStaff {
  institutionId: string;
  staff: StaffMember;
  actor: Actor & { kind: 'staff' };
}

/** The Entra object id Teams puts on the sender (from.aadObjectId). */
export const senderObjectId = (activity: Activity): string | undefined => activity.from?.aadObjectId ?? undefined;

/** The tenant an activity came from (conversation.tenantId, else channelData.tenant.id). */
export function activityTenant(activity: Activity): string | undefined {
  const data = activity.channelData as { tenant?: { id?: string } } | undefined;
  return activity.conversation?.tenantId ?? data?.tenant?.id;
}

/**
 * The active staff member linked to an Entra object id. The institution is not known before this
 * lookup, so the first query runs as the owner across institutions (as a sign-in does) and reads
 * only ids; the staff record itself is then read under the institution's row security. Null for an
 * unknown person or an object id linked in more than one institution.
 */
export async function staffByObjectId(db: Database, oid: string): Promise<TeamsStaff | null> {
  const hits = await db.query<{ id: string; institution_id: string }>('SELECT id, institution_id FROM staff WHERE entra_object_id = $1 AND active LIMIT 2', [oid]);
  if (hits.rows.length !== 1) return null;
  const { id, institution_id: institutionId } = hits.rows[0]!;
  const staff = await db.forInstitution(institutionId, (tx) => findStaff(tx, { id }));
  if (!staff?.active) return null;
  return { institutionId, staff, actor: staffToActor(institutionId, staff) };
}

/** The staff member behind a Teams activity (from.aadObjectId), if it came from our tenant. */
export async function staffForActivity(deps: TeamsDeps, activity: Activity): Promise<TeamsStaff | null> {
  const oid = senderObjectId(activity);
  if (!oid) return null;
  if (deps.tenantId && activityTenant(activity)?.toLowerCase() !== deps.tenantId.toLowerCase()) return null;
  return staffByObjectId(deps.core.db, oid);
}
