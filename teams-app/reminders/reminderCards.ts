import { DateTime } from 'luxon';
import type { CaseRow } from '../../core/queries/caseState.ts';
import type { ReminderCard } from '../cards/cardData.ts';
import { renderCard, type AdaptiveCardJson } from '../cards/renderCard.ts';
import { caseDeepLink, caseListDeepLink } from '../links.ts';
import { statusLabel } from '../presenters/caseCards.ts';
import { formatDay } from '../presenters/caseView.ts';
import type { DueReminder } from './dueReminders.ts';

type Links = { teamsAppId: string; publicUrl: string };

const daysBetween = (from: string, to: string) => Math.round(DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The 1:1 reminder card: which case, what is due, and a link; never a task's wording. */
export function reminderCard(r: DueReminder, c: CaseRow, today: string, timeZone: string, links: Links): AdaptiveCardJson {
  const late = daysBetween(r.due, today);
  const text: Record<DueReminder['kind'], Pick<ReminderCard, 'heading' | 'headingColor' | 'message'>> = {
    first_contact_due: {
      heading: 'First contact due tomorrow',
      headingColor: 'Warning',
      message: c.kind === 'adviser' ? 'The reporter asked to speak to an adviser. Make first contact by tomorrow.' : 'Make first contact by tomorrow.',
    },
    task_due: { heading: 'Task due today', headingColor: 'Accent', message: 'A task on this case is due today. Its wording is in Harbour.' },
    overdue: {
      heading: r.isTask ? 'Task overdue' : 'Overdue',
      headingColor: 'Attention',
      message: r.isTask ? `A task on this case was due ${plural(late, 'day')} ago.` : `First contact was due ${plural(late, 'day')} ago.`,
    },
  };
  return renderCard('reminder', {
    ...text[r.kind],
    reference: c.reference,
    due: formatDay(r.due, timeZone),
    status: statusLabel(c.status),
    openUrl: caseDeepLink(links, c.id),
  });
}

/** The lead's morning digest: the cases past their first-contact date, oldest first. */
export function digestCard(
  cases: { id: string; reference: string; holder: string | null; due: string }[],
  more: boolean,
  today: string,
  timeZone: string,
  links: Links,
): AdaptiveCardJson {
  const n = cases.length;
  return renderCard('digest', {
    date: formatDay(today, timeZone),
    headline: more ? `More than ${plural(n, 'case')} are past their first-contact date` : `${plural(n, 'case')} ${n === 1 ? 'is' : 'are'} past ${n === 1 ? 'its' : 'their'} first-contact date`,
    cases: cases.map((c) => ({ reference: c.reference, holder: c.holder ?? 'Not yet claimed', overdueFor: plural(daysBetween(c.due, today), 'day'), openUrl: caseDeepLink(links, c.id) })),
    more: more ? 'Open the case list to see them all.' : '',
    listUrl: caseListDeepLink(links),
  });
}
