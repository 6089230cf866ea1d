import type { Sql } from '../db/database.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { loadCaseKey, openJson } from '../caseKeys.ts';
import { open } from '../crypto/keyring.ts';
import { matchKey, normaliseName } from '../matchKeys.ts';

/** How a person is looked for: any of their email address, name, and student or staff id. */
export interface SubjectQuery {
  email?: string;
  name?: string;
  identifier?: string;
}

/** The parts a person can play in a case; 'mentioned' only in what someone wrote. */
export type SubjectRole = 'reporter' | 'alleged_perpetrator' | 'witness' | 'affected_person' | 'mentioned';

/** Which match-key kind finds which role, from which part of the query. */
const KINDS: [kind: string, field: keyof SubjectQuery, role: SubjectRole][] = [
  ['reporter', 'email', 'reporter'],
  ['reporter-name', 'name', 'reporter'],
  ['person', 'name', 'alleged_perpetrator'],
  ['person-id', 'identifier', 'alleged_perpetrator'],
  ['witness', 'name', 'witness'],
  ['witness-contact', 'email', 'witness'],
  ['on-behalf', 'name', 'affected_person'],
];

/** One match key to look for, with the role it stands for and the part of the query it came from. */
export interface SubjectKey {
  key: string;
  role: SubjectRole;
  via: keyof SubjectQuery;
}

/** The keyed hashes a person would have left in cases.match_keys, whatever their role. */
export function subjectKeys(institutionKey: Buffer, q: SubjectQuery): SubjectKey[] {
  const out: SubjectKey[] = [];
  for (const [kind, field, role] of KINDS) {
    const key = matchKey(institutionKey, kind, q[field]);
    if (key) out.push({ key, role, via: field });
  }
  return out;
}

/** A case the person appears in, found by the index or by reading what was written. */
export interface SubjectCaseHit {
  caseId: string;
  reference: string;
  roles: SubjectRole[];
  via: (keyof SubjectQuery)[];
  /** Found by name alone: someone else may share the name, so a person must confirm before release. */
  nameOnly: boolean;
}

/** Every case in which the person appears, found through the match-key index without decrypting anything. */
export async function findSubjectCases(tx: Sql, keys: SubjectKey[]): Promise<SubjectCaseHit[]> {
  if (!keys.length) return [];
  const rows = (await tx.query<{ id: string; reference: string; match_keys: string[] }>('SELECT id, reference, match_keys FROM cases WHERE match_keys && $1::text[] ORDER BY created_at', [keys.map((k) => k.key)])).rows;
  return rows.map((r) => {
    const hits = keys.filter((k) => r.match_keys.includes(k.key));
    const via = [...new Set(hits.map((h) => h.via))];
    return { caseId: r.id, reference: r.reference, roles: [...new Set(hits.map((h) => h.role))], via, nameOnly: via.every((v) => v === 'name') };
  });
}

/**
 * The slow, thorough search: decrypts every case whose content still exists (a page at a time)
 * and looks for the person's name, email or id in what was written (reports, notes, messages),
 * for the cases the index cannot find because they only mention the person. Returns the cases
 * not already found, as 'mentioned', and how many were read.
 */
export async function scanCaseTexts(tx: Sql, keyring: Keyring, q: SubjectQuery, skip: Set<string>): Promise<{ hits: SubjectCaseHit[]; scanned: number }> {
  const needles = [q.name, q.email, q.identifier].map((v) => (v ? normaliseName(v) : '')).filter((v) => v.length >= 3);
  const hits: SubjectCaseHit[] = [];
  let scanned = 0;
  if (!needles.length) return { hits, scanned };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = (await tx.query<{ id: string; reference: string; content: Uint8Array }>(
      `SELECT c.id, c.reference, r.content FROM cases c JOIN reports r ON r.case_id = c.id WHERE c.content_destroyed_at IS NULL AND c.id > $1 ORDER BY c.id LIMIT 200`, [after])).rows;
    if (!page.length) return { hits, scanned };
    after = page[page.length - 1]!.id;
    for (const c of page) {
      if (skip.has(c.id)) continue;
      const key = await loadCaseKey(tx, keyring, c.id);
      if (!key) continue;
      scanned++;
      const texts = [open(key, c.content, `${c.id}:report`).toString('utf8')];
      for (const e of (await tx.query<{ id: string; secret: Uint8Array }>('SELECT id, secret FROM case_events WHERE case_id = $1 AND secret IS NOT NULL', [c.id])).rows)
        texts.push(JSON.stringify(openJson(key, c.id, `event:${e.id}`, e.secret)));
      const found = needles.filter((n) => texts.some((t) => normaliseName(t).includes(n)));
      if (found.length) hits.push({ caseId: c.id, reference: c.reference, roles: ['mentioned'], via: [], nameOnly: !found.some((n) => n.includes('@') || /\d/.test(n)) });
    }
  }
}
