import { optimise, type LinearConstraint } from './lp.ts';

/**
 * How a published number appears: its value; "<5" (0 to 4: every count from 1 to 4, and a zero
 * when hiding it protects a neighbour); or "[c]", a count of 5 or more hidden to protect a small one.
 */
export type Mark = 'shown' | 'small' | 'hidden';

/**
 * A number that was (or is about to be) published: the sum of some atoms, the finest counts
 * (one month × one value). Hidden cells carry no value once published.
 */
export interface PublishedCell {
  key: string;
  atoms: string[];
  mark: Mark;
  value: number | null;
  /**
   * Whether a "<5" hides a real count (1–4) rather than a zero hidden to protect a neighbour. Kept
   * in the register only, never published; protection is owed to sensitive cells.
   */
  sensitive?: boolean;
}

/**
 * What an outsider knows besides the cells: a total equals the sum of its parts ('='), or, for
 * facets where a case can have several values (categories), is at most their sum while each part
 * is at most the total ('<=').
 */
export interface Identity {
  total: string;
  parts: string[];
  op: '=' | '<=';
}

/** One release as an outsider holds it: its cells and the identities between their atoms. */
export interface Published {
  cells: PublishedCell[];
  identities: Identity[];
}

/** The least and most a small cell could be, as far as someone holding every release can tell. */
export interface Exposure {
  key: string;
  min: number;
  max: number;
  protected: boolean;
}

/** The primary threshold (5: counts 1–4 are small) and how far apart a small cell's possible values must be. */
export interface AuditOptions {
  threshold: number;
  /** How many integers apart the least and most possible values must be (1: never exactly known). */
  minWidth: number;
}

type Fact = { atoms: Map<string, number>; op: LinearConstraint['op']; rhs: number };

/**
 * Every published fact as a linear constraint over atoms (atoms themselves are counts, never
 * negative). A cell's key names its atoms, so a cell repeated by a later release adds nothing new.
 */
function facts(releases: Published[], o: AuditOptions): Fact[] {
  const out: Fact[] = [];
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && Boolean(seen.add(key));
  const sum = (atoms: string[], sign = 1) => new Map(atoms.map((a) => [a, sign]));
  for (const r of releases) {
    for (const c of r.cells) {
      if (!once(`${c.key}|${c.mark}|${c.value}`)) continue;
      if (c.mark === 'shown') out.push({ atoms: sum(c.atoms), op: '=', rhs: c.value ?? 0 });
      else if (c.mark === 'small') out.push({ atoms: sum(c.atoms), op: '<=', rhs: o.threshold - 1 });
      else out.push({ atoms: sum(c.atoms), op: '>=', rhs: o.threshold });
    }
    for (const i of r.identities) {
      if (!once(`${i.op}|${i.total}|${i.parts[0]}|${i.parts.length}`)) continue;
      if (i.op === '=') out.push({ atoms: new Map([...sum(i.parts, -1), [i.total, 1]]), op: '=', rhs: 0 });
      else {
        out.push({ atoms: new Map([...sum(i.parts, 1), [i.total, -1]]), op: '>=', rhs: 0 });
        for (const p of i.parts) out.push({ atoms: new Map([[i.total, 1], [p, -1]]), op: '>=', rhs: 0 });
      }
    }
  }
  return out;
}

/** Atoms whose value follows directly from the facts (a shown single cell, a zero sum, one unknown left). */
function solveKnown(all: Fact[]): Map<string, number> {
  const known = new Map<string, number>();
  const byAtom = new Map<string, Fact[]>();
  for (const f of all)
    if (f.op === '=')
      for (const a of f.atoms.keys()) {
        const list = byAtom.get(a);
        if (list) list.push(f);
        else byAtom.set(a, [f]);
      }
  const queue = all.filter((f) => f.op === '=');
  const learn = (a: string, v: number) => {
    if (known.has(a)) return;
    known.set(a, v);
    queue.push(...(byAtom.get(a) ?? []));
  };
  while (queue.length) {
    const f = queue.pop()!;
    let rest = f.rhs;
    const unknown: [string, number][] = [];
    for (const [a, k] of f.atoms) {
      const v = known.get(a);
      if (v === undefined) unknown.push([a, k]);
      else rest -= k * v;
    }
    if (unknown.length === 1) learn(unknown[0]![0], rest / unknown[0]![1]);
    else if (unknown.length > 1 && Math.abs(rest) < 1e-9 && unknown.every(([, k]) => k > 0)) for (const [a] of unknown) learn(a, 0);
  }
  return known;
}

