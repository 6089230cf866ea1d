import crypto from 'node:crypto';
import type { Report } from './model/report.ts';

/** Lower-case, no accents, single spaces: "  Dr. José  SMITH" and "dr jose smith" match. */
export function normaliseName(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9@.]+/g, ' ').replace(/\b(dr|mr|mrs|ms|prof)\b\.?/g, '').trim().replace(/\s+/g, ' ');
}

/** One keyed hash: `kind:` then the first 128 bits of HMAC-SHA256 over the kind and the normalised value (null for an empty value). */
export function matchKey(key: Buffer, kind: string, value: string | undefined): string | null {
  const v = value ? normaliseName(value) : '';
  return v ? `${kind}:${crypto.createHmac('sha256', key).update(`${kind}:${v}`).digest('hex').slice(0, 32)}` : null;
}

/**
 * Keyed hashes (HMAC-SHA256) of what can link reports: the named reporter's email and name, each
 * alleged perpetrator's name and student/staff id, and (so a subject access request finds them)
 * each witness's name and contact and the person reported for. They match across cases without
 * storing the values themselves; retention deletes them with the case. Kinds other than
 * `reporter*` and `person*` do not suggest links.
 */
export function reportMatchKeys(key: Buffer, r: Report): string[] {
  const out = new Set<string>();
  const add = (kind: string, value: string | undefined) => {
    const k = matchKey(key, kind, value);
    if (k) out.add(k);
  };
  if (r.kind !== 'anonymous') {
    add('reporter', r.reporter?.email);
    add('reporter-name', r.reporter?.name);
  }
  for (const p of r.perpetrators) {
    add('person', p.name);
    add('person-id', p.identifier);
  }
  for (const w of r.witnesses) {
    add('witness', w.name);
    add('witness-contact', w.contact);
  }
  add('on-behalf', r.onBehalfOf?.name);
  return [...out];
}
