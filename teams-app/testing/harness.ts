import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Core } from '../../core/core.ts';
import type { Database } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrate.ts';
import { openPglite } from '../../core/db/pglite.ts';
import { createDispatcher } from '../../core/events/dispatcher.ts';
import type { Institution } from '../../core/institutions.ts';
import { createLogger, type Logger } from '../../core/logger.ts';
import type { StaffRole } from '../../core/actor.ts';
import type { CalendarPort } from '../../core/ports/calendar.ts';
import { createLocalOffice } from '../../graph-integration/index.ts';
import { makeCore, makeInstitution } from '../../test/factories.ts';
import { startBotConnector, type BotConnectorStandIn, type SignOptions } from '../../test/standins/botConnector.ts';
import { botTokenProvider } from '../auth/botTokenProvider.ts';
import { createMsalClient } from '../auth/msalClient.ts';
import { createTeamsBot, type TeamsBot } from '../bot/teamsBot.ts';

/** A seeded staff member with a Teams identity. */
export interface TeamsPerson {
  staffId: string;
  name: string;
  roles: StaffRole[];
  aadObjectId: string;
  /** Teams user id (29:…). */
  teamsUserId: string;
  /** Their 1:1 conversation with the bot. */
  personalConversationId: string;
}

const TEAM_ID = '19:case-team@thread.tacv2';
export const CHANNEL_ID = '19:case-general@thread.tacv2';

/**
 * The Teams app on a database (fresh PGlite unless one is given) with a new seeded institution, the Bot Connector stand-in
 * (inbound signing, outbound token endpoint, connector API), the local calendar and rooms, and
 * helpers that build Teams-shaped activities from a person. For tests and the benchmark.
 */
export async function startTeamsHarness(
  options: {
    clock?: () => Date;
    logger?: Logger;
    invokeBudgetMs?: number;
    calendar?: (local: CalendarPort) => CalendarPort;
    /** A migrated database to use (forEachEngine); by default a fresh in-memory PGlite, closed with the harness. */
    db?: Database;
  } = {},
) {
  const db: Database = options.db ?? (await openPglite('memory://'));
  if (!options.db) await migrate(db);
  const logger = options.logger ?? createLogger('silent');
  const core: Core = makeCore(db, { clock: options.clock, log: logger });
  const institution: Institution = await makeInstitution(core);
  const connector: BotConnectorStandIn = await startBotConnector();
  const office = createLocalOffice(db, {
    rooms: [
      { id: 'room-1', email: 'wellbeing-2@uni.example', name: 'Wellbeing Centre, Room 2', campus: 'City campus' },
      { id: 'room-2', email: 'library-quiet@uni.example', name: 'Library quiet room', campus: 'City campus' },
    ],
  });
  const msal = createMsalClient({
    authorityHost: connector.authorityHost,
    tenantId: connector.tenantId,
    clientId: connector.appId,
    clientSecret: connector.appSecret,
    networkClient: connector.msalNetworkClient,
  });
  const bot: TeamsBot = createTeamsBot({
    core,
    calendar: options.calendar ? options.calendar(office.calendar) : office.calendar,
    rooms: office.rooms,
    logger,
    appId: connector.appId,
    tenantId: connector.tenantId,
    teamsAppId: connector.appId,
    publicUrl: 'https://harbour.uni.example',
    invokeBudgetMs: options.invokeBudgetMs ?? 4000,
    tokenProvider: botTokenProvider(msal, { clientId: connector.appId, tenantId: connector.tenantId }),
    openIdMetadataUrl: connector.openIdMetadataUrl,
  });
  const dispatcher = createDispatcher(db, logger, bot.listeners);
  const app = express();
  app.use(bot.router);
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;

  const people = new Map<string, TeamsPerson>();
  const staff = await db.query<{ id: string; display_name: string; roles: StaffRole[]; email: string }>(
    'SELECT id, display_name, roles, email FROM staff WHERE institution_id = $1 ORDER BY email',
    [institution.id],
  );
  for (const s of staff.rows) {
    const aadObjectId = crypto.randomUUID();
    await db.query('UPDATE staff SET entra_object_id = $2 WHERE id = $1', [s.id, aadObjectId]);
    const handle = s.email.split('@')[0]!;
    people.set(handle, { staffId: s.id, name: s.display_name, roles: s.roles, aadObjectId, teamsUserId: `29:${handle}`, personalConversationId: `a:${handle}-1on1` });
  }
  const person = (handle: string): TeamsPerson => {
    const p = people.get(handle);
    if (!p) throw new Error(`no seeded staff ${handle} (have ${[...people.keys()].join(', ')})`);
    return p;
  };

  let seq = 0;
  const base = (p: TeamsPerson, conversation: Record<string, unknown>, channelData: Record<string, unknown> = {}) => ({
    id: `in-${++seq}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    from: { id: p.teamsUserId, name: p.name, aadObjectId: p.aadObjectId },
    recipient: { id: `28:${connector.appId}`, name: 'Harbour' },
    conversation: { tenantId: connector.tenantId, ...conversation },
    channelData: { tenant: { id: connector.tenantId }, ...channelData },
    locale: 'en-GB',
  });
  const personal = (p: TeamsPerson) => ({ id: p.personalConversationId, conversationType: 'personal' });
  const team = { team: { id: TEAM_ID, name: 'Case management' }, channel: { id: CHANNEL_ID } };

  const activities = {
    installTeam: (p: TeamsPerson) => ({ ...base(p, { id: CHANNEL_ID, conversationType: 'channel', isGroup: true }, team), type: 'installationUpdate', action: 'add' }),
    uninstallTeam: (p: TeamsPerson) => ({ ...base(p, { id: CHANNEL_ID, conversationType: 'channel', isGroup: true }, team), type: 'installationUpdate', action: 'remove' }),
    installPersonal: (p: TeamsPerson) => ({ ...base(p, personal(p)), type: 'installationUpdate', action: 'add' }),
    message: (p: TeamsPerson, text: string) => ({ ...base(p, personal(p)), type: 'message', text }),
    channelMessage: (p: TeamsPerson, text: string) => ({ ...base(p, { id: CHANNEL_ID, conversationType: 'channel', isGroup: true }, team), type: 'message', text }),
    /** An Action.Execute press (or an automatic refresh) on a card: in the channel thread or a 1:1 chat. */
    invoke: (p: TeamsPerson, card: { conversationId: string; activityId: string }, verb: string, data: Record<string, unknown>, trigger: 'manual' | 'automatic' = 'manual') => {
      const inChannel = card.conversationId.startsWith('19:');
      return {
        ...base(p, inChannel ? { id: card.conversationId, conversationType: 'channel', isGroup: true } : personal(p), inChannel ? team : {}),
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: card.activityId,
        value: { action: { type: 'Action.Execute', id: `act-${seq}`, verb, data }, trigger },
      };
    },
  };

  return {
    db,
    core,
    institution,
    connector,
    bot,
    dispatcher,
    botUrl,
    person,
    activities,
    /** Sends an activity to the bot as the Bot Connector does (signed). */
    send: (activity: Record<string, unknown>, sign: SignOptions & { token?: string | null } = {}) => connector.deliver(botUrl, activity, sign),
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await dispatcher.stop();
      await connector.close();
      if (!options.db) await db.close();
    },
  };
}

export type TeamsHarness = Awaited<ReturnType<typeof startTeamsHarness>>;
