import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { openMigratedPglite } from '../test/support/pglite.ts';
import { makeCore } from '../test/factories.ts';
import { createWebApp } from './app.ts';
import { createViews } from './views.ts';
import { institutionResolver } from './institution.ts';

describe('GET /healthz', () => {
  it('answers 200 while the database answers and 503 once it does not', async () => {
    const db = await openMigratedPglite();
    const core = makeCore(db);
    const app = createWebApp({ core, views: createViews(), institutions: institutionResolver(db), mounts: [] });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
    try {
      const ok = await fetch(url);
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { status: 'ok' });
      await db.close();
      const down = await fetch(url);
      assert.equal(down.status, 503);
    } finally {
      server.close();
    }
  });
});
