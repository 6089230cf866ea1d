import type { CaseView } from '../../core/queries/caseReader.ts';
import type { LinkSuggestion } from '../../core/queries/linkSuggestions.ts';
import type { EvidenceItem } from '../../core/evidence/evidenceDownloader.ts';
import type { CaseAction } from '../../core/policies/casePolicy.ts';
import type { InstitutionSettings } from '../../core/institutions.ts';
import { allowedNextStatuses } from '../../core/commands/caseStatusChanger.ts';
import { BASES, SHAREABLE } from '../../core/commands/referralMaker.ts';
import { LINK_REASONS } from '../../core/commands/caseLinker.ts';
import type { StaffActor } from '../page.ts';
import { firstContactBadge, hoursAndMinutes, type Lookup, type Words } from '../labels.ts';
import { presentReport } from './reportPresenter.ts';
import { presentConversation, presentTimeline } from './timelinePresenter.ts';

const CAN: Record<string, CaseAction> = {
  claim: 'claim', assign: 'assign', changeStatus: 'change_status', addNote: 'add_note', addTask: 'add_task', message: 'message_reporter', refer: 'refer',
  link: 'link', recordTime: 'record_time', bookMeeting: 'book_meeting', addEvidence: 'add_evidence', close: 'close', reopen: 'reopen', restrict: 'restrict',
  legalHold: 'legal_hold', respond: 'respond_referral', viewContent: 'view_content',
};

const isManager = (s: { roles: string[]; active: boolean }) => s.active && (s.roles.includes('case_manager') || s.roles.includes('lead'));

/**
 * Everything the case page shows, in words, with the actions this viewer may take (from the case
 * policy, through readCase): the page never offers a control the policy would refuse.
 */
