import assert from 'node:assert/strict';
import { assignCase } from '../../core/commands/caseAssigner.ts';
import { closeCase } from '../../core/commands/caseCloser.ts';
import { restrictCase } from '../../core/commands/caseRestrictor.ts';
import { submitReport } from '../../core/commands/reportSubmitter.ts';
import type { BookMeetingInput, BookedMeeting } from '../../core/ports/calendar.ts';
import { makeInstitution, publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import { adaptiveCardProblems } from '../cards/cardParser.ts';
import { CHANNEL_ID, startTeamsHarness, type TeamsHarness } from '../testing/harness.ts';

type Card = { body: unknown[]; actions?: { title: string }[] };
const text = (c: unknown) => JSON.stringify(c);
const cardOf = (activity: any): Card => activity.attachments?.find((x: any) => x.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
const invokeCard = (res: { status: number; body: any }): Card => {
  assert.equal(res.status, 200);
  assert.equal(res.body?.type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(res.body));
  assert.deepEqual(adaptiveCardProblems(res.body.value), []);
  return res.body.value;
};

describe('Teams: installation, commands, stale cards and slow calendars', () => {
  let h: TeamsHarness;
  let gate: { open: () => void; armed: boolean; wait?: Promise<void> } = { open: () => undefined, armed: false };
  before(async () => {
    h = await startTeamsHarness({
      invokeBudgetMs: 200,
      calendar: (local) => ({
        ...local,
        async bookMeeting(input: BookMeetingInput): Promise<BookedMeeting> {
          if (gate.armed) await gate.wait;
          return local.bookMeeting(input);
        },
      }),
    });
    await h.send(h.activities.installTeam(h.person('alex.lead')));
    for (const handle of ['alex.lead', 'sam.cm', 'jo.cm']) await h.send(h.activities.installPersonal(h.person(handle)));
  });
  after(() => h.close());

  const newCase = async () => {
    const r = await submitReport(h.core, publicActor(h.institution.id), sampleReport());
    await h.dispatcher.drain();
    const post = await h.connector.waitForCall((c) => c.method === 'send' && c.conversationId === CHANNEL_ID && text(c.body).includes(r.reference));
    return { ...r, thread: { conversationId: `${CHANNEL_ID};messageid=${post.id}`, activityId: post.id! } };
  };

  describe('installation', () => {
    it('keeps the channel only when a lead or administrator installs it', async () => {
      const sam = h.person('sam.cm');
      const before = await h.db.query(`SELECT installed_by FROM teams_conversations WHERE kind = 'channel'`);
      assert.equal(before.rows.length, 1);
      await h.send(h.activities.installTeam(sam));
      const reply = await h.connector.waitForCall((c) => /only a lead case manager or an administrator/.test(text(c.body)));
      assert.equal(reply.conversationId, CHANNEL_ID);
      const after = await h.db.query<{ installed_by: string }>(`SELECT installed_by FROM teams_conversations WHERE kind = 'channel'`);
      assert.equal(after.rows[0]!.installed_by, h.person('alex.lead').staffId);
    });

    it('stores each person’s 1:1 chat keyed by their Entra object id, and answers an unknown person', async () => {
      const rows = await h.db.query<{ aad_object_id: string; teams_user_id: string }>(`SELECT aad_object_id, teams_user_id FROM teams_conversations WHERE kind = 'personal' ORDER BY teams_user_id`);
      assert.deepEqual(rows.rows.map((r) => r.teams_user_id), ['29:alex.lead', '29:jo.cm', '29:sam.cm']);
      assert.equal(rows.rows[2]!.aad_object_id, h.person('sam.cm').aadObjectId);
      const stranger = { ...h.person('sam.cm'), aadObjectId: '11111111-2222-3333-4444-555555555555', personalConversationId: 'a:stranger' };
      await h.send(h.activities.installPersonal(stranger));
      await h.connector.waitForCall((c) => c.conversationId === 'a:stranger' && /doesn't know you/.test(text(c.body)));
    });

    it('keeps each institution’s conversations to itself (row-level security)', async () => {
      const other = await makeInstitution(h.core, 'Other University');
      assert.equal(await h.bot.store.channel(other.id), null);
      const seen = await h.db.forInstitution(other.id, (tx) => tx.query('SELECT 1 FROM teams_conversations'));
      assert.equal(seen.rows.length, 0);
      const own = await h.db.forInstitution(h.institution.id, (tx) => tx.query('SELECT 1 FROM teams_conversations'));
      assert.ok(own.rows.length >= 4);
    });

    it('refuses activities from another tenant as an unknown person', async () => {
      const sam = h.person('sam.cm');
      const activity = h.activities.message(sam, 'help');
      (activity.conversation as Record<string, unknown>).tenantId = 'another-tenant';
      await h.send(activity);
      await h.connector.waitForCall((c) => c.conversationId === sam.personalConversationId && /doesn't know you/.test(text(c.body)));
    });
  });

  describe('commands in the 1:1 chat', () => {
    it('my cases, overdue and help are each answered with a card; anything else with help', async () => {
      const sam = h.person('sam.cm');
      const { caseId, reference } = await newCase();
      await assignCase(h.core, await staffActor(h.core, h.institution.id, 'lead'), { caseId, assigneeId: sam.staffId });
      // The report came in days ago (only the due date matters here).
      await h.db.query('UPDATE cases SET first_contact_due = current_date - 3 WHERE id = $1', [caseId]);
      const answers: Record<string, RegExp> = { 'my cases': /Your cases/, overdue: /Your overdue cases/, help: /my cases/, 'what is this': /my cases/ };
      for (const [said, expected] of Object.entries(answers)) {
        const before = h.connector.calls.length;
        await h.send(h.activities.message(sam, said));
        const reply = await h.connector.waitForCall((c) => h.connector.calls.indexOf(c) >= before && c.conversationId === sam.personalConversationId);
        const card = cardOf(reply.body);
        assert.match(text(card), expected, said);
        assert.deepEqual(adaptiveCardProblems(card), []);
        if (said !== 'help' && said !== 'what is this') assert.match(text(card), new RegExp(reference), said);
      }
      const lead = h.person('alex.lead');
      await h.send(h.activities.message(lead, 'overdue'));
      await h.connector.waitForCall((c) => c.conversationId === lead.personalConversationId && /Overdue cases/.test(text(c.body)) && text(c.body).includes(reference));
    });

    it('points to the 1:1 chat when asked in the channel', async () => {
      await h.send(h.activities.channelMessage(h.person('sam.cm'), '<at>Harbour</at> my cases'));
      await h.connector.waitForCall((c) => c.conversationId === CHANNEL_ID && /1:1 chat/.test(text(c.body)));
    });
  });

  describe('stale cards', () => {
    it('an assignment from an out-of-date card explains what changed and shows the case as it is', async () => {
      const { caseId, thread } = await newCase();
      const lead = h.person('alex.lead');
      invokeCard(await h.send(h.activities.invoke(h.person('jo.cm'), thread, 'claim', { caseId })));
      const card = invokeCard(await h.send(h.activities.invoke(lead, thread, 'assign', { caseId, version: 1, assigneeId: h.person('sam.cm').staffId })));
      assert.match(text(card), /has changed since you last looked/);
      assert.match(text(card), /With Jo Williams/);
      const rows = await h.db.query<{ assignee_id: string }>('SELECT assignee_id FROM cases WHERE id = $1', [caseId]);
      assert.equal(rows.rows[0]!.assignee_id, h.person('jo.cm').staffId);
    });

    it('a claim on a case closed since the card was sent says so, with no Claim button', async () => {
      const { caseId, thread } = await newCase();
      await closeCase(h.core, await staffActor(h.core, h.institution.id, 'lead'), { caseId, outcome: 'support_given' });
      const card = invokeCard(await h.send(h.activities.invoke(h.person('sam.cm'), thread, 'claim', { caseId })));
      assert.match(text(card), /can't claim/);
      assert.match(text(card), /Closed/);
      assert.ok(!(card.actions ?? []).some((a) => a.title === 'Claim'));
    });

    it('a person excluded from the case gets a notice, not the case', async () => {
      const { caseId, thread } = await newCase();
      await restrictCase(h.core, await staffActor(h.core, h.institution.id, 'lead'), { caseId, excludedStaff: [h.person('jo.cm').staffId] });
      const card = invokeCard(await h.send(h.activities.invoke(h.person('jo.cm'), thread, 'refresh', { caseId }, 'automatic')));
      assert.match(text(card), /You cannot see this case/);
      assert.doesNotMatch(text(card), /Kind of report/);
    });

    it('an unknown verb, bad data or an unknown person get an explanation (HTTP 200), never an error in the chat', async () => {
      const { caseId, thread } = await newCase();
      assert.match(text(invokeCard(await h.send(h.activities.invoke(h.person('sam.cm'), thread, 'escalate', { caseId })))), /no longer used/);
      assert.match(text(invokeCard(await h.send(h.activities.invoke(h.person('alex.lead'), thread, 'assign', { caseId, version: 1 })))), /Choose a case manager/);
      assert.match(text(invokeCard(await h.send(h.activities.invoke(h.person('sam.cm'), thread, 'claim', { caseId: 'nope' })))), /out of date/);
      const stranger = { ...h.person('sam.cm'), aadObjectId: '99999999-2222-3333-4444-555555555555' };
      assert.match(text(invokeCard(await h.send(h.activities.invoke(stranger, thread, 'claim', { caseId })))), /does not know you/);
      assert.ok(!h.connector.calls.some((c) => /encountered an error/.test(text(c.body))));
    });
  });

  describe('cards posted earlier follow the case', () => {
    it('closing a case elsewhere updates the channel card for everyone', async () => {
      const { caseId, thread } = await newCase();
      await closeCase(h.core, await staffActor(h.core, h.institution.id, 'lead'), { caseId, outcome: 'support_given' });
      await h.dispatcher.drain();
      const update = await h.connector.waitForCall((c) => c.method === 'update' && c.activityId === thread.activityId && /Closed/.test(text(c.body)));
      assert.ok(!(cardOf(update.body).actions ?? []).some((a) => a.title === 'Claim'));
    });
  });

  describe('a calendar slower than Teams waits for', () => {
    it('answers "booking…" at once and updates the card when the event exists', async () => {
      const sam = h.person('sam.cm');
      const { caseId, thread } = await newCase();
      invokeCard(await h.send(h.activities.invoke(sam, thread, 'claim', { caseId })));
      await h.dispatcher.drain();
      const dmPost = await h.connector.waitForCall((c) => c.conversationId === sam.personalConversationId && text(c.body).includes(caseId) && /Assigned to you/.test(text(c.body)));
      const dm = { conversationId: sam.personalConversationId, activityId: dmPost.id! };
      const slots = invokeCard(await h.send(h.activities.invoke(sam, dm, 'bookMeeting', { caseId })));
      const slot = (slots.body as any[]).find((b) => b.id === 'slot').choices.at(-1).value as string;
      let release!: () => void;
      gate = { armed: true, wait: new Promise<void>((r) => (release = r)), open: () => release() };
      const pending = invokeCard(await h.send(h.activities.invoke(sam, dm, 'pickSlot', { caseId, slot, mode: 'teams' })));
      assert.match(text(pending), /Booking your meeting/);
      gate.open();
      gate.armed = false;
      const update = await h.connector.waitForCall((c) => c.method === 'update' && c.activityId === dm.activityId && /Meeting booked/.test(text(c.body)));
      assert.deepEqual(adaptiveCardProblems(cardOf(update.body)), []);
    });
  });

  describe('removal', () => {
    it('forgets the channel when Harbour is removed from the team, and then posts no new cases', async () => {
      await h.send(h.activities.uninstallTeam(h.person('alex.lead')));
      const rows = await h.db.query(`SELECT 1 FROM teams_conversations WHERE kind = 'channel'`);
      assert.equal(rows.rows.length, 0);
      const before = h.connector.calls.length;
      await submitReport(h.core, publicActor(h.institution.id), sampleReport());
      await h.dispatcher.drain();
      assert.equal(h.connector.calls.slice(before).filter((c) => c.conversationId === CHANNEL_ID).length, 0);
    });
  });
});
