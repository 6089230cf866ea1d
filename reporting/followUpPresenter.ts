import type { CaseView } from '../core/queries/caseReader.ts';
import type { Msg } from './messages.ts';

/**
 * What a returning reporter sees: the reference, where their report is in words (not the
 * internal status names), and the conversation: messages from the case manager and their own
 * additions, oldest first. Whether they can still add depends on the policy (not when closed).
 */
export function presentFollowUp(view: CaseView, msg: Msg) {
  return {
    reference: view.case.reference,
    receivedAt: view.case.createdAt,
    status: msg(`followup.status.${view.case.status}`),
    statusHelp: msg(`followup.status.${view.case.status}.help`),
    canAdd: view.actions.includes('reporter_add'),
    items: view.timeline.map((t) => ({
      at: t.at,
      fromReporter: t.type === 'reporter.added',
      who: msg(t.type === 'reporter.added' ? 'followup.fromYou' : 'followup.fromCaseManager'),
      text: typeof t.secret?.text === 'string' ? t.secret.text : '',
    })),
  };
}
