import type { Actor } from '../actor.ts';
import { loadCaseKey } from '../caseKeys.ts';
import { recordCaseEvent } from '../record.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';
import { ScannerUnavailableError, type Scanner, type ScanVerdict } from './ports.ts';
import { quarantineKeyFor, type EvidenceDeps } from './deps.ts';
import { readPlaintext, unwrapFileKey } from './evidenceFileKey.ts';

type Pending = { id: string; institution_id: string; case_id: string; reference: string; assignee_id: string | null; storage_key: string; wrapped_key: Uint8Array; sha256: string; status: string };

/** What one pass of the scanner did. */
export interface ScanRun {
  clean: number;
  infected: number;
  failed: number;
  /** True when clamd could not be reached: the rest wait for the next pass. */
  unavailable: boolean;
}

const scannerActor = (institutionId: string): Actor => ({ kind: 'system', institutionId, name: 'scanner' });

/**
 * Moves an infected file's ciphertext under the quarantine prefix (copied, then the original
 * deleted), so nothing that serves evidence can reach it; the row then says 'quarantined'.
 * Safe to repeat: a run that stopped half-way is finished by the next.
 */
async function quarantine(deps: EvidenceDeps, f: Pending): Promise<void> {
  const target = quarantineKeyFor(f.institution_id, f.id);
  if (f.storage_key !== target) {
    await deps.store.put(target, await deps.store.get(f.storage_key));
    await deps.core.db.query(`UPDATE evidence_files SET storage_key = $2 WHERE id = $1`, [f.id, target]);
    await deps.store.delete(f.storage_key);
  }
  await deps.core.db.query(`UPDATE evidence_files SET status = 'quarantined' WHERE id = $1`, [f.id]);
}

async function record(deps: EvidenceDeps, f: Pending, verdict: ScanVerdict): Promise<void> {
  const { core } = deps;
  await core.db.forInstitution(f.institution_id, async (tx) => {
    const at = core.now();
    const changed = await tx.query(`UPDATE evidence_files SET status = $2, scanned_at = $3, scan_signature = $4, scan_error = NULL, scan_attempts = scan_attempts + 1 WHERE id = $1 AND status = 'pending_scan'`, [
      f.id,
      verdict.clean ? 'clean' : 'infected',
      at,
      verdict.clean ? null : verdict.signature,
    ]);
    if (!changed.rowCount) return;
    const data = verdict.clean ? { fileId: f.id, verdict: 'clean' } : { fileId: f.id, verdict: 'infected', signature: verdict.signature };
    await recordCaseEvent(tx, scannerActor(f.institution_id), { caseId: f.case_id, type: verdict.clean ? 'case.evidence_scanned' : EVENTS.evidenceInfected, at, data });
    if (!verdict.clean) await enqueue(tx, f.institution_id, EVENTS.evidenceInfected, { caseId: f.case_id, reference: f.reference, fileId: f.id, assigneeId: f.assignee_id });
  });
}

/**
 * One pass over attached files waiting for a scan (every institution; a job, run as the owner):
 * each is decrypted as it streams to the scanner. Clean files become usable; infected ones are
 * recorded in the ledger, the case manager is told (evidence_infected event) and the file is
 * quarantined. If clamd is down the pass stops and the files stay pending: nothing is lost.
 */
export async function scanPendingEvidence(deps: EvidenceDeps, scanner: Scanner, batch = 20): Promise<ScanRun> {
  const { core } = deps;
  const run: ScanRun = { clean: 0, infected: 0, failed: 0, unavailable: false };
  const rows = (
    await core.db.query<Pending>(
      `SELECT f.id, f.institution_id, f.case_id, c.reference, c.assignee_id, f.storage_key, f.wrapped_key, f.sha256, f.status
       FROM evidence_files f JOIN cases c ON c.id = f.case_id JOIN case_keys k ON k.case_id = f.case_id
       WHERE f.status IN ('pending_scan', 'infected') AND f.blob_deleted_at IS NULL ORDER BY f.scan_attempts, f.uploaded_at LIMIT $1`,
      [batch],
    )
  ).rows;
  for (const f of rows) {
    if (f.status === 'infected') {
      await quarantine(deps, f);
      continue;
    }
    try {
      const caseKey = await loadCaseKey(core.db, core.keyring, f.case_id);
      if (!caseKey) continue;
      const plain = await readPlaintext(deps.store, f.storage_key, unwrapFileKey(caseKey, f.case_id, f.id, f.wrapped_key), f.id, f.sha256);
      const verdict = await scanner.scan(plain);
      await record(deps, f, verdict);
      if (verdict.clean) run.clean++;
      else {
        run.infected++;
        core.log.warn({ fileId: f.id, caseId: f.case_id, signature: verdict.signature }, 'evidence file infected: quarantined');
        await quarantine(deps, { ...f, status: 'infected' });
      }
    } catch (err) {
      const message = (err as Error).message;
      await core.db.query('UPDATE evidence_files SET scan_attempts = scan_attempts + 1, scan_error = $2 WHERE id = $1', [f.id, message.slice(0, 500)]);
      if (err instanceof ScannerUnavailableError) {
        core.log.warn({ err: message, waiting: rows.length }, 'virus scanner unavailable: evidence files wait for the next pass');
        run.unavailable = true;
        break;
      }
      run.failed++;
      core.log.error({ fileId: f.id, caseId: f.case_id, err: message }, 'evidence file could not be scanned');
    }
  }
  return run;
}
