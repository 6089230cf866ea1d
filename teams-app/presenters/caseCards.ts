import { DateTime } from 'luxon';
import type { Actor } from '../../core/actor.ts';
import { permittedActions } from '../../core/policies/casePolicy.ts';
import type { CardActions, CaseFacts } from '../cards/cardData.ts';
import { renderCard, type AdaptiveCardJson } from '../cards/renderCard.ts';
import { caseDeepLink } from '../links.ts';
import { formatDay, todayIn, type CaseView } from './caseView.ts';

type Links = { teamsAppId: string; publicUrl: string };
type Viewer = (Actor & { kind: 'staff' }) | null;

const KIND_LABELS: Record<string, string> = { anonymous: 'Anonymous report', named_record: 'Named, for the record only', adviser: 'Wants to speak to an adviser' };
const STATUS_LABELS: Record<string, string> = { new: 'New', triaged: 'Triaged', in_progress: 'In progress', awaiting_reporter: 'Awaiting the reporter', closed: 'Closed' };
const ONGOING_LABELS: Record<string, string> = { yes: 'Yes', no: 'No', unsure: 'Not sure' };

export const statusLabel = (status: string) => STATUS_LABELS[status] ?? status;

/** The facts every case card shows: what kind of report, where, how urgent; never who or what happened. */
export function caseFacts(view: CaseView, links: Links, viewer: Viewer): CaseFacts {
  const { c } = view;
  const f = c.facets as { categories?: string[]; campus?: string | null; online?: boolean; offCampus?: boolean; ongoing?: string };
  const campus = f.campus ? view.campusLabels.get(f.campus) ?? f.campus : f.online ? 'Online' : f.offCampus ? 'Off campus' : 'Not given';
  const mine = Boolean(viewer && c.assigneeId === viewer.staffId);
  return {
    caseId: c.id,
    reference: c.reference,
    version: c.version,
    kindLabel: KIND_LABELS[c.kind] ?? c.kind,
    categories: (f.categories ?? []).map((k) => view.categoryLabels.get(k) ?? k).join(', ') || 'Not given',
    campus,
    ongoing: ONGOING_LABELS[f.ongoing ?? ''] ?? 'Not sure',
    firstContactDue: c.firstContactAt ? 'Made' : c.firstContactDue ? formatDay(c.firstContactDue, view.timeZone) : 'Not set',
    status: statusLabel(c.status),
    holderLine: c.status === 'closed' ? 'Closed' : !c.assigneeId ? 'Not yet claimed' : mine ? 'With you' : `With ${view.holderName ?? 'a colleague'}`,
    holderColor: c.status === 'closed' ? 'Default' : c.assigneeId ? 'Good' : 'Attention',
    openUrl: caseDeepLink(links, c.id),
  };
}

/**
 * The buttons this viewer may use, from the case policy (no viewer: the shared card everyone sees
 * before their own view refreshes, which offers only what any case manager may do).
 */
export function cardActions(view: CaseView, viewer: Viewer): CardActions {
  if (!viewer) {
    const open = view.c.status !== 'closed';
    return { claim: open && !view.c.assigneeId, assign: false, open: true, bookMeeting: false, addTask: false };
  }
  const allowed = permittedActions(viewer, view.c);
  return {
    claim: allowed.has('claim'),
    assign: allowed.has('assign'),
    open: allowed.has('view_summary'),
    bookMeeting: allowed.has('book_meeting'),
    addTask: allowed.has('add_task'),
  };
}

/** The channel card: a new report, as this viewer (or everyone) should see it now. */
export function newCaseCard(view: CaseView, links: Links, viewer: Viewer, extra: { notice?: string; refreshUserIds: string[] }): AdaptiveCardJson {
  return renderCard('newCase', {
    ...caseFacts(view, links, viewer),
    notice: extra.notice ?? '',
    actions: cardActions(view, viewer),
    caseManagers: view.assignable.filter((s) => s.id !== view.c.assigneeId).map((s) => ({ title: s.name, value: s.id })),
    refreshUserIds: extra.refreshUserIds,
  });
}

/** The 1:1 card of a case someone holds: book the first meeting, add tasks, open. */
export function assignedCard(
  view: CaseView,
  links: Links,
  viewer: Actor & { kind: 'staff' },
  now: Date,
  extra: { notice?: string; noticeStyle?: 'good' | 'warning' | 'attention'; heading?: string } = {},
): AdaptiveCardJson {
  const today = todayIn(view.timeZone, now);
  const mine = view.c.assigneeId === viewer.staffId;
  return renderCard('assigned', {
    ...caseFacts(view, links, viewer),
    heading: extra.heading ?? (mine ? 'Assigned to you' : 'Case'),
    notice: extra.notice ?? '',
    noticeStyle: extra.noticeStyle ?? 'warning',
    actions: { ...cardActions(view, viewer), claim: false, assign: false },
    today,
    suggestedDue: DateTime.fromISO(today).plus({ days: 2 }).toISODate()!,
  });
}
