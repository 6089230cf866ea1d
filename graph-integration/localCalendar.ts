import { randomUUID } from 'node:crypto';
import type { Database } from '../core/db/database.ts';
import type { BookedMeeting, CalendarPort, MeetingRoom } from '../core/ports/calendar.ts';
import { OfficeError } from '../core/ports/officeError.ts';
import { assertNeutralSubject, invitable } from './mailContent.ts';
import { computeFreeSlots, defaultWeek, span, type Interval } from './slots.ts';

/** A meeting the local calendar booked (kept in memory; the core records meetings in its own table). */
interface LocalBooking extends Interval {
  organizer: string;
  room?: MeetingRoom;
  cancelled: boolean;
}

/** What the local calendar knows is already booked: the core's meetings table plus its own bookings. */
export interface LocalBookings {
  busy(institutionId: string, mailboxes: string[], window: Interval): Promise<Array<Interval & { mailbox: string }>>;
  roomBusy(institutionId: string, roomName: string, window: Interval): Promise<boolean>;
  remember(id: string, booking: LocalBooking): void;
  find(id: string): LocalBooking | undefined;
}

export function localBookings(db: Database): LocalBookings {
  const mine = new Map<string, LocalBooking>();
  const overlaps = (b: Interval, w: Interval) => b.start < w.end && b.end > w.start;
  return {
    async busy(institutionId, mailboxes, window) {
      const lower = mailboxes.map((m) => m.toLowerCase());
      const rows = await db.forInstitution(institutionId, (tx) =>
        tx.query<{ email: string; starts_at: Date; ends_at: Date }>(
          `SELECT s.email, m.starts_at, m.ends_at FROM meetings m JOIN staff s ON s.id = m.staff_id
            WHERE m.status = 'booked' AND lower(s.email) = ANY($1) AND m.ends_at > $2 AND m.starts_at < $3`,
          [lower, window.start, window.end],
        ),
      );
      const recorded = rows.rows.map((r) => ({ mailbox: r.email.toLowerCase(), start: new Date(r.starts_at), end: new Date(r.ends_at) }));
      const booked = [...mine.values()]
        .filter((b) => !b.cancelled && lower.includes(b.organizer.toLowerCase()) && overlaps(b, window))
        .map((b) => ({ mailbox: b.organizer.toLowerCase(), start: b.start, end: b.end }));
      return [...recorded, ...booked];
    },
    async roomBusy(institutionId, roomName, window) {
      const rows = await db.forInstitution(institutionId, (tx) =>
        tx.query(`SELECT 1 FROM meetings WHERE status = 'booked' AND room = $1 AND ends_at > $2 AND starts_at < $3 LIMIT 1`, [roomName, window.start, window.end]),
      );
      return rows.rowCount > 0 || [...mine.values()].some((b) => !b.cancelled && b.room?.name === roomName && overlaps(b, window));
    },
    remember: (id, booking) => void mine.set(id, booking),
    find: (id) => mine.get(id),
  };
}

/**
 * The demo's calendar: every mailbox works 9–17, Monday to Friday, UK time; busy times are the
 * meetings Harbour itself booked; meetings get a local id and no Teams link.
 */
export function createLocalCalendar(bookings: LocalBookings): CalendarPort {
  return {
    async freeSlots(query) {
      const weeks = [...new Set(query.mailboxes.map((m) => m.trim()).filter(Boolean))].map(defaultWeek);
      const window = span(weeks, query.from, query.workingDays);
      const busy = await bookings.busy(query.institutionId, weeks.map((w) => w.mailbox), window);
      const schedules = weeks.map((week) => ({ week, busy: busy.filter((b) => b.mailbox === week.mailbox.toLowerCase()) }));
      return { slots: computeFreeSlots(schedules, query), weeks, problems: [] };
    },
    async bookMeeting(input): Promise<BookedMeeting> {
      if (input.end <= input.start) throw new OfficeError('not_allowed', 'A meeting must end after it starts.');
      if (input.mode === 'in_person' && !input.room) throw new OfficeError('not_allowed', 'Choose a room for an in-person meeting.');
      assertNeutralSubject(input.subject, input.attendees);
      const externalId = `local-${randomUUID()}`;
      bookings.remember(externalId, { organizer: input.organizer, start: input.start, end: input.end, room: input.room, cancelled: false });
      return { externalId, invited: invitable(input.attendees).map((a) => a.email) };
    },
    async updateMeeting(input) {
      if (input.subject !== undefined) assertNeutralSubject(input.subject, input.attendees ?? []);
      const booking = bookings.find(input.externalId);
      if (booking) {
        booking.start = input.start ?? booking.start;
        booking.end = input.end ?? booking.end;
        booking.room = input.room ?? booking.room;
        if (booking.end <= booking.start) throw new OfficeError('not_allowed', 'A meeting must end after it starts.');
      }
      return { externalId: input.externalId, invited: invitable(input.attendees ?? []).map((a) => a.email) };
    },
    async cancelMeeting(input) {
      const booking = bookings.find(input.externalId);
      if (booking) booking.cancelled = true;
    },
  };
}
