import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../core/config.ts';
import { openPglite } from '../core/db/pglite.ts';
import { migrate } from '../core/db/migrate.ts';
import type { Core } from '../core/core.ts';
import { submitReport } from '../core/commands/reportSubmitter.ts';
import { closeCase } from '../core/commands/caseCloser.ts';
import { makeCore, makeInstitution, publicActor, sampleReport, staffActor } from '../test/factories.ts';
import { findCommand, parseCommandArgs, type CliContext } from './registry.ts';
import { insightCommands } from './insightCommands.ts';

describe('npm run cli -- retention run / subject export', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-cli-insight-'));
  let core: Core;
  let slug: string;
  let now = new Date('2018-03-01T10:00:00Z');
  const lines: string[] = [];
  const ctx: CliContext = { config: loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), core: async () => core, out: (l) => lines.push(l) };
  const cli = async (argv: string[]) => {
    lines.length = 0;
    const found = findCommand(insightCommands, argv)!;
    const { values, positionals } = parseCommandArgs(found.command, found.rest);
    if (values.help) {
      lines.push(found.command.usage);
      return 0;
    }
    return found.command.run(values, positionals, ctx);
  };

  before(async function () {
    this.timeout(60_000);
    const db = await openPglite('memory://');
    await migrate(db);
    core = makeCore(db, { clock: () => now });
    const inst = await makeInstitution(core);
    slug = inst.slug;
    const { caseId } = await submitReport(core, publicActor(inst.id), sampleReport({ when: {} }));
    await closeCase(core, await staffActor(core, inst.id, 'lead'), { caseId, outcome: 'support_given' });
    now = new Date('2025-03-01T10:00:00Z');
    await submitReport(core, publicActor(inst.id), sampleReport({ when: {}, reporter: { name: 'Nia Named', email: 'nia@student.example.ac.uk' } }));
  });
  after(async () => {
    await core.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('retention run --dry-run lists, then retention run destroys and says what', async () => {
    assert.equal(await cli(['retention', 'run', '--institution', slug, '--dry-run']), 0);
    assert.match(lines.join('\n'), /1 case\(s\) would be destroyed, 0 kept on legal hold/);
    assert.equal(await cli(['retention', 'run', '--institution', slug]), 0);
    assert.match(lines.join('\n'), /destroyed HR-2018-\d+ \(closed 2018-03-01, 0 evidence file\(s\)\)/);
    assert.equal(await cli(['retention', 'run', '--institution', 'nowhere']), 2);
  });

  it('subject export writes the JSON and the PDF, and records the request', async () => {
    const out = path.join(dir, 'sar');
    assert.equal(await cli(['subject', 'export', '--institution', slug, '--email', 'nia@student.example.ac.uk', '--out', out]), 0);
    assert.match(lines[0]!, /1 case\(s\)/);
    const files = fs.readdirSync(out).sort();
    assert.equal(files.length, 2);
    const json = JSON.parse(fs.readFileSync(path.join(out, files[0]!), 'utf8'));
    assert.equal(json.format, 'harbour-subject-access/1');
    assert.equal(json.cases[0].roles[0], 'reporter');
    assert.equal(fs.readFileSync(path.join(out, files[1]!)).subarray(0, 5).toString(), '%PDF-');
    assert.equal((fs.statSync(path.join(out, files[0]!)).mode & 0o777).toString(8), '600');
    const req = await core.db.query(`SELECT status, recorded_by FROM subject_requests`);
    assert.deepEqual(req.rows, [{ status: 'completed', recorded_by: 'system:subject-access-cli' }]);
  });

  it('explains usage, and refuses an export without anyone to look for', async () => {
    assert.equal(await cli(['subject', 'export', '--help']), 0);
    assert.match(lines[0]!, /--email ADDRESS/);
    assert.equal(await cli(['subject', 'export', '--institution', slug]), 2);
    assert.throws(() => parseCommandArgs(findCommand(insightCommands, ['retention', 'run'])!.command, ['--bogus']));
  });
});