export function presentCase(w: Words, view: CaseView, ctx: { lookup: Lookup; actor: StaffActor; now: Date; settings: InstitutionSettings; suggestions: LinkSuggestion[]; meetingsBookable: boolean; evidence: EvidenceItem[]; evidenceRoutes: boolean }) {
  const { lookup, actor } = ctx;
  const c = view.case;
  const actions = new Set(view.actions);
  const can = Object.fromEntries(Object.entries(CAN).map(([k, a]) => [k, actions.has(a)])) as Record<keyof typeof CAN, boolean>;
  can.bookMeeting &&= ctx.meetingsBookable;
  can.addEvidence &&= ctx.evidenceRoutes;
  const full = can.viewContent;
  const shared = new Set(view.referrals.flatMap((r) => r.shared));
  const today = ctx.now.toISOString().slice(0, 10);
  const conversation = presentConversation(view);
  const responses = view.timeline.filter((e) => e.type === 'referral.responded');
  const budget = ctx.settings.hoursPerCase * 60;
  const consented = (c.facets.consentWith as string[] | undefined) ?? [];
  return {
    full,
    can,
    showAccess: can.restrict || can.legalHold,
    header: {
      id: c.id,
      reference: c.reference,
      status: w(`ws.status.${c.status}`),
      statusKey: c.status,
      kind: w(`ws.kind.${c.kind}`),
      received: c.createdAt,
      badge: firstContactBadge(w, c, today),
      assignee: view.assigneeName,
      categories: full || shared.has('categories') ? ((c.facets.categories as string[] | undefined) ?? []).map((k) => lookup.label('category', k)).join(', ') : null,
      campus: full || shared.has('place_and_time') ? lookup.label('campus', c.facets.campus as string | null) : null,
      outcome: c.outcome ? lookup.label('outcome', c.outcome) : null,
      closedAt: c.closedAt,
      legalHold: c.legalHold,
      excluded: can.restrict ? c.restrictedStaff.map((id) => lookup.staffName(id)).join(', ') : null,
      destroyed: c.contentDestroyed,
    },
    report: presentReport(w, view, lookup),
    ...conversation,
    timeline: presentTimeline(w, view, lookup),
    tasks: view.tasks.map((t) => ({ ...t, assignee: lookup.staffName(t.assigneeId), done: Boolean(t.doneAt), overdue: !t.doneAt && t.dueOn < today })),
    meetings: view.meetings.map((m) => ({ ...m, mode: w(`ws.meeting.mode.${m.mode}`), with: lookup.staffName(m.staffId), booked: m.status === 'booked', upcoming: m.status === 'booked' && m.startsAt > ctx.now })),
    referrals: view.referrals.map((r) => ({
      ...r,
      department: lookup.label('department', r.departmentKey),
      sharedText: r.shared.map((s) => w(`ws.share.${s}`)).join(', '),
      basisText: w(`ws.basis.${r.basis}`),
      open: r.status === 'open',
      canRespond: can.respond && r.status === 'open' && r.departmentKey === actor.departmentKey,
      responses: responses.filter((e) => e.data.referralId === r.id).map((e) => ({ at: e.at, who: e.actorName, text: String(e.secret?.text ?? ''), done: Boolean(e.data.done) })),
    })),
    links: view.links.map((l) => ({ ...l, href: `/tab/cases/${l.otherCaseId}`, reason: w(`ws.link.reason.${l.reason}`) })),
    suggestions: ctx.suggestions.map((s) => ({ ...s, href: `/tab/cases/${s.caseId}`, reasonKey: s.reasons[0], reasons: s.reasons.map((r) => w(`ws.link.reason.${r}`)).join(', ') })),
    evidence: ctx.evidence.map((f) => ({
      ...f,
      name: f.name ?? w('ws.evidence.nameGone'),
      size: f.size < 1_000_000 ? `${Math.max(1, Math.round(f.size / 1000))} kB` : `${(f.size / 1_000_000).toFixed(1)} MB`,
      state: w(`ws.evidence.status.${f.status}`),
      href: ctx.evidenceRoutes && f.status === 'clean' ? `/tab/cases/${c.id}/evidence/${f.id}` : null,
      byReporter: f.uploadedBy === 'reporter',
    })),
    evidencePackHref: ctx.evidenceRoutes && ctx.evidence.length ? `/tab/cases/${c.id}/evidence/pack` : null,
    time: { spent: hoursAndMinutes(view.minutesSpent), budget: hoursAndMinutes(budget), over: view.minutesSpent > budget, minutes: view.minutesSpent, budgetMinutes: budget },
    choices: {
      assignees: lookup.staff.filter((s) => isManager(s) && !c.restrictedStaff.includes(s.id)).map((s) => ({ id: s.id, name: s.displayName, selected: s.id === c.assigneeId })),
      nextStatuses: allowedNextStatuses(c.status).map((s) => ({ value: s, label: w(`ws.status.${s}`) })),
      outcomes: lookup.ofKind('outcome').map((o) => ({ value: o.key, label: o.label })),
      departments: lookup.ofKind('department').map((d) => ({ value: d.key, label: d.label, consented: consented.includes(d.key) })),
      consentedTo: consented.map((k) => lookup.label('department', k)).join(', '),
      shareable: SHAREABLE.map((s) => ({ value: s, label: w(`ws.share.${s}`), hint: w(`ws.share.${s}.hint`) })),
      bases: BASES.map((b) => ({ value: b, label: w(`ws.basis.${b}`) })),
      linkReasons: LINK_REASONS.map((r) => ({ value: r, label: w(`ws.link.reason.${r}`) })),
      contactMethods: ['phone', 'email', 'meeting', 'teams'].map((m) => ({ value: m, label: w(`ws.contact.${m}`) })),
      restrictable: lookup.staff.filter((s) => s.active && s.id !== actor.staffId).map((s) => ({ id: s.id, name: s.displayName, checked: c.restrictedStaff.includes(s.id), holds: s.id === c.assigneeId })),
      today,
    },
  };
}
