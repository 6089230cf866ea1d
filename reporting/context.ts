import type { Core } from '../core/core.ts';
import type { Institution } from '../core/institutions.ts';
import { loadInstitution } from '../core/institutions.ts';
import { listOptions, type OptionItem } from '../core/options.ts';
import { listSupportServices, type SupportService } from '../core/queries/supportDirectory.ts';
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
 * A value read through a cache that never makes a request wait for a refresh: the first read
 * waits (once, however many ask at the same moment); afterwards a stale value is served while one
 * refresh runs in the background. Under load, a refresh must not queue behind report submissions.
 */
function cached<T>(load: (key: string) => Promise<T>) {
  const entries = new Map<string, { at: number; value?: T; pending?: Promise<T> }>();
  return (key: string): Promise<T> => {
    const e = entries.get(key) ?? { at: 0 };
    entries.set(key, e);
    const refresh = () =>
      (e.pending ??= load(key).then(
        (value) => {
          Object.assign(e, { value, at: Date.now(), pending: undefined });
          return value;
        },
        (err) => {
          e.pending = undefined;
          throw err;
        },
      ));
    if (e.value === undefined) return refresh();
    if (Date.now() - e.at > TTL_MS) refresh().catch(() => undefined);
    return Promise.resolve(e.value);
  };
}

/**
 * What every reporter page needs about its institution, read through a short cache: the
 * institution (its settings and texts), its lists, its support directory, and views whose message
 * catalogue carries the institution's own wording over the shipped defaults (every `landing.*`,
 * `report.*` and `followup.*` text is the institution's to edit in Settings).
 */
export function reportingContext(core: Core, baseViews: Views, cacheTemplates: boolean) {
  const views = new Map<string, Views>();
  const institution = cached<Institution | null>((id) => (/^[0-9a-f-]{36}$/i.test(id) ? core.db.forInstitution(id, (tx) => loadInstitution(tx, id)).catch(() => null) : Promise.resolve(null)));
  const options = cached<FormOptions>(async (id) => group(await core.db.forInstitution(id, (tx) => listOptions(tx))));
  const services = cached<SupportService[]>((id) => listSupportServices(core, id));
  return {
    institution,
    options,
    /** The support directory, for the suggestions after a report. */
    services,
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
