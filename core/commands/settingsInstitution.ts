import { z } from 'zod';
import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { parseOrThrow } from '../validation.ts';
import { loadInstitution, type InstitutionSettings } from '../institutions.ts';
import { recordSettingsChange, requireSettingsAdmin } from './settingsAudit.ts';

const generalSchema = z.object({
  firstContactWorkingDays: z.number().int().min(1, 'at least 1 working day').max(20, 'at most 20 working days'),
  retentionYears: z.number().int().min(1, 'at least 1 year').max(50, 'at most 50 years'),
  hoursPerCase: z.number().min(0.5, 'at least half an hour').max(200),
  directoryReviewMonths: z.number().int().min(1).max(36),
  emergencyPhone: z.string().trim().min(1, 'give the emergency number').max(40),
  securityPhone: z.string().trim().max(40),
});
export type GeneralSettingsInput = z.input<typeof generalSchema>;
type General = z.output<typeof generalSchema>;

const pick = (s: InstitutionSettings): General => ({
  firstContactWorkingDays: s.firstContactWorkingDays,
  retentionYears: s.retentionYears,
  hoursPerCase: s.hoursPerCase,
  directoryReviewMonths: s.directoryReviewMonths,
  emergencyPhone: s.emergencyPhone,
  securityPhone: s.securityPhone,
});

/**
 * The numbers an administrator sets without code: the first-contact target (working days; new
 * cases get their due date from it), the retention period, the hours a case is expected to take
 * (the seed: about four), how often the support directory is reviewed, and the phone numbers shown
 * to reporters.
 */
export async function saveGeneralSettings(core: Core, actor: Actor, input: GeneralSettingsInput): Promise<General> {
  requireSettingsAdmin(actor);
  const g = parseOrThrow(generalSchema, input);
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const inst = await loadInstitution(tx, actor.institutionId);
    await tx.query(`UPDATE institutions SET settings = settings || $2::jsonb WHERE id = $1`, [actor.institutionId, JSON.stringify(g)]);
    await recordSettingsChange(tx, actor, { area: 'general', action: 'updated', target: 'institution', before: pick(inst.settings), after: g, at: core.now() });
    return g;
  });
}

/** Texts an administrator may rewrite: landing page, reporting form and follow-up page. */
const TEXT_KEY = /^(landing|report|followup)\.[A-Za-z0-9_.-]{1,100}$/;

/**
 * Replaces the institution's own wording of the reporter-facing texts. `allowed` is the set of keys
 * the templates use (the transport reads it from the message catalogue); an empty text falls back
 * to the default wording.
 */
export async function saveTexts(core: Core, actor: Actor, input: { texts: Record<string, string>; allowed: string[] }): Promise<Record<string, string>> {
  requireSettingsAdmin(actor);
  const details: Record<string, string> = {};
  const next: Record<string, string> = {};
  for (const [key, raw] of Object.entries(input.texts)) {
    const value = raw.replace(/\r\n/g, '\n').trim();
    if (!TEXT_KEY.test(key) || !input.allowed.includes(key)) details[key] = 'is not a text that can be changed';
    else if (value.length > 4000) details[key] = 'is too long (4,000 characters at most)';
    else if (value) next[key] = value;
  }
  if (Object.keys(details).length) throw new DomainError('invalid', 'Please check the texts.', details);
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const inst = await loadInstitution(tx, actor.institutionId);
    const before = inst.settings.texts ?? {};
    const merged = { ...before };
    for (const key of Object.keys(input.texts)) {
      if (next[key]) merged[key] = next[key];
      else delete merged[key];
    }
    await tx.query(`UPDATE institutions SET settings = jsonb_set(settings, '{texts}', $2::jsonb) WHERE id = $1`, [actor.institutionId, JSON.stringify(merged)]);
    await recordSettingsChange(tx, actor, { area: 'texts', action: 'updated', target: 'texts', before, after: merged, at: core.now() });
    return merged;
  });
}
