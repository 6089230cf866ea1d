import type { EvidenceDeps } from '../core/evidence/deps.ts';
import { stageUpload } from '../core/evidence/evidenceUploader.ts';
import { ACCEPTED_EXTENSIONS } from '../core/evidence/fileTypes.ts';
import { DomainError } from '../core/errors.ts';
import type { DraftFile } from './draftToken.ts';
import type { IncomingFile } from './formParser.ts';

/** What the evidence step tells the reporter about uploads (or that they are not available here). */
export function evidenceSettings(evidence: EvidenceDeps | undefined) {
  return {
    enabled: Boolean(evidence),
    maxFileMb: evidence ? Math.floor(evidence.limits.maxFileBytes / (1024 * 1024)) : 0,
    maxFiles: evidence?.limits.maxFilesPerRequest ?? 0,
    accept: ACCEPTED_EXTENSIONS.join(','),
  };
}

const REFUSALS: Record<string, string> = { 'type not accepted': 'report.evidence.refused.type', 'too large': 'report.evidence.refused.tooLarge', empty: 'report.evidence.refused.empty' };

/**
 * Stages one file from the evidence step: encrypted and stored at once, only its id (with name and
 * size to show back) carried in the draft until the report is sent. A refusal comes back as a
 * catalogue key; a fault is logged (without the file name) and refused politely.
 */
export async function stageFormFile(evidence: EvidenceDeps, institutionId: string, file: IncomingFile): Promise<{ file: DraftFile } | { refused: string; name: string }> {
  try {
    const staged = await stageUpload(evidence, { kind: 'public', institutionId }, { name: file.name, stream: file.stream });
    return { file: { id: staged.id, name: staged.name, size: staged.size, image: staged.image } };
  } catch (err) {
    file.stream.resume();
    if (err instanceof DomainError && err.code === 'invalid') return { refused: REFUSALS[err.details?.file ?? ''] ?? 'report.evidence.refused.other', name: file.name.slice(0, 200) };
    evidence.core.log.warn({ err: (err as Error).message }, 'evidence upload failed while staging');
    return { refused: 'report.evidence.refused.other', name: file.name.slice(0, 200) };
  }
}
