import type { Answers } from './answers.ts';

/** The form's short pages, in order. Titles are `report.step.<id>.title` in the message catalogue. */
export const STEPS = ['about', 'what', 'when', 'where', 'people', 'witnesses', 'evidence', 'wants', 'contact', 'equality', 'check'] as const;
export type StepId = (typeof STEPS)[number];

export const isStep = (s: unknown): s is StepId => typeof s === 'string' && (STEPS as readonly string[]).includes(s);

/** The steps this reporter walks through: an anonymous report has no contact details page. */
export function stepsFor(a: Answers): StepId[] {
  return STEPS.filter((s) => !(s === 'contact' && a.kind === 'anonymous'));
}

export function nextStep(a: Answers, step: StepId): StepId {
  const list = stepsFor(a);
  return list[Math.min(list.indexOf(step) + 1, list.length - 1)] ?? 'check';
}

export function previousStep(a: Answers, step: StepId): StepId {
  const list = stepsFor(a);
  return list[Math.max(list.indexOf(step) - 1, 0)] ?? 'about';
}

/** Which step holds each form field (the first segment of its name). */
const FIELD_STEP: Record<string, StepId> = {
  kind: 'about', capacity: 'about', connection: 'about', onBehalfName: 'about', onBehalfConnection: 'about',
  narrative: 'what', categories: 'what', characteristics: 'what',
  day: 'when', month: 'when', year: 'when', approximate: 'when', ongoing: 'when',
  campus: 'where', building: 'where', online: 'where', offCampus: 'where',
  perpetrators: 'people', witnesses: 'witnesses', evidence: 'evidence',
  wants: 'wants', consentShare: 'wants', consentWith: 'wants',
  name: 'contact', email: 'contact', phone: 'contact', safeTimes: 'contact', contactByEmail: 'contact',
  equality: 'equality',
};

export const stepOfField = (field: string): StepId => FIELD_STEP[field.split('.')[0]!] ?? 'check';

/** The core names fields by report path (`reporter.name`, `when.date`); the form by input name. */
const CORE_PATHS: Record<string, string> = {
  'when.date': 'day', 'when.approximate': 'approximate', 'where.campus': 'campus', 'where.building': 'building', 'where.online': 'online',
  'where.offCampus': 'offCampus', 'consent.with': 'consentWith', 'consent.share': 'consentShare', 'onBehalfOf.name': 'onBehalfName',
  'onBehalfOf.connection': 'onBehalfConnection', 'reporter.name': 'name', 'reporter.email': 'email', 'reporter.phone': 'phone',
  'reporter.safeTimes': 'safeTimes', 'reporter.contactByEmail': 'contactByEmail',
};

export function fieldForCorePath(path: string): string {
  if (CORE_PATHS[path]) return CORE_PATHS[path]!;
  const [head, index] = path.split('.');
  if (head === 'categories' || head === 'characteristics' || head === 'wants') return head;
  if ((head === 'perpetrators' || head === 'witnesses') && index !== undefined) return path;
  return head ?? 'form';
}
