import { z } from 'zod';
import type { Request, Response } from 'express';
import { saveGeneralSettings } from '../../core/commands/settingsInstitution.ts';
import { loadInstitution } from '../../core/institutions.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { doneOf, renderSettings, requireAdmin, settingsAction, type SettingsProblem } from './settingsPage.ts';

const num = z.preprocess((v) => (v === '' || v === undefined ? NaN : Number(v)), z.number('enter a number'));

export const generalSchema = z.object({
  firstContactWorkingDays: num,
  retentionYears: num,
  hoursPerCase: num,
  directoryReviewMonths: num,
  emergencyPhone: z.string().max(40),
  securityPhone: z.string().max(40).default(''),
});

/** Settings → General: first-contact target, retention, hours per case, review period, phone numbers. */
export function generalSettings(deps: WorkspaceDeps) {
  const show = async (res: Response, problem?: SettingsProblem, status?: number, done?: string) => {
    const actor = requireAdmin(res);
    const inst = await deps.core.db.forInstitution(actor.institutionId, (tx) => loadInstitution(tx, actor.institutionId));
    renderSettings(deps, res, 'general', { settings: { ...inst.settings, ...(problem?.values ?? {}) } }, { problem, status, done });
  };
  return {
    page: async (req: Request, res: Response) => show(res, undefined, 200, doneOf(req)),
    save: settingsAction(deps, { section: 'general', schema: generalSchema, show, run: (actor, input) => saveGeneralSettings(deps.core, actor, input) }),
  };
}
