import { z } from 'zod';
import type { Request, Response } from 'express';
import { saveTexts } from '../../core/commands/settingsInstitution.ts';
import { loadInstitution } from '../../core/institutions.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { makeWords } from '../labels.ts';
import { doneOf, renderSettings, requireAdmin, settingsAction, type SettingsProblem } from './settingsPage.ts';

const EDITABLE = /^(landing|report|followup)\./;

export const textsSchema = z.object({ texts: z.record(z.string(), z.string().max(4000, 'at most 4,000 characters')).default({}) });

/**
 * Settings → Texts: the institution's own wording for the landing page, the reporting form and the
 * follow-up page. The list is every such text in the message catalogue, with its default shown;
 * an empty box means the default.
 */
export function textSettings(deps: WorkspaceDeps) {
  const allowed = () => Object.keys(deps.views.messages).filter((k) => EDITABLE.test(k)).sort();
  const show = async (res: Response, problem?: SettingsProblem, status?: number, done?: string) => {
    const actor = requireAdmin(res);
    const inst = await deps.core.db.forInstitution(actor.institutionId, (tx) => loadInstitution(tx, actor.institutionId));
    const typed = (problem?.values.texts ?? {}) as Record<string, string>;
    const w = makeWords(deps.views.messages);
    const groups = ['landing', 'report', 'followup'].map((g) => ({
      key: g,
      label: w(`ws.settings.textGroup.${g}`),
      items: allowed()
        .filter((k) => k.startsWith(`${g}.`))
        .map((k) => ({ key: k, id: `f-texts-${k.replace(/\W+/g, '-')}`, default: deps.views.messages[k], value: typed[k] ?? inst.settings.texts?.[k] ?? '', error: problem?.details[`texts.${k}`] ?? problem?.details[k] })),
    })).filter((g) => g.items.length);
    renderSettings(deps, res, 'texts', { groups }, { problem, status, done });
  };
  return {
    page: async (req: Request, res: Response) => show(res, undefined, 200, doneOf(req)),
    save: settingsAction(deps, { section: 'texts', schema: textsSchema, show, run: (actor, input) => saveTexts(deps.core, actor, { texts: input.texts, allowed: allowed() }) }),
  };
}
