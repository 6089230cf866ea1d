import { z } from 'zod';
import type { Request, Response } from 'express';
import { STAFF_ROLES } from '../../core/actor.ts';
import { saveStaff } from '../../core/commands/settingsStaff.ts';
import { listStaff } from '../../core/staff.ts';
import { listOptions } from '../../core/options.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { makeWords } from '../labels.ts';
import { checkboxes, flag } from '../actions/caseAction.ts';
import { doneOf, renderSettings, requireAdmin, settingsAction, type SettingsProblem } from './settingsPage.ts';

export const staffFormSchema = z.object({
  id: z.uuid().optional().or(z.literal('').transform(() => undefined)),
  email: z.string().max(254),
  displayName: z.string().max(200),
  roles: checkboxes.pipe(z.array(z.enum(STAFF_ROLES))),
  departmentKey: z.string().max(64).optional(),
  weeklyHours: z.preprocess((v) => (v === '' || v === undefined ? 0 : Number(v)), z.number('enter the hours as a number')),
  active: flag,
});

/**
 * Settings → Staff: case managers and their weekly hours for case work, leads, departmental
 * responders with their department, administrators and auditors. Leavers are switched off.
 */
export function staffSettings(deps: WorkspaceDeps) {
  const w = makeWords(deps.views.messages);
  const show = async (res: Response, problem?: SettingsProblem, status?: number, done?: string, editId?: unknown) => {
    const actor = requireAdmin(res);
    const { staff, departments } = await deps.core.db.forInstitution(actor.institutionId, async (tx) => ({
      staff: await listStaff(tx, { includeInactive: true }),
      departments: await listOptions(tx, 'department'),
    }));
    const editing = staff.find((s) => s.id === (problem?.values.id ?? editId)) ?? null;
    const v = problem?.values;
    const form = v
      ? { ...v, roles: ([] as unknown[]).concat(v.roles ?? []), active: v.active === '1' }
      : editing
        ? { ...editing }
        : { id: '', email: '', displayName: '', roles: ['case_manager'], departmentKey: '', weeklyHours: 7.5, active: true };
    const roles = form.roles as string[];
    renderSettings(
      deps,
      res,
      'staff',
      {
        editing: Boolean(editing),
        form,
        roleChoices: STAFF_ROLES.map((r) => ({ value: r, label: w(`ws.role.${r}`), hint: w(`ws.role.${r}.hint`), checked: roles.includes(r) })),
        departmentChoices: departments.map((d) => ({ value: d.key, label: d.label, selected: d.key === form.departmentKey })),
        people: staff.map((s) => ({ ...s, rolesText: s.roles.map((r) => w(`ws.role.${r}`)).join(', '), department: departments.find((d) => d.key === s.departmentKey)?.label ?? '', href: `/tab/settings/staff?edit=${s.id}#staff-form` })),
      },
      { problem, status, done },
    );
  };
  return {
    page: async (req: Request, res: Response) => show(res, undefined, 200, doneOf(req), req.query.edit),
    save: settingsAction(deps, {
      section: 'staff',
      schema: staffFormSchema,
      show: (res, problem, status) => show(res, problem, status),
      run: (actor, input) => saveStaff(deps.core, actor, { ...input, departmentKey: input.departmentKey || undefined }),
    }),
  };
}
