import type { Sql } from './db/database.ts';
import type { Actor, StaffRole } from './actor.ts';

export interface StaffMember {
  id: string;
  email: string;
  displayName: string;
  roles: StaffRole[];
  departmentKey: string | null;
  entraObjectId: string | null;
  weeklyHours: number;
  active: boolean;
}

type Row = { id: string; email: string; display_name: string; roles: StaffRole[]; department_key: string | null; entra_object_id: string | null; weekly_hours: number; active: boolean };
const fromRow = (r: Row): StaffMember => ({
  id: r.id, email: r.email, displayName: r.display_name, roles: r.roles, departmentKey: r.department_key, entraObjectId: r.entra_object_id, weeklyHours: Number(r.weekly_hours), active: r.active,
});
const COLS = 'id, email, display_name, roles, department_key, entra_object_id, weekly_hours, active';

export async function listStaff(tx: Sql, opts: { role?: StaffRole; includeInactive?: boolean } = {}): Promise<StaffMember[]> {
  const r = await tx.query<Row>(`SELECT ${COLS} FROM staff WHERE ($1::text IS NULL OR $1 = ANY(roles)) AND ($2 OR active) ORDER BY display_name`, [opts.role ?? null, opts.includeInactive ?? false]);
  return r.rows.map(fromRow);
}

export async function findStaff(tx: Sql, by: { id?: string; email?: string; entraObjectId?: string }): Promise<StaffMember | null> {
  const r = await tx.query<Row>(
    `SELECT ${COLS} FROM staff WHERE ($1::uuid IS NULL OR id = $1) AND ($2::text IS NULL OR lower(email) = lower($2)) AND ($3::text IS NULL OR entra_object_id = $3) LIMIT 1`,
    [by.id ?? null, by.email ?? null, by.entraObjectId ?? null],
  );
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

/** The actor for a signed-in, active staff member. */
export function staffToActor(institutionId: string, s: StaffMember): Actor & { kind: 'staff' } {
  return { kind: 'staff', institutionId, staffId: s.id, roles: s.roles, departmentKey: s.departmentKey };
}

/** Names of staff by id, for timelines and cards (names are shown to colleagues, never logged). */
export async function staffNames(tx: Sql, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!wanted.length) return new Map();
  const r = await tx.query<{ id: string; display_name: string }>('SELECT id, display_name FROM staff WHERE id = ANY($1::uuid[])', [wanted]);
  return new Map(r.rows.map((x) => [x.id, x.display_name]));
}
