import { randomBytes } from 'node:crypto';
import {
  demand,
  graphError,
  ok,
  preferredZone,
  readDateTimeTimeZone,
  requireJson,
  writeDateTimeTimeZone,
  type GraphRequest,
  type GraphResponse,
  type StandInEvent,
  type StandInUser,
} from './shared.ts';
import { findUser, isResponse, mailboxFor, permitted, type TenantState } from './state.ts';

const eventKeys = new Set([
  'subject', 'body', 'start', 'end', 'location', 'locations', 'attendees', 'isOnlineMeeting', 'onlineMeetingProvider', 'sensitivity', 'showAs',
  'allowNewTimeProposals', 'isReminderOn', 'reminderMinutesBeforeStart', 'transactionId', 'importance', 'categories', 'responseRequested', 'hideAttendees', 'isAllDay',
]);
const calendarRead = ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'];
const calendarWrite = ['Calendars.ReadWrite'];
const overlaps = (e: { start: Date; end: Date }, s: Date, t: Date) => e.start < t && e.end > s;

/** GET /users/{id}/mailboxSettings */
export function mailboxSettings(st: TenantState, req: GraphRequest): GraphResponse {
  const denied = permitted(req, ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'], ['MailboxSettings.Read', 'MailboxSettings.ReadWrite']);
  if (denied) return denied;
  const user = mailboxFor(st, req);
  if (isResponse(user)) return user;
  const settings = user.mailboxSettings ?? { timeZone: 'GMT Standard Time' };
  return ok({
    '@odata.context': `${req.base}/$metadata#users('${user.id}')/mailboxSettings`,
    automaticRepliesSetting: { status: 'disabled', externalAudience: 'none' },
    language: { locale: 'en-GB', displayName: 'English (United Kingdom)' },
    dateFormat: 'dd/MM/yyyy',
    timeFormat: 'HH:mm',
    userPurpose: { value: user.kind === 'room' ? 'room' : user.kind === 'shared' ? 'shared' : 'user' },
    ...settings,
  });
}

/** POST /users/{id}/calendar/getSchedule */
export function getSchedule(st: TenantState, req: GraphRequest): GraphResponse {
  const denied = permitted(req, calendarRead, calendarRead);
  if (denied) return denied;
  const caller = mailboxFor(st, req);
  if (isResponse(caller)) return caller;
  const body = requireJson(req);
  for (const key of Object.keys(body)) demand(['schedules', 'startTime', 'endTime', 'availabilityViewInterval'].includes(key), `getSchedule has no parameter ${key}`);
  demand(Array.isArray(body.schedules) && body.schedules.length > 0 && body.schedules.every((s) => typeof s === 'string' && s.includes('@')), 'schedules must be a non-empty collection of SMTP addresses');
  const start = readDateTimeTimeZone(body.startTime, 'startTime').instant;
  const end = readDateTimeTimeZone(body.endTime, 'endTime').instant;
  demand(end > start, 'endTime must be after startTime');
  const interval = body.availabilityViewInterval ?? 30;
  demand(Number.isInteger(interval) && (interval as number) >= 5 && (interval as number) <= 1440, 'availabilityViewInterval must be an Int32 between 5 and 1440');
  const zone = preferredZone(req.headers);
  const value = (body.schedules as string[]).map((address) => {
    const user = findUser(st, address);
    if (!user) return { scheduleId: address, error: { message: `The mailbox ${address} was not found.`, responseCode: 'ErrorMailRecipientNotFound' } };
    const items = st.events.filter((e) => e.mailbox === user.mail.toLowerCase() && !e.isCancelled && e.showAs !== 'free' && overlaps(e, start, end));
    return {
      scheduleId: address,
      availabilityView: availabilityView(items, start, end, interval as number),
      scheduleItems: items.map((e) => ({
        isPrivate: e.sensitivity === 'private',
        status: e.showAs,
        ...(e.sensitivity === 'private' ? {} : { subject: e.subject, location: String(e.location?.displayName ?? '') }),
        start: writeDateTimeTimeZone(e.start, zone),
        end: writeDateTimeTimeZone(e.end, zone),
      })),
      ...(user.mailboxSettings?.workingHours ? { workingHours: user.mailboxSettings.workingHours } : {}),
    };
  });
  return ok({ '@odata.context': `${req.base}/$metadata#Collection(microsoft.graph.scheduleInformation)`, value });
}

function availabilityView(items: StandInEvent[], start: Date, end: Date, minutes: number): string {
  const rank: Record<string, number> = { tentative: 1, busy: 2, oof: 3, workingElsewhere: 0 };
  let view = '';
  for (let t = start.getTime(); t < end.getTime(); t += minutes * 60_000) {
    const slotEnd = new Date(t + minutes * 60_000);
    view += String(Math.max(0, ...items.filter((e) => overlaps(e, new Date(t), slotEnd)).map((e) => rank[e.showAs] ?? 2)));
  }
  return view;
}

/** Checks an event body (create or update) field by field as the event resource documents it. */
function readEvent(body: Record<string, unknown>, creating: boolean): Partial<StandInEvent> & { startZone?: string } {
  for (const key of Object.keys(body)) demand(eventKeys.has(key), `event has no writable property ${key}`);
  const out: Partial<StandInEvent> & { startZone?: string } = {};
  if (creating || body.start !== undefined) {
    const s = readDateTimeTimeZone(body.start, 'start');
    out.start = s.instant;
    out.startZone = s.name;
  }
  if (creating || body.end !== undefined) out.end = readDateTimeTimeZone(body.end, 'end').instant;
  if (body.subject !== undefined) demand(typeof body.subject === 'string', 'subject must be a string');
  if (body.body !== undefined) {
    const b = body.body as { contentType?: unknown; content?: unknown };
    demand(typeof b === 'object' && /^(text|html)$/i.test(String(b.contentType)) && typeof b.content === 'string', 'body must be an itemBody {contentType: text|html, content}');
    out.body = { contentType: String(b.contentType).toLowerCase(), content: b.content as string };
  }
  if (body.attendees !== undefined) {
    demand(Array.isArray(body.attendees), 'attendees must be a collection');
    for (const a of body.attendees as Array<Record<string, unknown>>) {
      const email = a.emailAddress as { address?: unknown } | undefined;
      demand(email && typeof email.address === 'string' && /^[^\s@]+@[^\s@]+$/.test(email.address), 'each attendee needs emailAddress.address');
      demand(a.type === undefined || ['required', 'optional', 'resource'].includes(String(a.type)), `attendee type must be required, optional or resource, got ${String(a.type)}`);
    }
    out.attendees = body.attendees as StandInEvent['attendees'];
  }
  if (body.location !== undefined) {
    demand(typeof (body.location as { displayName?: unknown }).displayName === 'string', 'location needs a displayName');
    out.location = body.location as Record<string, unknown>;
  }
  if (body.isOnlineMeeting !== undefined) demand(typeof body.isOnlineMeeting === 'boolean', 'isOnlineMeeting must be a boolean');
  if (body.onlineMeetingProvider !== undefined) {
    demand(['teamsForBusiness', 'skypeForBusiness', 'skypeForConsumer', 'unknown'].includes(String(body.onlineMeetingProvider)), 'onlineMeetingProvider is not an onlineMeetingProviderType');
  }
  if (body.sensitivity !== undefined) demand(['normal', 'personal', 'private', 'confidential'].includes(String(body.sensitivity)), 'sensitivity is not a sensitivity value');
  if (body.showAs !== undefined) demand(['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'].includes(String(body.showAs)), 'showAs is not a freeBusyStatus');
  if (body.transactionId !== undefined) demand(typeof body.transactionId === 'string', 'transactionId must be a string');
  return out;
}

function present(req: GraphRequest, e: StandInEvent, organizer: StandInUser): Record<string, unknown> {
  const zone = req.headers.prefer ? preferredZone(req.headers) : e.originalStartTimeZone;
  return {
    '@odata.context': `${req.base}/$metadata#users('${organizer.id}')/events/$entity`,
    '@odata.etag': `W/"${e.id.slice(0, 12)}"`,
    id: e.id,
    subject: e.subject,
    bodyPreview: e.body.content.slice(0, 255),
    body: e.body,
    start: writeDateTimeTimeZone(e.start, zone),
    end: writeDateTimeTimeZone(e.end, zone),
    originalStartTimeZone: e.originalStartTimeZone,
    isCancelled: e.isCancelled,
    isOrganizer: true,
    sensitivity: e.sensitivity,
    showAs: e.showAs,
    type: 'singleInstance',
    isOnlineMeeting: e.isOnlineMeeting,
    onlineMeetingProvider: e.onlineMeetingProvider ?? 'unknown',
    onlineMeeting: e.joinUrl ? { joinUrl: e.joinUrl } : null,
    location: e.location ?? { displayName: '', locationType: 'default' },
    attendees: e.attendees.map((a) => ({ ...a, type: a.type ?? 'required', status: { response: 'none', time: '0001-01-01T00:00:00Z' } })),
    organizer: { emailAddress: { name: organizer.displayName, address: organizer.mail } },
    transactionId: e.transactionId ?? null,
  };
}

/** POST /users/{id}/events and /users/{id}/calendar/events */
export function createEvent(st: TenantState, req: GraphRequest): GraphResponse {
  const denied = permitted(req, calendarWrite, calendarWrite);
  if (denied) return denied;
  const owner = mailboxFor(st, req);
  if (isResponse(owner)) return owner;
  const body = requireJson(req);
  const fields = readEvent(body, true);
  demand(fields.end! > fields.start!, 'end must be after start');
  const mailbox = owner.mail.toLowerCase();
  const again = typeof body.transactionId !== 'string' ? undefined : st.events.find((e) => e.mailbox === mailbox && e.transactionId === body.transactionId);
  if (again) return ok(present(req, again, owner), 201);
  if (body.isOnlineMeeting === true && body.onlineMeetingProvider !== undefined && body.onlineMeetingProvider !== 'teamsForBusiness') {
    return graphError(400, 'ErrorInvalidRequest', 'The online meeting provider is not allowed for this calendar.');
  }
  const id = `AAMkAD${randomBytes(24).toString('base64url')}=`;
  const event: StandInEvent = {
    id,
    mailbox,
    organizer: mailbox,
    subject: String(body.subject ?? ''),
    body: fields.body ?? { contentType: 'html', content: '' },
    start: fields.start!,
    end: fields.end!,
    originalStartTimeZone: fields.startZone ?? 'UTC',
    showAs: String(body.showAs ?? 'busy'),
    sensitivity: String(body.sensitivity ?? 'normal'),
    isOnlineMeeting: body.isOnlineMeeting === true,
    onlineMeetingProvider: body.isOnlineMeeting === true ? 'teamsForBusiness' : undefined,
    joinUrl: body.isOnlineMeeting === true ? `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${randomBytes(18).toString('base64url')}%40thread.v2/0` : undefined,
    location: fields.location,
    attendees: fields.attendees ?? [],
    transactionId: body.transactionId as string | undefined,
    isCancelled: false,
    received: body,
  };
  st.events.push(event, ...resourceCopies(st, event));
  return ok(present(req, event, owner), 201);
}

/** Rooms invited as resources accept and hold the slot in their own calendars. */
function resourceCopies(st: TenantState, e: StandInEvent): StandInEvent[] {
  return e.attendees
    .filter((a) => a.type === 'resource' && findUser(st, a.emailAddress.address)?.kind === 'room')
    .map((a) => ({ ...e, id: `${e.id}-room-${a.emailAddress.address}`, mailbox: a.emailAddress.address.toLowerCase(), transactionId: undefined }));
}

function ownEvent(st: TenantState, req: GraphRequest, owner: StandInUser): StandInEvent | GraphResponse {
  const event = st.events.find((e) => e.id === req.segments[3] && e.mailbox === owner.mail.toLowerCase());
  return event ?? graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
}

/** GET and PATCH /users/{id}/events/{id} */
export function eventItem(st: TenantState, req: GraphRequest): GraphResponse {
  const denied = permitted(req, req.method === 'GET' ? calendarRead.slice(1) : calendarWrite, req.method === 'GET' ? calendarRead.slice(1) : calendarWrite);
  if (denied) return denied;
  const owner = mailboxFor(st, req);
  if (isResponse(owner)) return owner;
  const event = ownEvent(st, req, owner);
  if (isResponse(event)) return event;
  if (req.method === 'GET') return ok(present(req, event, owner));
  demand(req.method === 'PATCH', `${req.method} is not supported on an event here`);
  const body = requireJson(req);
  const fields = readEvent(body, false);
  const { startZone, ...changes } = fields;
  Object.assign(event, changes, body.subject !== undefined ? { subject: body.subject } : {}, startZone ? { originalStartTimeZone: startZone } : {});
  demand(event.end > event.start, 'end must be after start');
  st.events = st.events.filter((e) => !e.id.startsWith(`${event.id}-room-`));
  st.events.push(...resourceCopies(st, event));
  return ok(present(req, event, owner));
}

/** POST /users/{id}/events/{id}/cancel: organiser only, 202, the event leaves the calendar. */
export function cancelEvent(st: TenantState, req: GraphRequest): GraphResponse {
  const denied = permitted(req, calendarWrite, calendarWrite);
  if (denied) return denied;
  const owner = mailboxFor(st, req);
  if (isResponse(owner)) return owner;
  const body = requireJson(req);
  for (const key of Object.keys(body)) demand(key.toLowerCase() === 'comment', `cancel takes only a comment, got ${key}`);
  const event = ownEvent(st, req, owner);
  if (isResponse(event)) return event;
  if (event.organizer !== owner.mail.toLowerCase()) {
    return graphError(400, 'ErrorInvalidRequest', "Your request can't be completed. You need to be an organizer to cancel a meeting.");
  }
  event.isCancelled = true;
  st.cancelled.push(event);
  st.events = st.events.filter((e) => e !== event && !e.id.startsWith(`${event.id}-room-`));
  return { status: 202 };
}

/** POST /users/{id}/sendMail: JSON message, 202 with no body. */
export function sendMail(st: TenantState, req: GraphRequest): GraphResponse {
  const denied = permitted(req, ['Mail.Send'], ['Mail.Send']);
  if (denied) return denied;
  const sender = mailboxFor(st, req);
  if (isResponse(sender)) return sender;
  const body = requireJson(req);
  for (const key of Object.keys(body)) demand(['message', 'saveToSentItems'].includes(key), `sendMail has no parameter ${key}`);
  const m = body.message as Record<string, unknown> | undefined;
  demand(m && typeof m === 'object', 'sendMail needs a message');
  demand(typeof m.subject === 'string', 'message.subject must be a string');
  const b = m.body as { contentType?: unknown; content?: unknown } | undefined;
  demand(b && /^(text|html)$/i.test(String(b.contentType)) && typeof b.content === 'string', 'message.body must be an itemBody {contentType: Text|HTML, content}');
  for (const field of ['toRecipients', 'ccRecipients', 'bccRecipients']) {
    const list = m[field];
    if (list === undefined && field !== 'toRecipients') continue;
    demand(Array.isArray(list) && (field !== 'toRecipients' || list.length > 0), `message.${field} must be a collection of recipients`);
    for (const r of list as Array<{ emailAddress?: { address?: unknown } }>) demand(typeof r.emailAddress?.address === 'string', `each of message.${field} needs emailAddress.address`);
  }
  if (body.saveToSentItems !== undefined) demand(typeof body.saveToSentItems === 'boolean', 'saveToSentItems must be a boolean');
  st.sentMail.push({ from: sender.mail, message: m, saveToSentItems: body.saveToSentItems !== false });
  return { status: 202 };
}
