/** One linear constraint over non-negative variables: Σ coef[i]·x[i]  op  rhs. */
export interface LinearConstraint {
  coef: Map<number, number>;
  op: '<=' | '>=' | '=';
  rhs: number;
}

/** The optimum, or why there is none. */
export type LpResult = { status: 'optimal'; value: number } | { status: 'infeasible' } | { status: 'unbounded' };

const EPS = 1e-9;

/**
 * A small exact-enough linear programme solver (two-phase simplex, Bland's rule so it never
 * cycles). Disclosure auditing asks "what is the least and the most this hidden cell could be,
 * given everything published?": that is a linear programme over the hidden cells, and the tables
 * are small (tens of unknowns), so a dense tableau is plenty.
 */
export function optimise(variables: number, constraints: LinearConstraint[], objective: Map<number, number>, sense: 'min' | 'max'): LpResult {
  const rows = constraints.map((c) => (c.rhs < 0 ? { coef: negate(c.coef), op: flip(c.op), rhs: -c.rhs } : c));
  const slackCount = rows.filter((r) => r.op !== '=').length;
  const artificialCount = rows.filter((r) => r.op !== '<=').length;
  const width = variables + slackCount + artificialCount;
  const rhsCol = width;
  const firstArtificial = variables + slackCount;
  const t: number[][] = [];
  const basis: number[] = [];
  let slack = variables;
  let artificial = firstArtificial;
  for (const r of rows) {
    const row = new Array<number>(width + 1).fill(0);
    for (const [i, v] of r.coef) row[i] = (row[i] ?? 0) + v;
    row[rhsCol] = r.rhs;
    if (r.op === '<=') {
      row[slack] = 1;
      basis.push(slack++);
    } else {
      if (r.op === '>=') row[slack++] = -1;
      row[artificial] = 1;
      basis.push(artificial++);
    }
    t.push(row);
  }

  // Phase 1: maximise −Σ artificials; a negative optimum means no point satisfies every constraint.
  if (artificialCount) {
    const z = new Array<number>(width + 1).fill(0);
    for (let j = firstArtificial; j < width; j++) z[j] = 1;
    t.forEach((row, i) => {
      if (basis[i]! >= firstArtificial) for (let j = 0; j <= width; j++) z[j]! -= row[j]!;
    });
    if (!iterate(t, basis, z, width, () => true)) throw new Error('phase one cannot be unbounded');
    if (z[rhsCol]! < -1e-7) return { status: 'infeasible' };
    for (let i = t.length - 1; i >= 0; i--) {
      if (basis[i]! < firstArtificial) continue;
      const j = t[i]!.findIndex((v, col) => col < firstArtificial && Math.abs(v) > EPS);
      if (j >= 0) pivot(t, basis, z, i, j, width);
      else {
        t.splice(i, 1);
        basis.splice(i, 1);
      }
    }
  }

  // Phase 2: the real objective, artificials barred from entering.
  const sign = sense === 'max' ? 1 : -1;
  const z = new Array<number>(width + 1).fill(0);
  for (const [i, v] of objective) z[i] = -sign * v;
  t.forEach((row, i) => {
    const b = basis[i]!;
    const f = z[b]!;
    if (Math.abs(f) > EPS) for (let j = 0; j <= width; j++) z[j]! -= f * row[j]!;
  });
  if (!iterate(t, basis, z, width, (j) => j < firstArtificial)) return { status: 'unbounded' };
  return { status: 'optimal', value: sign * z[rhsCol]! };
}

/** Pivots until no allowed column improves the objective row; false when the objective is unbounded. */
function iterate(t: number[][], basis: number[], z: number[], width: number, allowed: (j: number) => boolean): boolean {
  for (let guard = 0; guard < 50_000; guard++) {
    let enter = -1;
    for (let j = 0; j < width; j++) {
      if (allowed(j) && z[j]! < -EPS) {
        enter = j;
        break;
      }
    }
    if (enter < 0) return true;
    let leave = -1;
    let best = Infinity;
    for (let i = 0; i < t.length; i++) {
      const a = t[i]![enter]!;
      if (a <= EPS) continue;
      const ratio = t[i]![width]! / a;
      if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && basis[i]! < basis[leave]!)) {
        best = ratio;
        leave = i;
      }
    }
    if (leave < 0) return false;
    pivot(t, basis, z, leave, enter, width);
  }
  throw new Error('simplex did not converge');
}

function pivot(t: number[][], basis: number[], z: number[], r: number, c: number, width: number): void {
  const row = t[r]!;
  const p = row[c]!;
  for (let j = 0; j <= width; j++) row[j]! /= p;
  for (const other of [...t.filter((_, i) => i !== r), z]) {
    const f = other[c]!;
    if (Math.abs(f) > EPS) for (let j = 0; j <= width; j++) other[j]! -= f * row[j]!;
  }
  basis[r] = c;
}

const negate = (m: Map<number, number>) => new Map([...m].map(([k, v]) => [k, -v]));
const flip = (op: LinearConstraint['op']): LinearConstraint['op'] => (op === '<=' ? '>=' : op === '>=' ? '<=' : '=');
