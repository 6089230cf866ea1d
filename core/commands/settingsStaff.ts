import { z } from 'zod';
import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { STAFF_ROLES } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { parseOrThrow } from '../validation.ts';
import { listOptions } from '../options.ts';
import { findStaff, type StaffMember } from '../staff.ts';
import { recordSettingsChange, requireSettingsAdmin } from './settingsAudit.ts';

const staffSchema = z.object({
  id: z.uuid().optional(),
  email: z.email('must be an email address').max(254).transform((v) => v.toLowerCase()),
  displayName: z.string().trim().min(1, 'give their name').max(200),
  roles: z.array(z.enum(STAFF_ROLES)).max(STAFF_ROLES.length),
  departmentKey: z.string().trim().max(64).optional().transform((v) => v || null),
  weeklyHours: z.number().min(0, 'cannot be negative').max(60, 'at most 60 hours a week'),
  active: z.boolean().default(true),
});
export type StaffInput = z.input<typeof staffSchema>;

/**
 * Adds or edits a member of staff: case managers with their weekly hours for case work (the seed
 * allocates 7.5), departmental responders with their department, administrators and auditors.
 * Nobody is deleted (the record names who did what); leavers are switched off. An administrator
 * can't remove their own admin role or switch themselves off, so Settings never locks everyone out.
 */
export async function saveStaff(core: Core, actor: Actor, input: StaffInput): Promise<StaffMember> {
  requireSettingsAdmin(actor);
  const s = parseOrThrow(staffSchema, input);
  const details: Record<string, string> = {};
  if (s.roles.includes('responder') && !s.departmentKey) details.departmentKey = 'a responder needs a department';
  if (s.id === actor.staffId && (!s.roles.includes('admin') || !s.active)) details.roles = "you can't remove your own administrator access; ask another administrator";
  if (Object.keys(details).length) throw new DomainError('invalid', 'Please check the staff details.', details);
  try {
    return await core.db.forInstitution(actor.institutionId, async (tx) => {
      if (s.departmentKey && !(await listOptions(tx, 'department', true)).some((d) => d.key === s.departmentKey))
        throw new DomainError('invalid', 'Choose one of the departments.', { departmentKey: 'is not a department' });
      const before = s.id ? await findStaff(tx, { id: s.id }) : null;
      if (s.id && !before) throw new DomainError('not_found', 'That member of staff does not exist.');
      const row = s.id
        ? await tx.query<{ id: string }>('UPDATE staff SET email = $2, display_name = $3, roles = $4, department_key = $5, weekly_hours = $6, active = $7 WHERE id = $1 RETURNING id', [
            s.id, s.email, s.displayName, s.roles, s.departmentKey, s.weeklyHours, s.active,
          ])
        : await tx.query<{ id: string }>('INSERT INTO staff (institution_id, email, display_name, roles, department_key, weekly_hours, active) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id', [
            actor.institutionId, s.email, s.displayName, s.roles, s.departmentKey, s.weeklyHours, s.active,
          ]);
      const after = (await findStaff(tx, { id: row.rows[0]!.id }))!;
      await recordSettingsChange(tx, actor, { area: 'staff', action: before ? 'updated' : 'added', target: `staff:${after.id}`, before, after, at: core.now() });
      return after;
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new DomainError('conflict', 'Someone with that email address is already on the staff list: edit them instead.', { email: 'is already listed' });
    throw err;
  }
}
