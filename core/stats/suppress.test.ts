import assert from 'node:assert/strict';
import fc from 'fast-check';
import { display, oneWayTable, publishTables, suppress, twoWayTable, type Published, type Table } from './suppress.ts';
import { audit } from './audit.ts';
import { feasibleValues } from './disclosureOracle.ts';

const opts = { threshold: 5, minWidth: 1 };
const marks = (p: Published) => Object.fromEntries(p.cells.map((c) => [c.key, display(c)]));

/** Every small count (1–4), seen by someone holding all the releases, still has at least two possible values. */
function assertProtected(releases: Published[], tables: Table[]) {
  const truth = new Map(tables.flatMap((t) => t.cells.map((c) => [c.key, c.value] as const)));
  for (const r of releases)
    for (const c of r.cells.filter((x) => x.mark === 'small' && truth.get(x.key) !== 0)) {
      const values = feasibleValues(releases, c.key, [0, 1, 2, 3, 4]);
      assert.ok(values.length >= 2, `${c.key} can be worked out: only ${values.join(',')} fit`);
    }
}

/** Nothing from 1 to 4 is ever shown, shown values are the true ones, a zero is shown or "<5". */
function assertHonest(tables: Table[], p: Published) {
  const truth = new Map(tables.flatMap((t) => t.cells.map((c) => [c.key, c.value] as const)));
  for (const c of p.cells) {
    const v = truth.get(c.key)!;
    assert.ok(v !== undefined, `${c.key} is not in the tables`);
    if (c.mark === 'shown') assert.equal(c.value, v, c.key);
    else assert.equal(c.value, null, `${c.key} must not carry its value once hidden`);
    if (v >= 1 && v <= 4) assert.equal(c.mark, 'small', `${c.key}=${v} must show as <5`);
    if (v === 0) assert.notEqual(c.mark, 'hidden');
    if (c.mark === 'hidden') assert.ok(v >= 5, `${c.key}=${v} hidden as [c] must be 5 or more`);
  }
}

