import assert from 'node:assert/strict';
import { startEntraGraph, type EntraGraphStandIn } from '../test/standins/entraGraph.ts';
import { capturedLogger, configFor, recordingSleep, seedUniversity } from '../test/standins/entraGraph/university.ts';
import { OfficeError } from '../core/ports/officeError.ts';
import { createMicrosoft365, type Office } from './index.ts';

const inst = '00000000-0000-4000-8000-000000000001';
const at = (iso: string) => new Date(iso);
const hhmm = (d: Date) => d.toISOString().slice(11, 16);

describe('Graph calendar adapter against the Entra + Graph stand-in', () => {
  let s: EntraGraphStandIn;
  let office: Office;
  let lines: string[];

  beforeEach(async () => {
    s = await startEntraGraph();
    seedUniversity(s);
    const log = capturedLogger();
    lines = log.lines;
    office = createMicrosoft365(configFor(s), log.logger, { sleep: recordingSleep().sleep });
  });
  afterEach(async () => {
    assert.deepEqual(s.violations, [], 'every request matched Microsoft’s documentation');
    assert.ok(!lines.some((l) => /@uni\.example|Alex Morgan|Sam Rivera/.test(l)), 'no address or name in the logs');
    await s.close();
  });

  it('keeps local working hours across the spring clock change (London)', async () => {
    const { slots, weeks, problems } = await office.calendar.freeSlots({
      institutionId: inst, mailboxes: ['alex.morgan@uni.example'], from: at('2025-03-28T00:00:00Z'), workingDays: 2, durationMinutes: 60, stepMinutes: 60,
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(weeks[0], { mailbox: 'alex.morgan@uni.example', timeZone: 'Europe/London', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' });
    const friday = slots.filter((x) => x.start.toISOString().startsWith('2025-03-28'));
    const monday = slots.filter((x) => x.start.toISOString().startsWith('2025-03-31'));
    assert.equal(friday.length, 8);
    assert.equal(monday.length, 8);
    assert.equal(hhmm(friday[0]!.start), '09:00', 'GMT: 09:00 local is 09:00 UTC');
    assert.equal(hhmm(monday[0]!.start), '08:00', 'BST: 09:00 local is 08:00 UTC');
    assert.equal(hhmm(monday.at(-1)!.end), '16:00');
    const call = s.graphRequests().find((r) => r.path.endsWith('/calendar/getSchedule'))!;
    const body = JSON.parse(call.body);
    assert.equal(call.headers.prefer, 'outlook.timezone="UTC"');
    assert.equal(body.startTime.timeZone, 'UTC');
    assert.match(body.startTime.dateTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    assert.deepEqual(body.schedules, ['alex.morgan@uni.example']);
  });

  it('keeps local working hours across the autumn clock change', async () => {
    const { slots } = await office.calendar.freeSlots({
      institutionId: inst, mailboxes: ['alex.morgan@uni.example'], from: at('2025-10-24T12:30:00Z'), workingDays: 2, durationMinutes: 30,
    });
    assert.equal(hhmm(slots[0]!.start), '12:30', 'nothing before `from`');
    const monday = slots.filter((x) => x.start.toISOString().startsWith('2025-10-27'));
    assert.equal(hhmm(monday[0]!.start), '09:00', 'back on GMT');
    assert.equal(monday.length, 16);
  });

  it('honours a mailbox in another time zone and says who is free when', async () => {
    const { slots, weeks } = await office.calendar.freeSlots({
      institutionId: inst, mailboxes: ['alex.morgan@uni.example', 'sam.rivera@uni.example'], from: at('2025-06-02T00:00:00Z'), workingDays: 1, durationMinutes: 60, stepMinutes: 60,
    });
    assert.equal(weeks.find((w) => w.mailbox.startsWith('sam'))?.timeZone, 'America/New_York');
    const sam = slots.filter((x) => x.mailboxes.includes('sam.rivera@uni.example'));
    assert.equal(hhmm(sam[0]!.start), '13:00', '09:00 EDT');
    assert.equal(hhmm(sam.at(-1)!.end), '21:00', '17:00 EDT');
    const both = slots.filter((x) => x.mailboxes.length === 2).map((x) => hhmm(x.start));
    assert.deepEqual(both, ['13:00', '14:00', '15:00'], 'London 08:00–16:00 UTC meets New York 13:00–21:00 UTC');
    const batch = s.graphRequests().find((r) => r.path === '/v1.0/$batch')!;
    assert.equal(JSON.parse(batch.body).requests.length, 2, 'one $batch for both mailboxes’ settings');
    assert.equal(s.graphRequests().filter((r) => !r.batched).length, 2, 'two HTTP calls in all');
  });

  it('offers nothing for a full calendar, and uses the mailbox zone when working hours are in a custom zone', async () => {
    s.addEvent('jo.busy@uni.example', { start: at('2025-06-02T08:00:00Z'), end: at('2025-06-03T17:00:00Z') });
    s.addEvent('jo.busy@uni.example', { start: at('2025-06-04T09:00:00Z'), end: at('2025-06-04T11:00:00Z'), showAs: 'tentative' });
    const { slots, weeks, problems } = await office.calendar.freeSlots({
      institutionId: inst, mailboxes: ['jo.busy@uni.example'], from: at('2025-06-02T00:00:00Z'), workingDays: 3, durationMinutes: 45,
    });
    assert.deepEqual(slots, []);
    assert.deepEqual(problems, []);
    assert.deepEqual(weeks[0], { mailbox: 'jo.busy@uni.example', timeZone: 'Europe/London', days: [1, 2, 3, 4, 5], start: '10:00', end: '12:00' });
  });

  it('says plainly when a calendar is not shared with Harbour, and still answers for the others', async () => {
    s.state.accessPolicy = new Set(['harbour@uni.example', 'alex.morgan@uni.example']);
    const { slots, problems } = await office.calendar.freeSlots({
      institutionId: inst, mailboxes: ['alex.morgan@uni.example', 'sam.rivera@uni.example', 'nobody@uni.example'], from: at('2025-06-02T00:00:00Z'), workingDays: 1, durationMinutes: 60,
    });
    assert.ok(slots.length > 0 && slots.every((x) => x.mailboxes.join() === 'alex.morgan@uni.example'));
    assert.match(problems.find((p) => p.mailbox.startsWith('sam'))!.message, /calendar of sam\.rivera@uni\.example is not shared with Harbour/);
    assert.match(problems.find((p) => p.mailbox.startsWith('nobody'))!.message, /not found in Microsoft 365/);
  });

  it('books a private Teams meeting with the consenting reporter, and the slot is then taken', async () => {
    const booked = await office.calendar.bookMeeting({
      institutionId: inst, organizer: 'alex.morgan@uni.example', start: at('2025-03-31T08:00:00Z'), end: at('2025-03-31T09:00:00Z'), mode: 'teams',
      attendees: [{ email: 'reporter@student.example', name: 'Robin Reporter', role: 'reporter', consented: true }],
      subject: 'Support meeting (HR-2025-0042)', body: 'A support meeting with your case manager.',
    });
    assert.match(booked.joinUrl ?? '', /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    assert.deepEqual(booked.invited, ['reporter@student.example']);
    const event = s.state.events.find((e) => e.id === booked.externalId)!;
    assert.equal(event.received.isOnlineMeeting, true);
    assert.equal(event.received.onlineMeetingProvider, 'teamsForBusiness');
    assert.equal(event.received.sensitivity, 'private');
    assert.deepEqual(event.received.start, { dateTime: '2025-03-31T08:00:00', timeZone: 'UTC' });
    assert.equal(typeof event.received.transactionId, 'string');
    const { slots } = await office.calendar.freeSlots({
      institutionId: inst, mailboxes: ['alex.morgan@uni.example'], from: at('2025-03-31T00:00:00Z'), workingDays: 1, durationMinutes: 60, stepMinutes: 60,
    });
    assert.equal(hhmm(slots[0]!.start), '09:00', 'the 08:00 UTC slot is taken');
  });

  it('leaves out a reporter who did not consent, and refuses a title that names someone', async () => {
    const reporter = { email: 'robin@student.example', name: 'Robin Reporter', role: 'reporter' as const, consented: false };
    const booked = await office.calendar.bookMeeting({
      institutionId: inst, organizer: 'alex.morgan@uni.example', start: at('2025-06-02T10:00:00Z'), end: at('2025-06-02T10:30:00Z'), mode: 'phone',
      attendees: [reporter], subject: 'Support call', body: 'Phone call with your case manager.',
    });
    assert.deepEqual(booked.invited, []);
    const event = s.state.events.find((e) => e.id === booked.externalId)!;
    assert.deepEqual(event.attendees, []);
    assert.equal((event.location as { displayName: string }).displayName, 'Phone call');
    assert.equal(event.isOnlineMeeting, false);
    const before = s.graphRequests().length;
    await assert.rejects(
      office.calendar.bookMeeting({ institutionId: inst, organizer: 'alex.morgan@uni.example', start: at('2025-06-02T11:00:00Z'), end: at('2025-06-02T11:30:00Z'), mode: 'teams', attendees: [reporter], subject: 'Meeting with Robin', body: '' }),
      (err: unknown) => err instanceof OfficeError && err.reason === 'not_allowed' && /must not name anyone/.test(err.message),
    );
    assert.equal(s.graphRequests().length, before, 'nothing was sent');
  });

  it('books a room for an in-person meeting, moves it, and cancels it', async () => {
    const room = { email: 'room.willow@uni.example', name: 'Willow Room' };
    const booked = await office.calendar.bookMeeting({
      institutionId: inst, organizer: 'alex.morgan@uni.example', start: at('2025-06-03T13:00:00Z'), end: at('2025-06-03T14:00:00Z'), mode: 'in_person', room,
      attendees: [], subject: 'Support meeting', body: 'Meet at the Student Centre.',
    });
    assert.equal(booked.joinUrl, undefined);
    const free = await office.rooms.freeRooms({ institutionId: inst, campus: 'City Campus', start: at('2025-06-03T13:30:00Z'), end: at('2025-06-03T14:30:00Z') });
    assert.deepEqual(free.map((r) => r.name), ['Cedar Room', 'Quiet Room']);

    await office.calendar.updateMeeting({ institutionId: inst, organizer: 'alex.morgan@uni.example', externalId: booked.externalId, start: at('2025-06-04T13:00:00Z'), end: at('2025-06-04T14:00:00Z') });
    assert.equal(s.state.events.find((e) => e.id === booked.externalId)!.start.toISOString(), '2025-06-04T13:00:00.000Z');

    await office.calendar.cancelMeeting({ institutionId: inst, organizer: 'alex.morgan@uni.example', externalId: booked.externalId, comment: 'We will find another time.' });
    assert.equal(s.state.cancelled[0]?.id, booked.externalId);
    assert.ok(!s.state.events.some((e) => e.id.startsWith(booked.externalId)), 'gone from the organiser’s and the room’s calendars');
    const cancel = s.graphRequests().find((r) => r.path.endsWith('/cancel'))!;
    assert.deepEqual(JSON.parse(cancel.body), { comment: 'We will find another time.' });
    const again = await office.rooms.freeRooms({ institutionId: inst, campus: 'City Campus', start: at('2025-06-04T13:00:00Z'), end: at('2025-06-04T14:00:00Z') });
    assert.equal(again.length, 3);
    await office.calendar.cancelMeeting({ institutionId: inst, organizer: 'alex.morgan@uni.example', externalId: booked.externalId });
  });

  it('explains a refused booking in a case manager’s words', async () => {
    s.state.accessPolicy = new Set(['harbour@uni.example']);
    await assert.rejects(
      office.calendar.bookMeeting({ institutionId: inst, organizer: 'sam.rivera@uni.example', start: at('2025-06-02T14:00:00Z'), end: at('2025-06-02T15:00:00Z'), mode: 'teams', attendees: [], subject: 'Support meeting', body: '' }),
      (err: unknown) => err instanceof OfficeError && err.reason === 'not_shared' && err.message.startsWith('The calendar of sam.rivera@uni.example is not shared with Harbour') && err.details.code === 'ErrorAccessDenied',
    );
  });
});
