import assert from 'node:assert/strict';
import { forEachEngine, selectedEngines } from './engines.ts';

forEachEngine('test support: forEachEngine', (getDb, engine) => {
  it('opens a migrated database of the named engine', async () => {
    const db = getDb();
    assert.equal(db.engine, engine);
    const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    assert.ok(rows.some((r) => r.name === '0001_core.sql'), 'the core migration is applied');
  });

  it('connects as a superuser, so tamper tests can act behind the application role', async () => {
    const { rows } = await getDb().query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
    assert.equal(rows[0]?.rolsuper, true);
  });

  if (engine === 'postgres') {
    it('is a real PostgreSQL 15 server', async () => {
      const { rows } = await getDb().query<{ server_version_num: string }>('SHOW server_version_num');
      assert.match(rows[0]!.server_version_num, /^15\d{4}$/);
    });
  }

  it('enforces row-level security inside forInstitution', async () => {
    const db = getDb();
    const ids = (
      await db.query<{ id: string }>(
        `INSERT INTO institutions (slug, name) VALUES ('rls-a', 'A'), ('rls-b', 'B') RETURNING id`,
      )
    ).rows.map((r) => r.id);
    const seen = await db.forInstitution(ids[0]!, (tx) => tx.query<{ id: string }>('SELECT id FROM institutions'));
    assert.deepEqual(seen.rows.map((r) => r.id), [ids[0]]);
  });
});

forEachEngine('test support: a second suite', (getDb) => {
  it('gets a database of its own: rows the other suite wrote are not here', async () => {
    const { rows } = await getDb().query<{ n: number }>(`SELECT count(*)::int AS n FROM institutions`);
    assert.equal(rows[0]?.n, 0);
  });
});

describe('test support: selectedEngines', () => {
  const saved = process.env.HARBOUR_ENGINES;
  afterEach(() => {
    if (saved === undefined) delete process.env.HARBOUR_ENGINES;
    else process.env.HARBOUR_ENGINES = saved;
  });

  it('defaults to both engines', () => {
    delete process.env.HARBOUR_ENGINES;
    assert.deepEqual(selectedEngines(), ['pglite', 'postgres']);
  });

  it('takes a comma separated list and refuses unknown names', () => {
    process.env.HARBOUR_ENGINES = ' postgres ';
    assert.deepEqual(selectedEngines(), ['postgres']);
    process.env.HARBOUR_ENGINES = 'pglite,mongo';
    assert.throws(() => selectedEngines(), /unknown engine "mongo"/);
  });
});
