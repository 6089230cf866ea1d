import { EVENTS } from '../../core/events/names.ts';
import type { Listener } from '../../core/events/dispatcher.ts';
import type { CaseCardService } from './caseCards.ts';

const caseIdOf = (payload: Record<string, unknown>) => String(payload.caseId ?? '');

/**
 * What Teams does when something happens to a case (registered with the core's dispatcher):
 * a new report is posted to the case-management channel; a claim or assignment reaches the holder's
 * 1:1 chat; any change of holder or status brings the posted cards up to date.
 */
export function teamsListeners(cards: CaseCardService): Listener[] {
  const handOver: Listener['handle'] = (e) => cards.handOver(e.institutionId, caseIdOf(e.payload), String(e.payload.assigneeId ?? ''));
  const refresh: Listener['handle'] = (e) => cards.refreshPosted(e.institutionId, caseIdOf(e.payload));
  return [
    { name: 'teams.new-case-card', topic: EVENTS.caseOpened, handle: (e) => cards.postNewCase(e.institutionId, caseIdOf(e.payload)) },
    { name: 'teams.hand-over', topic: EVENTS.caseClaimed, handle: handOver },
    { name: 'teams.hand-over', topic: EVENTS.caseAssigned, handle: handOver },
    { name: 'teams.refresh-cards', topic: EVENTS.caseStatusChanged, handle: refresh },
    { name: 'teams.refresh-cards', topic: EVENTS.caseClosed, handle: refresh },
    { name: 'teams.refresh-cards', topic: EVENTS.caseReopened, handle: refresh },
  ];
}