/**
 * For every sensitive small cell in `releases`, the range its value could take given all of them together:
 * each fact becomes a linear constraint, atoms that follow directly are substituted, and the rest is
 * split into independent groups, each solved as a small linear programme (min and max).
 */
export function audit(releases: Published[], o: AuditOptions, only?: (c: PublishedCell) => boolean): Exposure[] {
  const all = facts(releases, o);
  const known = solveKnown(all);
  const parent = new Map<string, string>();
  const find = (a: string): string => {
    const p = parent.get(a) ?? a;
    if (p === a) return a;
    const root = find(p);
    parent.set(a, root);
    return root;
  };
  const open = all.map((f) => ({ f, unknown: [...f.atoms.keys()].filter((a) => !known.has(a)) })).filter((x) => x.unknown.length > 0);
  for (const { unknown } of open) for (const a of unknown.slice(1)) parent.set(find(a), find(unknown[0]!));
  const byGroup = new Map<string, Fact[]>();
  for (const { f, unknown } of open) {
    const g = find(unknown[0]!);
    const list = byGroup.get(g);
    if (list) list.push(f);
    else byGroup.set(g, [f]);
  }
  const out: Exposure[] = [];
  const seen = new Set<string>();
  for (const r of releases)
    for (const c of r.cells) {
      if (c.mark !== 'small' || c.sensitive === false || seen.has(`${c.key}|${c.atoms.join(',')}`) || (only && !only(c))) continue;
      seen.add(`${c.key}|${c.atoms.join(',')}`);
      const range = cellRange(c.atoms, known, find, byGroup);
      const width = Math.floor(range.max + 1e-7) - Math.ceil(range.min - 1e-7);
      out.push({ key: c.key, ...range, protected: width >= o.minWidth });
    }
  return out;
}

function cellRange(atoms: string[], known: Map<string, number>, find: (a: string) => string, byGroup: Map<string, Fact[]>): { min: number; max: number } {
  const fixed = atoms.filter((a) => known.has(a)).reduce((s, a) => s + known.get(a)!, 0);
  const free = atoms.filter((a) => !known.has(a));
  if (!free.length) return { min: fixed, max: fixed };
  const groups = [...new Set(free.map(find))];
  const constraints = groups.flatMap((g) => byGroup.get(g) ?? []);
  const index = new Map<string, number>();
  const idx = (a: string) => {
    if (!index.has(a)) index.set(a, index.size);
    return index.get(a)!;
  };
  const lp: LinearConstraint[] = constraints.map((f) => {
    const coef = new Map<number, number>();
    let rhs = f.rhs;
    for (const [a, k] of f.atoms) {
      const v = known.get(a);
      if (v === undefined) coef.set(idx(a), (coef.get(idx(a)) ?? 0) + k);
      else rhs -= k * v;
    }
    return { coef, op: f.op, rhs };
  });
  const objective = new Map<number, number>();
  for (const a of free) objective.set(idx(a), (objective.get(idx(a)) ?? 0) + 1);
  const lo = optimise(index.size, lp, objective, 'min');
  const hi = optimise(index.size, lp, objective, 'max');
  if (lo.status === 'infeasible' || hi.status === 'infeasible') throw new Error('The published figures contradict each other: the statistics are inconsistent.');
  return { min: fixed + (lo.status === 'optimal' ? lo.value : 0), max: hi.status === 'optimal' ? fixed + hi.value : Infinity };
}
