import { randomUUID } from 'node:crypto';
import type { Event, MailboxSettings, ScheduleInformation } from '@microsoft/microsoft-graph-types';
import type { Logger } from 'pino';
import type {
  Availability,
  BookMeetingInput,
  BookedMeeting,
  CalendarPort,
  CalendarProblem,
  MeetingAttendee,
  MeetingRoom,
  WorkingWeek,
} from '../core/ports/calendar.ts';
import { OfficeError } from '../core/ports/officeError.ts';
import type { GraphGateway } from './gateway.ts';
import { explainGraphError, type GraphErrorBody } from './graphErrors.ts';
import { assertNeutralSubject, invitable } from './mailContent.ts';
import { computeFreeSlots, defaultWeek, span, type MailboxSchedule } from './slots.ts';
import { fromGraphDateTime, ianaZone, isoWeekdays, timeOfDay, toGraphDateTime } from './timeZones.ts';

const user = (mailbox: string) => `/users/${encodeURIComponent(mailbox)}`;
const utc = { Prefer: 'outlook.timezone="UTC"' };
const json = { 'Content-Type': 'application/json' };
const notBusy = new Set(['free', 'workingelsewhere', 'unknown']);

/**
 * Case managers' Outlook calendars through Graph: working hours and time zone from mailboxSettings
 * (one $batch for all mailboxes), busy times from getSchedule, events created in the organiser's
 * calendar as private, with a Teams meeting, a room or a phone call, and the reporter only when
 * they consented. `scheduleMailbox` is the mailbox whose calendar endpoint asks for free/busy.
 */
