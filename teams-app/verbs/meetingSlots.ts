import { DateTime } from 'luxon';
import { DomainError, notFound } from '../../core/errors.ts';
import { can } from '../../core/policies/casePolicy.ts';
import type { AdaptiveCardJson } from '../cards/renderCard.ts';
import { renderCard } from '../cards/renderCard.ts';
import { loadCaseView } from '../presenters/caseView.ts';
import type { VerbContext } from './verb.ts';
import { withinBudget } from './withinBudget.ts';

/** Length of a first support meeting, and how far ahead the card looks for free time. */
export const MEETING_MINUTES = 45;
const WORKING_DAYS = 5;
const MAX_SLOTS = 8;

/** "Wed 5 Mar, 10:00–10:45" in the institution's time zone. */
export function slotTitle(start: Date, end: Date, timeZone: string): string {
  const s = DateTime.fromJSDate(start, { zone: timeZone });
  return `${s.toFormat('ccc d LLL, HH:mm')}–${DateTime.fromJSDate(end, { zone: timeZone }).toFormat('HH:mm')}`;
}

/**
 * The slot picker: free times from the person's own calendar and the rooms of the case's campus.
 * Checks the policy first (may this person book a meeting on this case?). A calendar that does not
 * answer within the invoke budget gives the case card back with a note instead of a timeout.
 */
export async function meetingSlotsCard(ctx: VerbContext, caseId: string, notice = ''): Promise<AdaptiveCardJson> {
  const { deps, who } = ctx;
  const view = await deps.core.db.forInstitution(who.institutionId, (tx) => loadCaseView(tx, who.institutionId, caseId));
  if (!view || !can(who.actor, 'view_summary', view.c)) throw notFound();
  if (!can(who.actor, 'book_meeting', view.c)) throw new DomainError('forbidden', `You can't book a meeting on case ${view.c.reference} now.`);
  const campusKey = (view.c.facets as { campus?: string | null }).campus;
  const campus = campusKey ? view.campusLabels.get(campusKey) : undefined;
  const lookup = Promise.all([
    deps.calendar.freeSlots({ institutionId: who.institutionId, mailboxes: [who.staff.email], from: deps.core.now(), workingDays: WORKING_DAYS, durationMinutes: MEETING_MINUTES }),
    deps.rooms.listRooms({ institutionId: who.institutionId, campus }).then(async (r) => (r.length ? r : deps.rooms.listRooms({ institutionId: who.institutionId }))),
  ]);
  lookup.catch(() => undefined);
  const answer = await withinBudget(lookup, deps.invokeBudgetMs);
  if (!answer.done) {
    return ctx.currentCard(caseId, { notice: 'Your calendar is slow to answer just now. Press Book a meeting again in a moment.' });
  }
  const [availability, rooms] = answer.value;
  const slots = availability.slots.slice(0, MAX_SLOTS);
  if (!slots.length) {
    const why = availability.problems[0]?.message ?? `There is no free ${MEETING_MINUTES}-minute slot in your calendar in the next ${WORKING_DAYS} working days.`;
    return ctx.currentCard(caseId, { notice: why });
  }
  return renderCard('meetingSlots', {
    caseId,
    reference: view.c.reference,
    notice,
    timeZone: view.timeZone,
    durationMinutes: MEETING_MINUTES,
    slots: slots.map((s) => ({ title: slotTitle(s.start, s.end, view.timeZone), value: `${s.start.toISOString()}/${s.end.toISOString()}` })),
    rooms: rooms.slice(0, 30).map((r) => ({ title: r.building ? `${r.name} (${r.building})` : r.name, value: r.email ?? r.id })),
  });
}
