import type { Actor } from '../actor.ts';
import { actorLabel } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { open, seal } from '../crypto/keyring.ts';
import { runCaseCommand } from '../commands/caseCommand.ts';
import { recordCaseEvent } from '../record.ts';
import { enqueue } from '../events/outbox.ts';
import { EVENTS } from '../events/names.ts';
import { caseWrapContext, nameContext, stagingContext, type EvidenceDeps } from './deps.ts';

/** A file now part of a case, with the ledger entry that holds its SHA-256. */
export interface AttachedFile {
  id: string;
  name: string;
  sha256: string;
  size: number;
  ledgerSeq: number;
}

type StagedRow = { id: string; sha256: string; size: string; name: Uint8Array; detected_type: string; wrapped_key: Uint8Array; master_key_id: string };

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/**
 * Attaches staged files to a case: each file key is re-wrapped under the case key (so destroying
 * the case key destroys the file), and an `case.evidence_added` event records the file's SHA-256,
 * size and type in the ledger (its name encrypted, only the name's hash in the ledger). The reporter
 * attaches with 'reporter_add', staff with 'add_evidence'. All or nothing, in one transaction.
 */
export async function attachStagedFiles(deps: EvidenceDeps, actor: Actor, caseId: string, staged: { id: string }[]): Promise<AttachedFile[]> {
  if (!staged.length) return [];
  const { core, limits } = deps;
  const ids = [...new Set(staged.map((s) => s.id))];
  if (ids.some((id) => !/^[0-9a-f-]{36}$/i.test(id))) throw new DomainError('invalid', 'An uploaded file was not recognised: upload it again.', { files: 'unknown' });
  const action = actor.kind === 'reporter' ? 'reporter_add' : 'add_evidence';
  const attached = await runCaseCommand(core, actor, caseId, action, async ({ tx, c, at, key }) => {
    const rows = (
      await tx.query<StagedRow>(
        'SELECT id, sha256, size, name, detected_type, wrapped_key, master_key_id FROM evidence_files WHERE id = ANY($1::uuid[]) AND case_id IS NULL AND staged_until > $2 ORDER BY uploaded_at FOR UPDATE',
        [ids, at],
      )
    ).rows;
    if (rows.length !== ids.length) throw new DomainError('invalid', 'An uploaded file has expired or was already attached: upload it again.', { files: 'expired' });
    const existing = Number((await tx.query<{ total: string }>('SELECT COALESCE(SUM(size), 0) AS total FROM evidence_files WHERE case_id = $1', [c.id])).rows[0]!.total);
    const adding = rows.reduce((n, r) => n + Number(r.size), 0);
    if (existing + adding > limits.maxCaseBytes) throw new DomainError('invalid', `These files would take case ${c.reference} over its limit of ${mb(limits.maxCaseBytes)} of evidence.`, { files: 'too large' });
    const caseKey = await key();
    const out: AttachedFile[] = [];
    for (const r of rows) {
      const fileKey = core.keyring.unwrap(Buffer.from(r.wrapped_key), r.master_key_id, stagingContext(r.id));
      const name = open(fileKey, r.name, nameContext(r.id)).toString('utf8');
      const size = Number(r.size);
      const e = await recordCaseEvent(tx, actor, {
        caseId: c.id,
        type: EVENTS.evidenceAdded,
        at,
        data: { fileId: r.id, sha256: r.sha256, size, type: r.detected_type },
        secret: { name },
        caseKey,
      });
      await tx.query(
        `UPDATE evidence_files SET case_id = $2, wrapped_key = $3, key_wrap = 'case', master_key_id = NULL, staged_until = NULL, ledger_seq = $4, uploaded_by = $5 WHERE id = $1`,
        [r.id, c.id, seal(caseKey, fileKey, caseWrapContext(c.id, r.id)), e.seq, actorLabel(actor)],
      );
      await enqueue(tx, c.institutionId, EVENTS.evidenceAdded, { caseId: c.id, reference: c.reference, fileId: r.id, by: actor.kind, assigneeId: c.assigneeId });
      out.push({ id: r.id, name, sha256: r.sha256, size, ledgerSeq: e.seq });
    }
    return out;
  });
  deps.afterAttach?.();
  return attached;
}

/** The reporter of a case just submitted: the actor that attaches the form's files to it. */
export function submitterActor(institutionId: string, caseId: string): Actor {
  return { kind: 'reporter', institutionId, caseId };
}
