import type { Room as GraphRoom, RoomList, ScheduleInformation } from '@microsoft/microsoft-graph-types';
import type { Room, RoomsPort } from '../core/ports/rooms.ts';
import type { GraphGateway } from './gateway.ts';
import { fromGraphDateTime, toGraphDateTime } from './timeZones.ts';

const same = (a: string | null | undefined, b: string) => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Rooms from the Places API (application permission Place.Read.All): a campus is the room list
 * of that name or address; availability comes from the rooms' free/busy (getSchedule).
 */
export function createGraphRooms(gateway: GraphGateway, scheduleMailbox: string): RoomsPort {
  const context = { area: 'rooms' as const };
  const toRoom = (g: GraphRoom, campus?: string): Room => {
    const capacity = Number(g.capacity);
    return {
      id: g.id ?? g.emailAddress ?? '',
      email: g.emailAddress ?? undefined,
      name: g.displayName ?? g.emailAddress ?? 'Room',
      building: g.building ?? undefined,
      floor: typeof g.floorNumber === 'number' ? g.floorNumber : undefined,
      capacity: Number.isFinite(capacity) && capacity > 0 ? capacity : undefined,
      wheelchairAccessible: typeof g.isWheelChairAccessible === 'boolean' ? g.isWheelChairAccessible : undefined,
      campus: campus ?? undefined,
    };
  };

  const listRooms: RoomsPort['listRooms'] = async ({ campus }) => {
    if (!campus) return (await gateway.all<GraphRoom>({ path: '/places/microsoft.graph.room', context })).map((r) => toRoom(r));
    const lists = await gateway.all<RoomList>({ path: '/places/microsoft.graph.roomlist', context });
    const list = lists.find((l) => same(l.displayName, campus) || same(l.emailAddress, campus));
    if (list?.emailAddress) {
      const rooms = await gateway.all<GraphRoom>({ path: `/places/${encodeURIComponent(list.emailAddress)}/microsoft.graph.roomlist/rooms`, context });
      return rooms.map((r) => toRoom(r, list.displayName ?? campus));
    }
    const all = await gateway.all<GraphRoom>({ path: '/places/microsoft.graph.room', context });
    return all.filter((r) => same(r.building, campus) || same(r.address?.city, campus)).map((r) => toRoom(r, campus));
  };

  return {
    listRooms,
    async freeRooms(query) {
      const rooms = (await listRooms(query)).filter((r) => r.email);
      const free: Room[] = [];
      for (let i = 0; i < rooms.length; i += 20) {
        const chunk = rooms.slice(i, i + 20);
        const answer = await gateway.call<{ value?: ScheduleInformation[] }>({
          method: 'POST',
          path: `/users/${encodeURIComponent(scheduleMailbox)}/calendar/getSchedule`,
          headers: { 'Content-Type': 'application/json', Prefer: 'outlook.timezone="UTC"' },
          body: { schedules: chunk.map((r) => r.email), startTime: toGraphDateTime(query.start), endTime: toGraphDateTime(query.end), availabilityViewInterval: 15 },
          idempotent: true,
          context: { area: 'calendar', mailbox: scheduleMailbox },
        });
        for (const room of chunk) {
          const info = answer.value?.find((s) => same(s.scheduleId, room.email as string));
          if (!info || info.error) continue;
          const taken = (info.scheduleItems ?? []).some((it) => {
            if (String(it.status).toLowerCase() === 'free' || !it.start || !it.end) return false;
            return fromGraphDateTime(it.start as never) < query.end && fromGraphDateTime(it.end as never) > query.start;
          });
          if (!taken) free.push(room);
        }
      }
      return free;
    },
  };
}
