import type { CaseView } from '../../core/queries/caseReader.ts';
import type { Report } from '../../core/model/report.ts';
import type { Lookup, Words } from '../labels.ts';

const list = (items: string[] | undefined) => (items ?? []).filter(Boolean).join(', ');

/**
 * The original report, exactly as recorded, in words: what happened, when and where, what the
 * reporter wants and agreed to, and the people involved. Also the canonical record itself, with its
 * hash and ledger position, so anyone can check it was never changed.
 */
export function presentReport(w: Words, view: CaseView, lookup: Lookup) {
  if (!view.report) return null;
  const rec = view.report.recorded as { report?: Partial<Report> };
  const r = rec.report ?? {};
  const when = [r.when?.date, r.when?.approximate].filter(Boolean).join(' · ');
  const where = [lookup.label('campus', r.where?.campus), lookup.label('building', r.where?.building), r.where?.online && w('ws.report.online', { detail: r.where.online }), r.where?.offCampus && w('ws.report.offCampus', { detail: r.where.offCampus })]
    .filter(Boolean)
    .join(' · ');
  const fields = [
    { label: w('ws.report.kind'), value: w(`ws.kind.${r.kind}`) },
    { label: w('ws.report.capacity'), value: w(`ws.capacity.${r.capacity}`) },
    { label: w('ws.report.connection'), value: w(`ws.connection.${r.connection}`) },
    { label: w('ws.report.categories'), value: list(r.categories?.map((k) => lookup.label('category', k))) },
    { label: w('ws.report.characteristics'), value: list(r.characteristics?.map((k) => lookup.label('characteristic', k))) },
    { label: w('ws.report.when'), value: when },
    { label: w('ws.report.where'), value: where },
    { label: w('ws.report.ongoing'), value: r.ongoing ? w(`ws.ongoing.${r.ongoing}`) : '' },
    { label: w('ws.report.wants'), value: list(r.wants?.map((x) => w(`ws.wants.${x}`))) },
    { label: w('ws.report.consent'), value: r.consent?.share ? w('ws.report.consentWith', { departments: list(r.consent.with.map((k) => lookup.label('department', k))) || '—' }) : w('ws.report.noConsent') },
    { label: w('ws.report.channel'), value: w(`ws.channel.${r.channel}`) },
  ].filter((f) => f.value);
  return {
    submittedAt: view.report.submittedAt,
    contentHash: view.report.contentHash,
    ledgerSeq: view.report.ledgerSeq,
    narrative: r.narrative ?? '',
    fields,
    raw: JSON.stringify(view.report.recorded, null, 2),
    people: {
      reporter: r.reporter
        ? { name: r.reporter.name, email: r.reporter.email, phone: r.reporter.phone, safeTimes: r.reporter.safeTimes, contactByEmail: r.reporter.contactByEmail }
        : null,
      anonymous: r.kind === 'anonymous',
      onBehalfOf: r.onBehalfOf?.name || r.onBehalfOf?.connection ? { name: r.onBehalfOf.name, connection: r.onBehalfOf.connection ? w(`ws.connection.${r.onBehalfOf.connection}`) : '' } : null,
      perpetrators: (r.perpetrators ?? []).map((p, i) => ({ number: i + 1, relation: w(`ws.relation.${p.relation}`), name: p.name, identifier: p.identifier, description: p.description })),
      witnesses: (r.witnesses ?? []).map((x, i) => ({ number: i + 1, name: x.name, contact: x.contact, description: x.description })),
    },
  };
}
