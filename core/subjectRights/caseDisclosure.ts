import type { SubjectRole } from './subjectSearch.ts';

/**
 * Whose data an item is: the person's own ('subject'), someone else's ('third_party'), both
 * ('mixed', e.g. an account that names others), or a record of staff doing their job ('staff').
 */
export type Disclosure = 'subject' | 'third_party' | 'mixed' | 'staff';

/** One thing held, as the data protection officer reviews it before release. */
export interface ExportItem {
  section: string;
  label: string;
  value: string;
  disclosure: Disclosure;
  /** Must be reviewed (and third parties redacted) before release: everything not purely the person's own or staff's. */
  review: boolean;
  note?: string;
}

const NOTES: Record<Exclude<Disclosure, 'subject' | 'staff'>, string> = {
  third_party: "Another person's data: withhold unless they consent or it is reasonable to disclose (UK GDPR Art. 15(4); DPA 2018 Sch. 2 para. 16).",
  mixed: 'Mentions other people: redact what identifies them before release.',
};

/** One item, with the review flag and note its disclosure calls for. */
export function item(section: string, label: string, value: unknown, disclosure: Disclosure): ExportItem {
  const text = Array.isArray(value) ? value.join(', ') : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value ?? '');
  return { section, label, value: text, disclosure, review: disclosure === 'third_party' || disclosure === 'mixed', ...(disclosure === 'third_party' || disclosure === 'mixed' ? { note: NOTES[disclosure] } : {}) };
}

type Recorded = {
  kind?: string; capacity?: string; connection?: string; channel?: string; narrative?: string; categories?: string[]; characteristics?: string[];
  when?: { date?: string; approximate?: string }; where?: { campus?: string; building?: string; online?: string; offCampus?: string }; ongoing?: string;
  perpetrators?: { relation: string; name?: string; identifier?: string; description?: string }[];
  witnesses?: { name?: string; contact?: string; description?: string }[];
  wants?: string[]; consent?: { share?: boolean; with?: string[] };
  reporter?: { name?: string; email?: string; phone?: string; safeTimes?: string; contactByEmail?: boolean };
  onBehalfOf?: { name?: string; connection?: string };
};

/**
 * The report as recorded, item by item, each marked by whose data it is for this person: their
 * own details when they reported; the entry that names them when they are an alleged perpetrator
 * or witness; everyone else's details as third-party data; the account itself as mixed.
 */
export function reportItems(r: Recorded, roles: Set<SubjectRole>, isMe: { perpetrator(p: { name?: string; identifier?: string }): boolean; witness(w: { name?: string; contact?: string }): boolean }): ExportItem[] {
  const reporter = roles.has('reporter');
  const facts: Disclosure = reporter ? 'subject' : 'mixed';
  const out: ExportItem[] = [];
  const add = (label: string, value: unknown, d: Disclosure) => {
    if (value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && !value.length)) out.push(item('Report', label, value, d));
  };
  if (r.reporter) {
    add("Reporter's name", r.reporter.name, reporter ? 'subject' : 'third_party');
    add("Reporter's email", r.reporter.email, reporter ? 'subject' : 'third_party');
    add("Reporter's phone", r.reporter.phone, reporter ? 'subject' : 'third_party');
    add('Safe times to contact', r.reporter.safeTimes, reporter ? 'subject' : 'third_party');
  }
  add('Kind of report', r.kind, reporter ? 'subject' : 'third_party');
  add('Reported as', r.capacity, reporter ? 'subject' : 'third_party');
  add("Reporter's connection", r.connection, reporter ? 'subject' : 'third_party');
  add('Reported through', r.channel, reporter ? 'subject' : 'third_party');
  if (r.onBehalfOf?.name) add('Reported on behalf of', r.onBehalfOf.name, roles.has('affected_person') ? 'subject' : 'third_party');
  add('What happened (the reporter’s account)', r.narrative, 'mixed');
  add('Kinds of incident', r.categories, facts);
  add('Protected characteristics', r.characteristics, facts);
  add('When', [r.when?.date, r.when?.approximate].filter(Boolean).join(', '), facts);
  add('Where', [r.where?.campus, r.where?.building, r.where?.online && `online: ${r.where.online}`, r.where?.offCampus && `off campus: ${r.where.offCampus}`].filter(Boolean).join(', '), facts);
  add('Still happening', r.ongoing, facts);
  (r.perpetrators ?? []).forEach((p, i) => {
    const mine = roles.has('alleged_perpetrator') && isMe.perpetrator(p);
    add(`Person reported ${i + 1}`, [p.name, p.identifier, p.relation, p.description].filter(Boolean).join(' · '), mine ? 'subject' : 'third_party');
  });
  (r.witnesses ?? []).forEach((w, i) => {
    const mine = roles.has('witness') && isMe.witness(w);
    add(`Witness ${i + 1}`, [w.name, w.contact, w.description].filter(Boolean).join(' · '), mine ? 'subject' : 'third_party');
  });
  add('What the reporter asked for', r.wants, reporter ? 'subject' : 'third_party');
  add('Consent to share', r.consent?.share ? `yes, with: ${(r.consent.with ?? []).join(', ')}` : 'no', reporter ? 'subject' : 'third_party');
  return out;
}

const LABELS: Record<string, string> = {
  'case.message_to_reporter': 'Message to the reporter',
  'reporter.added': 'Information the reporter added',
  'case.contact_recorded': 'Contact with the reporter',
  'case.note_added': 'Case note',
  'case.closed': 'Case closed',
  'case.reopened': 'Case reopened',
  'case.referred': 'Referred to a department',
  'referral.responded': 'Department’s response',
  'case.task_added': 'Task',
};
const WITH_REPORTER = new Set(['case.message_to_reporter', 'reporter.added', 'case.contact_recorded']);

/** The case history: correspondence with the reporter is theirs; notes, referrals and tasks are mixed; the rest is staff activity. */
export function timelineItem(e: { type: string; at: Date; actorName: string; data: Record<string, unknown>; secret: Record<string, unknown> | null }, roles: Set<SubjectRole>): ExportItem {
  const when = e.at.toISOString().slice(0, 16).replace('T', ' ');
  const label = `${when} ${LABELS[e.type] ?? e.type.replace(/^case\./, '').replace(/_/g, ' ')} (${e.actorName})`;
  const secretText = e.secret ? Object.values(e.secret).filter((v) => typeof v === 'string').join('\n') : '';
  const dataText = Object.entries(e.data).filter(([k]) => !/Id$|^event$|^secretHash$/.test(k)).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('; ');
  const value = [secretText, dataText].filter(Boolean).join('\n');
  const disclosure: Disclosure = WITH_REPORTER.has(e.type) ? (roles.has('reporter') ? (e.type === 'case.message_to_reporter' ? 'subject' : 'mixed') : 'third_party') : secretText ? 'mixed' : 'staff';
  return item('History', label, value, disclosure);
}
