import type { Answers } from './answers.ts';
import { isoDate } from './answers.ts';
import type { DraftFile } from './draftToken.ts';
import type { FormOptions } from './context.ts';
import type { Msg } from './messages.ts';
import { stepsFor, type StepId } from './steps.ts';
import { EQUALITY_QUESTIONS } from './equality.ts';

type Row = { label: string; value: string };

/**
 * "Check your answers": every step's answers in words, each section with its Change button.
 * Empty answers say so, so the reporter sees what they left out.
 */
export function summarise(a: Answers, files: DraftFile[], o: FormOptions, msg: Msg) {
  const none = msg('report.check.none');
  const val = (s: string | undefined) => (s ?? '').trim() || none;
  const pick = (prefix: string, v: string | undefined) => (v ? msg(`${prefix}.${v}`) : none);
  const list = (items: string[]) => (items.length ? items.join(', ') : none);
  const sections: Partial<Record<StepId, Row[]>> = {
    about: [
      { label: msg('report.field.kind'), value: pick('report.kind', a.kind) },
      { label: msg('report.field.capacity'), value: pick('report.capacity', a.capacity) },
      { label: msg('report.field.connection'), value: pick('report.connection', a.connection) },
      ...(a.capacity === 'on_behalf'
        ? [{ label: msg('report.field.onBehalfName'), value: val(a.onBehalfName) }, { label: msg('report.field.onBehalfConnection'), value: pick('report.connection', a.onBehalfConnection) }]
        : []),
    ],
    what: [
      { label: msg('report.field.narrative'), value: val(a.narrative) },
      { label: msg('report.field.categories'), value: list((a.categories ?? []).map((k) => o.label('category', k))) },
      { label: msg('report.field.characteristics'), value: list((a.characteristics ?? []).map((k) => o.label('characteristic', k))) },
    ],
    when: [
      { label: msg('report.field.day'), value: isoDate(a) ? new Date(`${isoDate(a)}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }) : none },
      { label: msg('report.field.approximate'), value: val(a.approximate) },
      { label: msg('report.field.ongoing'), value: pick('report.ongoing', a.ongoing) },
    ],
    where: [
      { label: msg('report.field.campus'), value: a.campus ? o.label('campus', a.campus) : none },
      { label: msg('report.field.building'), value: a.building ? o.label('building', a.building) : none },
      { label: msg('report.field.online'), value: val(a.online) },
      { label: msg('report.field.offCampus'), value: val(a.offCampus) },
    ],
    people: (a.perpetrators ?? []).length
      ? (a.perpetrators ?? []).map((p, i) => ({
          label: msg('report.perpetrators.person', { n: i + 1 }),
          value: [pick('report.relation', p.relation || 'unknown'), p.name, p.identifier, p.description].filter((x) => (x ?? '').trim()).join(' · '),
        }))
      : [{ label: msg('report.step.people.title'), value: none }],
    witnesses: (a.witnesses ?? []).length
      ? (a.witnesses ?? []).map((w, i) => ({ label: msg('report.witnesses.person', { n: i + 1 }), value: [w.name, w.contact, w.description].filter((x) => (x ?? '').trim()).join(' · ') }))
      : [{ label: msg('report.step.witnesses.title'), value: none }],
    evidence: [{ label: msg('report.field.evidence'), value: list(files.map((f) => f.name)) }],
    wants: [
      { label: msg('report.field.wants'), value: list((a.wants ?? []).map((w) => msg(`report.wants.${w}`))) },
      { label: msg('report.field.consentShare'), value: pick('report.consent', a.consentShare) },
      ...(a.consentShare === 'yes' ? [{ label: msg('report.field.consentWith'), value: list((a.consentWith ?? []).map((k) => o.label('department', k))) }] : []),
    ],
    contact: [
      { label: msg('report.field.name'), value: val(a.name) },
      { label: msg('report.field.email'), value: val(a.email) },
      { label: msg('report.field.phone'), value: val(a.phone) },
      { label: msg('report.field.safeTimes'), value: val(a.safeTimes) },
      { label: msg('report.field.contactByEmail'), value: msg(a.contactByEmail === 'yes' ? 'report.check.yes' : 'report.check.no') },
    ],
    equality: Object.keys(EQUALITY_QUESTIONS).map((q) => ({ label: msg(`report.equality.${q}`), value: a.equality?.[q] ? msg(`report.equality.${q}.${a.equality[q]}`) : none })),
  };
  return stepsFor(a)
    .filter((s) => sections[s])
    .map((s) => ({ step: s, title: msg(`report.step.${s}.title`), rows: sections[s]!, changeLabel: msg('report.check.change', { section: msg(`report.step.${s}.title`) }) }));
}
