import type { Activity } from '@microsoft/agents-activity';
import type { AgentApplication, TurnContext, TurnState } from '@microsoft/agents-hosting';
import { renderCard } from '../cards/renderCard.ts';
import type { ConversationStore } from '../conversations/conversationStore.ts';
import type { TeamsDeps } from '../deps.ts';
import { activityTenant, staffForActivity } from '../identity/teamsStaff.ts';
import { caseListDeepLink } from '../links.ts';
import { cardMessage } from '../proactive/notifier.ts';

/** The reference Harbour keeps for writing later: no activity id (posts are new messages, not replies). */
export function referenceOf(activity: Activity) {
  const { activityId: _ignored, ...ref } = activity.getConversationReference();
  return ref;
}

const UNKNOWN = "Harbour doesn't know you yet: your Microsoft account is not linked to a Harbour staff account. Ask your Harbour administrator.";

/**
 * installationUpdate: installed in a team by a lead or an administrator, Harbour keeps that channel
 * as the institution's case-management channel; installed personally by a staff member, it keeps the
 * 1:1 chat so it can write to them. Uninstalling forgets the conversation.
 */
export function registerInstallation(agent: AgentApplication<TurnState>, deps: TeamsDeps, store: ConversationStore): void {
  agent.onActivity('installationUpdate', async (turn) => {
    try {
      await onInstallationUpdate(turn, deps, store);
    } catch (err) {
      deps.logger.error({ err: (err as Error).message }, 'installation update failed');
    }
  });
}

async function onInstallationUpdate(turn: TurnContext, deps: TeamsDeps, store: ConversationStore): Promise<void> {
  const a = turn.activity;
  const action = String(a.action ?? '');
  const kind = a.conversation?.conversationType;
  const conversationId = a.conversation?.id ?? '';
  if (action.startsWith('remove')) {
    const owners = await deps.core.db.query<{ institution_id: string }>('SELECT DISTINCT institution_id FROM teams_conversations WHERE conversation_id = $1', [conversationId]);
    for (const o of owners.rows) await store.forget(o.institution_id, conversationId);
    deps.logger.info({ kind, institutions: owners.rows.length }, 'Teams app removed');
    return;
  }
  if (!action.startsWith('add')) return;
  const who = await staffForActivity(deps, a);
  if (!who) {
    await turn.sendActivity(UNKNOWN);
    return;
  }
  const tenantId = activityTenant(a);
  if (kind === 'personal') {
    await store.savePersonal(who.institutionId, { reference: referenceOf(a), staffId: who.staff.id, aadObjectId: a.from!.aadObjectId!, teamsUserId: a.from!.id ?? '', tenantId });
    deps.logger.info({ institutionId: who.institutionId, staffId: who.staff.id }, 'Teams 1:1 chat connected');
    await turn.sendActivity(cardMessage(renderCard('help', { listUrl: caseListDeepLink(deps) })));
    return;
  }
  const teamId = (a.channelData as { team?: { id?: string } } | undefined)?.team?.id;
  if (kind !== 'channel' || !teamId) {
    await turn.sendActivity('Harbour works in a team channel (new reports) and in your 1:1 chat with it (your cases and reminders).');
    return;
  }
  if (!who.actor.roles.includes('lead') && !who.actor.roles.includes('admin')) {
    await turn.sendActivity('Harbour was added here, but only a lead case manager or an administrator can connect a team to new reports. Ask one of them to add Harbour to the case-management team.');
    return;
  }
  await store.saveChannel(who.institutionId, { reference: referenceOf(a), teamId, tenantId, installedBy: who.staff.id });
  deps.logger.info({ institutionId: who.institutionId, staffId: who.staff.id }, 'Teams channel connected');
  await turn.sendActivity(
    'Harbour is connected to this team. Each new report will appear here as a card with no detail that identifies anyone: claim it or assign it from the card.',
  );
}
