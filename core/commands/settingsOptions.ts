import { z } from 'zod';
import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { parseOrThrow } from '../validation.ts';
import { listOptions, type OptionItem, type OptionKind } from '../options.ts';
import { recordSettingsChange, requireSettingsAdmin } from './settingsAudit.ts';

/** The lists an administrator edits; each feeds the form, the filters and the statistics. */
export const EDITABLE_OPTION_KINDS = ['category', 'characteristic', 'campus', 'building', 'department', 'outcome'] as const satisfies readonly OptionKind[];

/** Turns a label into a stable key ("Students' union" → "students_union"). */
export function optionKeyFromLabel(label: string): string {
  return label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64);
}

const optionSchema = z.object({
  kind: z.enum(EDITABLE_OPTION_KINDS),
  key: z.string().regex(/^[a-z0-9_-]{1,64}$/, 'use lower-case letters, digits, _ or -').optional(),
  label: z.string().trim().min(1, 'give it a name').max(200, 'at most 200 characters'),
  parentKey: z.string().trim().max(64).optional().transform((v) => v || null),
  description: z.string().trim().max(1000, 'at most 1,000 characters').optional().transform((v) => v || null),
  sort: z.number().int().min(0).max(10000).optional(),
  active: z.boolean().default(true),
});
export type OptionInput = z.input<typeof optionSchema>;

/**
 * Adds or edits one entry of a list. Keys never change once used (cases and statistics refer to
 * them), so "removing" an entry is switching it off: it leaves the form, and old cases keep it.
 */
export async function saveOption(core: Core, actor: Actor, input: OptionInput): Promise<OptionItem> {
  requireSettingsAdmin(actor);
  const o = parseOrThrow(optionSchema, input);
  const key = o.key ?? optionKeyFromLabel(o.label);
  if (!key) throw new DomainError('invalid', 'Give it a name with at least one letter or digit.', { label: 'has no letters or digits' });
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const all = await listOptions(tx, undefined, true);
    const before = all.find((x) => x.kind === o.kind && x.key === key) ?? null;
    if (o.kind === 'building' && !all.some((x) => x.kind === 'campus' && x.key === o.parentKey))
      throw new DomainError('invalid', 'Choose the campus the building is on.', { parentKey: 'is not a campus' });
    if (o.kind !== 'building' && o.parentKey) throw new DomainError('invalid', 'Only buildings belong to a campus.', { parentKey: 'must be empty' });
    const sort = o.sort ?? before?.sort ?? Math.max(0, ...all.filter((x) => x.kind === o.kind).map((x) => x.sort + 1));
    await tx.query(
      `INSERT INTO options (institution_id, kind, key, label, parent_key, description, sort, active) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
       ON CONFLICT (institution_id, kind, key) DO UPDATE SET label = EXCLUDED.label, parent_key = EXCLUDED.parent_key,
         description = EXCLUDED.description, sort = EXCLUDED.sort, active = EXCLUDED.active`,
      [actor.institutionId, o.kind, key, o.label, o.parentKey, o.description, sort, o.active],
    );
    const after: OptionItem = { kind: o.kind, key, label: o.label, parentKey: o.parentKey, description: o.description, sort, active: o.active };
    await recordSettingsChange(tx, actor, { area: 'option', action: before ? 'updated' : 'added', target: `${o.kind}:${key}`, before, after, at: core.now() });
    return after;
  });
}
