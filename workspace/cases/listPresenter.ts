import type { CaseListPage } from '../../core/queries/caseList.ts';
import type { StaffActor } from '../page.ts';
import { firstContactBadge, STATUSES, type Lookup, type Words } from '../labels.ts';
import { listUrl, type ListQuery } from './listSchema.ts';

type Item = CaseListPage['items'][number] & { snippet?: string };

/** The list page's data: rows in words, the filter form with its choices, view tabs and paging links. */
export function presentCaseList(w: Words, q: ListQuery & { view: string }, page: { items: Item[]; next: string | null }, lookup: Lookup, actor: StaffActor, now: Date) {
  const today = now.toISOString().slice(0, 10);
  const manager = actor.roles.includes('case_manager') || actor.roles.includes('lead');
  const { after: _after, ...rest } = q;
  const choose = (items: { value: string; label: string }[], current: string | undefined) => items.map((i) => ({ ...i, selected: i.value === (current ?? '') }));
  return {
    q,
    views: manager
      ? [
          { key: 'mine', label: w('ws.list.view.mine'), href: listUrl({ view: 'mine' }), current: q.view === 'mine' },
          { key: 'unassigned', label: w('ws.list.view.unassigned'), href: listUrl({ view: 'unassigned' }), current: q.view === 'unassigned' },
          { key: 'all', label: w('ws.list.view.all'), href: listUrl({ view: 'all' }), current: q.view === 'all' },
        ]
      : [],
    responderOnly: !manager && actor.roles.includes('responder'),
    filters: {
      status: choose([{ value: 'any', label: w('ws.list.any.status') }, { value: 'open', label: w('ws.list.open') }, ...STATUSES.map((value) => ({ value, label: w(`ws.status.${value}`) }))], q.status ?? 'any'),
      category: choose([{ value: '', label: w('ws.list.any.category') }, ...lookup.ofKind('category', true).map((o) => ({ value: o.key, label: o.label }))], q.category),
      campus: choose([{ value: '', label: w('ws.list.any.campus') }, ...lookup.ofKind('campus', true).map((o) => ({ value: o.key, label: o.label }))], q.campus),
      assignee: choose(
        [
          { value: 'any', label: w('ws.list.any.assignee') },
          { value: 'me', label: w('ws.list.assignee.me') },
          { value: 'none', label: w('ws.list.assignee.none') },
          ...lookup.staff.filter((s) => s.active && (s.roles.includes('case_manager') || s.roles.includes('lead'))).map((s) => ({ value: s.id, label: s.displayName })),
        ],
        q.assignee ?? 'any',
      ),
      due: choose([{ value: '', label: w('ws.list.any.due') }, { value: 'overdue', label: w('ws.list.due.overdue') }, { value: 'today', label: w('ws.list.due.today') }, { value: 'week', label: w('ws.list.due.week') }], q.due),
      sort: choose([{ value: 'newest', label: w('ws.list.sort.newest') }, { value: 'oldest', label: w('ws.list.sort.oldest') }, { value: 'due', label: w('ws.list.sort.due') }], q.sort ?? 'newest'),
      linked: q.linked === '1',
      showAssignee: manager,
      canSearch: manager || actor.roles.includes('auditor'),
    },
    rows: page.items.map((c) => ({
      id: c.id,
      reference: c.reference,
      href: `/tab/cases/${c.id}`,
      received: c.createdAt,
      status: w(`ws.status.${c.status}`),
      statusKey: c.status,
      categories: ((c.facets.categories as string[] | undefined) ?? []).map((k) => lookup.label('category', k)).join(', '),
      campus: lookup.label('campus', c.facets.campus as string | null),
      assignee: lookup.staffName(c.assigneeId) ?? w('ws.list.assignee.none'),
      badge: firstContactBadge(w, c, today),
      restricted: c.restrictedStaff.length > 0,
      snippet: c.snippet,
    })),
    nextHref: page.next ? listUrl({ ...rest, after: page.next }) : null,
    firstHref: q.after ? listUrl(rest) : null,
  };
}
