import assert from 'node:assert/strict';
import { openMigratedPglite } from '../../test/support/pglite.ts';
import { claimPeriod, isoWeek } from './scheduler.ts';

describe('once-per-period jobs', () => {
  it('names ISO weeks across the year boundary', () => {
    assert.equal(isoWeek(new Date('2026-12-03T10:00:00Z')), '2026-W49');
    assert.equal(isoWeek(new Date('2027-01-01T10:00:00Z')), '2026-W53');
    assert.equal(isoWeek(new Date('2025-12-29T10:00:00Z')), '2026-W01');
  });

  it('lets exactly one of several concurrent claimers run a period', async () => {
    const db = await openMigratedPglite();
    const claims = await Promise.all([1, 2, 3, 4].map(() => claimPeriod(db, 'weekly', '2026-W49')));
    assert.deepEqual(claims.filter(Boolean).length, 1);
    assert.equal(await claimPeriod(db, 'weekly', '2026-W50'), true);
    await db.close();
  });
});
