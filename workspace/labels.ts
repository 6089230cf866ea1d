import type { Sql } from '../core/db/database.ts';
import type { CaseStatus } from '../core/policies/casePolicy.ts';
import { listOptions, type OptionItem } from '../core/options.ts';
import { listStaff, type StaffMember } from '../core/staff.ts';

export const STATUSES: CaseStatus[] = ['new', 'triaged', 'in_progress', 'awaiting_reporter', 'closed'];

/** Text from the message catalogue (ws.* keys) with {name} fills, for words built in presenters. */
export type Words = (key: string, vars?: Record<string, unknown>) => string;

export function makeWords(messages: Record<string, string>): Words {
  return (key, vars = {}) => (messages[key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/** The institution's lists and staff, for turning keys and ids into words on a page. */
export interface Lookup {
  options: OptionItem[];
  staff: StaffMember[];
  label(kind: OptionItem['kind'], key: string | null | undefined): string;
  staffName(id: string | null | undefined): string | null;
  ofKind(kind: OptionItem['kind'], includeInactive?: boolean): OptionItem[];
}

/** Loads the lists (switched-off entries included, as old cases use them) and all staff. */
export async function loadLookup(tx: Sql): Promise<Lookup> {
  const options = await listOptions(tx, undefined, true);
  const staff = await listStaff(tx, { includeInactive: true });
  return {
    options,
    staff,
    label: (kind, key) => (key ? options.find((o) => o.kind === kind && o.key === key)?.label ?? key : ''),
    staffName: (id) => (id ? staff.find((s) => s.id === id)?.displayName ?? 'Former member of staff' : null),
    ofKind: (kind, includeInactive = false) => options.filter((o) => o.kind === kind && (includeInactive || o.active)),
  };
}

export interface Badge {
  tone: 'overdue' | 'due' | 'done' | 'none';
  text: string;
}

const day = 86_400_000;

/** The first-contact badge: overdue, due today or in N days, or made (against the institution's target). */
export function firstContactBadge(w: Words, c: { status: CaseStatus; firstContactDue: string | null; firstContactAt: Date | null }, today: string): Badge {
  if (c.firstContactAt) return { tone: 'done', text: w('ws.badge.contacted') };
  if (c.status === 'closed' || !c.firstContactDue) return { tone: 'none', text: '' };
  const days = Math.round((Date.parse(c.firstContactDue) - Date.parse(today)) / day);
  if (days < 0) return { tone: 'overdue', text: w(days === -1 ? 'ws.badge.overdueOne' : 'ws.badge.overdue', { days: -days }) };
  if (days === 0) return { tone: 'due', text: w('ws.badge.dueToday') };
  return { tone: 'due', text: w(days === 1 ? 'ws.badge.dueOne' : 'ws.badge.dueIn', { days }) };
}

/** Minutes as "3 h 20 min". */
export function hoursAndMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? (m ? `${h} h ${m} min` : `${h} h`) : `${m} min`;
}
