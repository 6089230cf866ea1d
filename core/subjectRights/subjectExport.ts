import type { Core } from '../core.ts';
import type { Sql } from '../db/database.ts';
import type { Actor } from '../actor.ts';
import { DomainError, forbidden } from '../errors.ts';
import { canInInstitution } from '../policies/casePolicy.ts';
import { institutionMatchKey, loadInstitution } from '../institutions.ts';
import { loadCaseKey, openJson } from '../caseKeys.ts';
import { open } from '../crypto/keyring.ts';
import { matchKey } from '../matchKeys.ts';
import { loadCase } from '../queries/caseState.ts';
import { logAccess } from '../queries/accessLog.ts';
import { recordCaseEvent } from '../record.ts';
import { staffNames } from '../staff.ts';
import { findSubjectCases, scanCaseTexts, subjectKeys, type SubjectCaseHit, type SubjectQuery, type SubjectRole } from './subjectSearch.ts';
import { item, reportItems, timelineItem, type ExportItem } from './caseDisclosure.ts';

/** One case in the export: how the person was found, their roles, and every item held. */
export interface SubjectCase {
  reference: string;
  roles: SubjectRole[];
  matchedBy: (keyof SubjectQuery)[];
  nameOnly: boolean;
  status: string;
  openedAt: string;
  closedAt: string | null;
  contentDestroyedAt: string | null;
  items: ExportItem[];
}

/** Everything Harbour holds about one person, for a subject access request, marked for review. */
export interface SubjectExport {
  format: 'harbour-subject-access/1';
  institution: { name: string; slug: string };
  generatedAt: string;
  requestId: string | null;
  searchedFor: SubjectQuery;
  summary: { cases: number; items: number; forReview: number; textsScanned: number | null };
  cases: SubjectCase[];
  otherRecords: ExportItem[];
  notes: string[];
}

/** Subject rights are for the data protection officer (auditor) and administrators, or an operator command. */
export function mayHandleSubjectRights(actor: Actor): boolean {
  return actor.kind === 'system' || canInInstitution(actor, 'subject_requests');
}

const NOTES = [
  'This is a draft for the data protection officer, not for release as it stands.',
  'Items marked for review hold other people’s data (reporters, other people named, witnesses): redact or withhold them unless the law allows disclosure.',
  'Cases found by name alone may be about someone else with the same name: confirm before release.',
  'Content destroyed under the retention policy cannot be recovered and is listed by reference only.',
  'Equality monitoring answers are kept apart from reports without any link to a person, so they are not held about anyone.',
];

/**
 * Finds every case the person appears in (as reporter, alleged perpetrator, witness or the person
 * reported for) through the match-key index, decrypts them, and lists everything held, each item
 * marked as theirs, third-party, mixed or staff activity. With `scanText` it also reads what was
 * written in every case for the person's name, email or id (slow; finds mere mentions). Each case read is recorded in the ledger
 * (and in the access log for staff), and non-case records are included: a staff record, mail sent
 * to the address, earlier requests.
 */
export async function exportSubjectData(core: Core, actor: Actor, query: SubjectQuery, opts: { requestId?: string; scanText?: boolean } = {}): Promise<SubjectExport> {
  if (!mayHandleSubjectRights(actor)) throw forbidden('Subject access requests are handled by the data protection officer.');
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const inst = await loadInstitution(tx, actor.institutionId);
    const mk = await institutionMatchKey(tx, core.keyring, inst.id);
    const keys = subjectKeys(mk, query);
    if (!keys.length) throw new DomainError('invalid', 'Give the person’s email address, name or student/staff id.', { email: 'is empty' });
    const keySet = new Set(keys.map((k) => k.key));
    const has = (kind: string, v?: string) => {
      const k = matchKey(mk, kind, v);
      return k !== null && keySet.has(k);
    };
    const isMe = { perpetrator: (p: { name?: string; identifier?: string }) => has('person', p.name) || has('person-id', p.identifier), witness: (w: { name?: string; contact?: string }) => has('witness', w.name) || has('witness-contact', w.contact) };
    const hits = await findSubjectCases(tx, keys);
    const scan = opts.scanText ? await scanCaseTexts(tx, core.keyring, query, new Set(hits.map((h) => h.caseId))) : null;
    const cases: SubjectCase[] = [];
    for (const hit of [...hits, ...(scan?.hits ?? [])]) cases.push(await exportCase(core, tx, actor, hit, isMe, opts.requestId ?? null));
    const otherRecords = await otherRecordsFor(tx, query, keys.map((k) => k.key));
    const all = [...cases.flatMap((c) => c.items), ...otherRecords];
    return {
      format: 'harbour-subject-access/1',
      institution: { name: inst.name, slug: inst.slug },
      generatedAt: core.now().toISOString(),
      requestId: opts.requestId ?? null,
      searchedFor: query,
      summary: { cases: cases.length, items: all.length, forReview: all.filter((i) => i.review).length, textsScanned: scan?.scanned ?? null },
      cases,
      otherRecords,
      notes: NOTES,
    };
  });
}

