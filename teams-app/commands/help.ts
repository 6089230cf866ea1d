import { renderCard } from '../cards/renderCard.ts';
import { caseListDeepLink } from '../links.ts';
import type { ChatCommand } from './command.ts';

/** "help": what Harbour does in Teams and the commands it understands. */
export const helpCommand: ChatCommand = {
  names: ['help', '?', 'hi', 'hello'],
  run: async (deps) => renderCard('help', { listUrl: caseListDeepLink(deps) }),
};
