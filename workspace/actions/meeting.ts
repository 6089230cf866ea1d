import { z } from 'zod';
import { DateTime } from 'luxon';
import type { Request, Response } from 'express';
import { DomainError, notFound } from '../../core/errors.ts';
import { can } from '../../core/policies/casePolicy.ts';
import { loadCase, type CaseRow } from '../../core/queries/caseState.ts';
import { findStaff } from '../../core/staff.ts';
import { bookMeeting } from '../../core/commands/meetingBooker.ts';
import { OfficeError } from '../../core/ports/officeError.ts';
import type { Availability } from '../../core/ports/calendar.ts';
import type { Room } from '../../core/ports/rooms.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { actorOf, institutionOf, renderPage, type StaffActor } from '../page.ts';
import { makeWords } from '../labels.ts';
import { caseIdSchema, flag } from './caseAction.ts';

export const meetingSchema = z
  .object({
    slot: z.string().datetime({ offset: true }).optional().or(z.literal('').transform(() => undefined)),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().or(z.literal('').transform(() => undefined)),
    time: z.string().regex(/^\d{2}:\d{2}$/).optional().or(z.literal('').transform(() => undefined)),
    duration: z.enum(['30', '45', '60', '90']).default('60'),
    mode: z.enum(['teams', 'in_person', 'phone'], 'choose how you will meet'),
    room: z.string().trim().max(200).optional(),
    inviteReporter: flag,
  })
  .refine((m) => m.slot || (m.date && m.time), { path: ['slot'], message: 'choose a free time, or give a date and a time' });

/** The case, checked: the viewer must be allowed to book a meeting on it. */
async function loadForBooking(deps: WorkspaceDeps, actor: StaffActor, id: unknown): Promise<CaseRow> {
  const caseId = caseIdSchema.safeParse(id);
  if (!caseId.success) throw notFound();
  const c = await deps.core.db.forInstitution(actor.institutionId, (tx) => loadCase(tx, caseId.data));
  if (!c || !can(actor, 'view_summary', c)) throw notFound();
  if (!deps.calendar || !can(actor, 'book_meeting', c)) throw new DomainError('forbidden', `You can't book a meeting on case ${c.reference} now.`);
  return c;
}

/**
 * "Book a meeting": its own page, because finding free times asks the calendar (Microsoft 365)
 * and the case page should not wait for that. Shows the next free slots in the case manager's own
 * calendar, or takes a date and time; Teams, in person (with a room) or by phone.
 */
export function meetingPages(deps: WorkspaceDeps) {
  const calendar = () => deps.calendar!;
  const show = async (res: Response, c: CaseRow, problem?: { message: string; details: Record<string, string>; values: Record<string, unknown> }, status = 200) => {
    const actor = actorOf(res);
    const inst = institutionOf(res);
    const w = makeWords(deps.views.messages);
    const me = await deps.core.db.forInstitution(actor.institutionId, (tx) => findStaff(tx, { id: actor.staffId }));
    let availability: Availability = { slots: [], weeks: [], problems: [] };
    let calendarProblem: string | null = null;
    try {
      availability = await calendar().freeSlots({ institutionId: actor.institutionId, mailboxes: [me!.email], from: deps.core.now(), workingDays: 5, durationMinutes: 60 });
    } catch (err) {
      if (!(err instanceof OfficeError)) throw err;
      calendarProblem = err.message;
    }
    let rooms: Room[] = [];
    if (deps.rooms) rooms = await deps.rooms.listRooms({ institutionId: actor.institutionId }).catch(() => []);
    const zone = inst.settings.timeZone;
    const v = problem?.values ?? {};
    renderPage(
      deps,
      res,
      'ws-meeting',
      {
        title: `${w('ws.meeting.title')} ${c.reference}`,
        caseRef: c.reference,
        caseHref: `/tab/cases/${c.id}`,
        action: `/tab/cases/${c.id}/meeting`,
        slots: availability.slots.slice(0, 12).map((s) => ({
          value: s.start.toISOString(),
          label: DateTime.fromJSDate(s.start, { zone }).toFormat('cccc d LLLL, HH:mm'),
          checked: v.slot === s.start.toISOString(),
        })),
        calendarProblem: calendarProblem ?? (availability.problems.map((p) => p.message).join(' ') || null),
        rooms: rooms.map((r) => ({ name: r.name, selected: v.room === r.name })),
        canInvite: Boolean(c.facets.contactByEmail),
        modes: ['teams', 'in_person', 'phone'].map((m) => ({ value: m, label: w(`ws.meeting.mode.${m}`), checked: (v.mode ?? 'teams') === m })),
        durations: ['30', '45', '60', '90'].map((d) => ({ value: d, selected: (v.duration ?? '60') === d })),
        values: v,
        problem: problem ? { message: problem.message, list: Object.entries(problem.details).map(([f, t]) => ({ href: `#meeting-${f}`, text: `${w(`ws.field.${f}`)}: ${t}` })) } : null,
        errors: problem?.details ?? {},
        zone,
        today: deps.core.now().toISOString().slice(0, 10),
      },
      status,
    );
  };
  return {
    async page(req: Request, res: Response) {
      await show(res, await loadForBooking(deps, actorOf(res), req.params.id));
    },
    async book(req: Request, res: Response) {
      const actor = actorOf(res);
      const c = await loadForBooking(deps, actor, req.params.id);
      const values = Object.fromEntries(Object.entries(req.body ?? {}).filter(([k]) => k !== '_csrf'));
      const parsed = meetingSchema.safeParse(req.body);
      if (!parsed.success) {
        const details: Record<string, string> = {};
        for (const i of parsed.error.issues) details[i.path.join('.') || 'slot'] ??= i.message;
        return show(res, c, { message: 'Please check the meeting details.', details, values }, 400);
      }
      const m = parsed.data;
      const start = m.slot ? new Date(m.slot) : DateTime.fromISO(`${m.date}T${m.time}`, { zone: institutionOf(res).settings.timeZone }).toJSDate();
      const end = new Date(start.getTime() + Number(m.duration) * 60_000);
      try {
        await bookMeeting(deps.core, calendar(), actor, { caseId: c.id, start, end, mode: m.mode, room: m.room ? { name: m.room } : undefined, inviteReporter: m.inviteReporter });
      } catch (err) {
        if (err instanceof OfficeError) return show(res, c, { message: err.message, details: {}, values }, 502);
        if (err instanceof DomainError && err.code === 'invalid') return show(res, c, { message: err.message, details: err.details ?? {}, values }, 400);
        throw err;
      }
      res.redirect(303, `/tab/cases/${c.id}?done=meeting#meetings`);
    },
  };
}
