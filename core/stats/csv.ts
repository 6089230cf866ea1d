import { stringify } from 'csv-stringify/sync';
import { monthLabel } from './period.ts';
import type { StatisticsView } from './statistics.ts';

/** A spreadsheet must never run a cell as a formula: labels come from administrators' lists. */
const safe = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** How to read suppressed cells: the same words in the CSV, the annual report and the page. */
export const SUPPRESSION_NOTE =
  '"<5" means fewer than five (0 to 4). "[c]" is a count of five or more hidden so that a small count cannot be worked out from the totals. Months are complete calendar months.';

/**
 * The published statistics as CSV: a heading block, then each breakdown as value × month with
 * totals, exactly as released (suppressed cells as "<5" or "[c]", withheld breakdowns named).
 */
export function statisticsCsv(v: StatisticsView): string {
  const rows: string[][] = [
    ['Harbour statistics', v.institution.name],
    ['Reporting year', v.year.label],
    ['Months', v.months.length ? `${monthLabel(v.months[0]!)} to ${monthLabel(v.months[v.months.length - 1]!)}` : 'none complete yet'],
    ['Figures', v.mode === 'published' ? 'published (small numbers suppressed)' : 'exact (case team only)'],
    ['Generated', v.generatedAt.toISOString()],
    ['Note', SUPPRESSION_NOTE],
    [],
  ];
  for (const t of v.tables) {
    rows.push([safe(t.title)]);
    if (t.withheld) {
      rows.push(['Not published: too few reports to publish this breakdown without identifying anyone.'], []);
      continue;
    }
    if (t.note) rows.push(['Note', safe(t.note)]);
    rows.push(['', ...t.months.map(monthLabel), 'Total']);
    t.values.forEach((val, i) => rows.push([safe(val.label), ...t.cells[i]!.map((c) => c.text), t.valueTotals[i]!.text]));
    rows.push(['All', ...t.monthTotals.map((c) => c.text), t.grand.text], []);
  }
  rows.push(['Medians by month', ...v.months.map(monthLabel)]);
  rows.push(['Hours to first contact', ...v.medians.map((m) => (m.hoursToFirstContact === null ? '' : String(m.hoursToFirstContact)))]);
  rows.push(['Days to close', ...v.medians.map((m) => (m.daysToClose === null ? '' : String(m.daysToClose)))]);
  return stringify(rows, { record_delimiter: '\r\n' });
}
