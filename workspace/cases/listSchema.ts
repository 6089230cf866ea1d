import { z } from 'zod';
import type { CaseListFilter } from '../../core/queries/caseList.ts';

const key = z.string().regex(/^[a-z0-9_-]{1,64}$/);

/** The case list's query string: every filter optional, "" meaning "any". */
export const listQuerySchema = z.preprocess(
  (v) => Object.fromEntries(Object.entries((v ?? {}) as Record<string, unknown>).filter(([, x]) => typeof x === 'string' && x !== '')),
  z.object({
    view: z.enum(['mine', 'unassigned', 'all']).optional(),
    status: z.enum(['open', 'any', 'new', 'triaged', 'in_progress', 'awaiting_reporter', 'closed']).optional(),
    category: key.optional(),
    campus: key.optional(),
    assignee: z.union([z.enum(['me', 'none', 'any']), z.uuid()]).optional(),
    due: z.enum(['overdue', 'today', 'week']).optional(),
    linked: z.literal('1').optional(),
    sort: z.enum(['newest', 'oldest', 'due']).optional(),
    q: z.string().trim().max(200).optional(),
    after: z.string().regex(/^[A-Za-z0-9_-]{1,300}$/).optional(),
  }),
);
export type ListQuery = z.output<typeof listQuerySchema>;

const VIEW_DEFAULTS: Record<NonNullable<ListQuery['view']>, Partial<ListQuery>> = {
  mine: { assignee: 'me', status: 'open' },
  unassigned: { assignee: 'none', status: 'open' },
  all: {},
};

/** The query with its view's defaults filled in (a filter the person set always wins). */
export function withViewDefaults(q: ListQuery, fallbackView: NonNullable<ListQuery['view']>): ListQuery & { view: NonNullable<ListQuery['view']> } {
  const view = q.view ?? fallbackView;
  return { ...VIEW_DEFAULTS[view], ...q, view };
}

/** The core filter for a query. */
export function toFilter(q: ListQuery): CaseListFilter {
  return {
    status: q.status === 'any' ? undefined : q.status,
    category: q.category,
    campus: q.campus,
    assignee: q.assignee === 'any' ? undefined : q.assignee,
    due: q.due,
    linked: q.linked === '1' || undefined,
    sort: q.sort,
    after: q.after,
    limit: 25,
  };
}

/** The list's URL for a query (paging keeps every filter). */
export function listUrl(q: Partial<ListQuery>): string {
  const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const s = params.toString();
  return s ? `/tab/cases?${s}` : '/tab/cases';
}
