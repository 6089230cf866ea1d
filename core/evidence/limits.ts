/** How much a reporter or case manager may upload; configured by EVIDENCE_MAX_FILE_MB and EVIDENCE_MAX_CASE_MB. */
export interface EvidenceLimits {
  /** Largest single file, in bytes. */
  maxFileBytes: number;
  /** Most files in one upload request (one report, one follow-up, one staff upload). */
  maxFilesPerRequest: number;
  /** Total of every file attached to one case (a report and everything added to it), in bytes. */
  maxCaseBytes: number;
  /** How long a staged file waits for its report before it is swept away, in minutes. */
  stagedMinutes: number;
}

const MB = 1024 * 1024;

/** Defaults sized for phone videos and screenshots; a 100 MB file fits. */
export const DEFAULT_LIMITS: EvidenceLimits = { maxFileBytes: 100 * MB, maxFilesPerRequest: 10, maxCaseBytes: 500 * MB, stagedMinutes: 120 };

/** Limits from megabyte settings (as read from the environment), the rest defaulted. */
export function evidenceLimits(over: { maxFileMb?: number; maxCaseMb?: number; maxFilesPerRequest?: number } = {}): EvidenceLimits {
  return {
    ...DEFAULT_LIMITS,
    ...(over.maxFileMb ? { maxFileBytes: over.maxFileMb * MB } : {}),
    ...(over.maxCaseMb ? { maxCaseBytes: over.maxCaseMb * MB } : {}),
    ...(over.maxFilesPerRequest ? { maxFilesPerRequest: over.maxFilesPerRequest } : {}),
  };
}
