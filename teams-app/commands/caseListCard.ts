import type { CaseRow } from '../../core/queries/caseState.ts';
import { loadInstitution } from '../../core/institutions.ts';
import type { CaseListCard } from '../cards/cardData.ts';
import { renderCard, type AdaptiveCardJson } from '../cards/renderCard.ts';
import type { TeamsDeps } from '../deps.ts';
import type { TeamsStaff } from '../identity/teamsStaff.ts';
import { caseDeepLink, caseListDeepLink } from '../links.ts';
import { statusLabel } from '../presenters/caseCards.ts';
import { formatDay, todayIn } from '../presenters/caseView.ts';

/** A list of cases as a card: reference, status and what is due, each linking to the case. */
export async function caseListCard(
  deps: TeamsDeps,
  who: TeamsStaff,
  page: { items: (CaseRow & { overdue: boolean })[]; next: string | null },
  text: { title: string; emptyText: string },
): Promise<AdaptiveCardJson> {
  const { timeZone } = (await deps.core.db.forInstitution(who.institutionId, (tx) => loadInstitution(tx, who.institutionId))).settings;
  const today = todayIn(timeZone, deps.core.now());
  const cases: CaseListCard['cases'] = page.items.map((c) => {
    const due = c.firstContactAt || !c.firstContactDue ? null : c.firstContactDue;
    return {
      reference: c.reference,
      status: statusLabel(c.status),
      due: !due ? 'Contacted' : c.overdue ? `Overdue since ${formatDay(due, timeZone)}` : due === today ? 'First contact today' : `First contact ${formatDay(due, timeZone)}`,
      dueColor: due && c.overdue ? 'Attention' : due === today ? 'Warning' : 'Default',
      openUrl: caseDeepLink(deps, c.id),
    };
  });
  return renderCard('myCases', {
    ...text,
    cases,
    more: page.next ? 'There are more: open the case list to see them all.' : '',
    listUrl: caseListDeepLink(deps),
  });
}
