import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { actorLabel } from '../actor.ts';
import { forbidden } from '../errors.ts';
import { canInInstitution } from '../policies/casePolicy.ts';
import { loadInstitution } from '../institutions.ts';
import { listStaff } from '../staff.ts';
import { BREAKDOWNS, breakdownValues } from './breakdowns.ts';
import { firstMonth, loadMedians, loadMonthly, openCasesByHolder, type Median } from './monthly.ts';
import { monthOf, monthsToShow, nextMonth, reportingYear, yearOfMonth, type ReportingYear } from './period.ts';
import { presentTable, suppressionTable, type BreakdownTable, type FigureCell } from './tables.ts';
import { publishRelease } from './release.ts';

/** 'team': exact figures for the case team; 'published': what may leave it (complete months, small numbers suppressed). */
export type StatisticsMode = 'team' | 'published';

/** Everything the statistics page, the CSV and the annual report show for one reporting year. */
export interface StatisticsView {
  institution: { id: string; name: string };
  year: ReportingYear;
  years: ReportingYear[];
  mode: StatisticsMode;
  /** Whether the viewer may switch to exact figures (the case team). */
  canSeeExact: boolean;
  months: string[];
  tables: BreakdownTable[];
  summary: { opened: FigureCell; closed: FigureCell; firstContacts: FigureCell; withinTargetPercent: number | null; targetWorkingDays: number; medianHoursToFirstContact: number | null; medianDaysToClose: number | null };
  /** Month by month medians; null where fewer than five events (published) or none. */
  medians: { month: string; hoursToFirstContact: number | null; daysToClose: number | null }[];
  workload: { staffId: string; name: string; openCases: number; hours: number[]; totalHours: number }[] | null;
  release: { id: string | null; releasedAt: Date } | null;
  generatedAt: Date;
}

const THRESHOLD = 5;

/** Case managers and leads are the case team; everyone else sees published figures only. */
const isCaseTeam = (actor: Actor) => actor.kind === 'staff' && (actor.roles.includes('case_manager') || actor.roles.includes('lead'));

/**
 * The statistics for one reporting year: breakdowns month by month (category, characteristic,
 * campus, kind of report, connection, outcome, first contact against the target), medians and,
 * for leads, workload. The case team sees exact figures; anyone else, and every export
 * (`purpose` 'csv' or 'pdf'), gets the published figures, registered as a release.
 */
export async function statisticsView(core: Core, actor: Actor, opts: { year?: number; mode?: StatisticsMode; purpose?: 'view' | 'csv' | 'pdf' } = {}): Promise<StatisticsView> {
  if (!canInInstitution(actor, 'view_statistics')) throw forbidden('Statistics are for case managers, leads, administrators and auditors.');
  const team = isCaseTeam(actor);
  const purpose = opts.purpose ?? 'view';
  const mode: StatisticsMode = team && purpose === 'view' && opts.mode !== 'published' ? 'team' : 'published';
  const now = core.now();
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const inst = await loadInstitution(tx, actor.institutionId);
    const tz = inst.settings.timeZone;
    const current = yearOfMonth(monthOf(now, tz));
    const first = await firstMonth(tx, inst.id);
    const earliest = first ? Math.min(yearOfMonth(first).start, current.start) : current.start;
    const years = Array.from({ length: current.start - earliest + 1 }, (_, i) => reportingYear(current.start - i));
    const year = years.find((y) => y.start === opts.year) ?? current;
    const months = monthsToShow(year, now, tz, mode === 'published');
    const data = await loadMonthly(tx, inst.id, months);
    const breakdowns = BREAKDOWNS.filter((b) => mode === 'team' || b.published);
    const values: Awaited<ReturnType<typeof breakdownValues>>[] = [];
    for (const b of breakdowns) values.push(await breakdownValues(tx, b, data.found(b.measure, b.dim)));

    let release: StatisticsView['release'] = null;
    let tables: BreakdownTable[];
    if (mode === 'published' && months.length) {
      const r = await publishRelease(tx, {
        institutionId: inst.id,
        periodStart: `${year.months[0]}-01`,
        periodEnd: `${nextMonth(months[months.length - 1]!)}-01`,
        tables: breakdowns.map((b, i) => suppressionTable(b, values[i]!, data)),
        purpose,
        releasedBy: actorLabel(actor),
        at: now,
        record: !team || purpose !== 'view',
      });
      release = { id: r.id, releasedAt: r.releasedAt };
      const cells = new Map(r.published.cells.map((c) => [c.key, c]));
      tables = breakdowns.map((b, i) => presentTable(b, values[i]!, data, { cells, withheld: new Set(r.withheld) }));
    } else tables = breakdowns.map((b, i) => presentTable(b, values[i]!, data));

    const medians = await loadMedians(tx, inst.id, months);
    const shownMedian = (m: Median | undefined) => (!m || m.median === null || (mode === 'published' && m.n < THRESHOLD) ? null : m.median);
    const grandOf = (id: string) => tables.find((t) => t.id === id)?.grand ?? { value: 0, mark: 'shown' as const, text: '0' };
    const fc = tables.find((t) => t.id === 'first-contact');
    const yes = fc?.valueTotals[fc.values.findIndex((v) => v.key === 'yes')];
    const no = fc?.valueTotals[fc.values.findIndex((v) => v.key === 'no')];
    const withinTargetPercent = yes?.value != null && no?.value != null && yes.value + no.value > 0 ? Math.round((100 * yes.value) / (yes.value + no.value)) : null;

    let workload: StatisticsView['workload'] = null;
    if (mode === 'team' && canInInstitution(actor, 'view_workload')) {
      const open = await openCasesByHolder(tx, inst.id);
      const staff = (await listStaff(tx)).filter((s) => s.roles.includes('case_manager') || s.roles.includes('lead'));
      workload = staff.map((s) => {
        const hours = (data.minutes.get(s.id) ?? months.map(() => 0)).map((m) => Math.round(m / 6) / 10);
        return { staffId: s.id, name: s.displayName, openCases: open.get(s.id) ?? 0, hours, totalHours: Math.round(hours.reduce((a, b) => a + b, 0) * 10) / 10 };
      });
    }
    return {
      institution: { id: inst.id, name: inst.name },
      year,
      years,
      mode,
      canSeeExact: team,
      months,
      tables,
      summary: {
        opened: grandOf('opened-kind'),
        closed: grandOf('closed-outcome'),
        firstContacts: grandOf('first-contact'),
        withinTargetPercent,
        targetWorkingDays: inst.settings.firstContactWorkingDays,
        medianHoursToFirstContact: shownMedian(medians.period.get('first_contact')),
        medianDaysToClose: shownMedian(medians.period.get('closed')),
      },
      medians: months.map((m) => ({ month: m, hoursToFirstContact: shownMedian(medians.byMonth.get(`first_contact|${m}`)), daysToClose: shownMedian(medians.byMonth.get(`closed|${m}`)) })),
      workload,
      release,
      generatedAt: now,
    };
  });
}
