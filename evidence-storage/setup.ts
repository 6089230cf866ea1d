import path from 'node:path';
import type { Core } from '../core/core.ts';
import type { EvidenceDeps } from '../core/evidence/deps.ts';
import type { FileStore } from '../core/evidence/ports.ts';
import { evidenceLimits } from '../core/evidence/limits.ts';
import { createEvidenceScanJob, type EvidenceScanJob } from '../core/evidence/evidenceScanJob.ts';
import { localFileStore } from './localFileStore.ts';
import { azureBlobFileStore } from './azureBlobFileStore.ts';
import { clamdScanner } from './clamdScanner.ts';

/** The evidence settings, read from the environment (listed in docs/evidence.md and .env.example). */
export interface EvidenceSettings {
  store: 'local' | 'azure';
  azureConnectionString?: string;
  azureContainer: string;
  maxFileMb: number;
  maxCaseMb: number;
  maxFiles: number;
}

/** Reads EVIDENCE_* and AZURE_STORAGE_*; a bad value throws an error that names the variable. */
export function evidenceSettings(env: NodeJS.ProcessEnv = process.env): EvidenceSettings {
  const positive = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number above 0 (got "${raw}")`);
    return n;
  };
  const store = env.EVIDENCE_STORE || 'local';
  if (store !== 'local' && store !== 'azure') throw new Error(`EVIDENCE_STORE must be "local" or "azure" (got "${store}")`);
  if (store === 'azure' && !env.AZURE_STORAGE_CONNECTION_STRING) throw new Error('AZURE_STORAGE_CONNECTION_STRING is required when EVIDENCE_STORE=azure');
  return {
    store,
    azureConnectionString: env.AZURE_STORAGE_CONNECTION_STRING,
    azureContainer: env.AZURE_STORAGE_CONTAINER || 'harbour-evidence',
    maxFileMb: positive('EVIDENCE_MAX_FILE_MB', 100),
    maxCaseMb: positive('EVIDENCE_MAX_CASE_MB', 500),
    maxFiles: positive('EVIDENCE_MAX_FILES', 10),
  };
}

/**
 * Builds the evidence side for the composition root: the FileStore (DATA_DIR/files, or Azure Blob),
 * the limits, the clamd scanner and the scan job (kicked after every attach). Warns, without
 * failing, when clamd does not answer: uploads are kept and scanned once it does.
 */
export async function createEvidence(core: Core, opts: { dataDir: string; clamav: { host: string; port: number }; settings?: EvidenceSettings }): Promise<{ deps: EvidenceDeps; job: EvidenceScanJob }> {
  const s = opts.settings ?? evidenceSettings();
  let store: FileStore;
  if (s.store === 'azure') {
    const azure = azureBlobFileStore({ connectionString: s.azureConnectionString!, container: s.azureContainer });
    await azure.ready();
    store = azure;
  } else store = localFileStore(path.join(opts.dataDir, 'files'));
  const deps: EvidenceDeps = { core, store, limits: evidenceLimits({ maxFileMb: s.maxFileMb, maxCaseMb: s.maxCaseMb, maxFilesPerRequest: s.maxFiles }) };
  const scanner = clamdScanner(opts.clamav);
  const job = createEvidenceScanJob(deps, scanner);
  deps.afterAttach = () => job.kick();
  if (!(await scanner.ping())) core.log.warn({ host: opts.clamav.host, port: opts.clamav.port }, 'clamd does not answer: evidence files will wait, unusable, until it does');
  return { deps, job };
}
