import type { Core } from '../core.ts';
import type { Sql } from '../db/database.ts';
import type { Actor } from '../actor.ts';
import { recordCaseEvent } from '../record.ts';

/** Why a case's content is destroyed: its retention period ended, or an erasure request was granted. */
export type DestructionReason = { reason: 'retention'; runId: string; retentionYears: number } | { reason: 'erasure'; requestId: string };

/** One case whose content was destroyed, for the destruction report. */
export interface Destroyed {
  caseId: string;
  reference: string;
  closedAt: Date | null;
  evidenceFiles: number;
  ledgerSeq: number;
}

/**
 * Destroys one case's content by destroying its key (crypto-shredding): the report, notes,
 * messages, tasks, referral summaries and evidence keys, all sealed under it, can never be read
 * again, while the ledger still verifies (it holds hashes only) and statistics rows stay. Also
 * clears what could link the case to a person in clear (match keys, follow-up hash, meeting
 * links, reporter sessions) and records the destruction in the ledger. Runs as the owner in the
 * caller's transaction, on a case row the caller has locked; a case already destroyed or on
 * legal hold is left alone (null).
 */
export async function destroyCaseContent(tx: Sql, core: Core, caseId: string, why: DestructionReason, actor: Actor): Promise<Destroyed | null> {
  const c = (
    await tx.query<{ institution_id: string; reference: string; kind: string; closed_at: Date | null; legal_hold: boolean; content_destroyed_at: Date | null }>(
      'SELECT institution_id, reference, kind, closed_at, legal_hold, content_destroyed_at FROM cases WHERE id = $1 FOR UPDATE',
      [caseId],
    )
  ).rows[0];
  if (!c || c.content_destroyed_at || c.legal_hold || c.institution_id !== actor.institutionId) return null;
  const at = core.now();
  const evidenceFiles = Number((await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM evidence_files WHERE case_id = $1', [caseId])).rows[0]!.n);
  await tx.query('DELETE FROM case_keys WHERE case_id = $1', [caseId]);
  await tx.query(`UPDATE cases SET content_destroyed_at = $2, match_keys = '{}', followup_hash = NULL, submission_key = NULL, version = version + 1, updated_at = $2 WHERE id = $1`, [caseId, at]);
  await tx.query('UPDATE meetings SET join_url = NULL WHERE case_id = $1', [caseId]);
  await tx.query(`DELETE FROM sessions WHERE kind = 'reporter' AND subject_id = $1`, [caseId]);
  const data = why.reason === 'retention' ? { reason: 'retention', runId: why.runId, retentionYears: why.retentionYears, evidenceFiles } : { reason: 'erasure', requestId: why.requestId, evidenceFiles };
  const { seq } = await recordCaseEvent(tx, actor, { caseId, type: 'case.content_destroyed', at, data });
  await tx.query(
    `INSERT INTO content_destructions (case_id, institution_id, reason, run_id, request_id, reference, kind, closed_at, destroyed_at, evidence_files, ledger_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
    [caseId, c.institution_id, why.reason, why.reason === 'retention' ? why.runId : null, why.reason === 'erasure' ? why.requestId : null, c.reference, c.kind, c.closed_at, at, evidenceFiles, seq],
  );
  return { caseId, reference: c.reference, closedAt: c.closed_at, evidenceFiles, ledgerSeq: seq };
}

