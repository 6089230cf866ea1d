import { audit, type AuditOptions, type Identity, type Mark, type Published, type PublishedCell } from './audit.ts';

export type { Identity, Mark, Published, PublishedCell } from './audit.ts';

/** A count to publish: the sum of its atoms (the finest counts, e.g. one month × one category). */
export interface Cell {
  key: string;
  atoms: string[];
  value: number;
}

/** A table ready for suppression: its cells (totals included) and what links them. */
export interface Table {
  id: string;
  cells: Cell[];
  identities: Identity[];
}

/** How a table's row total relates to its cells: a sum, at most the sum (multi-valued facets), or not at all. */
export type Link = 'sum' | 'atLeast' | 'none';

/** The threshold, the protection asked for, and what was published before. */
export interface SuppressOptions {
  /** Counts from 1 to threshold − 1 are shown as "<threshold" (default 5). */
  threshold?: number;
  /** Integers between the least and most a small cell could be (default 1: never exactly known). */
  minWidth?: number;
  /** Everything already published that shares atoms with these tables (earlier releases). */
  prior?: Published[];
}

/** What a published cell shows: the count, "<5", or "[c]" (hidden so that a small count can't be worked out). */
export function display(c: { mark: Mark; value: number | null }, threshold = 5): string {
  return c.mark === 'shown' ? String(c.value) : c.mark === 'small' ? `<${threshold}` : '[c]';
}

const identityKey = (i: Identity) => `${i.op}|${i.total}|${i.parts.join(',')}`;

/** Merges tables into one release; a cell shared by several tables (a month's total) must agree everywhere. */
function merge(tables: Table[]): { cells: Cell[]; identities: Identity[] } {
  const cells = new Map<string, Cell>();
  const identities = new Map<string, Identity>();
  for (const t of tables) {
    for (const c of t.cells) {
      const seen = cells.get(c.key);
      if (seen && (seen.value !== c.value || seen.atoms.join(',') !== c.atoms.join(','))) throw new Error(`Cell ${c.key} appears twice with different contents`);
      cells.set(c.key, c);
    }
    for (const i of t.identities) identities.set(identityKey(i), i);
  }
  return { cells: [...cells.values()], identities: [...identities.values()] };
}

/**
 * Primary and secondary suppression. Counts 1–4 become "<5"; then, as long as anyone holding
 * this release and every earlier one (`prior`) could narrow a "<5" cell to a single value (by
 * differencing totals, or an earlier release's totals against this one's), the smallest visible
 * count that shares a row, column or total with it is hidden too: a zero as "<5" (true, and it
 * costs nothing), a larger count as "[c]". Fails closed: it throws rather than publish something
 * it cannot protect.
 */
export function suppress(tables: Table[], opts: SuppressOptions = {}): Published {
  const o: AuditOptions = { threshold: opts.threshold ?? 5, minWidth: opts.minWidth ?? 1 };
  const { cells, identities } = merge(tables);
  const out: PublishedCell[] = cells.map((c) => {
    const small = c.value > 0 && c.value < o.threshold;
    return { key: c.key, atoms: c.atoms, mark: small ? 'small' : 'shown', value: c.value, sensitive: small };
  });
  const prior = opts.prior ?? [];
  const current = (): Published => ({ cells: out, identities });
  const touching = new Map<string, Set<string>>();
  const groups = [current(), ...prior].flatMap((p) => [...p.cells.map((c) => c.atoms), ...p.identities.map((i) => [i.total, ...i.parts])]);
  for (const group of groups)
    for (const a of group) {
      const s = touching.get(a) ?? new Set<string>();
      for (const b of group) s.add(b);
      touching.set(a, s);
    }
  const hide = (c: PublishedCell) => (c.mark = c.value === 0 ? 'small' : 'hidden');

  // Hiding a cell only ever widens what an outsider must allow for, so a protected cell stays
  // protected: audit everything once, then only the cells still at risk.
  let risks = audit([...prior, current()], o).filter((e) => !e.protected).map((e) => e.key);
  for (let round = 0; round <= out.length; round++) {
    const pending = new Set(risks);
    risks = pending.size ? audit([...prior, current()], o, (c) => pending.has(c.key)).filter((e) => !e.protected).map((e) => e.key) : [];
    const risk = risks[0];
    if (risk === undefined) return { cells: out.map((c) => (c.mark === 'shown' ? c : { ...c, value: null })), identities };
    const riskCell = [...out, ...prior.flatMap((p) => p.cells)].find((c) => c.key === risk && c.mark === 'small' && c.sensitive !== false)!;
    const near = new Set(riskCell.atoms.flatMap((a) => [...(touching.get(a) ?? [])]));
    const visible = out.filter((c) => c.mark === 'shown');
    const related = visible.filter((c) => c.atoms.some((a) => near.has(a)));
    const candidates = (related.length ? related : visible).sort((a, b) => a.value! - b.value! || (a.key < b.key ? -1 : 1));
    if (!candidates.length) throw new SuppressionError(risk, near);
    let choice = candidates[0]!;
    let bestWidth = -1;
    for (const cand of candidates.slice(0, 8)) {
      hide(cand);
      const after = audit([...prior, current()], o, (c) => c.key === risk)[0]!;
      cand.mark = 'shown';
      const width = after.max - after.min;
      if (after.protected) {
        choice = cand;
        break;
      }
      if (width > bestWidth + 1e-9) {
        bestWidth = width;
        choice = cand;
      }
    }
    hide(choice);
  }
  throw new Error('Suppression did not settle');
}

/** Hiding every cell still would not protect `key` (the "[c]" marks themselves say too much): publish less. */
export class SuppressionError extends Error {
  constructor(
    readonly key: string,
    readonly near: Set<string>,
  ) {
    super(`Cannot protect ${key}: too few counts to publish this detail.`);
    this.name = 'SuppressionError';
  }
}