async function exportCase(core: Core, tx: Sql, actor: Actor, hit: SubjectCaseHit, isMe: Parameters<typeof reportItems>[2], requestId: string | null): Promise<SubjectCase> {
  const c = (await loadCase(tx, hit.caseId))!;
  const roles = new Set(hit.roles);
  const at = core.now();
  const reporter = roles.has('reporter');
  const items: ExportItem[] = [
    item('Case', 'Reference', c.reference, reporter ? 'subject' : 'mixed'),
    item('Case', 'Status', c.outcome ? `${c.status} (${c.outcome})` : c.status, reporter ? 'subject' : 'mixed'),
  ];
  const key = await loadCaseKey(tx, core.keyring, c.id);
  if (key) {
    const r = (await tx.query<{ content: Uint8Array }>('SELECT content FROM reports WHERE case_id = $1', [c.id])).rows[0];
    if (r) items.push(...reportItems((JSON.parse(open(key, r.content, `${c.id}:report`).toString('utf8')) as { report: Parameters<typeof reportItems>[0] }).report, roles, isMe));
    const events = (await tx.query<{ id: string; type: string; at: Date; actor: string; data: Record<string, unknown>; secret: Uint8Array | null }>('SELECT id, type, at, actor, data, secret FROM case_events WHERE case_id = $1 ORDER BY at, ledger_seq', [c.id])).rows;
    const names = await staffNames(tx, events.map((e) => (e.actor.startsWith('staff:') ? e.actor.slice(6) : null)));
    for (const e of events) {
      const actorName = e.actor === 'reporter' ? 'the reporter' : e.actor.startsWith('staff:') ? (names.get(e.actor.slice(6)) ?? 'staff') : 'Harbour';
      items.push(timelineItem({ type: e.type, at: e.at, actorName, data: e.data, secret: e.secret ? openJson<Record<string, unknown>>(key, c.id, `event:${e.id}`, e.secret) : null }, roles));
    }
    for (const m of (await tx.query<{ starts_at: Date; mode: string; status: string }>('SELECT starts_at, mode, status FROM meetings WHERE case_id = $1 ORDER BY starts_at', [c.id])).rows)
      items.push(item('Meetings', m.starts_at.toISOString().slice(0, 16).replace('T', ' '), `${m.mode}, ${m.status}`, reporter ? 'subject' : 'third_party'));
    for (const f of (await tx.query<{ detected_type: string; size: number; uploaded_at: Date }>('SELECT detected_type, size, uploaded_at FROM evidence_files WHERE case_id = $1 ORDER BY uploaded_at', [c.id])).rows)
      items.push(item('Evidence files', f.uploaded_at.toISOString().slice(0, 10), `${f.detected_type}, ${Number(f.size)} bytes (review the file itself in the evidence pack)`, reporter ? 'mixed' : 'third_party'));
    await logAccess(tx, actor, c.id, 'subject_access.exported', at);
    await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.subject_access_export', at, data: { requestId, roles: hit.roles } });
  } else items.push(item('Case', 'Content', 'Destroyed under the retention policy: nothing more is held.', 'staff'));
  const closed = c.closedAt ? c.closedAt.toISOString() : null;
  const destroyed = (await tx.query<{ content_destroyed_at: Date | null }>('SELECT content_destroyed_at FROM cases WHERE id = $1', [c.id])).rows[0]?.content_destroyed_at ?? null;
  return { reference: c.reference, roles: hit.roles, matchedBy: hit.via, nameOnly: hit.nameOnly, status: c.status, openedAt: c.createdAt.toISOString(), closedAt: closed, contentDestroyedAt: destroyed ? destroyed.toISOString() : null, items };
}

/** Held outside cases: a staff record and the cases that person opened, mail sent to the address, earlier requests. */
async function otherRecordsFor(tx: Sql, q: SubjectQuery, keys: string[]): Promise<ExportItem[]> {
  const out: ExportItem[] = [];
  if (q.email) {
    const staff = (await tx.query<{ id: string; display_name: string; email: string; roles: string[]; department_key: string | null }>('SELECT id, display_name, email, roles, department_key FROM staff WHERE lower(email) = lower($1)', [q.email])).rows[0];
    if (staff) {
      out.push(item('Staff record', 'Name and email', `${staff.display_name} <${staff.email}>`, 'subject'), item('Staff record', 'Roles', staff.roles, 'subject'));
      if (staff.department_key) out.push(item('Staff record', 'Department', staff.department_key, 'subject'));
      const opened = (await tx.query<{ at: Date; what: string; reference: string }>('SELECT a.at, a.what, c.reference FROM access_log a JOIN cases c ON c.id = a.case_id WHERE a.staff_id = $1 ORDER BY a.at', [staff.id])).rows;
      for (const a of opened) out.push(item('Cases you opened', a.at.toISOString().slice(0, 16).replace('T', ' '), `${a.reference} (${a.what})`, 'subject'));
    }
    for (const m of (await tx.query<{ subject: string; sent_at: Date; channel: string }>('SELECT subject, sent_at, channel FROM sent_messages WHERE lower(recipient) = lower($1) ORDER BY sent_at', [q.email])).rows)
      out.push(item('Messages sent to you', m.sent_at.toISOString().slice(0, 16).replace('T', ' '), `${m.subject} (${m.channel})`, 'subject'));
  }
  for (const r of (await tx.query<{ kind: string; received_at: Date; status: string }>('SELECT kind, received_at, status FROM subject_requests WHERE match_keys && $1::text[] ORDER BY received_at', [keys])).rows)
    out.push(item('Your requests', r.received_at.toISOString().slice(0, 10), `${r.kind === 'access' ? 'Access' : 'Erasure'} request: ${r.status}`, 'subject'));
  return out;
}
