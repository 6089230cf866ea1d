import type { ConversationReference } from '@microsoft/agents-activity';
import { CardFactory, MessageFactory, type CloudAdapter, type TurnContext } from '@microsoft/agents-hosting';
import type { AdaptiveCardJson } from '../cards/renderCard.ts';

/** A message activity carrying one Adaptive Card. */
export const cardMessage = (card: AdaptiveCardJson) => MessageFactory.attachment(CardFactory.adaptiveCard(card));

/**
 * Writes to a stored conversation outside any turn (new case in the channel, a hand-over or a
 * reminder in a 1:1 chat, a card changed by someone elsewhere). Posts are new messages, not replies:
 * the SDK's continuation would otherwise make every post a reply to a made-up activity id. The
 * adapter hands a failure inside the turn to its error handler; it is rethrown here so callers
 * (listener retries, reminder claims) know the message did not arrive.
 */
export function createNotifier(adapter: CloudAdapter, appId: string) {
  const run = async (ref: ConversationReference, logic: (context: TurnContext) => Promise<void>) => {
    let failure: unknown;
    await adapter.continueConversation(appId, ref, async (context) => {
      try {
        await logic(context);
      } catch (err) {
        failure = err;
      }
    });
    if (failure) throw failure;
  };
  return {
    /** Posts a card and returns the new message's id. */
    async post(reference: ConversationReference, card: AdaptiveCardJson): Promise<string> {
      let id = '';
      const { activityId: _ignored, ...ref } = reference;
      await run(ref as ConversationReference, async (context) => {
        context.onSendActivities(async (_ctx, activities, next) => {
          for (const a of activities) delete a.replyToId;
          return next();
        });
        id = (await context.sendActivity(cardMessage(card)))?.id ?? '';
      });
      return id;
    },

    /** Replaces a card posted earlier (`conversationId` as Teams addresses that message's thread). */
    async update(reference: ConversationReference, conversationId: string, activityId: string, card: AdaptiveCardJson): Promise<void> {
      const ref = { ...reference, activityId: undefined, conversation: { ...reference.conversation, id: conversationId } };
      await run(ref as ConversationReference, async (context) => {
        const activity = cardMessage(card);
        activity.id = activityId;
        await context.updateActivity(activity);
      });
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
