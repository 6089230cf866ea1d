import { AgentApplication, type AuthProvider, type TurnState } from '@microsoft/agents-hosting';
import { botRequestAuth } from '../auth/botRequestAuth.ts';
import { BotSigningKeys } from '../auth/botSigningKeys.ts';
import { registerCommands } from '../commands/registerCommands.ts';
import { conversationStore } from '../conversations/conversationStore.ts';
import type { TeamsDeps } from '../deps.ts';
import { registerInstallation } from '../install/registerInstallation.ts';
import { caseCardService } from '../proactive/caseCards.ts';
import { createNotifier } from '../proactive/notifier.ts';
import { teamsListeners } from '../proactive/teamsListeners.ts';
import { teamsReminderJob } from '../reminders/reminderJob.ts';
import { registerVerbs } from '../verbs/registerVerbs.ts';
import { VERBS } from '../verbs/registry.ts';
import { createBotAdapter } from './adapter.ts';
import { botEndpoint } from './endpoint.ts';

export interface TeamsBotOptions extends TeamsDeps {
  /** Outbound tokens (botTokenProvider on our MSAL client). */
  tokenProvider: AuthProvider;
  /** BOT_OPENID_METADATA_URL: where inbound tokens' issuer and keys are published. */
  openIdMetadataUrl: string;
}

/**
 * The Teams bot, assembled: the SDK adapter and app, every card verb, the chat commands and the
 * installation handler, the authenticated POST /api/messages router, the outbox listeners that
 * post and update cards, and the reminder job. The composition root mounts `router`, registers
 * `listeners` and starts `reminders` (startTeamsReminders).
 */
export function createTeamsBot(options: TeamsBotOptions) {
  const { tokenProvider, openIdMetadataUrl, ...deps } = options;
  const adapter = createBotAdapter({ appId: deps.appId, tenantId: deps.tenantId ?? '', tokenProvider, logger: deps.logger });
  const agent = new AgentApplication<TurnState>({ adapter, agentAppId: deps.appId, startTypingTimer: false });
  const store = conversationStore(deps.core.db);
  const notifier = createNotifier(adapter, deps.appId);
  const cards = caseCardService(deps, store, notifier);
  registerVerbs(agent, VERBS, { deps, store, cards, notifier });
  registerInstallation(agent, deps, store);
  registerCommands(agent, deps, store);
  const keys = new BotSigningKeys(openIdMetadataUrl);
  const router = botEndpoint({
    adapter,
    logger: deps.logger,
    authenticate: botRequestAuth({ keys, appId: deps.appId, logger: deps.logger }),
    logic: (turn) => agent.run(turn),
  });
  const reminders = teamsReminderJob(deps, store, notifier);
  return { router, listeners: teamsListeners(cards), reminders, cards, store, notifier, adapter, deps };
}

export type TeamsBot = ReturnType<typeof createTeamsBot>;
