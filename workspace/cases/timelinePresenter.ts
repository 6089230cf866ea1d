import type { CaseView, TimelineItem } from '../../core/queries/caseReader.ts';
import { hoursAndMinutes, type Lookup, type Words } from '../labels.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** One line of the timeline: who did what, when (details that are secret stay in their own section). */
function describe(w: Words, e: TimelineItem, lookup: Lookup, refOf: (id: unknown) => string): string {
  const d = e.data;
  const name = (id: unknown) => lookup.staffName(str(id)) ?? w('ws.event.someone');
  switch (e.type) {
    case 'case.assigned':
      return w('ws.event.assigned', { name: name(d.assigneeId) });
    case 'case.reassigned':
      return w('ws.event.reassigned', { from: name(d.previousAssigneeId), name: name(d.assigneeId) });
    case 'case.status_changed':
      return w('ws.event.status', { from: w(`ws.status.${str(d.from)}`), to: w(`ws.status.${str(d.to)}`) });
    case 'case.closed':
      return w('ws.event.closed', { outcome: lookup.label('outcome', str(d.outcome)) });
    case 'case.task_added':
      return w('ws.event.task_added', { date: str(d.dueOn) });
    case 'case.contact_recorded':
      return w('ws.event.contact', { method: w(`ws.contact.${str(d.method)}`) });
    case 'case.referred':
      return w('ws.event.referred', { department: lookup.label('department', str(d.departmentKey)) });
    case 'referral.responded':
      return w(d.done ? 'ws.event.referral_closed' : 'ws.event.referral_responded');
    case 'case.linked':
      return w('ws.event.linked', { reference: refOf(d.otherCaseId), reason: w(`ws.link.reason.${str(d.reason)}`) });
    case 'case.link_dismissed':
      return w('ws.event.link_dismissed', { reference: refOf(d.otherCaseId) });
    case 'case.time_recorded':
      return w('ws.event.time', { time: hoursAndMinutes(Number(d.minutes) || 0), date: str(d.onDate) });
    case 'case.restricted':
      return w('ws.event.restricted', { count: Array.isArray(d.excludedStaff) ? d.excludedStaff.length : 0 });
    case 'case.meeting_booked':
      return w('ws.event.meeting_booked', { mode: w(`ws.meeting.mode.${str(d.mode)}`) });
    default: {
      const key = `ws.event.${e.type.replace(/^(case|reporter|referral)\./, '')}`;
      const text = w(key);
      return text === key ? e.type : text;
    }
  }
}

/** The case's history, oldest first, starting with the report itself. */
export function presentTimeline(w: Words, view: CaseView, lookup: Lookup) {
  const refs = new Map(view.links.map((l) => [l.otherCaseId, l.otherReference]));
  const refOf = (id: unknown) => refs.get(str(id)) ?? w('ws.event.anotherCase');
  const first = view.report?.submittedAt ?? view.case.createdAt;
  return [
    { at: first, iso: first.toISOString(), who: w('ws.event.reporter'), what: w('ws.event.received') },
    ...view.timeline.map((e) => ({ at: e.at, iso: e.at.toISOString(), who: e.actorName, what: describe(w, e, lookup, refOf) })),
  ];
}

const secretText = (e: TimelineItem, field: string) => str(e.secret?.[field]);

/** Notes, messages with the reporter (both ways, and contact recorded), and the reporter's additions. */
export function presentConversation(view: CaseView) {
  const notes = view.timeline.filter((e) => e.type === 'case.note_added').map((e) => ({ at: e.at, who: e.actorName, text: secretText(e, 'text') }));
  const messages = view.timeline
    .filter((e) => ['case.message_to_reporter', 'reporter.added', 'case.contact_recorded'].includes(e.type))
    .map((e) => ({
      at: e.at,
      who: e.actorName,
      fromReporter: e.type === 'reporter.added',
      method: e.type === 'case.contact_recorded' ? str(e.data.method) : null,
      text: secretText(e, e.type === 'case.contact_recorded' ? 'summary' : 'text'),
    }));
  const additions = view.timeline.filter((e) => e.type === 'reporter.added').map((e) => ({ at: e.at, text: secretText(e, 'text') }));
  return { notes, messages, additions };
}
