import { z } from 'zod';
import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import type { Sql } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import { parseOrThrow } from '../validation.ts';
import { listOptions } from '../options.ts';
import { staffNames } from '../staff.ts';
import { recordSettingsChange, requireSettingsAdmin } from './settingsAudit.ts';

const optional = (max: number) => z.string().trim().max(max).optional().transform((v) => v || null);

const serviceSchema = z.object({
  id: z.uuid().optional(),
  name: z.string().trim().min(1, 'give the service a name').max(200),
  description: z.string().trim().max(2000).default(''),
  audience: z.array(z.enum(['students', 'staff'])).min(1, 'say who it is for'),
  categories: z.array(z.string().regex(/^[a-z0-9_-]{1,64}$/)).max(30).default([]),
  internal: z.boolean(),
  phone: optional(40),
  email: z.union([z.email('must be an email address').max(254), z.literal('')]).optional().transform((v) => v || null),
  url: z.union([z.url({ protocol: /^https?$/, error: 'must be a web address (https://…)' }).max(500), z.literal('')]).optional().transform((v) => v || null),
  hours: optional(200),
  campusKey: optional(64),
  sort: z.number().int().min(0).max(10000).default(0),
});
export type ServiceInput = z.input<typeof serviceSchema>;

type ServiceRow = Record<string, unknown> & { id: string };
const loadService = async (tx: Sql, id: string) => (await tx.query<ServiceRow>('SELECT * FROM support_services WHERE id = $1', [id])).rows[0] ?? null;

/**
 * Adds or edits an entry of the signposting directory (the seed's "living document"). Saving an
 * entry counts as reviewing it: it is dated and signed with the administrator's name, and the
 * landing page flags entries not reviewed within the review period.
 */
export async function saveService(core: Core, actor: Actor, input: ServiceInput): Promise<{ id: string }> {
  requireSettingsAdmin(actor);
  const s = parseOrThrow(serviceSchema, input);
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const options = await listOptions(tx, undefined, true);
    const details: Record<string, string> = {};
    if (s.categories.some((c) => !options.some((o) => o.kind === 'category' && o.key === c))) details.categories = 'contains a category we do not know';
    if (s.campusKey && !options.some((o) => o.kind === 'campus' && o.key === s.campusKey)) details.campusKey = 'is not a campus';
    if (Object.keys(details).length) throw new DomainError('invalid', 'Please check the directory entry.', details);
    const before = s.id ? await loadService(tx, s.id) : null;
    if (s.id && !before) throw new DomainError('not_found', 'That directory entry does not exist.');
    const reviewer = (await staffNames(tx, [actor.staffId])).get(actor.staffId) ?? 'Administrator';
    const values = [s.name, s.description, s.audience, s.categories, s.internal, s.phone, s.email, s.url, s.hours, s.campusKey, s.sort, core.now(), reviewer];
    const id = s.id
      ? (await tx.query<{ id: string }>(
          `UPDATE support_services SET name=$2, description=$3, audience=$4, categories=$5, internal=$6, phone=$7, email=$8, url=$9, hours=$10, campus_key=$11, sort=$12,
             last_reviewed_at=$13::date, reviewed_by=$14 WHERE id = $1 RETURNING id`,
          [s.id, ...values],
        )).rows[0]!.id
      : (await tx.query<{ id: string }>(
          `INSERT INTO support_services (institution_id, name, description, audience, categories, internal, phone, email, url, hours, campus_key, sort, last_reviewed_at, reviewed_by)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13::date,$14) RETURNING id`,
          [actor.institutionId, ...values],
        )).rows[0]!.id;
    await recordSettingsChange(tx, actor, { area: 'directory', action: before ? 'updated' : 'added', target: `service:${id}`, before, after: await loadService(tx, id), at: core.now() });
    return { id };
  });
}

/** Confirms an entry is still right without changing it (dated and signed, as when edited). */
export async function markServiceReviewed(core: Core, actor: Actor, input: { id: string }): Promise<void> {
  requireSettingsAdmin(actor);
  await core.db.forInstitution(actor.institutionId, async (tx) => {
    const before = await loadService(tx, input.id);
    if (!before) throw new DomainError('not_found', 'That directory entry does not exist.');
    const reviewer = (await staffNames(tx, [actor.staffId])).get(actor.staffId) ?? 'Administrator';
    await tx.query('UPDATE support_services SET last_reviewed_at = $2::date, reviewed_by = $3 WHERE id = $1', [input.id, core.now(), reviewer]);
    await recordSettingsChange(tx, actor, { area: 'directory', action: 'reviewed', target: `service:${input.id}`, before: null, after: { reviewedBy: reviewer }, at: core.now() });
  });
}

/** Removes a service that no longer exists (the audit keeps what it said). */
export async function deleteService(core: Core, actor: Actor, input: { id: string }): Promise<void> {
  requireSettingsAdmin(actor);
  await core.db.forInstitution(actor.institutionId, async (tx) => {
    const before = await loadService(tx, input.id);
    if (!before) throw new DomainError('not_found', 'That directory entry does not exist.');
    await tx.query('DELETE FROM support_services WHERE id = $1', [input.id]);
    await recordSettingsChange(tx, actor, { area: 'directory', action: 'removed', target: `service:${input.id}`, before, after: null, at: core.now() });
  });
}

/** The directory as administrators edit it, with when each entry was last reviewed. */
export async function listServicesForSettings(tx: Sql) {
  const r = await tx.query<{
    id: string; name: string; description: string; audience: string[]; categories: string[]; internal: boolean; phone: string | null; email: string | null;
    url: string | null; hours: string | null; campus_key: string | null; sort: number; last_reviewed_at: string; reviewed_by: string;
  }>('SELECT id, name, description, audience, categories, internal, phone, email, url, hours, campus_key, sort, last_reviewed_at::text AS last_reviewed_at, reviewed_by FROM support_services ORDER BY sort, name');
  return r.rows;
}
