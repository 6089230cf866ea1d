import { z } from 'zod';
import type { Answers } from './answers.ts';
import { isoDate } from './answers.ts';
import type { StepId } from './steps.ts';
import { EQUALITY_QUESTIONS } from './equality.ts';

/** One problem with one field: a message catalogue key and what to fill into it. */
export interface FieldError {
  key: string;
  vars?: Record<string, string | number>;
}
export type FieldErrors = Record<string, FieldError>;

/** The institution's lists a step is checked against (keys only). */
export interface OptionKeys {
  category: Set<string>;
  characteristic: Set<string>;
  campus: Set<string>;
  building: Set<string>;
  department: Set<string>;
}

const KINDS = ['anonymous', 'named_record', 'adviser'] as const;
const CAPACITIES = ['self', 'witness', 'on_behalf'] as const;
const CONNECTIONS = ['student', 'staff', 'visitor', 'other'] as const;
const RELATIONS = ['student', 'staff', 'external', 'unknown'] as const;
const WANTS = ['support', 'information', 'formal_action', 'police_advice'] as const;

const TOO_LONG = 'report.error.tooLong';
/** Free text: trimmed, at most `max` characters (the same limits as the core's report schema). */
const text = (max: number) => z.string().trim().max(max, TOO_LONG);
const required = (max: number, key: string) => text(max).min(1, key);
const choice = <T extends readonly [string, ...string[]]>(values: T, key: string) => z.enum(values, { error: key });
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, key: string) => z.union([z.literal(''), z.enum(values)], { error: key }).optional();
const known = (set: Set<string>, key: string) => z.string().refine((v) => set.has(v), key);
const optionalKnown = (set: Set<string>, key: string) => z.string().refine((v) => v === '' || set.has(v), key).optional();

/**
 * The form schema of each step: what a reporter must answer there and the limits of what they
 * type. Messages are catalogue keys. The core checks the whole report again when it is sent.
 */
function stepSchema(step: StepId, o: OptionKeys, now: Date) {
  switch (step) {
    case 'about':
      return z.object({
        kind: choice(KINDS, 'report.error.kind'),
        capacity: choice(CAPACITIES, 'report.error.capacity'),
        connection: choice(CONNECTIONS, 'report.error.connection'),
        onBehalfName: text(200).optional(),
        onBehalfConnection: optionalChoice(CONNECTIONS, 'report.error.connection'),
      });
    case 'what':
      return z.object({
        narrative: required(20000, 'report.error.narrative'),
        categories: z.array(known(o.category, 'report.error.unknownOption')).min(1, 'report.error.categories').max(20, 'report.error.tooMany'),
        characteristics: z.array(known(o.characteristic, 'report.error.unknownOption')).max(20, 'report.error.tooMany'),
      });
    case 'when':
      return z
        .object({ day: z.string().optional(), month: z.string().optional(), year: z.string().optional(), approximate: text(200).optional(), ongoing: optionalChoice(['yes', 'no', 'unsure'] as const, 'report.error.ongoing') })
        .superRefine((a, ctx) => {
          const problem = dateProblem(a, now);
          if (problem) ctx.addIssue({ code: 'custom', path: ['day'], message: problem });
        });
    case 'where':
      return z.object({
        campus: optionalKnown(o.campus, 'report.error.unknownOption'),
        building: optionalKnown(o.building, 'report.error.unknownOption'),
        online: text(200).optional(),
        offCampus: text(300).optional(),
      });
    case 'people':
      return z.object({
        perpetrators: z
          .array(z.object({ relation: optionalChoice(RELATIONS, 'report.error.relation'), name: text(200).optional(), identifier: text(100).optional(), description: text(2000).optional() }))
          .max(20, 'report.error.tooManyPeople'),
      });
    case 'witnesses':
      return z.object({
        witnesses: z.array(z.object({ name: text(200).optional(), contact: text(300).optional(), description: text(2000).optional() })).max(20, 'report.error.tooManyPeople'),
      });
    case 'wants':
      return z.object({
        wants: z.array(z.enum(WANTS, { error: 'report.error.unknownOption' })),
        consentShare: optionalChoice(['yes', 'no'] as const, 'report.error.consent'),
        consentWith: z.array(known(o.department, 'report.error.unknownOption')).max(20, 'report.error.tooMany'),
      });
    case 'contact':
      return z
        .object({
          kind: z.string().optional(),
          name: required(200, 'report.error.name'),
          email: z.union([z.literal(''), z.email('report.error.email').max(254, TOO_LONG)]).optional(),
          phone: text(40).optional(),
          safeTimes: text(300).optional(),
          contactByEmail: z.string().optional(),
        })
        .superRefine((a, ctx) => {
          const email = (a.email ?? '').trim();
          if (a.kind === 'adviser' && !email && !(a.phone ?? '').trim()) ctx.addIssue({ code: 'custom', path: ['email'], message: 'report.error.adviserContact' });
          if (a.contactByEmail === 'yes' && !email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'report.error.emailForContact' });
        });
    case 'equality':
      return z.object({
        equality: z.object(Object.fromEntries(Object.entries(EQUALITY_QUESTIONS).map(([q, answers]) => [q, z.enum(answers as [string, ...string[]], { error: 'report.error.unknownOption' }).optional()]))),
      });
    default:
      return null;
  }
}

/** Why the date boxes don't make a usable date, or null (all empty is fine: "around March" may be all they know). */
function dateProblem(a: { day?: string; month?: string; year?: string }, now: Date): string | null {
  const parts = [a.day, a.month, a.year].map((x) => (x ?? '').trim());
  if (parts.every((p) => !p)) return null;
  if (parts.some((p) => !p)) return 'report.error.dateIncomplete';
  if (!/^\d{1,2}$/.test(parts[0]!) || !/^\d{1,2}$/.test(parts[1]!) || !/^\d{4}$/.test(parts[2]!)) return 'report.error.dateNotReal';
  const iso = isoDate(a as Answers)!;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) return 'report.error.dateNotReal';
  if (d.getTime() > now.getTime() + 86_400_000) return 'report.error.dateFuture';
  if (d.getUTCFullYear() < 1950) return 'report.error.dateTooOld';
  return null;
}

const LIST_FIELDS = new Set(['categories', 'characteristics', 'wants', 'consentWith']);

/** Checks one step's answers; the errors are keyed by form field name (`perpetrators.0.name`). */
export function validateStep(step: StepId, a: Answers, options: OptionKeys, now: Date): FieldErrors {
  const schema = stepSchema(step, options, now);
  if (!schema) return {};
  const input = {
    ...a,
    narrative: a.narrative ?? '',
    name: a.name ?? '',
    categories: a.categories ?? [],
    characteristics: a.characteristics ?? [],
    perpetrators: a.perpetrators ?? [],
    witnesses: a.witnesses ?? [],
    wants: a.wants ?? [],
    consentWith: a.consentShare === 'yes' ? (a.consentWith ?? []) : [],
    equality: a.equality ?? {},
  };
  const r = schema.safeParse(input);
  if (r.success) return {};
  const errors: FieldErrors = {};
  for (const issue of r.error.issues) {
    const path = issue.path.map(String);
    const field = LIST_FIELDS.has(path[0]!) ? path[0]! : path.join('.');
    const vars = issue.code === 'too_big' ? { max: Number((issue as { maximum?: number | bigint }).maximum) } : undefined;
    errors[field] ??= { key: issue.message.startsWith('report.') ? issue.message : 'report.error.invalid', ...(vars ? { vars } : {}) };
  }
  return errors;
}
