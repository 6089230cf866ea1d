import type { Sql } from '../db/database.ts';
import { canonicalJson, sha256Hex } from '../crypto/hashing.ts';
import { publishTables, type Identity, type Mark, type Published, type PublishedCell, type Table } from './suppress.ts';

/** A set of figures that left the case team, as it was published. */
export interface StatRelease {
  id: string | null;
  releasedAt: Date;
  published: Published;
  withheld: string[];
}

type Stored = { cells: [string, string[], Mark, number | null, boolean][]; identities: [Identity['op'], string, string[]][]; withheld: string[] };

const store = (p: Published, withheld: string[]): Stored => ({
  cells: p.cells.map((c) => [c.key, c.atoms, c.mark, c.mark === 'shown' ? c.value : null, c.sensitive ?? c.mark === 'small']),
  identities: p.identities.map((i) => [i.op, i.total, i.parts]),
  withheld,
});
const load = (s: Stored): { published: Published; withheld: string[] } => ({
  published: {
    cells: s.cells.map(([key, atoms, mark, value, sensitive]): PublishedCell => ({ key, atoms, mark, value, sensitive })),
    identities: s.identities.map(([op, total, parts]) => ({ op, total, parts })),
  },
  withheld: s.withheld,
});

/**
 * Publishes tables for one reporting year through the release register. Earlier releases of the
 * same year are part of what an outsider may hold, so suppression protects small counts against
 * all of them together (a differencing attack across releases finds nothing). The same figures
 * asked for again give the same release. Releases of one institution are serialised by a lock,
 * so two exports at once can't each miss the other. `record: false` previews without registering.
 */
export async function publishRelease(
  tx: Sql,
  input: { institutionId: string; periodStart: string; periodEnd: string; tables: Table[]; purpose: string; releasedBy: string; at: Date; record: boolean },
): Promise<StatRelease> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('harbour-stat-release'), hashtext($1))`, [input.institutionId]);
  const dataHash = sha256Hex(canonicalJson(input.tables.map((t) => [t.id, t.cells.map((c) => [c.key, c.value])])));
  const same = (
    await tx.query<{ id: string; cells: Stored; released_at: Date }>(
      'SELECT id, cells, released_at FROM stat_releases WHERE institution_id = $1 AND period_start = $2::date AND period_end = $3::date AND data_hash = $4 ORDER BY released_at DESC LIMIT 1',
      [input.institutionId, input.periodStart, input.periodEnd, dataHash],
    )
  ).rows[0];
  if (same) return { id: same.id, releasedAt: same.released_at, ...load(same.cells) };
  const prior = (
    await tx.query<{ cells: Stored }>('SELECT cells FROM stat_releases WHERE institution_id = $1 AND period_start = $2::date ORDER BY released_at', [input.institutionId, input.periodStart])
  ).rows.map((r) => load(r.cells).published);
  const { published, withheld } = publishTables(input.tables, { prior });
  if (!input.record) return { id: null, releasedAt: input.at, published, withheld };
  const row = (
    await tx.query<{ id: string }>(
      'INSERT INTO stat_releases (institution_id, period_start, period_end, data_hash, cells, purpose, released_by, released_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id',
      [input.institutionId, input.periodStart, input.periodEnd, dataHash, JSON.stringify(store(published, withheld)), input.purpose, input.releasedBy, input.at],
    )
  ).rows[0]!;
  return { id: row.id, releasedAt: input.at, published, withheld };
}
