import assert from 'node:assert/strict';
import { startEntraGraph, type EntraGraphStandIn } from '../test/standins/entraGraph.ts';
import { capturedLogger, configFor, recordingSleep, seedUniversity } from '../test/standins/entraGraph/university.ts';
import { OfficeError } from '../core/ports/officeError.ts';
import { retryAfterMs } from './gateway.ts';
import { pathForLog } from './graphErrors.ts';
import { createMicrosoft365, type Office } from './index.ts';

const inst = '00000000-0000-4000-8000-000000000001';
const query = { institutionId: inst, mailboxes: ['alex.morgan@uni.example'], from: new Date('2025-06-02T00:00:00Z'), workingDays: 1, durationMinutes: 60 };

describe('Graph gateway: throttling, batches, paging, errors', () => {
  let s: EntraGraphStandIn;
  let office: Office;
  let waits: number[];

  beforeEach(async () => {
    s = await startEntraGraph({ pageSize: 2 });
    seedUniversity(s);
    const clock = recordingSleep();
    waits = clock.waits;
    office = createMicrosoft365(configFor(s), capturedLogger().logger, { sleep: clock.sleep });
  });
  afterEach(async () => {
    assert.deepEqual(s.violations, []);
    await s.close();
  });

  it('waits as long as a 429’s Retry-After says, then succeeds', async () => {
    s.throttle({ path: /getSchedule$/, status: 429, retryAfter: 7, times: 1 });
    const { slots } = await office.calendar.freeSlots(query);
    assert.ok(slots.length > 0);
    assert.deepEqual(waits, [7000]);
    assert.equal(s.graphRequests().filter((r) => r.path.endsWith('getSchedule')).length, 2);
  });

  it('backs off exponentially on 503 without Retry-After', async () => {
    s.throttle({ path: /getSchedule$/, status: 503, times: 2 });
    await office.calendar.freeSlots(query);
    assert.equal(waits.length, 2);
    assert.ok(waits[0]! >= 1000 && waits[0]! < 1250, `first wait ${waits[0]}`);
    assert.ok(waits[1]! >= 2000 && waits[1]! < 2250, `second wait ${waits[1]}`);
  });

  it('retries only the throttled requests inside a $batch', async () => {
    s.throttle({ path: /sam\.rivera.*mailboxSettings$/, status: 429, retryAfter: 3, times: 1, where: 'batchItem' });
    const { weeks, problems } = await office.calendar.freeSlots({ ...query, mailboxes: ['alex.morgan@uni.example', 'sam.rivera@uni.example'] });
    assert.deepEqual(problems, []);
    assert.equal(weeks.length, 2);
    assert.deepEqual(waits, [3000]);
    const batches = s.graphRequests().filter((r) => r.path === '/v1.0/$batch').map((r) => JSON.parse(r.body).requests.map((q: { url: string }) => q.url));
    assert.deepEqual(batches, [['/users/alex.morgan%40uni.example/mailboxSettings', '/users/sam.rivera%40uni.example/mailboxSettings'], ['/users/sam.rivera%40uni.example/mailboxSettings']]);
  });

  it('gives up with a plain message when Microsoft 365 stays busy', async () => {
    s.throttle({ path: /getSchedule$/, status: 429, retryAfter: 1, times: 10 });
    await assert.rejects(office.calendar.freeSlots(query), (err: unknown) => err instanceof OfficeError && err.reason === 'busy' && err.message === 'Microsoft 365 is busy right now. Please try again in a few minutes.');
    assert.equal(waits.length, 4);
  });

  it('follows @odata.nextLink through every page', async () => {
    const members = await office.directory.groupMembers({ institutionId: inst, groupId: 'g-cm' });
    assert.deepEqual(members.map((m) => m.displayName).sort(), ['Alex Morgan', 'Jo Busy', 'Pritam Shah', 'Priya Patel', 'Sam Rivera']);
    const pages = s.graphRequests().filter((r) => r.path.endsWith('/transitiveMembers/microsoft.graph.user'));
    assert.equal(pages.length, 3, 'five members, two per page');
    assert.ok(pages[1]!.query.get('$skiptoken'));
    const rooms = await office.rooms.listRooms({ institutionId: inst, campus: 'City Campus' });
    assert.deepEqual(rooms.map((r) => r.name), ['Willow Room', 'Cedar Room', 'Quiet Room']);
  });

  it('reads Retry-After as seconds or an HTTP date, and keeps addresses out of logged paths', () => {
    assert.equal(retryAfterMs('12'), 12_000);
    assert.ok((retryAfterMs(new Date(Date.now() + 5000).toUTCString()) ?? 0) > 3000);
    assert.equal(retryAfterMs(null), undefined);
    assert.equal(pathForLog('/users/alex.morgan%40uni.example/events/AAMk=/cancel'), '/users/{id}/events/{id}/cancel');
    assert.equal(pathForLog('https://graph.microsoft.com/v1.0/places/city.rooms@uni.example/microsoft.graph.roomlist/rooms?$top=5'), '/places/{id}/microsoft.graph.roomlist/rooms');
  });
});
