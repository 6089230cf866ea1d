import type { AdaptiveCardJson } from '../cards/renderCard.ts';
import type { TeamsDeps } from '../deps.ts';
import type { TeamsStaff } from '../identity/teamsStaff.ts';

/** A text command in the 1:1 chat, answered with a card. */
export interface ChatCommand {
  /** The words that start it, as typed (case and surrounding spaces ignored). */
  names: string[];
  run(deps: TeamsDeps, who: TeamsStaff): Promise<AdaptiveCardJson>;
}
