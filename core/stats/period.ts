/** UK universities report by academic year, 1 August to 31 July (the OfS and HESA reporting year). */
export const YEAR_START_MONTH = 8;

/** One reporting year: its months as 'YYYY-MM', first to last. */
export interface ReportingYear {
  /** The year it starts in: 2025 for 2025–26. */
  start: number;
  label: string;
  months: string[];
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'YYYY-MM' of a moment in the institution's time zone (statistics count by local month). */
export function monthOf(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

/** The reporting year starting in August of `start`. */
export function reportingYear(start: number): ReportingYear {
  const months = Array.from({ length: 12 }, (_, i) => {
    const m = ((YEAR_START_MONTH - 1 + i) % 12) + 1;
    const y = start + (YEAR_START_MONTH - 1 + i >= 12 ? 1 : 0);
    return `${y}-${String(m).padStart(2, '0')}`;
  });
  return { start, label: `${start}–${String((start + 1) % 100).padStart(2, '0')}`, months };
}

/** The reporting year a month falls in. */
export function yearOfMonth(month: string): ReportingYear {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return reportingYear(m >= YEAR_START_MONTH ? y : y - 1);
}

/** "Aug 2025" for '2025-08'. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTH_NAMES[m - 1]} ${y}`;
}

/** The month after 'YYYY-MM' (exclusive period ends). */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * The months of a year that may be shown: for the case team every month up to the current one;
 * for anything published, only complete months, so a published month never changes afterwards.
 */
export function monthsToShow(year: ReportingYear, now: Date, timeZone: string, completeOnly: boolean): string[] {
  const current = monthOf(now, timeZone);
  return year.months.filter((m) => (completeOnly ? m < current : m <= current));
}
