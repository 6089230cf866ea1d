import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openMigratedPglite } from './pglite.ts';

/** The copies this process holds open right now (each holds its folder with our pid); other suites may hold some too. */
function ownCopies(): string[] {
  return fs
    .readdirSync(os.tmpdir())
    .filter((n) => n.startsWith('harbour-pglite-') && !n.startsWith('harbour-pglite-template-'))
    .map((n) => path.join(os.tmpdir(), n))
    .filter((dir) => {
      try {
        return fs.readFileSync(path.join(dir, 'harbour.pid'), 'utf8') === String(process.pid);
      } catch {
        return false;
      }
    });
}

describe('test support: openMigratedPglite', () => {
  it('gives migrated databases that do not share rows', async function () {
    this.timeout(5 * 60_000);
    const first = await openMigratedPglite();
    const second = await openMigratedPglite();
    try {
      for (const db of [first, second]) {
        assert.equal(db.engine, 'pglite');
        const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations');
        assert.ok(rows.some((r) => r.name === '0001_core.sql'));
      }
      await first.query(`INSERT INTO institutions (slug, name) VALUES ('only-first', 'First')`);
      const seen = await second.query<{ n: number }>(`SELECT count(*)::int AS n FROM institutions WHERE slug = 'only-first'`);
      assert.equal(seen.rows[0]?.n, 0);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('removes the copy when the database is closed', async function () {
    this.timeout(5 * 60_000);
    const before = new Set(ownCopies());
    const db = await openMigratedPglite();
    const added = ownCopies().filter((d) => !before.has(d));
    assert.equal(added.length, 1);
    await db.close();
    assert.equal(fs.existsSync(added[0]!), false);
  });
});
