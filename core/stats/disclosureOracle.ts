import type { Published } from './audit.ts';

type Row = { vars: number[]; coef: number[]; lo: number; hi: number };

/**
 * An independent check of suppression for tests: the integer values a small cell could take,
 * found by exhaustive search with bounds propagation (no linear programming), over everything an
 * outsider holds. Values are capped at `cap`, which only ever makes the check stricter.
 */
export function feasibleValues(releases: Published[], key: string, candidates: number[], cap = 200, threshold = 5): number[] {
  const index = new Map<string, number>();
  const v = (a: string) => {
    if (!index.has(a)) index.set(a, index.size);
    return index.get(a)!;
  };
  const rows: Row[] = [];
  const sum = (atoms: string[], lo: number, hi: number) => rows.push({ vars: atoms.map(v), coef: atoms.map(() => 1), lo, hi });
  let target: string[] | undefined;
  for (const r of releases) {
    for (const c of r.cells) {
      if (c.mark === 'shown') sum(c.atoms, c.value!, c.value!);
      else if (c.mark === 'small') sum(c.atoms, 0, threshold - 1);
      else sum(c.atoms, threshold, Infinity);
      if (c.key === key && c.mark === 'small') target = c.atoms;
    }
    for (const i of r.identities) {
      if (i.op === '=') rows.push({ vars: [v(i.total), ...i.parts.map(v)], coef: [1, ...i.parts.map(() => -1)], lo: 0, hi: 0 });
      else {
        rows.push({ vars: [v(i.total), ...i.parts.map(v)], coef: [-1, ...i.parts.map(() => 1)], lo: 0, hi: Infinity });
        for (const p of i.parts) rows.push({ vars: [v(i.total), v(p)], coef: [1, -1], lo: 0, hi: Infinity });
      }
    }
  }
  if (!target) throw new Error(`${key} is not a small cell`);
  const t = target;
  return candidates.filter((value) => {
    const lo = new Array<number>(index.size).fill(0);
    const hi = new Array<number>(index.size).fill(cap);
    return search([...rows, { vars: t.map(v), coef: t.map(() => 1), lo: value, hi: value }], lo, hi);
  });
}

function propagate(rows: Row[], lo: number[], hi: number[]): boolean {
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of rows) {
      let min = 0;
      let max = 0;
      r.vars.forEach((x, i) => {
        const k = r.coef[i]!;
        min += k > 0 ? k * lo[x]! : k * hi[x]!;
        max += k > 0 ? k * hi[x]! : k * lo[x]!;
      });
      if (min > r.hi || max < r.lo) return false;
      r.vars.forEach((x, i) => {
        const k = r.coef[i]!;
        const restMin = min - (k > 0 ? k * lo[x]! : k * hi[x]!);
        const restMax = max - (k > 0 ? k * hi[x]! : k * lo[x]!);
        const a = (r.lo - restMax) / k;
        const b = (r.hi - restMin) / k;
        const newLo = Math.max(lo[x]!, Math.ceil(k > 0 ? a : b));
        const newHi = Math.min(hi[x]!, Math.floor(k > 0 ? b : a));
        if (newLo > lo[x]! || newHi < hi[x]!) {
          lo[x] = newLo;
          hi[x] = newHi;
          changed = true;
        }
      });
      if (r.vars.some((x) => lo[x]! > hi[x]!)) return false;
    }
  }
  return true;
}

function search(rows: Row[], lo: number[], hi: number[]): boolean {
  if (!propagate(rows, lo, hi)) return false;
  let pick = -1;
  for (let x = 0; x < lo.length; x++) if (lo[x]! < hi[x]! && (pick < 0 || hi[x]! - lo[x]! < hi[pick]! - lo[pick]!)) pick = x;
  if (pick < 0) return true;
  const mid = Math.floor((lo[pick]! + hi[pick]!) / 2);
  const left = [lo.slice(), hi.slice()] as const;
  left[1][pick] = mid;
  if (search(rows, left[0], left[1])) return true;
  const right = [lo.slice(), hi.slice()] as const;
  right[0][pick] = mid + 1;
  return search(rows, right[0], right[1]);
}
