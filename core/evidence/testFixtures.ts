import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { PNG } from 'pngjs';
import type { Database } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { migrate } from '../db/migrate.ts';
import { makeCore, makeInstitution, publicActor, sampleReport } from '../../test/factories.ts';
import { submitReport } from '../commands/reportSubmitter.ts';
import { localFileStore } from '../../evidence-storage/localFileStore.ts';
import { DEFAULT_LIMITS, type EvidenceLimits } from './limits.ts';
import type { EvidenceDeps } from './deps.ts';

/** Sample evidence for tests: real leading bytes of each format, padded with random bytes. */
export const sampleFiles = {
  /** A real PNG of random pixels, about `size` bytes (random pixels don't compress). */
  png: (size = 2000) => {
    const side = Math.max(1, Math.ceil(Math.sqrt(size / 4)));
    const png = new PNG({ width: side, height: side });
    crypto.randomFillSync(png.data);
    return PNG.sync.write(png);
  },
  pdf: (size = 3000) => Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'), crypto.randomBytes(size - 40)]),
  exe: (size = 3000) => Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000b800000000000000400000000000000000000000', 'hex'), crypto.randomBytes(size - 36)]),
  text: (body = 'Messages I received on 3 March.\nThey said they would wait for me.\n') => Buffer.from(body),
};

/** A readable that yields `bytes` in small chunks, as a network upload would. */
export function streamOf(bytes: Buffer, chunk = 16 * 1024): Readable {
  return Readable.from((function* () {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  })());
}

/**
 * A database (PGlite in memory unless one is given) and institution (slow to make: share one per test file), and `fresh()` for each
 * test: its own file store in a temporary folder, its own limits and a newly submitted report.
 */
export async function evidenceWorld(given?: Database) {
  const db = given ?? (await openPglite('memory://'));
  if (!given) await migrate(db);
  const core = makeCore(db);
  const inst = await makeInstitution(core);
  const dirs: string[] = [];
  const fresh = async (limits: Partial<EvidenceLimits> = {}) => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'harbour-evidence-'));
    dirs.push(dir);
    const deps: EvidenceDeps = { core: { ...core }, store: localFileStore(dir), limits: { ...DEFAULT_LIMITS, ...limits } };
    const submitted = await submitReport(core, publicActor(inst.id), sampleReport());
    const storedFiles = async () => (await fs.readdir(dir, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
    return { deps, dir, submitted, caseId: submitted.caseId, storedFiles };
  };
  const countRows = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM evidence_files')).rows[0]!.n);
  const close = async () => {
    if (!given) await db.close();
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  };
  return { db, core, inst, fresh, countRows, close };
}
