import assert from 'node:assert/strict';
import { openPglite } from '../db/pglite.ts';
import { migrate } from '../db/migrate.ts';
import type { Database } from '../db/database.ts';
import type { Core } from '../core.ts';
import { makeCore, makeInstitution, publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import { submitReport } from '../commands/reportSubmitter.ts';
import { claimCase } from '../commands/caseClaimer.ts';
import { referCase } from '../commands/referralMaker.ts';
import { restrictCase } from '../commands/caseRestrictor.ts';
import { closeCase } from '../commands/caseCloser.ts';
import { searchNarratives } from './narrativeSearch.ts';

describe('narrative search', () => {
  let db: Database;
  let core: Core;
  before(async () => {
    db = await openPglite('memory://');
    await migrate(db);
    core = makeCore(db);
  });
  after(() => db.close());

  it('finds words in narratives (accents and case ignored), only in cases the viewer may read, and logs each shown excerpt', async () => {
    const inst = await makeInstitution(core);
    const lead = await staffActor(core, inst.id, 'lead');
    const cm = await staffActor(core, inst.id, 'case_manager', 1);
    const security = await staffActor(core, inst.id, 'responder');
    const pub = publicActor(inst.id);
    const cafe = await submitReport(core, pub, sampleReport({ narrative: 'Shouted at me in the Café near the sports hall, then followed me to the bus stop.' }));
    const hidden = await submitReport(core, pub, sampleReport({ narrative: 'Someone in the cafe wrote slurs on my locker.' }));
    await submitReport(core, pub, sampleReport({ narrative: 'Messages on a group chat every night.' }));
    const closed = await submitReport(core, pub, sampleReport({ narrative: 'A cafe worker made comments about my headscarf.' }));
    await restrictCase(core, lead, { caseId: hidden.caseId, excludedStaff: [cm.staffId] });
    await claimCase(core, lead, { caseId: closed.caseId });
    await closeCase(core, lead, { caseId: closed.caseId, outcome: 'support_given' });

    const r = await searchNarratives(core, cm, 'CAFE');
    assert.deepEqual(r.hits.map((h) => h.item.id).sort(), [cafe.caseId, closed.caseId].sort());
    assert.match(r.hits.find((h) => h.item.id === cafe.caseId)!.snippet, /Café near the sports hall/);
    assert.equal(r.capped, false);
    assert.equal(r.next, null);
    assert.deepEqual((await searchNarratives(core, cm, 'cafe followed')).hits.map((h) => h.item.id), [cafe.caseId]);
    // Filters apply before anything is decrypted.
    assert.deepEqual((await searchNarratives(core, cm, 'cafe', { status: 'open' })).hits.map((h) => h.item.id), [cafe.caseId]);
    assert.equal((await searchNarratives(core, lead, 'cafe')).hits.length, 3);
    const access = await db.query<{ case_id: string }>(`SELECT case_id FROM access_log WHERE staff_id = $1 AND what = 'case.searched'`, [cm.staffId]);
    assert.ok(!access.rows.some((a) => a.case_id === hidden.caseId));
    assert.equal(access.rows.length, 4);

    // A responder may list a case referred to them, but never read its report.
    await referCase(core, lead, { caseId: cafe.caseId, departmentKey: 'security', shared: ['summary'], basis: 'consent', summary: 'Please check CCTV.' });
    const forResponder = await searchNarratives(core, security, 'cafe');
    assert.equal(forResponder.hits.length, 0);
    assert.equal(forResponder.scanned, 1);
  });

  it('decrypts at most the cap and offers to carry on into older cases', async () => {
    const inst = await makeInstitution(core);
    const cm = await staffActor(core, inst.id, 'case_manager', 1);
    const pub = publicActor(inst.id);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await submitReport(core, pub, sampleReport({ narrative: `Report number ${i} about the lab.` }))).caseId);
    const first = await searchNarratives(core, cm, 'lab', {}, 3);
    assert.equal(first.scanned, 3);
    assert.equal(first.capped, true);
    assert.ok(first.next);
    const rest = await searchNarratives(core, cm, 'lab', { after: first.next! }, 3);
    assert.equal(rest.capped, false);
    assert.deepEqual([...first.hits, ...rest.hits].map((h) => h.item.id).sort(), [...ids].sort());
    await assert.rejects(searchNarratives(core, cm, 'a'), /at least two letters/);
  });
});
