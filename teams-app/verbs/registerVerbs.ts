import type { AgentApplication, TurnContext, TurnState } from '@microsoft/agents-hosting';
import { DomainError } from '../../core/errors.ts';
import { OfficeError } from '../../core/ports/officeError.ts';
import { renderCard } from '../cards/renderCard.ts';
import type { ConversationStore } from '../conversations/conversationStore.ts';
import type { TeamsDeps } from '../deps.ts';
import { staffForActivity, type TeamsStaff } from '../identity/teamsStaff.ts';
import { caseListDeepLink } from '../links.ts';
import type { CaseCardService } from '../proactive/caseCards.ts';
import { cardMessage, type Notifier } from '../proactive/notifier.ts';
import type { Verb, VerbContext } from './verb.ts';

interface Services {
  deps: TeamsDeps;
  store: ConversationStore;
  cards: CaseCardService;
  notifier: Notifier;
}

const stale = (deps: TeamsDeps, title: string, message: string) => renderCard('staleAction', { title, message, openUrl: caseListDeepLink(deps) });

/**
 * Registers each verb with the SDK and wraps it in what every card action needs: who is acting
 * (Entra object id → staff), the data validated, errors turned into a card that explains what changed
 * (never the SDK's "the agent encountered an error"), and a log line with ids and timing only.
 * A verb no handler knows (an old card) gets an explanation too, not Teams' bare 501.
 */
export function registerVerbs(agent: AgentApplication<TurnState>, verbs: Verb[], services: Services): void {
  const { deps } = services;
  for (const verb of verbs) {
    agent.adaptiveCards.actionExecute(verb.verb, async (turn, _state, action: { data?: Record<string, unknown> }) => {
      const started = performance.now();
      let outcome = 'ok';
      try {
        const who = await staffForActivity(deps, turn.activity);
        if (!who) {
          outcome = 'unknown_person';
          return stale(deps, 'Harbour does not know you', 'Your Microsoft account is not linked to a Harbour staff account. Ask your Harbour administrator.');
        }
        const parsed = verb.data.safeParse(action.data ?? {});
        if (!parsed.success) {
          outcome = 'invalid_data';
          const caseId = typeof action.data?.caseId === 'string' ? action.data.caseId : null;
          const message = parsed.error.issues.find((i) => i.message && !i.message.startsWith('Invalid'))?.message;
          if (caseId && message) return await context(turn, who, services).currentCard(caseId, { notice: message });
          return stale(deps, 'This card is out of date', 'It was made by an earlier version of Harbour. Open the case list instead.');
        }
        const ctx = context(turn, who, services);
        try {
          return await verb.run(ctx, parsed.data);
        } catch (err) {
          if (!(err instanceof DomainError) && !(err instanceof OfficeError)) throw err;
          outcome = err instanceof DomainError ? err.code : `office_${err.reason}`;
          const details = err instanceof DomainError && err.details ? Object.values(err.details).join('; ') : '';
          const notice = { notice: details ? `${err.message} (${details})` : err.message };
          // A conflict means the card was stale: bring everyone's copy up to date as well.
          if (err instanceof DomainError && err.code === 'conflict') return await ctx.afterChange(parsed.data.caseId, notice);
          return await ctx.currentCard(parsed.data.caseId, notice);
        }
      } catch (err) {
        outcome = 'error';
        deps.logger.error({ verb: verb.verb, err: (err as Error).message }, 'card action failed');
        return stale(deps, 'That did not work', 'Harbour could not do that just now, and nothing was changed. Please try again in a moment.');
      } finally {
        deps.logger.info({ verb: verb.verb, outcome, ms: Math.round(performance.now() - started) }, 'card action');
      }
    });
  }
  agent.adaptiveCards.actionExecute(/.*/, async () =>
    stale(deps, 'This button is no longer used', 'The card is from an earlier version of Harbour. Open the case list to carry on.'),
  );
}

function context(turn: TurnContext, who: TeamsStaff, services: Services): VerbContext {
  const { deps, cards } = services;
  const inChannel = turn.activity.conversation?.conversationType === 'channel';
  const value = turn.activity.value as { trigger?: string } | undefined;
  const ctx: VerbContext = {
    ...services,
    who,
    turn,
    automatic: value?.trigger === 'automatic',
    inChannel,
    async currentCard(caseId, notice = {}) {
      const card = inChannel ? await cards.channelCard(who.institutionId, caseId, who.actor, notice) : await cards.personalCard(who.institutionId, caseId, who.actor, notice);
      return card ?? stale(deps, 'You cannot see this case', notice.notice ? `${notice.notice}` : 'It does not exist, or it is no longer open to you.');
    },
    async afterChange(caseId, notice = {}) {
      if (!inChannel) return ctx.currentCard(caseId, notice);
      const { mine, shared } = await cards.channelCards(who.institutionId, caseId, who.actor, notice);
      const messageId = turn.activity.replyToId;
      if (shared && messageId && !ctx.automatic) {
        const activity = cardMessage(shared);
        activity.id = messageId;
        await turn.updateActivity(activity);
      }
      return mine ?? stale(deps, 'You cannot see this case', notice.notice ?? 'It does not exist, or it is no longer open to you.');
    },
  };
  return ctx;
}
