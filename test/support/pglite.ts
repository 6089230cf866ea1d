import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrate.ts';
import { openPglite } from '../../core/db/pglite.ts';

let template: Promise<string> | undefined;
const made = new Set<string>();
let cleanupAtExit = false;

/**
 * A fresh, fully migrated PGlite database for one suite or test, much faster than
 * `openPglite('memory://')` + `migrate()`: PGlite's initdb in WASM takes seconds (tens of seconds on
 * a loaded machine), so it runs once per process into a template folder, and each call opens a copy.
 * Closing the database removes its folder; folders still open at exit are removed then.
 */
export async function openMigratedPglite(): Promise<Database> {
  template ??= buildTemplate();
  const source = await template;
  const dir = tempDir('harbour-pglite-');
  fs.cpSync(source, dir, { recursive: true });
  const db = await openPglite(dir);
  return {
    ...db,
    async close() {
      await db.close();
      removeDir(dir);
    },
  };
}

async function buildTemplate(): Promise<string> {
  const dir = tempDir('harbour-pglite-template-');
  const db = await openPglite(dir);
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
  return dir;
}

function tempDir(prefix: string): string {
  if (!cleanupAtExit) {
    cleanupAtExit = true;
    process.once('exit', () => [...made].forEach(removeDir));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.add(dir);
  return dir;
}

function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}
