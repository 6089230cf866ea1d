import { DateTime, IANAZone } from 'luxon';
import { findIana } from 'windows-iana';

/** Graph's dateTimeTimeZone: a wall-clock time without offset plus the zone it is in. */
export interface GraphDateTime {
  dateTime: string;
  timeZone: string;
}

/**
 * The IANA zone for a name Graph gives us: Exchange uses Windows names ("GMT Standard Time") by
 * default and IANA names when the tenant is set up that way. Null for custom zones we can't map.
 */
export function ianaZone(name: string | null | undefined): string | null {
  if (!name) return null;
  const trimmed = name.trim();
  if (/^(UTC|Etc\/UTC|Coordinated Universal Time|tzone:\/\/Microsoft\/Utc)$/i.test(trimmed)) return 'UTC';
  if (IANAZone.isValidZone(trimmed)) return trimmed;
  const mapped = findIana(trimmed)[0];
  return mapped && IANAZone.isValidZone(mapped) ? mapped : null;
}

/** An instant as Graph wants it in request bodies: local wall time (no offset) and the zone name. */
export function toGraphDateTime(instant: Date, zone = 'UTC'): GraphDateTime {
  return { dateTime: DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm:ss"), timeZone: zone };
}

/** Reads Graph's dateTimeTimeZone (up to seven decimals) back into an instant. */
export function fromGraphDateTime(value: GraphDateTime): Date {
  const zone = ianaZone(value.timeZone);
  if (!zone) throw new Error(`Unknown time zone from Microsoft 365: ${value.timeZone}`);
  const trimmed = value.dateTime.replace(/(\.\d{3})\d+$/, '$1').replace(/Z$/, '');
  const parsed = DateTime.fromISO(trimmed, { zone });
  if (!parsed.isValid) throw new Error(`Unreadable date-time from Microsoft 365: ${value.dateTime}`);
  return parsed.toJSDate();
}

/** Graph's Edm.TimeOfDay ("08:30:00.0000000") as HH:mm. */
export function timeOfDay(value: string): string {
  const m = value.match(/^(\d{2}):(\d{2})/);
  if (!m) throw new Error(`Unreadable time of day from Microsoft 365: ${value}`);
  return `${m[1]}:${m[2]}`;
}

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Graph's dayOfWeek names as ISO weekday numbers (1 = Monday). */
export function isoWeekdays(days: string[]): number[] {
  return days.map((d) => weekdays.indexOf(d.toLowerCase()) + 1).filter((n) => n > 0);
}