/**
 * Suppresses tables for publication, withholding whole tables where even full suppression would
 * let a small count be worked out (very sparse breakdowns): they are left out of the release, so
 * they add nothing to what an outsider knows. `withheld` lists them so readers are told. Tables
 * that share no atoms (different measures) are independent and suppressed separately.
 */
export function publishTables(tables: Table[], opts: SuppressOptions = {}): { published: Published; withheld: string[] } {
  const prior = opts.prior ?? [];
  const parent = new Map<string, string>();
  const find = (a: string): string => {
    const p = parent.get(a) ?? a;
    if (p === a) return a;
    const root = find(p);
    parent.set(a, root);
    return root;
  };
  const join = (atoms: string[]) => atoms.slice(1).forEach((a) => parent.set(find(a), find(atoms[0]!)));
  for (const t of tables) join([...t.cells.flatMap((c) => c.atoms), ...t.identities.flatMap((i) => [i.total, ...i.parts])]);
  for (const p of prior) for (const group of [...p.cells.map((c) => c.atoms), ...p.identities.map((i) => [i.total, ...i.parts])]) join(group);
  const rootOf = (t: Table) => find(t.cells[0]?.atoms[0] ?? t.id);
  const published: Published = { cells: [], identities: [] };
  const withheld: string[] = [];
  for (const root of new Set(tables.map(rootOf))) {
    const mine = (atoms: string[]) => atoms.some((a) => find(a) === root);
    const groupPrior = prior.map((p) => ({ cells: p.cells.filter((c) => mine(c.atoms)), identities: p.identities.filter((i) => mine([i.total])) }));
    const r = publishGroup(tables.filter((t) => rootOf(t) === root), { ...opts, prior: groupPrior });
    published.cells.push(...r.published.cells);
    published.identities.push(...r.published.identities);
    withheld.push(...r.withheld);
  }
  return { published, withheld };
}

function publishGroup(tables: Table[], opts: SuppressOptions): { published: Published; withheld: string[] } {
  let kept = tables;
  const withheld: string[] = [];
  for (;;) {
    try {
      return { published: suppress(kept, opts), withheld };
    } catch (err) {
      if (!(err instanceof SuppressionError)) throw err;
      if (!kept.length) throw new Error(`Earlier releases already expose ${err.key}: nothing published now can change that.`);
      const touching = kept.filter((t) => t.cells.some((c) => c.atoms.some((a) => err.near.has(a))));
      const drop = touching.length ? touching : kept;
      withheld.push(...drop.map((t) => t.id));
      kept = kept.filter((t) => !drop.includes(t));
    }
  }
}

/** A one-way table (value → count) with its total, e.g. reports by category over a year. */
export function oneWayTable(spec: { id: string; labels: string[]; counts: number[]; total?: number; totalAtom?: string; link?: Link }): Table {
  const atoms = spec.labels.map((l) => `${spec.id}:${l}`);
  const totalAtom = spec.totalAtom ?? `${spec.id}:*`;
  const total = spec.total ?? spec.counts.reduce((s, n) => s + n, 0);
  const cells: Cell[] = [...atoms.map((a, i) => ({ key: a, atoms: [a], value: spec.counts[i]! })), { key: totalAtom, atoms: [totalAtom], value: total }];
  return { id: spec.id, cells, identities: identitiesFor(totalAtom, atoms, spec.link ?? 'sum') };
}

/**
 * A two-way table (rows × columns) with row totals, column totals and a grand total. Row totals
 * are atoms of their own named by `rowTotalPrefix`, so several tables over the same rows (months)
 * share them, as an outsider comparing the tables would.
 */
export function twoWayTable(spec: { id: string; rows: string[]; cols: string[]; counts: number[][]; rowTotals?: number[]; rowTotalPrefix?: string; link?: Link }): Table {
  const prefix = spec.rowTotalPrefix ?? spec.id;
  const span = `${spec.rows[0]}..${spec.rows[spec.rows.length - 1]}`;
  const atom = (r: number, c: number) => `${spec.id}:${spec.rows[r]}:${spec.cols[c]}`;
  const rowAtom = (r: number) => `${prefix}:${spec.rows[r]}:*`;
  const cells: Cell[] = [];
  const identities: Identity[] = [];
  spec.rows.forEach((row, r) => {
    spec.cols.forEach((_, c) => cells.push({ key: atom(r, c), atoms: [atom(r, c)], value: spec.counts[r]![c]! }));
    const total = spec.rowTotals?.[r] ?? spec.counts[r]!.reduce((s, n) => s + n, 0);
    cells.push({ key: rowAtom(r), atoms: [rowAtom(r)], value: total });
    identities.push(...identitiesFor(rowAtom(r), spec.cols.map((_, c) => atom(r, c)), spec.link ?? 'sum'));
  });
  spec.cols.forEach((col, c) =>
    cells.push({ key: `${spec.id}:${span}:${col}`, atoms: spec.rows.map((_, r) => atom(r, c)), value: spec.rows.reduce((s, _, r) => s + spec.counts[r]![c]!, 0) }),
  );
  const grand = spec.rows.reduce((s, _, r) => s + (spec.rowTotals?.[r] ?? spec.counts[r]!.reduce((x, n) => x + n, 0)), 0);
  cells.push({ key: `${prefix}:${span}:*`, atoms: spec.rows.map((_, r) => rowAtom(r)), value: grand });
  return { id: spec.id, cells, identities };
}

function identitiesFor(total: string, parts: string[], link: Link): Identity[] {
  return link === 'none' ? [] : [{ total, parts, op: link === 'sum' ? '=' : '<=' }];
}
