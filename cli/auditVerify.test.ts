import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../cli.ts';
import { loadConfig } from '../core/config.ts';
import { createCore } from '../core/bootstrap.ts';
import { createLogger } from '../core/logger.ts';
import { seedInstitution } from '../core/demo/demoInstitution.ts';
import { submitReport } from '../core/commands/reportSubmitter.ts';
import { publicActor, sampleReport } from '../test/factories.ts';

describe('npm run cli -- audit verify', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-cli-'));
  const env = { DATA_DIR: dir, MASTER_KEYS: `t1:${crypto.randomBytes(32).toString('base64')}`, MASTER_KEY_ID: 't1', LOG_LEVEL: 'silent' as const };
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes on an intact record and names the first bad entry after a raw SQL edit', async () => {
    let core = await createCore(loadConfig(env), createLogger('silent'));
    const inst = await seedInstitution(core.db, core.keyring, { slug: 'cli-test', name: 'CLI University' });
    for (let i = 0; i < 3; i++) await submitReport(core, publicActor(inst.id), sampleReport({ narrative: `report ${i}` }));
    await core.db.close();

    const lines: string[] = [];
    assert.equal(await runCli(['audit', 'verify'], env, (l) => lines.push(l)), 0);
    assert.match(lines.join('\n'), /OK {3}cli-test: 3 entries, 3 signed checkpoints, 3 reports/);

    core = await createCore(loadConfig(env), createLogger('silent'));
    await core.db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(`UPDATE ledger_entries SET body = replace(body, '"anonymous"', '"named_record"') WHERE seq = 2`);
      await tx.query(`UPDATE ledger_entries SET body = replace(body, '"adviser"', '"named_record"') WHERE seq = 2`);
    });
    await core.db.close();

    lines.length = 0;
    assert.equal(await runCli(['audit', 'verify'], env, (l) => lines.push(l)), 1);
    assert.match(lines.join('\n'), /FAIL cli-test: entry 2: the entry was altered/);
  });

  it('explains itself with --help and refuses unknown options', async () => {
    const lines: string[] = [];
    assert.equal(await runCli(['audit', 'verify', '--help'], env, (l) => lines.push(l)), 0);
    assert.match(lines.join('\n'), /Usage: npm run cli -- audit verify/);
    assert.equal(await runCli(['audit', 'verify', '--bogus'], env, (l) => lines.push(l)), 2);
  });
});
