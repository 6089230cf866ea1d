import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { can } from '../policies/casePolicy.ts';
import { open } from '../crypto/keyring.ts';
import { listCases, type CaseListFilter, type CaseListPage } from './caseList.ts';
import { logAccess } from './accessLog.ts';

export interface NarrativeHit {
  item: CaseListPage['items'][number];
  /** A short excerpt around the first match. */
  snippet: string;
}

export interface NarrativeSearchResult {
  hits: NarrativeHit[];
  /** How many narratives were decrypted and read for this answer. */
  scanned: number;
  /** True when the cap stopped the search: `next` continues with older cases. */
  capped: boolean;
  next: string | null;
}

/** At most this many narratives are decrypted for one search unless the caller asks for fewer. */
export const SEARCH_CAP = 500;

const fold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

function snippetAround(text: string, term: string, width = 80): string {
  const i = fold(text).indexOf(term);
  const start = Math.max(0, i - width);
  const end = Math.min(text.length, i + term.length + width);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}

/**
 * Searches what reporters wrote. Narratives are encrypted per case, so no database index can see
 * into them: the search decrypts them here, and it must only ever decrypt what this viewer may
 * read. So, in order: (1) the list filters and the policy's list scope choose the candidates in
 * SQL (restricted cases, other departments' cases and closed ones when filtered out never leave
 * the database); (2) each candidate is checked again with the case policy's `view_content` (a
 * departmental responder may list a case but not read its report, and destroyed content has no
 * key); (3) at most `cap` narratives are decrypted per request, newest first, and `next` lets the
 * person carry on into older cases — so one search costs the same at a million cases as at a
 * thousand, and narrowing the filters is how to search further back. Every case whose excerpt is
 * shown is written to the access log, as opening it would be. Pages are read whole, so a page of
 * hits may run a little past `limit` rather than lose the rest of a page.
 */
export async function searchNarratives(core: Core, actor: Actor, query: string, filter: CaseListFilter = {}, cap = SEARCH_CAP): Promise<NarrativeSearchResult> {
  const terms = fold(query).split(/\s+/).filter((t) => t.length >= 2).slice(0, 8);
  if (!terms.length) throw new DomainError('invalid', 'Type at least two letters to search for.', { q: 'is too short' });
  const want = Math.min(Math.max(filter.limit ?? 25, 1), 100);
  const hits: NarrativeHit[] = [];
  let scanned = 0;
  let after = filter.after;
  let exhausted = false;
  while (hits.length < want && scanned < cap) {
    const page = await listCases(core, actor, { ...filter, after, limit: Math.min(50, cap - scanned) });
    const readable = page.items.filter((c) => can(actor, 'view_content', c));
    scanned += page.items.length;
    after = page.next ?? undefined;
    if (readable.length) {
      const found = await core.db.forInstitution(actor.institutionId, async (tx) => {
        const rows = (await tx.query<{ case_id: string; wrapped_key: Uint8Array; master_key_id: string; content: Uint8Array }>(
          'SELECT k.case_id, k.wrapped_key, k.master_key_id, r.content FROM case_keys k JOIN reports r ON r.case_id = k.case_id WHERE k.case_id = ANY($1::uuid[])',
          [readable.map((c) => c.id)],
        )).rows;
        const byId = new Map(rows.map((r) => [r.case_id, r]));
        const out: NarrativeHit[] = [];
        for (const item of readable) {
          const r = byId.get(item.id);
          if (!r) continue;
          const key = core.keyring.unwrap(Buffer.from(r.wrapped_key), r.master_key_id, `case-key:${item.id}`);
          const recorded = JSON.parse(open(key, r.content, `${item.id}:report`).toString('utf8')) as { report?: { narrative?: string } };
          const narrative = recorded.report?.narrative ?? '';
          const folded = fold(narrative);
          if (!terms.every((t) => folded.includes(t))) continue;
          await logAccess(tx, actor, item.id, 'case.searched', core.now());
          out.push({ item, snippet: snippetAround(narrative, terms[0]!) });
        }
        return out;
      });
      hits.push(...found);
    }
    if (!page.next) {
      exhausted = true;
      break;
    }
  }
  return { hits, scanned, capped: !exhausted && scanned >= cap, next: exhausted ? null : after ?? null };
}
