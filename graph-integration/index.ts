import type { Logger } from 'pino';
import type { Database } from '../core/db/database.ts';
import type { CalendarPort } from '../core/ports/calendar.ts';
import type { DirectoryPerson, DirectoryPort } from '../core/ports/directory.ts';
import type { MailPort } from '../core/ports/mail.ts';
import type { Room, RoomsPort } from '../core/ports/rooms.ts';
import { createEntraAuth, type EntraAuth } from './auth.ts';
import { readMicrosoft365Config, type Microsoft365Config } from './config.ts';
import { createGraphGateway, type GatewayOptions } from './gateway.ts';
import { createGraphCalendar } from './graphCalendar.ts';
import { createGraphDirectory } from './graphDirectory.ts';
import { createGraphMail } from './graphMail.ts';
import { createGraphRooms } from './graphRooms.ts';
import { createLocalCalendar, localBookings } from './localCalendar.ts';
import { createLocalDirectory, createLocalMail, createLocalRooms, type LocalGroup } from './localOffice.ts';
import { createEntraTokenValidator, type EntraTokenValidator } from './tokenValidator.ts';
import { createHttpsSend } from './transport.ts';

export { readMicrosoft365Config, type Microsoft365Config } from './config.ts';
export { readLocalOutbox, type OutboxMessage } from './localOffice.ts';
export type { EntraAuth, Pkce, SignedInUser, DelegatedToken } from './auth.ts';
export type { EntraIdentity, EntraTokenValidator } from './tokenValidator.ts';

/** Entra sign-in for the workspace and the Teams tab, plus validation of Entra-issued tokens. */
export interface Microsoft365Auth extends EntraAuth {
  validateEntraToken: EntraTokenValidator;
}

/** The ports the core uses for calendars, mail, rooms and the directory, and Entra sign-in when there is one. */
export interface Office {
  mail: MailPort;
  calendar: CalendarPort;
  rooms: RoomsPort;
  directory: DirectoryPort;
  auth: Microsoft365Auth | null;
}

/** The university's Microsoft 365 tenancy: every adapter goes through one Graph gateway. */
export function createMicrosoft365(
  config: Microsoft365Config,
  logger: Logger,
  tuning: Pick<GatewayOptions, 'sleep' | 'maxRetries'> = {},
): Office & { auth: Microsoft365Auth } {
  const log = logger.child({ component: 'microsoft365' });
  const send = createHttpsSend({ extraCaPem: config.extraCaPem });
  const auth = createEntraAuth(config, log, send);
  const gateway = createGraphGateway({ graphUrl: config.graphUrl, token: () => auth.appToken(), send, logger: log, ...tuning });
  return {
    mail: createGraphMail(gateway, config.mailSender, log),
    calendar: createGraphCalendar(gateway, config.mailSender, log),
    rooms: createGraphRooms(gateway, config.mailSender),
    directory: createGraphDirectory(gateway),
    auth: { ...auth, validateEntraToken: createEntraTokenValidator(config, send) },
  };
}

/** The embedded demo without Microsoft 365: local calendar, outbox, rooms and directory. */
export function createLocalOffice(db: Database, demo: { rooms?: Room[]; people?: DirectoryPerson[]; groups?: LocalGroup[] } = {}): Office {
  const bookings = localBookings(db);
  return {
    mail: createLocalMail(db),
    calendar: createLocalCalendar(bookings),
    rooms: createLocalRooms(demo.rooms ?? [], bookings),
    directory: createLocalDirectory(db, demo),
    auth: null,
  };
}

/** Picks Microsoft 365 when MICROSOFT_* is set, the local adapters otherwise (errors name a bad variable). */
export function createOffice(env: Record<string, string | undefined>, db: Database, logger: Logger): Office {
  const config = readMicrosoft365Config(env);
  if (!config) {
    logger.info('Microsoft 365 is not configured: meetings and mail stay local (demo)');
    return createLocalOffice(db);
  }
  return createMicrosoft365(config, logger);
}
