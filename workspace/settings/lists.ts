import { z } from 'zod';
import type { Request, Response } from 'express';
import { EDITABLE_OPTION_KINDS, saveOption } from '../../core/commands/settingsOptions.ts';
import { listOptions } from '../../core/options.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { makeWords } from '../labels.ts';
import { flag } from '../actions/caseAction.ts';
import { doneOf, renderSettings, requireAdmin, settingsAction, type SettingsProblem } from './settingsPage.ts';

export const listQuerySchema = z.object({ kind: z.enum(EDITABLE_OPTION_KINDS).default('category') });

export const optionFormSchema = z.object({
  kind: z.enum(EDITABLE_OPTION_KINDS),
  key: z.string().regex(/^[a-z0-9_-]{1,64}$/).optional().or(z.literal('').transform(() => undefined)),
  label: z.string().max(200),
  description: z.string().max(1000).optional(),
  parentKey: z.string().max(64).optional(),
  active: flag,
});

/**
 * Settings → Lists: categories, protected characteristics, campuses and buildings, departments,
 * outcomes. Add, rename, describe, switch off; keys stay as they are (cases refer to them).
 */
export function listSettings(deps: WorkspaceDeps) {
  const w = makeWords(deps.views.messages);
  const show = async (res: Response, problem?: SettingsProblem, status?: number, done?: string, kindParam?: unknown) => {
    const actor = requireAdmin(res);
    const kind = listQuerySchema.parse({ kind: problem?.values.kind ?? kindParam }).kind;
    const all = await deps.core.db.forInstitution(actor.institutionId, (tx) => listOptions(tx, undefined, true));
    const campuses = all.filter((o) => o.kind === 'campus');
    renderSettings(
      deps,
      res,
      'lists',
      {
        kind,
        kindLabel: w(`ws.settings.kind.${kind}`),
        kinds: EDITABLE_OPTION_KINDS.map((k) => ({ key: k, label: w(`ws.settings.kind.${k}`), href: `/tab/settings/lists?kind=${k}`, current: k === kind })),
        isBuilding: kind === 'building',
        items: all
          .filter((o) => o.kind === kind)
          .map((o) => ({ ...o, parents: campuses.map((c) => ({ key: c.key, label: c.label, selected: c.key === o.parentKey })), parentLabel: campuses.find((c) => c.key === o.parentKey)?.label })),
        campuses,
      },
      { problem, status, done },
    );
  };
  return {
    page: async (req: Request, res: Response) => show(res, undefined, 200, doneOf(req), req.query.kind),
    save: settingsAction(deps, {
      section: 'lists',
      schema: optionFormSchema,
      show: (res, problem, status) => show(res, problem, status),
      run: (actor, input) => saveOption(deps.core, actor, { ...input, parentKey: input.parentKey || undefined }),
    }),
  };
}