export function createGraphCalendar(gateway: GraphGateway, scheduleMailbox: string, logger: Logger): CalendarPort {
  const unique = (list: string[]) => [...new Map(list.map((m) => [m.trim().toLowerCase(), m.trim()])).values()].filter(Boolean);

  async function weeksOf(mailboxes: string[], problems: CalendarProblem[]): Promise<WorkingWeek[]> {
    const answers = await gateway.batch(
      mailboxes.map((m, i) => ({ id: String(i + 1), method: 'GET' as const, url: `${user(m)}/mailboxSettings` })),
      { area: 'calendar' },
    );
    const weeks: WorkingWeek[] = [];
    answers.forEach((a, i) => {
      const mailbox = mailboxes[i] as string;
      if (a.status === 200) return weeks.push(weekFrom(mailbox, a.body as MailboxSettings, problems));
      problems.push({ mailbox, message: explainGraphError(a.status, a.body as GraphErrorBody, { area: 'calendar', mailbox }).message });
    });
    return weeks;
  }

  async function busyOf(weeks: WorkingWeek[], window: { start: Date; end: Date }, problems: CalendarProblem[]): Promise<MailboxSchedule[]> {
    const out: MailboxSchedule[] = [];
    for (let i = 0; i < weeks.length; i += 20) {
      const chunk = weeks.slice(i, i + 20);
      const answer = await gateway.call<{ value?: ScheduleInformation[] }>({
        method: 'POST',
        path: `${user(scheduleMailbox)}/calendar/getSchedule`,
        headers: { ...json, ...utc },
        body: {
          schedules: chunk.map((w) => w.mailbox),
          startTime: toGraphDateTime(window.start),
          endTime: toGraphDateTime(window.end),
          availabilityViewInterval: 30,
        },
        idempotent: true,
        context: { area: 'calendar', mailbox: scheduleMailbox },
      });
      for (const week of chunk) {
        const info = answer.value?.find((s) => s.scheduleId?.toLowerCase() === week.mailbox.toLowerCase());
        if (!info || info.error) {
          const code = info?.error?.responseCode ?? 'missing';
          const status = /NotFound|InvalidUser/i.test(code) ? 404 : 403;
          problems.push({ mailbox: week.mailbox, message: explainGraphError(status, { error: { code } }, { area: 'calendar', mailbox: week.mailbox }).message });
          continue;
        }
        const busy = (info.scheduleItems ?? [])
          .filter((it) => !notBusy.has(String(it.status ?? 'busy').toLowerCase()) && it.start && it.end)
          .map((it) => ({ start: fromGraphDateTime(it.start as never), end: fromGraphDateTime(it.end as never) }));
        out.push({ week, busy });
      }
    }
    return out;
  }

  const eventBody = (input: { start?: Date; end?: Date; room?: MeetingRoom; subject?: string; body?: string }, mode?: BookMeetingInput['mode'], people?: MeetingAttendee[]) => ({
    ...(input.subject !== undefined ? { subject: input.subject } : {}),
    ...(input.body !== undefined ? { body: { contentType: 'Text', content: input.body } } : {}),
    ...(input.start ? { start: toGraphDateTime(input.start) } : {}),
    ...(input.end ? { end: toGraphDateTime(input.end) } : {}),
    ...(people || input.room
      ? {
          attendees: [
            ...(people ?? []).map((a) => ({ type: 'required', emailAddress: { address: a.email, ...(a.name ? { name: a.name } : {}) } })),
            ...(input.room?.email ? [{ type: 'resource', emailAddress: { address: input.room.email, name: input.room.name } }] : []),
          ],
        }
      : {}),
    ...(input.room
      ? { location: { displayName: input.room.name, locationType: 'conferenceRoom', ...(input.room.email ? { locationEmailAddress: input.room.email } : {}) } }
      : mode === 'phone'
        ? { location: { displayName: 'Phone call', locationType: 'default' } }
        : {}),
  });

  return {
    async freeSlots(query): Promise<Availability> {
      const problems: CalendarProblem[] = [];
      const mailboxes = unique(query.mailboxes);
      if (!mailboxes.length) return { slots: [], weeks: [], problems };
      const weeks = await weeksOf(mailboxes, problems);
      if (!weeks.length) return { slots: [], weeks, problems };
      const schedules = await busyOf(weeks, span(weeks, query.from, query.workingDays), problems);
      const slots = computeFreeSlots(schedules, query);
      logger.info({ institutionId: query.institutionId, mailboxes: mailboxes.length, slots: slots.length, problems: problems.length }, 'free slots computed');
      return { slots, weeks, problems };
    },

    async bookMeeting(input): Promise<BookedMeeting> {
      if (input.end <= input.start) throw new OfficeError('not_allowed', 'A meeting must end after it starts.');
      if (input.mode === 'in_person' && !input.room) throw new OfficeError('not_allowed', 'Choose a room for an in-person meeting.');
      assertNeutralSubject(input.subject, input.attendees);
      const people = invitable(input.attendees);
      const created = await gateway.call<Event>({
        method: 'POST',
        path: `${user(input.organizer)}/events`,
        headers: { ...json, ...utc },
        body: {
          ...eventBody(input, input.mode, people),
          ...(input.mode === 'teams' ? { isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' } : {}),
          sensitivity: 'private',
          showAs: 'busy',
          allowNewTimeProposals: false,
          isReminderOn: true,
          reminderMinutesBeforeStart: 15,
          transactionId: randomUUID(),
        },
        idempotent: true,
        context: { area: 'calendar', mailbox: input.organizer },
      });
      if (!created?.id) throw new OfficeError('unavailable', 'Microsoft 365 did not confirm the meeting. Check the calendar before trying again.');
      logger.info({ institutionId: input.institutionId, mode: input.mode, invited: people.length }, 'meeting booked in Microsoft 365');
      return { externalId: created.id, joinUrl: created.onlineMeeting?.joinUrl ?? undefined, invited: people.map((a) => a.email) };
    },

    async updateMeeting(input): Promise<BookedMeeting> {
      if (input.start && input.end && input.end <= input.start) throw new OfficeError('not_allowed', 'A meeting must end after it starts.');
      if (input.subject !== undefined) assertNeutralSubject(input.subject, input.attendees ?? []);
      const people = input.attendees ? invitable(input.attendees) : undefined;
      const updated = await gateway.call<Event>({
        method: 'PATCH',
        path: `${user(input.organizer)}/events/${encodeURIComponent(input.externalId)}`,
        headers: { ...json, ...utc },
        body: eventBody(input, undefined, people),
        context: { area: 'calendar', mailbox: input.organizer },
      });
      const invited = (updated?.attendees ?? []).filter((a) => a.type !== 'resource').map((a) => a.emailAddress?.address ?? '').filter(Boolean);
      return { externalId: input.externalId, joinUrl: updated?.onlineMeeting?.joinUrl ?? undefined, invited };
    },

    async cancelMeeting(input) {
      try {
        await gateway.call({
          method: 'POST',
          path: `${user(input.organizer)}/events/${encodeURIComponent(input.externalId)}/cancel`,
          headers: json,
          body: input.comment ? { comment: input.comment } : {},
          idempotent: true,
          context: { area: 'calendar', mailbox: input.organizer },
        });
      } catch (err) {
        if (err instanceof OfficeError && err.reason === 'not_found') return;
        throw err;
      }
      logger.info({ institutionId: input.institutionId }, 'meeting cancelled in Microsoft 365');
    },
  };
}

/** A mailbox's working week from its mailboxSettings; the mailbox's own zone when the hours' zone is custom. */
function weekFrom(mailbox: string, settings: MailboxSettings, problems: CalendarProblem[]): WorkingWeek {
  const wh = settings.workingHours;
  const zone = ianaZone(wh?.timeZone?.name) ?? ianaZone(settings.timeZone);
  const fallback = defaultWeek(mailbox);
  if (!zone) problems.push({ mailbox, message: `The time zone of ${mailbox} is not one Harbour knows; times assume UK time.` });
  if (!wh?.daysOfWeek?.length || !wh.startTime || !wh.endTime) return { ...fallback, timeZone: zone ?? fallback.timeZone };
  return { mailbox, timeZone: zone ?? fallback.timeZone, days: isoWeekdays(wh.daysOfWeek), start: timeOfDay(wh.startTime), end: timeOfDay(wh.endTime) };
}
