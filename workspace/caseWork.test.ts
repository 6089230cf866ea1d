import assert from 'node:assert/strict';
import { startWorkspaceApp, type WorkspaceTestApp } from './testing/testApp.ts';
import { submitReport } from '../core/commands/reportSubmitter.ts';
import { publicActor, sampleReport, staffActor } from '../test/factories.ts';

const actions = (html: string) => [...html.matchAll(/action="\/tab\/cases\/[0-9a-f-]+\/([a-z-]+)"/g)].map((m) => m[1]!);

describe('case workspace over HTTP', () => {
  let app: WorkspaceTestApp;
  before(async () => {
    app = await startWorkspaceApp();
  });
  after(() => app.close());

  const newCase = async (over = {}) => (await submitReport(app.core, publicActor(app.inst.id), sampleReport(over))).caseId;
  const events = async (caseId: string) => (await app.db.query<{ type: string }>('SELECT type FROM case_events WHERE case_id = $1 ORDER BY at, ledger_seq', [caseId])).rows.map((r) => r.type);

  it('claim → note → task → message → referral → time → close, each one control, each recorded', async () => {
    const caseId = await newCase();
    const cm = await app.signedIn('case_manager', 1);
    const page = `/tab/cases/${caseId}`;
    const before = await cm.get(page);
    assert.deepEqual(actions(before.html), ['claim'], 'before claiming, only "Claim" is offered');
    assert.match(before.html, /Never changed/);
    assert.match(before.html, /followed me and made comments about my religion/);
    assert.match(before.html, /Mallory Quentin/);

    for (const [name, form, section] of [
      ['claim', {}, 'summary'],
      ['note', { text: 'Called the reporter; they want a meeting.' }, 'notes'],
      ['task', { title: 'Ask security for CCTV', dueOn: '2030-01-10', assigneeId: '' }, 'tasks'],
      ['message', { text: 'Thank you for telling us. When can we talk?' }, 'messages'],
      ['refer', { departmentKey: 'security', shared: ['summary', 'place_and_time'], basis: 'consent', summary: 'Please review the library CCTV.' }, 'referrals'],
      ['time', { hours: '1', minutes: '30', onDate: '2026-11-20' }, 'time'],
    ] as const) {
      const res = await cm.post(`${page}/${name}`, form as Record<string, string | string[]>, page);
      assert.equal(res.status, 303, `${name}: ${res.html.slice(0, 300)}`);
      assert.equal(res.location, `${page}?done=${name}#${section}`);
    }
    const after = await cm.get(`${page}?done=time`);
    assert.match(after.html, /Time recorded\./);
    assert.match(after.html, /Ask security for CCTV/);
    assert.match(after.html, /Campus security/);
    assert.match(after.html, /1 h 30 min recorded/);
    assert.deepEqual(new Set(actions(after.html)), new Set(['assign', 'status', 'close', 'message', 'contact', 'note', 'task-done', 'task', 'refer', 'link', 'time']));
    const taskId = (await app.db.query<{ id: string }>('SELECT id FROM tasks WHERE case_id = $1', [caseId])).rows[0]!.id;
    assert.equal((await cm.post(`${page}/task-done`, { taskId }, page)).status, 303);
    assert.equal((await cm.post(`${page}/close`, { outcome: 'support_given', note: 'Support plan agreed.' }, page)).status, 303);
    const closed = await cm.get(page);
    assert.match(closed.html, /Support given/);
    assert.deepEqual(actions(closed.html), ['reopen']);
    assert.deepEqual(await events(caseId), [
      'case.claimed', 'case.note_added', 'case.task_added', 'case.message_to_reporter', 'case.referred', 'case.time_recorded', 'case.task_completed', 'case.closed',
    ]);
  });

  it('explains a refused form on the same page, keeps what was typed, and changes nothing', async () => {
    const caseId = await newCase();
    const lead = await app.signedIn('lead');
    const page = `/tab/cases/${caseId}`;
    await lead.post(`${page}/claim`, {}, page);
    const empty = await lead.post(`${page}/note`, { text: '   ' }, page);
    assert.equal(empty.status, 400);
    assert.match(empty.html, /There is a problem/);
    assert.match(empty.html, /href="#note-text"/);
    const noConsent = await lead.post(`${page}/refer`, { departmentKey: 'hr', shared: ['summary'], basis: 'consent', summary: 'Staff member involved.' }, page);
    assert.equal(noConsent.status, 400);
    assert.match(noConsent.html, /did not consent to sharing with this department/);
    assert.match(noConsent.html, /Staff member involved\./, 'the summary typed is kept');
    assert.deepEqual(await events(caseId), ['case.claimed']);
  });

  it('a departmental responder sees only their referral and records what they did; nothing else is offered or accepted', async () => {
    const caseId = await newCase();
    const other = await newCase();
    const lead = await app.signedIn('lead');
    const page = `/tab/cases/${caseId}`;
    await lead.post(`${page}/claim`, {}, page);
    await lead.post(`${page}/note`, { text: 'Internal: reporter is anxious about the perpetrator.' }, page);
    await lead.post(`${page}/refer`, { departmentKey: 'security', shared: ['summary', 'categories'], basis: 'consent', summary: 'Please check CCTV on the 20th.' }, page);

    const security = await app.signedIn('responder');
    const list = await security.get('/tab/cases');
    assert.match(list.html, /Cases referred to your department/);
    assert.ok(list.html.includes(`/tab/cases/${caseId}`));
    assert.ok(!list.html.includes(`/tab/cases/${other}`));
    const seen = await security.get(page);
    assert.match(seen.html, /Please check CCTV on the 20th\./);
    assert.doesNotMatch(seen.html, /anxious|Mallory|Rhiannon|followed me/);
    assert.deepEqual(actions(seen.html), ['respond']);
    assert.equal((await security.get(`/tab/cases/${other}`)).status, 404);
    assert.equal((await security.post(`${page}/note`, { text: 'sneaky' }, page)).status, 403);
    const referralId = (await app.db.query<{ id: string }>('SELECT id FROM referrals WHERE case_id = $1', [caseId])).rows[0]!.id;
    const done = await security.post(`${page}/respond`, { referralId, text: 'CCTV reviewed; footage kept.', done: '1' }, page);
    assert.equal(done.status, 303);
    assert.match((await lead.get(page)).html, /CCTV reviewed; footage kept\./);
    const hr = await app.signedIn('responder', 1);
    assert.equal((await hr.get(page)).status, 404);
  });

  it('an excluded member of staff can neither find nor open the case, nor reach it by search or link', async () => {
    const caseId = await newCase({ narrative: 'Conflict of interest case: the zebra crossing incident.' });
    const lead = await app.signedIn('lead');
    const jo = await staffActor(app.core, app.inst.id, 'case_manager', 1);
    const page = `/tab/cases/${caseId}`;
    await lead.post(`${page}/restrict`, { excludedStaff: [jo.staffId] }, page);
    assert.match((await lead.get(page)).html, /Jo Williams/);
    const excluded = await app.signedIn('case_manager', 1);
    assert.ok(!(await excluded.get('/tab/cases?view=all&status=any')).html.includes(caseId));
    assert.doesNotMatch((await excluded.get('/tab/cases?view=all&q=zebra')).html, /zebra crossing/);
    assert.equal((await excluded.get(page)).status, 404);
    const mine = await newCase();
    await excluded.post(`/tab/cases/${mine}/claim`, {}, `/tab/cases/${mine}`);
    const ref = (await app.db.query<{ reference: string }>('SELECT reference FROM cases WHERE id = $1', [caseId])).rows[0]!.reference;
    const link = await excluded.post(`/tab/cases/${mine}/link`, { other: ref, reason: 'related' }, `/tab/cases/${mine}`);
    assert.equal(link.status, 404);
    assert.equal((await excluded.post(`${page}/note`, { text: 'x' }, `/tab/cases/${mine}`)).status, 404);
  });

  it('lists: my cases, unassigned, filters, overdue badges, keyset paging, search with excerpts', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 27; i++) ids.push(await newCase({ narrative: `Paging case ${i} near the sports centre.`, where: { campus: i % 2 ? 'park' : 'city' } }));
    const lead = await app.signedIn('lead');
    const all = await lead.get('/tab/cases?view=all');
    assert.equal((all.html.match(/<tr>\s*<td><a href="\/tab\/cases\//g) ?? []).length, 25);
    const next = /href="(\/tab\/cases\?[^"]*after(?:=|&#x3D;)[^"]+)"/.exec(all.html)![1]!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    const second = await lead.get(next);
    assert.equal(second.status, 200);
    assert.match(second.html, /Back to the newest/);
    const park = await lead.get('/tab/cases?view=all&campus=park&status=open');
    assert.doesNotMatch(park.html, /<td>City campus<\/td>/);
    assert.match(park.html, /<td>Park campus<\/td>/);
    const found = await lead.get('/tab/cases?view=all&q=sports+centre');
    assert.match(found.html, /Paging case 26 near the sports centre/);
    assert.match(found.html, /Searched the reports of/);
    const unassigned = await lead.get('/tab/cases?view=unassigned');
    assert.match(unassigned.html, /aria-current="page">Unassigned/);
    assert.match(unassigned.html, /Due in \d+ days|Due tomorrow|Due today/);
  });

  it('links suggested cases from the case page: confirm, and dismiss for good', async () => {
    const person = [{ relation: 'staff' as const, name: 'Dr Quincy Zed', identifier: 'E998877' }];
    const a = await newCase({ narrative: 'First report about the same person.', reporter: { name: 'Una Link', email: 'una.link@student.example.ac.uk' }, perpetrators: person, where: { campus: 'city', building: 'union' } });
    const b = await newCase({ narrative: 'Second report about the same person.', kind: 'anonymous', reporter: undefined, perpetrators: [{ relation: 'staff', name: 'quincy zed' }], where: { campus: 'park' } });
    const c = await newCase({ narrative: 'Same campus, same week.', kind: 'anonymous', reporter: undefined, perpetrators: [], where: { campus: 'city', building: 'union' } });
    const lead = await app.signedIn('lead');
    const page = `/tab/cases/${a}`;
    await lead.post(`${page}/claim`, {}, page);
    const html = (await lead.get(page)).html;
    assert.match(html, /Possibly related/);
    assert.ok(html.includes(`value="${b}"`), 'same alleged perpetrator');
    assert.ok(html.includes(`value="${c}"`), 'same place and time');
    assert.equal((await lead.post(`${page}/link`, { other: b, reason: 'same_perpetrator' }, page)).status, 303);
    assert.equal((await lead.post(`${page}/link-dismiss`, { other: c, reason: 'place_and_time' }, page)).status, 303);
    const after = (await lead.get(page)).html;
    assert.match(after, /Same alleged perpetrator/);
    assert.ok(!after.includes(`value="${c}"`));
    assert.match((await lead.get(`/tab/cases/${b}`)).html, /Linked cases[\s\S]*Same alleged perpetrator/);
  });

  it('the data protection officer (auditor) reads the case and may place a legal hold, nothing else', async () => {
    const caseId = await newCase();
    const dpo = await app.signedIn('auditor');
    const page = `/tab/cases/${caseId}`;
    const seen = await dpo.get(page);
    assert.match(seen.html, /followed me and made comments/);
    assert.deepEqual(actions(seen.html), ['legal-hold']);
    const held = await dpo.post(`${page}/legal-hold`, { hold: '1', reason: 'Police investigation requested the record.' }, page);
    assert.equal(held.status, 303);
    assert.match((await dpo.get(page)).html, /On hold/);
    assert.equal((await dpo.post(`${page}/note`, { text: 'x' }, page)).status, 403);
    const security = await app.signedIn('responder');
    assert.doesNotMatch((await security.get('/tab/cases')).html, /Search what reporters wrote/);
  });

  it('workload for the lead only; the demo outbox for leads and administrators only', async () => {
    const lead = await app.signedIn('lead');
    const w = await lead.get('/tab/workload');
    assert.equal(w.status, 200);
    assert.match(w.html, /Sam Patel/);
    assert.match(w.html, /7 h 30 min a week/);
    const cm = await app.signedIn('case_manager', 1);
    assert.equal((await cm.get('/tab/workload')).status, 403);
    assert.doesNotMatch((await cm.get('/tab/cases')).html, /href="\/tab\/(workload|settings|outbox)"/);
    await app.db.query(`INSERT INTO sent_messages (institution_id, channel, recipient, subject, body) VALUES ($1, 'email', 'cm@example.ac.uk', 'A new case is waiting', 'Open Harbour to see it.')`, [app.inst.id]);
    const outbox = await lead.get('/tab/outbox');
    assert.match(outbox.html, /A new case is waiting/);
    assert.match(outbox.html, /case\.opened/);
    assert.equal((await cm.get('/tab/outbox')).status, 404);
  });
});
