import assert from 'node:assert/strict';
import type { Database } from '../core/db/database.ts';
import { migrate } from '../core/db/migrate.ts';
import { openPglite } from '../core/db/pglite.ts';
import { OfficeError } from '../core/ports/officeError.ts';
import { createLocalOffice, readLocalOutbox, type Office } from './index.ts';

const at = (iso: string) => new Date(iso);
const hhmm = (d: Date) => d.toISOString().slice(11, 16);

describe('Local office adapters (the demo without Microsoft 365)', () => {
  let db: Database;
  let office: Office;
  let inst: string;
  let other: string;

  beforeEach(async () => {
    db = await openPglite('memory://');
    await migrate(db);
    inst = (await db.query<{ id: string }>(`INSERT INTO institutions (slug, name) VALUES ('demo', 'Demo University') RETURNING id`)).rows[0]!.id;
    other = (await db.query<{ id: string }>(`INSERT INTO institutions (slug, name) VALUES ('other', 'Other University') RETURNING id`)).rows[0]!.id;
    await db.query(`INSERT INTO staff (institution_id, email, display_name, entra_object_id) VALUES ($1, 'alex.morgan@demo.example', 'Alex Morgan', 'oid-alex'), ($1, 'lee.chen@demo.example', 'Lee Chen', NULL)`, [inst]);
    await db.query(`INSERT INTO staff (institution_id, email, display_name) VALUES ($1, 'alex.other@other.example', 'Alex Other')`, [other]);
    office = createLocalOffice(db, {
      rooms: [
        { id: 'willow', name: 'Willow Room', campus: 'City Campus', capacity: 4 },
        { id: 'north', name: 'North Room', campus: 'North Campus' },
      ],
      groups: [{ id: 'g1', displayName: 'Security responders', members: [{ id: 'p1', displayName: 'Priya Patel', email: 'priya@demo.example' }] }],
    });
  });
  afterEach(() => db.close());

  it('puts mail into the institution’s local outbox (sent_messages), one row per recipient', async () => {
    const sent = await office.mail.sendNewCaseNotice(['alex.morgan@demo.example', 'lee.chen@demo.example'], {
      institutionId: inst, reference: 'HR-2025-0001', kind: 'anonymous', category: 'Online abuse', link: 'http://localhost:3000/tab/cases/HR-2025-0001',
    });
    assert.deepEqual(sent, { to: ['alex.morgan@demo.example', 'lee.chen@demo.example'], channel: 'local' });
    const outbox = await readLocalOutbox(db, inst);
    assert.deepEqual(outbox.map((m) => m.recipient).sort(), ['alex.morgan@demo.example', 'lee.chen@demo.example']);
    assert.equal(outbox[0]!.subject, 'New case HR-2025-0001');
    assert.match(outbox[0]!.body, /Kind: Anonymous report\nCategory: Online abuse\n\nOpen it in Harbour: http:\/\/localhost:3000\/tab\/cases\/HR-2025-0001/);
    assert.deepEqual(await readLocalOutbox(db, other), [], 'row-level security keeps it to its institution');
    assert.equal(await office.mail.sendToReporter({ named: true, email: 'r@student.example', consentedToEmail: false }, { institutionId: inst, subject: 's', text: 't' }), null);
    assert.equal((await readLocalOutbox(db, inst)).length, 2);
  });

  it('offers 9–17 Monday to Friday in UK time across the clock change, minus meetings Harbour recorded', async () => {
    const staff = (await db.query<{ id: string }>(`SELECT id FROM staff WHERE email = 'alex.morgan@demo.example'`)).rows[0]!.id;
    const caseId = (await db.query<{ id: string }>(`INSERT INTO cases (institution_id, reference, kind) VALUES ($1, 'HR-2025-0002', 'adviser') RETURNING id`, [inst])).rows[0]!.id;
    await db.query(`INSERT INTO meetings (institution_id, case_id, staff_id, starts_at, ends_at, mode) VALUES ($1, $2, $3, '2025-03-31T08:00:00Z', '2025-03-31T10:00:00Z', 'teams')`, [inst, caseId, staff]);
    const { slots, weeks, problems } = await office.calendar.freeSlots({
      institutionId: inst, mailboxes: ['Alex.Morgan@demo.example'], from: at('2025-03-29T00:00:00Z'), workingDays: 1, durationMinutes: 60, stepMinutes: 60,
    });
    assert.deepEqual(problems, []);
    assert.equal(weeks[0]!.timeZone, 'Europe/London');
    assert.deepEqual(slots.map((x) => hhmm(x.start)), ['10:00', '11:00', '12:00', '13:00', '14:00', '15:00'], 'Monday 31 March in BST, 08:00–10:00 UTC taken');
  });

  it('books without a Teams link, counts its own bookings as busy, and forgets cancelled ones', async () => {
    const booked = await office.calendar.bookMeeting({
      institutionId: inst, organizer: 'alex.morgan@demo.example', start: at('2025-06-02T09:00:00Z'), end: at('2025-06-02T10:00:00Z'), mode: 'teams',
      attendees: [{ email: 'r@student.example', role: 'reporter', consented: true }], subject: 'Support meeting', body: '',
    });
    assert.match(booked.externalId, /^local-/);
    assert.equal(booked.joinUrl, undefined);
    assert.deepEqual(booked.invited, ['r@student.example']);
    const query = { institutionId: inst, mailboxes: ['alex.morgan@demo.example'], from: at('2025-06-02T00:00:00Z'), workingDays: 1, durationMinutes: 60, stepMinutes: 60 };
    assert.ok(!(await office.calendar.freeSlots(query)).slots.some((x) => hhmm(x.start) === '09:00'));
    await office.calendar.cancelMeeting({ institutionId: inst, organizer: 'alex.morgan@demo.example', externalId: booked.externalId });
    assert.ok((await office.calendar.freeSlots(query)).slots.some((x) => hhmm(x.start) === '09:00'));
    await assert.rejects(
      office.calendar.bookMeeting({ institutionId: inst, organizer: 'alex.morgan@demo.example', start: at('2025-06-02T09:00:00Z'), end: at('2025-06-02T10:00:00Z'), mode: 'in_person', attendees: [], subject: 'Support meeting', body: '' }),
      (err: unknown) => err instanceof OfficeError && err.reason === 'not_allowed',
    );
  });

  it('lists the demo rooms by campus and takes a booked room out of the free ones', async () => {
    assert.deepEqual((await office.rooms.listRooms({ institutionId: inst, campus: 'city campus' })).map((r) => r.name), ['Willow Room']);
    await office.calendar.bookMeeting({
      institutionId: inst, organizer: 'alex.morgan@demo.example', start: at('2025-06-02T09:00:00Z'), end: at('2025-06-02T10:00:00Z'), mode: 'in_person',
      room: { name: 'Willow Room' }, attendees: [], subject: 'Support meeting', body: '',
    });
    const free = await office.rooms.freeRooms({ institutionId: inst, start: at('2025-06-02T09:30:00Z'), end: at('2025-06-02T10:30:00Z') });
    assert.deepEqual(free.map((r) => r.name), ['North Room']);
  });

  it('finds people in the institution’s own staff list and the demo groups', async () => {
    const people = await office.directory.searchPeople({ institutionId: inst, query: 'alex' });
    assert.deepEqual(people, [{ id: 'oid-alex', displayName: 'Alex Morgan', email: 'alex.morgan@demo.example' }]);
    assert.deepEqual(await office.directory.searchPeople({ institutionId: inst, query: '%' }), []);
    assert.deepEqual((await office.directory.searchGroups({ institutionId: inst, query: 'secur' })).map((g) => g.id), ['g1']);
    assert.deepEqual((await office.directory.groupMembers({ institutionId: inst, groupId: 'g1' })).map((p) => p.displayName), ['Priya Patel']);
  });
});
