import { DateTime } from 'luxon';
import type { FreeSlot, WorkingWeek } from '../core/ports/calendar.ts';

export interface Interval {
  start: Date;
  end: Date;
}

/** One mailbox's working week and what is already in its calendar. */
export interface MailboxSchedule {
  week: WorkingWeek;
  busy: Interval[];
}

/** The default working week when a calendar says nothing: 9–17, Monday to Friday, UK time. */
export const defaultWeek = (mailbox: string): WorkingWeek => ({ mailbox, timeZone: 'Europe/London', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' });

/**
 * The working-hours windows of the first `workingDays` working days that still have time left
 * after `from`, computed in the mailbox's own zone so that a day with a clock change keeps its
 * local hours (09:00 is 08:00 UTC in summer and 09:00 UTC in winter in London).
 */
export function workingWindows(week: WorkingWeek, from: Date, workingDays: number): Interval[] {
  const [sh, sm] = week.start.split(':').map(Number) as [number, number];
  const [eh, em] = week.end.split(':').map(Number) as [number, number];
  const out: Interval[] = [];
  let day = DateTime.fromJSDate(from, { zone: week.timeZone }).startOf('day');
  for (let guard = 0; out.length < workingDays && guard < 400; guard++, day = day.plus({ days: 1 })) {
    if (!week.days.includes(day.weekday)) continue;
    const start = day.set({ hour: sh, minute: sm });
    const end = day.set({ hour: eh, minute: em });
    if (end <= start || end.toJSDate() <= from) continue;
    out.push({ start: start.toJSDate(), end: end.toJSDate() });
  }
  return out;
}

/** The span a free/busy request must cover for these weeks. */
export function span(weeks: WorkingWeek[], from: Date, workingDays: number): Interval {
  const ends = weeks.flatMap((w) => workingWindows(w, from, workingDays).map((i) => i.end.getTime()));
  return { start: from, end: new Date(Math.max(from.getTime() + 60_000, ...ends)) };
}

/**
 * Slots of `durationMinutes`, stepping `stepMinutes` from the start of each working window, that
 * start no earlier than `from` and overlap nothing busy; each slot lists every mailbox free for it.
 */
export function computeFreeSlots(
  schedules: MailboxSchedule[],
  query: { from: Date; workingDays: number; durationMinutes: number; stepMinutes?: number },
): FreeSlot[] {
  const length = query.durationMinutes * 60_000;
  const step = (query.stepMinutes ?? 30) * 60_000;
  if (length <= 0 || step <= 0) throw new Error('Meeting length and step must be positive');
  const byStart = new Map<number, FreeSlot>();
  for (const { week, busy } of schedules) {
    for (const window of workingWindows(week, query.from, query.workingDays)) {
      for (let t = window.start.getTime(); t + length <= window.end.getTime(); t += step) {
        if (t < query.from.getTime()) continue;
        if (busy.some((b) => b.start.getTime() < t + length && b.end.getTime() > t)) continue;
        const slot = byStart.get(t) ?? { start: new Date(t), end: new Date(t + length), mailboxes: [] };
        slot.mailboxes.push(week.mailbox);
        byStart.set(t, slot);
      }
    }
  }
  return [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
}
