import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { openPglite } from '../core/db/pglite.ts';
import { migrate } from '../core/db/migrate.ts';
import type { Database } from '../core/db/database.ts';
import { LtiStore } from './ltiStore.ts';

describe('LtiStore (ltijs database plugin on PostgreSQL)', () => {
  let db: Database;
  let clock = Date.now();
  let store: LtiStore;
  before(async () => {
    db = await openPglite('memory://');
    await migrate(db);
    store = new LtiStore(db, crypto.randomBytes(32), () => clock);
  });
  after(() => db.close());

  const all = async (q?: Record<string, unknown>) => (await store.Get(false, 'platform', q)) || [];

  it('answers false when nothing matches, and documents in insertion order when something does', async () => {
    assert.equal(await store.Get(false, 'platform', { platformUrl: 'https://none.example' }), false);
    await store.Insert(false, 'platform', { platformUrl: 'https://a.example', clientId: '1', kid: 'k1' });
    await store.Insert(false, 'platform', { platformUrl: 'https://a.example', clientId: '2', kid: 'k2' });
    const got = await store.Get(false, 'platform', { platformUrl: 'https://a.example' });
    assert.deepEqual(got && got.map((d) => d.kid), ['k1', 'k2']);
    assert.deepEqual(await store.Get(false, 'platform', { platformUrl: 'https://a.example', clientId: '2' }), [{ platformUrl: 'https://a.example', clientId: '2', kid: 'k2' }]);
  });

  it('treats a field asked for as undefined as matching nothing, so a delete never widens', async () => {
    await store.Delete('platform', { kid: undefined });
    assert.equal((await all()).length, 2);
    assert.equal(await store.Get(false, 'platform', { kid: undefined }), false);
  });

  it('replaces (upserts) and modifies the first match', async () => {
    await store.Replace(false, 'platformStatus', { id: 'k1' }, { id: 'k1', active: false });
    await store.Replace(false, 'platformStatus', { id: 'k1' }, { id: 'k1', active: true });
    assert.deepEqual(await store.Get(false, 'platformStatus', { id: 'k1' }), [{ id: 'k1', active: true }]);
    await store.Modify(false, 'platform', { kid: 'k1' }, { platformName: 'Moodle' });
    assert.equal((await all({ kid: 'k1' }))[0]?.platformName, 'Moodle');
  });

  it('seals documents ltijs asks to encrypt; only the lookup fields stay in clear', async () => {
    await store.Replace('key', 'privatekey', { kid: 'k1' }, { key: '-----BEGIN RSA PRIVATE KEY-----secret', kid: 'k1' }, { kid: 'k1', platformUrl: 'https://a.example', clientId: '1' });
    const raw = (await db.query<{ t: string }>("SELECT row_to_json(s)::text AS t FROM lti_store s WHERE collection = 'privatekey'")).rows[0]!.t;
    assert.ok(!raw.includes('BEGIN RSA') && !raw.includes('secret'), raw);
    const got = await store.Get('key', 'privatekey', { kid: 'k1' });
    assert.equal(got && got[0]!.key, '-----BEGIN RSA PRIVATE KEY-----secret');
    const otherKey = new LtiStore(db, crypto.randomBytes(32), () => clock);
    await assert.rejects(otherKey.Get('key', 'privatekey', { kid: 'k1' }));
  });

  it('never returns expired rows (nonce 10 s, state 600 s) and sweeps them', async () => {
    await store.Insert(false, 'nonce', { nonce: 'n1' });
    await store.Insert(false, 'state', { state: 's1', query: {} });
    clock += 11_000;
    assert.equal(await store.Get(false, 'nonce', { nonce: 'n1' }), false);
    assert.ok(await store.Get(false, 'state', { state: 's1' }));
    clock += 600_000;
    assert.equal(await store.Get(false, 'state', { state: 's1' }), false);
    assert.equal(await store.sweep(), 2);
    assert.equal((await db.query("SELECT 1 FROM lti_store WHERE collection IN ('nonce','state')")).rows.length, 0);
  });

  it('refuses the same nonce twice at the database, and takes a login binding only once', async () => {
    await store.Insert(false, 'nonce', { nonce: 'n2' });
    await assert.rejects(store.Insert(false, 'nonce', { nonce: 'n2' }));
    await store.Insert(false, 'login', { state: 's2', nonce: 'n2' });
    assert.deepEqual(await store.take('login', { state: 's2' }), { state: 's2', nonce: 'n2' });
    assert.equal(await store.take('login', { state: 's2' }), null);
  });
});
