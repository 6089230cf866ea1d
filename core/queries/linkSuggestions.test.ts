import assert from 'node:assert/strict';
import { openPglite } from '../db/pglite.ts';
import { migrate } from '../db/migrate.ts';
import type { Database } from '../db/database.ts';
import type { Core } from '../core.ts';
import { makeCore, makeInstitution, publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import { submitReport } from '../commands/reportSubmitter.ts';
import { claimCase } from '../commands/caseClaimer.ts';
import { linkCases } from '../commands/caseLinker.ts';
import { restrictCase } from '../commands/caseRestrictor.ts';
import { readCase } from './caseReader.ts';
import { reasonForKey, suggestLinks } from './linkSuggestions.ts';

describe('link suggestions', () => {
  let db: Database;
  let core: Core;
  before(async () => {
    db = await openPglite('memory://');
    await migrate(db);
    core = makeCore(db);
  });
  after(() => db.close());

  it('maps match-key kinds to reasons', () => {
    assert.equal(reasonForKey('reporter:ab'), 'same_reporter');
    assert.equal(reasonForKey('reporter-name:ab'), 'same_reporter');
    assert.equal(reasonForKey('followup:ab'), 'same_reporter');
    assert.equal(reasonForKey('person-id:ab'), 'same_perpetrator');
    assert.equal(reasonForKey('other:ab'), null);
  });

  it('suggests same reporter, same perpetrator and place-and-time; confirm and dismiss take them off the list', async () => {
    const inst = await makeInstitution(core);
    const cm = await staffActor(core, inst.id, 'case_manager', 1);
    const lead = await staffActor(core, inst.id, 'lead');
    const pub = publicActor(inst.id);
    const first = await submitReport(core, pub, sampleReport());
    // Same reporter (email written differently), different perpetrator, other campus.
    const sameReporter = await submitReport(core, pub, sampleReport({
      reporter: { name: 'R. Someone', email: 'RHIANNON.REPORTER@student.example.ac.uk', contactByEmail: false },
      perpetrators: [{ relation: 'unknown' }], where: { campus: 'park' },
    }));
    // Anonymous, but names the same person by student id with other spelling of the name.
    const samePerson = await submitReport(core, pub, sampleReport({
      kind: 'anonymous', reporter: undefined, perpetrators: [{ relation: 'student', name: 'mallory  QUENTIN', identifier: 's1234567' }], where: { campus: 'park' },
    }));
    // Only the place is shared (same campus, no names).
    const samePlace = await submitReport(core, pub, sampleReport({ kind: 'anonymous', reporter: undefined, perpetrators: [] }));
    // Nothing shared.
    await submitReport(core, pub, sampleReport({ kind: 'anonymous', reporter: undefined, perpetrators: [], where: { campus: 'park' } }));
    await claimCase(core, cm, { caseId: first.caseId });

    const s = await suggestLinks(core, cm, first.caseId);
    const by = new Map(s.map((x) => [x.caseId, x.reasons]));
    assert.deepEqual(by.get(sameReporter.caseId), ['same_reporter']);
    assert.deepEqual(by.get(samePerson.caseId), ['same_perpetrator']);
    assert.deepEqual(by.get(samePlace.caseId), ['place_and_time']);
    assert.equal(s.length, 3);
    assert.equal(s[0]!.caseId, sameReporter.caseId);

    await linkCases(core, cm, { caseId: first.caseId, other: samePerson.caseId, reason: 'same_perpetrator' });
    await linkCases(core, cm, { caseId: first.caseId, other: samePlace.caseId, reason: 'place_and_time', dismiss: true });
    const after = await suggestLinks(core, cm, first.caseId);
    assert.deepEqual(after.map((x) => x.caseId), [sameReporter.caseId]);
    // The confirmed link is visible from the other case too; the dismissed one is not.
    const other = await readCase(core, lead, samePerson.caseId);
    assert.deepEqual(other.links.map((l) => [l.otherCaseId, l.status]), [[first.caseId, 'confirmed']]);
    assert.equal((await readCase(core, lead, samePlace.caseId)).links.length, 0);
    // The lookup table follows cases.match_keys (e.g. when retention or a subject erasure clears them).
    await db.query(`UPDATE cases SET match_keys = '{}' WHERE id = $1`, [sameReporter.caseId]);
    assert.deepEqual(await suggestLinks(core, cm, first.caseId), []);
    assert.equal((await db.query('SELECT 1 FROM case_match_keys WHERE case_id = $1', [sameReporter.caseId])).rowCount, 0);
  });

  it('never suggests a case the viewer is excluded from, and suggests nothing to someone who may not link', async () => {
    const inst = await makeInstitution(core);
    const lead = await staffActor(core, inst.id, 'lead');
    const cm = await staffActor(core, inst.id, 'case_manager', 1);
    const responder = await staffActor(core, inst.id, 'responder');
    const a = await submitReport(core, publicActor(inst.id), sampleReport());
    const b = await submitReport(core, publicActor(inst.id), sampleReport());
    await restrictCase(core, lead, { caseId: b.caseId, excludedStaff: [cm.staffId] });
    await claimCase(core, cm, { caseId: a.caseId });
    assert.deepEqual(await suggestLinks(core, cm, a.caseId), []);
    assert.deepEqual((await suggestLinks(core, lead, a.caseId)).map((x) => x.caseId), [b.caseId]);
    await assert.rejects(suggestLinks(core, responder, a.caseId), /does not exist or you may not see it/);
  });
});
