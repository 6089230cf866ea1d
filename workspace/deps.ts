import type { Core } from '../core/core.ts';
import type { Config } from '../core/config.ts';
import type { CalendarPort } from '../core/ports/calendar.ts';
import type { RoomsPort } from '../core/ports/rooms.ts';
import type { Views } from '../web/views.ts';
import type { StaffSessions } from '../web/staffSession.ts';
import type { EntraAuth } from '../graph-integration/index.ts';

/** What the workspace needs from the composition root. */
export interface WorkspaceDeps {
  core: Core;
  views: Views;
  sessions: StaffSessions;
  config: Pick<Config, 'production' | 'SESSION_SECRET'>;
  /** Entra browser sign-in (code + PKCE) from graph-integration; absent without Microsoft 365. */
  entra?: Pick<EntraAuth, 'newPkce' | 'authCodeUrl' | 'redeemCode'> | null;
  /** Case managers' calendars (Graph or the demo's local calendar): enables meeting booking. */
  calendar?: CalendarPort | null;
  /** Rooms for in-person meetings. */
  rooms?: RoomsPort | null;
  /**
   * True when evidence-storage's router is mounted (upload, download, evidence pack under
   * /tab/cases/:id/evidence): the case page then offers the upload form and download links.
   */
  evidenceRoutes?: boolean;
  /** Told when settings change, so the next request sees them (web/institution.ts caches). */
  institutions?: { invalidate(): void };
  /** Defaults to config.production (HTTPS only, SameSite=None for the Teams iframe). */
  secureCookies?: boolean;
}
