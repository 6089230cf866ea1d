import { z } from 'zod';
import type { Request, Response } from 'express';
import { parseOrThrow } from '../../core/validation.ts';
import { statisticsView, type StatisticsView } from '../../core/stats/statistics.ts';
import { statisticsCsv } from '../../core/stats/csv.ts';
import { annualReportPdf } from '../../core/stats/annualReport.ts';
import { monthLabel } from '../../core/stats/period.ts';
import type { BreakdownTable } from '../../core/stats/tables.ts';
import { barList, columnChart, describeTotals } from './charts.ts';
import { actorOf, renderInsight, sendFile, type InsightDeps } from './page.ts';

const statisticsQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  view: z.enum(['team', 'published']).optional(),
});

const shortMonth = (m: string) => monthLabel(m).slice(0, 3);

/** One breakdown for the page: a bar chart of totals with the table beside it, and the month-by-month table. */
function breakdownModel(t: BreakdownTable) {
  const items = t.values.map((v, i) => ({ label: v.label, cell: t.valueTotals[i]! }));
  return {
    id: t.id,
    title: t.title,
    note: t.note,
    withheld: t.withheld,
    svg: t.withheld || !t.months.length ? '' : barList({ id: `chart-${t.id}`, title: t.title, desc: describeTotals(items, t.grand), items }),
    totals: items.map((i) => ({ label: i.label, text: i.cell.text, suppressed: i.cell.mark !== 'shown' })),
    grand: t.grand.text,
    months: t.months.map(monthLabel),
    rows: t.values.map((v, i) => ({ label: v.label, cells: t.cells[i]!.map((c) => c.text), total: t.valueTotals[i]!.text })),
    monthTotals: t.monthTotals.map((c) => c.text),
  };
}

function pageModel(v: StatisticsView) {
  const opened = v.tables.find((t) => t.id === 'opened-kind');
  const closed = v.tables.find((t) => t.id === 'closed-outcome');
  const series = [
    ...(opened && !opened.withheld ? [{ name: 'Reports received', kind: 'opened', values: opened.monthTotals }] : []),
    ...(closed && !closed.withheld ? [{ name: 'Cases closed', kind: 'closed', values: closed.monthTotals }] : []),
  ];
  return {
    title: 'Statistics',
    published: v.mode === 'published',
    canSeeExact: v.canSeeExact,
    year: v.year,
    years: v.years.map((y) => ({ value: y.start, label: y.label, selected: y.start === v.year.start })),
    hasMonths: v.months.length > 0,
    period: v.months.length ? `${monthLabel(v.months[0]!)} – ${monthLabel(v.months[v.months.length - 1]!)}` : '',
    summary: {
      opened: v.summary.opened.text,
      closed: v.summary.closed.text,
      targetWorkingDays: v.summary.targetWorkingDays,
      onTime: v.summary.withinTargetPercent === null ? '–' : `${v.summary.withinTargetPercent}%`,
      medianContact: v.summary.medianHoursToFirstContact === null ? '–' : `${v.summary.medianHoursToFirstContact} h`,
      medianClose: v.summary.medianDaysToClose === null ? '–' : `${v.summary.medianDaysToClose} d`,
    },
    trend: v.months.length && series.length
      ? {
          svg: columnChart({ id: 'chart-trend', title: 'Reports received and cases closed, month by month', desc: `Reports received each month from ${monthLabel(v.months[0]!)}. The table beside the chart has every figure.`, categories: v.months.map(shortMonth), series }),
          rows: v.months.map((m, i) => ({ month: monthLabel(m), cells: series.map((s) => s.values[i]!.text) })),
          headers: series.map((s) => s.name),
        }
      : null,
    tables: v.tables.map(breakdownModel),
    medians: v.medians.map((m) => ({ month: monthLabel(m.month), hours: m.hoursToFirstContact ?? '–', days: m.daysToClose ?? '–' })),
    workload: v.workload && { months: v.months.map(monthLabel), people: v.workload },
    release: v.release,
    exportQuery: `year=${v.year.start}`,
    viewTeamHref: `/tab/statistics?year=${v.year.start}&view=team`,
    viewPublishedHref: `/tab/statistics?year=${v.year.start}&view=published`,
  };
}

/**
 * The statistics page (charts with their tables), the CSV download and the annual report PDF.
 * Downloads are always the published figures and are registered as releases.
 */
export function statisticsPages(deps: InsightDeps) {
  return {
    async page(req: Request, res: Response) {
      const q = parseOrThrow(statisticsQuerySchema, req.query);
      const v = await statisticsView(deps.core, actorOf(res), { year: q.year, mode: q.view });
      renderInsight(deps, res, 'insight-statistics', 'statistics', pageModel(v));
    },
    async csv(req: Request, res: Response) {
      const q = parseOrThrow(statisticsQuerySchema, req.query);
      const v = await statisticsView(deps.core, actorOf(res), { year: q.year, purpose: 'csv' });
      sendFile(res, 'text/csv; charset=utf-8', `harbour-statistics-${v.year.start}.csv`, `\ufeff${statisticsCsv(v)}`);
    },
    async pdf(req: Request, res: Response) {
      const q = parseOrThrow(statisticsQuerySchema, req.query);
      const v = await statisticsView(deps.core, actorOf(res), { year: q.year, purpose: 'pdf' });
      sendFile(res, 'application/pdf', `harbour-annual-report-${v.year.start}.pdf`, await annualReportPdf(v));
    },
  };
}
