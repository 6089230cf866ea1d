import { z } from 'zod';
import type { Request, Response } from 'express';
import { DomainError } from '../../core/errors.ts';
import { canInInstitution } from '../../core/policies/casePolicy.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { actorOf, handle, renderPage, type StaffActor } from '../page.ts';
import { makeWords } from '../labels.ts';

export const SETTINGS_SECTIONS = ['general', 'lists', 'staff', 'texts', 'directory', 'history'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

export interface SettingsProblem {
  message: string;
  details: Record<string, string>;
  values: Record<string, unknown>;
}

/** Settings are for administrators only: anyone else gets the page's refusal, not a broken form. */
export function requireAdmin(res: Response): StaffActor {
  const actor = actorOf(res);
  if (!canInInstitution(actor, 'manage_settings')) throw new DomainError('forbidden', 'Only an administrator can change settings.');
  return actor;
}

/** Renders one section of Settings with its sub-navigation, confirmation and error summary. */
export function renderSettings(deps: WorkspaceDeps, res: Response, section: SettingsSection, data: Record<string, unknown>, opts: { done?: string; problem?: SettingsProblem; status?: number } = {}) {
  const w = makeWords(deps.views.messages);
  const p = opts.problem;
  renderPage(
    deps,
    res,
    `ws-settings-${section}`,
    {
      title: `${w('ws.settings.title')}: ${w(`ws.settings.${section}`)}`,
      bodyClass: 'wide',
      sections: SETTINGS_SECTIONS.map((s) => ({ key: s, label: w(`ws.settings.${s}`), href: s === 'general' ? '/tab/settings' : `/tab/settings/${s}`, current: s === section })),
      done: opts.done ? w('ws.settings.saved') : null,
      problem: p ? { message: p.message, list: Object.entries(p.details).map(([f, t]) => ({ href: `#f-${f.replace(/\W+/g, '-')}`, text: `${w(`ws.field.${f}`) === `ws.field.${f}` ? f : w(`ws.field.${f}`)}: ${t}` })) } : null,
      errors: p?.details ?? {},
      values: p?.values ?? {},
      ...data,
    },
    opts.status ?? (p ? 400 : 200),
  );
}

/**
 * A settings form's POST, in the five steps: validate the form, authorize (administrators),
 * run the audited command, then back to the section with "Saved", or the section again with the
 * problem explained and what was typed kept.
 */
export function settingsAction<S extends z.ZodType>(
  deps: WorkspaceDeps,
  def: { section: SettingsSection; schema: S; run(actor: StaffActor, input: z.output<S>, req: Request): Promise<unknown>; show(res: Response, problem: SettingsProblem, status: number): Promise<void> },
) {
  return handle(async (req, res) => {
    const actor = requireAdmin(res);
    const values = Object.fromEntries(Object.entries(req.body ?? {}).filter(([k]) => k !== '_csrf'));
    const parsed = def.schema.safeParse(req.body);
    if (!parsed.success) {
      const details: Record<string, string> = {};
      for (const i of parsed.error.issues) details[i.path.join('.') || 'form'] ??= i.message;
      return def.show(res, { message: 'Please check the form.', details, values }, 400);
    }
    try {
      await def.run(actor, parsed.data, req);
    } catch (err) {
      if (!(err instanceof DomainError) || !['invalid', 'conflict', 'not_found'].includes(err.code)) throw err;
      return def.show(res, { message: err.message, details: err.details ?? {}, values }, err.code === 'invalid' ? 400 : 409);
    }
    deps.institutions?.invalidate();
    res.redirect(303, `${def.section === 'general' ? '/tab/settings' : `/tab/settings/${def.section}`}?done=1`);
  });
}

/** "?done=1" after a save. */
export const doneOf = (req: Request) => (req.query.done === '1' ? '1' : undefined);
