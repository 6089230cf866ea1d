import type { ReportInput } from '../core/model/report.ts';

export interface PersonAnswer {
  relation?: string;
  name?: string;
  identifier?: string;
  description?: string;
}
export interface WitnessAnswer {
  name?: string;
  contact?: string;
  description?: string;
}

/** What the reporter typed, step by step, exactly as typed (checked only when they move on). */
export interface Answers {
  kind?: string;
  capacity?: string;
  connection?: string;
  onBehalfName?: string;
  onBehalfConnection?: string;
  narrative?: string;
  categories?: string[];
  characteristics?: string[];
  day?: string;
  month?: string;
  year?: string;
  approximate?: string;
  ongoing?: string;
  campus?: string;
  building?: string;
  online?: string;
  offCampus?: string;
  perpetrators?: PersonAnswer[];
  witnesses?: WitnessAnswer[];
  wants?: string[];
  consentShare?: string;
  consentWith?: string[];
  name?: string;
  email?: string;
  phone?: string;
  safeTimes?: string;
  contactByEmail?: string;
  equality?: Record<string, string>;
}

/** A parsed form body: urlencoded (one value or several) or multipart fields. */
export type FormBody = Record<string, string | string[] | undefined>;

const MAX_ROWS = 20;

export const one = (body: FormBody, name: string): string | undefined => {
  const v = body[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s : undefined;
};
export const many = (body: FormBody, name: string): string[] => {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string' && x !== '').slice(0, 50);
};

function rows<T extends object>(body: FormBody, prefix: string, fields: (keyof T & string)[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < MAX_ROWS; i++) {
    const row = Object.fromEntries(fields.map((f) => [f, one(body, `${prefix}.${i}.${f}`) ?? '']));
    if (!blank(row)) out.push(row as T);
  }
  return out;
}

/** A row the reporter left empty (or only chose "I don't know" in) is not a person. */
const blank = (o: object) => Object.entries(o).every(([k, v]) => !String(v ?? '').trim() || (k === 'relation' && v === 'unknown'));

const PERSON: (keyof PersonAnswer)[] = ['relation', 'name', 'identifier', 'description'];
const WITNESS: (keyof WitnessAnswer)[] = ['name', 'contact', 'description'];

/**
 * Reads one step's fields from the posted form into the answers. Only the posted step's fields
 * change (an unticked box on that step means "none"); everything else is kept as it was.
 */
export function readStep(step: string, body: FormBody, previous: Answers, equalityQuestions: string[] = []): Answers {
  const a: Answers = { ...previous };
  const text = (k: keyof Answers & string) => {
    (a as Record<string, unknown>)[k] = one(body, k) ?? '';
  };
  switch (step) {
    case 'about':
      ['kind', 'capacity', 'connection', 'onBehalfName', 'onBehalfConnection'].forEach((k) => text(k as keyof Answers & string));
      break;
    case 'what':
      text('narrative');
      a.categories = many(body, 'categories');
      a.characteristics = many(body, 'characteristics');
      break;
    case 'when':
      ['day', 'month', 'year', 'approximate', 'ongoing'].forEach((k) => text(k as keyof Answers & string));
      break;
    case 'where':
      ['campus', 'building', 'online', 'offCampus'].forEach((k) => text(k as keyof Answers & string));
      break;
    case 'people':
      a.perpetrators = rows<PersonAnswer>(body, 'perpetrators', PERSON);
      break;
    case 'witnesses':
      a.witnesses = rows<WitnessAnswer>(body, 'witnesses', WITNESS);
      break;
    case 'wants':
      a.wants = many(body, 'wants');
      text('consentShare');
      a.consentWith = many(body, 'consentWith');
      break;
    case 'contact':
      ['name', 'email', 'phone', 'safeTimes'].forEach((k) => text(k as keyof Answers & string));
      a.contactByEmail = one(body, 'contactByEmail') === 'yes' ? 'yes' : '';
      break;
    case 'equality':
      a.equality = Object.fromEntries(equalityQuestions.map((q) => [q, one(body, `equality.${q}`) ?? '']).filter(([, v]) => v));
      break;
  }
  return a;
}

const t = (s: string | undefined) => (s ?? '').trim() || undefined;

/** The ISO date the three date boxes make, or undefined when all are empty. */
export function isoDate(a: Answers): string | undefined {
  const [d, m, y] = [t(a.day), t(a.month), t(a.year)];
  if (!d && !m && !y) return undefined;
  return `${(y ?? '').padStart(4, '0')}-${(m ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')}`;
}

/** The answers as the core's report input. Nothing identifying is included for an anonymous report. */
export function toReportInput(a: Answers, channel: 'web' | 'lti'): ReportInput {
  const named = a.kind !== 'anonymous';
  const onBehalf = a.capacity === 'on_behalf';
  return {
    kind: a.kind as ReportInput['kind'],
    capacity: a.capacity as ReportInput['capacity'],
    connection: a.connection as ReportInput['connection'],
    channel,
    narrative: a.narrative ?? '',
    categories: a.categories ?? [],
    characteristics: a.characteristics ?? [],
    when: { date: isoDate(a), approximate: t(a.approximate) },
    where: { campus: t(a.campus), building: t(a.building), online: t(a.online), offCampus: t(a.offCampus) },
    ongoing: (t(a.ongoing) ?? 'unsure') as 'yes' | 'no' | 'unsure',
    perpetrators: (a.perpetrators ?? []).map((p) => ({ relation: (t(p.relation) ?? 'unknown') as 'unknown', name: t(p.name), identifier: t(p.identifier), description: t(p.description) })),
    witnesses: (a.witnesses ?? []).map((w) => ({ name: t(w.name), contact: t(w.contact), description: t(w.description) })),
    wants: (a.wants ?? []) as ('support' | 'information' | 'formal_action' | 'police_advice')[],
    consent: { share: a.consentShare === 'yes', with: a.consentShare === 'yes' ? (a.consentWith ?? []) : [] },
    ...(named
      ? { reporter: { name: (a.name ?? '').trim(), email: t(a.email), phone: t(a.phone), safeTimes: t(a.safeTimes), contactByEmail: a.contactByEmail === 'yes' && Boolean(t(a.email)) } }
      : {}),
    ...(onBehalf ? { onBehalfOf: { name: t(a.onBehalfName), connection: t(a.onBehalfConnection) as 'student' | undefined } } : {}),
    ...(a.equality && Object.keys(a.equality).length ? { equality: a.equality } : {}),
  };
}
