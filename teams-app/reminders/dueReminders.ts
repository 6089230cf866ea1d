import { DateTime } from 'luxon';
import type { Sql } from '../../core/db/database.ts';

/** One reminder to send: what it is about, to whom, and the day it belongs to (its once-only key). */
export interface DueReminder {
  kind: 'first_contact_due' | 'task_due' | 'overdue';
  /** The case or the task the reminder is about. */
  subjectId: string;
  caseId: string;
  recipientId: string;
  forDate: string;
  /** The date that is due (YYYY-MM-DD). */
  due: string;
  isTask: boolean;
}

/**
 * What is due for an institution on its local `today`: first contact due tomorrow (to the holder),
 * tasks due today (to the task's assignee, else the holder), and first contacts or tasks now past
 * their date (once each). Reads under the institution's row security; closed cases remind no one.
 */
export async function dueReminders(tx: Sql, today: string): Promise<DueReminder[]> {
  const tomorrow = DateTime.fromISO(today).plus({ days: 1 }).toISODate()!;
  const cases = await tx.query<{ id: string; assignee_id: string; due: string }>(
    `SELECT id, assignee_id, first_contact_due::text AS due FROM cases
     WHERE status <> 'closed' AND first_contact_at IS NULL AND assignee_id IS NOT NULL AND first_contact_due <= $1::date`,
    [tomorrow],
  );
  const tasks = await tx.query<{ id: string; case_id: string; recipient: string; due: string }>(
    `SELECT t.id, t.case_id, COALESCE(t.assignee_id, c.assignee_id) AS recipient, t.due_on::text AS due FROM tasks t JOIN cases c ON c.id = t.case_id
     WHERE t.done_at IS NULL AND c.status <> 'closed' AND COALESCE(t.assignee_id, c.assignee_id) IS NOT NULL AND t.due_on <= $1::date`,
    [today],
  );
  const out: DueReminder[] = [];
  for (const c of cases.rows) {
    if (c.due === tomorrow) out.push({ kind: 'first_contact_due', subjectId: c.id, caseId: c.id, recipientId: c.assignee_id, forDate: c.due, due: c.due, isTask: false });
    else if (c.due < today) out.push({ kind: 'overdue', subjectId: c.id, caseId: c.id, recipientId: c.assignee_id, forDate: c.due, due: c.due, isTask: false });
  }
  for (const t of tasks.rows) {
    out.push({ kind: t.due === today ? 'task_due' : 'overdue', subjectId: t.id, caseId: t.case_id, recipientId: t.recipient, forDate: t.due, due: t.due, isTask: true });
  }
  return out;
}
