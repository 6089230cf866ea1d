import type { EvidenceDeps } from './deps.ts';

/**
 * For retention, after it has destroyed a case's key (which already makes every file of the case
 * unreadable): deletes the stored ciphertext too, through the FileStore port, and marks each row.
 * Runs as the owner (a job or operator command). Safe to repeat; returns how many were deleted.
 */
export async function deleteEvidenceBlobs(deps: EvidenceDeps, caseId: string): Promise<number> {
  const rows = (await deps.core.db.query<{ id: string; storage_key: string }>('SELECT id, storage_key FROM evidence_files WHERE case_id = $1 AND blob_deleted_at IS NULL', [caseId])).rows;
  for (const r of rows) {
    await deps.store.delete(r.storage_key);
    await deps.core.db.query('UPDATE evidence_files SET blob_deleted_at = $2 WHERE id = $1', [r.id, deps.core.now()]);
  }
  return rows.length;
}
