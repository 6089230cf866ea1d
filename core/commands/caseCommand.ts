import type { Core } from '../core.ts';
import type { Sql } from '../db/database.ts';
import type { Actor } from '../actor.ts';
import { DomainError, notFound } from '../errors.ts';
import { can, type CaseAction } from '../policies/casePolicy.ts';
import { loadCase, type CaseRow } from '../queries/caseState.ts';
import { loadCaseKey } from '../caseKeys.ts';

export interface CaseCommandContext {
  tx: Sql;
  c: CaseRow;
  at: Date;
  /** The case's data key (null once destroyed by retention). */
  key(): Promise<Buffer>;
}

/**
 * The shape every case command shares: one transaction in the actor's institution, the case row
 * locked, the policy checked (a case the actor may not even see is "not found"), an optional
 * stale-version check, the work, then the version bumped so cards and pages can tell it changed.
 */
export async function runCaseCommand<T>(
  core: Core,
  actor: Actor,
  caseId: string,
  action: CaseAction,
  work: (ctx: CaseCommandContext) => Promise<T>,
  opts: { expectedVersion?: number; deniedMessage?: (c: CaseRow) => string } = {},
): Promise<T> {
  return core.db.forInstitution(actor.institutionId, async (tx) => {
    const c = await loadCase(tx, caseId, true);
    if (!c || !(can(actor, 'view_summary', c) || can(actor, 'view_referral', c) || can(actor, 'reporter_view', c))) throw notFound();
    if (!can(actor, action, c)) throw new DomainError('forbidden', opts.deniedMessage?.(c) ?? `You can't do that on case ${c.reference} now.`);
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== c.version)
      throw new DomainError('conflict', `Case ${c.reference} has changed since you last looked: here it is as it is now.`);
    const at = core.now();
    let key: Buffer | null | undefined;
    const result = await work({
      tx,
      c,
      at,
      key: async () => {
        if (key === undefined) key = await loadCaseKey(tx, core.keyring, c.id);
        if (!key) throw new DomainError('conflict', `The content of case ${c.reference} was destroyed under the retention policy.`);
        return key;
      },
    });
    await tx.query('UPDATE cases SET version = version + 1, updated_at = $2 WHERE id = $1', [c.id, at]);
    return result;
  });
}
