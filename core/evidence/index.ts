/**
 * Evidence files: upload, scan, encrypted storage, download and the evidence pack.
 *
 * Usage from the reporting form (the case does not exist yet while the files arrive):
 *
 *   const ev: EvidenceDeps = { core, store, limits };            // store: a FileStore adapter (evidence-storage/)
 *   // while parsing the multipart body (web/upload.ts parseUpload does this for you):
 *   const staged = await stageUpload(ev, publicActor, { name: file.filename, stream: file });
 *   // after the report is stored:
 *   const submitted = await submitReport(core, actor, input, submissionKey);
 *   await attachStagedFiles(ev, submitterActor(institutionId, submitted.caseId), submitted.caseId, stagedFiles);
 *   // if submitReport throws: await discardStaged(ev, institutionId, stagedFiles);
 *
 * A staged file is encrypted and stored at once; it waits up to `limits.stagedMinutes` for its
 * report (so staging may also happen in an earlier request, keeping only the ids), then is swept.
 * Show `image: true` files with the note that photos can carry their location.
 * Staff or a signed-in reporter adding to an existing case: `checkMayAddEvidence`, stage, then
 * `addEvidence` (attach, or discard on failure). Files become downloadable once the scan job
 * (`createEvidenceScanJob`) finds them clean.
 */
export type { FileStore, Scanner, ScanVerdict } from './ports.ts';
export { FileMissingError, ScannerUnavailableError } from './ports.ts';
export type { EvidenceDeps } from './deps.ts';
export { DEFAULT_LIMITS, evidenceLimits, type EvidenceLimits } from './limits.ts';
export { stageUpload, discardStaged, sweepStaged, type StagedFile } from './evidenceUploader.ts';
export { attachStagedFiles, submitterActor, type AttachedFile } from './evidenceAttacher.ts';
export { checkMayAddEvidence, addEvidence, addEvidenceFile } from './evidenceAdder.ts';
export { ACCEPTED_EXTENSIONS } from './fileTypes.ts';
export { scanPendingEvidence, type ScanRun } from './evidenceScanner.ts';
export { createEvidenceScanJob, type EvidenceScanJob } from './evidenceScanJob.ts';
export { openEvidence, listEvidence, type EvidenceDownload, type EvidenceItem } from './evidenceDownloader.ts';
export { buildEvidencePack, type EvidencePack } from './evidencePack.ts';
export { deleteEvidenceBlobs } from './evidenceRetention.ts';
