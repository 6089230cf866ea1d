import { DateTime } from 'luxon';
import { can } from '../../core/policies/casePolicy.ts';
import { listInstitutions, type Institution } from '../../core/institutions.ts';
import { listCases } from '../../core/queries/caseList.ts';
import { loadCase } from '../../core/queries/caseState.ts';
import { findStaff, listStaff, staffNames, staffToActor } from '../../core/staff.ts';
import type { AdaptiveCardJson } from '../cards/renderCard.ts';
import type { ConversationStore } from '../conversations/conversationStore.ts';
import type { TeamsDeps } from '../deps.ts';
import type { Notifier } from '../proactive/notifier.ts';
import { dueReminders, type DueReminder } from './dueReminders.ts';
import { digestCard, reminderCard } from './reminderCards.ts';

type Key = { kind: DueReminder['kind'] | 'digest'; subjectId: string; recipientId: string; forDate: string };
export interface ReminderRun {
  sent: number;
  /** Already sent (by this or another instance), or the person has no 1:1 chat with Harbour. */
  skipped: number;
  failed: number;
}

const DIGEST_SIZE = 15;

/**
 * Reminders in the 1:1 chat (first contact due tomorrow, task due, overdue) and the lead's morning
 * digest. Each reminder is claimed by inserting its row in reminders_sent before it is sent; the
 * unique key means that of several Harbour instances running this job only one sends it. A send that
 * fails gives its claim back, so a later run tries again.
 */
export function teamsReminderJob(deps: TeamsDeps, store: ConversationStore, notifier: Notifier, options: { morningHour?: number } = {}) {
  const { db } = deps.core;
  const morningHour = options.morningHour ?? 8;

  async function deliver(institutionId: string, key: Key, card: AdaptiveCardJson, run: ReminderRun): Promise<void> {
    const ref = await store.personal(institutionId, key.recipientId);
    const params = [institutionId, key.kind, key.subjectId, key.recipientId, key.forDate];
    const claimed = ref
      ? await db.forInstitution(institutionId, (tx) =>
          tx.query('INSERT INTO reminders_sent (institution_id, kind, subject_id, recipient_id, for_date) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING RETURNING 1', params),
        )
      : null;
    if (!ref || !claimed?.rows.length) {
      run.skipped++;
      return;
    }
    const where = 'institution_id = $1 AND kind = $2 AND subject_id = $3 AND recipient_id = $4 AND for_date = $5';
    try {
      await notifier.post(ref, card);
      await db.forInstitution(institutionId, (tx) => tx.query(`UPDATE reminders_sent SET sent_at = now() WHERE ${where}`, params));
      run.sent++;
    } catch (err) {
      await db.forInstitution(institutionId, (tx) => tx.query(`DELETE FROM reminders_sent WHERE ${where}`, params));
      deps.logger.warn({ institutionId, kind: key.kind, err: (err as Error).message }, 'reminder not sent; will retry');
      run.failed++;
    }
  }

  async function remindersFor(inst: Institution, today: string, run: ReminderRun): Promise<void> {
    const due = await db.forInstitution(inst.id, (tx) => dueReminders(tx, today));
    for (const r of due) {
      const found = await db.forInstitution(inst.id, async (tx) => ({ c: await loadCase(tx, r.caseId), s: await findStaff(tx, { id: r.recipientId }) }));
      if (!found.c || !found.s?.active || !can(staffToActor(inst.id, found.s), 'view_summary', found.c)) continue;
      await deliver(inst.id, r, reminderCard(r, found.c, today, inst.settings.timeZone, deps), run);
    }
  }

  async function digestsFor(inst: Institution, today: string, run: ReminderRun): Promise<void> {
    const leads = await db.forInstitution(inst.id, (tx) => listStaff(tx, { role: 'lead' }));
    for (const lead of leads) {
      const page = await listCases(deps.core, staffToActor(inst.id, lead), { due: 'overdue', sort: 'due', limit: DIGEST_SIZE });
      if (!page.items.length) continue;
      const names = await db.forInstitution(inst.id, (tx) => staffNames(tx, page.items.map((c) => c.assigneeId)));
      const rows = page.items.map((c) => ({ id: c.id, reference: c.reference, holder: c.assigneeId ? names.get(c.assigneeId) ?? null : null, due: c.firstContactDue! }));
      const card = digestCard(rows, Boolean(page.next), today, inst.settings.timeZone, deps);
      await deliver(inst.id, { kind: 'digest', subjectId: lead.id, recipientId: lead.id, forDate: today }, card, run);
    }
  }

  return {
    /** One pass over every institution, in each one's own time zone. */
    async runOnce(): Promise<ReminderRun> {
      const run: ReminderRun = { sent: 0, skipped: 0, failed: 0 };
      for (const inst of await listInstitutions(db)) {
        const local = DateTime.fromJSDate(deps.core.now(), { zone: inst.settings.timeZone });
        const today = local.toISODate()!;
        await remindersFor(inst, today, run);
        if (local.hour >= morningHour) await digestsFor(inst, today, run);
      }
      if (run.sent || run.failed) deps.logger.info({ ...run }, 'Teams reminders');
      return run;
    },
  };
}

export type TeamsReminderJob = ReturnType<typeof teamsReminderJob>;

/** Runs the job every `intervalMs` (default 15 minutes) until stopped; errors are logged, not thrown. */
export function startTeamsReminders(job: TeamsReminderJob, deps: Pick<TeamsDeps, 'logger'>, intervalMs = 15 * 60_000) {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    running ??= job
      .runOnce()
      .catch((err: Error) => deps.logger.error({ err: err.message }, 'Teams reminders failed'))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
