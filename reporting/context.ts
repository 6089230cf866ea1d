import type { Core } from '../core/core.ts';
import type { Institution } from '../core/institutions.ts';
import { loadInstitution } from '../core/institutions.ts';
import { listOptions, type OptionItem } from '../core/options.ts';
import { createViews, type Views } from '../web/views.ts';
import type { OptionKeys } from './reportForm.schema.ts';

const TTL_MS = 10_000;

/** The institution's lists, grouped for the form and for checking answers. */
export interface FormOptions {
  category: OptionItem[];
  characteristic: OptionItem[];
  campus: OptionItem[];
  building: OptionItem[];
  department: OptionItem[];
  keys: OptionKeys;
  label(kind: keyof OptionKeys, key: string): string;
}

function group(items: OptionItem[]): FormOptions {
  const of = (kind: OptionItem['kind']) => items.filter((o) => o.kind === kind);
  const lists = { category: of('category'), characteristic: of('characteristic'), campus: of('campus'), building: of('building'), department: of('department') };
  const keys = Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, new Set(v.map((o) => o.key))])) as unknown as OptionKeys;
  return { ...lists, keys, label: (kind, key) => lists[kind].find((o) => o.key === key)?.label ?? key };
}

/**
 * What every reporter page needs about its institution, read through a short cache: the
 * institution (its settings and texts), its lists, and views whose message catalogue carries the
 * institution's own wording over the shipped defaults (every `landing.*`, `report.*` and
 * `followup.*` text is the institution's to edit in Settings).
 */
export function reportingContext(core: Core, baseViews: Views, cacheTemplates: boolean) {
  const institutions = new Map<string, { at: number; value: Institution | null }>();
  const options = new Map<string, { at: number; value: FormOptions }>();
  const views = new Map<string, Views>();
  const fresh = (at: number) => Date.now() - at < TTL_MS;
  return {
    async institution(id: string): Promise<Institution | null> {
      const hit = institutions.get(id);
      if (hit && fresh(hit.at)) return hit.value;
      const value = /^[0-9a-f-]{36}$/i.test(id) ? await core.db.forInstitution(id, (tx) => loadInstitution(tx, id)).catch(() => null) : null;
      institutions.set(id, { at: Date.now(), value });
      return value;
    },
    async options(institutionId: string): Promise<FormOptions> {
      const hit = options.get(institutionId);
      if (hit && fresh(hit.at)) return hit.value;
      const value = group(await core.db.forInstitution(institutionId, (tx) => listOptions(tx)));
      options.set(institutionId, { at: Date.now(), value });
      return value;
    },
    views(institution: Institution | null): Views {
      const texts = institution?.settings.texts ?? {};
      if (!Object.keys(texts).length) return baseViews;
      const cacheKey = `${institution!.id}:${JSON.stringify(texts)}`;
      let v = views.get(cacheKey);
      if (!v) {
        for (const k of views.keys()) if (k.startsWith(`${institution!.id}:`)) views.delete(k);
        v = createViews({ cache: cacheTemplates, messages: { ...baseViews.messages, ...texts } });
        views.set(cacheKey, v);
      }
      return v;
    },
  };
}
export type ReportingContext = ReturnType<typeof reportingContext>;