describe('small-number suppression', () => {
  it('hides a lone small count in a one-way table together with the next smallest count', () => {
    const t = oneWayTable({ id: 'cat', labels: ['stalking', 'bullying', 'harassment'], counts: [3, 10, 20] });
    const p = suppress([t]);
    assert.deepEqual(marks(p), { 'cat:stalking': '<5', 'cat:bullying': '[c]', 'cat:harassment': '20', 'cat:*': '33' });
    assertProtected([p], [t]);
  });

  it('hides a zero beside a small count rather than a larger count', () => {
    const t = oneWayTable({ id: 'cat', labels: ['a', 'b', 'c'], counts: [3, 0, 30] });
    const p = suppress([t]);
    assert.deepEqual(marks(p), { 'cat:a': '<5', 'cat:b': '<5', 'cat:c': '30', 'cat:*': '33' });
    assertProtected([p], [t]);
  });

  it('protects a two-way table against differencing rows and columns', () => {
    const t = twoWayTable({ id: 'm', rows: ['jan', 'feb', 'mar'], cols: ['x', 'y', 'z'], counts: [[2, 9, 12], [8, 7, 6], [11, 0, 15]] });
    const p = suppress([t]);
    assert.equal(marks(p)['m:jan:x'], '<5');
    assertProtected([p], [t]);
    assertHonest([t], p);
  });

  it('a second release that extends the first by a month cannot be differenced against it', () => {
    const jan = [0, 9];
    const feb = [9, 5];
    const mar = [1, 2];
    const firstTables = [twoWayTable({ id: 'm', rows: ['jan', 'feb'], cols: ['x', 'y'], counts: [jan, feb] })];
    const first = suppress(firstTables);
    assert.ok(first.cells.every((c) => c.mark === 'shown'));
    const second = [twoWayTable({ id: 'm', rows: ['jan', 'feb', 'mar'], cols: ['x', 'y'], counts: [jan, feb, mar] })];
    // Suppressed on its own, the second release leaks March's small count through the first one's figures …
    const naive = suppress(second);
    assertProtected([naive], second);
    assert.ok(audit([first, naive], opts).some((e) => !e.protected), 'the naive second release should be open to differencing');
    // … suppressed with the register of what was already published, it does not.
    const safe = suppress(second, { prior: [first] });
    assertProtected([first, safe], [...firstTables, ...second]);
    assertHonest(second, safe);
  });

  it('withholds a breakdown that even full suppression could not protect, rather than publish it', () => {
    // The first release says the two months' columns are small and add up to 6; if the second showed
    // its three-month column totals as "[c]" (5 or more), March's small total would have to be 4.
    const first = suppress([twoWayTable({ id: 't', rows: ['jan', 'feb'], cols: ['x', 'y'], counts: [[1, 0], [2, 3]] })]);
    const later = [twoWayTable({ id: 't', rows: ['jan', 'feb', 'mar'], cols: ['x', 'y'], counts: [[1, 0], [2, 3], [2, 2]] })];
    assert.throws(() => suppress(later, { prior: [first] }), /too few counts/);
    const { published, withheld } = publishTables(later, { prior: [first] });
    assert.deepEqual(withheld, ['t']);
    assert.equal(published.cells.length, 0);
  });

  it('linked tables sharing month totals are protected together', () => {
    const rows = ['jan', 'feb'];
    const byKind = twoWayTable({ id: 'kind', rows, cols: ['anon', 'named'], counts: [[3, 9], [6, 6]], rowTotalPrefix: 'opened' });
    const byConn = twoWayTable({ id: 'conn', rows, cols: ['student', 'staff'], counts: [[10, 2], [12, 0]], rowTotalPrefix: 'opened' });
    const p = suppress([byKind, byConn]);
    assertProtected([p], [byKind, byConn]);
    assertHonest([byKind, byConn], p);
  });

  it('property: one-way tables of any shape leave no small count recoverable', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 14 })), { minLength: 1, maxLength: 6 }), (counts) => {
        const t = oneWayTable({ id: 't', labels: counts.map((_, i) => `v${i}`), counts });
        const p = publishTables([t]).published;
        assertHonest([t], p);
        assertProtected([p], [t]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  });

  it('property: two-way tables with totals leave no small count recoverable', () => {
    const table = fc.integer({ min: 2, max: 3 }).chain((r) =>
      fc.integer({ min: 2, max: 3 }).chain((c) => fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 12 })), { minLength: c, maxLength: c }), { minLength: r, maxLength: r })),
    );
    fc.assert(
      fc.property(table, (counts) => {
        const t = twoWayTable({ id: 't', rows: counts.map((_, i) => `r${i}`), cols: counts[0]!.map((_, i) => `c${i}`), counts });
        const p = publishTables([t]).published;
        assertHonest([t], p);
        assertProtected([p], [t]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 80) },
    );
  });

  it('property: differencing attack across two releases (a month added) recovers nothing', () => {
    const months = fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 11 })), { minLength: 2, maxLength: 2 }), { minLength: 2, maxLength: 3 });
    fc.assert(
      fc.property(months, fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 11 })), { minLength: 2, maxLength: 2 }), (earlier, added) => {
        const rows = earlier.map((_, i) => `m${i}`);
        const earlierTables = [twoWayTable({ id: 't', rows, cols: ['x', 'y'], counts: earlier })];
        const first = suppress(earlierTables);
        const later = [twoWayTable({ id: 't', rows: [...rows, 'new'], cols: ['x', 'y'], counts: [...earlier, added] })];
        const { published: second, withheld } = publishTables(later, { prior: [first] });
        if (withheld.length) assert.equal(second.cells.length, 0);
        else assertHonest(later, second);
        assertProtected([first, second], [...earlierTables, ...later]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) },
    );
  });

  it('property: linked tables over the same cases (kind × month and connection × month) are protected together', () => {
    const oneCase = fc.record({ month: fc.integer({ min: 0, max: 1 }), kind: fc.integer({ min: 0, max: 1 }), conn: fc.integer({ min: 0, max: 2 }) });
    fc.assert(
      fc.property(fc.array(oneCase, { maxLength: 30 }), (list) => {
        const rows = ['jan', 'feb'];
        const count = (f: (c: (typeof list)[number]) => boolean) => list.filter(f).length;
        const byKind = twoWayTable({ id: 'kind', rows, cols: ['k0', 'k1'], counts: rows.map((_, m) => [0, 1].map((k) => count((c) => c.month === m && c.kind === k))), rowTotalPrefix: 'opened' });
        const byConn = twoWayTable({ id: 'conn', rows, cols: ['c0', 'c1', 'c2'], counts: rows.map((_, m) => [0, 1, 2].map((k) => count((c) => c.month === m && c.conn === k))), rowTotalPrefix: 'opened' });
        const p = publishTables([byKind, byConn]).published;
        assertHonest([byKind, byConn], p);
        assertProtected([p], [byKind, byConn]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) },
    );
  });

  it('property: the linear-programme audit agrees with exhaustive search', () => {
    const anyMarks = fc.array(fc.record({ value: fc.integer({ min: 0, max: 12 }), hide: fc.boolean() }), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(anyMarks, fc.boolean(), (cells, hideTotal) => {
        const t = twoWayTable({ id: 't', rows: ['a', 'b'], cols: ['x', 'y'], counts: [[cells[0]!.value, cells[1]!.value], [cells[2]!.value, cells[3]!.value]] });
        const published: Published = {
          identities: t.identities,
          cells: t.cells.map((c, i) => {
            const small = c.value > 0 && c.value < 5;
            const hide = !small && c.value > 0 && (cells[i]?.hide ?? hideTotal);
            return { key: c.key, atoms: c.atoms, mark: small ? 'small' : hide ? 'hidden' : 'shown', value: small || hide ? null : c.value };
          }),
        };
        for (const e of audit([published], opts)) assert.equal(e.protected, feasibleValues([published], e.key, [0, 1, 2, 3, 4]).length >= 2, e.key);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  });

  it('property: publishing the same figures again, with the register, gives the same marks', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 3 }), (counts) => {
        const tables = [twoWayTable({ id: 't', rows: counts.map((_, i) => `m${i}`), cols: ['x', 'y', 'z'], counts })];
        const first = suppress(tables);
        assert.deepEqual(marks(suppress(tables, { prior: [first] })), marks(first));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) },
    );
  });

  it('property: multi-valued facets (a case in several categories) are protected with "at most the sum" totals', () => {
    const cases = fc.array(fc.subarray(['a', 'b', 'c'], { minLength: 1 }), { minLength: 0, maxLength: 16 });
    fc.assert(
      fc.property(cases, (list) => {
        const counts = ['a', 'b', 'c'].map((k) => list.filter((c) => c.includes(k)).length);
        const t = oneWayTable({ id: 'cat', labels: ['a', 'b', 'c'], counts, total: list.length, link: 'atLeast' });
        const p = publishTables([t]).published;
        assertHonest([t], p);
        assertProtected([p], [t]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 100) },
    );
  });
});
