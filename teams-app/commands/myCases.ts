import { listCases } from '../../core/queries/caseList.ts';
import type { ChatCommand } from './command.ts';
import { caseListCard } from './caseListCard.ts';

/** "my cases": the open cases the person holds, soonest first contact first. */
export const myCasesCommand: ChatCommand = {
  names: ['my cases', 'cases', 'mine'],
  async run(deps, who) {
    const page = await listCases(deps.core, who.actor, { assignee: 'me', status: 'open', sort: 'due', limit: 10 });
    return caseListCard(deps, who, page, { title: 'Your cases', emptyText: 'You hold no open cases.' });
  },
};
