import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { caseListScope, canInInstitution, type CaseStatus } from '../policies/casePolicy.ts';
import { CASE_COLUMNS, toCaseRow, type CaseRaw, type CaseRow } from './caseState.ts';

export interface CaseListFilter {
  status?: CaseStatus | 'open';
  category?: string;
  campus?: string;
  assignee?: string | 'me' | 'none';
  due?: 'overdue' | 'today' | 'week';
  linked?: boolean;
  sort?: 'newest' | 'oldest' | 'due';
  /** Keyset cursor from the previous page. */
  after?: string;
  limit?: number;
}

export interface CaseListPage {
  items: (CaseRow & { overdue: boolean })[];
  next: string | null;
}

/**
 * The cases the actor may see, filtered and sorted, one page at a time by keyset (so page 1,000
 * costs what page 1 does). Nothing is decrypted: lists show facets, not content.
 */
export async function listCases(core: Core, actor: Actor, f: CaseListFilter = {}): Promise<CaseListPage> {
  if (!canInInstitution(actor, 'list_cases')) throw new DomainError('forbidden', 'You have no access to cases.');
  const limit = Math.min(Math.max(f.limit ?? 25, 1), 100);
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  const scope = caseListScope(actor, 1);
  params.push(...scope.params);
  where.push(scope.sql);
  const today = core.now().toISOString().slice(0, 10);
  if (f.status === 'open') where.push(`c.status <> 'closed'`);
  else if (f.status) where.push(`c.status = ${p(f.status)}`);
  if (f.category) where.push(`c.facets->'categories' ? ${p(f.category)}`);
  if (f.campus) where.push(`c.facets->>'campus' = ${p(f.campus)}`);
  if (f.assignee === 'none') where.push('c.assignee_id IS NULL');
  else if (f.assignee === 'me' && actor.kind === 'staff') where.push(`c.assignee_id = ${p(actor.staffId)}`);
  else if (f.assignee && /^[0-9a-f-]{36}$/i.test(f.assignee)) where.push(`c.assignee_id = ${p(f.assignee)}`);
  if (f.due === 'overdue') where.push(`c.first_contact_at IS NULL AND c.status <> 'closed' AND c.first_contact_due < ${p(today)}::date`);
  if (f.due === 'today') where.push(`c.first_contact_at IS NULL AND c.status <> 'closed' AND c.first_contact_due = ${p(today)}::date`);
  if (f.due === 'week') where.push(`c.first_contact_at IS NULL AND c.status <> 'closed' AND c.first_contact_due <= ${p(today)}::date + 7`);
  if (f.linked) where.push(`EXISTS (SELECT 1 FROM case_links l WHERE (l.case_a = c.id OR l.case_b = c.id) AND l.status = 'confirmed')`);

  const sort = f.sort ?? 'newest';
  const order = sort === 'oldest' ? 'c.created_at ASC, c.id ASC' : sort === 'due' ? 'c.first_contact_due ASC NULLS LAST, c.id ASC' : 'c.created_at DESC, c.id DESC';
  if (f.after) {
    const [k, id] = Buffer.from(f.after, 'base64url').toString('utf8').split('|');
    if (sort === 'newest') where.push(`(c.created_at, c.id) < (${p(k)}::timestamptz, ${p(id)}::uuid)`);
    else if (sort === 'oldest') where.push(`(c.created_at, c.id) > (${p(k)}::timestamptz, ${p(id)}::uuid)`);
    else where.push(`(COALESCE(c.first_contact_due, 'infinity'::date), c.id) > (${p(k)}::date, ${p(id)}::uuid)`);
  }
  const rows = (await core.db.forInstitution(actor.institutionId, (tx) => tx.query<CaseRaw>(`SELECT ${CASE_COLUMNS} FROM cases c WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${limit + 1}`, params))).rows;
  const items = rows.slice(0, limit).map((r) => {
    const c = toCaseRow(r);
    return { ...c, overdue: !c.firstContactAt && c.status !== 'closed' && Boolean(c.firstContactDue && c.firstContactDue < today) };
  });
  const last = items[limit - 1];
  const cursorKey = (c: CaseRow) => (sort === 'due' ? c.firstContactDue ?? 'infinity' : c.createdAt.toISOString());
  return { items, next: rows.length > limit && last ? Buffer.from(`${cursorKey(last)}|${last.id}`).toString('base64url') : null };
}
