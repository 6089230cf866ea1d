import crypto from 'node:crypto';
import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { actorLabel } from '../actor.ts';
import { DomainError, forbidden, notFound } from '../errors.ts';
import { institutionMatchKey } from '../institutions.ts';
import { loadCase } from '../queries/caseState.ts';
import { destroyCaseContent } from '../retention/shredder.ts';
import { findSubjectCases, subjectKeys, type SubjectQuery, type SubjectRole } from './subjectSearch.ts';
import { exportSubjectData, mayHandleSubjectRights, type SubjectExport } from './subjectExport.ts';
import { erasureProposal } from './erasure.ts';

/** A person asks for a copy (Article 15) or for erasure (Article 17). */
export type RequestKind = 'access' | 'erasure';

/** One case a request concerns: the person's roles in it, what is proposed, what was decided and why. */
export interface RequestCase {
  caseId: string;
  reference: string;
  roles: SubjectRole[];
  proposal: 'export' | 'erase' | 'refuse' | 'already_destroyed';
  decision: 'exported' | 'erased' | 'refused' | 'already_destroyed' | null;
  reason: string | null;
  decidedAt: Date | null;
}

/** A recorded request, with who it is about unsealed, and its cases. */
export interface SubjectRequest {
  id: string;
  kind: RequestKind;
  status: 'open' | 'completed' | 'refused' | 'partly_refused';
  receivedAt: Date;
  dueOn: string;
  recordedBy: string;
  completedAt: Date | null;
  subject: SubjectQuery;
  cases: RequestCase[];
}

const guard = (actor: Actor) => {
  if (!mayHandleSubjectRights(actor)) throw forbidden('Subject rights requests are handled by the data protection officer.');
};
const clean = (q: SubjectQuery): SubjectQuery => Object.fromEntries(Object.entries(q).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]).filter(([, v]) => v)) as SubjectQuery;

/**
 * Records a subject access or erasure request: who it is about (sealed under the master keyring,
 * with match keys so a later request finds it), when it arrived and when the answer is due (one
 * month), and every case the person appears in with what is proposed for it. For erasure the
 * proposal follows `erasureProposal`, with the reason when refused.
 */
export async function recordSubjectRequest(core: Core, actor: Actor, input: { kind: RequestKind; subject: SubjectQuery }): Promise<SubjectRequest> {
  guard(actor);
  const subject = clean(input.subject);
  if (subject.email && !/^[^@\s]+@[^@\s]+$/.test(subject.email)) throw new DomainError('invalid', 'That email address does not look right.', { email: 'is not an email address' });
  const id = crypto.randomUUID();
  const at = core.now();
  const due = new Date(at);
  due.setUTCMonth(due.getUTCMonth() + 1);
  await core.db.forInstitution(actor.institutionId, async (tx) => {
    const keys = subjectKeys(await institutionMatchKey(tx, core.keyring, actor.institutionId), subject);
    if (!keys.length) throw new DomainError('invalid', 'Give the person’s email address, name or student/staff id.', { email: 'is empty' });
    const sealed = core.keyring.wrap(Buffer.from(JSON.stringify(subject)), `subject-request:${id}`);
    await tx.query(
      'INSERT INTO subject_requests (id, institution_id, kind, subject, subject_master_key_id, match_keys, received_at, due_on, recorded_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)',
      [id, actor.institutionId, input.kind, sealed.wrapped, sealed.keyId, keys.map((k) => k.key), at, due.toISOString().slice(0, 10), actorLabel(actor)],
    );
    for (const hit of await findSubjectCases(tx, keys)) {
      const c = (await loadCase(tx, hit.caseId))!;
      const p = input.kind === 'access' ? { proposal: 'export' as const, reason: null } : erasureProposal(c, hit.roles, hit.nameOnly);
      await tx.query('INSERT INTO subject_request_cases (request_id, institution_id, case_id, roles, proposal, reason) VALUES ($1,$2,$3,$4,$5,$6)', [id, actor.institutionId, c.id, hit.roles, p.proposal, p.reason]);
    }
  });
  return loadSubjectRequest(core, actor, id);
}

/** Requests, newest first, without who they are about (that is unsealed only when one is opened). */
export async function listSubjectRequests(core: Core, actor: Actor): Promise<Omit<SubjectRequest, 'subject' | 'cases'>[]> {
  guard(actor);
  return core.db.forInstitution(actor.institutionId, async (tx) =>
    (await tx.query<{ id: string; kind: RequestKind; status: SubjectRequest['status']; received_at: Date; due_on: string; recorded_by: string; completed_at: Date | null }>(
      `SELECT id, kind, status, received_at, due_on::text AS due_on, recorded_by, completed_at FROM subject_requests ORDER BY received_at DESC LIMIT 200`,
    )).rows.map((r) => ({ id: r.id, kind: r.kind, status: r.status, receivedAt: r.received_at, dueOn: r.due_on, recordedBy: r.recorded_by, completedAt: r.completed_at })),
  );
}

