import { z } from 'zod';
import type { Request, Response } from 'express';
import { deleteService, listServicesForSettings, markServiceReviewed, saveService } from '../../core/commands/settingsDirectory.ts';
import { listOptions } from '../../core/options.ts';
import { loadInstitution } from '../../core/institutions.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { checkboxes, flag } from '../actions/caseAction.ts';
import { makeWords } from '../labels.ts';
import { doneOf, renderSettings, requireAdmin, settingsAction, type SettingsProblem } from './settingsPage.ts';

export const serviceFormSchema = z.object({
  id: z.uuid().optional().or(z.literal('').transform(() => undefined)),
  name: z.string().max(200),
  description: z.string().max(2000).default(''),
  audience: checkboxes.pipe(z.array(z.enum(['students', 'staff']))),
  categories: checkboxes,
  internal: flag,
  phone: z.string().max(40).optional(),
  email: z.string().max(254).optional(),
  url: z.string().max(500).optional(),
  hours: z.string().max(200).optional(),
  campusKey: z.string().max(64).optional(),
});
export const serviceIdSchema = z.object({ id: z.uuid() });

/**
 * Settings → Support directory: the signposting document, kept current. Each entry shows when it
 * was last reviewed and by whom; entries past the review period are flagged.
 */
export function directorySettings(deps: WorkspaceDeps) {
  const w = makeWords(deps.views.messages);
  const show = async (res: Response, problem?: SettingsProblem, status?: number, done?: string, editId?: unknown) => {
    const actor = requireAdmin(res);
    const { services, options, inst } = await deps.core.db.forInstitution(actor.institutionId, async (tx) => ({
      services: await listServicesForSettings(tx),
      options: await listOptions(tx),
      inst: await loadInstitution(tx, actor.institutionId),
    }));
    const reviewBefore = new Date(deps.core.now());
    reviewBefore.setUTCMonth(reviewBefore.getUTCMonth() - inst.settings.directoryReviewMonths);
    const editing = services.find((s) => s.id === (problem?.values.id ?? editId)) ?? null;
    const v = problem?.values;
    const form = v
      ? { ...v, audience: ([] as unknown[]).concat(v.audience ?? []), categories: ([] as unknown[]).concat(v.categories ?? []), internal: v.internal === '1' }
      : editing
        ? { ...editing, campusKey: editing.campus_key }
        : { id: '', name: '', description: '', audience: ['students', 'staff'], categories: [], internal: true, phone: '', email: '', url: '', hours: '', campusKey: '' };
    const pick = (list: unknown) => (Array.isArray(list) ? (list as string[]) : []);
    renderSettings(
      deps,
      res,
      'directory',
      {
        editing: Boolean(editing),
        form,
        audienceChoices: ['students', 'staff'].map((a) => ({ value: a, label: w(`ws.settings.audience.${a}`), checked: pick(form.audience).includes(a) })),
        categoryChoices: options.filter((o) => o.kind === 'category').map((o) => ({ value: o.key, label: o.label, checked: pick(form.categories).includes(o.key) })),
        campusChoices: options.filter((o) => o.kind === 'campus').map((o) => ({ value: o.key, label: o.label, selected: o.key === form.campusKey })),
        services: services.map((s) => ({ ...s, due: new Date(s.last_reviewed_at) < reviewBefore, href: `/tab/settings/directory?edit=${s.id}#service-form` })),
        reviewMonths: inst.settings.directoryReviewMonths,
      },
      { problem, status, done },
    );
  };
  const byId = (req: Request) => serviceIdSchema.parse({ id: req.params.id });
  return {
    page: async (req: Request, res: Response) => show(res, undefined, 200, doneOf(req), req.query.edit),
    save: settingsAction(deps, {
      section: 'directory',
      schema: serviceFormSchema,
      show: (res, problem, status) => show(res, problem, status),
      run: (actor, input) => saveService(deps.core, actor, { ...input, campusKey: input.campusKey || undefined }),
    }),
    reviewed: settingsAction(deps, { section: 'directory', schema: z.object({}), show: (res, p, s) => show(res, p, s), run: (actor, _input, req) => markServiceReviewed(deps.core, actor, byId(req)) }),
    remove: settingsAction(deps, { section: 'directory', schema: z.object({}), show: (res, p, s) => show(res, p, s), run: (actor, _input, req) => deleteService(deps.core, actor, byId(req)) }),
  };
}
