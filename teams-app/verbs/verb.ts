import type { TurnContext } from '@microsoft/agents-hosting';
import type { z } from 'zod';
import type { AdaptiveCardJson } from '../cards/renderCard.ts';
import type { ConversationStore } from '../conversations/conversationStore.ts';
import type { TeamsDeps } from '../deps.ts';
import type { TeamsStaff } from '../identity/teamsStaff.ts';
import type { CaseCardService } from '../proactive/caseCards.ts';
import type { Notifier } from '../proactive/notifier.ts';

/** Everything a verb handler may use, with the person already resolved to a Harbour actor. */
export interface VerbContext {
  deps: TeamsDeps;
  store: ConversationStore;
  cards: CaseCardService;
  notifier: Notifier;
  who: TeamsStaff;
  turn: TurnContext;
  /** Teams asked for this card on its own (refresh on view), rather than a person pressing a button. */
  automatic: boolean;
  /** The card sits in the team channel (shared by everyone) rather than in a 1:1 chat. */
  inChannel: boolean;
  /** The card this person should see for the case now, where the card sits; a stale-card notice if they may not see it. */
  currentCard(caseId: string, notice?: { notice?: string; noticeStyle?: 'good' | 'warning' | 'attention' }): Promise<AdaptiveCardJson>;
  /**
   * After a change made from a card: the person's card, and (in the channel) the message everyone
   * sees updated too, both from one read of the case.
   */
  afterChange(caseId: string, notice?: { notice?: string }): Promise<AdaptiveCardJson>;
}

/**
 * One Action.Execute verb: its data (Action.Execute data merged with the card's inputs) validated by
 * a zod schema, and a handler that returns the card to show. Domain errors need no handling here:
 * the runner turns them into the current card with an explanation.
 */
export interface Verb<T extends { caseId: string } = { caseId: string }> {
  verb: string;
  data: z.ZodType<T>;
  run(ctx: VerbContext, data: T): Promise<AdaptiveCardJson>;
}

/** Lets differently-typed verbs share one registry list. */
export const defineVerb = <T extends { caseId: string }>(verb: Verb<T>): Verb => verb as unknown as Verb;
