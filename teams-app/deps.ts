import type { Core } from '../core/core.ts';
import type { CalendarPort } from '../core/ports/calendar.ts';
import type { RoomsPort } from '../core/ports/rooms.ts';
import type { Logger } from '../core/logger.ts';

/** What the Teams app needs from the composition root. */
export interface TeamsDeps {
  core: Core;
  calendar: CalendarPort;
  rooms: RoomsPort;
  logger: Logger;
  /** The bot's Microsoft app id (MICROSOFT_CLIENT_ID). */
  appId: string;
  /** MICROSOFT_TENANT_ID: activities from any other tenant are ignored. Null only in tests of several tenants. */
  tenantId: string | null;
  /** The Teams app id in the manifest (TEAMS_APP_ID, default the client id): deep links point at it. */
  teamsAppId: string;
  /** PUBLIC_URL, for deep links to the tab. */
  publicUrl: string;
  /**
   * How long a card action may wait for a slow calendar before it answers anyway (Teams gives an
   * invoke a few seconds). Booking that takes longer finishes in the background and updates the card.
   */
  invokeBudgetMs: number;
}
