import type { Breakdown } from './breakdowns.ts';
import type { MonthlyData } from './monthly.ts';
import { display, twoWayTable, type Mark, type PublishedCell, type Table } from './suppress.ts';

/** One figure as shown: its value (null when suppressed), its mark, and its text ("12", "<5", "[c]"). */
export interface FigureCell {
  value: number | null;
  mark: Mark;
  text: string;
}

/** A breakdown month by month, ready for a chart, a table, a CSV or the annual report. */
export interface BreakdownTable {
  id: string;
  title: string;
  note?: string;
  measure: string;
  published: boolean;
  months: string[];
  values: { key: string; label: string }[];
  /** [value][month] */
  cells: FigureCell[][];
  valueTotals: FigureCell[];
  monthTotals: FigureCell[];
  grand: FigureCell;
  /** Too sparse to publish safely: left out of the release altogether. */
  withheld: boolean;
}

const span = (months: string[]) => `${months[0]}..${months[months.length - 1]}`;
const id = (b: Breakdown) => `${b.measure}|${b.dim}`;

/** The keys a breakdown's figures have in a release (the same ones `twoWayTable` gives them). */
export const figureKeys = {
  cell: (b: Breakdown, month: string, value: string) => `${id(b)}:${month}:${value}`,
  monthTotal: (b: Breakdown, month: string) => `${b.measure}:${month}:*`,
  valueTotal: (b: Breakdown, months: string[], value: string) => `${id(b)}:${span(months)}:${value}`,
  grand: (b: Breakdown, months: string[]) => `${b.measure}:${span(months)}:*`,
};

/** The breakdown as a table for suppression: months are rows, their totals shared by every breakdown of the measure. */
export function suppressionTable(b: Breakdown, values: { key: string }[], data: MonthlyData): Table {
  return twoWayTable({
    id: id(b),
    rows: data.months,
    cols: values.map((v) => v.key),
    counts: data.months.map((m) => values.map((v) => data.count(b.measure, b.dim, v.key, m))),
    rowTotals: data.months.map((m) => data.total(b.measure, m)),
    rowTotalPrefix: b.measure,
    link: b.link,
  });
}

/**
 * The breakdown as people see it: exact counts for the case team, or, given a release, exactly
 * what that release published (suppressed cells without their values).
 */
export function presentTable(b: Breakdown, values: { key: string; label: string }[], data: MonthlyData, release?: { cells: Map<string, PublishedCell>; withheld: Set<string> }): BreakdownTable {
  const months = data.months;
  const withheld = Boolean(release?.withheld.has(id(b)));
  const figure = (key: string, exact: number): FigureCell => {
    if (!release) return { value: exact, mark: 'shown', text: String(exact) };
    const c = release.cells.get(key);
    if (!c || withheld) return { value: null, mark: 'hidden', text: '' };
    return { value: c.mark === 'shown' ? c.value : null, mark: c.mark, text: display(c) };
  };
  return {
    id: b.id,
    title: b.title,
    note: b.note,
    measure: b.measure,
    published: b.published,
    months,
    values,
    cells: values.map((v) => months.map((m) => figure(figureKeys.cell(b, m, v.key), data.count(b.measure, b.dim, v.key, m)))),
    valueTotals: values.map((v) => figure(figureKeys.valueTotal(b, months, v.key), months.reduce((s, m) => s + data.count(b.measure, b.dim, v.key, m), 0))),
    monthTotals: months.map((m) => figure(figureKeys.monthTotal(b, m), data.total(b.measure, m))),
    grand: figure(figureKeys.grand(b, months), months.reduce((s, m) => s + data.total(b.measure, m), 0)),
    withheld,
  };
}
