import assert from 'node:assert/strict';
import { forEachEngine } from '../../test/support/engines.ts';
import { makeCore, makeInstitution, publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import { submitReport } from '../commands/reportSubmitter.ts';
import { claimCase } from '../commands/caseClaimer.ts';
import { addNote } from '../commands/noteAdder.ts';
import { verifyLedger } from './verify.ts';
import type { Core } from '../core.ts';

/** Runs `sql` as the superuser with triggers off: what an attacker with database access could do. */
async function tamper(core: Core, statements: string[]) {
  await core.db.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    for (const s of statements) await tx.query(s);
  });
}

forEachEngine('the evidential record', (getDb) => {
  let core: Core;
  let institutionId: string;
  let caseIds: string[];

  beforeEach(async () => {
    core = makeCore(getDb());
    institutionId = (await makeInstitution(core)).id;
    const cm = await staffActor(core, institutionId, 'case_manager');
    caseIds = [];
    for (let i = 0; i < 3; i++) {
      const r = await submitReport(core, publicActor(institutionId), sampleReport({ narrative: `Report number ${i}` }));
      caseIds.push(r.caseId);
      await claimCase(core, cm, { caseId: r.caseId });
      await addNote(core, cm, { caseId: r.caseId, text: `A note on report ${i}` });
    }
    assert.equal((await verifyLedger(core.db, core.keyring, institutionId)).ok, true);
  });

  it('the database itself refuses to change or delete an original report, a case event or a ledger entry', async () => {
    for (const sql of [
      `UPDATE reports SET channel = 'lti' WHERE case_id = '${caseIds[0]}'`,
      `DELETE FROM reports WHERE case_id = '${caseIds[0]}'`,
      `UPDATE case_events SET type = 'x' WHERE case_id = '${caseIds[0]}'`,
      `DELETE FROM ledger_entries WHERE institution_id = '${institutionId}'`,
      `UPDATE ledger_entries SET hash = 'x' WHERE institution_id = '${institutionId}'`,
      `TRUNCATE reports CASCADE`,
    ])
      await assert.rejects(core.db.query(sql), /append-only|never changed/, sql);
  });

  it('the application role has no UPDATE or DELETE grant on the evidence tables', async () => {
    await assert.rejects(
      core.db.forInstitution(institutionId, (tx) => tx.query(`UPDATE reports SET channel = 'lti' WHERE case_id = $1`, [caseIds[0]])),
      /permission denied|append-only/,
    );
    const grants = await core.db.query<{ table_name: string; privilege_type: string }>(
      `SELECT table_name, privilege_type FROM information_schema.role_table_grants
       WHERE grantee = 'harbour_app' AND table_name IN ('reports','case_events','ledger_entries','ledger_checkpoints') AND privilege_type IN ('UPDATE','DELETE','TRUNCATE')`,
    );
    assert.deepEqual(grants.rows, []);
  });

  it('verify names the altered ledger entry when its body is edited behind the triggers', async () => {
    const victim = (await core.db.query<{ seq: number }>(`SELECT ledger_seq AS seq FROM reports WHERE case_id = $1`, [caseIds[1]])).rows[0]!.seq;
    await tamper(core, [`UPDATE ledger_entries SET body = replace(body, '"report.submitted"', '"report.withdrawn"') WHERE institution_id = '${institutionId}' AND seq = ${victim}`]);
    const v = await verifyLedger(core.db, core.keyring, institutionId);
    assert.equal(v.ok, false);
    assert.equal(v.firstBad!.seq, Number(victim));
    assert.match(v.firstBad!.reason, /altered/);
  });

  it('verify notices an entry rewritten with a fresh hash (the chain breaks at the next entry)', async () => {
    const rows = (await core.db.query<{ seq: number; body: string }>(`SELECT seq, body FROM ledger_entries WHERE institution_id = $1 ORDER BY seq`, [institutionId])).rows;
    const target = rows[2]!;
    const { sha256Hex, canonicalJson } = await import('../crypto/hashing.ts');
    const forged = canonicalJson({ ...JSON.parse(target.body), at: '2020-01-01T00:00:00.000Z' });
    assert.notEqual(forged, target.body);
    await tamper(core, [`UPDATE ledger_entries SET body = '${forged.replace(/'/g, "''")}', hash = '${sha256Hex(forged)}' WHERE institution_id = '${institutionId}' AND seq = ${target.seq}`]);
    const v = await verifyLedger(core.db, core.keyring, institutionId);
    assert.equal(v.ok, false);
    assert.ok([Number(target.seq), Number(target.seq) + 1].includes(v.firstBad!.seq), JSON.stringify(v.firstBad));
  });

  it('verify notices a swapped report ciphertext', async () => {
    await tamper(core, [`UPDATE reports SET content = (SELECT content FROM reports WHERE case_id = '${caseIds[0]}') WHERE case_id = '${caseIds[2]}'`]);
    const v = await verifyLedger(core.db, core.keyring, institutionId);
    assert.equal(v.ok, false);
    assert.match(v.firstBad!.reason, /report was altered/);
  });

  it('verify notices a deleted last entry (the head no longer matches)', async () => {
    await tamper(core, [`DELETE FROM ledger_entries WHERE institution_id = '${institutionId}' AND seq = (SELECT max(seq) FROM ledger_entries WHERE institution_id = '${institutionId}')`]);
    const v = await verifyLedger(core.db, core.keyring, institutionId);
    assert.equal(v.ok, false);
  });

  it('verify still passes when retention has destroyed a case key (content gone, chain intact)', async () => {
    await core.db.query('DELETE FROM case_keys WHERE case_id = $1', [caseIds[0]]);
    const v = await verifyLedger(core.db, core.keyring, institutionId);
    assert.equal(v.ok, true, JSON.stringify(v.firstBad));
    assert.equal(v.destroyed, 1);
  });
});