/** One request, its subject unsealed for the officer handling it. */
export async function loadSubjectRequest(core: Core, actor: Actor, id: string): Promise<SubjectRequest> {
  guard(actor);
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('That request');
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const r = (await tx.query<{ kind: RequestKind; status: SubjectRequest['status']; subject: Uint8Array; subject_master_key_id: string; received_at: Date; due_on: string; recorded_by: string; completed_at: Date | null }>(
      'SELECT kind, status, subject, subject_master_key_id, received_at, due_on::text AS due_on, recorded_by, completed_at FROM subject_requests WHERE id = $1', [id])).rows[0];
    if (!r) throw notFound('That request');
    const subject = JSON.parse(core.keyring.unwrap(Buffer.from(r.subject), r.subject_master_key_id, `subject-request:${id}`).toString('utf8')) as SubjectQuery;
    const cases = (await tx.query<{ case_id: string; reference: string; roles: SubjectRole[]; proposal: RequestCase['proposal']; decision: RequestCase['decision']; reason: string | null; decided_at: Date | null }>(
      'SELECT s.case_id, c.reference, s.roles, s.proposal, s.decision, s.reason, s.decided_at FROM subject_request_cases s JOIN cases c ON c.id = s.case_id WHERE s.request_id = $1 ORDER BY c.created_at', [id])).rows;
    return {
      id, kind: r.kind, status: r.status, receivedAt: r.received_at, dueOn: r.due_on, recordedBy: r.recorded_by, completedAt: r.completed_at, subject,
      cases: cases.map((c) => ({ caseId: c.case_id, reference: c.reference, roles: c.roles, proposal: c.proposal, decision: c.decision, reason: c.reason, decidedAt: c.decided_at })),
    };
  });
}

/** Produces the export for an access request and marks it answered (the export itself is given to the requester, not stored). */
export async function completeAccessRequest(core: Core, actor: Actor, id: string, opts: { scanText?: boolean } = {}): Promise<SubjectExport> {
  const req = await loadSubjectRequest(core, actor, id);
  if (req.kind !== 'access') throw new DomainError('invalid', 'This is an erasure request.');
  const x = await exportSubjectData(core, actor, req.subject, { requestId: id, scanText: opts.scanText });
  const at = core.now();
  await core.db.forInstitution(actor.institutionId, async (tx) => {
    await tx.query(`UPDATE subject_request_cases SET decision = 'exported', decided_by = $2, decided_at = $3 WHERE request_id = $1 AND decision IS NULL`, [id, actorLabel(actor), at]);
    await tx.query(`UPDATE subject_requests SET status = 'completed', completed_at = $2, completed_by = $3 WHERE id = $1`, [id, at, actorLabel(actor)]);
  });
  return x;
}

/**
 * Applies an erasure request: every case proposed for erasure is crypto-shredded (unless the
 * officer refuses it here, with a reason), every refusal is recorded with its reason, and the
 * request is closed as completed, refused or partly refused.
 */
export async function decideErasureRequest(core: Core, actor: Actor, id: string, refusals: { caseId: string; reason: string }[] = []): Promise<SubjectRequest> {
  const req = await loadSubjectRequest(core, actor, id);
  if (req.kind !== 'erasure') throw new DomainError('invalid', 'This is an access request.');
  if (req.status !== 'open') throw new DomainError('conflict', 'This request has already been decided.');
  for (const r of refusals) if (!r.reason.trim()) throw new DomainError('invalid', 'Give the reason for refusing.', { reason: 'is empty' });
  const at = core.now();
  const by = actorLabel(actor);
  const decisions: { caseId: string; decision: NonNullable<RequestCase['decision']>; reason: string | null }[] = [];
  for (const c of req.cases) {
    const refusal = refusals.find((r) => r.caseId === c.caseId);
    if (c.proposal !== 'erase' || refusal) {
      decisions.push({ caseId: c.caseId, decision: c.proposal === 'already_destroyed' ? 'already_destroyed' : 'refused', reason: refusal?.reason.trim() ?? c.reason });
      continue;
    }
    const done = await core.db.transaction((tx) => destroyCaseContent(tx, core, c.caseId, { reason: 'erasure', requestId: id }, actor));
    decisions.push(done ? { caseId: c.caseId, decision: 'erased', reason: null } : { caseId: c.caseId, decision: 'refused', reason: 'The case was put on legal hold or destroyed before the request was applied.' });
  }
  const status = decisions.every((d) => d.decision !== 'refused') ? 'completed' : decisions.every((d) => d.decision === 'refused') ? 'refused' : 'partly_refused';
  await core.db.forInstitution(actor.institutionId, async (tx) => {
    for (const d of decisions) await tx.query('UPDATE subject_request_cases SET decision = $3, reason = $4, decided_by = $5, decided_at = $6 WHERE request_id = $1 AND case_id = $2', [id, d.caseId, d.decision, d.reason, by, at]);
    await tx.query('UPDATE subject_requests SET status = $2, completed_at = $3, completed_by = $4 WHERE id = $1', [id, status, at, by]);
  });
  core.log.info({ requestId: id, erased: decisions.filter((d) => d.decision === 'erased').length, refused: decisions.filter((d) => d.decision === 'refused').length }, 'erasure request decided');
  return loadSubjectRequest(core, actor, id);
}
