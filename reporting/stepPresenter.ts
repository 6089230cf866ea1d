import type { Institution } from '../core/institutions.ts';
import type { OptionItem } from '../core/options.ts';
import type { Draft } from './draftToken.ts';
import type { FieldErrors } from './reportForm.schema.ts';
import type { FormOptions } from './context.ts';
import type { LaunchIdentity } from '../lti-tool/launchToken.ts';
import { type StepId, stepsFor } from './steps.ts';
import { fieldId, presentErrors, type Msg } from './messages.ts';
import { EQUALITY_QUESTIONS } from './equality.ts';
import { summarise } from './summaryPresenter.ts';

/** What a step page is rendered with, besides the draft token itself. */
export interface StepContext {
  institution: Institution;
  options: FormOptions;
  msg: Msg;
  draft: Draft;
  errors: FieldErrors;
  /** A notice above the form (the form expired, a file was refused…), already in words. */
  notices: string[];
  launch?: { token: string; identity: LaunchIdentity } | null;
  evidence: { enabled: boolean; maxFileMb: number; maxFiles: number; accept: string };
}

const FIELD_ORDER = [
  'kind', 'capacity', 'connection', 'onBehalfName', 'onBehalfConnection', 'narrative', 'categories', 'characteristics', 'day', 'month', 'year', 'approximate', 'ongoing',
  'campus', 'building', 'online', 'offCampus', 'perpetrators', 'witnesses', 'evidence', 'wants', 'consentShare', 'consentWith', 'name', 'email', 'phone', 'safeTimes',
  'contactByEmail', 'equality',
];

const checks = (items: OptionItem[], chosen: string[] = []) => items.map((o) => ({ key: o.key, label: o.label, description: o.description, checked: chosen.includes(o.key), id: `${o.kind}-${o.key}` }));

/**
 * The view model of one step: values as typed, the institution's options with what is chosen,
 * errors (summary and per field), progress, and the step's own extras (people rows, files,
 * a Moodle prefill only on the contact step of a named report).
 */
export function presentStep(step: StepId, c: StepContext) {
  const a = c.draft.answers;
  const steps = stepsFor(a);
  const errors = presentErrors(c.msg, c.errors, FIELD_ORDER);
  const e = errors.byField;
  const title = c.msg(`report.step.${step}.title`);
  const base = {
    title: errors.any ? c.msg('report.errorTitle', { title }) : title,
    stepTitle: title,
    step,
    stepNumber: steps.indexOf(step) + 1,
    stepCount: steps.length,
    v: a,
    e,
    errors,
    notices: c.notices,
    returnToCheck: Boolean(c.draft.returnToCheck) && step !== 'check',
    isFirst: step === 'about',
    ids: Object.fromEntries(FIELD_ORDER.map((f) => [f, fieldId(f)])),
  };
  switch (step) {
    case 'what':
      return { ...base, categories: checks(c.options.category, a.categories), characteristics: checks(c.options.characteristic, a.characteristics) };
    case 'where':
      return {
        ...base,
        campuses: c.options.campus.map((o) => ({ key: o.key, label: o.label, selected: a.campus === o.key })),
        buildingGroups: c.options.campus
          .map((campus) => ({ label: campus.label, campus: campus.key as string | null, buildings: c.options.building.filter((b) => b.parentKey === campus.key).map((b) => ({ key: b.key, label: b.label, selected: a.building === b.key })) }))
          .concat([{ label: c.msg('report.where.otherBuildings'), campus: null, buildings: c.options.building.filter((b) => !c.options.campus.some((x) => x.key === b.parentKey)).map((b) => ({ key: b.key, label: b.label, selected: a.building === b.key })) }])
          .filter((g) => g.buildings.length),
      };
    case 'people':
      return { ...base, rows: rows(a.perpetrators ?? [], 'perpetrators', ['relation', 'name', 'identifier', 'description'], e, c.msg), canAdd: (a.perpetrators ?? []).length < 20 };
    case 'witnesses':
      return { ...base, rows: rows(a.witnesses ?? [], 'witnesses', ['name', 'contact', 'description'], e, c.msg), canAdd: (a.witnesses ?? []).length < 20 };
    case 'evidence':
      return { ...base, files: c.draft.files.map((f) => ({ ...f, sizeText: sizeText(f.size) })), evidence: c.evidence, canAdd: c.evidence.enabled && c.draft.files.length < c.evidence.maxFiles };
    case 'wants':
      return { ...base, departments: checks(c.options.department, a.consentWith) };
    case 'contact': {
      const prefill = a.name === undefined && c.launch?.identity.prefill;
      return prefill ? { ...base, v: { ...a, name: prefill.name ?? '', email: prefill.email ?? '' }, prefilled: true } : base;
    }
    case 'equality':
      return {
        ...base,
        questions: Object.entries(EQUALITY_QUESTIONS).map(([q, answers]) => ({
          key: q,
          id: fieldId(`equality.${q}`),
          label: c.msg(`report.equality.${q}`),
          error: e[`equality.${q}`],
          answers: answers.map((x) => ({ value: x, label: c.msg(`report.equality.${q}.${x}`), selected: a.equality?.[q] === x })),
        })),
      };
    case 'check':
      return { ...base, sections: summarise(a, c.draft.files, c.options, c.msg) };
    default:
      return base;
  }
}

function rows(list: object[], prefix: string, fields: string[], e: Record<string, string>, msg: Msg) {
  const filled = list.map((r, i) => ({ r, i }));
  return [...filled, { r: {}, i: list.length }].slice(0, 20).map(({ r, i }) => ({
    index: i,
    n: i + 1,
    legend: i < list.length ? msg(`report.${prefix}.person`, { n: i + 1 }) : msg(`report.${prefix}.new`),
    filled: i < list.length,
    values: r as Record<string, string>,
    fields: Object.fromEntries(fields.map((f) => [f, { name: `${prefix}.${i}.${f}`, id: fieldId(`${prefix}.${i}.${f}`), error: e[`${prefix}.${i}.${f}`] }])),
  }));
}

export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
