import type { Core } from '../core.ts';
import type { FileStore } from './ports.ts';
import type { EvidenceLimits } from './limits.ts';

/** What the evidence commands need beyond the core: the file store and the size limits. */
export interface EvidenceDeps {
  core: Core;
  store: FileStore;
  limits: EvidenceLimits;
  /** Called after files are attached (committed): the composition root points it at the scan job's kick(). */
  afterAttach?: () => void;
}

/** Where a file's ciphertext is kept: ids only, nothing a name or a person could be read from. */
export const storageKeyFor = (institutionId: string, fileId: string) => `evidence/${institutionId}/${fileId}`;
export const quarantineKeyFor = (institutionId: string, fileId: string) => `quarantine/${institutionId}/${fileId}`;

/** The associated data that binds a wrapped file key to its file (staged) or its case (attached). */
export const stagingContext = (fileId: string) => `evidence-staging:${fileId}`;
export const caseWrapContext = (caseId: string, fileId: string) => `${caseId}:evidence:${fileId}`;
export const nameContext = (fileId: string) => `${fileId}:name`;
