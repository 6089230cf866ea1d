import type { Readable } from 'node:stream';
import type { Actor } from '../actor.ts';
import { notFound, forbidden } from '../errors.ts';
import { can, type CaseAction } from '../policies/casePolicy.ts';
import { loadCase } from '../queries/caseState.ts';
import { stageUpload, discardStaged, type StagedFile } from './evidenceUploader.ts';
import { attachStagedFiles, type AttachedFile } from './evidenceAttacher.ts';
import type { EvidenceDeps } from './deps.ts';

/**
 * Checks, before a byte is stored, that the actor may add evidence to this case at all: a case
 * manager ('add_evidence') or the case's own reporter ('reporter_add').
 */
export async function checkMayAddEvidence(deps: EvidenceDeps, actor: Actor, caseId: string): Promise<void> {
  const action: CaseAction = actor.kind === 'reporter' ? 'reporter_add' : 'add_evidence';
  await deps.core.db.forInstitution(actor.institutionId, async (tx) => {
    const c = await loadCase(tx, caseId);
    if (!c || !(can(actor, 'view_summary', c) || can(actor, 'reporter_view', c))) throw notFound();
    if (!can(actor, action, c)) throw forbidden(`You can't add evidence to case ${c.reference} now.`);
  });
}

/**
 * Adds files to an existing case in one go (a case manager's witness statement, a reporter's
 * follow-up photo): stages each, then attaches them all; if attaching fails nothing is kept.
 */
export async function addEvidence(deps: EvidenceDeps, actor: Actor, caseId: string, staged: StagedFile[]): Promise<AttachedFile[]> {
  try {
    return await attachStagedFiles(deps, actor, caseId, staged);
  } catch (err) {
    await discardStaged(deps, actor.institutionId, staged);
    throw err;
  }
}

/** Stages one stream and attaches it: the single-file convenience for scripts and tests. */
export async function addEvidenceFile(deps: EvidenceDeps, actor: Actor, caseId: string, file: { name: string; stream: Readable }): Promise<AttachedFile> {
  await checkMayAddEvidence(deps, actor, caseId);
  const staged = await stageUpload(deps, actor, file);
  return (await addEvidence(deps, actor, caseId, [staged]))[0]!;
}
