import type { Database } from '../core/db/database.ts';
import type { DirectoryGroup, DirectoryPerson, DirectoryPort } from '../core/ports/directory.ts';
import type { MailPort, OutgoingMail, SentMail } from '../core/ports/mail.ts';
import type { Room, RoomsPort } from '../core/ports/rooms.ts';
import { newCaseMessage, reporterAddress } from './mailContent.ts';
import type { LocalBookings } from './localCalendar.ts';

/**
 * The demo's mail: each message becomes rows of sent_messages (one per recipient, channel
 * 'email'), the local outbox the workspace shows. Nothing leaves the machine.
 */
export function createLocalMail(db: Database): MailPort {
  const send = async (m: OutgoingMail): Promise<SentMail> => {
    const to = [...new Set(m.to.map((t) => t.trim()).filter(Boolean))];
    if (!to.length) throw new Error('A message needs at least one recipient');
    await db.forInstitution(m.institutionId, async (tx) => {
      for (const recipient of to) {
        await tx.query(`INSERT INTO sent_messages (institution_id, channel, recipient, subject, body) VALUES ($1, 'email', $2, $3, $4)`, [
          m.institutionId,
          recipient,
          m.subject,
          m.text,
        ]);
      }
    });
    return { to, channel: 'local' };
  };
  return {
    send,
    sendNewCaseNotice: (to, notice) => send({ institutionId: notice.institutionId, to, ...newCaseMessage(notice) }),
    async sendToReporter(reporter, message) {
      const address = reporterAddress(reporter);
      return address ? send({ ...message, to: [address] }) : null;
    },
  };
}

/** One message of the local outbox, newest first, for the workspace's demo view. */
export interface OutboxMessage {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  sentAt: Date;
}

export async function readLocalOutbox(db: Database, institutionId: string, limit = 50): Promise<OutboxMessage[]> {
  const r = await db.forInstitution(institutionId, (tx) =>
    tx.query<{ id: string; recipient: string; subject: string; body: string; sent_at: Date }>(
      `SELECT id, recipient, subject, body, sent_at FROM sent_messages WHERE channel = 'email' ORDER BY sent_at DESC, id LIMIT $1`,
      [limit],
    ),
  );
  return r.rows.map((x) => ({ id: x.id, recipient: x.recipient, subject: x.subject, body: x.body, sentAt: new Date(x.sent_at) }));
}

/** The demo's rooms: a fixed list; a room is taken when Harbour booked a meeting in it. */
export function createLocalRooms(rooms: Room[], bookings: LocalBookings): RoomsPort {
  const onCampus = (campus?: string) => rooms.filter((r) => !campus || r.campus?.toLowerCase() === campus.toLowerCase());
  return {
    listRooms: async ({ campus }) => onCampus(campus),
    async freeRooms({ institutionId, campus, start, end }) {
      const free: Room[] = [];
      for (const room of onCampus(campus)) if (!(await bookings.roomBusy(institutionId, room.name, { start, end }))) free.push(room);
      return free;
    },
  };
}

/** A group of the demo directory with its members. */
export interface LocalGroup extends DirectoryGroup {
  members: DirectoryPerson[];
}

/** The demo's directory: Harbour's own staff list plus any people and groups it was given. */
export function createLocalDirectory(db: Database, extra: { people?: DirectoryPerson[]; groups?: LocalGroup[] } = {}): DirectoryPort {
  const matches = (q: string, ...fields: Array<string | undefined>) => fields.some((f) => f?.toLowerCase().includes(q.toLowerCase()));
  return {
    async searchPeople({ institutionId, query, limit = 25 }) {
      const q = query.trim();
      if (q.length < 2) return [];
      const rows = await db.forInstitution(institutionId, (tx) =>
        tx.query<{ id: string; display_name: string; email: string; entra_object_id: string | null }>(
          `SELECT id, display_name, email, entra_object_id FROM staff WHERE display_name ILIKE $1 OR email ILIKE $1 ORDER BY display_name LIMIT $2`,
          [`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, limit],
        ),
      );
      const staff = rows.rows.map((r): DirectoryPerson => ({ id: r.entra_object_id ?? r.id, displayName: r.display_name, email: r.email }));
      const others = (extra.people ?? []).filter((p) => matches(q, p.displayName, p.email) && !staff.some((s) => s.email === p.email));
      return [...staff, ...others].slice(0, limit);
    },
    async searchGroups({ query, limit = 25 }) {
      return (extra.groups ?? [])
        .filter((g) => matches(query.trim(), g.displayName, g.email))
        .slice(0, limit)
        .map(({ members: _members, ...group }) => group);
    },
    async groupMembers({ groupId }) {
      return extra.groups?.find((g) => g.id === groupId)?.members ?? [];
    },
  };
}
