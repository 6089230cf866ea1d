import type { Sql } from '../db/database.ts';
import { listOptions, type OptionKind } from '../options.ts';
import type { Link } from './suppress.ts';

/** The events statistics count: reports opened, cases closed, first contacts made. */
export type Measure = 'opened' | 'closed' | 'first_contact';

/**
 * One breakdown of a measure by a facet, month by month. `link` says how the facet's counts relate
 * to the month's total (what an outsider could difference); `published` ones leave the case team
 * in exports and the annual report, the others stay in the workspace.
 */
export interface Breakdown {
  id: string;
  measure: Measure;
  dim: string;
  title: string;
  link: Link;
  published: boolean;
  options?: OptionKind;
  fixed?: [string, string][];
  note?: string;
}

const MULTI = 'A report can name more than one, so these add up to more than the number of reports.';

/** Every breakdown, in the order pages, CSV and the annual report show them. */
export const BREAKDOWNS: Breakdown[] = [
  { id: 'opened-category', measure: 'opened', dim: 'category', title: 'Reports by kind of incident', link: 'atLeast', published: true, options: 'category', note: MULTI },
  { id: 'opened-characteristic', measure: 'opened', dim: 'characteristic', title: 'Reports by protected characteristic', link: 'none', published: true, options: 'characteristic', note: `${MULTI} Reports that name no characteristic are not counted here.` },
  { id: 'opened-location', measure: 'opened', dim: 'location', title: 'Reports by campus', link: 'sum', published: true, options: 'campus', fixed: [['~online', 'Online'], ['~off_campus', 'Off campus'], ['~not_given', 'Not given']] },
  {
    id: 'opened-kind', measure: 'opened', dim: 'kind', title: 'Reports by kind of report', link: 'sum', published: true,
    fixed: [['anonymous', 'Anonymous'], ['named_record', 'Named, on record only'], ['adviser', 'Asked to speak to an adviser']],
  },
  { id: 'opened-connection', measure: 'opened', dim: 'connection', title: "Reports by reporter's connection", link: 'sum', published: true, fixed: [['student', 'Student'], ['staff', 'Staff'], ['visitor', 'Visitor'], ['other', 'Other']] },
  { id: 'opened-capacity', measure: 'opened', dim: 'capacity', title: 'Who reported', link: 'sum', published: false, fixed: [['self', 'For themselves'], ['witness', 'As a witness'], ['on_behalf', 'On behalf of someone']] },
  { id: 'opened-perpetrator', measure: 'opened', dim: 'perpetrator', title: 'Alleged perpetrators named, by relation', link: 'none', published: false, fixed: [['student', 'Student'], ['staff', 'Staff'], ['external', 'External'], ['unknown', 'Unknown']], note: MULTI },
  {
    id: 'opened-want', measure: 'opened', dim: 'want', title: 'What reporters asked for', link: 'none', published: false,
    fixed: [['support', 'Support'], ['information', 'Information'], ['formal_action', 'Formal action'], ['police_advice', 'Advice about the police']], note: MULTI,
  },
  { id: 'closed-outcome', measure: 'closed', dim: 'outcome', title: 'Cases closed, by outcome', link: 'sum', published: true, options: 'outcome' },
  { id: 'first-contact', measure: 'first_contact', dim: 'on_time', title: 'First contact against the target', link: 'sum', published: true, fixed: [['yes', 'Within the target'], ['no', 'After the target'], ['unknown', 'No target recorded']] },
];


/** A breakdown's rows in display order: the institution's options, the fixed values, then any value found only in the data. */
export async function breakdownValues(tx: Sql, b: Breakdown, found: Iterable<string>): Promise<{ key: string; label: string }[]> {
  const out: { key: string; label: string }[] = [];
  const seen = new Set(found);
  if (b.options)
    for (const o of await listOptions(tx, b.options, true)) if (o.active || seen.has(o.key)) out.push({ key: o.key, label: o.active ? o.label : `${o.label} (no longer offered)` });
  for (const [key, label] of b.fixed ?? []) out.push({ key, label });
  for (const key of seen) if (!out.some((o) => o.key === key)) out.push({ key, label: key });
  return out;
}
