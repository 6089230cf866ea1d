import type { AgentApplication, TurnState } from '@microsoft/agents-hosting';
import type { ConversationStore } from '../conversations/conversationStore.ts';
import type { TeamsDeps } from '../deps.ts';
import { activityTenant, staffForActivity } from '../identity/teamsStaff.ts';
import { referenceOf } from '../install/registerInstallation.ts';
import { cardMessage } from '../proactive/notifier.ts';
import { commandFor } from './registry.ts';

/**
 * Messages: in the 1:1 chat each command is answered with a card (and the chat is remembered if it
 * was not yet, e.g. installed before the person's staff account was linked); elsewhere Harbour points
 * to the 1:1 chat, so nobody's case list appears in a channel.
 */
export function registerCommands(agent: AgentApplication<TurnState>, deps: TeamsDeps, store: ConversationStore): void {
  agent.onActivity('message', async (turn) => {
    const a = turn.activity;
    const started = performance.now();
    const command = commandFor(a.text);
    try {
      if (a.conversation?.conversationType !== 'personal') {
        await turn.sendActivity('Message me in our 1:1 chat for your cases: there I can show them to you alone.');
        return;
      }
      const who = await staffForActivity(deps, a);
      if (!who) {
        await turn.sendActivity("Harbour doesn't know you yet: your Microsoft account is not linked to a Harbour staff account. Ask your Harbour administrator.");
        return;
      }
      if (!(await store.personal(who.institutionId, who.staff.id))) {
        await store.savePersonal(who.institutionId, { reference: referenceOf(a), staffId: who.staff.id, aadObjectId: a.from!.aadObjectId!, teamsUserId: a.from!.id ?? '', tenantId: activityTenant(a) });
      }
      await turn.sendActivity(cardMessage(await command.run(deps, who)));
    } catch (err) {
      deps.logger.error({ command: command.names[0], err: (err as Error).message }, 'chat command failed');
      await turn.sendActivity('Harbour could not answer just now. Please try again in a moment.').catch(() => undefined);
    } finally {
      deps.logger.info({ command: command.names[0], ms: Math.round(performance.now() - started) }, 'chat command');
    }
  });
}
