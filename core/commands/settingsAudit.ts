import type { Sql } from '../db/database.ts';
import type { Actor } from '../actor.ts';
import { actorLabel } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { canInInstitution } from '../policies/casePolicy.ts';
import { canonicalJson, sha256Hex } from '../crypto/hashing.ts';
import { appendEntry } from '../ledger/ledger.ts';

/** The areas of Settings; each change names one. */
export type SettingsArea = 'general' | 'texts' | 'option' | 'staff' | 'directory';

/** Refuses anyone but an administrator (the policy's 'manage_settings'). */
export function requireSettingsAdmin(actor: Actor): asserts actor is Actor & { kind: 'staff' } {
  if (!canInInstitution(actor, 'manage_settings')) throw new DomainError('forbidden', 'Only an administrator can change settings.');
}

/**
 * The institution-level counterpart of recordCaseEvent: one admin_audit row (readable before and
 * after, for administrators and auditors) plus a ledger entry holding only the change's hash, in
 * the caller's transaction. Settings may name staff, so names never enter the ledger itself.
 */
export async function recordSettingsChange(
  tx: Sql,
  actor: Actor,
  change: { area: SettingsArea; action: string; target: string; before: unknown; after: unknown; at: Date },
): Promise<{ seq: number }> {
  const changeHash = sha256Hex(canonicalJson({ before: change.before ?? null, after: change.after ?? null }));
  const entry = await appendEntry(tx, actor.institutionId, {
    actor: actorLabel(actor),
    action: `settings.${change.area}.${change.action}`,
    caseId: null,
    at: change.at,
    data: { target: change.target, changeHash },
  });
  await tx.query('INSERT INTO admin_audit (institution_id, actor, area, action, target, before, after, at, ledger_seq) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)', [
    actor.institutionId,
    actorLabel(actor),
    change.area,
    change.action,
    change.target,
    change.before === undefined ? null : JSON.stringify(change.before),
    change.after === undefined ? null : JSON.stringify(change.after),
    change.at,
    entry.seq,
  ]);
  return { seq: entry.seq };
}

/** The latest settings changes, newest first, for the Settings page's history. */
export async function listSettingsChanges(tx: Sql, limit = 50) {
  const r = await tx.query<{ id: string; actor: string; area: string; action: string; target: string; at: Date }>(
    'SELECT id, actor, area, action, target, at FROM admin_audit ORDER BY at DESC, ledger_seq DESC LIMIT $1',
    [limit],
  );
  return r.rows;
}
