import type { Sql } from '../db/database.ts';
import { nextMonth } from './period.ts';

/** The monthly rollup for a run of months, ready to be cut into tables. */
export interface MonthlyData {
  months: string[];
  count(measure: string, dim: string, value: string, month: string): number;
  /** The month's number of events of this measure (each report once, whatever its facets). */
  total(measure: string, month: string): number;
  /** Facet values that occur in the data (so a value no longer offered still appears). */
  found(measure: string, dim: string): Set<string>;
  /** Minutes recorded per staff id, month by month. */
  minutes: Map<string, number[]>;
}

const bounds = (months: string[]) => [`${months[0]}-01`, `${nextMonth(months[months.length - 1]!)}-01`];

/**
 * Reads the monthly rollup (kept by the database as reporting rows arrive) for the months given:
 * one indexed range read of a small table, whatever the number of cases.
 */
export async function loadMonthly(tx: Sql, institutionId: string, months: string[]): Promise<MonthlyData> {
  const counts = new Map<string, number>();
  const found = new Map<string, Set<string>>();
  const minutes = new Map<string, number[]>();
  if (months.length) {
    const rows = (
      await tx.query<{ measure: string; month: string; dim: string; value: string; n: number; total: number }>(
        `SELECT measure, to_char(month, 'YYYY-MM') AS month, dim, value, n::int AS n, total::float8 AS total FROM stat_monthly
         WHERE institution_id = $1 AND month >= $2::date AND month < $3::date AND dim NOT IN ('hours', 'days')`,
        [institutionId, ...bounds(months)],
      )
    ).rows;
    for (const r of rows) {
      if (r.measure === 'time_spent' && r.dim === 'staff') {
        const list = minutes.get(r.value) ?? months.map(() => 0);
        list[months.indexOf(r.month)] = Number(r.total);
        minutes.set(r.value, list);
        continue;
      }
      counts.set(`${r.measure}|${r.dim}|${r.value}|${r.month}`, Number(r.n));
      const f = found.get(`${r.measure}|${r.dim}`) ?? new Set<string>();
      f.add(r.value);
      found.set(`${r.measure}|${r.dim}`, f);
    }
  }
  return {
    months,
    count: (measure, dim, value, month) => counts.get(`${measure}|${dim}|${value}|${month}`) ?? 0,
    total: (measure, month) => counts.get(`${measure}|*|*|${month}`) ?? 0,
    found: (measure, dim) => found.get(`${measure}|${dim}`) ?? new Set(),
    minutes,
  };
}

/** A median over whole hours or days, with how many events it is taken over. */
export interface Median {
  median: number | null;
  n: number;
}

/** Medians month by month and over the whole run: hours to first contact, days to close. */
export interface Medians {
  byMonth: Map<string, Median>;
  period: Map<string, Median>;
}

/**
 * Medians from the rollup's whole-hour and whole-day histograms, computed in the database (the
 * lower median, in whole units), so no raw reporting rows are read.
 */
export async function loadMedians(tx: Sql, institutionId: string, months: string[]): Promise<Medians> {
  const byMonth = new Map<string, Median>();
  const period = new Map<string, Median>();
  if (!months.length) return { byMonth, period };
  const rows = (
    await tx.query<{ measure: string; month: string | null; median: number | null; n: number }>(
      `WITH h AS (
         SELECT measure, to_char(month, 'YYYY-MM') AS month, value::int AS v, n FROM stat_monthly
         WHERE institution_id = $1 AND month >= $2::date AND month < $3::date
           AND ((measure = 'first_contact' AND dim = 'hours') OR (measure = 'closed' AND dim = 'days'))
       ), m AS (
         SELECT measure, month, v, sum(n) OVER (PARTITION BY measure, month ORDER BY v) AS cum, sum(n) OVER (PARTITION BY measure, month) AS tot FROM h
       ), p AS (
         SELECT measure, v, sum(sum(n)) OVER (PARTITION BY measure ORDER BY v) AS cum, sum(sum(n)) OVER (PARTITION BY measure) AS tot FROM h GROUP BY measure, v
       )
       SELECT measure, month, min(v) FILTER (WHERE cum * 2 >= tot) AS median, max(tot)::int AS n FROM m GROUP BY measure, month
       UNION ALL
       SELECT measure, NULL, min(v) FILTER (WHERE cum * 2 >= tot), max(tot)::int FROM p GROUP BY measure`,
      [institutionId, ...bounds(months)],
    )
  ).rows;
  for (const r of rows) {
    const m = { median: r.median === null ? null : Number(r.median), n: Number(r.n) };
    if (r.month === null) period.set(r.measure, m);
    else byMonth.set(`${r.measure}|${r.month}`, m);
  }
  return { byMonth, period };
}

/** Open cases each case manager holds now (for the workload table; never published). */
export async function openCasesByHolder(tx: Sql, institutionId: string): Promise<Map<string, number>> {
  const rows = (
    await tx.query<{ assignee_id: string; n: number }>(
      `SELECT assignee_id, count(*)::int AS n FROM cases
       WHERE institution_id = $1 AND status IN ('new', 'triaged', 'in_progress', 'awaiting_reporter') AND assignee_id IS NOT NULL GROUP BY assignee_id`,
      [institutionId],
    )
  ).rows;
  return new Map(rows.map((r) => [r.assignee_id, Number(r.n)]));
}

/** The first month with any statistics, so the year list starts where the data does. */
export async function firstMonth(tx: Sql, institutionId: string): Promise<string | null> {
  const r = (await tx.query<{ m: string | null }>(`SELECT to_char(min(month), 'YYYY-MM') AS m FROM stat_monthly WHERE institution_id = $1 AND measure = 'opened'`, [institutionId])).rows[0];
  return r?.m ?? null;
}
