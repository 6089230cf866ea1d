import type { Sql } from './db/database.ts';
import { DomainError } from './errors.ts';
import type { Report } from './model/report.ts';

export type OptionKind = 'category' | 'characteristic' | 'campus' | 'building' | 'department' | 'outcome';

export interface OptionItem {
  kind: OptionKind;
  key: string;
  label: string;
  parentKey: string | null;
  description: string | null;
  sort: number;
  active: boolean;
}

/** The institution's configurable lists (categories, campuses, …), in display order. */
export async function listOptions(tx: Sql, kind?: OptionKind, includeInactive = false): Promise<OptionItem[]> {
  const r = await tx.query<{ kind: OptionKind; key: string; label: string; parent_key: string | null; description: string | null; sort: number; active: boolean }>(
    `SELECT kind, key, label, parent_key, description, sort, active FROM options
     WHERE ($1::text IS NULL OR kind = $1) AND ($2 OR active) ORDER BY kind, sort, label`,
    [kind ?? null, includeInactive],
  );
  return r.rows.map((o) => ({ kind: o.kind, key: o.key, label: o.label, parentKey: o.parent_key, description: o.description, sort: o.sort, active: o.active }));
}

/** Refuses a report that names a category, characteristic, campus or building the institution doesn't offer. */
export async function checkOptions(tx: Sql, r: Report): Promise<void> {
  const all = await listOptions(tx);
  const has = (kind: OptionKind, key: string) => all.some((o) => o.kind === kind && o.key === key);
  const details: Record<string, string> = {};
  if (r.categories.some((c) => !has('category', c))) details.categories = 'contains a kind of incident we do not know';
  if (r.characteristics.some((c) => !has('characteristic', c))) details.characteristics = 'contains a characteristic we do not know';
  if (r.where.campus && !has('campus', r.where.campus)) details['where.campus'] = 'is not one of our campuses';
  if (r.where.building && !has('building', r.where.building)) details['where.building'] = 'is not one of our buildings';
  if (r.consent.with.some((d) => !has('department', d))) details['consent.with'] = 'names a department we do not know';
  if (Object.keys(details).length) throw new DomainError('invalid', `Please check: ${Object.keys(details).join(', ')}`, details);
}
