import { DateTime } from 'luxon';
import { z } from 'zod';
import { bookMeeting } from '../../core/commands/meetingBooker.ts';
import { DomainError } from '../../core/errors.ts';
import { loadInstitution } from '../../core/institutions.ts';
import { loadCase } from '../../core/queries/caseState.ts';
import type { MeetingMode, MeetingRoom } from '../../core/ports/calendar.ts';
import { OfficeError } from '../../core/ports/officeError.ts';
import { renderCard, type AdaptiveCardJson } from '../cards/renderCard.ts';
import { caseDeepLink } from '../links.ts';
import { meetingSlotsCard } from './meetingSlots.ts';
import { defineVerb, type VerbContext } from './verb.ts';
import { withinBudget } from './withinBudget.ts';

const MODE_LABELS: Record<MeetingMode, string> = { teams: 'Teams meeting', in_person: 'In person', phone: 'Phone' };

type Booked = { start: Date; end: Date; mode: MeetingMode; joinUrl: string | null };

async function bookedCard(ctx: VerbContext, caseId: string, reference: string, booked: Booked, room?: MeetingRoom): Promise<AdaptiveCardJson> {
  const { timeZone } = (await ctx.deps.core.db.forInstitution(ctx.who.institutionId, (tx) => loadInstitution(tx, ctx.who.institutionId))).settings;
  const start = DateTime.fromJSDate(booked.start, { zone: timeZone });
  return renderCard('meetingBooked', {
    caseId,
    reference,
    when: `${start.toFormat('ccc d LLL yyyy, HH:mm')}–${DateTime.fromJSDate(booked.end, { zone: timeZone }).toFormat('HH:mm')}`,
    modeLabel: MODE_LABELS[booked.mode],
    where: booked.mode === 'in_person' ? (room?.name ?? 'In person') : booked.mode === 'teams' ? 'Online (the link is in the invitation)' : 'By phone',
    joinUrl: booked.joinUrl ?? '',
    openUrl: caseDeepLink(ctx.deps, caseId),
  });
}

/**
 * Book (from the slot picker): creates the event in the person's calendar through the core's meeting
 * booker (policy, audit, calendar and case kept in step) and shows it on the card. A choice that no
 * longer works (slot passed, room gone) brings the picker back with a note. A calendar slower than
 * the invoke budget gets "booking…" now and the card is updated when the event exists.
 */
export const pickSlotVerb = defineVerb({
  verb: 'pickSlot',
  data: z.object({
    caseId: z.uuid(),
    slot: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'Choose a time'),
    mode: z.enum(['teams', 'in_person', 'phone']).default('teams'),
    room: z.string().optional(),
  }),
  async run(ctx, { caseId, slot, mode, room: roomChoice }) {
    const { deps, who } = ctx;
    const [start, end] = slot.split('/').map((s) => new Date(s)) as [Date, Date];
    let room: MeetingRoom | undefined;
    if (mode === 'in_person') {
      if (!roomChoice) return meetingSlotsCard(ctx, caseId, 'Choose a room for an in-person meeting.');
      const found = (await deps.rooms.listRooms({ institutionId: who.institutionId })).find((r) => (r.email ?? r.id) === roomChoice);
      if (!found) return meetingSlotsCard(ctx, caseId, 'That room is no longer on the list: choose another.');
      room = { email: found.email, name: found.name };
    }
    const booking = bookMeeting(deps.core, deps.calendar, who.actor, { caseId, start, end, mode, room, inviteReporter: false });
    booking.catch(() => undefined);
    const reference = (await deps.core.db.forInstitution(who.institutionId, (tx) => loadCase(tx, caseId)))?.reference ?? '';
    try {
      const answer = await withinBudget(booking, deps.invokeBudgetMs);
      if (answer.done) return await bookedCard(ctx, caseId, reference, answer.value, room);
      finishLater(ctx, caseId, reference, answer.later, room);
      return await ctx.currentCard(caseId, { notice: 'Booking your meeting… this card shows it as soon as your calendar confirms.', noticeStyle: 'good' });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'invalid') return meetingSlotsCard(ctx, caseId, err.message);
      if (err instanceof OfficeError && (err.reason === 'not_allowed' || err.reason === 'not_found')) return meetingSlotsCard(ctx, caseId, err.message);
      throw err;
    }
  },
});

function finishLater(ctx: VerbContext, caseId: string, reference: string, later: Promise<Booked>, room?: MeetingRoom): void {
  const ref = ctx.turn.activity.getConversationReference();
  const messageId = ctx.turn.activity.replyToId;
  if (!messageId) return;
  const show = (card: Promise<AdaptiveCardJson>) =>
    card
      .then((c) => ctx.notifier.update(ref, ref.conversation.id, messageId, c))
      .catch((err: Error) => ctx.deps.logger.error({ caseId, err: err.message }, 'could not update the card after a slow booking'));
  later.then(
    (booked) => show(bookedCard(ctx, caseId, reference, booked, room)),
    (err: Error) => show(ctx.currentCard(caseId, { notice: `The meeting was not booked: ${err.message}`, noticeStyle: 'attention' })),
  );
}
