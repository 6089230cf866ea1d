/**
 * Meeting rooms for in-person support meetings: which rooms a campus has and which are free.
 * Microsoft 365 (Places API + free/busy) or the demo's configured rooms implement it.
 */

export interface Room {
  id: string;
  /** The room's mailbox; invite it to book the room. */
  email?: string;
  name: string;
  building?: string;
  floor?: number;
  capacity?: number;
  wheelchairAccessible?: boolean;
  campus?: string;
}

export interface RoomsQuery {
  institutionId: string;
  /** A campus name (Microsoft 365: the room list of that name or address); all rooms when absent. */
  campus?: string;
}

export interface FreeRoomsQuery extends RoomsQuery {
  start: Date;
  end: Date;
}

export interface RoomsPort {
  listRooms(query: RoomsQuery): Promise<Room[]>;
  /** Rooms free for the whole of [start, end). */
  freeRooms(query: FreeRoomsQuery): Promise<Room[]>;
}
