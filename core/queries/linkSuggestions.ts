import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { notFound } from '../errors.ts';
import { can, caseListScope } from '../policies/casePolicy.ts';
import { loadCase } from './caseState.ts';
import type { LinkReason } from '../commands/caseLinker.ts';

export interface LinkSuggestion {
  caseId: string;
  reference: string;
  status: string;
  createdAt: Date;
  /** Why it is suggested, strongest first. */
  reasons: LinkReason[];
}

/** Which reason a shared match key stands for (see core/matchKeys.ts for the key kinds). */
export function reasonForKey(matchKey: string): LinkReason | null {
  const kind = matchKey.slice(0, matchKey.indexOf(':'));
  if (kind.startsWith('reporter') || kind.startsWith('followup')) return 'same_reporter';
  if (kind.startsWith('person')) return 'same_perpetrator';
  return null;
}

const ORDER: LinkReason[] = ['same_reporter', 'same_perpetrator', 'place_and_time', 'related'];

/**
 * Cases that may belong with this one, for the case manager to confirm or dismiss: the same
 * reporter (named, or the same follow-up identity), the same alleged perpetrator (normalised name
 * or student/staff id) — both by the keyed hashes in cases.match_keys, so no name is compared in
 * clear — or the same campus (and building, when recorded) within `withinDays` days. Only cases the
 * viewer may see in a list are suggested, and pairs already linked or dismissed are not suggested again.
 */
export async function suggestLinks(core: Core, actor: Actor, caseId: string, opts: { withinDays?: number; limit?: number } = {}): Promise<LinkSuggestion[]> {
  const withinDays = opts.withinDays ?? 14;
  const limit = opts.limit ?? 10;
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const c = await loadCase(tx, caseId);
    if (!c || !can(actor, 'view_summary', c)) throw notFound();
    if (!can(actor, 'link', c)) return [];
    const keys = (await tx.query<{ match_keys: string[] }>('SELECT match_keys FROM cases WHERE id = $1', [c.id])).rows[0]?.match_keys ?? [];
    const scope = caseListScope(actor, 3);
    const notDecided = `NOT EXISTS (SELECT 1 FROM case_links l WHERE l.case_a = LEAST(c.id, $1::uuid) AND l.case_b = GREATEST(c.id, $1::uuid))`;
    const found = new Map<string, LinkSuggestion>();
    const add = (row: { id: string; reference: string; status: string; created_at: Date }, reason: LinkReason) => {
      const s = found.get(row.id) ?? { caseId: row.id, reference: row.reference, status: row.status, createdAt: row.created_at, reasons: [] };
      if (!s.reasons.includes(reason)) s.reasons.push(reason);
      found.set(row.id, s);
    };
    if (keys.length) {
      const rows = (await tx.query<{ id: string; reference: string; status: string; created_at: Date; match_keys: string[] }>(
        // Through case_match_keys (btree, text equality): under row-level security the GIN index on
        // cases.match_keys can't be used (see migration 0005_workspace_match_keys.sql).
        `SELECT c.id, c.reference, c.status, c.created_at, c.match_keys FROM cases c
         WHERE c.id IN (SELECT k.case_id FROM case_match_keys k WHERE k.match_key = ANY($2::text[])) AND c.id <> $1 AND ${scope.sql} AND ${notDecided}
         ORDER BY c.created_at DESC LIMIT ${limit * 3}`,
        [c.id, keys, ...scope.params],
      )).rows;
      for (const r of rows) for (const k of r.match_keys.filter((x) => keys.includes(x))) {
        const reason = reasonForKey(k);
        if (reason) add(r, reason);
      }
    }
    const campus = typeof c.facets.campus === 'string' ? c.facets.campus : null;
    if (campus) {
      const building = typeof c.facets.building === 'string' ? c.facets.building : null;
      const rows = (await tx.query<{ id: string; reference: string; status: string; created_at: Date }>(
        `SELECT c.id, c.reference, c.status, c.created_at FROM cases c
         WHERE c.facets->>'campus' = $2 AND c.created_at BETWEEN $${3 + scope.params.length}::timestamptz - make_interval(days => $${4 + scope.params.length})
           AND $${3 + scope.params.length}::timestamptz + make_interval(days => $${4 + scope.params.length})
           AND ($${5 + scope.params.length}::text IS NULL OR c.facets->>'building' IS NULL OR c.facets->>'building' = $${5 + scope.params.length})
           AND c.id <> $1 AND ${scope.sql} AND ${notDecided}
         ORDER BY abs(extract(epoch FROM c.created_at - $${3 + scope.params.length}::timestamptz)) LIMIT ${limit}`,
        [c.id, campus, ...scope.params, c.createdAt, withinDays, building],
      )).rows;
      for (const r of rows) add(r, 'place_and_time');
    }
    for (const s of found.values()) s.reasons.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
    return [...found.values()]
      .sort((a, b) => ORDER.indexOf(a.reasons[0]!) - ORDER.indexOf(b.reasons[0]!) || b.reasons.length - a.reasons.length || b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, limit);
  });
}
