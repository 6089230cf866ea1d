import crypto from 'node:crypto';
import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import type { CalendarPort, MeetingMode, MeetingRoom } from '../ports/calendar.ts';
import { DomainError, notFound } from '../errors.ts';
import { can } from '../policies/casePolicy.ts';
import { loadCase } from '../queries/caseState.ts';
import { loadCaseKey } from '../caseKeys.ts';
import { open } from '../crypto/keyring.ts';
import { findStaff } from '../staff.ts';
import { logAccess } from '../queries/accessLog.ts';
import { runCaseCommand } from './caseCommand.ts';
import { recordCaseEvent } from '../record.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';

export interface BookMeetingRequest {
  caseId: string;
  start: Date;
  end: Date;
  mode: MeetingMode;
  room?: MeetingRoom;
  /** Invite the reporter (only possible for a named reporter who gave an email and agreed to email contact). */
  inviteReporter: boolean;
}

/**
 * Books a support meeting in the case manager's calendar and records it on the case. The calendar
 * call happens outside any transaction; if recording then fails, the event is cancelled again so
 * the calendar and the case never disagree. The subject names no one.
 */
export async function bookMeeting(core: Core, calendar: CalendarPort, actor: Actor, input: BookMeetingRequest) {
  if (!(input.start instanceof Date) || Number.isNaN(input.start.getTime()) || !(input.end > input.start))
    throw new DomainError('invalid', 'Choose a start and an end time.', { start: 'must be before the end' });
  if (input.start < core.now()) throw new DomainError('invalid', 'That time has passed: choose another slot.', { start: 'is in the past' });
  if (input.mode === 'in_person' && !input.room) throw new DomainError('invalid', 'Choose a room for an in-person meeting.', { room: 'is required in person' });
  if (actor.kind !== 'staff') throw new DomainError('forbidden', 'Only staff book meetings.');

  const prep = await core.db.forInstitution(actor.institutionId, async (tx) => {
    const c = await loadCase(tx, input.caseId);
    if (!c || !can(actor, 'view_summary', c)) throw notFound();
    if (!can(actor, 'book_meeting', c)) throw new DomainError('forbidden', `You can't book a meeting on case ${c.reference}.`);
    const me = await findStaff(tx, { id: actor.staffId });
    if (input.inviteReporter && !c.facets.contactByEmail)
      throw new DomainError('invalid', 'The reporter did not give an email address or agree to be contacted by email.', { inviteReporter: 'no consent to email' });
    return { c, me };
  });
  const { c, me } = prep;
  if (!me) throw new DomainError('forbidden', 'Your staff record was not found.');
  const reporter = input.inviteReporter ? await reporterAddress(core, c.id, actor) : null;
  const booked = await calendar.bookMeeting({
    institutionId: actor.institutionId,
    organizer: me.email,
    start: input.start,
    end: input.end,
    mode: input.mode,
    room: input.room,
    attendees: reporter ? [{ email: reporter.email, name: reporter.name, role: 'reporter', consented: true }] : [],
    subject: `Support meeting (${c.reference})`,
    body: 'A support meeting arranged through Harbour. Reply to this invitation if the time does not suit you.',
  });
  const id = crypto.randomUUID();
  try {
    await runCaseCommand(core, actor, c.id, 'book_meeting', async ({ tx, at }) => {
      await tx.query(
        'INSERT INTO meetings (id, institution_id, case_id, staff_id, starts_at, ends_at, mode, room, external_id, join_url, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)',
        [id, c.institutionId, c.id, actor.staffId, input.start, input.end, input.mode, input.room?.name ?? null, booked.externalId, booked.joinUrl ?? null, at],
      );
      await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.meeting_booked', at, data: { meetingId: id, startsAt: input.start.toISOString(), mode: input.mode, reporterInvited: Boolean(reporter) } });
      await enqueue(tx, c.institutionId, EVENTS.meetingBooked, { caseId: c.id, reference: c.reference, meetingId: id, staffId: actor.staffId });
    });
  } catch (err) {
    await calendar.cancelMeeting({ institutionId: actor.institutionId, organizer: me.email, externalId: booked.externalId }).catch(() => undefined);
    throw err;
  }
  return { meetingId: id, joinUrl: booked.joinUrl ?? null, start: input.start, end: input.end, mode: input.mode };
}

async function reporterAddress(core: Core, caseId: string, actor: Actor): Promise<{ email: string; name?: string } | null> {
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const key = await loadCaseKey(tx, core.keyring, caseId);
    const row = (await tx.query<{ content: Uint8Array }>('SELECT content FROM reports WHERE case_id = $1', [caseId])).rows[0];
    if (!key || !row) return null;
    const recorded = JSON.parse(open(key, row.content, `${caseId}:report`).toString('utf8')) as { report: { reporter?: { email?: string; name?: string } } };
    const email = recorded.report.reporter?.email;
    if (email) await logAccess(tx, actor, caseId, 'reporter.contact_used', core.now());
    return email ? { email, name: recorded.report.reporter?.name } : null;
  });
}

/** Cancels a booked meeting in the calendar and records it on the case. */
export async function cancelMeeting(core: Core, calendar: CalendarPort, actor: Actor, input: { caseId: string; meetingId: string; comment?: string }) {
  if (actor.kind !== 'staff') throw new DomainError('forbidden', 'Only staff cancel meetings.');
  return runCaseCommand(core, actor, input.caseId, 'book_meeting', async ({ tx, c, at }) => {
    const m = (await tx.query<{ external_id: string | null; status: string; staff_id: string }>('SELECT external_id, status, staff_id FROM meetings WHERE id = $1 AND case_id = $2 FOR UPDATE', [input.meetingId, c.id])).rows[0];
    if (!m) throw new DomainError('not_found', 'That meeting is not on this case.');
    if (m.status === 'cancelled') throw new DomainError('conflict', 'That meeting is already cancelled.');
    const organizer = await findStaff(tx, { id: m.staff_id });
    if (m.external_id && organizer) await calendar.cancelMeeting({ institutionId: c.institutionId, organizer: organizer.email, externalId: m.external_id, comment: input.comment });
    await tx.query(`UPDATE meetings SET status = 'cancelled' WHERE id = $1`, [input.meetingId]);
    await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.meeting_cancelled', at, data: { meetingId: input.meetingId } });
    await enqueue(tx, c.institutionId, EVENTS.meetingCancelled, { caseId: c.id, reference: c.reference, meetingId: input.meetingId });
    return { meetingId: input.meetingId };
  });
}
