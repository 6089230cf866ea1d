import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { notFound } from '../errors.ts';
import { permittedActions, type CaseAction } from '../policies/casePolicy.ts';
import { loadCase, type CaseRow } from './caseState.ts';
import { loadCaseKey, openJson } from '../caseKeys.ts';
import { open } from '../crypto/keyring.ts';
import { logAccess } from './accessLog.ts';
import { staffNames } from '../staff.ts';

export interface TimelineItem {
  id: string;
  type: string;
  at: Date;
  actor: string;
  actorName: string;
  data: Record<string, unknown>;
  secret: Record<string, unknown> | null;
}

export interface CaseView {
  case: CaseRow;
  assigneeName: string | null;
  actions: CaseAction[];
  /** The report exactly as recorded, decrypted; null if the viewer may not read it or it was destroyed. */
  report: { submittedAt: Date; contentHash: string; ledgerSeq: number; recorded: Record<string, unknown> } | null;
  timeline: TimelineItem[];
  tasks: { id: string; title: string | null; dueOn: string; assigneeId: string | null; doneAt: Date | null }[];
  referrals: { id: string; departmentKey: string; shared: string[]; basis: string; summary: string | null; status: string; createdAt: Date }[];
  links: { otherCaseId: string; otherReference: string; reason: string; status: string }[];
  meetings: { id: string; startsAt: Date; endsAt: Date; mode: string; room: string | null; joinUrl: string | null; status: string; staffId: string }[];
  minutesSpent: number;
}

const REPORTER_VISIBLE = new Set(['case.message_to_reporter', 'reporter.added']);

/**
 * Everything about one case that this viewer may see, decrypted, with the permitted actions.
 * A staff read of sensitive content is written to the access log in the same transaction. A
 * departmental responder sees only their department's referrals; a reporter only the messages.
 */
export async function readCase(core: Core, actor: Actor, caseId: string): Promise<CaseView> {
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const c = await loadCase(tx, caseId);
    if (!c) throw notFound();
    const actions = permittedActions(actor, c);
    const full = actions.has('view_content');
    const referralOnly = !full && actions.has('view_referral');
    const reporter = actions.has('reporter_view');
    if (!actions.has('view_summary') && !referralOnly && !reporter) throw notFound();
    const at = core.now();
    const key = full || referralOnly || reporter ? await loadCaseKey(tx, core.keyring, c.id) : null;
    if (full) await logAccess(tx, actor, c.id, 'case.viewed', at);
    else if (referralOnly) await logAccess(tx, actor, c.id, 'referral.viewed', at);

    let report: CaseView['report'] = null;
    if (full && key) {
      const r = (await tx.query<{ submitted_at: Date; content: Uint8Array; content_hash: string; ledger_seq: number }>('SELECT submitted_at, content, content_hash, ledger_seq FROM reports WHERE case_id = $1', [c.id])).rows[0];
      if (r) report = { submittedAt: r.submitted_at, contentHash: r.content_hash, ledgerSeq: Number(r.ledger_seq), recorded: JSON.parse(open(key, r.content, `${c.id}:report`).toString('utf8')) };
    }

    const referralRows = (await tx.query<{ id: string; department_key: string; shared: string[]; basis: string; summary: Uint8Array; status: string; created_at: Date }>('SELECT id, department_key, shared, basis, summary, status, created_at FROM referrals WHERE case_id = $1 ORDER BY created_at', [c.id])).rows;
    const referrals = reporter
      ? []
      : referralRows
          .filter((r) => full || (actor.kind === 'staff' && r.department_key === actor.departmentKey))
          .map((r) => ({ id: r.id, departmentKey: r.department_key, shared: r.shared, basis: r.basis, summary: key ? openJson<string>(key, c.id, `referral:${r.id}`, r.summary) : null, status: r.status, createdAt: r.created_at }));

    const events = (await tx.query<{ id: string; type: string; at: Date; actor: string; data: Record<string, unknown>; secret: Uint8Array | null }>('SELECT id, type, at, actor, data, secret FROM case_events WHERE case_id = $1 ORDER BY at, ledger_seq', [c.id])).rows;
    const ownReferrals = new Set(referrals.map((r) => r.id));
    const visible = events.filter(
      (e) => full || (reporter && REPORTER_VISIBLE.has(e.type)) || (referralOnly && ownReferrals.has(String(e.data.referralId)) && ['case.referred', 'referral.responded'].includes(e.type)),
    );
    const names = await staffNames(tx, [c.assigneeId, ...visible.map((e) => (e.actor.startsWith('staff:') ? e.actor.slice(6) : null))]);
    const timeline = visible.map((e) => ({
      id: e.id,
      type: e.type,
      at: e.at,
      actor: reporter ? (e.actor === 'reporter' ? 'reporter' : 'staff') : e.actor,
      actorName: e.actor === 'reporter' ? 'Reporter' : e.actor.startsWith('staff:') ? (reporter ? 'Case manager' : names.get(e.actor.slice(6)) ?? 'Staff') : 'Harbour',
      data: reporter ? {} : e.data,
      secret: key && e.secret ? openJson<Record<string, unknown>>(key, c.id, `event:${e.id}`, e.secret) : null,
    }));

    const empty = { tasks: [], links: [], meetings: [], minutesSpent: 0 };
    if (!full) return { case: c, assigneeName: reporter ? null : names.get(c.assigneeId ?? '') ?? null, actions: [...actions], report: null, timeline, referrals, ...empty };

    const tasks = (await tx.query<{ id: string; title: Uint8Array; due_on: string; assignee_id: string | null; done_at: Date | null }>('SELECT id, title, due_on::text AS due_on, assignee_id, done_at FROM tasks WHERE case_id = $1 ORDER BY due_on', [c.id])).rows.map((t) => ({
      id: t.id, title: key ? openJson<string>(key, c.id, `task:${t.id}`, t.title) : null, dueOn: t.due_on, assigneeId: t.assignee_id, doneAt: t.done_at,
    }));
    const links = (await tx.query<{ other: string; reference: string; reason: string; status: string; restricted_staff: string[] }>(
      `SELECT o.id AS other, o.reference, l.reason, l.status, o.restricted_staff FROM case_links l JOIN cases o ON o.id = CASE WHEN l.case_a = $1 THEN l.case_b ELSE l.case_a END
       WHERE (l.case_a = $1 OR l.case_b = $1) AND l.status <> 'dismissed'`, [c.id])).rows
      .filter((l) => !(actor.kind === 'staff' && l.restricted_staff.includes(actor.staffId)))
      .map((l) => ({ otherCaseId: l.other, otherReference: l.reference, reason: l.reason, status: l.status }));
    const meetings = (await tx.query<{ id: string; starts_at: Date; ends_at: Date; mode: string; room: string | null; join_url: string | null; status: string; staff_id: string }>('SELECT id, starts_at, ends_at, mode, room, join_url, status, staff_id FROM meetings WHERE case_id = $1 ORDER BY starts_at', [c.id])).rows.map((m) => ({
      id: m.id, startsAt: m.starts_at, endsAt: m.ends_at, mode: m.mode, room: m.room, joinUrl: m.join_url, status: m.status, staffId: m.staff_id,
    }));
    const minutes = (await tx.query<{ total: number }>('SELECT COALESCE(SUM(minutes), 0)::int AS total FROM time_entries WHERE case_id = $1', [c.id])).rows[0]!.total;
    return { case: c, assigneeName: names.get(c.assigneeId ?? '') ?? null, actions: [...actions], report, timeline, tasks, referrals, links, meetings, minutesSpent: Number(minutes) };
  });
}
