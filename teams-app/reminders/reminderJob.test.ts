import assert from 'node:assert/strict';
import { assignCase } from '../../core/commands/caseAssigner.ts';
import { submitReport } from '../../core/commands/reportSubmitter.ts';
import { addTask } from '../../core/commands/taskAdder.ts';
import { publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import { adaptiveCardProblems } from '../cards/cardParser.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import { startTeamsHarness, type TeamsHarness } from '../testing/harness.ts';
import { teamsReminderJob } from './reminderJob.ts';

const text = (c: unknown) => JSON.stringify(c);

forEachEngine('Teams reminders and the morning digest', (getDb) => {
  let h: TeamsHarness;
  // Tuesday 4 March 2031, 09:30 in London.
  const now = new Date('2031-03-04T09:30:00Z');
  const ids: Record<string, string> = {};
  before(async () => {
    h = await startTeamsHarness({ clock: () => now, db: getDb() });
    for (const handle of ['alex.lead', 'sam.cm', 'jo.cm']) await h.send(h.activities.installPersonal(h.person(handle)));
    const lead = await staffActor(h.core, h.institution.id, 'lead');
    const sam = h.person('sam.cm');
    const jo = h.person('jo.cm');
    const c1 = await submitReport(h.core, publicActor(h.institution.id), sampleReport());
    const c2 = await submitReport(h.core, publicActor(h.institution.id), sampleReport({ kind: 'anonymous', reporter: undefined }));
    await assignCase(h.core, lead, { caseId: c1.caseId, assigneeId: sam.staffId });
    await assignCase(h.core, lead, { caseId: c2.caseId, assigneeId: jo.staffId });
    // Due dates as they would stand some days after the reports came in.
    await h.db.query(`UPDATE cases SET first_contact_due = '2031-03-05' WHERE id = $1`, [c1.caseId]);
    await h.db.query(`UPDATE cases SET first_contact_due = '2031-02-28' WHERE id = $1`, [c2.caseId]);
    const samActor = await staffActor(h.core, h.institution.id, 'case_manager', 2);
    assert.equal(samActor.staffId, sam.staffId);
    await addTask(h.core, samActor, { caseId: c1.caseId, title: 'Ring the wellbeing team about Rhiannon', dueOn: '2031-03-04' });
    await addTask(h.core, lead, { caseId: c2.caseId, title: 'Chase CCTV', dueOn: '2031-03-02' });
    Object.assign(ids, { c1: c1.reference, c2: c2.reference });
  });
  after(() => h.close());

  const reminderPosts = () => h.connector.calls.filter((c) => c.method === 'send' && /First contact due tomorrow|Task due today|Overdue|Task overdue|Morning digest/.test(text(c.body)));

  it('sends each reminder once even when two instances run the job at the same time', async () => {
    const other = teamsReminderJob(h.bot.deps, h.bot.store, h.bot.notifier);
    const runs = await Promise.all([h.bot.reminders.runOnce(), other.runOnce()]);
    assert.equal(runs[0].sent + runs[1].sent, 5);
    const posts = reminderPosts();
    assert.equal(posts.length, 5);
    const to = (handle: string) => posts.filter((p) => p.conversationId === h.person(handle).personalConversationId).map((p) => text(p.body));
    const sam = to('sam.cm');
    assert.equal(sam.length, 2);
    assert.ok(sam.some((b) => /First contact due tomorrow/.test(b) && b.includes(ids.c1!) && /speak to an adviser/.test(b)));
    assert.ok(sam.some((b) => /Task due today/.test(b)));
    const jo = to('jo.cm');
    assert.ok(jo.some((b) => /"Overdue"/.test(b) && /due 4 days ago/.test(b) && b.includes(ids.c2!)));
    assert.ok(jo.some((b) => /Task overdue/.test(b) && /due 2 days ago/.test(b)));
    const digest = to('alex.lead');
    assert.equal(digest.length, 1);
    assert.match(digest[0]!, /Morning digest/);
    assert.match(digest[0]!, /1 case is past its first-contact date/);
    assert.ok(digest[0]!.includes(ids.c2!) && digest[0]!.includes('Jo Williams'));
    for (const p of posts) {
      assert.deepEqual(adaptiveCardProblems(p.body.attachments[0].content), []);
      assert.doesNotMatch(text(p.body), /Rhiannon|CCTV/);
    }
    const claimed = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reminders_sent WHERE sent_at IS NOT NULL AND institution_id = $1', [h.institution.id]);
    assert.equal(claimed.rows[0]!.n, 5);
  });

  it('sends nothing the second time round', async () => {
    const run = await h.bot.reminders.runOnce();
    assert.equal(run.sent, 0);
    assert.equal(reminderPosts().length, 5);
  });

  it('gives a reminder back when the send fails, and sends it on the next run', async () => {
    await h.db.query('DELETE FROM reminders_sent WHERE kind = $1 AND institution_id = $2', ['digest', h.institution.id]);
    h.connector.failNextPosts(1);
    const failed = await h.bot.reminders.runOnce();
    assert.equal(failed.failed, 1);
    const none = await h.db.query(`SELECT 1 FROM reminders_sent WHERE kind = 'digest' AND institution_id = $1`, [h.institution.id]);
    assert.equal(none.rows.length, 0);
    const retried = await h.bot.reminders.runOnce();
    assert.equal(retried.sent, 1);
  });
});
