import assert from 'node:assert/strict';
import { openPglite } from '../db/pglite.ts';
import { migrate } from '../db/migrate.ts';
import type { Core } from '../core.ts';
import type { Institution } from '../institutions.ts';
import { makeCore, makeInstitution } from '../../test/factories.ts';
import { createLocalMail, readLocalOutbox } from '../../graph-integration/localOffice.ts';
import { directoryReviewsDue, listSupportServices, remindDirectoryReviews, supportSuggestions } from './supportDirectory.ts';

describe('support directory', () => {
  let core: Core;
  let inst: Institution;
  let now = new Date();

  before(async () => {
    const db = await openPglite('memory://');
    await migrate(db);
    core = makeCore(db, { clock: () => now });
    inst = await makeInstitution(core);
  });
  after(() => core.db.close());

  it('lists every service in order, or only those for one audience', async () => {
    const all = await listSupportServices(core, inst.id);
    assert.equal(all.length, 7);
    assert.equal(all[0]!.name, 'Wellbeing service');
    assert.match(all[0]!.lastReviewedAt, /^\d{4}-\d{2}-\d{2}$/);
    const staff = await listSupportServices(core, inst.id, { audience: 'staff' });
    assert.ok(staff.every((s) => s.audience.includes('staff')));
    assert.ok(!staff.some((s) => s.name === 'Wellbeing service'));
  });

  it('suggests services for the chosen categories first, then general ones, for the reporter audience', async () => {
    const s = await supportSuggestions(core, inst.id, { connection: 'student', categories: ['stalking'] });
    const names = s.map((x) => x.name);
    assert.deepEqual(names.slice(0, 2), ['Campus security', 'National Stalking Helpline']);
    assert.ok(names.includes('Wellbeing service'));
    assert.ok(!names.includes('Employee assistance programme'), 'a staff-only service is not suggested to a student');
    assert.ok(!names.includes('Rape Crisis England & Wales'), 'a service for other categories is not suggested');
    const visitor = await supportSuggestions(core, inst.id, { connection: 'visitor', categories: ['stalking'] });
    assert.ok(visitor.some((x) => x.name === 'Employee assistance programme'), 'a visitor sees every audience');
  });

  it('finds entries not reviewed within the interval, and mails the administrators once asked', async () => {
    now = new Date();
    const due = await directoryReviewsDue(core, inst.id);
    assert.deepEqual(due.map((s) => s.name), ['National Stalking Helpline']);
    const mail = createLocalMail(core.db);
    const sent = await remindDirectoryReviews(core, mail, inst.id, 'https://harbour.example/tab/settings/directory');
    assert.equal(sent?.due, 1);
    const outbox = await readLocalOutbox(core.db, inst.id);
    assert.equal(outbox.length, 1);
    assert.match(outbox[0]!.recipient, /^robin\.admin@/);
    assert.match(outbox[0]!.body, /National Stalking Helpline: last reviewed \d{4}-\d{2}-\d{2} by Demo Administrator/);
    assert.match(outbox[0]!.body, /6 months/);
  });

  it('counts the interval from the clock and the institution setting', async () => {
    now = new Date(Date.now() + 200 * 86_400_000);
    assert.equal((await directoryReviewsDue(core, inst.id)).length, 7);
    now = new Date(Date.now() - 400 * 86_400_000);
    assert.equal(await remindDirectoryReviews(core, createLocalMail(core.db), inst.id, 'x'), null);
    now = new Date();
  });
});
