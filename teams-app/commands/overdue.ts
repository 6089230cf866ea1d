import { listCases } from '../../core/queries/caseList.ts';
import type { ChatCommand } from './command.ts';
import { caseListCard } from './caseListCard.ts';

/** "overdue": cases past their first-contact date; a lead sees everyone's, others their own. */
export const overdueCommand: ChatCommand = {
  names: ['overdue', 'late'],
  async run(deps, who) {
    const lead = who.actor.roles.includes('lead');
    const page = await listCases(deps.core, who.actor, { due: 'overdue', sort: 'due', limit: 10, ...(lead ? {} : { assignee: 'me' as const }) });
    return caseListCard(deps, who, page, {
      title: lead ? 'Overdue cases' : 'Your overdue cases',
      emptyText: 'Nothing is past its first-contact date.',
    });
  },
};
