import assert from 'node:assert/strict';
import { computeFreeSlots, defaultWeek, workingWindows } from './slots.ts';
import { fromGraphDateTime, ianaZone, toGraphDateTime } from './timeZones.ts';
import { assertNeutralSubject, newCaseMessage, reporterAddress } from './mailContent.ts';
import { readMicrosoft365Config } from './config.ts';

const iso = (d: Date) => d.toISOString();

describe('Working hours, slots and time zones', () => {
  it('computes each day’s window in the mailbox’s zone across both clock changes', () => {
    const spring = workingWindows(defaultWeek('a@x'), new Date('2025-03-28T00:00:00Z'), 2);
    assert.deepEqual(spring.map((w) => [iso(w.start), iso(w.end)]), [
      ['2025-03-28T09:00:00.000Z', '2025-03-28T17:00:00.000Z'],
      ['2025-03-31T08:00:00.000Z', '2025-03-31T16:00:00.000Z'],
    ]);
    const ny = workingWindows({ ...defaultWeek('b@x'), timeZone: 'America/New_York' }, new Date('2025-11-01T00:00:00Z'), 2);
    assert.deepEqual(ny.map((w) => iso(w.start)), ['2025-11-03T14:00:00.000Z', '2025-11-04T14:00:00.000Z'], 'EST after 2 November');
  });

  it('skips a working day already over and counts only days with time left', () => {
    const late = workingWindows(defaultWeek('a@x'), new Date('2025-06-06T17:30:00Z'), 1);
    assert.equal(iso(late[0]!.start), '2025-06-09T08:00:00.000Z', 'Friday evening → Monday');
  });

  it('lists who is free for each slot and leaves out busy ones', () => {
    const from = new Date('2025-06-02T00:00:00Z');
    const slots = computeFreeSlots(
      [
        { week: defaultWeek('a@x'), busy: [{ start: new Date('2025-06-02T08:30:00Z'), end: new Date('2025-06-02T09:00:00Z') }] },
        { week: { ...defaultWeek('b@x'), start: '10:00', end: '11:00' }, busy: [] },
      ],
      { from, workingDays: 1, durationMinutes: 30, stepMinutes: 30 },
    );
    assert.equal(iso(slots[0]!.start), '2025-06-02T08:00:00.000Z');
    assert.ok(!slots.some((x) => iso(x.start) === '2025-06-02T08:30:00.000Z'));
    assert.deepEqual(slots.find((x) => iso(x.start) === '2025-06-02T09:00:00.000Z')!.mailboxes, ['a@x', 'b@x']);
    assert.throws(() => computeFreeSlots([], { from, workingDays: 1, durationMinutes: 0 }));
  });

  it('maps Windows and IANA zone names and writes Graph date-times without offsets', () => {
    assert.equal(ianaZone('GMT Standard Time'), 'Europe/London');
    assert.equal(ianaZone('W. Europe Standard Time'), 'Europe/Berlin');
    assert.equal(ianaZone('Asia/Tokyo'), 'Asia/Tokyo');
    assert.equal(ianaZone('Customized Time Zone'), null);
    assert.deepEqual(toGraphDateTime(new Date('2025-03-30T00:30:00Z'), 'Europe/London'), { dateTime: '2025-03-30T00:30:00', timeZone: 'Europe/London' });
    assert.deepEqual(toGraphDateTime(new Date('2025-03-30T01:30:00Z'), 'Europe/London'), { dateTime: '2025-03-30T02:30:00', timeZone: 'Europe/London' });
    assert.equal(iso(fromGraphDateTime({ dateTime: '2025-10-26T01:30:00.0000000', timeZone: 'UTC' })), '2025-10-26T01:30:00.000Z');
    assert.equal(iso(fromGraphDateTime({ dateTime: '2019-03-15T12:00:00.0000000', timeZone: 'Pacific Standard Time' })), '2019-03-15T19:00:00.000Z');
  });
});

describe('What mail and meetings may say', () => {
  it('builds a new-case notice from the permitted facts only', () => {
    const m = newCaseMessage({ institutionId: 'i', reference: 'HR-1', kind: 'named_record', category: 'Hate incident <race>', link: 'https://h.example/c/1' });
    assert.equal(m.subject, 'New case HR-1');
    assert.ok(m.html.includes('Hate incident &lt;race&gt;'));
    assert.ok(!m.text.includes('Campus'), 'absent facts leave no empty line');
    assert.throws(() => newCaseMessage({ institutionId: 'i', reference: 'HR-1', kind: 'anonymous', category: 'x', link: 'javascript:alert(1)' }));
  });

  it('needs a name, an address and consent before writing to a reporter', () => {
    assert.equal(reporterAddress({ named: true, email: ' r@s.example ', consentedToEmail: true }), 'r@s.example');
    assert.equal(reporterAddress({ named: true, email: 'not an address', consentedToEmail: true }), null);
    assert.equal(reporterAddress({ named: false, email: 'r@s.example', consentedToEmail: true }), null);
  });

  it('refuses meeting titles that name an attendee', () => {
    const robin = { email: 'robin.hart@student.example', name: 'Robin Hart', role: 'reporter' as const, consented: true };
    assert.doesNotThrow(() => assertNeutralSubject('Support meeting (HR-2025-0042)', [robin]));
    for (const subject of ['Meeting with Robin', 'HART follow-up', 'robin.hart@student.example', 'Call robin.hart']) assert.throws(() => assertNeutralSubject(subject, [robin]), subject);
  });
});

describe('Microsoft 365 settings from the environment', () => {
  const base = { MICROSOFT_TENANT_ID: 't', MICROSOFT_CLIENT_ID: 'c', MICROSOFT_CLIENT_SECRET: 's', MAIL_SENDER: 'harbour@uni.example', PUBLIC_URL: 'https://harbour.uni.example' };
  it('is off when nothing is set, and complete with defaults when it is', () => {
    assert.equal(readMicrosoft365Config({}), null);
    assert.deepEqual(readMicrosoft365Config(base), {
      tenantId: 't', clientId: 'c', credential: { kind: 'secret', secret: 's' }, authorityHost: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com',
      mailSender: 'harbour@uni.example', redirectUri: 'https://harbour.uni.example/auth/microsoft/callback',
    });
  });
  it('names the variable that is missing or wrong', () => {
    assert.throws(() => readMicrosoft365Config({ ...base, MICROSOFT_TENANT_ID: '' }), /MICROSOFT_TENANT_ID/);
    assert.throws(() => readMicrosoft365Config({ ...base, MICROSOFT_CLIENT_SECRET: undefined }), /MICROSOFT_CLIENT_SECRET or MICROSOFT_CLIENT_CERTIFICATE/);
    assert.throws(() => readMicrosoft365Config({ ...base, MAIL_SENDER: 'harbour' }), /MAIL_SENDER/);
    assert.throws(() => readMicrosoft365Config({ ...base, MICROSOFT_AUTHORITY_HOST: 'http://127.0.0.1:8080' }), /MICROSOFT_AUTHORITY_HOST must be an https/);
    assert.throws(() => readMicrosoft365Config({ ...base, MICROSOFT_CLIENT_CERTIFICATE: '/nonexistent.pem', MICROSOFT_CLIENT_SECRET: undefined }), /MICROSOFT_CLIENT_CERTIFICATE names a file/);
  });
});
