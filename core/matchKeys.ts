import crypto from 'node:crypto';
import type { Report } from './model/report.ts';

/** Lower-case, no accents, single spaces: "  Dr. José  SMITH" and "dr jose smith" match. */
export function normaliseName(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9@.]+/g, ' ').replace(/\b(dr|mr|mrs|ms|prof)\b\.?/g, '').trim().replace(/\s+/g, ' ');
}

/**
 * Keyed hashes (HMAC-SHA256) of what can link reports: the named reporter's email and name, each
 * alleged perpetrator's name and student/staff id. They match across cases without storing the
 * values themselves; retention deletes them with the case.
 */
export function reportMatchKeys(key: Buffer, r: Report): string[] {
  const out = new Set<string>();
  const add = (kind: string, value: string | undefined) => {
    const v = value ? normaliseName(value) : '';
    if (v) out.add(`${kind}:${crypto.createHmac('sha256', key).update(`${kind}:${v}`).digest('hex').slice(0, 32)}`);
  };
  if (r.kind !== 'anonymous') {
    add('reporter', r.reporter?.email);
    add('reporter-name', r.reporter?.name);
  }
  for (const p of r.perpetrators) {
    add('person', p.name);
    add('person-id', p.identifier);
  }
  return [...out];
}
