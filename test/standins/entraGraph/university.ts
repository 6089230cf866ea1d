import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { Microsoft365Config } from '../../../graph-integration/config.ts';
import type { EntraGraphStandIn } from '../entraGraph.ts';

/** Harbour's app registration in the stand-in tenant, with the permissions docs/microsoft-365.md asks for. */
export const harbourApp = {
  clientId: 'c0ffee00-1111-4222-8333-444455556666',
  secret: 'stand-in-secret-value',
  roles: ['Mail.Send', 'Calendars.ReadWrite', 'MailboxSettings.Read', 'Place.Read.All', 'User.Read.All', 'GroupMember.Read.All'],
  redirectUris: ['https://harbour.example.ac.uk/auth/microsoft/callback'],
};

const london = { name: 'GMT Standard Time' };
const week = (timeZone: Record<string, unknown>, start = '09:00:00.0000000', end = '17:00:00.0000000') => ({
  daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
  startTime: start,
  endTime: end,
  timeZone,
});

/** A small university: a shared mailbox, case managers in London and New York, rooms on two campuses, a directory. */
export function seedUniversity(s: EntraGraphStandIn): void {
  s.registerApp({ ...harbourApp });
  s.addUser({ id: 'u-support', mail: 'harbour@uni.example', displayName: 'Harbour support service', kind: 'shared', mailboxSettings: { timeZone: 'GMT Standard Time', workingHours: week(london) } });
  s.addUser({ id: 'u-alex', mail: 'alex.morgan@uni.example', displayName: 'Alex Morgan', jobTitle: 'Case manager', department: 'Student Services', mailboxSettings: { timeZone: 'GMT Standard Time', workingHours: week(london) } });
  s.addUser({ id: 'u-sam', mail: 'sam.rivera@uni.example', displayName: 'Sam Rivera', jobTitle: 'Case manager', mailboxSettings: { timeZone: 'Eastern Standard Time', workingHours: week({ name: 'Eastern Standard Time' }) } });
  s.addUser({
    id: 'u-jo',
    mail: 'jo.busy@uni.example',
    displayName: 'Jo Busy',
    mailboxSettings: {
      timeZone: 'Europe/London',
      workingHours: week({ '@odata.type': '#microsoft.graph.customTimeZone', bias: 0, name: 'Customized Time Zone' }, '10:00:00.0000000', '12:00:00.0000000'),
    },
  });
  s.addUser({ id: 'u-priya', mail: 'priya.patel@uni.example', displayName: 'Priya Patel', jobTitle: 'Security manager', department: 'Security' });
  s.addUser({ id: 'u-prit', mail: 'pritam.shah@uni.example', displayName: 'Pritam Shah', department: 'HR' });
  s.addUser({ id: 'u-lee', mail: 'lee.chen@uni.example', displayName: 'Lee Chen', department: 'Student Conduct' });
  for (const [id, mail, name] of [
    ['r-a', 'room.willow@uni.example', 'Willow Room'],
    ['r-b', 'room.cedar@uni.example', 'Cedar Room'],
    ['r-c', 'room.harbour@uni.example', 'Quiet Room'],
    ['r-d', 'room.north@uni.example', 'North Room'],
  ] as const) {
    s.addUser({ id, mail, displayName: name, kind: 'room', mailboxSettings: { timeZone: 'GMT Standard Time' } });
  }
  s.state.roomDetails.set('room.willow@uni.example', { capacity: 4, building: 'Student Centre', floorNumber: 1, isWheelChairAccessible: true });
  s.state.roomDetails.set('room.cedar@uni.example', { capacity: '6', building: 'Student Centre', floorNumber: 2 });
  s.state.roomLists.push(
    { id: 'rl-1', displayName: 'City Campus', emailAddress: 'city.rooms@uni.example', rooms: ['room.willow@uni.example', 'room.cedar@uni.example', 'room.harbour@uni.example'] },
    { id: 'rl-2', displayName: 'North Campus', emailAddress: 'north.rooms@uni.example', rooms: ['room.north@uni.example'] },
  );
  s.state.groups.push(
    { id: 'g-cm', displayName: 'Harbour case managers', mail: 'harbour-cm@uni.example', members: ['u-alex', 'u-sam', 'g-leads'] },
    { id: 'g-leads', displayName: 'Harbour leads', members: ['u-jo', 'u-priya', 'u-prit'] },
    { id: 'g-sec', displayName: 'Campus security responders', members: ['u-priya'] },
  );
}

/** Harbour's Microsoft 365 settings pointing at the stand-in. */
export function configFor(s: EntraGraphStandIn, credential: Microsoft365Config['credential'] = { kind: 'secret', secret: harbourApp.secret }): Microsoft365Config {
  return {
    tenantId: s.tenantId,
    clientId: harbourApp.clientId,
    credential,
    authorityHost: s.authorityHost,
    graphUrl: s.graphUrl,
    mailSender: 'harbour@uni.example',
    redirectUri: harbourApp.redirectUris[0] as string,
    extraCaPem: s.caPem,
  };
}

/** A logger whose lines tests can read (to prove no address or name reached the logs). */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

/** A sleep that records what it was asked to wait and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}
