import assert from 'node:assert/strict';
import { submitReport } from '../../core/commands/reportSubmitter.ts';
import { publicActor, sampleReport } from '../../test/factories.ts';
import { adaptiveCardProblems } from '../cards/cardParser.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import { CHANNEL_ID, startTeamsHarness, type TeamsHarness } from '../testing/harness.ts';

type Card = { body: unknown[]; actions?: { title: string; verb?: string; type: string }[] };
const cardOf = (activity: { attachments?: { contentType: string; content: Card }[] }) => {
  const a = activity.attachments?.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive');
  assert.ok(a, 'an Adaptive Card attachment');
  return a.content;
};
const invokeCard = (res: { status: number; body: any }) => {
  assert.equal(res.status, 200);
  assert.equal(res.body.type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(res.body));
  return res.body.value as Card;
};
const titles = (c: Card) => (c.actions ?? []).map((a) => a.title);
const text = (c: unknown) => JSON.stringify(c);

forEachEngine("Teams: a new report from the channel card to the holder's 1:1 chat", (getDb) => {
  let h: TeamsHarness;
  before(async () => (h = await startTeamsHarness({ db: getDb() })));
  after(() => h.close());

  it('runs install → new case card → claim → hand-over → meeting → task, every card valid', async () => {
    const lead = h.person('alex.lead');
    const sam = h.person('sam.cm');
    assert.equal((await h.send(h.activities.installTeam(lead))).status, 200);
    assert.equal((await h.send(h.activities.installPersonal(sam))).status, 200);
    assert.equal((await h.send(h.activities.installPersonal(lead))).status, 200);

    const { caseId, reference } = await submitReport(h.core, publicActor(h.institution.id), sampleReport());
    await h.dispatcher.drain();
    const post = await h.connector.waitForCall((c) => c.conversationId === CHANNEL_ID && c.method === 'send' && Boolean(c.body.attachments));
    const channelCard = cardOf(post.body);
    assert.match(text(channelCard), new RegExp(reference));
    for (const secret of ['Rhiannon', 'Mallory', 'library', 'religion', 'rhiannon.reporter']) assert.doesNotMatch(text(channelCard), new RegExp(secret, 'i'));
    assert.deepEqual(titles(channelCard), ['Claim', 'Open']);
    const thread = { conversationId: `${CHANNEL_ID};messageid=${post.id}`, activityId: post.id! };

    const leadView = invokeCard(await h.send(h.activities.invoke(lead, thread, 'refresh', { caseId, card: 'channel' }, 'automatic')));
    assert.deepEqual(titles(leadView), ['Claim', 'Assign to…', 'Open']);

    const claimed = invokeCard(await h.send(h.activities.invoke(sam, thread, 'claim', { caseId, version: 1 })));
    assert.match(text(claimed), /With you/);
    assert.deepEqual(titles(claimed), ['Assign to…', 'Open'], 'the holder may pass the case on, not claim it');
    const shared = await h.connector.waitForCall((c) => c.method === 'update' && c.activityId === post.id);
    assert.match(text(cardOf(shared.body)), /With Sam Patel/);

    const audit = await h.db.query<{ type: string; actor: string }>('SELECT type, actor FROM case_events WHERE case_id = $1 ORDER BY at', [caseId]);
    assert.deepEqual(audit.rows.map((r) => [r.type, r.actor]).at(-1), ['case.claimed', `staff:${sam.staffId}`]);

    const late = invokeCard(await h.send(h.activities.invoke(lead, thread, 'claim', { caseId, version: 1 })));
    assert.match(text(late), /already with Sam Patel/);
    assert.doesNotMatch(titles(late).join(), /Claim/);

    await h.dispatcher.drain();
    const handOver = await h.connector.waitForCall((c) => c.conversationId === sam.personalConversationId && c.method === 'send' && /Assigned to you/.test(text(c.body)));
    const personal = cardOf(handOver.body);
    assert.deepEqual(titles(personal), ['Book a meeting', 'Add a task', 'Open']);
    const dm = { conversationId: sam.personalConversationId, activityId: handOver.id! };

    const slots = invokeCard(await h.send(h.activities.invoke(sam, dm, 'bookMeeting', { caseId })));
    const slotChoice = (slots.body as { id?: string; choices?: { value: string }[] }[]).find((b) => b.id === 'slot')!.choices![0]!.value;
    const booked = invokeCard(await h.send(h.activities.invoke(sam, dm, 'pickSlot', { caseId, slot: slotChoice, mode: 'in_person', room: 'wellbeing-2@uni.example' })));
    assert.match(text(booked), /Meeting booked/);
    assert.match(text(booked), /Wellbeing Centre, Room 2/);
    const meetings = await h.db.query<{ mode: string; room: string }>('SELECT mode, room FROM meetings WHERE case_id = $1', [caseId]);
    assert.deepEqual(meetings.rows, [{ mode: 'in_person', room: 'Wellbeing Centre, Room 2' }]);

    const task = invokeCard(await h.send(h.activities.invoke(sam, dm, 'addTask', { caseId, title: 'Call back about support', dueOn: '2031-01-10' })));
    assert.match(text(task), /Task added/);
    assert.doesNotMatch(text(task), /Call back/);

    for (const call of h.connector.calls.filter((c) => c.body.attachments)) assert.deepEqual(adaptiveCardProblems(cardOf(call.body)), []);
    for (const c of [leadView, claimed, late, slots, booked, task]) assert.deepEqual(adaptiveCardProblems(c), []);
  });
});
